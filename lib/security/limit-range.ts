import { Construct } from 'constructs';
import { BYTE_QUANTITY, CPU_QUANTITY, Format, LABEL_KEY, LABEL_VALUE, OBJECT_NAME, parseQuantity } from '../core/formats';
import { KubeLimitRange, k8s } from '../core/k8s';
import { NamespacedResource, NamespacedResourceProps, RESOURCE_ID, propNames } from '../core/resource';
import { LimitItem, LimitPart, containerDefaults, limitItemProblems, limitItemsProblems } from '../core/limit-range-rules';
import { PropsValidator } from '../core/validator';
import { bytesFormatFor } from './checks';

/** Amounts of CPU, memory and ephemeral storage for one container or pod, as Kubernetes quantities. */
export interface LimitAmounts {
  /**
   * CPU, e.g. "500m" or "2".
   * @default none
   */
  readonly cpu?: string;
  /**
   * Memory, e.g. "512Mi".
   * @default none
   */
  readonly memory?: string;
  /**
   * Local ephemeral storage, e.g. "2Gi".
   * @default none
   */
  readonly ephemeralStorage?: string;
}

/** Largest limit-to-request ratios, e.g. `{ cpu: 4 }` (a limit at most 4 times the request). */
export interface LimitRatios {
  /**
   * For CPU.
   * @default none
   */
  readonly cpu?: number;
  /**
   * For memory.
   * @default none
   */
  readonly memory?: number;
  /**
   * For ephemeral storage.
   * @default none
   */
  readonly ephemeralStorage?: number;
}

/**
 * What each container of a pod may request and be limited to, and what it gets when it sets nothing. keelson
 * workloads always set CPU and memory requests and limits, so for them the defaults matter only for ephemeral
 * storage; pods written by others (charts, operators) take them.
 */
export interface ContainerLimitRange {
  /**
   * Limits given to containers that set none.
   * @default `max`, where given
   */
  readonly default?: LimitAmounts;
  /**
   * Requests given to containers that set none.
   * @default `default`, else `max`, else `min`, where given
   */
  readonly defaultRequest?: LimitAmounts;
  /**
   * The least a container may request (and be limited to).
   * @default none
   */
  readonly min?: LimitAmounts;
  /**
   * The most a container may be limited to (and request).
   * @default none
   */
  readonly max?: LimitAmounts;
  /**
   * The largest ratio of a container's limit to its request (its burst).
   * @default none
   */
  readonly maxLimitRequestRatio?: LimitRatios;
}

/** What the containers of one pod may request and be limited to in total. */
export interface PodLimitRange {
  /**
   * The least the requests of a pod's containers may add up to.
   * @default none
   */
  readonly min?: LimitAmounts;
  /**
   * The most the limits of a pod's containers may add up to.
   * @default none
   */
  readonly max?: LimitAmounts;
  /**
   * The largest ratio of a pod's total limit to its total request.
   * @default none
   */
  readonly maxLimitRequestRatio?: LimitRatios;
}

/** The sizes a PersistentVolumeClaim may request. */
export interface ClaimLimitRange {
  /**
   * The smallest claim, e.g. "1Gi".
   * @default none
   */
  readonly min?: string;
  /**
   * The largest claim, e.g. "100Gi".
   * @default none
   */
  readonly max?: string;
}

/** Props of a {@link LimitRange}. */
export interface LimitRangeProps extends NamespacedResourceProps {
  /**
   * Defaults and bounds of each container (type Container).
   * @default none
   */
  readonly container?: ContainerLimitRange;
  /**
   * Bounds of each pod, its containers added up (type Pod).
   * @default none
   */
  readonly pod?: PodLimitRange;
  /**
   * Bounds of the storage each PersistentVolumeClaim requests (type PersistentVolumeClaim).
   * @default none
   */
  readonly persistentVolumeClaim?: ClaimLimitRange;
}

/** The limit range of a {@link SecureNamespace}: the props of a {@link LimitRange} but its namespace. */
export type LimitRangeOptions = Omit<LimitRangeProps, 'namespace'>;

const PROPS = propNames<LimitRangeProps>()({ name: true, labels: true, namespace: true, container: true, pod: true, persistentVolumeClaim: true });
/** The props of {@link LimitRangeOptions}. */
export const LIMIT_RANGE_OPTIONS: readonly string[] = PROPS.filter((p) => p !== 'namespace');
const CONTAINER_PARTS = propNames<ContainerLimitRange>()({ default: true, defaultRequest: true, min: true, max: true, maxLimitRequestRatio: true });
const POD_PARTS = propNames<PodLimitRange>()({ min: true, max: true, maxLimitRequestRatio: true });
const AMOUNTS = propNames<LimitAmounts>()({ cpu: true, memory: true, ephemeralStorage: true });

