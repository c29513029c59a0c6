import { k8s } from '../core/k8s';
import { DATA_KEY, DNS_LABEL, OBJECT_NAME, POSITIVE_QUANTITY, SECRET_LIKE_ENV_NAME } from '../core/formats';
import { MAX_ENV_STRING_BYTES } from '../core/limits';
import { AcceptedRisk } from '../core/risk';
import { PropsValidator } from '../core/validator';
import { ISecretSource } from '../security/secret-source';
import type { IConfigMapSource } from './config-map';

/** The longest "NAME=value" environment string Linux starts a process with (see core/limits). */
export { MAX_ENV_STRING_BYTES };

/** Options of {@link EnvValue.fromValue}. */
export interface PlainValueOptions {
  /**
   * Accepts a plain value (or ConfigMap key) for a variable whose name looks secret (e.g. `*_TOKEN`), with the
   * reason it is not a credential.
   * @default none: plain values for secret-looking names are rejected
   */
  readonly notSecret?: AcceptedRisk;
}

type Source =
  | { readonly kind: 'value'; readonly value: string; readonly options: PlainValueOptions }
  | { readonly kind: 'secret'; readonly source: ISecretSource; readonly key: string }
  | { readonly kind: 'configMap'; readonly source: IConfigMapSource; readonly key: string; readonly options: PlainValueOptions }
  | { readonly kind: 'field'; readonly fieldPath: string }
  | { readonly kind: 'resource'; readonly resource: string; readonly options: ResourceValueOptions };

/** Options of {@link EnvValue.fromResource}. */
export interface ResourceValueOptions {
  /**
   * The container whose amount is read.
   * @default the container the variable belongs to
   */
  readonly container?: string;
  /**
   * Unit of the value, e.g. "1Mi" for memory in MiB or "1m" for CPU in millicores.
   * @default "1" (cores, bytes)
   */
  readonly divisor?: string;
}

/**
 * Checks the options of fromValue and fromConfigMap, and returns whether they give a reason why the value is not a
 * credential.
 */
function notSecretReason(v: PropsValidator, field: string, options: unknown): boolean {
  if (options === undefined || !v.knownProps(`${field}.options`, options, ['notSecret'])) {
    return false;
  }
  const risk = (options as PlainValueOptions).notSecret;
  return risk !== undefined && v.risk(`${field}.options.notSecret`, risk, 'the value is not a credential');
}

/** The keys of a source for a message: "a, b" or "none". */
function listKeys(keys: readonly string[]): string {
  return keys.length > 0 ? keys.join(', ') : 'none';
}

/** The value of one environment variable: a literal, a key of a Secret or ConfigMap, or a field of the pod. */
export class EnvValue {
  /** A literal value, written into the manifest. Never use it for credentials. */
  public static fromValue(value: string, options: PlainValueOptions = {}): EnvValue {
    return new EnvValue({ kind: 'value', value, options });
  }

  /** The value of `key` in a Secret; only the reference is written, never the value. */
  public static fromSecret(source: ISecretSource, key: string): EnvValue {
    return new EnvValue({ kind: 'secret', source, key });
  }

  /**
   * The value of `key` in a ConfigMap: a `ConfigMap` of this app, or `ExistingConfigMap.named(name, { keys })`.
   * When the ConfigMap's keys are known, a key it does not hold fails at synth time. ConfigMaps are not for
   * credentials: a variable whose name looks secret (e.g. `*_TOKEN`) is refused unless `notSecret: { reason }` says why.
   */
  public static fromConfigMap(configMap: IConfigMapSource, key: string, options: PlainValueOptions = {}): EnvValue {
    return new EnvValue({ kind: 'configMap', source: configMap, key, options });
  }

  /** A field of the pod, e.g. `metadata.namespace` or `status.podIP` (the downward API). */
  public static fromFieldPath(fieldPath: string): EnvValue {
    return new EnvValue({ kind: 'field', fieldPath });
  }

  /**
   * A resource amount of a container (the downward API), e.g. `EnvValue.fromResource('limits.memory', { divisor: '1Mi' })`
   * so a JVM or Node.js process can size its heap to the limit.
   */
  public static fromResource(resource: string, options: ResourceValueOptions = {}): EnvValue {
    return new EnvValue({ kind: 'resource', resource, options });
  }

  private constructor(private readonly source: Source) {}

  /** The literal value of EnvValue.fromValue, written into the manifest; undefined for references. @internal */
  public get _literal(): string | undefined {
    return this.source.kind === 'value' && typeof this.source.value === 'string' ? this.source.value : undefined;
  }

