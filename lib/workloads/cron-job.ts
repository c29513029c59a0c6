import { Construct } from 'constructs';
import { cronProblem, isTimeZone } from '../core/cron';
import { KubeCronJob } from '../core/k8s';
import { RESOURCE_ID, propNames } from '../core/resource';
import { JOB_PROPS, JOB_SHAPES, JobContainerProps, JobOptions, jobContainerNames, jobSpec, validateJobOptions } from './job';
import { ContainerPortSpec, podPorts } from './pod-spec';
import { WORKLOAD_PROPS, Workload, WorkloadProps } from './workload';

/** Props of a {@link CronJob}. */
export interface CronJobProps extends WorkloadProps, JobContainerProps, JobOptions {
  /** When to run, in cron syntax: "minute hour day-of-month month day-of-week" (e.g. "0 3 * * *"), or "@daily". */
  readonly schedule: string;
  /**
   * IANA time zone of the schedule, e.g. "Europe/Berlin".
   * @default the time zone of the kube-controller-manager (usually UTC)
   */
  readonly timeZone?: string;
  /**
   * What happens when a run is due while the previous one still runs.
   * @default "Forbid" (skip the new run: overlapping backups or reports do more harm than a skipped one)
   */
  readonly concurrencyPolicy?: 'Allow' | 'Forbid' | 'Replace';
  /**
   * Seconds after its scheduled time that a missed run may still start (at least 10); a run that could not start by
   * then (controller down, quota full) is skipped rather than started at any later moment.
   * @default 3600 (an hour: a daily run survives a short outage, and the controller looks back over at most 60 missed
   * runs of a per-minute schedule)
   */
  readonly startingDeadlineSeconds?: number;
  /**
   * Successful Jobs kept.
   * @default 3
   */
  readonly successfulJobsHistoryLimit?: number;
  /**
   * Failed Jobs kept, for their logs.
   * @default 1
   */
  readonly failedJobsHistoryLimit?: number;
  /**
   * Stop scheduling runs (running ones finish).
   * @default false
   */
  readonly suspend?: boolean;
}

const PROPS = [
  ...WORKLOAD_PROPS, ...JOB_PROPS,
  ...propNames<Omit<CronJobProps, keyof WorkloadProps | keyof JobContainerProps | keyof JobOptions>>()({
    schedule: true, timeZone: true, concurrencyPolicy: true, startingDeadlineSeconds: true, successfulJobsHistoryLimit: true,
    failedJobsHistoryLimit: true, suspend: true,
  }),
];

/**
 * A CronJob (batch/v1): a Job on a schedule, such as a nightly backup. The schedule is checked field by field and
 * the time zone against the IANA database; runs do not overlap unless you allow it. Its Jobs are pruned by the
 * history limits; like a Job's, its pods need no probes, Service, PodDisruptionBudget or spreading.
 */
export class CronJob extends Workload {
  /** Ports of every container. */
  public readonly ports: readonly ContainerPortSpec[];

  public constructor(scope: Construct, id: string, props: CronJobProps) {
    super(scope, id, props, { props: PROPS, shapes: JOB_SHAPES });
    const mainPorts = props.ports ?? [];
    this.ports = podPorts(props, mainPorts);
    const restartPolicy = props.restartPolicy ?? 'Never';
    const v = this.validator;
    v.check(this.name.length <= 52, 'name', this.name, 'at most 52 characters (the CronJob controller appends 11 characters to name its Jobs)');
    // The API server refuses a new CronJob whose schedule contains "TZ" (CRON_TZ= or TZ=): the zone belongs in timeZone.
    const tz = typeof props.schedule === 'string' ? /^\s*(CRON_TZ|TZ)=(\S*)\s+(.*)$/.exec(props.schedule) : null;
    if (tz || (typeof props.schedule === 'string' && props.schedule.includes('TZ'))) {
      v.fail('schedule', props.schedule, tz
        ? `a schedule without "${tz[1]}=" (Kubernetes refuses a time zone in the schedule): write schedule: "${tz[3]}" and timeZone: "${tz[2]}"`
        : 'a schedule without "TZ" (Kubernetes refuses a time zone in the schedule; use timeZone)');
    } else {
      const problem = cronProblem(props.schedule);
      v.check(problem === undefined, 'schedule', props.schedule, `a cron schedule such as "0 3 * * *" or "@daily"${problem ? ` (${problem})` : ''}`);
    }
    // Kubernetes looks the zone up in the tz database (time.LoadLocation) and refuses "" and "Local".
    v.check(props.timeZone === undefined || (isTimeZone(props.timeZone) && props.timeZone !== 'Local'), 'timeZone', props.timeZone,
      'an IANA time zone such as "Europe/Berlin" or "Etc/UTC"');
    v.check(props.concurrencyPolicy === undefined || ['Allow', 'Forbid', 'Replace'].includes(props.concurrencyPolicy), 'concurrencyPolicy',
      props.concurrencyPolicy, '"Allow", "Forbid" or "Replace"');
    v.check(props.suspend === undefined || typeof props.suspend === 'boolean', 'suspend', props.suspend, 'true or false');
    v.integer('startingDeadlineSeconds', props.startingDeadlineSeconds, 10);
    v.integer('successfulJobsHistoryLimit', props.successfulJobsHistoryLimit, 0, 100);
    v.integer('failedJobsHistoryLimit', props.failedJobsHistoryLimit, 0, 100);
    validateJobOptions(v, props, jobContainerNames(props, this.name));
    this.validatePod({ ...props, activeDeadlineSeconds: undefined }, mainPorts, restartPolicy);
    v.throwIfInvalid();

    this.addServiceAccount();
    const template = this.podTemplate({ ...props, activeDeadlineSeconds: undefined }, { ports: mainPorts, spread: false, restartPolicy });
    new KubeCronJob(this, RESOURCE_ID, {
      metadata: this.metadata(this.name, props),
      spec: {
        schedule: props.schedule,
        timeZone: props.timeZone,
        concurrencyPolicy: props.concurrencyPolicy ?? 'Forbid',
        startingDeadlineSeconds: props.startingDeadlineSeconds ?? 3600,
        successfulJobsHistoryLimit: props.successfulJobsHistoryLimit ?? 3,
        failedJobsHistoryLimit: props.failedJobsHistoryLimit ?? 1,
        suspend: props.suspend,
        jobTemplate: { metadata: { labels: this.labels }, spec: jobSpec(props, template, undefined) },
      },
    });
  }
}
