import * as fs from 'node:fs';
import * as path from 'node:path';
import { Construct } from 'constructs';
import { AcceptedRisk } from '../core/risk';
import { NOT_SECRET_REASON_ANNOTATION } from '../core/annotations';
import { DATA_KEY, SECRET_LIKE_ENV_NAME } from '../core/formats';
import { KubeConfigMap } from '../core/k8s';
import { MAX_CONFIG_BYTES } from '../core/limits';
import { NamespacedResource, NamespacedResourceProps, RESOURCE_ID, propNames } from '../core/resource';
import { requireProps } from '../core/validator';

/**
 * Something that provides a Kubernetes ConfigMap by name: a {@link ConfigMap} of this app, or an
 * {@link ExistingConfigMap} made elsewhere. Env values, `envFrom` and file mounts take one.
 */
export interface IConfigMapSource {
  /** Name of the ConfigMap the pods read. */
  readonly configMapName: string;
  /** The keys the ConfigMap is known to hold; references to other keys are rejected. Undefined when unknown. */
  readonly keys?: readonly string[];
}

/** Options of {@link ExistingConfigMap.named}. */
export interface ExistingConfigMapOptions {
  /**
   * The keys the ConfigMap holds, so that references to missing keys fail at synth time.
   * @default unknown: any key may be referenced
   */
  readonly keys?: readonly string[];
}

/**
 * A ConfigMap made outside this app (by a Helm chart, an operator, another team's manifests). Nothing is emitted
 * for it; workloads only reference it by name.
 */
export class ExistingConfigMap implements IConfigMapSource {
  /** Refers to the ConfigMap `name` in the workload's namespace. */
  public static named(name: string, options: ExistingConfigMapOptions = {}): ExistingConfigMap {
    // Kept as given: the workloads that use it check the name and the keys, and name the prop they came through.
    return new ExistingConfigMap(name, options?.keys);
  }

  private constructor(public readonly configMapName: string, public readonly keys?: readonly string[]) {}
}

/** Props of a {@link ConfigMap}. Keys are unique across `data`, `files` and `binaryData`. */
export interface ConfigMapProps extends NamespacedResourceProps {
  /**
   * Text values by key.
   * @default none
   */
  readonly data?: Record<string, string>;
  /**
   * Keys whose value is the content of a local file, read when the app is synthesized (a relative path is
   * resolved against the working directory). Text (valid UTF-8) goes to `data`, anything else to `binaryData`;
   * the path itself is not written.
   * @default none
   */
  readonly files?: Record<string, string>;
  /**
   * Binary values by key, base64-encoded.
   * @default none
   */
  readonly binaryData?: Record<string, string>;
  /**
   * Makes the ConfigMap immutable: Kubernetes refuses changes (give a new name to change it), and kubelets stop
   * watching it.
   * @default false
   */
  readonly immutable?: boolean;
  /**
   * ConfigMaps are plain text in Git and readable by anyone who may read the namespace's ConfigMaps, so keys that
   * look like credentials (`*password*`, `*token*`, `api-key`...) and PEM private keys are refused. When they are
   * not credentials, say why here.
   * @default none: credential-like keys are refused
   */
  readonly notSecret?: AcceptedRisk;
}

/** Kubernetes refuses ConfigMaps whose values (data and binaryData) exceed 1 MiB. */
export const CONFIG_MAP_MAX_BYTES = MAX_CONFIG_BYTES;

const PROPS = propNames<ConfigMapProps>()({
  name: true, namespace: true, labels: true, data: true, files: true, binaryData: true, immutable: true, notSecret: true,
});
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const PRIVATE_KEY_PEM = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;

/** True when the key, with "-" and "." read as "_", has the name of a credential (see SECRET_LIKE_ENV_NAME). */
function looksSecret(key: string): boolean {
  return SECRET_LIKE_ENV_NAME.test(key) || SECRET_LIKE_ENV_NAME.test(key.replace(/[-.]/g, '_'));
}

/** The content of a file, or why it could not be read. */
function readFile(file: string): { readonly content?: Buffer; readonly problem?: string } {
  const resolved = path.resolve(process.cwd(), file);
  try {
    return { content: fs.readFileSync(resolved) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException)?.code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'is not readable' : `could not be read (${code ?? err})`;
    return { problem: `${resolved} ${why}` };
  }
}

/** The text of a file when it is valid UTF-8 (a byte order mark is kept), otherwise undefined. */
function utf8(content: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(content);
  } catch {
    return undefined;
  }
}

/**
 * A `v1` ConfigMap: configuration as text or binary values, from the props or from local files read at synth time.
 * Never for credentials: keys that look like them are refused (use an ExternalSecret). Pass it to
 * `EnvValue.fromConfigMap`, a container's `envFrom` or `MountSource.configMap`, which check the keys they use
 * against {@link keys}.
 */
