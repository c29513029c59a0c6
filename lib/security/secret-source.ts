/**
 * Something that provides a Kubernetes Secret by name, without this library ever holding its values:
 * an {@link ExistingSecret} created outside of Git, or an `ExternalSecret` that the External Secrets Operator
 * fills from a secret manager.
 */
export interface ISecretSource {
  /** Name of the Kubernetes Secret the pods read. */
  readonly secretName: string;
  /** The keys the Secret is known to hold; references to other keys are rejected. Undefined when unknown. */
  readonly keys?: readonly string[];
  /** The Secret's type (e.g. "kubernetes.io/dockerconfigjson"), when known. */
  readonly secretType?: string;
}

/** The Secret type of registry credentials, which `imagePullSecrets` require. */
export const DOCKER_CONFIG_JSON = 'kubernetes.io/dockerconfigjson';

/** Options of {@link ExistingSecret.named}. */
export interface ExistingSecretOptions {
  /**
   * The keys the Secret holds, so that references to missing keys fail at synth time.
   * @default unknown: any key may be referenced
   */
  readonly keys?: readonly string[];
  /**
   * The Secret's type, e.g. "kubernetes.io/dockerconfigjson" for registry credentials (see `imagePullSecrets`).
   * @default unknown
   */
  readonly type?: string;
}

/**
 * A Secret that already exists in the cluster (created by a person, a sealed-secrets controller, a CI job...).
 * Nothing is emitted for it; workloads only reference it by name.
 */
export class ExistingSecret implements ISecretSource {
  /** Refers to the Secret `name` in the workload's namespace. */
  public static named(name: string, options: ExistingSecretOptions = {}): ExistingSecret {
    return new ExistingSecret(name, options.keys, options.type);
  }

  private constructor(public readonly secretName: string, public readonly keys?: readonly string[], public readonly secretType?: string) {}
}
