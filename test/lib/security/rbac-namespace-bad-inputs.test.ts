import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { AppStack } from '../../../lib/core/app-stack';
import { NetworkPeer } from '../../../lib/networking/network-peer';
import { AppDefinition } from '../../../lib/output/synth-apps';
import { AccessGrant, AccessGrantProps } from '../../../lib/security/access-grant';
import { AccessRole } from '../../../lib/security/access-role';
import { AccessRule } from '../../../lib/security/access-rule';
import { AccessSubject } from '../../../lib/security/access-subject';
import { LimitRange } from '../../../lib/security/limit-range';
import { ResourceQuota } from '../../../lib/security/resource-quota';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { ServiceAccount } from '../../../lib/security/service-account';
import { WebService } from '../../../lib/workloads/web-service';
import { BadInput, describeBadInputs } from '../../helpers/bad-input';

// RBAC rules, subjects and bindings, and a namespace's quota, limits and methods: every argument of every method and
// factory is checked, and problems are reported under the prop or argument the user wrote.

const inStack = (build: (stack: Construct) => void) => (app: App) => build(new AppStack(app, 'bad'));
const ns = (s: Construct) => new SecureNamespace(s, 'shop');
const role = (s: Construct, rule: Partial<Record<keyof AccessRule, unknown>>) =>
  new AccessRole(ns(s), 'r', { rules: [{ apiGroup: '', resources: ['pods'], verbs: ['get'], ...rule } as AccessRule] });
const grant = (s: Construct, props: Partial<AccessGrantProps>) => new AccessGrant(ns(s), 'g', { role: AccessRole.builtIn('view'), ...props });
const IMAGE = 'ghcr.io/acme/app:1.0.0';
const twoServices = (s: Construct) => {
  const n = ns(s);
  return { n, web: new WebService(n, 'web', { image: IMAGE }), api: new WebService(n, 'api', { image: IMAGE }) };
};
const HALF_BYTE = 'an amount of bytes such as "4Gi", "512Mi" or "1G" (0 or more whole bytes: "500m" would be half a byte, and "Gb" is not a unit); did you mean "500Mi"?';

