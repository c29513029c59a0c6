// The API group of the built-in resources that RBAC rules, admission webhook rules and admission policies name.
// A resource listed under the wrong group (the book's `deployments` under the core group "") silently matches
// nothing, so constructs check every built-in resource name against this table.

/** The core API group, written "" in rules. */
export const CORE_GROUP = '';

const GROUPS: Record<string, readonly string[]> = {
  '': [
    'bindings', 'componentstatuses', 'configmaps', 'endpoints', 'events', 'limitranges', 'namespaces', 'nodes',
    'persistentvolumeclaims', 'persistentvolumes', 'pods', 'podtemplates', 'replicationcontrollers', 'resourcequotas',
    'secrets', 'serviceaccounts', 'services',
  ],
  'apps': ['controllerrevisions', 'daemonsets', 'deployments', 'replicasets', 'statefulsets'],
  'batch': ['cronjobs', 'jobs'],
  'autoscaling': ['horizontalpodautoscalers'],
  'policy': ['poddisruptionbudgets'],
  'networking.k8s.io': ['ingressclasses', 'ingresses', 'networkpolicies'],
  'rbac.authorization.k8s.io': ['clusterrolebindings', 'clusterroles', 'rolebindings', 'roles'],
  'storage.k8s.io': ['csidrivers', 'csinodes', 'storageclasses', 'volumeattachments'],
  'apiextensions.k8s.io': ['customresourcedefinitions'],
  'admissionregistration.k8s.io': [
    'mutatingwebhookconfigurations', 'validatingadmissionpolicies', 'validatingadmissionpolicybindings', 'validatingwebhookconfigurations',
  ],
  'coordination.k8s.io': ['leases'],
  'discovery.k8s.io': ['endpointslices'],
  'certificates.k8s.io': ['certificatesigningrequests'],
  'scheduling.k8s.io': ['priorityclasses'],
  'authentication.k8s.io': ['tokenreviews'],
  'authorization.k8s.io': ['localsubjectaccessreviews', 'selfsubjectaccessreviews', 'selfsubjectrulesreviews', 'subjectaccessreviews'],
};

const GROUP_OF = new Map<string, string>(Object.entries(GROUPS).flatMap(([group, resources]) => resources.map((r) => [r, group] as const)));

/** Every API group this table knows, core ("") first. */
export const KNOWN_API_GROUPS: readonly string[] = Object.keys(GROUPS);

/**
 * The API group of a built-in resource ("deployments" → "apps"), ignoring any subresource ("pods/log" → "").
 * Undefined for resources this table does not know (custom resources, "*").
 */
export function builtinGroupOf(resource: string): string | undefined {
  return GROUP_OF.get(resource.split('/')[0]);
}

/**
 * Why `resource` cannot be listed under `group`, or undefined when it can: a built-in resource belongs to exactly
 * one group, and a known built-in group only serves its own resources. Custom groups are not checked.
 */
export function resourceGroupProblem(group: string, resource: string): string | undefined {
  if (group === '*' || resource === '*') {
    return undefined;
  }
  const home = builtinGroupOf(resource);
  if (home !== undefined && home !== group) {
    return `"${resource.split('/')[0]}" is in API group ${home === '' ? '"" (core)' : `"${home}"`}, not ${group === '' ? '"" (core)' : `"${group}"`}`;
  }
  if (home === undefined && group in GROUPS) {
    return `API group ${group === '' ? '"" (core)' : `"${group}"`} has no resource "${resource.split('/')[0]}" (it has ${GROUPS[group].join(', ')})`;
  }
  return undefined;
}

/**
 * The problems of a rule that lists `resources` under `apiGroups` (an RBAC, webhook or admission policy rule): a
 * built-in resource that none of the groups serves. A resource served by one of the groups is fine.
 */
export function ruleGroupProblems(apiGroups: readonly string[] | undefined, resources: readonly string[] | undefined): string[] {
  const groups = apiGroups ?? [];
  return (resources ?? []).filter((r) => typeof r === 'string' && r.split('/')[0] !== '*').flatMap((r) => {
    const problems = groups.map((g) => resourceGroupProblem(g, r));
    return groups.length > 0 && problems.every((p) => p !== undefined) ? [problems.join('; ')] : [];
  });
}
