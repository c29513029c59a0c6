import { SUPPRESS_ANNOTATION_PREFIX } from '../../core/annotations';
import { ruleGroupProblems } from '../../core/api-resources';
import { defineCheck } from '../define';
import { ObjectIndex } from '../object-index';
import { PolicyCheck, PolicyTarget } from '../types';
import { isMap as isObject } from '../selectors';

/** Groups that hold (nearly) every identity of the cluster. */
const BROAD_GROUPS = ['system:authenticated', 'system:unauthenticated', 'system:serviceaccounts', 'system:masters'];

/** Cluster-wide roles that can read Secrets, besides cluster-admin. */
const BUILTIN_SECRET_READERS = ['admin', 'edit'];

/** The default user-facing ClusterRoles of Kubernetes (as they appear in vendor manifests). */
const DEFAULT_CLUSTER_ROLES = ['admin', 'edit', 'view', 'cluster-admin'];

/** Every verb of the API's resources: a rule with all of them is as broad as "*". */
const ALL_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** The strings of a list from foreign YAML (nothing when the field is not a list). */
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
/** The rules of a role, with their index; entries that are not objects are skipped. */
const rulesOf = (role: any): Array<{ rule: any; i: number }> => (Array.isArray(role?.rules) ? role.rules : [])
  .map((rule: unknown, i: number) => ({ rule, i })).filter((r: { rule: unknown }) => isObject(r.rule));

/**
 * True for the roles and bindings Kubernetes and cloud providers ship, known by name: Kubernetes' own "system:*" ones,
 * which carry the label kubernetes.io/bootstrapping: rbac-defaults (anyone may name a role "system:something", so the
 * prefix alone does not exempt it), GKE's "gce:*" and EKS's "eks:*", the default ClusterRoles admin, edit, view,
 * cluster-admin, and the ClusterRoleBinding cluster-admin. Vendor manifests that carry them must not fail. Bindings
 * of your own to those roles are still checked.
 */
export function isVendorRbacObject(t: PolicyTarget): boolean {
  const name = String(t.name ?? '');
  const labels = isObject(t.object?.metadata) && isObject(t.object.metadata.labels) ? t.object.metadata.labels : {};
  return (/^system:/.test(name) && labels['kubernetes.io/bootstrapping'] === 'rbac-defaults')
    || /^(gce|eks):/.test(name)
    || (t.kind === 'ClusterRole' && DEFAULT_CLUSTER_ROLES.includes(name))
    || (t.kind === 'ClusterRoleBinding' && name === 'cluster-admin');
}

/** True when the rule grants one of `verbs` on `resource` ("pods" or "pods/exec") of `group`. */
export function grants(rule: any, resource: string, verbs: readonly string[], group = ''): boolean {
  const groups = rule.apiGroups === undefined ? [''] : strings(rule.apiGroups);
  const resources = strings(rule.resources);
  const ruleVerbs = strings(rule.verbs);
  const sub = resource.includes('/') ? resource.slice(resource.indexOf('/')) : undefined;
  return (groups.includes(group) || groups.includes('*'))
    && (resources.includes(resource) || resources.includes('*') || (sub !== undefined && resources.includes(`*${sub}`)))
    && (ruleVerbs.includes('*') || verbs.some((v) => ruleVerbs.includes(v)));
}

/** The index of a rule that allows every verb on every resource of every API group (cluster-admin's power), or -1. */
function adminRule(role: any): number {
  const hit = rulesOf(role).find(({ rule }) => strings(rule.apiGroups).includes('*') && strings(rule.resources).includes('*')
    && strings(rule.resourceNames).length === 0
    && (strings(rule.verbs).includes('*') || ALL_VERBS.every((v) => strings(rule.verbs).includes(v))));
  return hit ? hit.i : -1;
}

/** The role object a binding points at, when it is among the checked objects. */
function boundRole(t: PolicyTarget, index: ObjectIndex): { kind: string; name: string; object?: any } | undefined {
  const ref = t.object?.roleRef;
  if (!isObject(ref) || typeof ref.name !== 'string' || (ref.kind !== 'ClusterRole' && ref.kind !== 'Role')) {
    return undefined;
  }
  // A ClusterRole is cluster-scoped: the API ignores a metadata.namespace written on one, so any namespace matches.
  const found = ref.kind === 'ClusterRole'
    ? index.get('ClusterRole', undefined, ref.name) ?? index.allOfKind('ClusterRole').find((r) => r.name === ref.name)
    : index.get('Role', t.namespace, ref.name);
  return { kind: ref.kind, name: ref.name, object: found?.object };
}

/** A check over the rules of Roles and ClusterRoles; vendor roles (see {@link isVendorRbacObject}) pass. */
function defineRoleCheck(check: Omit<PolicyCheck, 'domain' | 'kinds' | 'check'> & { check(rules: Array<{ rule: any; i: number }>): string[] }): PolicyCheck {
  return defineCheck({
    ...check,
    domain: 'kubernetes',
    kinds: ['Role', 'ClusterRole'],
    check: (t) => (isVendorRbacObject(t) ? [] : check.check(rulesOf(t.object))),
  });
}

