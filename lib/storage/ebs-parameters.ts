// The StorageClass parameters of the Amazon EBS CSI driver (ebs.csi.aws.com), checked as the driver's CreateVolume
// and the EC2 CreateVolume API check them: the driver refuses parameter keys it does not know (it compares keys
// case-insensitively), and EC2 refuses IOPS and throughput outside each volume type's range. Limits as AWS documents
// them since September 2025: gp3 3,000-80,000 IOPS (at most 500 per GiB) and 125-2,000 MiB/s (at most 0.25 MiB/s per
// IOPS); io1 100-64,000 IOPS (50 per GiB); io2 (Block Express) 100-256,000 IOPS (1,000 per GiB); io1 and io2 need IOPS.
import { PropsValidator, isObject } from '../core/validator';

/** The EBS CSI provisioner. */
export const EBS_CSI_DRIVER = 'ebs.csi.aws.com';

/** EBS volume types the driver creates. */
export const EBS_VOLUME_TYPES: readonly string[] = ['gp3', 'gp2', 'io2', 'io1', 'st1', 'sc1', 'standard', 'sbp1', 'sbg1'];

/** IOPS ranges and the highest IOPS per GiB of the types that take provisioned IOPS. */
const IOPS: Readonly<Record<string, { min: number; max: number; perGiB: number }>> = {
  gp3: { min: 3000, max: 80000, perGiB: 500 },
  io1: { min: 100, max: 64000, perGiB: 50 },
  io2: { min: 100, max: 256000, perGiB: 1000 },
};
const GP3_THROUGHPUT = { min: 125, max: 2000, perIops: 0.25, baselineIops: 3000 };

/** Parameter keys the driver accepts (lowercase), besides tags: keys starting with "tagSpecification" (case-sensitive). */
const KNOWN_KEYS: readonly string[] = [
  'type', 'iops', 'iopspergb', 'allowautoiopspergbincrease', 'throughput', 'encrypted', 'kmskeyid', 'blockexpress', 'blocksize', 'inodesize',
  'bytesperinode', 'numberofinodes', 'ext4bigalloc', 'ext4clustersize', 'outpostarn', 'volumeinitializationrate', 'csi.storage.k8s.io/fstype',
];
const BOOLEAN_KEYS: readonly string[] = ['encrypted', 'blockexpress', 'allowautoiopspergbincrease', 'ext4bigalloc'];
const INTEGER_KEYS: readonly string[] = ['blocksize', 'inodesize', 'bytesperinode', 'numberofinodes', 'ext4clustersize', 'volumeinitializationrate'];
const FS_TYPES: readonly string[] = ['xfs', 'ext2', 'ext3', 'ext4'];

/** A whole number given as a number or a string of digits; NaN otherwise. */
function whole(value: unknown): number {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) ? value : NaN;
  }
  return typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : NaN;
}

/**
 * Checks EBS driver parameters; `field` names the prop a parameter key was given by (e.g. `parameters["iops"]`, or
 * `iops` on an EbsStorageClass). Values may be strings (StorageClass parameters) or numbers (EbsStorageClass props).
 */
