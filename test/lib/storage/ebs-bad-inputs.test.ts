import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { AppStack } from '../../../lib/core/app-stack';
import { AppDefinition } from '../../../lib/output/synth-apps';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { EbsStorageClass, EbsStorageClassProps } from '../../../lib/storage/ebs-storage-class';
import { EfsStorageClass } from '../../../lib/storage/efs-storage-class';
import { PersistentVolume, PersistentVolumeProps } from '../../../lib/storage/persistent-volume';
import { PersistentVolumeClaim, PersistentVolumeClaimProps } from '../../../lib/storage/persistent-volume-claim';
import { StorageClass } from '../../../lib/storage/storage-class';
import { BadInput, describeBadInputs } from '../../helpers/bad-input';

// EBS and EFS parameters as the drivers and EC2 take them, sizes in whole bytes, and the API server's limits on StorageClasses.
// Bad values are passed as they would come from JavaScript: the casts let the tables hold what TypeScript refuses.
type Case = Omit<BadInput, 'build'> & { build: (stack: Construct) => void };
const inStack = (cases: Case[]): BadInput[] => cases.map((c) => ({ ...c, build: (app: App) => c.build(new AppStack(app, 'bad')) }));

const ebs = (s: Construct, parameters: Record<string, unknown>) => new StorageClass(s, 'fast', { provisioner: 'ebs.csi.aws.com', parameters: parameters as Record<string, string> });
const preset = (s: Construct, p: object) => new EbsStorageClass(s, 'gp3', p as EbsStorageClassProps);
const pvc = (s: Construct, p: object) => new PersistentVolumeClaim(new SecureNamespace(s, 'shop'), 'data', { size: '10Gi', storageClassName: 'gp3', ...p } as PersistentVolumeClaimProps);
const pv = (s: Construct, p: object) => new PersistentVolume(s, 'pv', { capacity: '10Gi', nfs: { server: '10.0.0.10', path: '/exports' }, ...p } as PersistentVolumeProps);

const SC = '[bad/fast]';
const GP3 = '[bad/gp3]';
const BYTES = 'a positive amount of whole bytes such as "10Gi", "512Mi" or "1T" (binary suffixes Ki, Mi, Gi, Ti; decimal k, M, G, T; "500m" would be half a byte, and "Gb" is not a unit)';

