import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { NamespacedResource, RESOURCE_ID, propNames } from '../core/resource';
import { PropsValidator, isObject, isPlainMap, requireProps } from '../core/validator';
import { text } from './checks';
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
  /** When to send: a five-field cron schedule ("*\/5 * * * *") or a descriptor such as "@hourly" (Knative refuses "@every"). */
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
    requireProps(v, props);
    const namespace = this.namespace;
    validateSchedule(v, props.schedule);
    // Knative prefixes the schedule with "CRON_TZ=<timezone> " and loads the zone from the tz database by its exact
    // name; the IANA names the runtime knows are those (Intl.supportedValuesOf('timeZone') lists only ICU's
    // canonical spellings, so "Asia/Kolkata" or "Europe/Kyiv" would be missing from it).
    v.check(props.timezone === undefined || isTimeZone(props.timezone), 'timezone', props.timezone,
      'an IANA time zone name, spelt as in the tz database, such as "UTC" or "Europe/Paris"');
    const data = renderData(v, props.data);
    const contentType = props.contentType ?? (isObject(props.data) ? 'application/json' : undefined);
    if (text(v, 'contentType', props.contentType, MEDIA_TYPE, 'a media type such as "application/json" or "text/plain"')
      && contentType === 'application/json' && typeof props.data === 'string') {
      // Knative refuses data that is not a JSON object when the content type is exactly "application/json".
      v.check(isJsonObject(props.data), 'data', props.data, 'a JSON object, since contentType is "application/json" (or give data as an object)');
    }
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
        data,
        sink: toDestination(props.sink)._render(),
      },
    });
  }
}

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*( *; *[a-z0-9!#$&^_.+-]+=("[ -~]*"|[!#-~]+))*$/i;

/**
 * Checks a schedule as Knative's PingSource webhook does: the robfig/cron standard parser, without the "@every"
 * descriptor (refused by Knative) and without a "CRON_TZ=" or "TZ=" prefix (the zone goes in `timezone`, which
 * Knative puts in front of the schedule itself, so a second prefix makes the schedule invalid).
 */
function validateSchedule(v: PropsValidator, schedule: unknown): void {
  if (!v.check(typeof schedule === 'string', 'schedule', schedule, 'a cron schedule of five fields, e.g. "*/5 * * * *", or a descriptor such as "@hourly"')) {
    return;
  }
  const s = schedule as string;
  if (/^(CRON_)?TZ=/.test(s)) {
    v.fail('schedule', s, 'a schedule without a time zone prefix: put the zone in `timezone`, e.g. timezone: "Europe/Paris"');
    return;
  }
  if (s.startsWith('@every')) {
    v.fail('schedule', s, 'a cron schedule or a descriptor other than "@every" (Knative refuses "@every"), e.g. "*/10 * * * *" for every 10 minutes');
    return;
  }
  const problem = cronProblem(s);
  v.check(problem === undefined, 'schedule', s,
    `a cron schedule of five fields, e.g. "*/5 * * * *", or a descriptor such as "@hourly" (${problem})`);
}

/** The event body as Knative takes it: a string as is, an object as JSON; undefined without one. */
function renderData(v: PropsValidator, data: unknown): string | undefined {
  if (data === undefined || typeof data === 'string') {
    return data;
  }
  if (!v.check(isPlainMap(data), 'data', data,
    'a string, or a plain object sent as JSON (Knative requires a JSON object, not an array)')) {
    return undefined;
  }
  // JSON would write NaN and Infinity as null and drop functions and symbols without a word: refuse them instead.
  let lost: unknown;
  const keep = (_key: string, x: unknown): unknown => {
    if ((typeof x === 'number' && !Number.isFinite(x)) || typeof x === 'function' || typeof x === 'symbol') {
      lost ??= x;
    }
    return x;
  };
  try {
    const json = JSON.stringify(data, keep);
    return v.check(lost === undefined, 'data', data, 'an object that JSON can represent as it is (no NaN, Infinity, functions or symbols)') ? json : undefined;
  } catch (err) {
    v.fail('data', data, `an object that JSON can represent (${String((err as Error).message).split('\n')[0]})`);
    return undefined;
  }
}

function isJsonObject(s: string): boolean {
  try {
    return isObject(JSON.parse(s));
  } catch {
    return false;
  }
}
