import { DATA_KEY, SUBDOMAIN } from '../core/formats';
import { PropsValidator } from '../core/validator';
import { SECRET_TYPE } from './checks';

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
    // No construct exists yet: a problem is reported at the app, naming the method and the argument.
    const v = new PropsValidator('');
    v.format('ExistingSecret.named(name)', name, SUBDOMAIN, true);
    if (v.knownProps('ExistingSecret.named(options)', options, ['keys', 'type'])) {
      if (options?.keys !== undefined && v.check(Array.isArray(options.keys), 'ExistingSecret.named(options).keys', options.keys, 'a list of the keys the Secret holds')) {
        options.keys.forEach((k, i) => v.format(`ExistingSecret.named(options).keys[${i}]`, k, DATA_KEY, true));
        v.unique('ExistingSecret.named(options).keys', options.keys, (k) => String(k), 'a key');
      }
      v.check(options?.type === undefined || (typeof options.type === 'string' && options.type.length <= 253 && SECRET_TYPE.test(options.type)),
        'ExistingSecret.named(options).type', options?.type, 'a Secret type such as "Opaque", "kubernetes.io/dockerconfigjson" or "kubernetes.io/tls"');
    }
    v.throwIfInvalid();
    return new ExistingSecret(name, options?.keys ? [...options.keys] : undefined, options?.type);
  }

  private constructor(public readonly secretName: string, public readonly keys?: readonly string[], public readonly secretType?: string) {}
}
