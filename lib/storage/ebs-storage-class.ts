import { Construct } from 'constructs';
import { propNames } from '../core/resource';
import { checkEbsParameters } from './ebs-parameters';
import { StorageClass, presetProps } from './storage-class';

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
   * Provisioned IOPS: gp3 3,000-80,000, io2 100-256,000 (required for io2).
   * @default gp3's baseline of 3,000
   */
  readonly iops?: number;
  /**
   * Provisioned throughput of gp3 volumes in MiB/s, 125-2,000 (at most 0.25 MiB/s per IOPS).
   * @default gp3's baseline of 125
   */
  readonly throughput?: number;
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

const PROPS = propNames<EbsStorageClassProps>()({
  name: true, volumeType: true, iops: true, throughput: true, isDefault: true, kmsKeyId: true, deleteVolumes: true,
});
const FIELDS: Readonly<Record<string, string>> = { type: 'volumeType', iops: 'iops', throughput: 'throughput', kmsKeyId: 'kmsKeyId' };
const VOLUME_TYPES: readonly string[] = ['gp3', 'io2', 'st1', 'sc1'];

/**
 * A StorageClass for the EBS CSI driver: encrypted volumes, created in the zone where the pod is scheduled
 * (`WaitForFirstConsumer`, since EBS volumes are zonal), expandable, and retained when their claim is deleted.
 * A preset of {@link StorageClass}: claims and snapshots accept it wherever they accept a StorageClass.
 */
export class EbsStorageClass extends StorageClass {
  public constructor(scope: Construct, id: string, props: EbsStorageClassProps = {}) {
    const p: EbsStorageClassProps = props !== null && typeof props === 'object' ? props : {};
    super(scope, id, presetProps({
      provisioner: 'ebs.csi.aws.com',
      parameters: {
        type: VOLUME_TYPES.includes(p.volumeType as string) ? p.volumeType! : 'gp3',
        encrypted: 'true',
        ...(p.kmsKeyId ? { kmsKeyId: String(p.kmsKeyId) } : {}),
        ...(p.iops !== undefined ? { iops: String(p.iops) } : {}),
        ...(p.throughput !== undefined ? { throughput: String(p.throughput) } : {}),
      },
      deleteVolumes: p.deleteVolumes,
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
      isDefault: p.isDefault ?? true,
    }, {
      // Named "gp3" unless told otherwise, not after the construct id.
      original: { ...p, name: p.name ?? 'gp3' },
      props: PROPS,
      validate: (v) => {
        const typeOk = v.check(VOLUME_TYPES.includes(p.volumeType ?? 'gp3'), 'volumeType', p.volumeType, '"gp3", "io2", "st1" or "sc1"');
        const kmsOk = v.check(p.kmsKeyId === undefined || (typeof p.kmsKeyId === 'string' && p.kmsKeyId.trim().length > 0), 'kmsKeyId', p.kmsKeyId,
          'a KMS key id, ARN or alias such as "alias/ebs"');
        const iopsOk = v.integer('iops', p.iops, 1);
        const throughputOk = v.integer('throughput', p.throughput, 1);
        if (typeOk && kmsOk && iopsOk && throughputOk) {
          // The ranges of the volume type, as the driver and EC2 check them (see ebs-parameters.ts).
          const settings = { type: p.volumeType ?? 'gp3', kmsKeyId: p.kmsKeyId, iops: p.iops, throughput: p.throughput };
          checkEbsParameters(v, Object.fromEntries(Object.entries(settings).filter(([, x]) => x !== undefined)), (key) => FIELDS[key] ?? key);
        }
      },
    }));
  }
}
