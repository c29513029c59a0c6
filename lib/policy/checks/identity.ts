import { AUTOMOUNT_REASON_ANNOTATION } from '../../core/annotations';
import { ruleGroupProblems } from '../../core/api-resources';
import { defineCheck, definePodCheck } from '../define';
import { podAnnotations } from '../pods';
import { PolicyCheck } from '../types';

/** Groups that hold (nearly) every identity of the cluster. */
const BROAD_GROUPS = ['system:authenticated', 'system:unauthenticated', 'system:serviceaccounts', 'system:masters'];

/** Cluster-wide roles that can read Secrets, besides cluster-admin. */
const BUILTIN_SECRET_READERS = ['admin', 'edit'];

function grants(rule: any, resource: string, verbs: string[], group = ''): boolean {
  const groups: string[] = rule.apiGroups ?? [''];
  const resources: string[] = rule.resources ?? [];
  const ruleVerbs: string[] = rule.verbs ?? [];
  return (groups.includes(group) || groups.includes('*'))
    && (resources.includes(resource) || resources.includes('*'))
    && (ruleVerbs.includes('*') || verbs.some((v) => ruleVerbs.includes(v)));
}

export const IDENTITY_CHECKS: PolicyCheck[] = [
  defineCheck({
    id: 'service-account-automount',
    domain: 'kubernetes',
    kinds: ['ServiceAccount'],
    description: 'ServiceAccounts do not mount an API token into pods unless pods need one.',
    remediation: `Set automountServiceAccountToken: false, or record why pods need the API in the ${AUTOMOUNT_REASON_ANNOTATION} annotation.`,
    severity: 'warning',
    references: ['Polaris: automountServiceAccountToken', 'CKV_K8S_38'],
    check: (t) => (t.object.automountServiceAccountToken !== false && !t.object.metadata?.annotations?.[AUTOMOUNT_REASON_ANNOTATION]
      ? ['the ServiceAccount mounts an API token into every pod that uses it'] : []),
  }),
  definePodCheck({
    id: 'pod-automount-token',
    description: 'Pods get an API token only where needed.',
    remediation: `Set automountServiceAccountToken: false on the pod or its ServiceAccount, or record the need in ${AUTOMOUNT_REASON_ANNOTATION}.`,
    severity: 'warning',
    references: ['kube-linter: (automount)', 'CKV_K8S_38'],
    check: (spec, t, index) => {
      const sa = index.get('ServiceAccount', t.namespace, spec.serviceAccountName ?? 'default')?.object;
      const mounted = spec.automountServiceAccountToken ?? sa?.automountServiceAccountToken ?? true;
      const reason = podAnnotations(t.object)[AUTOMOUNT_REASON_ANNOTATION] ?? sa?.metadata?.annotations?.[AUTOMOUNT_REASON_ANNOTATION];
      return mounted && !reason ? ['the pods get a Kubernetes API token they may not need'] : [];
    },
  }),
  definePodCheck({
    id: 'default-service-account',
    description: 'Pods run as their own ServiceAccount, not the namespace\'s default one.',
    remediation: 'Create a ServiceAccount for the workload and set serviceAccountName.',
    severity: 'warning',
    references: ['kube-linter: default-service-account', 'CKV_K8S_41/42'],
    check: (spec) => ((spec.serviceAccountName ?? 'default') === 'default' ? ['the pods run as the default ServiceAccount'] : []),
  }),
  defineCheck({
    id: 'secret-values',
    domain: 'kubernetes',
    kinds: ['Secret'],
    description: 'No Secret carries values in the manifests (they would end up in Git).',
    remediation: 'Create the Secret with External Secrets (ExternalSecret) or outside Git, and reference it by name.',
    severity: 'error',
    references: ['Polaris: sensitiveConfigmapContent', 'GitOps'],
    check: (t) => ['data', 'stringData'].filter((k) => t.object[k] && Object.keys(t.object[k]).length > 0).map((k) => `the Secret has ${k}`),
  }),
  defineCheck({
    id: 'rbac-wildcard',
    domain: 'kubernetes',
    kinds: ['Role', 'ClusterRole'],
    description: 'Roles name their verbs and resources; no "*".',
    remediation: 'List the exact verbs and resources the subject needs.',
    severity: 'error',
    references: ['kube-linter: wildcard-in-rules', 'CKV_K8S_49'],
    check: (t) => (t.object.rules ?? []).flatMap((r: any, i: number) => [
      ...((r.verbs ?? []).includes('*') ? [`rule ${i} allows every verb`] : []),
      ...((r.resources ?? []).includes('*') ? [`rule ${i} covers every resource`] : []),
    ]),
  }),
  defineCheck({
    id: 'rbac-pods-exec',
    domain: 'kubernetes',
    kinds: ['Role', 'ClusterRole'],
    description: 'Roles do not allow exec or attach into pods.',
    remediation: 'Remove pods/exec and pods/attach; use logs and debugging tools with their own audit trail.',
    severity: 'error',
    references: ['Polaris: clusterrolePodExecAttach, rolePodExecAttach', 'CKV2_K8S_2'],
    check: (t) => (t.object.rules ?? []).flatMap((r: any, i: number) => ['pods/exec', 'pods/attach']
      .filter((res) => grants(r, res, ['create', 'get'])).map((res) => `rule ${i} allows ${res}`)),
  }),
  defineCheck({
    id: 'rbac-cluster-admin-binding',
    domain: 'kubernetes',
    kinds: ['RoleBinding', 'ClusterRoleBinding'],
    description: 'Nobody is bound to cluster-admin.',
    remediation: 'Bind a role with exactly the permissions needed (read-only: the built-in "view").',
    severity: 'error',
    references: ['kube-linter: cluster-admin-role-binding', 'Polaris: clusterrolebindingClusterAdmin'],
    check: (t) => (t.object.roleRef?.kind === 'ClusterRole' && t.object.roleRef?.name === 'cluster-admin' ? ['the binding grants cluster-admin'] : []),
  }),
  defineCheck({
    id: 'rbac-cluster-secrets-read',
    domain: 'kubernetes',
    kinds: ['ClusterRoleBinding'],
    description: 'Nobody can read Secrets across the whole cluster.',
    remediation: 'Grant Secret access with a Role and RoleBinding in the one namespace that needs it.',
    severity: 'error',
    references: ['kube-linter: access-to-secrets', 'CKV2_K8S_5'],
    check: (t, index) => {
      const name = t.object.roleRef?.name;
      const role = index.get('ClusterRole', undefined, name)?.object;
      const reads = BUILTIN_SECRET_READERS.includes(name) || (role?.rules ?? []).some((r: any) => grants(r, 'secrets', ['get', 'list', 'watch']));
      return t.object.roleRef?.kind === 'ClusterRole' && reads ? [`the binding lets its subjects read Secrets in every namespace (ClusterRole ${name})`] : [];
    },
  }),
  defineCheck({
    id: 'rbac-broad-subject',
    domain: 'kubernetes',
    kinds: ['RoleBinding', 'ClusterRoleBinding'],
    description: 'Bindings name specific subjects, not groups that hold every identity of the cluster.',
    remediation: 'Bind the ServiceAccounts, users or groups that need the role; never system:authenticated, system:unauthenticated or system:serviceaccounts.',
    severity: 'error',
    references: ['kube-linter: (rbac)', 'Cloud Native with Kubernetes ch. 12 privileged-crb'],
    check: (t) => (t.object.subjects ?? []).filter((s: any) => (s.kind === 'Group' && BROAD_GROUPS.includes(s.name)) || (s.kind === 'User' && s.name === 'system:anonymous'))
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
      const ref = t.object.roleRef ?? {};
      const role = index.get('Role', t.namespace, ref.name);
      if (ref.kind === 'Role') {
        return t.object.kind === 'ClusterRoleBinding' ? [`a ClusterRoleBinding cannot point at Role ${ref.name}`]
          : role ? [] : [`Role ${ref.name} does not exist in namespace ${t.namespace}`];
      }
      return ref.kind === 'ClusterRole' && role && !index.get('ClusterRole', undefined, ref.name)
        ? [`roleRef says ClusterRole ${ref.name}, but ${ref.name} is a Role in namespace ${t.namespace}`] : [];
    },
  }),
  defineCheck({
    id: 'rbac-rule-api-group',
    domain: 'kubernetes',
    kinds: ['Role', 'ClusterRole'],
    description: 'Role rules list each built-in resource under an API group that serves it (a removed API serves nothing).',
    remediation: 'Put the resource under its group (deployments in "apps", jobs in "batch"); drop rules for removed APIs such as podsecuritypolicies.',
    severity: 'error',
    references: ['CKA notes (extensions group)', 'Cloud Native with Kubernetes privileged-role (PSP use)'],
    check: (t) => (t.object.rules ?? []).flatMap((r: any, i: number) => ruleGroupProblems(r.apiGroups, r.resources).map((p) => `rule ${i}: ${p}`)),
  }),
];
