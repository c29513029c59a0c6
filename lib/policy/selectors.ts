import { isObject } from '../core/validator';

/** A Kubernetes label selector (matchLabels and matchExpressions). */
export interface LabelSelector {
  readonly matchLabels?: Record<string, string>;
  readonly matchExpressions?: ReadonlyArray<{ key: string; operator: string; values?: string[] }>;
}

/** Whether `selector` selects an object with `labels`. An empty selector selects everything. */
export function selectorMatches(selector: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  const l = isMap(labels) ? labels : {};
  if (selector !== undefined && selector !== null && !isMap(selector)) {
    return false;
  }
  // Loops over keys rather than Object.entries: the checks call this for every pair of selector and workload.
  const matchLabels = selector?.matchLabels;
  if (isMap(matchLabels)) {
    for (const k in matchLabels) {
      if (l[k] !== matchLabels[k]) {
        return false;
      }
    }
  }
  for (const e of Array.isArray(selector?.matchExpressions) ? selector!.matchExpressions : []) {
    if (!isMap(e)) {
      return false;
    }
    const has = Object.prototype.hasOwnProperty.call(l, e.key);
    const values: unknown[] = Array.isArray(e.values) ? e.values : [];
    switch (e.operator) {
      case 'In': if (!has || !values.includes(l[e.key])) return false; break;
      case 'NotIn': if (has && values.includes(l[e.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

/** Whether a plain `key: value` map (a Service selector) selects `labels`; an empty map selects nothing. */
export function mapSelects(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!isMap(selector)) {
    return false;
  }
  let any = false;
  for (const k in selector) {
    if (labels?.[k] !== selector[k]) {
      return false;
    }
    any = true;
  }
  return any;
}

/** Whether a value is a plain object (not null, not an array): the validator's `isObject`, by the name the checks use. */
export const isMap: (v: unknown) => v is Record<string, any> = isObject;

/** Whether a label selector is empty (selects everything): no matchLabels and no matchExpressions. */
export function isEmptySelector(selector: unknown): boolean {
  if (!isMap(selector)) {
    return selector === undefined || selector === null;
  }
  return Object.keys(isMap(selector.matchLabels) ? selector.matchLabels : {}).length === 0
    && (Array.isArray(selector.matchExpressions) ? selector.matchExpressions : []).length === 0;
}
