import { k8s } from '../core/k8s';
import { ABSOLUTE_PATH, DATA_KEY, OBJECT_NAME } from '../core/formats';
import { boundedName } from '../core/names';
import { PropsValidator } from '../core/validator';

/** Options of {@link MountSource.configMap} and {@link MountSource.secret}. */
export interface MountSourceOptions {
  /**
   * Keys to project, each to a file path relative to the mount point. Unlisted keys are left out.
   * @default every key, each as a file named after it
   */
  readonly items?: Record<string, string>;
}

type Source = { readonly kind: 'configMap' | 'secret'; readonly name: string; readonly items?: Record<string, string> };

/** Files from a ConfigMap or a Secret, mounted read-only into a container. */
export class MountSource {
  /** The keys of a ConfigMap as files. */
  public static configMap(name: string, options: MountSourceOptions = {}): MountSource {
    return new MountSource({ kind: 'configMap', name, items: options.items });
  }

  /** The keys of a Secret as files (readable by the pod's fsGroup only). */
  public static secret(name: string, options: MountSourceOptions = {}): MountSource {
    return new MountSource({ kind: 'secret', name, items: options.items });
  }

  private constructor(private readonly source: Source) {}

  /** Name of the pod volume: one per source, shared by every mount of it. @internal */
  public get _volumeName(): string {
    return boundedName(`${this.source.kind === 'configMap' ? 'cm' : 'secret'}-${this.source.name}`);
  }

  /** @internal */
  public _validate(v: PropsValidator, field: string): void {
    v.format(`${field}.name`, this.source.name, OBJECT_NAME, true);
    for (const [key, path] of Object.entries(this.source.items ?? {})) {
      v.format(`${field}.items key`, key, DATA_KEY);
      v.check(typeof path === 'string' && path.length > 0 && !path.startsWith('/') && !path.split('/').includes('..'),
        `${field}.items["${key}"]`, path, 'a relative file path without ".."');
    }
  }

  /** @internal */
  public _volume(): k8s.Volume {
    const items = this.source.items ? Object.entries(this.source.items).sort().map(([key, path]) => ({ key, path })) : undefined;
    return this.source.kind === 'configMap'
      ? { name: this._volumeName, configMap: { name: this.source.name, items, defaultMode: 0o444 } }
      : { name: this._volumeName, secret: { secretName: this.source.name, items, defaultMode: 0o440 } };
  }
}

/** A ConfigMap or Secret mounted into a container. */
export interface FileMount {
  /** Where the files appear (a directory, or a single file with `subPath`). */
  readonly path: string;
  /** Where the files come from. */
  readonly source: MountSource;
  /**
   * One file of the source, mounted at `path` itself.
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
    }
  });
  v.unique(field, mounts ?? [], (m) => m.path, 'a mount path');
}
