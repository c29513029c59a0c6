import { k8s } from '../core/k8s';
import { ABSOLUTE_PATH, DATA_KEY, OBJECT_NAME } from '../core/formats';
import { boundedName } from '../core/names';
import { PropsValidator, isObject } from '../core/validator';
import { ISecretSource } from '../security/secret-source';
import type { IConfigMapSource } from './config-map';

/** Options of {@link MountSource.configMap} and {@link MountSource.secret}. */
export interface MountSourceOptions {
  /**
   * Keys to project, each to a file path relative to the mount point. Unlisted keys are left out. When the source's
   * keys are known (a ConfigMap or ExternalSecret of this app, or an existing one declared with `keys`), each key
   * must be one of them.
   * @default every key, each as a file named after it
   */
  readonly items?: Record<string, string>;
  /**
   * Permission bits of the files, an octal number from 0 to 0o777 (e.g. 0o400). The files belong to root and
   * the pod's fsGroup; the container cannot write them either way.
   * @default 0o444 for a ConfigMap, 0o440 for a Secret (readable by the fsGroup only)
   */
  readonly defaultMode?: number;
}

type Source = {
  readonly kind: 'configMap' | 'secret';
  readonly name: string;
  /** The keys the source holds, when known. */
  readonly keys?: readonly string[];
  /** The options as given (checked by `_validate`). */
  readonly options: MountSourceOptions;
};

/** The default file modes: ConfigMaps readable by all, Secrets by the owner (root) and the pod's fsGroup. */
const DEFAULT_MODES = { configMap: 0o444, secret: 0o440 } as const;

/** Files from a ConfigMap or a Secret, mounted read-only into a container. */
export class MountSource {
  /**
   * The keys of a ConfigMap as files: a `ConfigMap` of this app, `ExistingConfigMap.named(name, { keys })`, or the
   * ConfigMap's name (then its keys are unknown and not checked).
   */
  public static configMap(configMap: string | IConfigMapSource, options: MountSourceOptions = {}): MountSource {
    const known = typeof configMap === 'string' ? { name: configMap } : { name: configMap?.configMapName, keys: configMap?.keys };
    return new MountSource({ kind: 'configMap', ...known, options });
  }

  /**
   * The keys of a Secret as files (readable by the pod's fsGroup only): an ExternalSecret, an
   * `ExistingSecret.named(name, { keys })`, or the Secret's name (then its keys are unknown and not checked).
   */
  public static secret(secret: string | ISecretSource, options: MountSourceOptions = {}): MountSource {
    const known = typeof secret === 'string' ? { name: secret } : { name: secret?.secretName, keys: secret?.keys };
    return new MountSource({ kind: 'secret', ...known, options });
  }

  private constructor(private readonly source: Source) {}

  private get items(): Record<string, string> | undefined {
    return isObject(this.source.options) && isObject(this.source.options.items) ? this.source.options.items : undefined;
  }

  /** Name of the pod volume: one per source, shared by every mount of it. @internal */
  public get _volumeName(): string {
    return boundedName(`${this.source.kind === 'configMap' ? 'cm' : 'secret'}-${this.source.name}`);
  }

  /** The file paths the mount shows, when known: the items' paths, or else the source's keys. @internal */
  public get _files(): readonly string[] | undefined {
    const files = this.items ? Object.values(this.items) : this.source.keys;
    return Array.isArray(files) ? files.filter((f): f is string => typeof f === 'string') : undefined;
  }

  /** @internal */
  public _validate(v: PropsValidator, field: string): void {
    const s = this.source;
    const what = s.kind === 'configMap' ? 'ConfigMap' : 'Secret';
    v.format(`${field}.name`, s.name, OBJECT_NAME, true);
    if (!v.check(s.options === undefined || isObject(s.options), field, s.options, 'options { items, defaultMode }')
      || !v.knownProps(field, s.options, ['items', 'defaultMode'])) {
      return;
    }
    const { items, defaultMode } = s.options ?? {};
    v.check(items === undefined || isObject(items), `${field}.items`, items, 'an object of file paths by key');
    v.check(s.keys === undefined || (Array.isArray(s.keys) && s.keys.every((k) => typeof k === 'string')), `${field} keys`, s.keys, 'a list of key names');
    for (const [key, path] of Object.entries(this.items ?? {})) {
      if (v.format(`${field}.items key`, key, DATA_KEY) && Array.isArray(s.keys)) {
        v.check(s.keys.includes(key), `${field}.items key`, key,
          `one of the keys of ${what} "${s.name}": ${s.keys.length > 0 ? s.keys.join(', ') : 'none'}`);
      }
      v.check(typeof path === 'string' && path.length > 0 && !path.startsWith('/') && !path.split('/').includes('..'),
        `${field}.items["${key}"]`, path, 'a relative file path without ".."');
    }
    v.unique(`${field}.items`, Object.values(this.items ?? {}), (p) => String(p), 'a file path');
    v.check(defaultMode === undefined || (Number.isInteger(defaultMode) && defaultMode >= 0 && defaultMode <= 0o777),
      `${field}.defaultMode`, defaultMode, 'a file mode from 0 to 0o777 (511), written in octal, e.g. 0o440');
  }

  /** @internal */
  public _volume(): k8s.Volume {
    const s = this.source;
    const items = this.items ? Object.entries(this.items).sort().map(([key, path]) => ({ key, path })) : undefined;
    const defaultMode = s.options?.defaultMode ?? DEFAULT_MODES[s.kind];
    return s.kind === 'configMap'
      ? { name: this._volumeName, configMap: { name: s.name, items, defaultMode } }
      : { name: this._volumeName, secret: { secretName: s.name, items, defaultMode } };
  }
}

/** A ConfigMap or Secret mounted into a container. */
export interface FileMount {
  /** Where the files appear (a directory, or a single file with `subPath`). */
  readonly path: string;
  /** Where the files come from. */
  readonly source: MountSource;
  /**
   * One file of the source, mounted at `path` itself. When the files are known (the source's keys, or `items`), it
   * must be one of them.
   * @default the whole source as a directory
   */
  readonly subPath?: string;
}

/** Checks a container's file mounts. */
export function validateFileMounts(v: PropsValidator, field: string, mounts: readonly FileMount[] | undefined): void {
  (mounts ?? []).forEach((m, i) => {
    v.format(`${field}[${i}].path`, m.path, ABSOLUTE_PATH, true);
    v.check(m.source instanceof MountSource, `${field}[${i}].source`, m.source, 'MountSource.configMap(name) or MountSource.secret(name)');
    if (m.source instanceof MountSource) {
      m.source._validate(v, `${field}[${i}].source`);
      const files = m.source._files;
      v.check(m.subPath === undefined || (typeof m.subPath === 'string' && m.subPath.length > 0 && !m.subPath.startsWith('/')
        && !m.subPath.split('/').includes('..')), `${field}[${i}].subPath`, m.subPath, 'a relative file path inside the source, without ".."');
      if (typeof m.subPath === 'string' && files !== undefined) {
        v.check(files.some((f) => f === m.subPath || f.startsWith(`${m.subPath}/`)), `${field}[${i}].subPath`, m.subPath,
          `one of the files of the source: ${files.length > 0 ? [...files].sort().join(', ') : 'none'}`);
      }
    }
  });
  v.unique(field, mounts ?? [], (m) => m.path, 'a mount path');
}
