import { Construct } from 'constructs';
import { DNS_LABEL } from '../core/formats';
import { JobSpec, KubeJob, PodTemplateSpec } from '../core/k8s';
import { RESOURCE_ID, propNames } from '../core/resource';
import { PropsValidator } from '../core/validator';
import { ContainerPortSpec, ContainerProps, podPorts } from './pod-spec';
import { list, object } from './shapes';
import { WORKLOAD_PROPS, Workload, WorkloadProps } from './workload';

/** The JavaScript shapes of the Job options. */
export const JOB_SHAPES = {
  podFailurePolicy: list(object({
    onExitCodes: object({ values: list('any', 'exit codes') }, 'an object { container, operator, values }'),
    onPodConditions: list(object({}, 'a pod condition { type, status }'), 'pod conditions'),
  }, 'a rule { action, onExitCodes or onPodConditions }'), 'rules'),
};

/** When a failed pod fails the Job, is ignored, or counts against backoffLimit (podFailurePolicy; restartPolicy Never). */
export interface PodFailureRule {
  /** What to do when the rule matches. */
  readonly action: 'FailJob' | 'FailIndex' | 'Ignore' | 'Count';
  /**
   * Matches exit codes of a container.
   * @default no exit-code condition
   */
  readonly onExitCodes?: { readonly container?: string; readonly operator: 'In' | 'NotIn'; readonly values: number[] };
  /**
   * Matches pod conditions, e.g. `[{ type: 'DisruptionTarget' }]` for pods evicted by a drain or preemption.
   * @default no condition
   */
  readonly onPodConditions?: Array<{ readonly type: string; readonly status?: 'True' | 'False' | 'Unknown' }>;
}

/** How a Job runs its pods to completion. */
export interface JobOptions {
  /**
   * Pods that must succeed.
   * @default 1
   */
  readonly completions?: number;
  /**
   * Pods that may run at once.
   * @default 1
   */
  readonly parallelism?: number;
  /**
   * Retries before the Job fails.
   * @default 6 (the Kubernetes default)
   */
  readonly backoffLimit?: number;
  /**
   * For Jobs and CronJobs, the seconds the whole Job may run (spec.activeDeadlineSeconds of the Job, not of its pods).
   * @default no limit
   */
  readonly activeDeadlineSeconds?: number;
  /**
   * Seconds a finished Job (and its pods' logs) is kept before it is deleted.
   * @default 86400 (one day) for a Job; none for a CronJob's Jobs, whose history limits prune them
   */
  readonly ttlSecondsAfterFinished?: number;
  /**
   * "Indexed" gives each pod an index (JOB_COMPLETION_INDEX) from 0 to completions - 1; it needs `completions`.
   * @default "NonIndexed"
   */
  readonly completionMode?: 'NonIndexed' | 'Indexed';
  /**
   * For an Indexed Job: retries of each index before that index fails (the others go on). Needed by podFailurePolicy
   * rules with action "FailIndex".
   * @default one backoffLimit for the whole Job
   */
  readonly backoffLimitPerIndex?: number;
  /**
   * Rules for failed pods, checked in order; needs restartPolicy "Never".
   * @default every failure counts against backoffLimit
   */
  readonly podFailurePolicy?: PodFailureRule[];
  /**
   * "Never": a failed container fails its pod and the Job starts a new pod (logs of each try are kept);
   * "OnFailure": the container restarts in the same pod.
   * @default "Never"
   */
  readonly restartPolicy?: 'Never' | 'OnFailure';
  /**
   * Ports the main container listens on (rare for a Job: e.g. workers of an Indexed Job talking to each other).
   * @default none
   */
  readonly ports?: ContainerPortSpec[];
}

/** Prop names of {@link JobOptions}. */
export const JOB_PROPS = propNames<JobOptions>()({
  completions: true, parallelism: true, backoffLimit: true, activeDeadlineSeconds: true, ttlSecondsAfterFinished: true, completionMode: true,
  backoffLimitPerIndex: true, podFailurePolicy: true, restartPolicy: true, ports: true,
});

