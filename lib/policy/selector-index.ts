import { appendTo } from './multi-map';
import { isMap } from './selectors';

// Selector matching between the objects of one namespace (Services and their pods, NetworkPolicies and theirs) is a
// join: asked object by object, it costs services × workloads, which grows with the square of a namespace's size (a
// namespace of 2,000 workloads took seconds per check). These indexes find the few candidates of a match through one
// label they must share; the caller decides each candidate with the exact matcher, so answers are the same as a scan,
// in the same order.

/** The bucket of a label: its key and (string) value. */
const entryKey = (key: string, value: string): string => `${key}\u0000${value}`;

/**
 * A label that every match of a selector map must carry: its first entry with a string value (an entry with another
 * value is left to the exact matcher). Undefined when there is none.
 */
function requiredEntry(selector: unknown): string | undefined {
  if (!isMap(selector)) {
    return undefined;
  }
  for (const key in selector) {
    if (typeof selector[key] === 'string') {
      return entryKey(key, selector[key]);
    }
  }
  return undefined;
}

/**
 * Items that hold a selector (NetworkPolicies, PodDisruptionBudgets, Services), to find those that may select a set
 * of labels. Each item is filed under the first label its selector requires (`requiredLabels` gives the map of
 * required labels: matchLabels, or a Service's selector); items without one (an empty selector, expressions only, an
 * odd shape) are candidates for every query.
 */
export class SelectorIndex<T> {
  private readonly byEntry = new Map<string, Array<[number, T]>>();
  private readonly always: Array<[number, T]> = [];

  public constructor(items: readonly T[], requiredLabels: (item: T) => unknown) {
    items.forEach((item, i) => {
      const entry = requiredEntry(requiredLabels(item));
      if (entry === undefined) {
        this.always.push([i, item]);
      } else {
        appendTo(this.byEntry, entry, [i, item]);
      }
    });
  }

  /** The items that may select `labels`, in their original order: decide each with the exact matcher. */
  public candidates(labels: unknown): T[] {
    const found = [...this.always];
    if (isMap(labels)) {
      for (const key in labels) {
        if (typeof labels[key] === 'string') {
          found.push(...(this.byEntry.get(entryKey(key, labels[key])) ?? []));
        }
      }
    }
    return found.sort((a, b) => a[0] - b[0]).map(([, item]) => item);
  }
}

/**
 * Items that carry labels (workloads, by their pods' labels), to find those a map selector (a Service's) may select:
 * those holding the first label the selector requires. A selector that requires none known (empty, odd values) gets
 * every item.
 */
export class LabelIndex<T> {
  private readonly byEntry = new Map<string, T[]>();

  public constructor(private readonly items: readonly T[], labelsOf: (item: T) => unknown) {
    for (const item of items) {
      const labels = labelsOf(item);
      if (isMap(labels)) {
        for (const key in labels) {
          if (typeof labels[key] === 'string') {
            appendTo(this.byEntry, entryKey(key, labels[key]), item);
          }
        }
      }
    }
  }

  /** The items `selector` may select, in their original order: decide each with the exact matcher. */
  public candidates(selector: unknown): readonly T[] {
    const entry = requiredEntry(selector);
    return entry === undefined ? this.items : this.byEntry.get(entry) ?? [];
  }
}