const CASES: BadInput[] = ([
  // Rules.
  { title: 'resources given as one string', build: (s) => role(s, { resources: 'pods' }),
    where: '[bad/shop/r] rules[0].resources: got "pods"', expected: 'at least one resource' },
  { title: 'verbs given as one string', build: (s) => role(s, { verbs: 'get' }),
    where: '[bad/shop/r] rules[0].verbs: got "get"', expected: 'at least one verb' },
  { title: 'a verb in capitals', build: (s) => role(s, { verbs: ['Get'] }),
    where: '[bad/shop/r] rules[0].verbs[0]: got "Get"', expected: 'one of get, list, watch, create, update, patch, delete, deletecollection' },
  { title: 'a singular resource name', build: (s) => role(s, { resources: ['pod'] }),
    where: '[bad/shop/r] rules[0].resources[0]: got "pod"', expected: 'a resource of API group "" (API group "" (core) has no resource "pod"' },
  { title: 'a singular resource of apps', build: (s) => role(s, { apiGroup: 'apps', resources: ['deployment'] }),
    where: '[bad/shop/r] rules[0].resources[0]: got "deployment"', expected: 'a resource of API group "apps" (API group "apps" has no resource "deployment"' },
  { title: 'the same verb twice', build: (s) => role(s, { verbs: ['get', 'get'] }),
    where: '[bad/shop/r] rules[0].verbs[1]: got "get"', expected: 'a verb that is not already used in rules[0].verbs' },
  { title: 'a resource name with a slash', build: (s) => role(s, { resourceNames: ['shop/web'] }),
    where: '[bad/shop/r] rules[0].resourceNames[0]: got "shop/web"', expected: 'an object name (no "/", "%", spaces at either end, "." or "..")' },
  { title: 'resourceNames with deletecollection, which never matches', build: (s) => role(s, { verbs: ['get', 'deletecollection'], resourceNames: ['web'] }),
    where: '[bad/shop/r] rules[0].verbs: got ["deletecollection"]', expected: 'no create or deletecollection with resourceNames' },
  { title: 'a rule that is null', build: (s) => new AccessRole(ns(s), 'r', { rules: [null as any] }),
    where: '[bad/shop/r] rules[0]: got null', expected: 'an object of props' },
  { title: 'an API group that is a number', build: (s) => role(s, { apiGroup: 1 }),
    where: '[bad/shop/r] rules[0].apiGroup: got 1', expected: 'an API group: "" (core), "apps"' },
  // Subjects.
  { title: 'an empty user name', build: (s) => grant(s, { subjects: [AccessSubject.user('')] }),
    where: '[bad/shop/g] subjects[0].name: got ""', expected: 'a user name as the authenticator reports it' },
  { title: 'a user name with a leading space', build: (s) => grant(s, { subjects: [AccessSubject.user(' jane')] }),
    where: '[bad/shop/g] subjects[0].name: got " jane"', expected: 'a user name as the authenticator reports it (1-1024 characters, no spaces at either end' },
  { title: 'a user name that is a number', build: (s) => grant(s, { subjects: [AccessSubject.user(42 as any)] }),
    where: '[bad/shop/g] subjects[0].name: got 42', expected: 'a user name as the authenticator reports it' },
  { title: 'a malformed ServiceAccount user', build: (s) => grant(s, { subjects: [AccessSubject.user('system:serviceaccount:ci')] }),
    where: '[bad/shop/g] subjects[0].name: got "system:serviceaccount:ci"', expected: 'a ServiceAccount user "system:serviceaccount:<namespace>:<name>"' },
  { title: 'a ServiceAccount in a namespace with capitals', build: (s) => grant(s, { subjects: [AccessSubject.serviceAccountNamed('ci', 'Build')] }),
    where: '[bad/shop/g] subjects[0].namespace: got "Build"', expected: 'a DNS-1123 label' },
  { title: 'AccessSubject.serviceAccount of something else', build: (s) => grant(s, { subjects: [AccessSubject.serviceAccount('ci' as any)] }),
    where: '[bad/shop/g] subjects[0]: got "ci"', expected: 'AccessSubject.serviceAccount(account) with a ServiceAccount construct' },
  { title: 'a broad reason that is not a string', build: (s) => grant(s, { subjects: [AccessSubject.group('system:authenticated', { reason: 'r' } as any)] }),
    where: '[bad/shop/g] subjects[0].broadReason: got {"reason":"r"}', expected: 'a non-empty reason, given as a string' },
  { title: 'a subject given as a user name string', build: (s) => grant(s, { subjects: ['jane' as any] }),
    where: '[bad/shop/g] subjects[0]: got "jane"', expected: 'an AccessSubject: AccessSubject.serviceAccount(sa)' },
  { title: 'subjects that are not a list', build: (s) => grant(s, { subjects: AccessSubject.user('jane') as any }),
    where: '[bad/shop/g] subjects: got {"subject":{"kind":"User","name":"jane"}}', expected: 'a list of at least one AccessSubject' },
  { title: 'the same subject twice', build: (s) => grant(s, { subjects: [AccessSubject.user('jane'), AccessSubject.user('jane')] }),
    where: '[bad/shop/g] subjects[1]: got "User//jane"', expected: 'a subject that is not already used in subjects' },
  // Roles and bindings.
  { title: 'a grant\'s rule listing deployments under the core group, reported on the grant', build: (s) => new AccessGrant(ns(s), 'g', {
    rules: [{ apiGroup: '', resources: ['deployments'], verbs: ['get'] }] }),
  where: '[bad/shop/g] rules[0].resources[0]: got "deployments"', expected: 'a resource of API group "" ("deployments" is in API group "apps", not "" (core))' },
  { title: 'a role given by name', build: (s) => grant(s, { role: 'view' as any, subjects: [AccessSubject.user('jane')] }),
    where: '[bad/shop/g] role: got "view"', expected: 'an AccessRole, or AccessRole.builtIn("view")' },
  { title: 'a built-in role that does not exist', build: (s) => grant(s, { role: AccessRole.builtIn('viewer' as any), subjects: [AccessSubject.user('jane')] }),
    where: '[bad/shop/g] role: got "viewer"', expected: 'AccessRole.builtIn(name) with one of "view", "edit", "admin", "cluster-admin"' },
  { title: 'a named role with a slash', build: (s) => grant(s, { role: AccessRole.named('Role', 'shop/reader', 'shop'), subjects: [AccessSubject.user('jane')] }),
    where: '[bad/shop/g] role: got "shop/reader"', expected: 'AccessRole.named(name) with a role name' },
  { title: 'an external role without a name', build: (s) => grant(s, { scope: 'cluster', role: AccessRole.external(''), subjects: [AccessSubject.user('jane')] }),
    where: '[bad/shop/g] role: got ""', expected: 'AccessRole.external(name) with a role name' },
  { title: 'a CI deployer whose manageSecrets is "yes"', build: (s) => AccessGrant.ciDeployer(ns(s), 'ci', { manageSecrets: 'yes' as any }),
    where: '[bad/shop] ci.manageSecrets.reason: got undefined', expected: 'a reason why the pipeline applies Secrets' },
  { title: 'a read-only shortcut given rules', build: (s) => AccessGrant.readOnly(ns(s), 'reader', { rules: [] } as any),
    where: '[bad/shop] reader.rules: got []', expected: 'no rules: the shortcut sets it; its options are name, namespace, subjects' },
  { title: 'a ServiceAccount whose automountToken is true', build: (s) => new ServiceAccount(ns(s), 'sa', { automountToken: true as any }),
    where: '[bad/shop/sa] automountToken.reason: got undefined', expected: 'a reason why the pods need the API, given as { reason: "..." }' },
  // Quotas and limits: memory "500m" is half a byte.
  { title: 'a namespace quota of "500m" memory', build: (s) => new SecureNamespace(s, 'shop', { resourceQuota: { compute: { requests: { memory: '500m' } } } }),
    where: '[bad/shop] resourceQuota.compute.requests.memory: got "500m"', expected: HALF_BYTE },
  { title: 'a namespace default of "500m" memory', build: (s) => new SecureNamespace(s, 'shop', { limitRange: { container: { default: { memory: '500m' } } } }),
    where: '[bad/shop] limitRange.container.default.memory: got "500m"', expected: 'an amount of bytes above 0 such as "512Mi", "4Gi" or "1G" (whole bytes: "500m" would be half a byte, and "Gb" is not a unit); did you mean "500Mi"?' },
  { title: 'a ResourceQuota of "500m" memory', build: (s) => new ResourceQuota(ns(s), 'quota', { compute: { limits: { memory: '500m' } } }),
    where: '[bad/shop/quota] compute.limits.memory: got "500m"', expected: HALF_BYTE },
  { title: 'a LimitRange claim maximum of "10m"', build: (s) => new LimitRange(ns(s), 'limits', { persistentVolumeClaim: { max: '10m' } }),
    where: '[bad/shop/limits] persistentVolumeClaim.max: got "10m"',
    expected: 'an amount of bytes above 0 such as "512Mi", "4Gi" or "1G" (whole bytes: "500m" would be half a byte, and "Gb" is not a unit); did you mean "10Mi"?' },
  // SecureNamespace props and methods.
  { title: 'DNS pod labels given as a string', build: (s) => new SecureNamespace(s, 'shop', { dns: { namespace: 'kube-system', podLabels: 'k8s-app=kube-dns' as any } }),
    where: '[bad/shop] dns.podLabels: got "k8s-app=kube-dns"', expected: 'an object of strings by key' },
  { title: 'a pod security profile given by name', build: (s) => new SecureNamespace(s, 'shop', { podSecurityProfile: 'agents' as any }),
    where: '[bad/shop] podSecurityProfile: got "agents"', expected: 'a PodSecurityProfile construct' },
  { title: 'addLabel with a number for the key', build: (s) => ns(s).addLabel(42 as any, 'x'),
    where: '[bad/shop] addLabel(key): got 42', expected: 'a label key' },
  { title: 'addLabel changing a label already added', build: (s) => { const n = ns(s); n.addLabel('mesh', 'on'); n.addLabel('mesh', 'off'); },
    where: '[bad/shop] addLabel(key): got "mesh"', expected: 'a label the namespace does not have yet (it is "on")' },
  { title: 'allowTraffic without options', build: (s) => ns(s).allowTraffic(undefined as any),
    where: '[bad/shop] allowTraffic: got undefined', expected: '{ from, to, ports }' },
  { title: 'allowTraffic from a workload named as a string', build: (s) => { const { n, api } = twoServices(s); n.allowTraffic({ from: 'web' as any, to: api, ports: ['http'] }); },
    where: '[bad/shop] allowTraffic.from: got "web"', expected: 'a workload of this app (a WebService, StatefulService, Worker...) or a NetworkPeer' },
  { title: 'allowTraffic with ports given as one string', build: (s) => { const { n, web, api } = twoServices(s); n.allowTraffic({ from: web, to: api, ports: 'http' as any }); },
    where: '[bad/shop] allowTraffic.ports: got "http"', expected: 'a list of port names of "to"' },
  { title: 'allowEgress to a CIDR string', build: (s) => { const { n, api } = twoServices(s); n.allowEgress({ from: api, to: '10.0.0.0/16' as any, ports: [{ port: 443 }] }); },
    where: '[bad/shop] allowEgress.to: got "10.0.0.0/16"', expected: 'a NetworkPeer, e.g. NetworkPeer.ipBlock("10.0.0.0/16")' },
  { title: 'allowEgress to port 0', build: (s) => { const { n, api } = twoServices(s); n.allowEgress({ from: api, to: NetworkPeer.ipBlock('10.0.0.0/16'), ports: [{ port: 0 }] }); },
    where: '[bad/shop] allowEgress.ports[0].port: got 0', expected: 'an integer port number from 1 to 65535' },
  { title: 'allowFromIngress of a service name', build: (s) => ns(s).allowFromIngress('web' as any),
    where: '[bad/shop] allowFromIngress(service): got "web"', expected: 'a WebService of this app' },
] as Array<Omit<BadInput, 'build'> & { build: (stack: Construct) => void }>).map((c) => ({ ...c, build: inStack(c.build) }));

const good: AppDefinition = {
  name: 'good',
  description: 'a valid app synthesized before each bad one',
  build: (app) => AccessGrant.readOnly(new SecureNamespace(new AppStack(app, 'good'), 'shop'), 'reader'),
};

describeBadInputs('bad RBAC and namespace input is rejected at synth time with a clear error and no output', good, CASES);
