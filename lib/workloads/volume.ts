import { ABSOLUTE_PATH, BYTE_QUANTITY, DNS_LABEL, OBJECT_NAME, POSITIVE_QUANTITY } from '../core/formats';
import { k8s } from '../core/k8s';
import { PropsValidator, isObject } from '../core/validator';
import { PersistentVolumeClaim } from '../storage/persistent-volume-claim';

/** Options of {@link Volume.emptyDir}. */
export interface EmptyDirOptions {
  /**
   * Most data the volume may hold before the pod is evicted.
   * @default "256Mi"
   */
  readonly sizeLimit?: string;
  /**
   * "Memory" puts the volume in RAM (tmpfs), counted against the containers' memory limits.
   * @default the node's disk
   */
  readonly medium?: 'Memory';
}

/** Options of {@link Volume.serviceAccountToken}. */
export interface ServiceAccountTokenOptions {
  /** Who the token is for (its `aud` claim), e.g. "vault" or "sts.amazonaws.com"; never the Kubernetes API by accident. */
  readonly audience: string;
  /**
   * Lifetime of the token; the kubelet renews it before it expires.
   * @default 3600
   */
  readonly expirationSeconds?: number;
  /**
   * File name of the token inside the mounted directory.
   * @default "token"
   */
  readonly fileName?: string;
}

/** A file of a downward API volume: a pod field, or a container's resource amount. */
export type DownwardFile = { readonly fieldPath: string } | { readonly resource: string; readonly container?: string };

/** The allowed `type` of a hostPath volume. */
export type HostPathType = 'Directory' | 'DirectoryOrCreate' | 'File' | 'FileOrCreate' | 'Socket' | 'CharDevice' | 'BlockDevice';

/** Options of {@link Volume.hostPath}. */
export interface HostPathOptions {
  /** Why the pod needs the node's file system; recorded on the pod template. */
  readonly reason: string;
  /**
   * What must exist at the path.
   * @default "Directory" (it must exist; nothing is created on the node)
   */
  readonly type?: HostPathType;
}

/** Options of {@link Volume.claim}. */
export interface ClaimVolumeOptions {
  /**
   * Mount the claim read-only (in every container that mounts it).
   * @default false: the pods write their data
   */
  readonly readOnly?: boolean;
}

type Source =
  | { readonly kind: 'claim'; readonly claim: PersistentVolumeClaim | string; readonly options: ClaimVolumeOptions }
  | { readonly kind: 'emptyDir'; readonly options: EmptyDirOptions }
  | { readonly kind: 'token'; readonly options: ServiceAccountTokenOptions }
  | { readonly kind: 'downward'; readonly files: Readonly<Record<string, DownwardFile>> }
  | { readonly kind: 'hostPath'; readonly path: string; readonly options: HostPathOptions };

const HOST_PATH_TYPES: readonly HostPathType[] = ['Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket', 'CharDevice', 'BlockDevice'];
const DEFAULT_SIZE = '256Mi';
/** The pod fields a downward API volume can hold (status and spec fields are for environment variables only). */
const DOWNWARD_VOLUME_FIELD = /^metadata\.(name|namespace|uid|labels|annotations|labels\['[^']+'\]|annotations\['[^']+'\])$/;

/**
 * A volume of the pod that its containers share by name (`volumes: { cache: Volume.emptyDir() }` on the workload,
 * `volumeMounts: [{ volume: 'cache', path: '/cache' }]` on each container). Files from ConfigMaps and Secrets are
 * mounted with `mounts` instead, and a StatefulService's per-pod claims with its `claims` prop.
 */
export class Volume {
  /**
   * A PersistentVolumeClaim: a {@link PersistentVolumeClaim} construct (in the workload's namespace), or the name of a
   * claim that exists. Mounted read-write unless `readOnly`. A Deployment that mounts a ReadWriteOnce claim runs one
   * pod: `replicas: 1` and `strategy: { type: 'Recreate' }`.
   */
  public static claim(claim: PersistentVolumeClaim | string, options: ClaimVolumeOptions = {}): Volume {
    return new Volume({ kind: 'claim', claim, options });
  }

