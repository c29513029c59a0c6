import { NetworkPeer } from '../../../lib/networking/network-peer';
import { runPolicy } from '../../../lib/policy/engine';
import { ADMISSION_CHECKS } from '../../../lib/policy/checks/admission';
import { BUILTIN_CHECKS } from '../../../lib/policy/registry';
import { kubernetesTarget } from '../../../lib/policy/targets';
import { AdmissionWebhook, PRIVATE_IPV4_RANGES } from '../../../lib/security/admission-webhook';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { WebhookTls } from '../../../lib/security/webhook-tls';
import { allowedEgress, allowedIngress } from '../../helpers/app-output';
import { podSpecOf, restrictedViolations } from '../../helpers/pod-security';
import { all, find, synth } from '../../helpers/synth';

const IMAGE = 'registry.example.com/policy-webhook:2.1.0';
const POD_RULE = { operations: ['CREATE' as const], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] };
const NOT_IN = (values: string[]) => ({ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values });
// base64 of a PEM block: enough for the construct's shape check; the API server never sees it here.
const CA_BUNDLE = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUEXAMPLE\n-----END CERTIFICATE-----\n').toString('base64');

describe('AdmissionWebhook: mutating, with cert-manager TLS and the defaults', () => {
  const out = synth((s) => {
    const ns = new SecureNamespace(s, 'hooks');
    const hook = new AdmissionWebhook(ns, 'policy', {
      type: 'mutating',
      image: IMAGE,
      tls: WebhookTls.certManager(),
      webhooks: [{ rules: [POD_RULE, { operations: ['CREATE', 'UPDATE'], apiGroups: ['apps'], apiVersions: ['v1'], resources: ['deployments'] }] }],
    });
    expect([hook.name, hook.namespace, hook.configurationName, hook.certificateSecretName]).toEqual(['policy', 'hooks', 'policy', 'policy-tls']);
    expect(hook.selector).toEqual({ app: 'policy' });
    expect(hook.ports).toEqual([{ name: 'https', port: 8443 }]);
  });
  const deployment = find(out, 'Deployment', 'policy');
  const pod = podSpecOf(deployment);
  const container = pod.containers[0];
  const service = find(out, 'Service', 'policy', '');
  const config = find(out, 'MutatingWebhookConfiguration', 'policy');
  const webhook = config.webhooks[0];

  test('the server: two restricted pods of the pinned image on 8443, with resources, its own ServiceAccount and a PDB', () => {
    expect(deployment.spec.replicas).toBe(2);
    expect(container.image).toBe(IMAGE);
    expect(container.ports).toEqual([{ name: 'https', containerPort: 8443, protocol: 'TCP' }]);
    expect(container.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
    expect(restrictedViolations(pod)).toEqual([]);
    expect(pod.serviceAccountName).toBe('policy');
    expect(find(out, 'ServiceAccount', 'policy').automountServiceAccountToken).toBe(false);
    expect(find(out, 'PodDisruptionBudget', 'policy').spec).toMatchObject({ selector: { matchLabels: { app: 'policy' } }, maxUnavailable: 1 });
  });

  test('readiness and liveness probe /healthz over HTTPS on the server port', () => {
    for (const probe of [container.readinessProbe, container.livenessProbe]) {
      expect(probe.httpGet).toEqual({ path: '/healthz', port: 'https', scheme: 'HTTPS' });
    }
    expect(container.readinessProbe.periodSeconds).toBeLessThan(container.livenessProbe.periodSeconds);
  });

  test('the Service publishes 443 and sends it to 8443 on the server pods', () => {
    expect(service.spec.ports).toEqual([{ name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' }]);
    expect(service.spec.selector).toEqual({ app: 'policy' });
    expect(deployment.spec.template.metadata.labels).toMatchObject(service.spec.selector);
  });

  test('a v1 MutatingWebhookConfiguration, cluster-scoped, calling the Service on 443 at /mutate', () => {
    expect(config.apiVersion).toBe('admissionregistration.k8s.io/v1');
    expect(config.metadata.namespace).toBeUndefined();
    expect(webhook.name).toBe('policy.hooks.svc');
    expect(webhook.clientConfig).toEqual({ service: { name: service.metadata.name, namespace: 'hooks', path: '/mutate', port: 443 } });
    expect(webhook.admissionReviewVersions).toEqual(['v1']);
  });

  test('rules, failure policy, side effects, timeout, match and reinvocation policy are written out', () => {
    expect(webhook.rules).toEqual([
      { operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'], scope: 'Namespaced' },
      { operations: ['CREATE', 'UPDATE'], apiGroups: ['apps'], apiVersions: ['v1'], resources: ['deployments'], scope: 'Namespaced' },
    ]);
    expect([webhook.failurePolicy, webhook.sideEffects, webhook.timeoutSeconds, webhook.matchPolicy, webhook.reinvocationPolicy])
      .toEqual(['Fail', 'None', 5, 'Equivalent', 'Never']);
    expect(webhook.matchConditions).toBeUndefined();
    expect(webhook.objectSelector).toBeUndefined();
  });

  test('the webhook never applies to its own namespace or kube-system', () => {
    expect(webhook.namespaceSelector).toEqual({ matchExpressions: [NOT_IN(['hooks', 'kube-system'])] });
  });

  test('cert-manager: self-signed root, CA certificate, CA Issuer, and a serving certificate for the Service names', () => {
    const serving = find(out, 'Certificate', 'policy-serving');
    const svcName = `${service.metadata.name}.${service.metadata.namespace}.svc`;
    expect(serving.spec.dnsNames).toEqual([svcName, `${svcName}.cluster.local`]);
    expect(serving.spec.issuerRef).toEqual({ name: 'policy', kind: 'Issuer', group: 'cert-manager.io' });
    const caIssuer = find(out, 'Issuer', serving.spec.issuerRef.name);
    const caCert = find(out, 'Certificate', 'policy-ca');
    expect(caIssuer.spec).toEqual({ ca: { secretName: caCert.spec.secretName } });
    expect(caCert.spec).toMatchObject({ isCA: true, issuerRef: { name: 'policy-selfsigned', kind: 'Issuer' } });
    expect(find(out, 'Issuer', 'policy-selfsigned').spec).toEqual({ selfSigned: {} });
    expect(all(out, 'Secret')).toEqual([]);
  });

  test('the CA is injected from the emitted serving certificate, whose Secret the server mounts read-only', () => {
    const serving = find(out, 'Certificate', 'policy-serving');
    expect(config.metadata.annotations).toEqual({ 'cert-manager.io/inject-ca-from': `${serving.metadata.namespace}/${serving.metadata.name}` });
    expect(webhook.clientConfig.caBundle).toBeUndefined();
    const volume = pod.volumes.find((vol: any) => vol.secret?.secretName === serving.spec.secretName);
    expect(volume.secret.items).toEqual([{ key: 'tls.crt', path: 'tls.crt' }, { key: 'tls.key', path: 'tls.key' }]);
    expect(container.volumeMounts).toContainEqual({ name: volume.name, mountPath: '/etc/webhook/tls', readOnly: true });
  });

  test('only the private address ranges (the API server by default) reach the server, on 8443 only; no egress but DNS', () => {
    const ingress = allowedIngress(out, deployment.spec.template.metadata.labels);
    expect(ingress).toEqual([{ from: PRIVATE_IPV4_RANGES.map((cidr) => ({ ipBlock: { cidr } })), ports: [{ port: 8443, protocol: 'TCP' }] }]);
    expect(allowedEgress(out, deployment.spec.template.metadata.labels).flatMap((r) => r.ports.map((p: any) => p.port))).toEqual([53, 53]);
  });

  test('the built-in and admission policy checks find nothing', () => {
    const report = runPolicy(out.map((m) => kubernetesTarget(m)), { checks: [...BUILTIN_CHECKS, ...ADMISSION_CHECKS] });
    expect(report.findings).toEqual([]);
  });
});

describe('AdmissionWebhook: validating, several webhooks, a ClusterIssuer and explicit settings', () => {
  const out = synth((s) => {
    const ns = new SecureNamespace(s, 'guard');
    const hook = new AdmissionWebhook(ns, 'guard', {
      type: 'validating',
      image: IMAGE,
      configurationName: 'guard-policies',
      replicas: 3,
      containerPort: 9443,
      healthPath: '/readyz',
      certificateDirectory: '/certs',
      resources: { requests: { cpu: '50m', memory: '64Mi' } },
      tls: WebhookTls.certManager({ issuer: { name: 'internal-ca', kind: 'ClusterIssuer' }, duration: '720h' }),
      apiServerPeers: [NetworkPeer.ipBlock('10.0.0.0/16'), NetworkPeer.ipBlock('172.31.0.0/16')],
      webhooks: [
        {
          name: 'pods.guard.example.com',
          path: '/validate/pods',
          rules: [{ ...POD_RULE, operations: ['CREATE', 'UPDATE'] }],
          failurePolicy: 'Ignore',
          failOpen: { reason: 'advisory checks: pods must keep starting while the guard is down' },
          sideEffects: 'NoneOnDryRun',
          timeoutSeconds: 2,
          matchPolicy: 'Exact',
          matchConditions: [{ name: 'not-a-node', expression: "!request.userInfo.username.startsWith('system:node:')" }],
          namespaceSelector: { matchLabels: { team: 'shop' }, matchExpressions: [{ key: 'tier', operator: 'Exists' }] },
          excludeNamespaces: ['monitoring'],
          objectSelector: { matchLabels: { 'guard.example.com/checked': 'true' } },
        },
        { name: 'namespaces.guard.example.com', rules: [{ operations: ['*'], apiGroups: [''], apiVersions: ['*'], resources: ['namespaces'], scope: 'Cluster' }] },
      ],
    });
    // The webhook is a workload like any other: flows to and from it are opened the usual way.
    ns.allowEgress({ from: hook, to: NetworkPeer.ipBlock('10.0.0.0/16'), ports: [{ port: 443 }] });
  });
  const config = find(out, 'ValidatingWebhookConfiguration', 'guard-policies');
  const [pods, namespaces] = config.webhooks;
  const pod = podSpecOf(find(out, 'Deployment', 'guard'));

  test('a ValidatingWebhookConfiguration with both webhooks, and no reinvocation policy', () => {
    expect(config.apiVersion).toBe('admissionregistration.k8s.io/v1');
    expect(all(out, 'MutatingWebhookConfiguration')).toEqual([]);
    expect(config.webhooks.map((w: any) => [w.name, w.clientConfig.service.path])).toEqual([
      ['pods.guard.example.com', '/validate/pods'], ['namespaces.guard.example.com', '/validate'],
    ]);
    expect(config.webhooks.every((w: any) => !('reinvocationPolicy' in w))).toBe(true);
  });

  test('explicit settings are written as given', () => {
    expect([pods.failurePolicy, pods.sideEffects, pods.timeoutSeconds, pods.matchPolicy]).toEqual(['Ignore', 'NoneOnDryRun', 2, 'Exact']);
    expect(pods.matchConditions).toEqual([{ name: 'not-a-node', expression: "!request.userInfo.username.startsWith('system:node:')" }]);
    expect(pods.objectSelector).toEqual({ matchLabels: { 'guard.example.com/checked': 'true' } });
    expect(namespaces.rules).toEqual([{ operations: ['*'], apiGroups: [''], apiVersions: ['*'], resources: ['namespaces'], scope: 'Cluster' }]);
    expect([namespaces.failurePolicy, namespaces.sideEffects, namespaces.timeoutSeconds]).toEqual(['Fail', 'None', 5]);
    // Failing open is recorded with its reason, beside the CA injection.
    expect(config.metadata.annotations['keelson.dev/admission-policy-reason']).toBe('pods.guard.example.com: advisory checks: pods must keep starting while the guard is down');
  });

  test('user namespace selectors are combined with the exclusions, never replace them', () => {
    expect(pods.namespaceSelector).toEqual({
      matchLabels: { team: 'shop' },
      matchExpressions: [NOT_IN(['guard', 'kube-system', 'monitoring']), { key: 'tier', operator: 'Exists' }],
    });
    expect(namespaces.namespaceSelector).toEqual({ matchExpressions: [NOT_IN(['guard', 'kube-system'])] });
  });

  test('the given ClusterIssuer signs the serving certificate; no CA of its own is made', () => {
    const serving = find(out, 'Certificate', 'guard-serving');
    expect(serving.spec).toMatchObject({ issuerRef: { name: 'internal-ca', kind: 'ClusterIssuer' }, duration: '720h', secretName: 'guard-tls' });
    expect(serving.spec.dnsNames).toEqual(['guard.guard.svc', 'guard.guard.svc.cluster.local']);
    expect(all(out, 'Issuer')).toEqual([]);
    expect(config.metadata.annotations['cert-manager.io/inject-ca-from']).toBe('guard/guard-serving');
  });

  test('server settings: replicas, port, probe path, mount directory, resources', () => {
    const container = pod.containers[0];
    expect(find(out, 'Deployment', 'guard').spec.replicas).toBe(3);
    expect(find(out, 'Service', 'guard', '').spec.ports).toEqual([{ name: 'https', port: 443, targetPort: 9443, protocol: 'TCP' }]);
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'https', scheme: 'HTTPS' });
    expect(container.volumeMounts).toContainEqual(expect.objectContaining({ mountPath: '/certs', readOnly: true }));
    expect(container.resources.requests).toEqual({ cpu: '50m', memory: '64Mi' });
    expect(restrictedViolations(pod)).toEqual([]);
  });

  test('the API server peers reach the server port; the extra egress flow is there too', () => {
    expect(allowedIngress(out, { app: 'guard' })).toEqual([{
      from: [{ ipBlock: { cidr: '10.0.0.0/16' } }, { ipBlock: { cidr: '172.31.0.0/16' } }],
      ports: [{ port: 9443, protocol: 'TCP' }],
    }]);
    expect(allowedEgress(out, { app: 'guard' })).toContainEqual({ to: [{ ipBlock: { cidr: '10.0.0.0/16' } }], ports: [{ port: 443, protocol: 'TCP' }] });
  });

  test('the admission policy checks find nothing', () => {
    expect(runPolicy(out.map((m) => kubernetesTarget(m)), { checks: ADMISSION_CHECKS }).findings).toEqual([]);
  });
});

describe('AdmissionWebhook: an explicit CA bundle', () => {
  const out = synth((s) => {
    new AdmissionWebhook(new SecureNamespace(s, 'hooks'), 'hook', {
      type: 'mutating',
      image: IMAGE,
      tls: WebhookTls.caBundle(CA_BUNDLE, { secretName: 'hook-serving-cert' }),
      webhooks: [{ rules: [POD_RULE], reinvocationPolicy: 'IfNeeded' }],
    });
  });

  test('the bundle is in clientConfig, the given Secret is mounted, and no cert-manager object is made', () => {
    const webhook = find(out, 'MutatingWebhookConfiguration', 'hook').webhooks[0];
    expect(webhook.clientConfig.caBundle).toBe(CA_BUNDLE);
    expect(webhook.reinvocationPolicy).toBe('IfNeeded');
    expect(find(out, 'MutatingWebhookConfiguration', 'hook').metadata.annotations).toBeUndefined();
    expect(podSpecOf(find(out, 'Deployment', 'hook')).volumes).toContainEqual(expect.objectContaining({ secret: expect.objectContaining({ secretName: 'hook-serving-cert' }) }));
    expect(out.filter((m) => m.apiVersion.startsWith('cert-manager.io/'))).toEqual([]);
  });
});