export class ConfigMap extends NamespacedResource implements IConfigMapSource {
  /** Name of the ConfigMap. */
  public readonly configMapName: string;
  /** Every key of the ConfigMap (data, files and binaryData), sorted. */
  public readonly keys: readonly string[];

  public constructor(scope: Construct, id: string, props: ConfigMapProps = {}) {
    super(scope, id, props, { props: PROPS });
    this.configMapName = this.name;
    const v = this.validator;
    requireProps(v, props, false);

    // Maps, not objects: a key such as "__proto__" is a valid ConfigMap key and must not touch a prototype.
    const data = new Map<string, string>();
    const binary = new Map<string, string>();
    const sizes: Array<[string, number]> = [];
    const used = new Map<string, string>();
    const allKeys: Array<[string, string]> = [];
    const addKey = (prop: string, key: string): boolean => {
      const field = `${prop} key`;
      if (!v.format(field, key, DATA_KEY)) {
        return false;
      }
      const other = used.get(key);
      if (!v.check(other === undefined, field, key, `a key not already used in ${other}`)) {
        return false;
      }
      used.set(key, prop);
      allKeys.push([prop, key]);
      return true;
    };
    const entries = (prop: string, value: Record<string, string> | undefined): Array<[string, unknown]> =>
      (v.check(value === undefined || (value !== null && typeof value === 'object' && !Array.isArray(value)), prop, value, 'an object of values by key')
        ? Object.entries(value ?? {}) : []);

    for (const [key, value] of entries('data', props.data)) {
      if (v.check(typeof value === 'string', `data["${key}"]`, value, 'a string') && addKey('data', key)) {
        data.set(key, value as string);
        sizes.push([key, Buffer.byteLength(value as string, 'utf8')]);
      }
    }
    for (const [key, file] of entries('files', props.files)) {
      if (!v.check(typeof file === 'string' && file.trim().length > 0, `files["${key}"]`, file, 'the path of a local file') || !addKey('files', key)) {
        continue;
      }
      const { content, problem } = readFile(file as string);
      if (!v.check(content !== undefined, `files["${key}"]`, file, `a readable file (${problem})`)) {
        continue;
      }
      const text = utf8(content!);
      if (text !== undefined) {
        data.set(key, text);
      } else {
        binary.set(key, content!.toString('base64'));
      }
      sizes.push([key, content!.length]);
    }
    for (const [key, value] of entries('binaryData', props.binaryData)) {
      if (v.check(typeof value === 'string' && BASE64.test(value), `binaryData["${key}"]`, value, 'a base64 string (standard alphabet, with "=" padding)')
        && addKey('binaryData', key)) {
        binary.set(key, value as string);
        sizes.push([key, Buffer.from(value as string, 'base64').length]);
      }
    }

    v.check(props.immutable === undefined || typeof props.immutable === 'boolean', 'immutable', props.immutable, 'true or false');
    const reason = props.notSecret;
    if (reason !== undefined && v.knownProps('notSecret', reason, ['reason'])) {
      v.check(typeof reason.reason === 'string' && reason.reason.trim().length > 0, 'notSecret.reason', reason.reason, 'a non-empty reason');
    }
    if (reason === undefined) {
      const hint = 'keep credentials in a Secret (an ExternalSecret, or ExistingSecret.named), never in a ConfigMap; if it is not a credential, say why with notSecret: { reason }';
      for (const [prop, key] of allKeys) {
        v.check(!looksSecret(key), `${prop} key`, key, `a key that does not look like a credential: ${hint}`);
      }
      for (const [key, text] of data) {
        v.check(!PRIVATE_KEY_PEM.test(text), `${used.get(key)}["${key}"]`, '<redacted: a PEM private key>', `a value without a private key: ${hint}`);
      }
    }

    const total = sizes.reduce((sum, [, n]) => sum + n, 0);
    if (total > CONFIG_MAP_MAX_BYTES) {
      const largest = [...sizes].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([k, n]) => `"${k}" ${n}`).join(', ');
      v.fail('data, files and binaryData', `${total} bytes`,
        `at most ${CONFIG_MAP_MAX_BYTES} bytes (1 MiB, Kubernetes' limit on a ConfigMap's values; the largest: ${largest}); mount large files from an image or a volume instead`);
    }
    v.throwIfInvalid();

    this.keys = [...used.keys()].sort();
    const sorted = (m: Map<string, string>) => (m.size > 0
      ? Object.fromEntries([...m.keys()].sort().map((k) => [k, m.get(k)!])) : undefined);
    new KubeConfigMap(this, RESOURCE_ID, {
      metadata: {
        name: this.configMapName,
        namespace: this.namespace,
        labels: props.labels,
        annotations: reason ? { [NOT_SECRET_REASON_ANNOTATION]: reason.reason } : undefined,
      },
      data: sorted(data),
      binaryData: sorted(binary),
      immutable: props.immutable === true ? true : undefined,
    });
  }
}

