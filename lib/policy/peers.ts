/**
 * The checks that Polaris, kube-score and kube-linter run by default, each with keelson's check(s) of the same
 * intent, or none and why. Plain data: `bench/peer-parity.ts` measures keelson against the peers' own test fixtures
 * through it, `docs/checks.md` is generated from it, and a test keeps it consistent with the `references` of the
 * registered checks.
 *
 * Default sets, as of the fixtures' commits (see /work/shared/peer-policy-fixtures/NOTICE): Polaris
 * `pkg/config/default.yaml` (checks with severity warning or danger); kube-score `README_CHECKS.md` (every check not
 * marked "optional"); kube-linter `internal/defaultchecks` ("Enabled by default: Yes" in docs/generated/checks.md).
 * A few checks that are not on by default are listed too (`enabledByDefault: false`): those a keelson check names
 * in its references, and those whose fixtures the bench measures.
 */

/** The peer tools. */
export type PeerTool = 'Polaris' | 'kube-score' | 'kube-linter';

/** One peer check and keelson's counterpart. */
export interface PeerCheck {
  readonly tool: PeerTool;
  /** The peer's check id (Polaris check key, kube-score check id, kube-linter check name). */
  readonly id: string;
  readonly enabledByDefault: boolean;
  /** keelson checks with the same intent; empty when keelson has none (then `none` says why). */
  readonly keelson: readonly string[];
  /** Why keelson has no equivalent. */
  readonly none?: string;
  /**
   * What keelson refuses beyond the peer, by design: objects the peer passes that keelson's checks flag for this
   * reason are listed as stricter by design, not counted as false alarms. When the text names some of the
   * `keelson` checks (in parentheses), only findings of those count as stricter.
   */
  readonly stricter?: string;
}

const OPENSHIFT = 'OpenShift only';
const ORG_POLICY = 'an organisation-specific convention, not a safety property; write a custom check';
const PSS_RESTRICTED_NON_ROOT = 'restricted Pod Security requires runAsNonRoot: true on the pod or every container, even when runAsUser is non-zero (pss-run-as-non-root)';
const PSS_RESTRICTED_CAPS = 'restricted Pod Security requires every container to drop ALL capabilities and add at most NET_BIND_SERVICE (pss-capabilities-restricted)';
const PSS_NO_HOST_PATH = 'baseline Pod Security forbids every hostPath volume, not only sensitive paths (pss-host-path)';
const RBAC_ROLES_THEMSELVES = 'keelson judges the rules of every Role and ClusterRole themselves, whatever the binding is named; Polaris exempts bindings named system:* and gce:* (rbac-pods-exec)';
/** Polaris exempts every RBAC object named system:*; keelson only Kubernetes' own defaults (see isVendorRbacObject). */
const rbacSystemLabel = (check: string) => `keelson exempts a role or binding named system:* only when it carries kubernetes.io/bootstrapping: rbac-defaults, the label of the defaults Kubernetes ships, since anyone can name a role system:something; Polaris exempts the name prefix alone (${check})`;
const HPA_MIN_REPLICAS = 'keelson asks every HorizontalPodAutoscaler for minReplicas of at least 2; an unset minReplicas is 1 (hpa-replicas)';
const PULL_ALWAYS = 'the peer asks every container for imagePullPolicy: Always (set, or the default of an unpinned image); keelson asks Always only of unpinned images and refuses Never, and lets a pinned tag or digest, which names one build, use IfNotPresent (image-pull-policy); checking pull credentials on every start is the AlwaysPullImages admission plugin\'s job';
const PROBES_EVERY_CONTAINER = 'keelson asks every long-running container for a liveness probe, and a readiness probe of every container with ports even when no Service selects the pod (probe-liveness, probe-readiness)';

function p(id: string, keelson: string[], extra: Partial<PeerCheck> = {}): PeerCheck {
  return { tool: 'Polaris', id, enabledByDefault: true, keelson, ...extra };
}
function s(id: string, keelson: string[], extra: Partial<PeerCheck> = {}): PeerCheck {
  return { tool: 'kube-score', id, enabledByDefault: true, keelson, ...extra };
}
function l(id: string, keelson: string[], extra: Partial<PeerCheck> = {}): PeerCheck {
  return { tool: 'kube-linter', id, enabledByDefault: true, keelson, ...extra };
}