/** The props of the item types, and the API names of the resources. */
const ITEMS = [
  { prop: 'container', type: 'Container', parts: CONTAINER_PARTS },
  { prop: 'pod', type: 'Pod', parts: POD_PARTS },
] as const;
const RESOURCE_OF: Record<string, string> = { cpu: 'cpu', memory: 'memory', ephemeralStorage: 'ephemeral-storage' };
const PROP_OF: Record<string, string> = { 'cpu': 'cpu', 'memory': 'memory', 'ephemeral-storage': 'ephemeralStorage' };

const above0 = (format: Format, description: string): Format => ({ test: (x) => format.test(x) && parseQuantity(x)! > 0, description });
const CPU = above0(CPU_QUANTITY, 'a CPU amount above 0 such as "500m", "1.5" or "2" (no finer than a millicore)');
const BYTES = above0(BYTE_QUANTITY, 'an amount of bytes above 0 such as "512Mi", "4Gi" or "1G" (whole bytes: "500m" would be half a byte, and "Gb" is not a unit)');

/** The spec of a LimitRange in the API shape, its values as given (quantities as strings, ratios as numbers). */
export interface LimitRangeSpec {
  /** The items: Container, Pod and PersistentVolumeClaim, in that order, those given. */
  readonly limits: LimitItem[];
}

/**
 * Checks the limit range props given under `prefix` ("" for a LimitRange's own props) and returns the spec they
 * describe. Problems are recorded on `v`; the spec is only meaningful when there are none.
 */
export function limitRangeSpec(v: PropsValidator, prefix: string, o: LimitRangeOptions): LimitRangeSpec {
  const f = (x: string) => (prefix === '' ? x : `${prefix}.${x}`);
  const issuesBefore = v.issues.length;
  const items: Array<{ prop: string; item: LimitItem }> = [];

  for (const { prop, type, parts } of ITEMS) {
    const given = (o as Record<string, unknown>)[prop] as Record<string, unknown> | undefined;
    if (!v.knownProps(f(prop), given, parts) || given === undefined) {
      continue;
    }
    const item: Record<string, unknown> = { type };
    for (const part of parts) {
      const amounts = given[part] as Record<string, unknown> | undefined;
      if (!v.knownProps(f(`${prop}.${part}`), amounts, AMOUNTS) || amounts === undefined) {
        continue;
      }
      const out: Record<string, string | number> = {};
      for (const [key, value] of Object.entries(amounts)) {
        const field = f(`${prop}.${part}.${key}`);
        if (value === undefined) {
          continue;
        }
        if (part === 'maxLimitRequestRatio') {
          if (v.check(typeof value === 'number' && Number.isFinite(value) && value >= 1, field, value, 'a number of at least 1 such as 2 or 1.5 (a limit is never below its request)')) {
            out[RESOURCE_OF[key]] = value as number;
          }
        } else if (v.format(field, value as string, key === 'cpu' ? CPU : bytesFormatFor(BYTES, value), true)) {
          out[RESOURCE_OF[key]] = value as string;
        }
      }
      if (v.check(Object.keys(amounts).length > 0, f(`${prop}.${part}`), amounts, `at least one of ${AMOUNTS.join(', ')} (or leave ${part} out)`)) {
        item[part] = out;
      }
    }
    if (v.check(parts.some((p) => given[p] !== undefined), f(prop), given, `at least one of ${parts.join(', ')}`)) {
      items.push({ prop, item });
    }
  }

  const claim = o.persistentVolumeClaim;
  if (v.knownProps(f('persistentVolumeClaim'), claim, ['min', 'max']) && claim !== undefined) {
    const item: Record<string, unknown> = { type: 'PersistentVolumeClaim' };
    for (const part of ['min', 'max'] as const) {
      if (claim[part] !== undefined && v.format(f(`persistentVolumeClaim.${part}`), claim[part], bytesFormatFor(BYTES, claim[part]), true)) {
        item[part] = { storage: claim[part] };
      }
    }
    if (v.check(claim.min !== undefined || claim.max !== undefined, f('persistentVolumeClaim'), claim, 'a min or a max storage size, or both')) {
      items.push({ prop: 'persistentVolumeClaim', item });
    }
  }

  const named = items.map(({ prop, item }) => ({
    item,
    name: (part: LimitPart, resource: string) => (prop === 'persistentVolumeClaim' ? f(`${prop}.${part}`) : f(`${prop}.${part}.${PROP_OF[resource] ?? resource}`)),
    typeField: f(prop),
  }));
  if (v.issues.length === issuesBefore) {
    for (const it of named) {
      limitItemProblems(it.item, it.name).forEach((p) => v.fail(p.field, p.value, p.expected));
    }
    limitItemsProblems(named).forEach((p) => v.fail(p.field, p.value, p.expected));
    ephemeralStorageProblems(v, f, named.find((n) => n.item.type === 'Container')?.item, o);
  }
  v.check(v.issues.length > issuesBefore || items.length > 0, prefix === '' ? 'props' : prefix, o,
    'at least one of container, pod and persistentVolumeClaim (an empty LimitRange limits nothing)');
  return { limits: items.map((i) => i.item) };
}