  /** Scratch space that lives as long as the pod: on disk, or in memory with `medium: "Memory"`. */
  public static emptyDir(options: EmptyDirOptions = {}): Volume {
    return new Volume({ kind: 'emptyDir', options });
  }

  /**
   * A short-lived ServiceAccount token for another audience (a projected volume), renewed by the kubelet: how a pod
   * proves its identity to Vault or AWS without the long-lived API token that keelson never mounts.
   */
  public static serviceAccountToken(options: ServiceAccountTokenOptions): Volume {
    return new Volume({ kind: 'token', options });
  }

  /**
   * Pod metadata and resource amounts as files (the downward API), e.g.
   * `{ labels: { fieldPath: 'metadata.labels' }, 'cpu-limit': { resource: 'limits.cpu' } }`.
   */
  public static downwardApi(files: Record<string, DownwardFile>): Volume {
    return new Volume({ kind: 'downward', files });
  }

  /**
   * A path of the node's file system. Refused by Pod Security baseline and restricted: only for node agents in a
   * namespace whose Pod Security level admits it, with a reason. Mounted read-only unless the mount says otherwise.
   */
  public static hostPath(path: string, options: HostPathOptions): Volume {
    return new Volume({ kind: 'hostPath', path, options });
  }

  private constructor(private readonly source: Source) {}

  /** Why the pod touches the node, for the pod template's annotation; undefined for other volumes. @internal */
  public get _hostReason(): string | undefined {
    return this.source.kind === 'hostPath' ? this.source.options.reason : undefined;
  }

  /** The containers that resource files of a downward API volume name explicitly. @internal */
  public get _containerRefs(): string[] {
    const s = this.source;
    return s.kind === 'downward'
      ? Object.values(isObject(s.files) ? s.files : {}).flatMap((item) => (item !== null && typeof item === 'object' && 'resource' in item && item.container !== undefined ? [item.container] : []))
      : [];
  }

  /** Whether mounts of this volume default to read-only. @internal */
  public get _readOnlyByDefault(): boolean {
    return this.source.kind === 'claim' ? this.source.options?.readOnly === true : this.source.kind !== 'emptyDir';
  }

  /** The claim construct of a claim volume (undefined for a claim given by name, and for other volumes), and whether it is read-only. @internal */
  public get _claim(): { readonly claim: PersistentVolumeClaim; readonly readOnly: boolean } | undefined {
    const s = this.source;
    return s.kind === 'claim' && s.claim instanceof PersistentVolumeClaim ? { claim: s.claim, readOnly: s.options?.readOnly === true } : undefined;
  }

