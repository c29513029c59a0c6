import { Construct } from 'constructs';
import { ARGOCD_SYNC_OPTIONS_ANNOTATION, FLUX_PRUNE_ANNOTATION, PRUNE_REASON_ANNOTATION } from '../core/annotations';
import { Format, LABEL_KEY, LABEL_VALUE, OBJECT_NAME, parseQuantity } from '../core/formats';
import { KubePersistentVolumeClaim, k8s } from '../core/k8s';
import { NamespacedResource, NamespacedResourceProps, RESOURCE_ID, propNames } from '../core/resource';
import { AcceptedRisk } from '../core/risk';
import { PropsValidator } from '../core/validator';
import { LabelRequirement, checkRequirement } from '../workloads/scheduling';
import type { AccessMode } from '../workloads/stateful-service';
import { PersistentVolume } from './persistent-volume';
import { StorageClass } from './storage-class';
import { VolumeSnapshot } from './volume-snapshot';

/** Whether a volume holds a file system (mounted) or is a raw block device. */
export type VolumeMode = 'Filesystem' | 'Block';

/** Which PersistentVolumes a claim may bind to, by their labels. */
export interface ClaimSelector {
  /**
   * Labels a volume must have.
   * @default none
   */
  readonly matchLabels?: Record<string, string>;
  /**
   * Requirements on a volume's labels, e.g. `{ key: 'environment', operator: 'In', values: ['dev'] }`.
   * @default none
   */
  readonly matchExpressions?: LabelRequirement[];
}

/** Props of a {@link PersistentVolumeClaim}. */
export interface PersistentVolumeClaimProps extends NamespacedResourceProps {
  /** Requested size, e.g. "10Gi". */
  readonly size: string;
  /**
   * Access modes: ReadWriteOnce (one node), ReadWriteOncePod (one pod), ReadOnlyMany, ReadWriteMany (needs a driver
   * that supports it, such as EFS or NFS).
   * @default ["ReadWriteOnce"]
   */
  readonly accessModes?: AccessMode[];
  /**
   * A file system (mounted by pods) or a raw block device.
   * @default "Filesystem" (not written)
   */
  readonly volumeMode?: VolumeMode;
  /**
   * The StorageClass (construct or name) that provisions the volume; "" for none (bind to a PersistentVolume without
   * a class). Set it explicitly in production so the volume type does not depend on the cluster's default class.
   * @default the cluster's default StorageClass
   */
  readonly storageClassName?: StorageClass | string;
  /**
   * Bind only to PersistentVolumes whose labels match (claims with a selector are never provisioned dynamically).
   * @default any volume
   */
  readonly selector?: ClaimSelector;
  /**
   * A VolumeSnapshot to restore the new volume from: the construct, or the name of a snapshot in the claim's
   * namespace. The size must be at least the snapshot's.
   * @default an empty volume
   */
  readonly dataSource?: VolumeSnapshot | string;
  /**
   * The PersistentVolume (construct or name) to bind to, for volumes created by hand.
   * @default a volume found or provisioned by the class
   */
  readonly volumeName?: PersistentVolume | string;
  /**
   * GitOps tools delete an object removed from Git, and deleting a claim deletes its volume unless the class
   * retains it. So claims carry the annotations Argo CD (`argocd.argoproj.io/sync-options: Prune=false,Delete=false`)
   * and Flux (`kustomize.toolkit.fluxcd.io/prune: disabled`) honour to keep them. Say here why this claim may be
   * pruned instead (e.g. a scratch volume); recorded on the claim.
   * @default kept by Argo CD and Flux
   */
  readonly allowPruning?: AcceptedRisk;
}

const PROPS = propNames<PersistentVolumeClaimProps>()({
  name: true, namespace: true, labels: true, size: true, accessModes: true, volumeMode: true, storageClassName: true, selector: true,
  dataSource: true, volumeName: true, allowPruning: true,
});

/** Every access mode. */
export const ACCESS_MODES: readonly AccessMode[] = ['ReadWriteOnce', 'ReadWriteOncePod', 'ReadOnlyMany', 'ReadWriteMany'];
const SNAPSHOT_GROUP = 'snapshot.storage.k8s.io';

/**
 * A size of storage: a positive number of whole bytes ("10Gi", "500M"). "500m" would be half a byte (the API server
 * takes it, and the driver rounds it to one byte or refuses it), and "Gb" is not a unit.
 */
export const STORAGE_SIZE: Format = {
  test: (v) => {
    const n = parseQuantity(v);
    return n !== undefined && n > 0 && Number.isSafeInteger(Math.round(n)) && Math.abs(n - Math.round(n)) < 1e-9 * Math.max(1, n);
  },
  description: 'a positive amount of whole bytes such as "10Gi", "512Mi" or "1T" (binary suffixes Ki, Mi, Gi, Ti; decimal k, M, G, T; '
    + '"500m" would be half a byte, and "Gb" is not a unit)',
};