  /**
   * Checks the value of the variable `name`, reported at `field` (e.g. `env.LOG_LEVEL`): the factories keep their
   * arguments as given, so whatever a JavaScript caller passed is named here, with the construct and prop it went to.
   * @internal
   */
  public _validate(v: PropsValidator, field: string, name: string): void {
    const s = this.source;
    switch (s.kind) {
      case 'value': {
        const notSecret = notSecretReason(v, field, s.options);
        if (!v.check(typeof s.value === 'string', field, s.value, 'a string (Kubernetes takes only strings: write numbers and booleans in quotes)')) {
          break;
        }
        const bytes = Buffer.byteLength(`${name}=${s.value}`, 'utf8') + 1;
        v.check(bytes <= MAX_ENV_STRING_BYTES, field, s.value,
          `a value of at most ${MAX_ENV_STRING_BYTES} bytes with its name (this one is ${bytes}): Linux refuses to start a process with a longer `
          + 'environment string (MAX_ARG_STRLEN, execve fails with E2BIG); mount large values as files from a ConfigMap');
        v.check(!SECRET_LIKE_ENV_NAME.test(name) || notSecret, field, '<redacted>',
          `a Secret reference, EnvValue.fromSecret(source, key), because "${name}" looks like a credential ` +
          '(or EnvValue.fromValue(value, { notSecret: { reason: "<reason>" } }) if it is not one)');
        break;
      }
      case 'secret':
        if (!v.check(s.source !== null && typeof s.source === 'object', `${field}.secret`, s.source,
          'a Secret (an ExternalSecret, or ExistingSecret.named(name, { keys }))')) {
          break;
        }
        v.format(`${field}.secretName`, s.source.secretName, OBJECT_NAME, true);
        v.format(`${field}.key`, s.key, DATA_KEY, true);
        if (Array.isArray(s.source.keys)) {
          v.check(s.source.keys.includes(s.key), `${field}.key`, s.key,
            `one of the keys of Secret "${s.source.secretName}": ${s.source.keys.join(', ')}`);
        }
        break;
      case 'configMap': {
        const notSecret = notSecretReason(v, field, s.options);
        if (!v.check(s.source !== null && typeof s.source === 'object', `${field}.configMap`, s.source, 'a ConfigMap, or ExistingConfigMap.named(name)')) {
          break;
        }
        v.format(`${field}.configMapName`, s.source.configMapName, OBJECT_NAME, true);
        if (v.format(`${field}.key`, s.key, DATA_KEY, true) && Array.isArray(s.source.keys)) {
          v.check(s.source.keys.includes(s.key), `${field}.key`, s.key,
            `one of the keys of ConfigMap "${s.source.configMapName}": ${listKeys(s.source.keys)}`);
        }
        v.check(!SECRET_LIKE_ENV_NAME.test(name) || notSecret, field, s.key,
          `a Secret reference, EnvValue.fromSecret(source, key), because "${name}" looks like a credential and ConfigMaps are not for ` +
          'credentials (or EnvValue.fromConfigMap(configMap, key, { notSecret: { reason: "<reason>" } }) if it is not one)');
        break;
      }
      case 'field':
        v.check(typeof s.fieldPath === 'string' && /^(metadata\.(name|namespace|uid|labels\['[^']+'\]|annotations\['[^']+'\])|spec\.(nodeName|serviceAccountName)|status\.(hostIP|hostIPs|podIP|podIPs))$/.test(s.fieldPath),
          `${field}.fieldPath`, s.fieldPath, 'a downward API field such as "metadata.namespace", "metadata.name" or "status.podIP"');
        break;
      case 'resource':
        v.check(typeof s.resource === 'string' && /^(limits|requests)\.(cpu|memory|ephemeral-storage)$/.test(s.resource), `${field}.resource`, s.resource,
          'one of limits.cpu, limits.memory, limits.ephemeral-storage, requests.cpu, requests.memory, requests.ephemeral-storage');
        if (v.knownProps(`${field}.options`, s.options, ['container', 'divisor'])) {
          v.check(s.options.container === undefined || DNS_LABEL.test(s.options.container), `${field}.container`, s.options.container, DNS_LABEL.description);
          v.check(s.options.divisor === undefined || POSITIVE_QUANTITY.test(s.options.divisor), `${field}.divisor`, s.options.divisor, POSITIVE_QUANTITY.description);
        }
        break;
    }
  }

  /** @internal */
  public _render(name: string): k8s.EnvVar {
    const s = this.source;
    switch (s.kind) {
      case 'value':
        return { name, value: s.value };
      case 'secret':
        return { name, valueFrom: { secretKeyRef: { name: s.source.secretName, key: s.key, optional: false } } };
      case 'configMap':
        return { name, valueFrom: { configMapKeyRef: { name: s.source.configMapName, key: s.key, optional: false } } };
      case 'field':
        return { name, valueFrom: { fieldRef: { fieldPath: s.fieldPath, apiVersion: 'v1' } } };
      case 'resource':
        return {
          name,
          valueFrom: {
            resourceFieldRef: {
              resource: s.resource, containerName: s.options.container, divisor: s.options.divisor === undefined ? undefined : k8s.Quantity.fromString(s.options.divisor),
            },
          },
        };
    }
  }
}