const CASES: Case[] = [
  // Sizes
  { title: 'a claim of "500m" (half a byte)', build: (s) => pvc(s, { size: '500m' }), where: '[bad/shop/data] size: got "500m"', expected: BYTES },
  { title: 'a claim of "1.5" bytes', build: (s) => pvc(s, { size: '1.5' }), where: '[bad/shop/data] size: got "1.5"', expected: BYTES },
  { title: 'a claim size given as a number', build: (s) => pvc(s, { size: 10 }), where: '[bad/shop/data] size: got 10', expected: BYTES },
  { title: 'a volume capacity of "1e400"', build: (s) => pv(s, { capacity: '1e400' }), where: '[bad/pv] capacity: got "1e400"', expected: BYTES },
  { title: 'a volume capacity of "100m"', build: (s) => pv(s, { capacity: '100m' }), where: '[bad/pv] capacity: got "100m"', expected: BYTES },
  // StorageClass parameters of the EBS driver
  { title: 'an EBS parameter the driver does not know', build: (s) => ebs(s, { fsType: 'ext4' }), where: `${SC} parameters["fsType"]: got "fsType"`,
    expected: 'a parameter of the EBS CSI driver, which refuses others: type, iops, iopsPerGB, throughput' },
  { title: 'an EBS volume type "gp4"', build: (s) => ebs(s, { type: 'gp4' }), where: `${SC} parameters["type"]: got "gp4"`,
    expected: 'an EBS volume type: gp3, gp2, io2, io1, st1, sc1, standard, sbp1, sbg1' },
  { title: 'gp3 IOPS below the baseline', build: (s) => ebs(s, { type: 'gp3', iops: '1000' }), where: `${SC} parameters["iops"]: got "1000"`,
    expected: 'a whole number of IOPS from 3000 to 80000 for volume type gp3' },
  { title: 'gp3 IOPS above the maximum', build: (s) => ebs(s, { type: 'gp3', iops: '90000' }), where: `${SC} parameters["iops"]: got "90000"`,
    expected: 'a whole number of IOPS from 3000 to 80000 for volume type gp3' },
  { title: 'IOPS written with a unit', build: (s) => ebs(s, { type: 'io2', iops: '10k' }), where: `${SC} parameters["iops"]: got "10k"`,
    expected: 'a whole number of IOPS from 100 to 256000 for volume type io2' },
  { title: 'IOPS on gp2', build: (s) => ebs(s, { type: 'gp2', iops: '3000' }), where: `${SC} parameters["iops"]: got "3000"`,
    expected: 'no iops for volume type gp2: only gp3, io1 and io2 take provisioned IOPS' },
  { title: 'io2 without IOPS', build: (s) => ebs(s, { type: 'io2' }), where: `${SC} parameters["type"]: got "io2"`,
    expected: 'a type other than io2, or iops (or iopsPerGB) with it: EC2 creates io2 volumes only with provisioned IOPS' },
  { title: 'io1 with 60 IOPS per GiB', build: (s) => ebs(s, { type: 'io1', iopsPerGB: '60' }), where: `${SC} parameters["iopsPerGB"]: got "60"`,
    expected: 'a whole number of IOPS per GiB from 1 to 50 for volume type io1' },
  { title: 'both iops and iopsPerGB', build: (s) => ebs(s, { type: 'io2', iops: '1000', iopsPerGB: '10' }), where: `${SC} parameters["iopsPerGB"]: got "10"`,
    expected: 'either iops or iopsPerGB, not both (the driver refuses the class)' },
  { title: 'gp3 throughput above what the IOPS allow', build: (s) => ebs(s, { type: 'gp3', throughput: '1000' }), where: `${SC} parameters["throughput"]: got "1000"`,
    expected: 'a whole number of MiB/s from 125 to 750 (gp3 allows at most 0.25 MiB/s per IOPS, here 3000 IOPS, and 2000 MiB/s in all)' },
  { title: 'throughput on io2', build: (s) => ebs(s, { type: 'io2', iops: '5000', throughput: '500' }), where: `${SC} parameters["throughput"]: got "500"`,
    expected: 'no throughput for volume type io2: only gp3 takes provisioned throughput' },
  { title: 'encrypted "yes"', build: (s) => ebs(s, { encrypted: 'yes' }), where: `${SC} parameters["encrypted"]: got "yes"`, expected: '"true" or "false"' },
  { title: 'a file system the driver does not format', build: (s) => ebs(s, { 'csi.storage.k8s.io/fstype': 'btrfs' }), where: `${SC} parameters["csi.storage.k8s.io/fstype"]: got "btrfs"`,
    expected: 'a file system the driver formats: xfs, ext2, ext3, ext4 (case-sensitive)' },
  { title: 'parameters over 256 KiB', build: (s) => new StorageClass(s, 'fast', { provisioner: 'example.com/csi', parameters: { a: 'x'.repeat(300_000) } }),
    where: `${SC} parameters: got "300001 characters of parameters"`, expected: 'parameters of less than 256 KiB in all (keys and values), as the API server requires' },
  // The EbsStorageClass preset
  { title: 'EbsStorageClass io2 without iops', build: (s) => preset(s, { volumeType: 'io2' }), where: `${GP3} volumeType: got "io2"`,
    expected: 'a type other than io2, or iops (or iopsPerGB) with it: EC2 creates io2 volumes only with provisioned IOPS' },
  { title: 'EbsStorageClass iops as a string', build: (s) => preset(s, { iops: '6000' }), where: `${GP3} iops: got "6000"`, expected: 'an integer >= 1' },
  { title: 'EbsStorageClass gp3 iops over the maximum', build: (s) => preset(s, { iops: 100000 }), where: `${GP3} iops: got 100000`,
    expected: 'a whole number of IOPS from 3000 to 80000 for volume type gp3' },
  { title: 'EbsStorageClass throughput on st1', build: (s) => preset(s, { volumeType: 'st1', throughput: 500 }), where: `${GP3} throughput: got 500`,
    expected: 'no throughput for volume type st1: only gp3 takes provisioned throughput' },
  { title: 'EbsStorageClass throughput NaN', build: (s) => preset(s, { throughput: NaN }), where: `${GP3} throughput: got NaN`, expected: 'an integer >= 1' },
  { title: 'EbsStorageClass kmsKeyId with a space', build: (s) => preset(s, { kmsKeyId: 'alias/my key' }), where: `${GP3} kmsKeyId: got "alias/my key"`,
    expected: 'a KMS key id, ARN or alias' },
  // EFS, as its driver's CreateVolume checks the parameters
  { title: 'a generic EFS class without provisioningMode', build: (s) => new StorageClass(s, 'fast', { provisioner: 'efs.csi.aws.com', parameters: { fileSystemId: 'fs-0123456789abcdef0' } }),
    where: `${SC} parameters["provisioningMode"]: got undefined`, expected: '"efs-ap": the EFS CSI driver provisions access points only (or use EfsStorageClass)' },
  { title: 'a generic EFS class without fileSystemId', build: (s) => new StorageClass(s, 'fast', { provisioner: 'efs.csi.aws.com', parameters: { provisioningMode: 'efs-ap' } }),
    where: `${SC} parameters["fileSystemId"]: got undefined`, expected: 'the id of the EFS file system, e.g. "fs-0123456789abcdef0" (or use EfsStorageClass)' },
  { title: 'an EFS group id range starting at 0', build: (s) => new EfsStorageClass(s, 'efs', { fileSystemId: 'fs-0123456789abcdef0', gidRangeStart: 0, gidRangeEnd: 10 }),
    where: '[bad/efs] gidRangeStart: got 0', expected: 'an integer from 1 to 2147483647' },
  { title: 'an EFS group id range of one id', build: (s) => new EfsStorageClass(s, 'efs', { fileSystemId: 'fs-0123456789abcdef0', gidRangeStart: 5000, gidRangeEnd: 5000 }),
    where: '[bad/efs] gidRangeEnd: got 5000', expected: 'more than gidRangeStart (5000), as the driver requires' },
];

/** A gp3 class with provisioned performance and a claim of it: passes every policy check. */
const good: AppDefinition = {
  name: 'good',
  description: 'a fast class and a claim',
  build: (app: App) => {
    const stack = new AppStack(app, 'good');
    const fast = new EbsStorageClass(stack, 'fast', { name: 'fast', iops: 6000, throughput: 500, isDefault: false });
    new PersistentVolumeClaim(new SecureNamespace(stack, 'shop'), 'data', { size: '20Gi', storageClassName: fast });
  },
};

describeBadInputs('bad EBS and EFS parameters and sizes are rejected with a clear error and no output', good, inStack(CASES));
