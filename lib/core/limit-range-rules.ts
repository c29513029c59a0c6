// The rules of LimitRanges: what the API server refuses in an item and across the items of one LimitRange, the
// defaults it fills in, and the amounts that exceed a ResourceQuota of the same namespace (see resource-governance.ts
// for what the rules of quotas and LimitRanges share).
import { LABEL_KEY } from './formats';
import { STORAGE_CLASS_QUOTA_SUFFIX } from './quota-rules';
import { GovernanceProblem, quantityValue, showQuantity } from './resource-governance';
import { isObject } from './validator';

/** The resources of containers whose amounts the typed props cover. */
export const CONTAINER_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'] as const;

/** A LimitRange item in the API shape (values as written: strings or numbers). */
export interface LimitItem {
  readonly type?: unknown;
  readonly default?: Readonly<Record<string, unknown>>;
  readonly defaultRequest?: Readonly<Record<string, unknown>>;
  readonly min?: Readonly<Record<string, unknown>>;
  readonly max?: Readonly<Record<string, unknown>>;
  readonly maxLimitRequestRatio?: Readonly<Record<string, unknown>>;
}

/** The types of LimitRange items. */
export const LIMIT_TYPES = ['Container', 'Pod', 'PersistentVolumeClaim'] as const;

/** The maps of a LimitRange item. */
export type LimitPart = 'default' | 'defaultRequest' | 'min' | 'max' | 'maxLimitRequestRatio';
const PARTS: readonly LimitPart[] = ['min', 'max', 'default', 'defaultRequest', 'maxLimitRequestRatio'];

/** How the caller names the field holding `resource` in `part` of an item (e.g. "container.max.cpu" or "max.cpu"). */
export type LimitFieldName = (part: LimitPart, resource: string) => string;

const asMap = (x: unknown): Record<string, unknown> => (isObject(x) ? x : {});

/**
 * The defaults a Container item gives, as the API server fills them in before it validates and stores the item:
 * the default limit of a resource is `default`, else `max`; the default request is `defaultRequest`, else that
 * default limit, else `min`. Other items give no defaults.
 */
export function containerDefaults(item: LimitItem): { readonly limits: Record<string, unknown>; readonly requests: Record<string, unknown> } {
  if (item?.type !== 'Container') {
    return { limits: {}, requests: {} };
  }
  const limits = { ...asMap(item.max), ...asMap(item.default) };
  return { limits, requests: { ...asMap(item.min), ...limits, ...asMap(item.defaultRequest) } };
}

/** Whether Kubernetes lets a resource's limit exceed its request (not huge pages nor extended resources). */
const overcommits = (resource: string) => (!resource.includes('/') || resource.includes('kubernetes.io/')) && !resource.startsWith('hugepages-');

/** Why the API server refuses `resource` in an item of `type` (validateLimitRangeResourceName), or undefined. */
function limitResourceProblem(type: string, resource: string): string | undefined {
  if (!LABEL_KEY.test(resource)) {
    return 'a resource name such as "cpu", "memory" or "ephemeral-storage"';
  }
  if (type === 'PersistentVolumeClaim') {
    return resource === 'storage' || resource.includes('/') ? undefined : '"storage" (what a PersistentVolumeClaim item limits)';
  }
  if (!resource.includes('/')) {
    return (CONTAINER_RESOURCES as readonly string[]).includes(resource) || resource.startsWith('hugepages-') ? undefined
      : '"cpu", "memory", "ephemeral-storage", a "hugepages-<size>" or an extended resource such as "nvidia.com/gpu"';
  }
  const extended = !resource.startsWith('requests.') && LABEL_KEY.test(`requests.${resource}`);
  return resource.includes('kubernetes.io/') || extended ? undefined : 'an extended resource name such as "nvidia.com/gpu" (without a "requests." prefix)';
}

/**
 * What is wrong with one LimitRange item: what the API server refuses (ValidateLimitRange, after filling in the
 * Container defaults), and a ratio that the item's own defaults break, which makes every container that takes
 * both defaults be refused. `name` names the fields in the problems.
 */