export const PEER_CHECKS: readonly PeerCheck[] = [
  // Polaris, pkg/config/default.yaml
  p('deploymentMissingReplicas', [], { none: 'one replica is a valid choice; keelson expects a PodDisruptionBudget and spreading of replicated workloads instead (workload-disruption-budget, workload-spread)' }),
  p('priorityClassNotSet', [], { none: 'priority classes are a cluster-wide scheduling decision, not required of every workload' }),
  p('tagNotSpecified', ['image-tag-pinned']),
  p('pullPolicyNotAlways', [], { none: PULL_ALWAYS }),
  p('readinessProbeMissing', ['probe-readiness']),
  p('livenessProbeMissing', ['probe-liveness']),
  p('metadataAndInstanceMismatched', [], { none: ORG_POLICY }),
  p('pdbDisruptionsIsZero', ['pdb-allows-disruption']),
  p('missingPodDisruptionBudget', ['workload-disruption-budget']),
  p('topologySpreadConstraint', ['workload-spread']),
  p('hpaMaxAvailability', ['hpa-replicas'], { stricter: HPA_MIN_REPLICAS }),
  p('hpaMinAvailability', ['hpa-replicas'], { stricter: HPA_MIN_REPLICAS }),
  p('pdbMinAvailableGreaterThanOrEqualToHPAMinReplicas', ['pdb-allows-disruption'], {
    stricter: 'keelson refuses every PodDisruptionBudget that leaves no disruption for the replicas its workload runs, with an autoscaler or without (pdb-allows-disruption)',
  }),
  p('cpuRequestsMissing', ['resources-cpu-request', 'resourcequota-pod-resources']),
  p('cpuLimitsMissing', ['resources-cpu-limit']),
  p('memoryRequestsMissing', ['resources-memory-request']),
  p('memoryLimitsMissing', ['resources-memory-limit', 'resourcequota-pod-resources']),
  p('automountServiceAccountToken', ['service-account-automount', 'pod-automount-token'], {
    stricter: 'keelson also asks every ServiceAccount to set automountServiceAccountToken: false, even when the pods that use it opt out (service-account-automount)',
  }),
  p('hostIPCSet', ['pss-host-namespaces']),
  p('hostPathSet', ['pss-host-path']),
  p('hostProcess', ['pss-host-process']),
  p('hostPIDSet', ['pss-host-namespaces']),
  p('linuxHardening', ['pss-seccomp-restricted', 'pss-capabilities-restricted'], {
    stricter: 'restricted Pod Security requires a RuntimeDefault or Localhost seccomp profile AND dropping ALL capabilities; Polaris accepts any one of seccomp, AppArmor, SELinux or dropped capabilities (pss-seccomp-restricted, pss-capabilities-restricted)',
  }),
  p('missingNetworkPolicy', ['pod-network-policy']),
  p('notReadOnlyRootFilesystem', ['read-only-root-filesystem']),
  p('privilegeEscalationAllowed', ['pss-privilege-escalation']),
  p('procMount', ['pss-proc-mount']),
  p('runAsRootAllowed', ['pss-run-as-non-root', 'pss-run-as-user']),
  p('runAsPrivileged', ['pss-privileged']),
  p('dangerousCapabilities', ['pss-capabilities-baseline']),
  p('insecureCapabilities', ['pss-capabilities-restricted'], { stricter: PSS_RESTRICTED_CAPS }),
  p('hostNetworkSet', ['pss-host-namespaces']),
  p('hostPortSet', ['pss-host-ports']),
  p('tlsSettingsMissing', ['ingress-tls']),
  p('sensitiveContainerEnvVar', ['env-secret-literal']),
  p('sensitiveConfigmapContent', ['secret-values']),
  p('clusterrolePodExecAttach', ['rbac-pods-exec'], { stricter: rbacSystemLabel('rbac-pods-exec') }),
  p('rolePodExecAttach', ['rbac-pods-exec'], { stricter: rbacSystemLabel('rbac-pods-exec') }),
  p('clusterrolebindingPodExecAttach', ['rbac-pods-exec'], { stricter: `${RBAC_ROLES_THEMSELVES}; ${rbacSystemLabel('rbac-pods-exec')}` }),
  p('rolebindingClusterRolePodExecAttach', ['rbac-pods-exec'], { stricter: `${RBAC_ROLES_THEMSELVES}; ${rbacSystemLabel('rbac-pods-exec')}` }),
  p('rolebindingRolePodExecAttach', ['rbac-pods-exec'], { stricter: `${RBAC_ROLES_THEMSELVES}; ${rbacSystemLabel('rbac-pods-exec')}` }),
  p('clusterrolebindingClusterAdmin', ['rbac-cluster-admin-binding'], { stricter: rbacSystemLabel('rbac-cluster-admin-binding') }),
  p('rolebindingClusterAdminClusterRole', ['rbac-cluster-admin-binding'], { stricter: rbacSystemLabel('rbac-cluster-admin-binding') }),
  p('rolebindingClusterAdminRole', ['rbac-cluster-admin-binding'], { stricter: rbacSystemLabel('rbac-cluster-admin-binding') }),

  // kube-score, README_CHECKS.md (checks not marked optional)
  s('ingress-targets-service', ['ingress-backend-exists']),
  s('cronjob-has-deadline', ['cronjob-starting-deadline']),
  s('cronjob-restartpolicy', ['job-restart-policy']),
  s('container-resources', ['resources-cpu-request', 'resources-memory-request', 'resources-cpu-limit', 'resources-memory-limit', 'resourcequota-pod-resources']),
  s('container-image-tag', ['image-tag-pinned']),
  s('container-image-pull-policy', [], { none: PULL_ALWAYS }),
  s('container-ephemeral-storage-request-and-limit', ['resources-ephemeral-storage']),
  s('environment-variable-key-duplication', ['env-duplicate']),
  s('statefulset-has-poddisruptionbudget', ['workload-disruption-budget']),
  s('deployment-has-poddisruptionbudget', ['workload-disruption-budget']),
  s('poddisruptionbudget-has-policy', ['pdb-has-budget']),
  s('pod-networkpolicy', ['pod-network-policy']),
  s('networkpolicy-targets-pod', ['networkpolicy-selects-pods']),
  s('pod-probes', ['probe-readiness', 'probe-liveness'], { stricter: PROBES_EVERY_CONTAINER }),
  s('pod-probes-identical', ['probes-not-identical']),
  s('container-security-context-user-group-id', ['pss-run-as-non-root', 'pss-run-as-user'], {
    stricter: PSS_RESTRICTED_NON_ROOT,
  }),
  s('container-security-context-privileged', ['pss-privileged']),
  s('container-security-context-readonlyrootfilesystem', ['read-only-root-filesystem']),
  s('service-targets-pod', ['service-selects-pods']),
  s('service-type', ['service-node-port']),
  s('stable-version', ['removed-api-version', 'deprecated-api-version']),
  s('deployment-has-host-podantiaffinity', ['workload-spread']),
  s('statefulset-has-host-podantiaffinity', ['workload-spread']),
  s('deployment-targeted-by-hpa-does-not-have-replicas-configured', ['hpa-target-replicas']),
  s('statefulset-has-servicename', ['statefulset-headless-service']),
  s('deployment-pod-selector-labels-match-template-metadata-labels', ['workload-selector-matches']),
  s('statefulset-pod-selector-labels-match-template-metadata-labels', ['workload-selector-matches']),
  s('label-values', [], { none: 'label syntax is checked where keelson renders objects (core/ validation) and by the API server, not by a policy check' }),
  s('horizontalpodautoscaler-has-target', ['hpa-target-exists']),
  s('horizontalpodautoscaler-replicas', ['hpa-replicas']),
  s('deployment-strategy', ['deployment-rolling-update']),
  s('deployment-replicas', [], { none: 'one replica is a valid choice; keelson expects a PodDisruptionBudget and spreading of replicated workloads instead (workload-disruption-budget, workload-spread)' }),
  s('pod-topology-spread-constraints', ['topology-spread-valid']),
  s('container-seccomp-profile', ['pss-seccomp-restricted'], { enabledByDefault: false }),
  s('container-ports-check', ['container-port-valid'], { enabledByDefault: false }),

  // kube-linter, internal/defaultchecks
  l('dangling-service', ['service-selects-pods']),
  l('deprecated-service-account-field', ['pod-service-account-field']),
  l('docker-sock', ['pss-host-path'], { stricter: PSS_NO_HOST_PATH }),
  l('drop-net-raw-capability', ['pss-capabilities-restricted'], { stricter: PSS_RESTRICTED_CAPS }),
  l('duplicate-env-var', ['env-duplicate']),
  l('env-var-secret', ['env-secret-literal']),
  l('host-ipc', ['pss-host-namespaces']),
  l('host-network', ['pss-host-namespaces']),
  l('host-pid', ['pss-host-namespaces']),
  l('invalid-target-ports', ['service-target-port', 'container-port-valid']),
  l('latest-tag', ['image-tag-pinned']),
  l('liveness-port', ['probe-port-exists']),
  l('mismatching-selector', ['workload-selector-matches']),
  l('no-anti-affinity', ['workload-spread']),
  l('no-extensions-v1beta', ['removed-api-version']),
  l('no-read-only-root-fs', ['read-only-root-filesystem']),
  l('non-existent-service-account', ['pod-service-account-exists']),
  l('pdb-max-unavailable', ['pdb-allows-disruption']),
  l('pdb-min-available', ['pdb-allows-disruption']),
  l('pdb-unhealthy-pod-eviction-policy', ['pdb-unhealthy-eviction'], {
    stricter: 'keelson asks for unhealthyPodEvictionPolicy: AlwaysAllow, so that pods that never became ready do not block node drains; kube-linter accepts any explicit value (pdb-unhealthy-eviction)',
  }),
  l('privilege-escalation-container', ['pss-privilege-escalation']),
  l('privileged-container', ['pss-privileged']),
  l('readiness-port', ['probe-port-exists']),
  l('run-as-non-root', ['pss-run-as-non-root'], { stricter: PSS_RESTRICTED_NON_ROOT }),
  l('sensitive-host-mounts', ['pss-host-path'], { stricter: PSS_NO_HOST_PATH }),
  l('ssh-port', ['container-ssh-port']),
  l('startup-port', ['probe-port-exists']),
  l('unsafe-sysctls', ['pss-sysctls']),
  l('unset-cpu-requirements', ['resources-cpu-request', 'resourcequota-pod-resources']),
  l('unset-memory-requirements', ['resources-memory-request', 'resources-memory-limit', 'resourcequota-pod-resources']),
  // kube-linter checks that are off by default, named by keelson or measured by the bench
  l('access-to-create-pods', ['rbac-create-pods'], { enabledByDefault: false }),
  l('access-to-secrets', ['rbac-cluster-secrets-read'], { enabledByDefault: false }),
  l('cluster-admin-role-binding', ['rbac-cluster-admin-binding'], { enabledByDefault: false }),
  l('dangling-horizontalpodautoscaler', ['hpa-target-exists'], { enabledByDefault: false }),
  l('dangling-ingress', ['ingress-backend-exists'], { enabledByDefault: false }),
  l('dangling-networkpolicy', ['networkpolicy-selects-pods'], { enabledByDefault: false }),
  l('dangling-networkpolicypeer-podselector', ['networkpolicy-peer-selects-pods'], { enabledByDefault: false }),
  l('dangling-servicemonitor', ['servicemonitor-selects-service'], { enabledByDefault: false }),
  l('default-service-account', ['default-service-account'], { enabledByDefault: false }),
  l('dnsconfig-options', [], { enabledByDefault: false, none: ORG_POLICY }),
  l('env-var-value-from', ['pod-config-references'], { enabledByDefault: false }),
  l('exposed-services', ['service-source-ranges', 'service-admin-exposed', 'service-node-port'], { enabledByDefault: false }),
  l('hpa-minimum-three-replicas', ['hpa-replicas'], { enabledByDefault: false }),
  l('job-ttl-seconds-after-finished', ['job-ttl-after-finished'], { enabledByDefault: false }),
  l('minimum-three-replicas', [], { enabledByDefault: false, none: 'one replica is a valid choice; keelson expects a PodDisruptionBudget and spreading of replicated workloads instead' }),
  l('no-liveness-probe', ['probe-liveness'], { enabledByDefault: false }),
  l('no-node-affinity', [], { enabledByDefault: false, none: 'node affinity is a scheduling choice, not required of every workload' }),
  l('no-readiness-probe', ['probe-readiness'], { enabledByDefault: false }),
  l('no-rolling-update-strategy', ['deployment-rolling-update'], { enabledByDefault: false }),
  l('non-isolated-pod', ['pod-network-policy'], {
    enabledByDefault: false,
    stricter: 'keelson asks that the pods\' ingress and egress both be restricted (policyTypes Ingress and Egress), as a SecureNamespace\'s default deny does; kube-linter only asks that some NetworkPolicy select them (pod-network-policy)',
  }),
  l('priority-class-name', [], { enabledByDefault: false, none: 'priority classes are a cluster-wide scheduling decision, not required of every workload' }),
  l('privileged-ports', [], { enabledByDefault: false, none: 'restricted Pod Security (non-root, no added capabilities) already keeps a container from binding ports below 1024 unless it adds NET_BIND_SERVICE' }),
  l('read-secret-from-env-var', [], { enabledByDefault: false, none: 'keelson allows secretKeyRef in env (it refuses literal secret values: env-secret-literal)' }),
  l('required-annotation-email', [], { enabledByDefault: false, none: ORG_POLICY }),
  l('required-label-owner', [], { enabledByDefault: false, none: ORG_POLICY }),
  l('restart-policy', [], { enabledByDefault: false, none: 'kube-linter asks every pod to restart (Always or OnFailure); Never is right for many Jobs, and the API server already refuses anything but Always for Deployments, ReplicaSets and DaemonSets (keelson checks Jobs: job-restart-policy)' }),
  l('unset-ephemeral-storage-requirements', ['resources-ephemeral-storage'], { enabledByDefault: false }),
  l('scc-deny-privileged-container', [], { enabledByDefault: false, none: OPENSHIFT }),
  l('unsafe-proc-mount', ['pss-proc-mount'], { enabledByDefault: false }),
  l('use-namespace', ['explicit-namespace'], { enabledByDefault: false }),
  l('wildcard-in-rules', ['rbac-wildcard'], { enabledByDefault: false }),
  l('writable-host-mount', ['pss-host-path'], { enabledByDefault: false, stricter: PSS_NO_HOST_PATH }),
];