const ACTIONS = ['FailJob', 'FailIndex', 'Ignore', 'Count'];

/** The names of every container of a Job's pods (the main one is named after the workload unless renamed). */
export function jobContainerNames(props: JobContainerProps, workloadName: string): string[] {
  return [props.containerName ?? workloadName, ...(props.sidecars ?? []).map((c) => c?.name), ...(props.initContainers ?? []).map((c) => c?.name)];
}

/** Checks the Job options of a Job or CronJob whose pods have the containers `containerNames`. */
export function validateJobOptions(v: PropsValidator, props: JobOptions, containerNames: readonly string[]): void {
  v.integer('completions', props.completions, 1, 100000);
  v.integer('parallelism', props.parallelism, 0, 100000);
  v.integer('backoffLimit', props.backoffLimit, 0, 10000);
  v.integer('activeDeadlineSeconds', props.activeDeadlineSeconds, 1);
  v.integer('ttlSecondsAfterFinished', props.ttlSecondsAfterFinished, 0);
  v.check(props.completionMode === undefined || props.completionMode === 'NonIndexed' || props.completionMode === 'Indexed', 'completionMode',
    props.completionMode, '"NonIndexed" or "Indexed"');
  v.check(props.completionMode !== 'Indexed' || props.completions !== undefined, 'completions', props.completions,
    'a number of completions when completionMode is "Indexed" (the indexes run from 0 to completions - 1)');
  v.integer('backoffLimitPerIndex', props.backoffLimitPerIndex, 0, 2147483647);
  v.check(props.backoffLimitPerIndex === undefined || props.completionMode === 'Indexed', 'backoffLimitPerIndex', props.backoffLimitPerIndex,
    'no backoffLimitPerIndex unless completionMode is "Indexed"');
  v.check(props.restartPolicy === undefined || props.restartPolicy === 'Never' || props.restartPolicy === 'OnFailure', 'restartPolicy',
    props.restartPolicy, '"Never" or "OnFailure" (a Job\'s pods run to completion)');
  const rules = props.podFailurePolicy ?? [];
  v.check(rules.length === 0 || (props.restartPolicy ?? 'Never') === 'Never', 'podFailurePolicy', rules,
    'no podFailurePolicy with restartPolicy "OnFailure" (Kubernetes requires "Never")');
  v.check(rules.length <= 20, 'podFailurePolicy', rules.length, 'at most 20 rules');
  rules.forEach((r, i) => {
    const f = `podFailurePolicy[${i}]`;
    if (!v.knownProps(f, r, ['action', 'onExitCodes', 'onPodConditions'])) {
      return;
    }
    v.check(ACTIONS.includes(r.action), `${f}.action`, r.action, `one of ${ACTIONS.join(', ')}`);
    v.check(r.action !== 'FailIndex' || props.completionMode === 'Indexed', `${f}.action`, r.action, 'FailIndex only with completionMode "Indexed"');
    v.check(r.action !== 'FailIndex' || props.backoffLimitPerIndex !== undefined, `${f}.action`, r.action,
      'FailIndex only with backoffLimitPerIndex set (Kubernetes requires it)');
    v.check((r.onExitCodes === undefined) !== (r.onPodConditions === undefined), f, r, 'exactly one of onExitCodes and onPodConditions');
    if (r.onExitCodes !== undefined && v.knownProps(`${f}.onExitCodes`, r.onExitCodes, ['container', 'operator', 'values'])) {
      v.format(`${f}.onExitCodes.container`, r.onExitCodes.container, DNS_LABEL);
      v.check(r.onExitCodes.container === undefined || containerNames.includes(r.onExitCodes.container), `${f}.onExitCodes.container`,
        r.onExitCodes.container, `the name of a container of the pod (${containerNames.join(', ')})`);
      v.check(r.onExitCodes.operator === 'In' || r.onExitCodes.operator === 'NotIn', `${f}.onExitCodes.operator`, r.onExitCodes.operator, '"In" or "NotIn"');
      const values = r.onExitCodes.values ?? [];
      v.check(values.length > 0 && values.length <= 255 && values.every((x) => Number.isInteger(x) && x >= 0 && x <= 255)
        && new Set(values).size === values.length, `${f}.onExitCodes.values`, values, '1 to 255 distinct exit codes from 0 to 255');
      v.check(r.onExitCodes.operator !== 'In' || !values.includes(0), `${f}.onExitCodes.values`, values, 'no 0 with operator "In" (0 is success)');
    }
    (r.onPodConditions ?? []).forEach((c, j) => {
      if (v.knownProps(`${f}.onPodConditions[${j}]`, c, ['type', 'status'])) {
        v.check(typeof c.type === 'string' && /^[A-Za-z][A-Za-z0-9]*$/.test(c.type), `${f}.onPodConditions[${j}].type`, c.type, 'a pod condition type such as "DisruptionTarget"');
        v.check(c.status === undefined || ['True', 'False', 'Unknown'].includes(c.status), `${f}.onPodConditions[${j}].status`, c.status, '"True", "False" or "Unknown"');
      }
    });
  });
}

