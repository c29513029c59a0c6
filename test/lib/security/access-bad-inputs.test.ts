import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { AppStack } from '../../../lib/core/app-stack';
import { DefaultDenyPolicy } from '../../../lib/networking/default-deny-policy';
import { NetworkPeer } from '../../../lib/networking/network-peer';
import { NetworkPolicy } from '../../../lib/networking/network-policy';
import { AccessGrant } from '../../../lib/security/access-grant';
import { AccessRole } from '../../../lib/security/access-role';
import { AccessRule } from '../../../lib/security/access-rule';
import { AccessSubject } from '../../../lib/security/access-subject';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { ServiceAccount } from '../../../lib/security/service-account';
import { AppDefinition } from '../../../lib/output/synth-apps';
import { BadInput, describeBadInputs, withUnknownProps } from '../../helpers/bad-input';

const inStack = (build: (stack: Construct) => void) => (app: App) => build(new AppStack(app, 'bad'));
const ns = (s: Construct) => new SecureNamespace(s, 'shop');
const role = (s: Construct, rule: Partial<AccessRule>) => new AccessRole(ns(s), 'r', { rules: [{ apiGroup: '', resources: ['pods'], verbs: ['get'], ...rule }] });
const jane = [AccessSubject.user('jane')];
const policy = (s: Construct, peer: NetworkPeer, port: any = { port: 80 }) =>
  new NetworkPolicy(ns(s), 'p', { podSelector: { app: 'web' }, ingress: [{ peers: [peer], ports: [port] }] });