/** A check over RoleBindings and ClusterRoleBindings; vendor bindings (see {@link isVendorRbacObject}) pass. */
function defineBindingCheck(check: Omit<PolicyCheck, 'domain'>): PolicyCheck {
  return defineCheck({ ...check, domain: 'kubernetes', check: (t, index) => (isVendorRbacObject(t) ? [] : check.check(t, index)) });
}

/** Verbs on resources that let a subject raise its own permissions. */
const ESCALATION_GRANTS: ReadonlyArray<{ verb: string; group: string; resources: string[]; what: string }> = [
  { verb: 'escalate', group: RBAC_GROUP, resources: ['roles', 'clusterroles'], what: 'write roles with permissions it does not hold' },
  { verb: 'bind', group: RBAC_GROUP, resources: ['roles', 'clusterroles'], what: 'bind roles with permissions it does not hold' },
  { verb: 'impersonate', group: '', resources: ['users', 'groups', 'serviceaccounts'], what: 'act as other identities' },
  { verb: 'impersonate', group: 'authentication.k8s.io', resources: ['uids', 'userextras/scopes'], what: 'act as other identities' },
];

export const RBAC_CHECKS: PolicyCheck[] = [
  defineRoleCheck({
    id: 'rbac-wildcard',
    description: 'Roles name their verbs and resources; no "*".',
    remediation: 'List the exact verbs and resources the subject needs.',
    severity: 'error',
    references: ['kube-linter: wildcard-in-rules', 'CKV_K8S_49'],
    check: (rules) => rules.flatMap(({ rule, i }) => [
      ...(strings(rule.verbs).includes('*') ? [`rule ${i} allows every verb`] : []),
      ...(strings(rule.resources).includes('*') ? [`rule ${i} covers every resource`] : []),
    ]),
  }),
  defineRoleCheck({
    id: 'rbac-pods-exec',
    description: 'Roles do not allow exec or attach into pods.',
    remediation: 'Remove pods/exec and pods/attach; use logs and debugging tools with their own audit trail.',
    severity: 'error',
    references: ['Polaris: clusterrolePodExecAttach, rolePodExecAttach, clusterrolebindingPodExecAttach, rolebindingClusterRolePodExecAttach, rolebindingRolePodExecAttach', 'CKV2_K8S_2'],
    check: (rules) => rules.flatMap(({ rule, i }) => ['pods/exec', 'pods/attach']
      .filter((res) => grants(rule, res, ['create', 'get'])).map((res) => `rule ${i} allows ${res}`)),
  }),
  defineRoleCheck({
    id: 'rbac-privilege-escalation',
    description: 'Roles do not grant escalate or bind on roles, or impersonate, unless the object records why (these let a subject give itself any permission).',
    remediation: 'Remove the escalate, bind and impersonate verbs; where a controller needs them, record why with the annotation '
      + `${SUPPRESS_ANNOTATION_PREFIX}rbac-privilege-escalation (suppressCheck in code).`,
    severity: 'error',
    references: ['Kubernetes: RBAC good practices (escalate, bind, impersonate)', 'CIS Kubernetes 5.1.8'],
    check: (rules) => rules.flatMap(({ rule, i }) => ESCALATION_GRANTS.flatMap((g) => {
      const hit = g.resources.filter((res) => grants(rule, res, [g.verb], g.group));
      return hit.length > 0 ? [`rule ${i} allows ${g.verb} on ${hit.join(', ')} (it can ${g.what})`] : [];
    })),
  }),
  defineRoleCheck({
    id: 'rbac-create-pods',
    description: 'Roles do not allow creating pods unless the object records why (a pod runs as any ServiceAccount of its namespace and mounts any of its Secrets).',
    remediation: 'Let the subject create Deployments or Jobs instead of pods; where it must create pods, record why with the annotation '
      + `${SUPPRESS_ANNOTATION_PREFIX}rbac-create-pods (suppressCheck in code).`,
    severity: 'error',
    references: ['kube-linter: access-to-create-pods', 'CIS Kubernetes 5.1.4'],
    check: (rules) => rules.filter(({ rule }) => grants(rule, 'pods', ['create']))
      .map(({ i }) => `rule ${i} allows create on pods (a pod can run as any ServiceAccount of the namespace and mount its Secrets)`),
  }),
  defineBindingCheck({
    id: 'rbac-cluster-admin-binding',
    kinds: ['RoleBinding', 'ClusterRoleBinding'],
    description: 'Nobody is bound to cluster-admin, or to a role as powerful (every verb on every resource of every API group).',
    remediation: 'Bind a role with exactly the permissions needed (read-only: the built-in "view").',
    severity: 'error',
    references: ['kube-linter: cluster-admin-role-binding', 'Polaris: clusterrolebindingClusterAdmin, rolebindingClusterAdminClusterRole, rolebindingClusterAdminRole'],
    check: (t, index) => {
      const role = boundRole(t, index);
      if (!role) {
        return [];
      }
      if (role.kind === 'ClusterRole' && role.name === 'cluster-admin') {
        return ['the binding grants cluster-admin'];
      }
      const rule = role.object ? adminRule(role.object) : -1;
      const where = t.kind === 'RoleBinding' ? `within namespace ${t.namespace}` : 'across the cluster';
      return rule >= 0 ? [`the binding grants ${role.kind} ${role.name}, whose rule ${rule} allows every verb on every resource of every API group: cluster-admin ${where}`] : [];
    },
  }),
  defineBindingCheck({
    id: 'rbac-cluster-secrets-read',
    kinds: ['ClusterRoleBinding', 'RoleBinding'],
    description: 'Nobody can read Secrets across the whole cluster, nor every Secret of a namespace through a ClusterRole (admin, edit, or one of yours).',
    remediation: 'Grant Secret access with a Role and RoleBinding in the one namespace that needs it, naming the Secrets (resourceNames).',
    severity: 'error',
    references: ['kube-linter: access-to-secrets', 'CKV2_K8S_5'],
    check: (t, index) => {
      const role = boundRole(t, index);
      if (!role || role.kind !== 'ClusterRole') {
        return [];
      }
      const namespaced = t.kind === 'RoleBinding';
      const reads = BUILTIN_SECRET_READERS.includes(role.name) || rulesOf(role.object)
        .some(({ rule }) => grants(rule, 'secrets', ['get', 'list', 'watch']) && !(namespaced && strings(rule.resourceNames).length > 0));
      if (!reads) {
        return [];
      }
      return [namespaced
        ? `the binding lets its subjects read every Secret of namespace ${t.namespace} (namespace-wide, ClusterRole ${role.name})`
        : `the binding lets its subjects read Secrets in every namespace (ClusterRole ${role.name})`];
    },
  }),
  defineBindingCheck({
    id: 'rbac-broad-subject',
    kinds: ['RoleBinding', 'ClusterRoleBinding'],
    description: 'Bindings name specific subjects, not groups that hold every identity of the cluster.',
    remediation: 'Bind the ServiceAccounts, users or groups that need the role; never system:authenticated, system:unauthenticated or system:serviceaccounts.',
    severity: 'error',
    references: ['kube-linter: (rbac)', 'Cloud Native with Kubernetes ch. 12 privileged-crb'],
    check: (t) => (Array.isArray(t.object?.subjects) ? t.object.subjects : []).filter(isObject)
      .filter((s: any) => (s.kind === 'Group' && BROAD_GROUPS.includes(s.name)) || (s.kind === 'User' && s.name === 'system:anonymous'))
      .map((s: any) => `the binding grants ${t.object.roleRef?.kind} ${t.object.roleRef?.name} to ${s.kind} ${s.name}`),
  }),
  defineCheck({
    id: 'rbac-role-ref-exists',
    domain: 'kubernetes',
    kinds: ['RoleBinding', 'ClusterRoleBinding'],
    description: 'A binding points at a role that exists, with the role\'s own kind.',
    remediation: 'Point roleRef at the Role (same namespace) or ClusterRole that holds the rules, with the matching kind.',
    severity: 'error',
    references: ['The Kubernetes Workshop ch. 13 test-role-binding', 'kubectl auth can-i'],
    check: (t, index) => {
      const ref = isObject(t.object?.roleRef) ? t.object.roleRef : {};
      const role = index.get('Role', t.namespace, ref.name);
      if (ref.kind === 'Role') {
        return t.object.kind === 'ClusterRoleBinding' ? [`a ClusterRoleBinding cannot point at Role ${ref.name}`]
          : role ? [] : [`Role ${ref.name} does not exist in namespace ${t.namespace}`];
      }
      return ref.kind === 'ClusterRole' && role && !index.get('ClusterRole', undefined, ref.name)
        ? [`roleRef says ClusterRole ${ref.name}, but ${ref.name} is a Role in namespace ${t.namespace}`] : [];
    },
  }),
  defineRoleCheck({
    id: 'rbac-rule-api-group',
    description: 'Role rules list each built-in resource under an API group that serves it (a removed API serves nothing).',
    remediation: 'Put the resource under its group (deployments in "apps", jobs in "batch"); drop rules for removed APIs such as podsecuritypolicies.',
    severity: 'error',
    references: ['CKA notes (extensions group)', 'Cloud Native with Kubernetes privileged-role (PSP use)'],
    check: (rules) => rules.flatMap(({ rule, i }) => ruleGroupProblems(strings(rule.apiGroups), strings(rule.resources)).map((p) => `rule ${i}: ${p}`)),
  }),
];
