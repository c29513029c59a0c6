// Whether the objects of a kind live in a namespace or in the cluster. The policy engine knows the built-in kinds
// (and a few custom kinds this library emits); the scope of any other custom kind is what its
// CustomResourceDefinition says, so the CRDs among the checked objects teach it. The synth and `keelson check` both
// ask through the ObjectIndex of `runPolicy`, so they reach the same verdict on the same objects.
import { SCHEMA_SOURCE_ANNOTATION } from '../core/annotations';
import { builtinKind } from '../core/api-resources';
import { CustomResourceScope } from '../extension/custom-resource-type';
import { isMap as isRecord } from './selectors';
import { PolicyTarget } from './types';

/** Kinds that are cluster-scoped (built-in and the custom resources this library emits), by kind name. */
export const CLUSTER_SCOPED_KINDS = [
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'StorageClass', 'CSIDriver', 'CSINode',
  'VolumeAttachment', 'PriorityClass', 'RuntimeClass', 'IngressClass', 'CustomResourceDefinition', 'APIService',
  'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
  'PodSecurityPolicy', 'CertificateSigningRequest', 'FlowSchema', 'PriorityLevelConfiguration',
  'ClusterSecretStore', 'ClusterIssuer', 'GatewayClass', 'ClusterExternalSecret',
  'VolumeSnapshotClass', 'VolumeSnapshotContent',
  'IngressClassParams', 'NodePool', 'EC2NodeClass',
  // Built-in kinds that are rarely written as manifests, listed so that their scope is right when they are.
  'ComponentStatus', 'TokenReview', 'SelfSubjectReview', 'SubjectAccessReview', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview',
  'ClusterTrustBundle', 'IPAddress', 'ServiceCIDR', 'VolumeAttributesClass', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding',
  'DeviceClass', 'ResourceSlice',
];

/**
 * Whether the object records the CRD it was validated against at synth (keelson.dev/schema-source: a custom resource
 * of a vendor's CRD read from a file, which is not among the objects).
 */
export function hasSchemaSource(t: PolicyTarget): boolean {
  return typeof t.object?.metadata?.annotations?.[SCHEMA_SOURCE_ANNOTATION] === 'string';
}

/** The API group of CustomResourceDefinitions. */
const CRD_GROUP = 'apiextensions.k8s.io';

/** "group/Kind", the key of a custom kind. */
const customKey = (group: string, kind: string) => `${group}/${kind}`;

/**
 * The scope each CustomResourceDefinition among `targets` declares, by "group/Kind" (`spec.group`, `spec.names.kind`,
 * `spec.scope`). CRDs of the removed v1beta1 API declare the scope in the same fields, so they count too. A CRD of
 * an unreadable shape or an unknown scope teaches nothing; two CRDs that disagree on a kind's scope leave that kind
 * to the built-in knowledge (the API server would accept only one of them).
 */
export function declaredScopes(targets: readonly PolicyTarget[]): ReadonlyMap<string, CustomResourceScope> {
  const found = new Map<string, CustomResourceScope | 'conflict'>();
  for (const t of targets) {
    if (t.domain !== 'kubernetes' || t.kind !== 'CustomResourceDefinition' || t.group !== CRD_GROUP) {
      continue;
    }
    const spec = isRecord(t.object) && isRecord(t.object.spec) ? t.object.spec : undefined;
    const group = spec?.group;
    const kind = isRecord(spec?.names) ? spec.names.kind : undefined;
    const scope = spec?.scope;
    if (typeof group !== 'string' || group === '' || typeof kind !== 'string' || kind === '' || (scope !== 'Cluster' && scope !== 'Namespaced')) {
      continue;
    }
    const key = customKey(group, kind);
    const before = found.get(key);
    found.set(key, before === undefined || before === scope ? scope : 'conflict');
  }
  const scopes = new Map<string, CustomResourceScope>();
  for (const [key, scope] of found) {
    if (scope !== 'conflict') {
      scopes.set(key, scope);
    }
  }
  return scopes;
}

/**
 * Knows the scope of the Kubernetes objects of one policy run: a kind Kubernetes serves itself by its built-in
 * scope; a custom kind by the CRD among the objects that defines it, else by {@link CLUSTER_SCOPED_KINDS}.
 */
export class ResourceScopes {
  private readonly declared: ReadonlyMap<string, CustomResourceScope>;

  public constructor(targets: readonly PolicyTarget[]) {
    this.declared = declaredScopes(targets);
  }

  /**
   * "Cluster" or "Namespaced" for a Kubernetes object whose scope is known, undefined for a custom kind that no CRD
   * among the objects defines and that is not a known cluster-scoped kind (and for Terraform and Helm targets).
   */
  public scopeOf(t: PolicyTarget): CustomResourceScope | undefined {
    if (t.domain !== 'kubernetes' || typeof t.kind !== 'string') {
      return undefined;
    }
    const apiVersion = isRecord(t.object) && typeof t.object.apiVersion === 'string' ? t.object.apiVersion : '';
    // A CRD cannot redefine a kind the API server serves itself, so a built-in kind keeps its own scope.
    if (builtinKind(apiVersion, t.kind) !== undefined) {
      return CLUSTER_SCOPED_KINDS.includes(t.kind) ? 'Cluster' : 'Namespaced';
    }
    const declared = this.declared.get(customKey(t.group, t.kind));
    if (declared !== undefined) {
      return declared;
    }
    // A custom resource of a vendor's CRD that keelson read from a file (not among the objects) records it in
    // keelson.dev/schema-source; CustomResource gives such an object a namespace exactly when the CRD is Namespaced.
    if (hasSchemaSource(t)) {
      return t.object.metadata.namespace === undefined ? 'Cluster' : 'Namespaced';
    }
    return CLUSTER_SCOPED_KINDS.includes(t.kind) ? 'Cluster' : undefined;
  }

  /** Whether the object's kind is known to be cluster-scoped (see {@link scopeOf}). */
  public isClusterScoped(t: PolicyTarget): boolean {
    return this.scopeOf(t) === 'Cluster';
  }
}