export function limitItemProblems(item: LimitItem, name: LimitFieldName): GovernanceProblem[] {
  item = asMap(item);
  const problems: GovernanceProblem[] = [];
  const type = String(item?.type);
  if (type === 'Pod') {
    for (const part of ['default', 'defaultRequest'] as const) {
      for (const [r, v] of Object.entries(asMap(item[part]))) {
        problems.push({ field: name(part, r), value: v, expected: `no ${part} in a Pod item (only Container items give defaults)` });
      }
    }
  }
  if (type === 'PersistentVolumeClaim' && asMap(item.min).storage === undefined && asMap(item.max).storage === undefined) {
    problems.push({ field: name('min', 'storage'), value: undefined, expected: 'a min or a max storage size (the API server requires one of them)' });
  }
  const values: Partial<Record<LimitPart, Record<string, number>>> = {};
  for (const part of PARTS) {
    values[part] = {};
    if (type === 'Pod' && (part === 'default' || part === 'defaultRequest')) {
      continue;
    }
    for (const [r, v] of Object.entries(asMap(item[part]))) {
      const resourceProblem = limitResourceProblem(type, r);
      if (resourceProblem !== undefined) {
        problems.push({ field: name(part, r), value: v, expected: resourceProblem });
        continue;
      }
      const n = quantityValue(v);
      if (n === undefined || n < 0) {
        problems.push({ field: name(part, r), value: v, expected: 'a quantity of 0 or more such as "500m", "2" or "1Gi"' });
        continue;
      }
      values[part]![r] = n;
    }
  }
  const { min, max, default: dflt, defaultRequest: req, maxLimitRequestRatio: ratio } = values as Record<LimitPart, Record<string, number>>;
  const raw = (part: LimitPart, r: string) => asMap(item[part])[r];
  const at = (part: LimitPart, r: string) => `${name(part, r)} (${showQuantity(raw(part, r))})`;
  const resources = new Set(PARTS.flatMap((p) => Object.keys(values[p]!)));
  const effective = containerDefaults(item);
  for (const r of resources) {
    const bounded = (part: LimitPart) => {
      if (values[part]![r] === undefined) {
        return;
      }
      if (min[r] !== undefined && values[part]![r] < min[r]) {
        problems.push({ field: name(part, r), value: raw(part, r), expected: `at least ${at('min', r)}` });
      }
      if (max[r] !== undefined && values[part]![r] > max[r]) {
        problems.push({ field: name(part, r), value: raw(part, r), expected: `at most ${at('max', r)}` });
      }
    };
    if (min[r] !== undefined && max[r] !== undefined && min[r] > max[r]) {
      problems.push({ field: name('min', r), value: raw('min', r), expected: `at most ${at('max', r)}` });
    }
    bounded('default');
    bounded('defaultRequest');
    if (req[r] !== undefined && dflt[r] !== undefined && req[r] > dflt[r]) {
      problems.push({ field: name('defaultRequest', r), value: raw('defaultRequest', r), expected: `at most ${at('default', r)}, the default limit` });
    }
    if (!overcommits(r) && req[r] !== undefined && dflt[r] !== undefined && req[r] !== dflt[r]) {
      problems.push({ field: name('defaultRequest', r), value: raw('defaultRequest', r), expected: `equal to ${at('default', r)}: ${r} cannot be overcommitted` });
    }
    if (ratio[r] === undefined) {
      continue;
    }
    if (ratio[r] < 1) {
      problems.push({ field: name('maxLimitRequestRatio', r), value: raw('maxLimitRequestRatio', r), expected: 'a ratio of at least 1 (a limit is never below its request)' });
    } else if (min[r] > 0 && max[r] !== undefined && ratio[r] > max[r] / min[r]) {
      problems.push({ field: name('maxLimitRequestRatio', r), value: raw('maxLimitRequestRatio', r),
        expected: `at most ${round(max[r] / min[r])}, ${name('max', r)} divided by ${name('min', r)}` });
    }
    const limit = quantityValue(effective.limits[r]);
    const request = quantityValue(effective.requests[r]);
    if (limit !== undefined && request !== undefined && request > 0 && limit / request > ratio[r]) {
      problems.push({ field: name('maxLimitRequestRatio', r), value: raw('maxLimitRequestRatio', r),
        expected: `at least ${round(limit / request)}, the default limit ${showQuantity(effective.limits[r])} over the default request `
          + `${showQuantity(effective.requests[r])} (containers that take both defaults would be refused)` });
    }
  }
  return problems;
}

const round = (x: number) => String(Math.round(x * 1000) / 1000);

/** A LimitRange item with the names of its fields, for the checks across items. */
export interface NamedLimitItem {
  readonly item: LimitItem;
  readonly name: LimitFieldName;
  /** The name of the item's type field. */
  readonly typeField: string;
}

/**
 * Items of one LimitRange that contradict each other: a Container default limit, or min, above a Pod max (a pod
 * with one container that takes the default, or the least it may take, is refused), and the same type twice (the
 * API server refuses that).
 */
