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
  'networking.k8s.io': ['ingressclasses', 'ingresses', 'ipaddresses', 'networkpolicies', 'servicecidrs'],
  'rbac.authorization.k8s.io': ['clusterrolebindings', 'clusterroles', 'rolebindings', 'roles'],
  'storage.k8s.io': ['csidrivers', 'csinodes', 'csistoragecapacities', 'storageclasses', 'volumeattachments', 'volumeattributesclasses'],
  'apiextensions.k8s.io': ['customresourcedefinitions'],
  'admissionregistration.k8s.io': [
    'mutatingadmissionpolicies', 'mutatingadmissionpolicybindings', 'mutatingwebhookconfigurations', 'validatingadmissionpolicies',
    'validatingadmissionpolicybindings', 'validatingwebhookconfigurations',
  ],
  'coordination.k8s.io': ['leasecandidates', 'leases'],
  'discovery.k8s.io': ['endpointslices'],
  'certificates.k8s.io': ['certificatesigningrequests', 'clustertrustbundles'],
  'scheduling.k8s.io': ['priorityclasses'],
  'authentication.k8s.io': ['selfsubjectreviews', 'tokenreviews'],
  'authorization.k8s.io': ['localsubjectaccessreviews', 'selfsubjectaccessreviews', 'selfsubjectrulesreviews', 'subjectaccessreviews'],
  // Served by current Kubernetes too: a rule naming them under their group must not be refused.
  'node.k8s.io': ['runtimeclasses'],
  'flowcontrol.apiserver.k8s.io': ['flowschemas', 'prioritylevelconfigurations'],
  'apiregistration.k8s.io': ['apiservices'],
  'resource.k8s.io': ['deviceclasses', 'resourceclaims', 'resourceclaimtemplates', 'resourceslices'],
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

// The kinds of the built-in API groups, with their real resource (plural) names as `kubectl api-resources` lists
// them on Kubernetes 1.32: "Ingress" is served as "ingresses", "Endpoints" as "endpoints", "NetworkPolicy" as
// "networkpolicies". Appending "s" to a kind is wrong for many of them, and a Role naming a resource that does
// not exist grants nothing, silently.

/** A built-in kind: its API group, the versions served by default, and its resource name. */
export interface BuiltinKind {
  readonly group: string;
  readonly versions: readonly string[];
  readonly kind: string;
  readonly resource: string;
}