/** The spec of a Job with the given pod template; `ttl` is the default ttlSecondsAfterFinished. */
export function jobSpec(props: JobOptions, template: PodTemplateSpec, ttl: number | undefined): JobSpec {
  return {
    completions: props.completions,
    parallelism: props.parallelism,
    backoffLimit: props.backoffLimit,
    backoffLimitPerIndex: props.backoffLimitPerIndex,
    activeDeadlineSeconds: props.activeDeadlineSeconds,
    ttlSecondsAfterFinished: props.ttlSecondsAfterFinished ?? ttl,
    completionMode: props.completionMode,
    podFailurePolicy: props.podFailurePolicy?.length ? {
      rules: props.podFailurePolicy.map((r) => ({
        action: r.action,
        onExitCodes: r.onExitCodes && { containerName: r.onExitCodes.container, operator: r.onExitCodes.operator, values: [...r.onExitCodes.values].sort((a, b) => a - b) },
        // The 1.27 types require the list; an empty one means "no condition".
        onPodConditions: r.onPodConditions?.map((c) => ({ type: c.type, status: c.status ?? 'True' })) ?? [],
      })),
    } : undefined,
    template,
  };
}

/** The pod props of a Job or CronJob: `activeDeadlineSeconds` is the Job's (see JobOptions). */
export type JobContainerProps = Omit<ContainerProps, 'activeDeadlineSeconds'>;

/** Props of a {@link Job}. */
export interface JobProps extends WorkloadProps, JobContainerProps, JobOptions {}

/**
 * A Job (batch/v1) that runs pods to completion: a migration, a backfill, a one-off task. It gets its own
 * ServiceAccount; no Service, PodDisruptionBudget or spreading, and no probes are needed. A finished Job is deleted
 * after a day (`ttlSecondsAfterFinished`) so finished Jobs do not pile up; sidecars run as native sidecars so they
 * never keep the Job from completing.
 */
export class Job extends Workload {
  /** Ports of every container. */
  public readonly ports: readonly ContainerPortSpec[];

  public constructor(scope: Construct, id: string, props: JobProps) {
    super(scope, id, props, { props: [...WORKLOAD_PROPS, ...JOB_PROPS], shapes: JOB_SHAPES });
    const mainPorts = props.ports ?? [];
    this.ports = podPorts(props, mainPorts);
    const restartPolicy = props.restartPolicy ?? 'Never';
    validateJobOptions(this.validator, props, jobContainerNames(props, this.name));
    this.validatePod({ ...props, activeDeadlineSeconds: undefined }, mainPorts, restartPolicy);
    this.validator.throwIfInvalid();

    this.addServiceAccount();
    const template = this.podTemplate({ ...props, activeDeadlineSeconds: undefined }, { ports: mainPorts, spread: false, restartPolicy });
    new KubeJob(this, RESOURCE_ID, { metadata: this.metadata(this.name, props), spec: jobSpec(props, template, 86400) });
  }
}