  /**
   * Checks the volume, reported at `field` (e.g. `volumes.cache`): the factories keep their arguments as given, so
   * whatever a JavaScript caller passed is named here, with the construct and prop it went to.
   * @internal
   */
  public _validate(v: PropsValidator, field: string): void {
    const s = this.source;
    const options = 'options' in s ? s.options : undefined;
    if (options !== undefined && !v.check(isObject(options), `${field} options`, options, 'an object of options')) {
      return;
    }
    switch (s.kind) {
      case 'claim':
        v.knownProps(field, s.options, ['readOnly']);
        v.check(s.options?.readOnly === undefined || typeof s.options.readOnly === 'boolean', `${field}.readOnly`, s.options?.readOnly, 'true or false');
        if (s.claim instanceof PersistentVolumeClaim) {
          v.check(s.claim.volumeMode === 'Filesystem', `${field}.claim`, s.claim.claimName,
            'a claim with volumeMode "Filesystem": a Block claim is a raw device (volumeDevices), which containers cannot mount as a directory');
        } else {
          v.check(typeof s.claim === 'string' && OBJECT_NAME.test(s.claim), `${field}.claim`, s.claim,
            'a PersistentVolumeClaim construct, or the name of a claim in the workload\'s namespace');
        }
        break;
      case 'emptyDir':
        v.knownProps(field, s.options, ['sizeLimit', 'medium']);
        if (v.format(`${field}.sizeLimit`, s.options.sizeLimit, POSITIVE_QUANTITY)) {
          v.format(`${field}.sizeLimit`, s.options.sizeLimit, BYTE_QUANTITY);
        }
        v.check(s.options.medium === undefined || s.options.medium === 'Memory', `${field}.medium`, s.options.medium, '"Memory", or no medium (the node\'s disk)');
        break;
      case 'token':
        if (!v.check(s.options !== undefined, `${field}.audience`, undefined, 'the audience of the token, e.g. { audience: "vault" }')) {
          break;
        }
        v.knownProps(field, s.options, ['audience', 'expirationSeconds', 'fileName']);
        v.check(typeof s.options.audience === 'string' && /^\S+$/.test(s.options.audience), `${field}.audience`, s.options.audience, 'an audience without spaces, e.g. "vault"');
        v.integer(`${field}.expirationSeconds`, s.options.expirationSeconds, 600, 2 ** 32 - 1);
        v.check(s.options.fileName === undefined || isRelativeFile(s.options.fileName), `${field}.fileName`, s.options.fileName, 'a relative file name without ".."');
        break;
      case 'downward':
        if (!v.check(isObject(s.files) && Object.keys(s.files).length > 0, field, s.files, 'an object of at least one file, by file name')) {
          break;
        }
        for (const [file, item] of Object.entries(s.files ?? {})) {
          v.check(isRelativeFile(file), `${field} file`, file, 'a relative file name without ".."');
          if (item !== null && typeof item === 'object' && 'fieldPath' in item) {
            v.check(DOWNWARD_VOLUME_FIELD.test(item.fieldPath), `${field}["${file}"].fieldPath`, item.fieldPath,
              'metadata.name, metadata.namespace, metadata.uid, metadata.labels or metadata.annotations (whole, or one key as metadata.labels[\'key\'])');
          } else {
            v.check(/^(limits|requests)\.(cpu|memory|ephemeral-storage)$/.test(item?.resource), `${field}["${file}"].resource`, item?.resource,
              'one of limits.cpu, limits.memory, limits.ephemeral-storage, requests.cpu, requests.memory, requests.ephemeral-storage');
            v.check(item?.container === undefined || DNS_LABEL.test(item.container), `${field}["${file}"].container`, item?.container, DNS_LABEL.description);
          }
        }
        break;
      case 'hostPath':
        v.knownProps(field, s.options, ['reason', 'type']);
        v.format(`${field}.path`, s.path, ABSOLUTE_PATH, true);
        v.check(s.options !== undefined, `${field}.reason`, undefined, 'options with the reason, e.g. Volume.hostPath("/var/log", { reason: "..." })');
        v.check(typeof s.options?.reason === 'string' && s.options.reason.trim().length > 0, `${field}.reason`, s.options?.reason,
          'a reason why the pod needs the node\'s file system (hostPath volumes are refused by Pod Security baseline)');
        v.check(s.options?.type === undefined || HOST_PATH_TYPES.includes(s.options.type), `${field}.type`, s.options?.type, `one of ${HOST_PATH_TYPES.join(', ')}`);
        break;
    }
  }

  /**
   * The pod volume named `name`; `mainContainer` is the container that downward API resource files refer to by
   * default. @internal
   */
  public _render(name: string, mainContainer: string): k8s.Volume {
    const s = this.source;
    switch (s.kind) {
      case 'claim':
        return { name, persistentVolumeClaim: { claimName: s.claim instanceof PersistentVolumeClaim ? s.claim.claimName : s.claim, readOnly: s.options?.readOnly } };
      case 'emptyDir':
        return { name, emptyDir: { sizeLimit: k8s.Quantity.fromString(s.options.sizeLimit ?? DEFAULT_SIZE), medium: s.options.medium } };
      case 'token':
        return {
          name,
          projected: {
            defaultMode: 0o440,
            sources: [{ serviceAccountToken: { audience: s.options.audience, expirationSeconds: s.options.expirationSeconds ?? 3600, path: s.options.fileName ?? 'token' } }],
          },
        };
      case 'downward':
        return {
          name,
          downwardApi: {
            defaultMode: 0o444,
            items: Object.entries(s.files).sort(([a], [b]) => (a < b ? -1 : 1)).map(([path, item]) => ('fieldPath' in item
              ? { path, fieldRef: { fieldPath: item.fieldPath, apiVersion: 'v1' } }
              : { path, resourceFieldRef: { resource: item.resource, containerName: item.container ?? mainContainer } })),
          },
        };
      case 'hostPath':
        return { name, hostPath: { path: s.path, type: s.options.type ?? 'Directory' } };
    }
  }
}

