import { defineCheck } from '../define';
import { appendTo } from '../multi-map';
import { ObjectIndex } from '../object-index';
import { mapsOf, podSpec } from '../pods';
import { isMap } from '../selectors';
import { PolicyCheck, PolicyTarget } from '../types';
import { isVendorRbacObject } from './rbac';

/** Whether a pod spec gets a token for the API: automounted (pod, else ServiceAccount, else Kubernetes' default: yes), or projected. */
function mountsToken(spec: any, account: any): boolean {
  const automount = typeof spec.automountServiceAccountToken === 'boolean' ? spec.automountServiceAccountToken
    : typeof account?.automountServiceAccountToken === 'boolean' ? account.automountServiceAccountToken : true;
  return automount || mapsOf(spec.volumes).some((v) => mapsOf(v.projected?.sources).some((s) => isMap(s.serviceAccountToken)));
}

/** The ServiceAccount a pod spec runs as ("default" when it names none). */
function accountOf(spec: any): string {
  const name = spec.serviceAccountName ?? spec.serviceAccount;
  return typeof name === 'string' && name !== '' ? name : 'default';
}

/** The workloads of a namespace by the ServiceAccount their pods run as (found once per namespace). */
function workloadsRunningAs(index: ObjectIndex, namespace: string | undefined): Map<unknown, PolicyTarget[]> {
  return index.memo(`workloads by account\u0000${namespace ?? ''}`, () => {
    const byAccount = new Map<unknown, PolicyTarget[]>();
    for (const w of index.workloads(namespace)) {
      const spec = podSpec(w.object);
      if (spec !== undefined) {
        appendTo(byAccount, accountOf(spec), w);
      }
    }
    return byAccount;
  });
}

/**
 * The findings of one binding: for each ServiceAccount subject that some workload of the checked objects runs as,
 * and none of whose pods mounts a token, one message. A ServiceAccount no workload here runs as may be used from
 * outside (a CI pipeline's token, another tool): it is not reported.
 */
function unusedGrants(t: PolicyTarget, index: ObjectIndex): string[] {
  const role = isMap(t.object?.roleRef) ? `${t.object.roleRef.kind} ${t.object.roleRef.name}` : 'its role';
  return mapsOf(t.object?.subjects).filter((s) => s.kind === 'ServiceAccount' && typeof s.name === 'string').flatMap((s) => {
    // A subject's namespace is required; a RoleBinding's own is the best guess for foreign YAML that leaves it out.
    const namespace = typeof s.namespace === 'string' ? s.namespace : t.namespace;
    const pods = workloadsRunningAs(index, namespace).get(s.name) ?? [];
    if (pods.length === 0) {
      return [];
    }
    const account = index.get('ServiceAccount', namespace, s.name)?.object;
    if (pods.some((w) => mountsToken(podSpec(w.object), account))) {
      return [];
    }
    const who = pods.map((w) => `${w.kind} ${w.name}`).join(', ');
    return [`the binding grants ${role} to ServiceAccount ${namespace}/${s.name}, but no pod that runs as it mounts an API token (${who}): `
      + 'the permissions go unused, or the pods cannot make the calls they were meant to'];
  });
}

export const RBAC_TOKEN_CHECKS: PolicyCheck[] = [
  defineCheck({
    id: 'rbac-bound-without-token',
    domain: 'kubernetes',
    kinds: ['RoleBinding', 'ClusterRoleBinding'],
    description: 'RBAC bound to a ServiceAccount that workloads of the app run as is used: at least one of their pods mounts an API token '
      + '(automounted, or a projected serviceAccountToken volume). A ServiceAccount that no workload of the app runs as is not judged.',
    remediation: 'Give the workload `apiAccess` with the reason its pods call the API (a projected token and the binding in one), or remove the binding '
      + 'if the pods do not call the API.',
    severity: 'warning',
    references: [],
    check: (t, index) => (isVendorRbacObject(t) ? [] : unusedGrants(t, index)),
  }),
];
