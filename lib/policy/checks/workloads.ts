import { defineCheck, definePodCheck } from '../define';
import { isMap, mapsOf, podLabels, podSpec } from '../pods';
import { PolicyCheck, PolicyTarget } from '../types';
import { ObjectIndex } from '../object-index';

// Checks of workload controllers themselves (CronJob, Job, Deployment, HorizontalPodAutoscaler) and of pod-spec
// fields that are not about containers.

/** A count of foreign YAML: an integer, or undefined for anything else. */
const count = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);

/** The Services of the workload's namespace whose selector picks its pods. */
function servicesSelecting(t: PolicyTarget, index: ObjectIndex): PolicyTarget[] {
  const labels = podLabels(t.object);
  return index.selecting('Service', t.namespace, isMap(labels) ? labels : {});
}

/** The volumes of a pod spec that mount a PersistentVolumeClaim. */
const claimVolumes = (spec: any): string[] => mapsOf(spec?.volumes).filter((v) => isMap(v.persistentVolumeClaim)).map((v) => String(v.name));

export const WORKLOAD_CHECKS: PolicyCheck[] = [
  defineCheck({
    id: 'cronjob-starting-deadline',
    domain: 'kubernetes',
    kinds: ['CronJob'],
    description: 'A CronJob sets startingDeadlineSeconds, so a run that could not start on time (controller down, quota full) is skipped '
      + 'once it is that late instead of starting at any later moment, and the controller counts missed runs only within that window.',
    remediation: 'Set spec.startingDeadlineSeconds (at least 10; keelson\'s CronJob writes 3600 unless told otherwise).',
    severity: 'warning',
    references: ['kube-score: cronjob-has-deadline'],
    check: (t) => (count(t.object?.spec?.startingDeadlineSeconds) === undefined ? ['spec.startingDeadlineSeconds is not set'] : []),
  }),
  defineCheck({
    id: 'job-restart-policy',
    domain: 'kubernetes',
    kinds: ['Job', 'CronJob'],
    description: 'The pods of a Job (and of a CronJob\'s job template) set restartPolicy OnFailure or Never; the API server refuses '
      + 'Always, which is also what an unset restartPolicy means.',
    remediation: 'Set restartPolicy: OnFailure (retry in the same pod) or Never (a new pod per attempt) in the pod template.',
    severity: 'error',
    references: ['kube-score: cronjob-restartpolicy'],
    check: (t) => {
      const spec = podSpec(t.object);
      if (!spec) {
        return [];
      }
      const policy = spec.restartPolicy;
      return policy === 'OnFailure' || policy === 'Never' ? [] : [`the pod template's restartPolicy is ${policy === undefined ? 'unset (Always)' : JSON.stringify(policy)}, not OnFailure or Never`];
    },
  }),
  defineCheck({
    id: 'job-ttl-after-finished',
    domain: 'kubernetes',
    kinds: ['Job', 'CronJob'],
    description: 'A Job of its own sets ttlSecondsAfterFinished, so finished Jobs and their pods do not pile up; a CronJob\'s job '
      + 'template does not, because the CronJob\'s history limits already clean up and a TTL would delete a failed run before anyone '
      + 'looks at it. A Job created by another object (ownerReferences) is left to its owner.',
    remediation: 'Set spec.ttlSecondsAfterFinished on a Job (keelson\'s Job writes a day); remove it from a CronJob\'s jobTemplate and use successfulJobsHistoryLimit / failedJobsHistoryLimit.',
    severity: 'warning',
    references: ['kube-linter: job-ttl-seconds-after-finished'],
    check: (t) => {
      if (t.kind === 'CronJob') {
        const ttl = t.object?.spec?.jobTemplate?.spec?.ttlSecondsAfterFinished;
        return ttl === undefined || ttl === null ? [] : [`spec.jobTemplate.spec.ttlSecondsAfterFinished is ${JSON.stringify(ttl)}; the history limits clean up a CronJob's Jobs`];
      }
      if (mapsOf(t.object?.metadata?.ownerReferences).length > 0) {
        return [];
      }
      return count(t.object?.spec?.ttlSecondsAfterFinished) === undefined ? ['spec.ttlSecondsAfterFinished is not set: the finished Job and its pods stay until deleted by hand'] : [];
    },
  }),
  definePodCheck({
    id: 'pod-service-account-field',
    description: 'Pod specs name their ServiceAccount in serviceAccountName, not in the deprecated serviceAccount field (when both are set '
      + 'and differ, serviceAccountName wins and the other misleads the reader).',
    remediation: 'Move the name to serviceAccountName and remove serviceAccount.',
    severity: 'warning',
    references: ['kube-linter: deprecated-service-account-field'],
    check: (spec) => {
      const old = spec.serviceAccount;
      if (old === undefined || old === null || old === '') {
        return [];
      }
      const current = spec.serviceAccountName;
      if (current !== undefined && current !== null && current !== old) {
        return [`the pod sets the deprecated serviceAccount "${old}", which differs from serviceAccountName "${current}" (the one used)`];
      }
      return [`the pod sets the deprecated serviceAccount "${old}"`];
    },
  }),
  definePodCheck({
    id: 'deployment-rolling-update',
    kinds: ['Deployment'],
    description: 'A Deployment that a Service sends traffic to replaces its pods with a RollingUpdate (the default), so a rollout never '
      + 'stops all of them at once. Recreate is accepted when the pods mount a PersistentVolumeClaim (a ReadWriteOnce volume cannot '
      + 'be attached to the old and the new pod at once, see the storage checks), and for Deployments no Service selects.',
    remediation: 'Remove spec.strategy or set type: RollingUpdate (with maxUnavailable: 0 and maxSurge: 1 for no loss of capacity); or suppress with the reason for Recreate.',
    severity: 'warning',
    references: ['kube-score: deployment-strategy', 'kube-linter: no-rolling-update-strategy'],
    check: (spec, t, index) => {
      const type = t.object?.spec?.strategy?.type;
      if (type === undefined || type === null || type === 'RollingUpdate' || claimVolumes(spec).length > 0) {
        return [];
      }
      const services = servicesSelecting(t, index);
      return services.length > 0
        ? [`strategy ${JSON.stringify(type)} stops every pod before starting new ones, while Service ${services.map((s) => s.name).join(', ')} sends them traffic`]
        : [];
    },
  }),
  defineCheck({
    id: 'hpa-replicas',
    domain: 'kubernetes',
    kinds: ['HorizontalPodAutoscaler'],
    description: 'A HorizontalPodAutoscaler keeps at least 2 replicas (minReplicas, which defaults to 1), so losing one pod or node '
      + 'never leaves the workload without a ready pod, and its maxReplicas is above minReplicas (else it cannot scale). Two is '
      + 'the least that has this property (kube-score\'s and Polaris\'s choice; kube-linter\'s optional check asks for 3).',
    remediation: 'Set spec.minReplicas to 2 or more and spec.maxReplicas above it.',
    severity: 'warning',
    references: ['kube-score: horizontalpodautoscaler-replicas', 'Polaris: hpaMinAvailability, hpaMaxAvailability', 'kube-linter: hpa-minimum-three-replicas'],
    check: (t) => {
      const spec = isMap(t.object?.spec) ? t.object.spec : {};
      const min = spec.minReplicas === undefined || spec.minReplicas === null ? 1 : count(spec.minReplicas);
      const max = count(spec.maxReplicas);
      return [
        ...(min !== undefined && min < 2 ? [`minReplicas is ${min}${spec.minReplicas === undefined ? ' (unset)' : ''}: one lost pod leaves no ready replica`] : []),
        ...(min !== undefined && max !== undefined && max <= min ? [`maxReplicas ${max} is not above minReplicas ${min}: the autoscaler cannot scale`] : []),
      ];
    },
  }),
  definePodCheck({
    id: 'topology-spread-valid',
    description: 'Each of a pod\'s topologySpreadConstraints can work: maxSkew is an integer of at least 1, topologyKey is set, '
      + 'whenUnsatisfiable is DoNotSchedule or ScheduleAnyway, minDomains (if set) is at least 1, and a labelSelector says which pods '
      + 'to count (without one the constraint counts no pods and spreads nothing).',
    remediation: 'Write each constraint as maxSkew: 1, topologyKey: kubernetes.io/hostname (or topology.kubernetes.io/zone), '
      + 'whenUnsatisfiable: DoNotSchedule or ScheduleAnyway, and a labelSelector matching the pod\'s own labels.',
    severity: 'error',
    references: ['kube-score: pod-topology-spread-constraints'],
    check: (spec) => {
      const raw = spec.topologySpreadConstraints;
      if (raw === undefined || raw === null) {
        return [];
      }
      if (!Array.isArray(raw)) {
        return ['topologySpreadConstraints is not a list'];
      }
      return raw.flatMap((c: unknown, i: number) => {
        const at = `topologySpreadConstraints[${i}]`;
        if (!isMap(c)) {
          return [`${at} is not a map`];
        }
        const skew = count(c.maxSkew);
        const key = c.topologyKey;
        return [
          ...(skew === undefined || skew < 1 ? [`${at}: maxSkew ${JSON.stringify(c.maxSkew) ?? 'is unset'}${c.maxSkew === undefined ? '' : ' is not an integer of at least 1'}`] : []),
          ...(typeof key !== 'string' || key.trim() === '' ? [`${at}: no topologyKey`] : []),
          ...(!['DoNotSchedule', 'ScheduleAnyway'].includes(c.whenUnsatisfiable)
            ? [`${at}: whenUnsatisfiable ${JSON.stringify(c.whenUnsatisfiable) ?? 'is unset'}${c.whenUnsatisfiable === undefined ? '' : ' is neither DoNotSchedule nor ScheduleAnyway'}`] : []),
          ...(c.minDomains !== undefined && c.minDomains !== null && !((count(c.minDomains) ?? 0) >= 1)
            ? [`${at}: minDomains ${JSON.stringify(c.minDomains)} is not an integer of at least 1`] : []),
          ...(!isMap(c.labelSelector) ? [`${at}: no labelSelector, so it counts no pods and spreads nothing`] : []),
        ];
      });
    },
  }),
];