export function checkEbsParameters(v: PropsValidator, parameters: Readonly<Record<string, unknown>>, field: (key: string) => string): void {
  if (!isObject(parameters)) {
    return;
  }
  const byKey = new Map<string, { key: string; value: unknown }>();
  for (const [key, value] of Object.entries(parameters)) {
    const lower = key.toLowerCase();
    if (!v.check(KNOWN_KEYS.includes(lower) || key.startsWith('tagSpecification'), `${field(key)}`, key,
      `a parameter of the EBS CSI driver, which refuses others: type, iops, iopsPerGB, throughput, encrypted, kmsKeyId, blockExpress, `
      + 'allowAutoIOPSPerGBIncrease, blockSize, inodeSize, bytesPerInode, numberOfInodes, ext4BigAlloc, ext4ClusterSize, outpostArn, '
      + 'volumeInitializationRate, csi.storage.k8s.io/fstype or tagSpecification_<n>')) {
      continue;
    }
    byKey.set(lower, { key, value });
  }
  const get = (k: string) => byKey.get(k);
  const type = get('type');
  const typeName = typeof type?.value === 'string' ? type.value.toLowerCase() : 'gp3';
  if (type && !v.check(typeof type.value === 'string' && EBS_VOLUME_TYPES.includes(typeName), field(type.key), type.value,
    `an EBS volume type: ${EBS_VOLUME_TYPES.join(', ')}`)) {
    return;
  }
  for (const k of BOOLEAN_KEYS) {
    const e = get(k);
    v.check(e === undefined || e.value === 'true' || e.value === 'false', e ? field(e.key) : k, e?.value, '"true" or "false"');
  }
  for (const k of INTEGER_KEYS) {
    const e = get(k);
    v.check(e === undefined || whole(e.value) > 0, e ? field(e.key) : k, e?.value, 'a positive whole number, as a string such as "4096"');
  }
  const fsType = get('csi.storage.k8s.io/fstype');
  v.check(fsType === undefined || (typeof fsType.value === 'string' && FS_TYPES.includes(fsType.value)), fsType ? field(fsType.key) : '', fsType?.value,
    `a file system the driver formats: ${FS_TYPES.join(', ')} (case-sensitive)`);
  const kms = get('kmskeyid');
  v.check(kms === undefined || (typeof kms.value === 'string' && /^\S+$/.test(kms.value) && kms.value.length <= 2048), kms ? field(kms.key) : '', kms?.value,
    'a KMS key id, ARN or alias such as "alias/ebs" or "arn:aws:kms:eu-west-1:111122223333:key/..."');

  const range = IOPS[typeName];
  const iops = get('iops');
  const perGiB = get('iopspergb');
  if (iops && v.check(range !== undefined, field(iops.key), iops.value, `no iops for volume type ${typeName}: only gp3, io1 and io2 take provisioned IOPS`)) {
    const n = whole(iops.value);
    v.check(n >= range.min && n <= range.max, field(iops.key), iops.value, `a whole number of IOPS from ${range.min} to ${range.max} for volume type ${typeName}`);
  }
  if (perGiB && v.check(range !== undefined, field(perGiB.key), perGiB.value, `no iopsPerGB for volume type ${typeName}: only gp3, io1 and io2 take provisioned IOPS`)) {
    const n = whole(perGiB.value);
    v.check(n >= 1 && n <= range.perGiB, field(perGiB.key), perGiB.value, `a whole number of IOPS per GiB from 1 to ${range.perGiB} for volume type ${typeName}`);
    v.check(iops === undefined, field(perGiB.key), perGiB.value, 'either iops or iopsPerGB, not both (the driver refuses the class)');
  }
  if (typeName === 'io1' || typeName === 'io2') {
    v.check(iops !== undefined || perGiB !== undefined, type ? field(type.key) : 'type', typeName,
      `a type other than ${typeName}, or iops (or iopsPerGB) with it: EC2 creates ${typeName} volumes only with provisioned IOPS`);
  }
  const throughput = get('throughput');
  if (throughput && v.check(typeName === 'gp3', field(throughput.key), throughput.value, `no throughput for volume type ${typeName}: only gp3 takes provisioned throughput`)) {
    const n = whole(throughput.value);
    const baseIops = iops !== undefined && Number.isFinite(whole(iops.value)) ? whole(iops.value) : GP3_THROUGHPUT.baselineIops;
    const max = Math.min(GP3_THROUGHPUT.max, Math.floor(baseIops * GP3_THROUGHPUT.perIops));
    v.check(n >= GP3_THROUGHPUT.min && n <= max, field(throughput.key), throughput.value,
      `a whole number of MiB/s from ${GP3_THROUGHPUT.min} to ${max} (gp3 allows at most ${GP3_THROUGHPUT.perIops} MiB/s per IOPS, `
      + `here ${baseIops} IOPS, and ${GP3_THROUGHPUT.max} MiB/s in all)`);
  }
}