/** Checks a list of access modes (non-empty, known, each once; ReadWriteOncePod alone); true when it is valid or not given. */
export function checkAccessModes(v: PropsValidator, field: string, modes: unknown): boolean {
  if (modes === undefined) {
    return true;
  }
  if (!v.check(Array.isArray(modes) && modes.length > 0, field, modes, `a non-empty list of access modes (${ACCESS_MODES.join(', ')})`)) {
    return false;
  }
  const list = modes as unknown[];
  const known = list.every((m, i) => v.check(ACCESS_MODES.includes(m as AccessMode), `${field}[${i}]`, m, `one of ${ACCESS_MODES.join(', ')}`));
  v.unique(field, list, (m) => String(m), 'an access mode');
  return known && v.check(!list.includes('ReadWriteOncePod') || list.length === 1, field, modes,
    'ReadWriteOncePod alone (Kubernetes refuses it with other access modes)');
}

/** Checks a volume mode. */
export function checkVolumeMode(v: PropsValidator, field: string, mode: unknown): boolean {
  return v.check(mode === undefined || mode === 'Filesystem' || mode === 'Block', field, mode, '"Filesystem" or "Block"');
}

/** The name a StorageClass reference stands for: the construct's name, or the string. */
export function storageClassNameOf(ref: StorageClass | string | undefined): string | undefined {
  return ref instanceof StorageClass ? ref.name : ref;
}

/** Checks a StorageClass reference: a construct, "" (no class) or a class name. */
export function checkStorageClassRef(v: PropsValidator, field: string, ref: unknown): boolean {
  return ref === undefined || ref instanceof StorageClass || v.check(typeof ref === 'string' && (ref === '' || OBJECT_NAME.test(ref)), field, ref,
    'a StorageClass construct, the name of a class (an object name such as "gp3"), or "" for no class');
}

/**
 * A standalone PersistentVolumeClaim, which any workload mounts with `Volume.claim(claim)`: a size, access modes,
 * the class that provisions it (or the PersistentVolume it binds to, or a label selector), and optionally a
 * VolumeSnapshot to restore. Kept by Argo CD and Flux when it leaves Git (see `allowPruning`). A ReadWriteOnce claim
 * mounted by a Deployment makes it a single instance: `replicas: 1` and `strategy: { type: 'Recreate' }`.
 */
export class PersistentVolumeClaim extends NamespacedResource {
  /** Name of the claim, which pods name. */
  public readonly claimName: string;
  /** Requested size. */
  public readonly size: string;
  /** Access modes. */
  public readonly accessModes: readonly AccessMode[];
  /** File system or block device. */
  public readonly volumeMode: VolumeMode;
  /** The StorageClass name; undefined for the cluster's default, "" for none. */
  public readonly storageClassName?: string;
  /** The StorageClass construct, when the claim was given one. */
  public readonly storageClass?: StorageClass;
  /** The VolumeSnapshot construct the volume is restored from, when given one. */
  public readonly snapshot?: VolumeSnapshot;

