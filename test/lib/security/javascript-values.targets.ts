import { Construct } from 'constructs';
import { IngressController } from '../../../lib/networking/ingress-controller';
import { NetworkPeer } from '../../../lib/networking/network-peer';
import { AccessGrant } from '../../../lib/security/access-grant';
import { AccessRole } from '../../../lib/security/access-role';
import { manageAccess, readAccess } from '../../../lib/security/access-rule';
import { AccessSubject } from '../../../lib/security/access-subject';
import { AdmissionWebhook } from '../../../lib/security/admission-webhook';
import { AwsSecretsManagerStore } from '../../../lib/security/aws-secret-store';
import { ExternalSecret } from '../../../lib/security/external-secret';
import { LimitRange } from '../../../lib/security/limit-range';
import { PodSecurityProfile } from '../../../lib/security/pod-security-profile';
import { PrivateCertificateAuthority } from '../../../lib/security/private-ca';
import { ResourceQuota } from '../../../lib/security/resource-quota';
import { ExistingSecret } from '../../../lib/security/secret-source';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { ServiceAccount } from '../../../lib/security/service-account';
import { TlsCertificate } from '../../../lib/security/tls-certificate';
import { ValidatingPolicy } from '../../../lib/security/validating-policy';
import { WebhookTls } from '../../../lib/security/webhook-tls';
import { WebService } from '../../../lib/workloads/web-service';
import { JavaScriptValueTarget } from '../../helpers/javascript-values';

// Whatever a JavaScript caller passes to any prop or argument of the security constructs (FalcoInstall aside, which
// has its own), their methods and their static factories, they answer with a ValidationError naming the field, or
// with output the strict schemas accept. Paths are listed where the automatic ones would be too many to stay fast.

const IMAGE = 'ghcr.io/acme/app:1.0.0';
const shop = (s: Construct): SecureNamespace => (s.node.tryFindChild('shop') as SecureNamespace) ?? new SecureNamespace(s, 'shop');
const isPlain = (x: unknown): x is Record<string, any> => x !== null && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype;
const without = (o: Record<string, any>, key: string) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));
const CA_BUNDLE = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n').toString('base64');

