import { PolicyTarget } from '../../../lib/policy/types';
import { helmTargets } from '../../../lib/policy/targets';
import { k, obj, tf } from './fixtures';

/** Objects that pass a check, objects that fail it, and a text the failure's message contains. */
interface CheckCase {
  readonly pass: PolicyTarget[];
  readonly fail: PolicyTarget[];
  readonly message: string;
}

const RBAC = 'rbac.authorization.k8s.io/v1';
/** A Role "shop/<name>" with these rules. */
export const role = (rules: unknown, name = 'deployer') => obj(RBAC, 'Role', name, 'shop', { rules });
/** A ClusterRole "<name>" with these rules. */
export const clusterRole = (rules: unknown, name = 'operator') => obj(RBAC, 'ClusterRole', name, undefined, { rules });
/** A binding of kind `kind` ("shop/b" or "b") to the role `roleKind` `roleName`, for ServiceAccount shop/web. */
export const bindingTo = (kind: 'RoleBinding' | 'ClusterRoleBinding', roleKind: string, roleName: string, name = 'b') => obj(RBAC, kind, name,
  kind === 'RoleBinding' ? 'shop' : undefined, {
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: roleName },
    subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: 'shop' }],
  });
/** A NetworkPolicy "shop/p" with this spec. */
export const netpol = (spec: unknown) => obj('networking.k8s.io/v1', 'NetworkPolicy', 'p', 'shop', { spec });
/** A helmfile release "app" with these values. */
export const release = (values: unknown, chart = 'acme/app') => helmTargets({ releases: [{ name: 'app', namespace: 'shop', chart, version: '1.0.0', values: [values] }] });
/** An Istio Gateway "shop/gw" with one HTTPS server and these TLS settings. */
export const istioGateway = (tls: Record<string, unknown>) => obj('networking.istio.io/v1', 'Gateway', 'gw', 'shop', {
  spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['shop.example.com'], tls: { mode: 'SIMPLE', credentialName: 'shop-tls', ...tls } }] },
});
/** An IAM role policy "p" of role "web" with this document (an object here; JSON strings in the tests). */
export const rolePolicy = (policy: unknown) => ({ aws_iam_role_policy: { p: { role: '${aws_iam_role.web.name}', name: 'permissions', policy } } });

export const SECURITY_CASES: Record<string, CheckCase> = {
  'rbac-privilege-escalation': {
    pass: k(clusterRole([{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings'], verbs: ['create', 'get'] }])),
    fail: k(clusterRole([{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['bind'] }])),
    message: 'rule 0 allows bind on clusterroles (it can bind roles with permissions it does not hold)',
  },
  'rbac-create-pods': {
    pass: k(role([{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['create'] }, { apiGroups: [''], resources: ['pods'], verbs: ['get'] }])),
    fail: k(role([{ apiGroups: [''], resources: ['pods'], verbs: ['create'] }])),
    message: 'rule 0 allows create on pods (a pod can run as any ServiceAccount of the namespace and mount its Secrets)',
  },
  'networkpolicy-policy-types': {
    pass: k(netpol({ podSelector: {}, egress: [{ to: [{ podSelector: {} }] }] })),
    fail: k(netpol({ podSelector: {}, policyTypes: ['Ingress'], ingress: [], egress: [{ to: [{ podSelector: {} }] }] })),
    message: 'spec.egress has 1 rule, but policyTypes lists only Ingress: the egress rules are not enforced and the policy does not restrict egress at all',
  },
  'helm-secret-values': {
    pass: release({ auth: { existingSecret: 'app-auth', passwordKey: 'password' } }),
    fail: release({ auth: { adminPassword: 'hunter2' } }),
    message: 'value auth.adminPassword is a literal credential',
  },
  'iam-admin-policy': {
    pass: tf(rolePolicy(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' }] }))),
    fail: tf({ aws_iam_role_policy_attachment: { a: { role: '${aws_iam_role.web.name}', policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' } } }),
    message: 'policy_arn attaches AdministratorAccess to role web',
  },
  'istio-min-tls-version': {
    pass: k(istioGateway({ minProtocolVersion: 'TLSV1_2' })),
    fail: k(istioGateway({ minProtocolVersion: 'TLSV1_0' })),
    message: 'servers[0] (port https) tls.minProtocolVersion is TLSV1_0, so clients may use TLS below 1.2',
  },
  'istio-mesh-min-tls-version': {
    pass: release({ meshConfig: { meshMTLS: { minProtocolVersion: 'TLSV1_3' } } }, 'istio/istiod'),
    fail: release({ meshConfig: { tlsDefaults: { minProtocolVersion: 'TLSV1_1' } } }, 'istio/istiod'),
    message: 'values.meshConfig.tlsDefaults.minProtocolVersion is TLSV1_1 (below TLS 1.2)',
  },
};