  public constructor(scope: Construct, id: string, props: PersistentVolumeClaimProps) {
    super(scope, id, props, { props: PROPS });
    const p: Partial<PersistentVolumeClaimProps> = props !== null && typeof props === 'object' ? props : {};
    const v = this.validator;
    v.format('size', p.size, STORAGE_SIZE, true);
    const modesOk = checkAccessModes(v, 'accessModes', p.accessModes);
    checkVolumeMode(v, 'volumeMode', p.volumeMode);
    checkStorageClassRef(v, 'storageClassName', p.storageClassName);
    checkSelector(v, 'selector', p.selector);
    v.risk('allowPruning', p.allowPruning, 'GitOps tools may delete this claim (and its volume) when it leaves Git');
    const modes = modesOk ? p.accessModes ?? ['ReadWriteOnce'] : [];
    const className = storageClassNameOf(p.storageClassName);

    const snapshot = p.dataSource instanceof VolumeSnapshot ? p.dataSource : undefined;
    if (snapshot) {
      v.check(snapshot.namespace === this.namespace, 'dataSource', snapshot.snapshotName,
        `a VolumeSnapshot in the claim's namespace (${this.namespace}); it is in ${snapshot.namespace}`);
      const source = snapshot.sourceClaim;
      const [size, minimum] = [parseQuantity(p.size as string), source ? parseQuantity(source.size) : undefined];
      v.check(size === undefined || minimum === undefined || size >= minimum, 'size', p.size,
        `at least ${source?.size}, the size of the claim "${source?.claimName}" that the snapshot "${snapshot.snapshotName}" was taken of`);
      const driver = snapshot.snapshotClass?.driver ?? source?.storageClass?.provisioner;
      const provisioner = p.storageClassName instanceof StorageClass ? p.storageClassName.provisioner : undefined;
      v.check(driver === undefined || provisioner === undefined || driver.toLowerCase() === provisioner.toLowerCase(), 'storageClassName', className,
        `a class of the snapshot's driver ${driver} (the class "${className}" provisions with ${provisioner}, which cannot restore it)`);
    } else {
      v.check(p.dataSource === undefined || (typeof p.dataSource === 'string' && OBJECT_NAME.test(p.dataSource)), 'dataSource', p.dataSource,
        'a VolumeSnapshot construct, or the name of a VolumeSnapshot in the claim\'s namespace');
    }

    const volume = p.volumeName instanceof PersistentVolume ? p.volumeName : undefined;
    v.check(p.volumeName === undefined || volume !== undefined || (typeof p.volumeName === 'string' && OBJECT_NAME.test(p.volumeName)), 'volumeName',
      p.volumeName, 'a PersistentVolume construct, or the name of a PersistentVolume');
    v.check(p.volumeName === undefined || p.dataSource === undefined, 'dataSource', p.dataSource,
      'no dataSource with volumeName: a snapshot is restored into a new volume, volumeName binds an existing one');
    if (volume && modesOk) {
      this.checkVolume(v, volume, p, modes, className);
    }
    v.throwIfInvalid();

    this.claimName = this.name;
    this.size = p.size!;
    this.accessModes = [...modes];
    this.volumeMode = p.volumeMode ?? 'Filesystem';
    this.storageClassName = className;
    this.storageClass = p.storageClassName instanceof StorageClass ? p.storageClassName : undefined;
    this.snapshot = snapshot;
    const annotations: Record<string, string> = p.allowPruning
      ? { [PRUNE_REASON_ANNOTATION]: p.allowPruning.reason }
      : { [ARGOCD_SYNC_OPTIONS_ANNOTATION]: 'Prune=false,Delete=false', [FLUX_PRUNE_ANNOTATION]: 'disabled' };
    const selector = p.selector && {
      matchLabels: p.selector.matchLabels && { ...p.selector.matchLabels },
      matchExpressions: p.selector.matchExpressions?.map((r) => ({ key: r.key, operator: r.operator, values: r.values && [...r.values] })),
    };
    const snapshotName = snapshot?.snapshotName ?? (typeof p.dataSource === 'string' ? p.dataSource : undefined);

    new KubePersistentVolumeClaim(this, RESOURCE_ID, {
      metadata: { name: this.name, namespace: this.namespace, labels: p.labels, annotations },
      spec: {
        accessModes: [...modes],
        volumeMode: p.volumeMode,
        storageClassName: className,
        selector,
        dataSource: snapshotName === undefined ? undefined : { apiGroup: SNAPSHOT_GROUP, kind: 'VolumeSnapshot', name: snapshotName },
        volumeName: p.volumeName instanceof PersistentVolume ? p.volumeName.name : p.volumeName,
        resources: { requests: { storage: k8s.Quantity.fromString(this.size) } },
      },
    });
  }

  /** Whether pods on more than one node (or more than one pod) may mount the claim, read-only or not. @internal */
  public _sharedBy(readOnly: boolean): boolean {
    return this.accessModes.includes('ReadWriteMany') || (readOnly && this.accessModes.includes('ReadOnlyMany'));
  }

  /** Checks that a PersistentVolume given by construct can bind this claim. */
  private checkVolume(v: PropsValidator, volume: PersistentVolume, p: Partial<PersistentVolumeClaimProps>, modes: readonly AccessMode[], className: string | undefined): void {
    v.check(className === (volume.storageClassName ?? ''), 'storageClassName', className,
      `"${volume.storageClassName ?? ''}", the class of the PersistentVolume "${volume.name}" (a claim binds only to a volume of its own class; `
      + 'a claim without storageClassName gets the default class)');
    const missing = modes.filter((m) => !volume.accessModes.includes(m));
    v.check(missing.length === 0, 'accessModes', modes, `modes the PersistentVolume "${volume.name}" offers (${volume.accessModes.join(', ')})`);
    const [size, capacity] = [parseQuantity(p.size as string), parseQuantity(volume.capacity)];
    v.check(size === undefined || capacity === undefined || size <= capacity, 'size', p.size,
      `at most ${volume.capacity}, the capacity of the PersistentVolume "${volume.name}"`);
    v.check((p.volumeMode ?? 'Filesystem') === volume.volumeMode, 'volumeMode', p.volumeMode, `"${volume.volumeMode}", the mode of the PersistentVolume "${volume.name}"`);
    const reserved = volume.claimRef;
    v.check(reserved === undefined || (reserved.name === this.name && reserved.namespace === this.namespace), 'volumeName', volume.name,
      `a PersistentVolume not reserved for another claim (it is reserved for ${reserved?.namespace}/${reserved?.name})`);
  }
}

/** Checks a claim's label selector. */
function checkSelector(v: PropsValidator, field: string, selector: ClaimSelector | undefined): void {
  if (selector === undefined || !v.knownProps(field, selector, ['matchLabels', 'matchExpressions'])) {
    return;
  }
  v.map(`${field}.matchLabels`, selector.matchLabels, LABEL_KEY, LABEL_VALUE);
  const expressions = selector.matchExpressions;
  if (v.check(expressions === undefined || Array.isArray(expressions), `${field}.matchExpressions`, expressions, 'a list of label requirements')) {
    (expressions ?? []).forEach((r, i) => checkRequirement(v, `${field}.matchExpressions[${i}]`, r, { strict: true }));
  }
  v.check(Object.keys(selector.matchLabels ?? {}).length > 0 || (expressions ?? []).length > 0, field, selector,
    'matchLabels or matchExpressions (an empty selector matches every volume)');
}
