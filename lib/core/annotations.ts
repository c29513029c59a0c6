/**
 * Annotations through which constructs record decisions in the output, where reviewers and the policy checks
 * (lib/policy) can see them.
 */

/** HTTP paths of a workload that change state (comma-separated); probes must not call them. */
export const MUTATING_PATHS_ANNOTATION = 'keelson.dev/mutating-paths';

/** Why pods of a ServiceAccount (or pod template) need a Kubernetes API token. */
export const AUTOMOUNT_REASON_ANNOTATION = 'keelson.dev/automount-token-reason';

/** Why a container's root file system is writable. */
export const WRITABLE_ROOT_ANNOTATION = 'keelson.dev/writable-root-filesystem-reason';

/** Why a ConfigMap holds keys whose names look like credentials. */
export const NOT_SECRET_REASON_ANNOTATION = 'keelson.dev/not-secret-reason';

/** Why a pod's long-running containers have no readiness or liveness probes. */
export const NO_PROBES_REASON_ANNOTATION = 'keelson.dev/no-probes-reason';

/** Why a pod uses the node: hostPath volumes, host namespaces or ports, privileges (recorded on the pod template). */
export const HOST_ACCESS_REASON_ANNOTATION = 'keelson.dev/host-access-reason';

/** Why a namespace enforces a Pod Security level weaker than restricted. */
export const POD_SECURITY_REASON_ANNOTATION = 'keelson.dev/pod-security-reason';

/** Why a namespace has no default-deny NetworkPolicy (the control plane of a third-party install). */
export const NETWORK_POLICY_REASON_ANNOTATION = 'keelson.dev/network-policy-reason';

/** Why a PeerAuthentication accepts plain text (a mode other than STRICT). */
export const MTLS_REASON_ANNOTATION = 'keelson.dev/mtls-reason';

/** Why an admission policy or webhook lets requests through unchecked (failurePolicy Ignore, or Warn/Audit only). */
export const ADMISSION_POLICY_REASON_ANNOTATION = 'keelson.dev/admission-policy-reason';

/** Why Falco's audit webhook takes audit events over plain HTTP (recorded on its pods). */
export const PLAINTEXT_WEBHOOK_REASON_ANNOTATION = 'keelson.dev/plaintext-webhook-reason';

/** Why a LoadBalancer Service accepts clients from every address (a source range of 0.0.0.0/0 or ::/0). */
export const OPEN_LOAD_BALANCER_REASON_ANNOTATION = 'keelson.dev/open-load-balancer-reason';

/** The Namespace label whose value names the pod security profile that applies there; the profile's policy binding selects it. */
export const POD_SECURITY_PROFILE_LABEL = 'keelson.dev/pod-security-profile';

/**
 * On a custom resource of a CRD that is not among the objects (read from a vendor's file with ImportedCrd): the CRD
 * it was validated against at synth. Schema checks then do not report the kind as having no schema.
 */
export const SCHEMA_SOURCE_ANNOTATION = 'keelson.dev/schema-source';

/** `suppress.policy.keelson.dev/<check id>: <reason>` suppresses a policy check for one object. */
export const SUPPRESS_ANNOTATION_PREFIX = 'suppress.policy.keelson.dev/';

/** Why a StorageClass, PersistentVolume or VolumeSnapshotClass deletes the data with its claim or snapshot (policy Delete). */
export const DELETION_REASON_ANNOTATION = 'keelson.dev/deletion-reason';

/** Why a PersistentVolumeClaim may be pruned by a GitOps tool (it then carries no annotation that keeps it). */
export const PRUNE_REASON_ANNOTATION = 'keelson.dev/prune-reason';

/** Argo CD's per-object sync options; `Prune=false,Delete=false` keeps an object that left Git or whose Application is deleted. */
export const ARGOCD_SYNC_OPTIONS_ANNOTATION = 'argocd.argoproj.io/sync-options';

/** Flux's per-object garbage collection switch; `disabled` keeps an object that left Git or whose Kustomization is deleted. */
export const FLUX_PRUNE_ANNOTATION = 'kustomize.toolkit.fluxcd.io/prune';

/**
 * `plain-http.keelson.dev/<listener>: <reason>` on a Gateway: why that HTTP listener serves plain HTTP instead of
 * redirecting to HTTPS.
 */
export const PLAIN_HTTP_ANNOTATION_PREFIX = 'plain-http.keelson.dev/';

/** Why a ReferenceGrant lets references reach every object of a kind in its namespace (an entry of `to` without a name). */
export const REFERENCE_GRANT_REASON_ANNOTATION = 'keelson.dev/reference-grant-reason';
