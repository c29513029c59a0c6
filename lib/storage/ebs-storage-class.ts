import { KubeStorageClass } from '../core/k8s';
import { Construct } from 'constructs';
import { Resource, RESOURCE_ID, propNames } from '../core/resource';

/** Props of an {@link EbsStorageClass}. */
export interface EbsStorageClassProps {
  /**
   * Name of the StorageClass, which claims refer to.
   * @default "gp3"
   */
  readonly name?: string;
  /**
   * EBS volume type.
   * @default "gp3"
   */
  readonly volumeType?: 'gp3' | 'io2' | 'st1' | 'sc1';
  /**
   * Whether this is the cluster's default class (used by claims that name none).
   * @default true
   */
  readonly isDefault?: boolean;
  /**
   * KMS key to encrypt with.
   * @default the account's EBS default key
   */
  readonly kmsKeyId?: string;
  /**
   * Delete volumes with their claims. Needs a reason; the default keeps the data.
   * @default volumes are retained
   */
  readonly deleteVolumes?: { readonly reason: string };
}

const PROPS = propNames<EbsStorageClassProps>()({ name: true, volumeType: true, isDefault: true, kmsKeyId: true, deleteVolumes: true });

/**
 * A StorageClass for the EBS CSI driver: encrypted volumes, created in the zone where the pod is scheduled
 * (`WaitForFirstConsumer`, since EBS volumes are zonal), expandable, and retained when their claim is deleted.
 */
export class EbsStorageClass extends Resource {
  public constructor(scope: Construct, id: string, props: EbsStorageClassProps = {}) {
    // Named "gp3" unless told otherwise, not after the construct id.
    super(scope, id, { ...props, name: props.name ?? 'gp3' }, { props: PROPS });
    const v = this.validator;
    v.knownProps('deleteVolumes', props.deleteVolumes, ['reason']);
    v.check(['gp3', 'io2', 'st1', 'sc1'].includes(props.volumeType ?? 'gp3'), 'volumeType', props.volumeType, '"gp3", "io2", "st1" or "sc1"');
    if (props.deleteVolumes) {
      v.check(props.deleteVolumes.reason?.trim().length > 0, 'deleteVolumes.reason', props.deleteVolumes.reason, 'a non-empty reason');
    }
    v.throwIfInvalid();

    new KubeStorageClass(this, RESOURCE_ID, {
      metadata: {
        name: this.name,
        annotations: (props.isDefault ?? true) ? { 'storageclass.kubernetes.io/is-default-class': 'true' } : undefined,
      },
      provisioner: 'ebs.csi.aws.com',
      parameters: {
        type: props.volumeType ?? 'gp3',
        encrypted: 'true',
        ...(props.kmsKeyId ? { kmsKeyId: props.kmsKeyId } : {}),
      },
      reclaimPolicy: props.deleteVolumes ? 'Delete' : 'Retain',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
    });
  }
}
