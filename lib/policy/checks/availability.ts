import { defineCheck, definePodCheck } from '../define';
import { REPLICATED_KINDS, isMap, podLabels, replicasOf } from '../pods';
import { mapSelects, selectorMatches } from '../selectors';
import { LabelIndex } from '../selector-index';
import { ObjectIndex } from '../object-index';
import { PolicyCheck, PolicyTarget } from '../types';

/**
 * Where a workload's selector is and whether it selects its pod template's labels; undefined when it sets none
 * (a Job's is generated; a ReplicationController's defaults to the template labels). A ReplicationController has a
 * plain map selector, a CronJob has its selector in the job template.
 */
function selectorProblem(t: PolicyTarget): string | undefined {
  const labels = podLabels(t.object);
  if (t.kind === 'ReplicationController') {
    const selector = t.object.spec?.selector;
    return selector && Object.keys(selector).length > 0 && !mapSelects(selector, labels) ? 'spec.selector' : undefined;
  }
  const field = t.kind === 'CronJob' ? 'spec.jobTemplate.spec.selector' : 'spec.selector';
  const selector = t.kind === 'CronJob' ? t.object.spec?.jobTemplate?.spec?.selector : t.object.spec?.selector;
  return selector && !selectorMatches(selector, labels) ? field : undefined;
}

/** The HorizontalPodAutoscaler that scales a workload, if any. */
export function autoscalerOf(t: PolicyTarget, index: ObjectIndex): PolicyTarget | undefined {
  // The first autoscaler of the namespace that targets each kind and name, found once per namespace.
  const byTarget = index.memo(`autoscalers\u0000${t.namespace ?? ''}`, () => {
    const found = new Map<string, PolicyTarget>();
    for (const h of index.ofKind('HorizontalPodAutoscaler', t.namespace)) {
      const ref = h.object.spec?.scaleTargetRef;
      const key = `${ref?.kind}\u0000${ref?.name}`;
      if (typeof ref?.kind === 'string' && typeof ref?.name === 'string' && !found.has(key)) {
        found.set(key, h);
      }
    }
    return found;
  });
  return byTarget.get(`${t.kind}\u0000${t.name}`);
}

/**
 * Whether more than one pod of the workload can run: an autoscaler that scales it lets it run more than one (maxReplicas
 * above 1), or, without one, its replicas are above 1 or unset. Unset replicas are managed elsewhere (an autoscaler or a
 * controller outside the output) or left at the default, so they count as replicated; only an explicit `replicas: 1`
 * (or 0), or an autoscaler with maxReplicas 1, makes a single-replica workload.
 */
function runsSeveral(t: PolicyTarget, index: ObjectIndex): boolean {
  const declared = t.object?.spec?.replicas;
  const explicit = typeof declared === 'number' && Number.isFinite(declared) ? declared : undefined;
  const max = autoscalerOf(t, index)?.object?.spec?.maxReplicas;
  if (typeof max === 'number' && Number.isFinite(max)) {
    return max > 1 || (explicit ?? 0) > 1;
  }
  return explicit === undefined || explicit > 1;
}

/**
 * The labels a workload's pods carry: its pod template's, or, when the template has none, the matchLabels of its
 * selector (which its pods must carry).
 */
function podLabelsOrSelector(m: any): Record<string, string> {
  const labels = podLabels(m);
  if (isMap(labels) && Object.keys(labels).length > 0) {
    return labels;
  }
  const match = m?.spec?.selector?.matchLabels;
  return isMap(match) ? match : {};
}

/** The pod affinity terms of a podAntiAffinity, required and preferred. */
function antiAffinityTerms(anti: Record<string, any>): Array<Record<string, any>> {
  const required = Array.isArray(anti.requiredDuringSchedulingIgnoredDuringExecution) ? anti.requiredDuringSchedulingIgnoredDuringExecution : [];
  const preferred = Array.isArray(anti.preferredDuringSchedulingIgnoredDuringExecution) ? anti.preferredDuringSchedulingIgnoredDuringExecution : [];
  return [...required, ...preferred.map((p: any) => p?.podAffinityTerm)].filter(isMap);
}

/**
 * Whether an anti-affinity term keeps the workload's pods apart: its labelSelector selects their labels, and its
 * namespaces (when listed) include theirs. A namespaceSelector is taken as matching (the Namespace labels may not be here).
 */
