// What a custom resource needs to know of its definition, whether keelson authored the CRD
// (CustomResourceDefinition) or read it from a vendor's file (ImportedCrd.fromFile): the names, the
// scope, the served versions and each version's OpenAPI v3 schema. The policy engine reads the same facts from the
// CRD objects in an app's output (which custom kinds are cluster-scoped).

/** An OpenAPI v3 schema of a CRD version, as the API server reads it (`openAPIV3Schema` and below). */
export type JsonSchemaProps = Record<string, unknown>;

/** Whether objects of a kind live in a namespace or in the cluster. */
export type CustomResourceScope = 'Namespaced' | 'Cluster';

/** A version of a custom resource kind. */
export interface CustomResourceVersion {
  /** Version name, e.g. "v1" or "v1alpha1". */
  readonly name: string;
  /** Whether the API serves it. */
  readonly served: boolean;
  /** Whether objects are stored in it (exactly one version of a CRD is). */
  readonly storage: boolean;
  /** Whether it is deprecated (the API server warns when it is used). */
  readonly deprecated: boolean;
  /** The version's `openAPIV3Schema`. */
  readonly schema: JsonSchemaProps;
}

/**
 * A custom resource kind: what {@link CustomResource} needs to write and validate objects of it. Implemented by
 * CustomResourceDefinition (authored here) and by CRDs imported from a file.
 */
export interface ICustomResourceType {
  /** API group, e.g. "delayedresources.mydomain.com". */
  readonly group: string;
  /** Kind, e.g. "DelayedJob". */
  readonly kind: string;
  /** Plural resource name, used in URLs and RBAC rules, e.g. "delayedjobs". */
  readonly plural: string;
  /** Namespaced or cluster-scoped. */
  readonly scope: CustomResourceScope;
  /** Every version, in the order of the definition. */
  readonly versions: readonly CustomResourceVersion[];
  /** The name of the storage version. */
  readonly storageVersion: string;
  /** Where the definition came from, for error messages: a construct path or a file name. */
  readonly source: string;
  /**
   * Why custom resources of this kind may be written although some rules of its schemas are not checked offline
   * (CEL rules, a few formats): set by an imported CRD given `unchecked: { reason }`, and recorded on each custom
   * resource as the annotation `keelson.dev/unchecked-schema-reason`.
   * @default every rule is checked, or (for a CRD authored here) CEL rules are checked for syntax only
   */
  readonly uncheckedReason?: string;
}