const CASES: BadInput[] = ([
  // The cases the issue names.
  { title: 'a RoleBinding to a Role that does not exist, where a ClusterRole of that name does', build: (s) => {
    new AccessRole(s, 'test-role', { scope: 'cluster', rules: [{ apiGroup: '', resources: ['pods'], verbs: ['list'] }] });
    new AccessGrant(ns(s), 'test-role-binding', { role: AccessRole.named('Role', 'test-role', 'shop'), subjects: jane });
  }, where: '[bad/shop/test-role-binding] role: got "Role test-role"',
  expected: 'a role that exists (no Role "test-role" in namespace shop is defined in this app, but a ClusterRole of that name is; bind the role object itself so the kind cannot differ)' },
  { title: 'a wildcard verb without an explicit opt-in', build: (s) => role(s, { verbs: ['*'] }),
    where: '[bad/shop/r] rules[0].verbs: got ["*"]', expected: 'explicit names, or "*" with `wildcard: { reason }`' },
  { title: 'an ipBlock except outside its CIDR', build: (s) => policy(s, NetworkPeer.ipBlock('157.10.0.0/16', ['157.11.1.0/24'])),
    where: '[bad/shop/p] ingress[0].peers[0].except[0]: got "157.11.1.0/24"', expected: 'a block inside 157.10.0.0/16 (it is not inside the block)' },
  // RBAC rules.
  { title: 'deployments in the core group (the CKA notes\' "extensions" era mistake)', build: (s) => role(s, { resources: ['deployments'] }),
    where: '[bad/shop/r] rules[0].resources[0]: got "deployments"', expected: 'a resource of API group "" ("deployments" is in API group "apps", not "" (core))' },
  { title: 'PodSecurityPolicy "use" (the API was removed in 1.25)', build: (s) => role(s, { apiGroup: 'policy', resources: ['podsecuritypolicies'], verbs: ['use'] }),
    where: '[bad/shop/r] rules[0].resources[0]: got "podsecuritypolicies"', expected: 'a resource of API group "policy" (API group "policy" has no resource "podsecuritypolicies" (it has poddisruptionbudgets))' },
  { title: 'a wildcard resource without opt-in', build: (s) => role(s, { resources: ['*'] }),
    where: '[bad/shop/r] rules[0].resources: got ["*"]', expected: 'explicit names, or "*" with `wildcard: { reason }`' },
  { title: 'a wildcard API group without opt-in', build: (s) => role(s, { apiGroup: '*', resources: ['foos'] }),
    where: '[bad/shop/r] rules[0].apiGroup: got "*"', expected: 'explicit names, or "*" with `wildcard: { reason }`' },
  { title: 'a wildcard with an empty reason', build: (s) => role(s, { verbs: ['*'], wildcard: { reason: ' ' } }),
    where: '[bad/shop/r] rules[0].wildcard.reason: got " "', expected: 'a non-empty reason why the rule needs "*"' },
  { title: 'an unknown verb', build: (s) => role(s, { verbs: ['read' as any] }),
    where: '[bad/shop/r] rules[0].verbs[0]: got "read"', expected: 'one of get, list, watch, create, update, patch, delete, deletecollection, use, bind, escalate, impersonate, approve, sign, *' },
  { title: 'a rule without verbs', build: (s) => role(s, { verbs: [] }),
    where: '[bad/shop/r] rules[0].verbs: got []', expected: 'at least one verb' },
  { title: 'a singular resource name', build: (s) => role(s, { resources: ['Pod'] }),
    where: '[bad/shop/r] rules[0].resources[0]: got "Pod"', expected: 'a plural lower-case resource such as "pods" or "pods/log"' },
  { title: 'resourceNames with create, which carries no name', build: (s) => role(s, { resources: ['configmaps'], verbs: ['get', 'create'], resourceNames: ['my-config'] }),
    where: '[bad/shop/r] rules[0].verbs: got ["create"]', expected: 'no create or deletecollection with resourceNames (those requests carry no name, so the rule would never match)' },
  { title: 'a role without rules', build: (s) => new AccessRole(ns(s), 'r', { rules: [] }),
    where: '[bad/shop/r] rules: got []', expected: 'at least one rule' },
  { title: 'a ClusterRole with a namespace', build: (s) => new AccessRole(s, 'r', { scope: 'cluster', namespace: 'default', rules: [{ apiGroup: '', resources: ['nodes'], verbs: ['get'] }] }),
    where: '[bad/r] namespace: got "default"', expected: 'no namespace: a ClusterRole is cluster-scoped' },
  // Grants.
  { title: 'a ClusterRoleBinding to a Role', build: (s) => {
    const r = new AccessRole(ns(s), 'reader', { rules: [{ apiGroup: '', resources: ['pods'], verbs: ['list'] }] });
    new AccessGrant(s, 'g', { scope: 'cluster', role: r, subjects: jane });
  }, where: '[bad/g] role: got "Role reader"', expected: 'a ClusterRole: a ClusterRoleBinding cannot point at a Role (use scope "namespace")' },
  { title: 'a RoleBinding to a Role of another namespace', build: (s) => {
    const r = new AccessRole(new SecureNamespace(s, 'other'), 'reader', { rules: [{ apiGroup: '', resources: ['pods'], verbs: ['list'] }] });
    new AccessGrant(ns(s), 'g', { role: r, subjects: jane });
  }, where: '[bad/shop/g] role: got "Role other/reader"', expected: 'a Role of namespace shop (a RoleBinding only reaches Roles of its own namespace) or a ClusterRole' },
  { title: 'both rules and a role', build: (s) => new AccessGrant(ns(s), 'g', { role: AccessRole.builtIn('view'), rules: [{ apiGroup: '', resources: ['pods'], verbs: ['get'] }] }),
    where: '[bad/shop/g] rules: got [{"apiGroup":"","resources":["pods"],"verbs":["get"]}]', expected: 'either `rules` (a new role) or `role` (an existing one), not both' },
  { title: 'a ServiceAccount subject without a namespace', build: (s) => new AccessGrant(ns(s), 'g', { role: AccessRole.builtIn('view'), subjects: [AccessSubject.serviceAccountNamed('ci', undefined as any)] }),
    where: '[bad/shop/g] subjects[0].namespace: got undefined', expected: 'a DNS-1123 label' },
  { title: 'a grant to system:authenticated without a reason (the book\'s privileged-crb)', build: (s) => new AccessGrant(s, 'g', {
    scope: 'cluster', role: AccessRole.external('privileged-role'), subjects: [AccessSubject.group('system:authenticated')],
  }), where: '[bad/g] subjects[0].broadReason: got undefined', expected: 'a reason to grant every member of system:authenticated' },
  { title: 'a grant to anonymous users', build: (s) => new AccessGrant(ns(s), 'g', { role: AccessRole.builtIn('view'), subjects: [AccessSubject.user('system:anonymous')] }),
    where: '[bad/shop/g] subjects[0].name: got "system:anonymous"', expected: 'an authenticated identity (anonymous requests are never granted access)' },
  { title: 'a namespaced grant outside any namespace', build: (s) => new AccessGrant(s, 'g', { rules: [{ apiGroup: '', resources: ['pods'], verbs: ['get'] }] }),
    where: '[bad/g] namespace: got undefined', expected: 'a namespace' },
  { title: 'a CI deployer that manages Secrets without a reason', build: (s) => AccessGrant.ciDeployer(ns(s), 'ci', { manageSecrets: { reason: '' } }),
    where: '[bad/shop] ci.manageSecrets.reason: got ""', expected: 'a reason why the pipeline applies Secrets' },
  // NetworkPolicy kit.
  { title: 'an except block as large as its CIDR', build: (s) => policy(s, NetworkPeer.ipBlock('10.0.0.0/16', ['10.0.0.0/16'])),
    where: '[bad/shop/p] ingress[0].peers[0].except[0]: got "10.0.0.0/16"', expected: 'a block inside 10.0.0.0/16 (it would except the whole block)' },
  { title: 'an IPv6 except in an IPv4 block', build: (s) => policy(s, NetworkPeer.ipBlock('10.0.0.0/16', ['fd00::/64'])),
    where: '[bad/shop/p] ingress[0].peers[0].except[0]: got "fd00::/64"', expected: 'a block inside 10.0.0.0/16 (it is of another address family)' },
  { title: 'a namespace peer with no labels', build: (s) => policy(s, NetworkPeer.namespacesLabelled('any', {})),
    where: '[bad/shop/p] ingress[0].peers[0].namespaceLabels: got {}', expected: 'at least one label (NetworkPeer.namespace(name) selects one namespace by name)' },
  { title: 'a port range on a named port', build: (s) => policy(s, NetworkPeer.ipBlock('10.0.0.0/8'), { port: 'http', endPort: 90 }),
    where: '[bad/shop/p] ingress[0].ports[0].endPort: got 90', expected: 'no endPort with the named port "http" (a range starts at a port number)' },
  { title: 'a port range that ends before it starts', build: (s) => policy(s, NetworkPeer.ipBlock('10.0.0.0/8'), { port: 32000, endPort: 31000 }),
    where: '[bad/shop/p] ingress[0].ports[0].endPort: got 31000', expected: 'an integer from the port 32000 up to 65535' },
  { title: 'an unknown protocol', build: (s) => policy(s, NetworkPeer.ipBlock('10.0.0.0/8'), { port: 80, protocol: 'ICMP' }),
    where: '[bad/shop/p] ingress[0].ports[0].protocol: got "ICMP"', expected: '"TCP", "UDP" or "SCTP"' },
  { title: 'default deny with DNS pods unselected', build: (s) => new DefaultDenyPolicy(s, 'deny', { namespace: 'legacy', dns: { namespace: 'kube-system', podLabels: {} } }),
    where: '[bad/deny] dns.podLabels: got {}', expected: 'the labels of the DNS pods, e.g. { "k8s-app": "kube-dns" }' },
  // Unknown props (a typo, or a field of another construct) are refused, never silently dropped.
  { title: 'an AccessGrant with "namespaces" for "namespace"', build: (s) => new AccessGrant(ns(s), 'g',
    withUnknownProps({ role: AccessRole.builtIn('view'), subjects: jane }, { namespaces: 'shop' })),
  where: '[bad/shop/g] namespaces: got "shop"', expected: 'a known prop (did you mean "namespace"?); the props are name, namespace, role, rules, scope, subjects' },
  { title: 'an AccessGrant shortcut with an option it does not have', build: (s) => AccessGrant.readOnly(ns(s), 'reader', withUnknownProps({}, { subject: 'jane' })),
    where: '[bad/shop/reader] subject: got "jane"', expected: 'a known prop (did you mean "subjects"?)' },
  { title: 'an AccessRole with "label" for "labels"', build: (s) => new AccessRole(ns(s), 'r',
    withUnknownProps({ rules: [{ apiGroup: '', resources: ['pods'], verbs: ['get' as const] }] }, { label: { team: 'a' } })),
  where: '[bad/shop/r] label: got {"team":"a"}', expected: 'a known prop (did you mean "labels"?); the props are labels, name, namespace, rules, scope' },
  { title: 'a rule with "resourceName" for "resourceNames"', build: (s) => role(s, withUnknownProps({}, { resourceName: ['app-config'] })),
    where: '[bad/shop/r] rules[0].resourceName: got ["app-config"]', expected: 'a known prop (did you mean "resourceNames"?)' },
  { title: 'a ServiceAccount with the Kubernetes field instead of automountToken', build: (s) => new ServiceAccount(ns(s), 'sa',
    withUnknownProps({}, { automountServiceAccountToken: true })),
  where: '[bad/shop/sa] automountServiceAccountToken: got true', expected: 'a known prop; the props are automountToken, labels, name, namespace' },
] as Array<Omit<BadInput, 'build'> & { build: (stack: Construct) => void }>).map((c) => ({ ...c, build: inStack(c.build) }));

const good: AppDefinition = {
  name: 'good',
  description: 'a valid app synthesized before each bad one',
  build: (app) => AccessGrant.readOnly(new SecureNamespace(new AppStack(app, 'good'), 'shop'), 'reader'),
};

describeBadInputs('RBAC and NetworkPolicy bad input is rejected at synth time with a clear error and no output', good, CASES);