function isRelativeFile(path: unknown): boolean {
  return typeof path === 'string' && path.length > 0 && !path.startsWith('/') && !path.split('/').includes('..');
}

/** Where a container mounts a volume of its pod. */
export interface VolumeMount {
  /** Name of the volume in the workload's `volumes`. */
  readonly volume: string;
  /** Absolute path in the container. */
  readonly path: string;
  /**
   * Mount read-only.
   * @default false for emptyDir volumes and claims not declared readOnly, true for the others
   */
  readonly readOnly?: boolean;
  /**
   * A path inside the volume to mount instead of its root.
   * @default the whole volume
   */
  readonly subPath?: string;
}

/** What decides whether the pods of a Deployment (WebService, Worker) can share the claims they mount. */
export interface ClaimMountsInput {
  /**
   * The pod's volumes.
   * @default none
   */
  readonly volumes?: Readonly<Record<string, Volume>>;
  /**
   * The replica count given.
   * @default the workload's default (`defaultReplicas`)
   */
  readonly replicas?: number;
  /**
   * The autoscaling options given.
   * @default no autoscaling
   */
  readonly autoscaling?: unknown;
  /**
   * The rollout strategy given.
   * @default RollingUpdate
   */
  readonly strategy?: { readonly type: string };
}

/**
 * Checks the claims that a Deployment's pods mount (`Volume.claim(claim)`): each claim construct is in the workload's
 * namespace, and a claim that the pods of one node (ReadWriteOnce) or one pod (ReadWriteOncePod) use at a time makes
 * the Deployment a single instance: `replicas: 1` (or 0), no autoscaling, and `strategy: { type: 'Recreate' }`, so
 * the old pod stops before the new one starts. `defaultReplicas` is the workload's replica count when none is given.
 */
export function validateClaimMounts(v: PropsValidator, namespace: string, props: ClaimMountsInput, defaultReplicas: number): void {
  const single: string[] = [];
  for (const [name, volume] of Object.entries(props.volumes ?? {})) {
    const mounted = volume instanceof Volume ? volume._claim : undefined;
    if (mounted === undefined) {
      continue;
    }
    const { claim, readOnly } = mounted;
    v.check(claim.namespace === namespace, `volumes.${name}.claim`, claim.claimName,
      `a claim in the workload's namespace (${namespace}): pods mount claims of their own namespace only, and "${claim.claimName}" is in ${claim.namespace}`);
    if (!claim._sharedBy(readOnly)) {
      const who = claim.accessModes.includes('ReadWriteOncePod') ? 'one pod' : 'the pods of one node';
      single.push(`the claim "${claim.claimName}" (volumes.${name}, ${claim.accessModes.join(', ')}) can be used by ${who} at a time`);
    }
  }
  if (single.length === 0) {
    return;
  }
  const why = single.join('; ');
  const fix = 'write replicas: 1 and strategy: { type: \'Recreate\' } (the single-instance pattern), or give the claim accessModes ["ReadWriteMany"]';
  if (props.autoscaling !== undefined) {
    v.fail('autoscaling', props.autoscaling, `no autoscaling: ${why}, so the Deployment runs one pod; ${fix}`);
  } else {
    const replicas = props.replicas ?? defaultReplicas;
    v.check(typeof replicas !== 'number' || replicas <= 1, 'replicas', props.replicas,
      `1: ${why}, so the Deployment runs one pod${props.replicas === undefined ? ` (the default is ${defaultReplicas})` : ''}; ${fix}`);
  }
  v.check(props.strategy?.type === 'Recreate', 'strategy', props.strategy ?? 'RollingUpdate (the default)',
    `{ type: 'Recreate' }: ${why}, and a rolling update starts the new pod while the old one still holds the claim (on another node it never starts)`);
}
