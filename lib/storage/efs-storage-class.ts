import { Construct } from 'constructs';
import { ABSOLUTE_PATH } from '../core/formats';
import { propNames } from '../core/resource';
import { AcceptedRisk } from '../core/risk';
import { StorageClass, VolumeBindingMode, presetProps } from './storage-class';

/** Props of an {@link EfsStorageClass}. */
export interface EfsStorageClassProps {
  /**
   * Name of the StorageClass, which claims refer to.
   * @default "efs"
   */
  readonly name?: string;
  /**
   * Labels of the StorageClass.
   * @default none
   */
  readonly labels?: Record<string, string>;
  /** The EFS file system the access points are created in, e.g. "fs-0123456789abcdef0" (created beforehand, e.g. with Terraform). */
  readonly fileSystemId: string;
  /**
   * Permissions of each volume's root directory (octal).
   * @default "700"
   */
  readonly directoryPerms?: string;
  /**
   * POSIX user id that owns each volume's root directory (EFS enforces it on every access).
   * @default a group id from the driver's range, used as both uid and gid
   */
  readonly uid?: number;
  /**
   * POSIX group id that owns each volume's root directory.
   * @default one from gidRangeStart-gidRangeEnd
   */
  readonly gid?: number;
  /**
   * Lowest group id the driver hands out to volumes (with gidRangeEnd).
   * @default 50000 (the driver's)
   */
  readonly gidRangeStart?: number;
  /**
   * Highest group id the driver hands out to volumes (with gidRangeStart).
   * @default 7000000 (the driver's)
   */
  readonly gidRangeEnd?: number;
  /**
   * Directory of the file system under which the volumes' directories are created, e.g. "/dynamic_provisioning".
   * @default the root of the file system
   */
  readonly basePath?: string;
  /**
   * Path of each volume's directory under basePath, from fixed text and `${.PVC.namespace}`, `${.PVC.name}` and
   * `${.PV.name}`; the driver appends a unique suffix.
   * @default "${.PV.name}" (the driver's)
   */
  readonly subPathPattern?: string;
  /**
   * Whether this is the cluster's default class.
   * @default false
   */
  readonly isDefault?: boolean;
  /**
   * Delete each volume's access point with its claim: why that is acceptable.
   * @default access points (and data) are retained
   */
  readonly deleteVolumes?: AcceptedRisk;
  /**
   * When volumes are provisioned. EFS is regional, so "Immediate" is safe for regional file systems.
   * @default "WaitForFirstConsumer"
   */
  readonly volumeBindingMode?: VolumeBindingMode;
  /**
   * Mount options, e.g. ["iam"] to mount with the node's IAM identity.
   * @default none (the driver encrypts in transit by default)
   */
  readonly mountOptions?: string[];
}

const PROPS = propNames<EfsStorageClassProps>()({
  name: true, labels: true, fileSystemId: true, directoryPerms: true, uid: true, gid: true, gidRangeStart: true, gidRangeEnd: true,
  basePath: true, subPathPattern: true, isDefault: true, deleteVolumes: true, volumeBindingMode: true, mountOptions: true,
});
const FILE_SYSTEM_ID = /^fs-[0-9a-f]{8,40}$/;
const SUB_PATH_VARIABLE = /\$\{([^}]*)\}/g;
const SUB_PATH_VARIABLES = ['.PVC.namespace', '.PVC.name', '.PV.name'];
const MAX_ID = 2 ** 31 - 1;

/**
 * A StorageClass for the Amazon EFS CSI driver (`efs.csi.aws.com`): each claim gets an access point, with its own
 * root directory, in an existing file system (`provisioningMode: efs-ap`). The volumes are ReadWriteMany and
 * retained when their claim is deleted. A preset of {@link StorageClass}.
 */
export class EfsStorageClass extends StorageClass {
  /** The file system the volumes live in. */
  public readonly fileSystemId: string;

  public constructor(scope: Construct, id: string, props: EfsStorageClassProps) {
    const p: Partial<EfsStorageClassProps> = props !== null && typeof props === 'object' ? props : {};
    const num = (x: number | undefined) => (x === undefined ? undefined : String(x));
    const parameters: Record<string, string | undefined> = {
      provisioningMode: 'efs-ap',
      fileSystemId: String(p.fileSystemId),
      directoryPerms: p.directoryPerms ?? '700',
      uid: num(p.uid),
      gid: num(p.gid),
      gidRangeStart: num(p.gidRangeStart),
      gidRangeEnd: num(p.gidRangeEnd),
      basePath: p.basePath,
      subPathPattern: p.subPathPattern,
    };
    super(scope, id, presetProps({
      provisioner: 'efs.csi.aws.com',
      labels: p.labels,
      parameters: Object.fromEntries(Object.entries(parameters).filter((e): e is [string, string] => e[1] !== undefined)),
      deleteVolumes: p.deleteVolumes,
      volumeBindingMode: p.volumeBindingMode,
      mountOptions: p.mountOptions,
      isDefault: p.isDefault,
    }, {
      original: { ...p, name: p.name ?? 'efs' },
      props: PROPS,
      validate: (v) => {
        v.check(typeof p.fileSystemId === 'string' && FILE_SYSTEM_ID.test(p.fileSystemId), 'fileSystemId', p.fileSystemId,
          'an EFS file system id: "fs-" and 8 to 40 lowercase hexadecimal digits, e.g. "fs-0123456789abcdef0"');
        v.check(p.directoryPerms === undefined || (typeof p.directoryPerms === 'string' && /^[0-7]{3,4}$/.test(p.directoryPerms)),
          'directoryPerms', p.directoryPerms, 'octal permissions as a string, e.g. "700" or "0750"');
        for (const key of ['uid', 'gid'] as const) {
          v.integer(key, p[key], 0, MAX_ID);
        }
        // The driver refuses a range that starts at 0 or ends at its start (CreateVolume: "must be greater than").
        const rangeOk = [v.integer('gidRangeStart', p.gidRangeStart, 1, MAX_ID), v.integer('gidRangeEnd', p.gidRangeEnd, 1, MAX_ID)].every(Boolean);
        v.check((p.gidRangeStart === undefined) === (p.gidRangeEnd === undefined), p.gidRangeStart === undefined ? 'gidRangeStart' : 'gidRangeEnd',
          undefined, 'both gidRangeStart and gidRangeEnd, or neither (the driver requires the pair)');
        v.check(!rangeOk || p.gidRangeStart === undefined || p.gidRangeEnd === undefined || p.gidRangeStart < p.gidRangeEnd, 'gidRangeEnd', p.gidRangeEnd,
          `more than gidRangeStart (${p.gidRangeStart}), as the driver requires`);
        v.check(p.gid === undefined || p.gidRangeStart === undefined, 'gidRangeStart', p.gidRangeStart,
          'no group id range when gid is set (the driver ignores the range then)');
        v.format('basePath', p.basePath, ABSOLUTE_PATH);
        if (p.subPathPattern !== undefined) {
          const pattern = p.subPathPattern;
          const ok = typeof pattern === 'string' && pattern.length > 0 && !pattern.startsWith('/') && !pattern.split('/').includes('..')
            && [...pattern.matchAll(SUB_PATH_VARIABLE)].every((m) => SUB_PATH_VARIABLES.includes(m[1]));
          v.check(ok, 'subPathPattern', pattern,
            'a relative path without ".." from fixed text and ${.PVC.namespace}, ${.PVC.name} or ${.PV.name}, e.g. "${.PVC.namespace}/${.PVC.name}"');
        }
      },
    }));
    this.fileSystemId = p.fileSystemId!;
  }
}
