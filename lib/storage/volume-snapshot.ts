import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { OBJECT_NAME } from '../core/formats';
import { NamespacedResource, NamespacedResourceProps, RESOURCE_ID, propNames } from '../core/resource';
import { PersistentVolumeClaim } from './persistent-volume-claim';
import { StorageClass } from './storage-class';
import { VolumeSnapshotClass } from './volume-snapshot-class';

/** Props of a {@link VolumeSnapshot}. */
export interface VolumeSnapshotProps extends NamespacedResourceProps {
  /** The claim whose volume is snapshotted: the construct, or the name of a claim in the snapshot's namespace. */
  readonly source: PersistentVolumeClaim | string;
  /**
   * The VolumeSnapshotClass (construct or name) that takes the snapshot.
   * @default the default class of the volume's CSI driver
   */
  readonly snapshotClass?: VolumeSnapshotClass | string;
}

const PROPS = propNames<VolumeSnapshotProps>()({ name: true, namespace: true, labels: true, source: true, snapshotClass: true });

/**
 * A `snapshot.storage.k8s.io/v1` VolumeSnapshot: a point-in-time copy of a claim's volume, taken by the class's CSI
 * driver. A new claim restores it with `dataSource`. Needs the external snapshotter's CRDs and controller.
 */
export class VolumeSnapshot extends NamespacedResource {
  /** Name of the VolumeSnapshot, which claims restore from. */
  public readonly snapshotName: string;
  /** The claim construct the snapshot is taken of, when given one. */
  public readonly sourceClaim?: PersistentVolumeClaim;
  /** The VolumeSnapshotClass construct, when given one. */
  public readonly snapshotClass?: VolumeSnapshotClass;

  public constructor(scope: Construct, id: string, props: VolumeSnapshotProps) {
    super(scope, id, props, { props: PROPS });
    const p: Partial<VolumeSnapshotProps> = props !== null && typeof props === 'object' ? props : {};
    const v = this.validator;
    const claim = p.source instanceof PersistentVolumeClaim ? p.source : undefined;
    if (claim) {
      v.check(claim.namespace === this.namespace, 'source', claim.claimName,
        `a claim in the snapshot's namespace (${this.namespace}); it is in ${claim.namespace}`);
      const provisioner = claim.storageClass?.provisioner;
      v.check(provisioner === undefined || !provisioner.includes('/'), 'source', claim.claimName,
        `a claim whose volume a CSI driver provisions (its class "${claim.storageClassName}" uses ${provisioner}, which takes no snapshots)`);
    } else {
      v.check(typeof p.source === 'string' && OBJECT_NAME.test(p.source), 'source', p.source,
        'a PersistentVolumeClaim construct, or the name of a claim in the snapshot\'s namespace');
    }
    const cls = p.snapshotClass instanceof VolumeSnapshotClass ? p.snapshotClass : undefined;
    v.check(p.snapshotClass === undefined || cls !== undefined || (typeof p.snapshotClass === 'string' && OBJECT_NAME.test(p.snapshotClass)),
      'snapshotClass', p.snapshotClass, 'a VolumeSnapshotClass construct, or the name of a VolumeSnapshotClass');
    const storageClass = claim?.storageClass;
    if (cls && storageClass instanceof StorageClass) {
      v.check(cls.driver.toLowerCase() === storageClass.provisioner.toLowerCase(), 'snapshotClass', cls.name,
        `a class of the driver ${storageClass.provisioner}, which provisions the claim "${claim!.claimName}" (class "${storageClass.name}"); `
        + `"${cls.name}" is for ${cls.driver}`);
    }
    v.throwIfInvalid();

    this.snapshotName = this.name;
    this.sourceClaim = claim;
    this.snapshotClass = cls;
    new ApiObject(this, RESOURCE_ID, {
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshot',
      metadata: { name: this.name, namespace: this.namespace, labels: p.labels },
      spec: {
        source: { persistentVolumeClaimName: claim?.claimName ?? p.source },
        volumeSnapshotClassName: cls?.name ?? p.snapshotClass,
      },
    });
  }
}