/**
 * keelson containers set no ephemeral-storage request or limit, so bounds on it that need one (a ratio, a Pod min
 * or max) make the API server refuse every keelson pod unless the Container item gives the default.
 */
function ephemeralStorageProblems(v: PropsValidator, f: (x: string) => string, container: LimitItem | undefined, o: LimitRangeOptions): void {
  const defaults = container ? containerDefaults(container) : { limits: {}, requests: {} };
  const hasLimit = defaults.limits['ephemeral-storage'] !== undefined;
  const hasRequest = defaults.requests['ephemeral-storage'] !== undefined;
  const why = 'keelson containers set no ephemeral-storage, and the API server refuses pods without one';
  const needLimit = `a default limit for it too (container.default.ephemeralStorage or container.max.ephemeralStorage): ${why}`;
  const needRequest = `a default request for it too (container.defaultRequest.ephemeralStorage, or a default, max or min): ${why}`;
  const ratio = o.container?.maxLimitRequestRatio?.ephemeralStorage;
  v.check(ratio === undefined || hasLimit, f('container.maxLimitRequestRatio.ephemeralStorage'), ratio, needLimit);
  const pod = o.pod;
  v.check(pod?.min?.ephemeralStorage === undefined || hasRequest, f('pod.min.ephemeralStorage'), pod?.min?.ephemeralStorage, needRequest);
  v.check(pod?.max?.ephemeralStorage === undefined || hasLimit, f('pod.max.ephemeralStorage'), pod?.max?.ephemeralStorage, needLimit);
  v.check(pod?.maxLimitRequestRatio?.ephemeralStorage === undefined || (hasLimit && hasRequest), f('pod.maxLimitRequestRatio.ephemeralStorage'),
    pod?.maxLimitRequestRatio?.ephemeralStorage, needLimit);
}

/** Checks the name and labels of limit range options given to another construct. */
export function checkLimitRangeMetadata(v: PropsValidator, prefix: string, o: LimitRangeOptions): void {
  v.format(`${prefix}.name`, o.name, OBJECT_NAME);
  v.map(`${prefix}.labels`, o.labels, LABEL_KEY, LABEL_VALUE);
}

/**
 * A LimitRange: per-container defaults and bounds of CPU, memory and ephemeral storage (`container`: default,
 * defaultRequest, min, max, maxLimitRequestRatio), bounds of each pod's total (`pod`), and the sizes a
 * PersistentVolumeClaim may request (`persistentVolumeClaim`). Checked as the API server checks it, with the
 * defaults it fills in (a default limit from `max`, a default request from `default` or `min`): defaults lie
 * within min and max, a default request is at most the default limit, ratios are at least 1, at most max/min and
 * met by the defaults themselves.
 *
 * Created by {@link SecureNamespace} from its `limitRange` prop (named "limit-range"), or on its own: named after
 * the construct id, in the enclosing namespace.
 */
export class LimitRange extends NamespacedResource {
  /** The items, in the API shape. */
  public readonly limits: readonly LimitItem[];

  public constructor(scope: Construct, id: string, props: LimitRangeProps) {
    super(scope, id, props, { props: PROPS });
    if (props === null || typeof props !== 'object') {
      this.validator.throwIfInvalid(); // "props: got ...; expected an object of props", recorded by Resource
    }
    const spec = limitRangeSpec(this.validator, '', props ?? {});
    this.validator.throwIfInvalid();
    this.limits = spec.limits;

    const quantities = (m: unknown) => (m === undefined ? undefined
      : Object.fromEntries(Object.entries(m as Record<string, string | number>).map(([k, x]) => [k, k8s.Quantity.fromString(String(x))])));
    new KubeLimitRange(this, RESOURCE_ID, {
      metadata: { name: this.name, namespace: this.namespace, labels: props.labels },
      spec: {
        limits: spec.limits.map((item) => ({
          type: item.type as string,
          default: quantities(item.default),
          defaultRequest: quantities(item.defaultRequest),
          min: quantities(item.min),
          max: quantities(item.max),
          maxLimitRequestRatio: quantities(item.maxLimitRequestRatio),
        })),
      },
    });
  }
}