const KINDS: Record<string, { readonly versions: readonly string[]; readonly kinds: Record<string, string> }> = {
  '': { versions: ['v1'], kinds: {
    Binding: 'bindings', ComponentStatus: 'componentstatuses', ConfigMap: 'configmaps', Endpoints: 'endpoints', Event: 'events',
    LimitRange: 'limitranges', Namespace: 'namespaces', Node: 'nodes', PersistentVolumeClaim: 'persistentvolumeclaims',
    PersistentVolume: 'persistentvolumes', Pod: 'pods', PodTemplate: 'podtemplates', ReplicationController: 'replicationcontrollers',
    ResourceQuota: 'resourcequotas', Secret: 'secrets', ServiceAccount: 'serviceaccounts', Service: 'services',
  } },
  'admissionregistration.k8s.io': { versions: ['v1'], kinds: {
    MutatingWebhookConfiguration: 'mutatingwebhookconfigurations', ValidatingAdmissionPolicy: 'validatingadmissionpolicies',
    ValidatingAdmissionPolicyBinding: 'validatingadmissionpolicybindings', ValidatingWebhookConfiguration: 'validatingwebhookconfigurations',
  } },
  'apiextensions.k8s.io': { versions: ['v1'], kinds: { CustomResourceDefinition: 'customresourcedefinitions' } },
  'apiregistration.k8s.io': { versions: ['v1'], kinds: { APIService: 'apiservices' } },
  'apps': { versions: ['v1'], kinds: {
    ControllerRevision: 'controllerrevisions', DaemonSet: 'daemonsets', Deployment: 'deployments', ReplicaSet: 'replicasets', StatefulSet: 'statefulsets',
  } },
  'authentication.k8s.io': { versions: ['v1'], kinds: { SelfSubjectReview: 'selfsubjectreviews', TokenReview: 'tokenreviews' } },
  'authorization.k8s.io': { versions: ['v1'], kinds: {
    LocalSubjectAccessReview: 'localsubjectaccessreviews', SelfSubjectAccessReview: 'selfsubjectaccessreviews',
    SelfSubjectRulesReview: 'selfsubjectrulesreviews', SubjectAccessReview: 'subjectaccessreviews',
  } },
  'autoscaling': { versions: ['v1', 'v2'], kinds: { HorizontalPodAutoscaler: 'horizontalpodautoscalers' } },
  'batch': { versions: ['v1'], kinds: { CronJob: 'cronjobs', Job: 'jobs' } },
  'certificates.k8s.io': { versions: ['v1'], kinds: { CertificateSigningRequest: 'certificatesigningrequests' } },
  'coordination.k8s.io': { versions: ['v1'], kinds: { Lease: 'leases' } },
  'discovery.k8s.io': { versions: ['v1'], kinds: { EndpointSlice: 'endpointslices' } },
  'events.k8s.io': { versions: ['v1'], kinds: { Event: 'events' } },
  'flowcontrol.apiserver.k8s.io': { versions: ['v1'], kinds: { FlowSchema: 'flowschemas', PriorityLevelConfiguration: 'prioritylevelconfigurations' } },
  'networking.k8s.io': { versions: ['v1'], kinds: { Ingress: 'ingresses', IngressClass: 'ingressclasses', NetworkPolicy: 'networkpolicies' } },
  'node.k8s.io': { versions: ['v1'], kinds: { RuntimeClass: 'runtimeclasses' } },
  'policy': { versions: ['v1'], kinds: { PodDisruptionBudget: 'poddisruptionbudgets' } },
  'rbac.authorization.k8s.io': { versions: ['v1'], kinds: { ClusterRole: 'clusterroles', ClusterRoleBinding: 'clusterrolebindings', Role: 'roles', RoleBinding: 'rolebindings' } },
  'scheduling.k8s.io': { versions: ['v1'], kinds: { PriorityClass: 'priorityclasses' } },
  'storage.k8s.io': { versions: ['v1'], kinds: {
    CSIDriver: 'csidrivers', CSINode: 'csinodes', CSIStorageCapacity: 'csistoragecapacities', StorageClass: 'storageclasses', VolumeAttachment: 'volumeattachments',
  } },
};

/** The group and version of an apiVersion: "apps/v1" → ["apps", "v1"], "v1" → ["", "v1"]. */
export function splitApiVersion(apiVersion: string): [group: string, version: string] {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
}

/**
 * The built-in kind `kind` of `apiVersion`'s group, or undefined when the group is not built in (a custom resource,
 * whose resource name only its CRD knows) or has no such kind (see {@link builtinKindProblem}).
 */
export function builtinKind(apiVersion: string, kind: string): BuiltinKind | undefined {
  const [group] = splitApiVersion(apiVersion);
  const entry = Object.hasOwn(KINDS, group) ? KINDS[group] : undefined;
  const resource = entry && Object.hasOwn(entry.kinds, kind) ? entry.kinds[kind] : undefined;
  return entry && resource ? { group, versions: entry.versions, kind, resource } : undefined;
}

/**
 * Why `kind` is not served at `apiVersion` by a Kubernetes 1.32 API server, or undefined when it is or when the group
 * is not a built-in one (custom groups are not checked): a kind of another group ("apps/v1" Ingress), a version not
 * served ("networking.k8s.io/v1beta1" Ingress, removed in 1.22), or a kind the built-in group does not have.
 */
export function builtinKindProblem(apiVersion: string, kind: string): string | undefined {
  const [group, version] = splitApiVersion(apiVersion);
  if (!Object.hasOwn(KINDS, group)) {
    return undefined;
  }
  const homes = Object.entries(KINDS).filter(([, e]) => Object.hasOwn(e.kinds, kind)).map(([g, e]) => `${g === '' ? '' : `${g}/`}${e.versions.at(-1)}`);
  const entry = KINDS[group];
  if (!Object.hasOwn(entry.kinds, kind)) {
    const where = group === '' ? 'the core API group ("v1")' : `API group "${group}"`;
    return homes.length > 0 ? `${kind} is served as ${homes.map((h) => `"${h}"`).join(' or ')}, not by ${where}` : `${where} has no kind ${kind}`;
  }
  return entry.versions.includes(version) ? undefined
    : `${kind} is served as ${entry.versions.map((v) => `"${group === '' ? '' : `${group}/`}${v}"`).join(' or ')}; version "${version}" is not served`;
}
