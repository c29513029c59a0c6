import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { DELETION_REASON_ANNOTATION } from '../core/annotations';
import { CSI_DRIVER_NAME } from '../core/formats';
import { RESOURCE_ID, Resource, ResourceProps, propNames } from '../core/resource';
import { AcceptedRisk } from '../core/risk';
import { CsiSecretRef, ReclaimPolicy, checkDeletion, checkParameters, resolveCsiSecret } from './storage-class';

/** Props of a {@link VolumeSnapshotClass}. */
export interface VolumeSnapshotClassProps extends ResourceProps {
  /** The CSI driver that takes the snapshots, e.g. "ebs.csi.aws.com"; the same as the claims' StorageClass provisioner. */
  readonly driver: string;
  /**
   * What happens to the snapshot itself (in the storage system) when its VolumeSnapshot object is deleted.
   * "Delete" needs `deleteSnapshots`.
   * @default "Retain", or "Delete" when `deleteSnapshots` is given
   */
  readonly deletionPolicy?: ReclaimPolicy;
  /**
   * Delete the stored snapshots with their VolumeSnapshot objects: why that is acceptable. Recorded on the class.
   * @default snapshots are retained
   */
  readonly deleteSnapshots?: AcceptedRisk;
  /**
   * Parameters for the driver (string values).
   * @default none
   */
  readonly parameters?: Record<string, string>;
  /**
   * The Secret the driver is given to create and delete snapshots (`csi.storage.k8s.io/snapshotter-secret-*`).
   * @default none
   */
  readonly snapshotterSecret?: CsiSecretRef;
  /**
   * Whether this is the default class for the driver's snapshots.
   * @default false
   */
  readonly isDefault?: boolean;
}

const PROPS = propNames<VolumeSnapshotClassProps>()({
  name: true, labels: true, driver: true, deletionPolicy: true, deleteSnapshots: true, parameters: true, snapshotterSecret: true, isDefault: true,
});

/** The annotation that makes a VolumeSnapshotClass the default of its driver. */
export const DEFAULT_SNAPSHOT_CLASS_ANNOTATION = 'snapshot.storage.kubernetes.io/is-default-class';

/**
 * A `snapshot.storage.k8s.io/v1` VolumeSnapshotClass: which CSI driver takes snapshots of volumes, with what
 * parameters, and whether a snapshot survives the deletion of its VolumeSnapshot object (by default it does; deleting
 * it takes a reason, recorded on the class). Needs the external snapshotter's CRDs and controller in the cluster.
 */
export class VolumeSnapshotClass extends Resource {
  /** The CSI driver. */
  public readonly driver: string;
  /** What happens to a snapshot when its VolumeSnapshot is deleted. */
  public readonly deletionPolicy: ReclaimPolicy;

  public constructor(scope: Construct, id: string, props: VolumeSnapshotClassProps) {
    super(scope, id, props, { props: PROPS });
    const p: Partial<VolumeSnapshotClassProps> = props !== null && typeof props === 'object' ? props : {};
    const v = this.validator;
    v.format('driver', p.driver, CSI_DRIVER_NAME, true);
    const policy = checkDeletion(v, 'deletionPolicy', p.deletionPolicy, 'deleteSnapshots', p.deleteSnapshots,
      'deleting the stored snapshots with their VolumeSnapshot objects is acceptable');
    checkParameters(v, 'parameters', p.parameters);
    const secret = resolveCsiSecret(v, 'snapshotterSecret', p.snapshotterSecret);
    const secrets = secret
      ? { 'csi.storage.k8s.io/snapshotter-secret-name': secret.name, 'csi.storage.k8s.io/snapshotter-secret-namespace': secret.namespace } : {};
    v.check(p.isDefault === undefined || typeof p.isDefault === 'boolean', 'isDefault', p.isDefault, 'true or false');
    v.throwIfInvalid();

    this.driver = p.driver!;
    this.deletionPolicy = policy;
    const annotations: Record<string, string> = {
      ...(p.isDefault ? { [DEFAULT_SNAPSHOT_CLASS_ANNOTATION]: 'true' } : {}),
      ...(policy === 'Delete' ? { [DELETION_REASON_ANNOTATION]: p.deleteSnapshots!.reason } : {}),
    };
    const parameters = { ...p.parameters, ...secrets };
    new ApiObject(this, RESOURCE_ID, {
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshotClass',
      metadata: { name: this.name, labels: p.labels, annotations: Object.keys(annotations).length > 0 ? annotations : undefined },
      driver: this.driver,
      deletionPolicy: policy,
      parameters: Object.keys(parameters).length > 0 ? parameters : undefined,
    });
  }
}
