/** The value of `app.kubernetes.io/managed-by` on everything this library writes. */
export const MANAGED_BY = 'keelson';

/** The label that selects a workload's pods; the books use `app: <name>`. */
export const SELECTOR_LABEL = 'app';

/** Selector labels for a workload: stable, minimal and immutable once deployed. */
export function selectorLabels(name: string): Record<string, string> {
  return { [SELECTOR_LABEL]: name };
}

/** Metadata labels for a workload's objects and pods: the selector plus the recommended `app.kubernetes.io/name`. */
export function workloadLabels(name: string, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return { ...extra, ...selectorLabels(name), 'app.kubernetes.io/name': name };
}

/** The node label keelson sets on every node of a group: the group's name, which stays when the group is replaced. */
export const NODE_GROUP_LABEL = 'keelson.dev/node-group';
