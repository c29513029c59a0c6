import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { NamespacedResource, RESOURCE_ID, propNames } from '../core/resource';
import { cronProblem, isTimeZone } from '../core/cron';
import { EventTarget, toDestination, validateEventTarget } from './event-destination';

/** Props of a {@link PingSource}. */
export interface PingSourceProps {
  /**
   * Name of the source.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * Namespace.
   * @default the enclosing SecureNamespace
   */
  readonly namespace?: string;
  /** When to send: a five-field cron schedule ("*\/5 * * * *") or a descriptor ("@hourly", "@every 10m"). */
  readonly schedule: string;
  /**
   * IANA time zone of the schedule, e.g. "Europe/Paris".
   * @default "UTC"
   */
  readonly timezone?: string;
  /**
   * The event body: a string, or a value sent as JSON.
   * @default an empty body
   */
  readonly data?: string | Record<string, unknown>;
  /**
   * Media type of the body.
   * @default "application/json" when `data` is an object, else none
   */
  readonly contentType?: string;
  /** Where the events go. */
  readonly sink: EventTarget;
}

const PROPS = propNames<PingSourceProps>()({
  name: true, namespace: true, schedule: true, timezone: true, data: true, contentType: true, sink: true,
});

/**
 * A `sources.knative.dev/v1` PingSource: sends a CloudEvent (type `dev.knative.sources.ping`) on a cron
 * schedule, e.g. a test event into a broker instead of a hand-run curl pod.
 */
export class PingSource extends NamespacedResource {
  public constructor(scope: Construct, id: string, props: PingSourceProps) {
    super(scope, id, props, { props: PROPS });
    const v = this.validator;
    const namespace = this.namespace;
    const problem = cronProblem(props.schedule);
    v.check(problem === undefined, 'schedule', props.schedule,
      `a cron schedule of five fields, e.g. "*/5 * * * *", or a descriptor such as "@hourly" or "@every 10m" (${problem})`);
    v.check(props.timezone === undefined || isTimeZone(props.timezone), 'timezone', props.timezone, 'an IANA time zone such as "UTC" or "Europe/Paris"');
    const isJson = props.data !== undefined && typeof props.data === 'object';
    v.check(props.data === undefined || typeof props.data === 'string' || (isJson && props.data !== null), 'data', props.data, 'a string or an object');
    const contentType = props.contentType ?? (isJson ? 'application/json' : undefined);
    v.check(contentType === undefined || /^[a-z]+\/[a-z0-9.+-]+(;.*)?$/i.test(contentType), 'contentType', contentType, 'a media type such as "application/json"');
    validateEventTarget(v, 'sink', props.sink, namespace);
    v.throwIfInvalid();

    new ApiObject(this, RESOURCE_ID, {
      apiVersion: 'sources.knative.dev/v1',
      kind: 'PingSource',
      metadata: { name: this.name, namespace },
      spec: {
        schedule: props.schedule,
        timezone: props.timezone ?? 'UTC',
        contentType,
        data: isJson ? JSON.stringify(props.data) : props.data,
        sink: toDestination(props.sink)._render(),
      },
    });
  }
}