/** The keelson checks whose findings on objects the peer passes are stricter by design (see `PeerCheck.stricter`). */
export function stricterChecks(c: PeerCheck): string[] {
  if (c.stricter === undefined) {
    return [];
  }
  const named = c.keelson.filter((id) => new RegExp(`(^|[^a-z-])${id}([^a-z-]|$)`).test(c.stricter!));
  return named.length > 0 ? named : [...c.keelson];
}

/** The entry of a peer check, or undefined. */
export function peerCheck(tool: PeerTool, id: string): PeerCheck | undefined {
  return PEER_CHECKS.find((c) => c.tool === tool && c.id === id);
}

/** A reference of a registered check to a peer's check, parsed from its `references` ('kube-score: a, b'). */
export interface PeerReference {
  readonly tool: PeerTool;
  /** The peer's id; may contain "*" (a family of checks, e.g. "*-pod-selector-labels-match-template-metadata-labels"). */
  readonly id: string;
  /** The reference names a counterpart of another kind (e.g. "(the Ingress equivalent)"), not the same check. */
  readonly analogue: boolean;
}

/**
 * The peer checks a `references` entry names: "Polaris: a, b", "kube-score: c", "kube-linter: d (note)". Entries of
 * other sources, and parenthesised notes standing alone ("kube-linter: (rbac)"), name none.
 */
export function parsePeerReference(reference: string): PeerReference[] {
  const m = /^(Polaris|kube-score|kube-linter):\s*(.*)$/.exec(reference.trim());
  if (!m) {
    return [];
  }
  return m[2].split(',').map((part) => part.trim()).flatMap((part) => {
    const id = /^([A-Za-z0-9*][A-Za-z0-9*-]*)(\s*\(.*\))?$/.exec(part);
    return id ? [{ tool: m[1] as PeerTool, id: id[1], analogue: id[2] !== undefined }] : [];
  });
}

/** The map's entries a reference names ("*" matches any run of characters). */
export function peerChecksMatching(ref: PeerReference): PeerCheck[] {
  const pattern = new RegExp(`^${ref.id.split('*').map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return PEER_CHECKS.filter((c) => c.tool === ref.tool && pattern.test(c.id));
}
