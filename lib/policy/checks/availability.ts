import { defineCheck, definePodCheck } from '../define';
import { REPLICATED_KINDS, podLabels, replicasOf } from '../pods';
import { mapSelects, selectorMatches } from '../selectors';
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
  return index.ofKind('HorizontalPodAutoscaler', t.namespace)
    .find((h) => h.object.spec?.scaleTargetRef?.kind === t.kind && h.object.spec?.scaleTargetRef?.name === t.name);
}

/** Whether more than one pod of the workload can run. */
function runsSeveral(t: PolicyTarget, index: ObjectIndex): boolean {
  const hpa = autoscalerOf(t, index);
  return (replicasOf(t.object) ?? 1) > 1 || (hpa?.object.spec?.maxReplicas ?? 0) > 1;
}

export const AVAILABILITY_CHECKS: PolicyCheck[] = [
  definePodCheck({
    id: 'workload-disruption-budget',
    // DaemonSets (drains skip their pods), Jobs, CronJobs and bare Pods are left out.
    kinds: REPLICATED_KINDS,
    description: 'A workload with more than one pod has a PodDisruptionBudget.',
    remediation: 'Add a policy/v1 PodDisruptionBudget selecting its pods (maxUnavailable: 1).',
    severity: 'warning',
    references: ['kube-score: deployment-has-poddisruptionbudget, statefulset-has-poddisruptionbudget', 'Polaris: missingPodDisruptionBudget'],
    check: (_spec, t, index) => (runsSeveral(t, index)
      && !index.ofKind('PodDisruptionBudget', t.namespace).some((p) => selectorMatches(p.object.spec?.selector, podLabels(t.object)))
      ? ['no PodDisruptionBudget selects the pods'] : []),
  }),
  definePodCheck({
    id: 'workload-spread',
    // A DaemonSet runs one pod per node already; Jobs, CronJobs and bare Pods are left out.
    kinds: REPLICATED_KINDS,
    description: 'A workload with more than one pod spreads them over nodes (topology spread or pod anti-affinity).',
    remediation: 'Add topologySpreadConstraints on kubernetes.io/hostname (and topology.kubernetes.io/zone).',
    severity: 'warning',
    references: ['kube-score: deployment-has-host-podantiaffinity, pod-topology-spread-constraints', 'kube-linter: no-anti-affinity'],
    check: (spec, t, index) => (runsSeveral(t, index) && !(spec.topologySpreadConstraints?.length > 0) && !spec.affinity?.podAntiAffinity
      ? ['the pods may all land on one node'] : []),
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
    description: 'A PodDisruptionBudget lets at least one pod be evicted, or node drains hang.',
    remediation: 'Use maxUnavailable: 1 (or minAvailable below the replica count).',
    severity: 'error',
    references: ['kube-linter: pdb-max-unavailable, pdb-min-available', 'Polaris: pdbDisruptionsIsZero'],
    check: (t, index) => {
      const spec = t.object.spec ?? {};
      if (spec.maxUnavailable === 0 || spec.maxUnavailable === '0%') {
        return ['maxUnavailable is 0'];
      }
      if (spec.minAvailable === '100%') {
        return ['minAvailable is 100%'];
      }
      if (typeof spec.minAvailable === 'number') {
        return index.workloads(t.namespace)
          .filter((w) => selectorMatches(spec.selector, podLabels(w.object)) && !autoscalerOf(w, index) && (replicasOf(w.object) ?? Infinity) <= spec.minAvailable)
          .map((w) => `minAvailable ${spec.minAvailable} leaves no disruption for ${w.kind} ${w.name} (${replicasOf(w.object)} replicas)`);
      }
      return [];
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