function repelsOwnPods(term: Record<string, any>, t: PolicyTarget): boolean {
  const namespaces = Array.isArray(term.namespaces) ? term.namespaces : [];
  const own = t.namespace ?? 'default';
  return isMap(term.labelSelector) && selectorMatches(term.labelSelector, podLabels(t.object))
    && (namespaces.length === 0 || isMap(term.namespaceSelector) || namespaces.includes(own));
}

/**
 * An int-or-percent of a PodDisruptionBudget as a pod count out of `total` (a percentage rounded up, as the disruption
 * controller does), or undefined when it is neither.
 */
function scaled(value: unknown, total: number): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) {
    return value;
  }
  const m = typeof value === 'string' ? /^(\d+)(%?)$/.exec(value.trim()) : null;
  if (!m) {
    return undefined;
  }
  return m[2] === '%' ? Math.ceil((Number(m[1]) * total) / 100) : Number(m[1]);
}

export const AVAILABILITY_CHECKS: PolicyCheck[] = [
  definePodCheck({
    id: 'workload-disruption-budget',
    // DaemonSets (drains skip their pods), Jobs, CronJobs and bare Pods are left out.
    kinds: REPLICATED_KINDS,
    description: 'A workload with more than one pod (replicas above 1 or unset, or an autoscaler\'s maxReplicas above 1) has a '
      + 'PodDisruptionBudget. One with a single replica (an explicit replicas: 1, or an autoscaler\'s maxReplicas: 1) needs none: no budget can keep its only pod up through a drain, and one that allows no '
      + 'disruption would block the drain (if it has one, pdb-allows-disruption holds it to maxUnavailable: 1).',
    remediation: 'Add a policy/v1 PodDisruptionBudget selecting its pods (maxUnavailable: 1).',
    severity: 'warning',
    references: ['kube-score: deployment-has-poddisruptionbudget, statefulset-has-poddisruptionbudget', 'Polaris: missingPodDisruptionBudget'],
    check: (_spec, t, index) => {
      if (!runsSeveral(t, index)) {
        return [];
      }
      const labels = podLabels(t.object);
      return index.selecting('PodDisruptionBudget', t.namespace, labels).length > 0 ? [] : ['no PodDisruptionBudget selects the pods'];
    },
  }),
  definePodCheck({
    id: 'workload-spread',
    // A DaemonSet runs one pod per node already; Jobs, CronJobs and bare Pods are left out.
    kinds: REPLICATED_KINDS,
    description: 'A workload with more than one pod (replicas above 1 or unset, or an autoscaler\'s maxReplicas above 1) spreads '
      + 'them over nodes: topology spread constraints, or a pod anti-affinity term that selects the workload\'s own pods in its '
      + 'namespace. A single replica (an explicit replicas: 1) has nothing to spread.',
    remediation: 'Add topologySpreadConstraints on kubernetes.io/hostname (and topology.kubernetes.io/zone).',
    severity: 'warning',
    references: ['kube-score: deployment-has-host-podantiaffinity, statefulset-has-host-podantiaffinity', 'kube-linter: no-anti-affinity', 'Polaris: topologySpreadConstraint'],
    check: (spec, t, index) => {
      if (!runsSeveral(t, index) || (Array.isArray(spec.topologySpreadConstraints) && spec.topologySpreadConstraints.length > 0)) {
        return [];
      }
      const anti = spec.affinity?.podAntiAffinity;
      if (!isMap(anti)) {
        return ['the pods may all land on one node'];
      }
      return antiAffinityTerms(anti).some((term) => repelsOwnPods(term, t)) ? []
        : ['the pods may all land on one node: no pod anti-affinity term selects the workload\'s own pods in its namespace'];
    },
  }),
  definePodCheck({
    id: 'workload-selector-matches',
    kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob'],
    description: 'The workload\'s selector matches its pod template labels.',
    remediation: 'Make spec.selector match spec.template.metadata.labels.',
    severity: 'error',
    references: ['kube-linter: mismatching-selector', 'kube-score: *-pod-selector-labels-match-template-metadata-labels'],
    check: (_spec, t) => {
      const field = selectorProblem(t);
      return field ? [`${field} does not match the pod template labels`] : [];
    },
  }),
  defineCheck({
    id: 'pdb-allows-disruption',
    domain: 'kubernetes',
    kinds: ['PodDisruptionBudget'],
    description: 'A PodDisruptionBudget lets at least one of the pods it selects be evicted, or node drains hang: maxUnavailable is not 0 '
      + '(nor "0%"), and minAvailable (a count, or a percentage rounded up as Kubernetes does) stays below the pods there are: the '
      + 'replicas of the workloads it selects (a bare Pod counts one), or the autoscaler\'s minReplicas where one scales them. This '
      + 'holds for one replica too: maxUnavailable: 1 passes, minAvailable: 1 blocks every drain.',
    remediation: 'Use maxUnavailable: 1 (or minAvailable below the replica count, and below the autoscaler\'s minReplicas).',
    severity: 'error',
    references: ['kube-linter: pdb-max-unavailable, pdb-min-available', 'Polaris: pdbDisruptionsIsZero, pdbMinAvailableGreaterThanOrEqualToHPAMinReplicas'],
    check: (t, index) => {
      const spec = isMap(t.object?.spec) ? t.object.spec : {};
      // Both set is refused by the API (pdb-has-budget); each is judged here.
      const zeroMax = spec.maxUnavailable !== undefined && spec.maxUnavailable !== null && scaled(spec.maxUnavailable, 1) === 0
        ? [`maxUnavailable is ${spec.maxUnavailable}`] : [];
      if (spec.minAvailable === undefined || spec.minAvailable === null) {
        return zeroMax;
      }
      if (spec.minAvailable === '100%') {
        return [...zeroMax, 'minAvailable is 100%'];
      }
      // The workloads by the labels the budget's selector is matched against, found once per namespace.
      const byLabels = index.memo(`budget pods\u0000${t.namespace ?? ''}`, () => new LabelIndex(
        index.workloads(t.namespace).filter((w) => ['Pod', ...REPLICATED_KINDS].includes(w.kind)), (w) => podLabelsOrSelector(w.object)));
      const pods = byLabels.candidates(isMap(spec.selector) ? spec.selector.matchLabels : undefined)
        .filter((w) => selectorMatches(spec.selector, podLabelsOrSelector(w.object)))
        .map((w) => {
          const hpa = autoscalerOf(w, index);
          const min = hpa?.object?.spec?.minReplicas;
          const n = hpa ? (typeof min === 'number' ? min : 1) : w.kind === 'Pod' ? 1 : replicasOf(w.object) ?? 1;
          return { w, n, what: hpa ? `${n} replicas at autoscaler ${hpa.name}'s minimum` : w.kind === 'Pod' ? '1 pod' : `${n} replicas` };
        });
      const total = pods.reduce((sum, p) => sum + p.n, 0);
      const needed = scaled(spec.minAvailable, total);
      if (pods.length === 0 || total === 0 || needed === undefined || needed < total) {
        return zeroMax;
      }
      const which = pods.map((p) => `${p.w.kind} ${p.w.name} (${p.what})`).join(', ');
      return [...zeroMax, `minAvailable ${spec.minAvailable} leaves no disruption for ${which}${pods.length > 1 ? `: ${total} pods in all` : ''}`];
    },
  }),
  defineCheck({
    id: 'pdb-has-budget',
    domain: 'kubernetes',
    kinds: ['PodDisruptionBudget'],
    description: 'A PodDisruptionBudget sets exactly one of minAvailable and maxUnavailable. With neither, a policy/v1 budget protects '
      + 'no pod (every eviction is allowed), and a policy/v1beta1 one meant minAvailable: 1; the API refuses both together.',
    remediation: 'Set maxUnavailable: 1 (or a minAvailable below the replica count).',
    severity: 'warning',
    references: ['kube-score: poddisruptionbudget-has-policy'],
    check: (t) => {
      const spec = isMap(t.object?.spec) ? t.object.spec : {};
      const unset = (v: unknown) => v === undefined || v === null;
      if (unset(spec.minAvailable) && unset(spec.maxUnavailable)) {
        return ['sets neither minAvailable nor maxUnavailable'];
      }
      return !unset(spec.minAvailable) && !unset(spec.maxUnavailable) ? ['sets both minAvailable and maxUnavailable, which the API refuses'] : [];
    },
  }),
  defineCheck({
    id: 'pdb-unhealthy-eviction',
    domain: 'kubernetes',
    kinds: ['PodDisruptionBudget'],
    description: 'Pods that are not ready can always be evicted, so a broken rollout cannot block node drains.',
    remediation: 'Set unhealthyPodEvictionPolicy: AlwaysAllow.',
    severity: 'warning',
    references: ['kube-linter: pdb-unhealthy-pod-eviction-policy'],
    check: (t) => (t.object.spec?.unhealthyPodEvictionPolicy !== 'AlwaysAllow' ? ['unhealthyPodEvictionPolicy is not AlwaysAllow'] : []),
  }),
];