export function limitItemsProblems(items: readonly NamedLimitItem[]): GovernanceProblem[] {
  const problems: GovernanceProblem[] = [];
  items.forEach((it, i) => {
    if (!(LIMIT_TYPES as readonly unknown[]).includes(it.item?.type)) {
      problems.push({ field: it.typeField, value: it.item?.type, expected: `one of ${LIMIT_TYPES.map((t) => `"${t}"`).join(', ')}` });
    } else if (items.slice(0, i).some((o) => o.item?.type === it.item?.type)) {
      problems.push({ field: it.typeField, value: it.item?.type, expected: 'a type not already used by another item of this LimitRange' });
    }
  });
  const container = items.find((it) => it.item?.type === 'Container');
  const pod = items.find((it) => it.item?.type === 'Pod');
  if (!container || !pod) {
    return problems;
  }
  const podMax = asMap(pod.item.max);
  const limits = containerDefaults(container.item).limits;
  for (const [r, v] of Object.entries(podMax)) {
    const cap = quantityValue(v);
    const dflt = quantityValue(limits[r]);
    const least = quantityValue(asMap(container.item.min)[r]);
    if (cap === undefined) {
      continue;
    }
    if (dflt !== undefined && dflt > cap) {
      const part = asMap(container.item.default)[r] !== undefined ? 'default' : 'max';
      problems.push({ field: container.name(part, r), value: limits[r],
        expected: `at most ${pod.name('max', r)} (${showQuantity(v)}): a pod whose one container takes the default limit would be refused` });
    }
    if (least !== undefined && least > cap) {
      problems.push({ field: container.name('min', r), value: asMap(container.item.min)[r],
        expected: `at most ${pod.name('max', r)} (${showQuantity(v)}): no pod could hold a container of the least size` });
    }
  }
  return problems;
}

/** A LimitRange amount that exceeds a ResourceQuota's hard limit in the same namespace. */
export interface QuotaConflict {
  /** The item type: Container, Pod or PersistentVolumeClaim. */
  readonly type: string;
  /** What in the item: the default limit (`default`, possibly taken from max), default request, or min. */
  readonly part: LimitPart;
  readonly resource: string;
  /** The LimitRange amount, as written. */
  readonly value: unknown;
  /** The quota's resource name and limit. */
  readonly quotaName: string;
  readonly quotaValue: unknown;
  /** Why no pod (or claim) fits. */
  readonly why: string;
}

/**
 * Where a LimitRange asks for more than a quota of the same namespace allows in total, so that no pod (or claim)
 * that takes the amount fits: a Container default limit above `limits.<r>`; a default request or a min above
 * `requests.<r>` (or `<r>`); a Pod min above them; a PersistentVolumeClaim min above `requests.storage` or a
 * StorageClass's `requests.storage`.
 */
export function limitRangeQuotaConflicts(items: readonly LimitItem[], hard: Readonly<Record<string, unknown>>): QuotaConflict[] {
  const conflicts: QuotaConflict[] = [];
  const over = (type: string, part: LimitPart, resource: string, value: unknown, quotaName: string, why: string) => {
    const amount = quantityValue(value);
    const cap = quantityValue(hard[quotaName]);
    if (amount !== undefined && cap !== undefined && amount > cap) {
      conflicts.push({ type, part, resource, value, quotaName, quotaValue: hard[quotaName], why });
    }
  };
  for (const item of items) {
    const type = String(item?.type);
    if (type === 'Container') {
      const { limits, requests } = containerDefaults(item);
      for (const [r, v] of Object.entries(limits)) {
        over(type, asMap(item.default)[r] !== undefined ? 'default' : 'max', r, v, `limits.${r}`, 'a container that takes the default limit needs more than the whole quota');
      }
      for (const [r, v] of Object.entries(requests)) {
        const part: LimitPart = asMap(item.defaultRequest)[r] !== undefined ? 'defaultRequest' : asMap(item.default)[r] !== undefined ? 'default'
          : asMap(item.max)[r] !== undefined ? 'max' : 'min';
        if (part === 'min') {
          continue; // the min itself is checked below
        }
        for (const q of [`requests.${r}`, r]) {
          over(type, part, r, v, q, 'a container that takes the default request needs more than the whole quota');
        }
      }
      for (const [r, v] of Object.entries(asMap(item.min))) {
        over(type, 'min', r, v, `limits.${r}`, 'every container\'s limit is at least the min, more than the whole quota');
      }
    }
    if (type === 'Container' || type === 'Pod') {
      for (const [r, v] of Object.entries(asMap(item.min))) {
        for (const q of [`requests.${r}`, r]) {
          over(type, 'min', r, v, q, `every ${type === 'Pod' ? 'pod' : 'container'} requests at least the min, more than the whole quota`);
        }
      }
    }
    if (type === 'PersistentVolumeClaim') {
      const least = asMap(item.min).storage;
      over(type, 'min', 'storage', least, 'requests.storage', 'every claim requests at least the min, more than the whole quota');
      for (const q of Object.keys(hard).filter((k) => k.endsWith(`${STORAGE_CLASS_QUOTA_SUFFIX}requests.storage`))) {
        over(type, 'min', 'storage', least, q, `no claim of StorageClass "${q.slice(0, q.indexOf(STORAGE_CLASS_QUOTA_SUFFIX))}" fits its quota`);
      }
    }
  }
  return conflicts;
}
