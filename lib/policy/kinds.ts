/**
 * How checks and the object index name a kind. Kubernetes' own kinds go by their name ("Service", "Deployment");
 * custom resources go by "group/Kind" ("serving.knative.dev/Service", "networking.istio.io/Gateway"), so that a
 * Knative Service is never mistaken for a core one.
 */

/** Kubernetes' own API groups: core (""), the groups without a dot (apps, batch, policy, autoscaling) and *.k8s.io. */
export function isBuiltinGroup(group: string): boolean {
  return !group.includes('.') || group.endsWith('.k8s.io');
}

/** The key of a target's kind: "Kind" for built-in groups, "group/Kind" for custom resources. */
export function kindKey(t: { readonly group: string; readonly kind: string }): string {
  return isBuiltinGroup(t.group) ? t.kind : `${t.group}/${t.kind}`;
}