export const TARGETS: JavaScriptValueTarget[] = [
  {
    name: 'SecureNamespace',
    covers: ['SecureNamespace'],
    props: () => ({
      name: 'shop', labels: { team: 'shop' }, podSecurity: { enforce: { level: 'baseline', version: 'v1.32' }, warn: { level: 'restricted' } },
      weakerPodSecurity: { reason: 'legacy images run as root' }, dns: { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } },
      resourceQuota: { compute: { requests: { cpu: '4', memory: '8Gi' } }, objects: { servicesNodePorts: 0, count: { 'jobs.batch': 5 } } },
      limitRange: { container: { default: { cpu: '500m', memory: '512Mi' }, max: { memory: '4Gi' } }, persistentVolumeClaim: { max: '50Gi' } },
    }),
    paths: ['name', 'labels', 'podSecurity', 'podSecurity.enforce', 'podSecurity.warn', 'weakerPodSecurity.reason', 'dns', 'dns.podLabels', 'resourceQuota',
      'resourceQuota.compute.requests.memory', 'limitRange', 'limitRange.container.default.memory', 'podSecurityProfile', 'unrestrictedNetwork'],
    build: (s, props) => new SecureNamespace(s, 'shop', props),
  },
  {
    name: 'SecureNamespace methods',
    covers: ['SecureNamespace.addLabel', 'SecureNamespace.allowTraffic', 'SecureNamespace.allowEgress', 'SecureNamespace.allowFromIngress'],
    // Workloads are named in the props and looked up (a Map, so "constructor" finds nothing); anything else is passed as it is.
    props: () => ({
      label: { key: 'mesh', value: 'on' }, traffic: { from: 'web', to: 'api', ports: ['http'] }, egress: { from: 'api', ports: [{ port: 443 }] },
      service: 'web',
    }),
    paths: ['label.key', 'label.value', 'traffic', 'traffic.from', 'traffic.to', 'traffic.ports.0', 'egress.from', 'egress.ports', 'egress.ports.0.port',
      'service'],
    build: (s, p) => {
      const ns = shop(s);
      const web = new WebService(ns, 'web', { image: IMAGE, ingress: { host: 'shop.example.com', controller: IngressController.TRAEFIK } });
      const api = new WebService(ns, 'api', { image: IMAGE });
      const workloads = new Map<unknown, WebService>([['web', web], ['api', api]]);
      const find = (x: unknown) => workloads.get(x) ?? x;
      const options = (o: any, extra: object) => (isPlain(o) ? { ...o, from: find(o.from), ...(o.to === undefined ? {} : { to: find(o.to) }), ...extra } : o);
      ns.addLabel(p?.label?.key, p?.label?.value);
      ns.allowTraffic(options(p?.traffic, {}));
      ns.allowEgress(options(p?.egress, { to: NetworkPeer.ipBlock('10.0.0.0/16') }));
      ns.allowFromIngress(find(p?.service) as WebService);
    },
  },
  {
    name: 'ResourceQuota',
    covers: ['ResourceQuota'],
    props: () => ({
      compute: { limits: { cpu: '8', memory: '16Gi', ephemeralStorage: '20Gi' } }, storage: { requests: '1Ti', storageClasses: { gp3: { requests: '500Gi' } } },
      objects: { pods: 50 }, otherResources: { 'requests.nvidia.com/gpu': '4' }, labels: { a: 'b' },
    }),
    paths: ['compute', 'compute.limits', 'compute.limits.memory', 'storage', 'storage.storageClasses', 'storage.storageClasses.gp3', 'objects.pods',
      'otherResources', 'scopes', 'scopeSelector', 'labels', 'name', 'namespace'],
    build: (s, props) => new ResourceQuota(shop(s), 'quota', props),
  },
  {
    name: 'LimitRange',
    covers: ['LimitRange'],
    props: () => ({
      container: { default: { cpu: '1', memory: '1Gi' }, defaultRequest: { cpu: '100m', memory: '128Mi' }, maxLimitRequestRatio: { cpu: 10 } },
      pod: { max: { memory: '8Gi' } }, persistentVolumeClaim: { min: '1Gi', max: '100Gi' },
    }),
    paths: ['container', 'container.default', 'container.default.memory', 'container.maxLimitRequestRatio.cpu', 'pod', 'pod.max', 'persistentVolumeClaim',
      'persistentVolumeClaim.min', 'labels', 'name'],
    build: (s, props) => new LimitRange(shop(s), 'limits', props),
  },
  {
    name: 'ServiceAccount',
    covers: ['ServiceAccount'],
    props: () => ({ name: 'ci', labels: { a: 'b' }, automountToken: { reason: 'calls the API' } }),
    build: (s, props) => new ServiceAccount(shop(s), 'sa', props),
  },
  {
    name: 'AccessRole',
    covers: ['AccessRole', 'readAccess', 'manageAccess'],
    props: () => ({
      scope: 'namespace', labels: { a: 'b' },
      rules: [{ apiGroup: 'apps', resources: ['deployments'], verbs: ['get', 'update'], resourceNames: ['web'] },
        { apiGroup: '*', resources: ['*'], verbs: ['get'], wildcard: { reason: 'an auditor reads everything' } }],
      read: { group: 'batch', resources: ['jobs'] },
    }),
    paths: ['scope', 'labels', 'rules', 'rules.0', 'rules.0.apiGroup', 'rules.0.resources', 'rules.0.resources.0', 'rules.0.verbs', 'rules.0.verbs.0',
      'rules.0.resourceNames', 'rules.0.resourceNames.0', 'rules.1.wildcard', 'rules.1.wildcard.reason', 'read.group', 'read.resources', 'namespace'],
    build: (s, p) => {
      const read = p?.read;
      const props = isPlain(p) ? without(p, 'read') : p;
      const extra = read === undefined ? [] : [readAccess(read?.group, read?.resources), manageAccess(read?.group, read?.resources)];
      new AccessRole(shop(s), 'role', isPlain(props) && Array.isArray(props.rules) ? { ...props, rules: [...props.rules, ...extra] } : props);
    },
  },
  {
    name: 'AccessGrant',
    covers: ['AccessGrant', 'AccessGrant.readOnly', 'AccessGrant.ciDeployer', 'AccessSubject.user', 'AccessSubject.group',
      'AccessSubject.serviceAccount', 'AccessSubject.serviceAccountNamed', 'AccessRole.builtIn', 'AccessRole.named', 'AccessRole.external'],
    props: () => ({
      user: 'jane', group: 'system:authenticated', broadReason: 'everyone reads the docs', account: { name: 'ci', namespace: 'build' },
      builtIn: 'view', external: 'system:auth-delegator', named: { kind: 'Role', name: 'reader', namespace: 'shop' },
      deployer: { manageSecrets: { reason: 'the pipeline applies sealed secrets' } },
    }),
    build: (s, p) => {
      const ns = shop(s);
      new AccessRole(ns, 'reader', { rules: [readAccess('', ['pods'])] });
      const sa = new ServiceAccount(ns, 'bot');
      new AccessGrant(ns, 'docs', {
        role: AccessRole.builtIn(p?.builtIn),
        subjects: [AccessSubject.user(p?.user), AccessSubject.group(p?.group, p?.broadReason), AccessSubject.serviceAccount(sa),
          AccessSubject.serviceAccountNamed(p?.account?.name, p?.account?.namespace)],
      });
      new AccessGrant(ns, 'delegate', { scope: 'cluster', role: AccessRole.external(p?.external), subjects: [AccessSubject.user('jane')] });
      new AccessGrant(ns, 'read', { role: AccessRole.named(p?.named?.kind, p?.named?.name, p?.named?.namespace), subjects: [AccessSubject.user('jane')] });
      AccessGrant.readOnly(ns, 'auditor', { subjects: [AccessSubject.group('auditors')] });
      AccessGrant.ciDeployer(ns, 'deployer', p?.deployer);
    },
  },
  {
    name: 'AccessGrant props',
    covers: [],
    props: () => ({ name: 'g', scope: 'namespace', namespace: 'shop', rules: [{ apiGroup: '', resources: ['pods'], verbs: ['get'] }], subjects: [AccessSubject.user('jane')] }),
    build: (s, props) => new AccessGrant(shop(s), 'grant', props),
  },
  {
    name: 'ValidatingPolicy',
    covers: ['ValidatingPolicy'],
    props: () => ({
      matchRules: [{ apiGroups: ['apps'], apiVersions: ['v1'], resources: ['deployments'], operations: ['CREATE', 'UPDATE'] }],
      matchConditions: [{ name: 'not-system', expression: "object.metadata.namespace != 'kube-system'" }],
      variables: [{ name: 'containers', expression: 'object.spec.template.spec.containers' }],
      validations: [{ expression: "variables.containers.all(c, c.image.contains(':'))", message: 'pin every image', reason: 'Invalid' }],
      validationActions: ['Deny', 'Audit'], namespaceSelector: { team: 'shop' }, annotations: { owner: 'platform' },
    }),
    paths: ['matchRules', 'matchRules.0', 'matchRules.0.resources.0', 'matchConditions', 'matchConditions.0.name', 'matchConditions.0.expression',
      'variables.0', 'variables.0.name', 'validations', 'validations.0', 'validations.0.expression', 'validations.0.message', 'validationActions.0',
      'failurePolicy', 'reason', 'namespaceSelector', 'annotations'],
    build: (s, props) => new ValidatingPolicy(s, 'policy', props),
  },
  {
    name: 'AdmissionWebhook',
    covers: ['AdmissionWebhook', 'WebhookTls.certManager'],
    props: () => ({
      type: 'validating', image: IMAGE, replicas: 2,
      webhooks: [{
        rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }], path: '/validate', timeoutSeconds: 5,
        failurePolicy: 'Ignore', failOpen: { reason: 'advisory only' }, sideEffects: 'None',
        matchConditions: [{ name: 'not-a-lease', expression: "request.resource.resource != 'leases'" }],
        namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['shop'] }] }, excludeNamespaces: ['monitoring'],
      }],
      tlsOptions: { duration: '720h', issuer: { name: 'ca', kind: 'ClusterIssuer' } },
    }),
    paths: ['type', 'webhooks', 'webhooks.0', 'webhooks.0.rules.0', 'webhooks.0.path', 'webhooks.0.timeoutSeconds', 'webhooks.0.failOpen',
      'webhooks.0.sideEffects', 'webhooks.0.matchConditions.0', 'webhooks.0.namespaceSelector', 'webhooks.0.namespaceSelector.matchExpressions.0',
      'webhooks.0.excludeNamespaces', 'tlsOptions', 'tlsOptions.duration', 'tlsOptions.issuer', 'apiServerPeers', 'containerPort', 'certificateDirectory'],
    build: (s, p) => new AdmissionWebhook(shop(s), 'hook', isPlain(p) ? { ...without(p, 'tlsOptions'), tls: WebhookTls.certManager(p.tlsOptions) } : p),
  },
  {
    name: 'AdmissionWebhook with a CA bundle',
    covers: ['WebhookTls.caBundle'],
    props: () => ({ caBundle: CA_BUNDLE, options: { secretName: 'hook-tls' } }),
    build: (s, p) => new AdmissionWebhook(shop(s), 'hook', {
      type: 'mutating', image: IMAGE, webhooks: [{ rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }] }],
      tls: WebhookTls.caBundle(p?.caBundle, p?.options),
    }),
  },
  {
    name: 'AdmissionWebhook props',
    covers: [],
    props: () => ({
      type: 'validating', image: IMAGE, tls: WebhookTls.certManager(),
      webhooks: [{ rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }] }],
    }),
    paths: ['tls'],
    build: (s, props) => new AdmissionWebhook(shop(s), 'hook', props),
  },
  {
    name: 'ExternalSecret',
    covers: ['ExternalSecret'],
    props: () => ({
      store: { name: 'vault', kind: 'SecretStore' }, refreshInterval: '15m', type: 'Opaque', labels: { a: 'b' },
      data: { user: { key: 'shop/db', property: 'user', version: 'AWSCURRENT' }, password: { key: 'shop/db', property: 'password' } },
      template: { DSN: 'postgres://{{ .user }}:{{ .password }}@db/shop' },
    }),
    build: (s, props) => new ExternalSecret(shop(s), 'tls', props),
  },
  {
    name: 'ExistingSecret.named',
    covers: ['ExistingSecret.named'],
    props: () => ({ name: 'creds', options: { keys: ['token'], type: 'Opaque' } }),
    build: (s, p) => {
      const secret = ExistingSecret.named(p?.name, p?.options);
      new WebService(shop(s), 'web', { image: IMAGE, envFromSecrets: [secret] });
    },
  },
  {
    name: 'AwsSecretsManagerStore',
    covers: ['AwsSecretsManagerStore'],
    props: () => ({ name: 'aws', region: 'eu-central-1', namespaces: ['shop', 'billing'] }),
    build: (s, props) => new AwsSecretsManagerStore(s, 'store', props),
  },
  {
    name: 'TlsCertificate',
    covers: ['TlsCertificate'],
    props: () => ({
      secretName: 'web-tls', issuer: { name: 'letsencrypt', kind: 'ClusterIssuer' }, dnsNames: ['shop.example.com'], ipAddresses: ['10.0.0.1'],
      commonName: 'shop.example.com', duration: '2160h', renewBefore: '360h', isCA: false,
    }),
    build: (s, props) => new TlsCertificate(shop(s), 'cert', props),
  },
  {
    name: 'PrivateCertificateAuthority',
    covers: ['PrivateCertificateAuthority', 'PrivateCertificateAuthority.issueCertificate'],
    props: () => ({ ca: { commonName: 'shop internal CA' }, cert: { dnsNames: ['db.shop.svc'], duration: '720h', renewBefore: '48h' } }),
    build: (s, p) => new PrivateCertificateAuthority(shop(s), 'ca', p?.ca).issueCertificate('db', p?.cert),
  },
  {
    name: 'PodSecurityProfile',
    covers: ['PodSecurityProfile'],
    props: () => ({
      reason: 'the agent binds port 80 as user 0', allowedCapabilities: ['NET_BIND_SERVICE'], volumes: ['configMap', 'secret', 'emptyDir'],
      runAsUser: { rule: 'MustRunAs', ranges: [{ min: 1000, max: 2000 }] }, fsGroup: { rule: 'MustRunAs', ranges: [{ min: 1000, max: 2000 }] },
      supplementalGroups: { rule: 'RunAsAny' }, hostPorts: [{ min: 80, max: 80 }], allowedSeccompProfiles: ['RuntimeDefault'], hostNetwork: false,
    }),
    paths: ['reason', 'allowedCapabilities.0', 'volumes', 'volumes.0', 'runAsUser', 'runAsUser.ranges', 'runAsUser.ranges.0', 'runAsUser.ranges.0.min',
      'fsGroup.ranges.0.max', 'supplementalGroups.rule', 'hostPorts.0', 'allowedSeccompProfiles', 'privileged', 'requiredDropCapabilities'],
    build: (s, props) => new PodSecurityProfile(s, 'profile', props),
  },
];
