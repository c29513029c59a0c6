import { Construct } from 'constructs';
import { DELETION_REASON_ANNOTATION, HOST_ACCESS_REASON_ANNOTATION } from '../core/annotations';
import { ABSOLUTE_PATH, CSI_DRIVER_NAME, DNS_LABEL, IP_ADDRESS, LABEL_VALUE, OBJECT_NAME, SUBDOMAIN } from '../core/formats';
import { KubePersistentVolume, k8s } from '../core/k8s';
import { RESOURCE_ID, Resource, ResourceProps, propNames } from '../core/resource';
import { AcceptedRisk } from '../core/risk';
import { PropsValidator, isObject } from '../core/validator';
import { NodeRequirement, checkRequirement } from '../workloads/scheduling';
import type { AccessMode } from '../workloads/stateful-service';
import type { HostPathType } from '../workloads/volume';
import {
  PersistentVolumeClaim, STORAGE_SIZE, VolumeMode, checkAccessModes, checkStorageClassRef, checkVolumeMode, storageClassNameOf,
} from './persistent-volume-claim';
import { CSI_SECRET_OPERATIONS, CsiSecretRef, CsiSecrets, ReclaimPolicy, StorageClass, checkDeletion, checkMountOptions, csiSecretParameters } from './storage-class';

/** An NFS export. */
export interface NfsVolumeSource {
  /** Host name or IP address of the NFS server, e.g. "nfs-server.default.svc.cluster.local". */
  readonly server: string;
  /** Exported path, e.g. "/" or "/exports/data". */
  readonly path: string;
  /**
   * Mount the export read-only.
   * @default false
   */
  readonly readOnly?: boolean;
}

/** The Secrets a CSI driver is given for a static volume's operations. */
export type CsiVolumeSecrets = Omit<CsiSecrets, 'provisioner'>;

/** A volume that already exists in a CSI driver's storage system. */
export interface CsiVolumeSource {
  /** The CSI driver, e.g. "efs.csi.aws.com" or "ch.ctrox.csi.s3-driver". */
  readonly driver: string;
  /** The volume's id in the storage system, e.g. an EFS "fs-0123456789abcdef0" or a bucket name. */
  readonly volumeHandle: string;
  /**
   * File system to mount it with.
   * @default the driver's
   */
  readonly fsType?: string;
  /**
   * Attach the volume read-only.
   * @default false
   */
  readonly readOnly?: boolean;
  /**
   * Driver-specific attributes of the volume (string values).
   * @default none
   */
  readonly volumeAttributes?: Record<string, string>;
  /**
   * Secrets the driver is given for each operation.
   * @default none
   */
  readonly secrets?: CsiVolumeSecrets;
}

/** A disk, partition or directory of one node. */
export interface LocalVolumeSource {
  /** Path on the node, e.g. "/mnt/disks/ssd1". */
  readonly path: string;
  /**
   * The node that has it (its `kubernetes.io/hostname` label); or give `nodeAffinity`.
   * @default from nodeAffinity
   */
  readonly node?: string;
  /**
   * Terms of node requirements (ORed; requirements within a term ANDed) of the nodes that have it; or give `node`.
   * @default from node
   */
  readonly nodeAffinity?: NodeRequirement[][];
  /**
   * File system of a block device at `path` (formatted if empty).
   * @default a directory: no formatting
   */
  readonly fsType?: string;
}

/** A path of a node's file system, which every pod bound to the volume can read. */
export interface HostPathVolumeSource {
  /** Path on the node, e.g. "/mnt/data". */
  readonly path: string;
  /**
   * What must exist at the path.
   * @default "Directory" (it must exist; nothing is created on the node)
   */
  readonly type?: HostPathType;
  /** Why a node's file system is acceptable here (hostPath volumes suit single-node test clusters only); recorded on the volume. */
  readonly reason: string;
}

/** Props of a {@link PersistentVolume}. Give exactly one source: `nfs`, `csi`, `local` or `hostPath`. */
export interface PersistentVolumeProps extends ResourceProps {
  /** Capacity, e.g. "10Gi". */
  readonly capacity: string;
  /**
   * Access modes the volume offers.
   * @default ["ReadWriteOnce"]
   */
  readonly accessModes?: AccessMode[];
  /**
   * A file system or a raw block device (csi and local volumes only).
   * @default "Filesystem" (not written)
   */
  readonly volumeMode?: VolumeMode;
  /**
   * What happens to the volume when its claim is deleted. "Delete" deletes the data and needs `deleteVolume`
   * (csi and local volumes only: nothing can delete an NFS export or a node's path). "Recycle" is deprecated.
   * @default "Retain", or "Delete" when `deleteVolume` is given
   */
  readonly reclaimPolicy?: ReclaimPolicy;
  /**
   * Delete the volume (and its data) when its claim is deleted: why that is acceptable. Recorded on the volume.
   * @default the volume is retained
   */
  readonly deleteVolume?: AcceptedRisk;
  /**
   * The class (construct or name) claims must ask for to bind the volume, e.g. "manual".
   * @default no class: only claims with storageClassName "" bind it
   */
  readonly storageClassName?: StorageClass | string;
  /**
   * Mount options, e.g. ["nfsvers=4.2"] (not for hostPath volumes).
   * @default none
   */
  readonly mountOptions?: string[];
  /**
   * The claim the volume is reserved for: the construct, or its name and namespace.
   * @default any claim that fits
   */
  readonly claim?: PersistentVolumeClaim | { readonly name: string; readonly namespace: string };
  /**
   * An NFS export.
   * @default not an NFS volume
   */
  readonly nfs?: NfsVolumeSource;
  /**
   * A volume of a CSI driver.
   * @default not a CSI volume
   */
  readonly csi?: CsiVolumeSource;
  /**
   * A local disk or directory of one node (the volume gets the node affinity the API server requires).
   * @default not a local volume
   */
  readonly local?: LocalVolumeSource;
  /**
   * A node's path, with a reason (for single-node test clusters).
   * @default not a hostPath volume
   */
  readonly hostPath?: HostPathVolumeSource;
}

const PROPS = propNames<PersistentVolumeProps>()({
  name: true, labels: true, capacity: true, accessModes: true, volumeMode: true, reclaimPolicy: true, deleteVolume: true, storageClassName: true,
  mountOptions: true, claim: true, nfs: true, csi: true, local: true, hostPath: true,
});
const SOURCES = ['nfs', 'csi', 'local', 'hostPath'] as const;
const HOST_PATH_TYPES: readonly string[] = ['Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket', 'CharDevice', 'BlockDevice'];
const VOLUME_SECRET_OPERATIONS = Object.fromEntries(Object.entries(CSI_SECRET_OPERATIONS).filter(([key]) => key !== 'provisioner'));
const HOSTNAME_LABEL = 'kubernetes.io/hostname';

/**
 * A PersistentVolume created by hand (static provisioning): an NFS export, a volume of a CSI driver, a local disk
 * of one node (pinned to that node, as the API server requires), or, with a reason, a node's path. Retained when its
 * claim is deleted unless you say why not. Cluster-scoped; claims bind it by class, size and access modes, by
 * `volumeName`, or by selector.
 */
export class PersistentVolume extends Resource {
  /** Capacity. */
  public readonly capacity: string;
  /** Access modes the volume offers. */
  public readonly accessModes: readonly AccessMode[];
  /** File system or block device. */
  public readonly volumeMode: VolumeMode;
  /** Class name; undefined for none. */
  public readonly storageClassName?: string;
  /** The claim the volume is reserved for. */
  public readonly claimRef?: { readonly name: string; readonly namespace: string };
  /** What happens to the volume when its claim is deleted. */
  public readonly reclaimPolicy: ReclaimPolicy;

  public constructor(scope: Construct, id: string, props: PersistentVolumeProps) {
    super(scope, id, props, { props: PROPS });
    const p: Partial<PersistentVolumeProps> = props !== null && typeof props === 'object' ? props : {};
    const v = this.validator;
    v.format('capacity', p.capacity, STORAGE_SIZE, true);
    const modesOk = checkAccessModes(v, 'accessModes', p.accessModes);
    checkVolumeMode(v, 'volumeMode', p.volumeMode);
    checkStorageClassRef(v, 'storageClassName', p.storageClassName);
    checkMountOptions(v, 'mountOptions', p.mountOptions);
    const given = SOURCES.filter((s) => p[s] !== undefined);
    v.check(given.length === 1, given.length === 0 ? 'nfs' : given[1], given.length === 0 ? undefined : p[given[1]],
      `exactly one source: nfs, csi, local or hostPath${given.length > 1 ? ` (${given.join(' and ')} are given)` : ''}`);
    const source = given.length === 1 ? given[0] : undefined;
    const reclaim = checkDeletion(v, 'reclaimPolicy', p.reclaimPolicy, 'deleteVolume', p.deleteVolume,
      'deleting the volume (and its data) with its claim is acceptable');
    v.check(reclaim === 'Retain' || source === undefined || source === 'csi' || source === 'local', 'reclaimPolicy', 'Delete',
      `"Retain" for ${source} volumes: nothing deletes ${source === 'nfs' ? 'an NFS export' : 'a node\'s path'} (the volume would fail instead); `
      + 'delete the data yourself once the volume is released');
    v.check(p.volumeMode !== 'Block' || source === undefined || source === 'csi' || source === 'local', 'volumeMode', p.volumeMode,
      `"Filesystem" for ${source} volumes (only csi and local volumes can be block devices)`);
    v.check(!(p.mountOptions?.length) || source !== 'hostPath', 'mountOptions', p.mountOptions,
      'no mount options for hostPath volumes (the node\'s path is bind-mounted as it is)');
    const claimRef = this.checkClaim(v, p.claim);
    const nodeTerms = source === 'local' ? checkLocal(v, p.local!) : undefined;
    if (source === 'nfs') {
      checkNfs(v, p.nfs!);
    }
    const csiSecrets = source === 'csi' ? checkCsi(v, p.csi!) : {};
    if (source === 'hostPath') {
      const h = p.hostPath!;
      if (v.knownProps('hostPath', h, ['path', 'type', 'reason'])) {
        v.format('hostPath.path', h.path, ABSOLUTE_PATH, true);
        v.check(h.type === undefined || HOST_PATH_TYPES.includes(h.type), 'hostPath.type', h.type, `one of ${HOST_PATH_TYPES.join(', ')}`);
        v.check(typeof h.reason === 'string' && h.reason.trim().length > 0, 'hostPath.reason', h.reason,
          'a reason why a node\'s file system is acceptable here (every pod bound to the volume reads and writes that node\'s path; '
          + 'hostPath volumes suit single-node test clusters only)');
      }
    }
    v.throwIfInvalid();

    this.capacity = p.capacity!;
    this.accessModes = modesOk ? [...(p.accessModes ?? ['ReadWriteOnce'])] : [];
    this.volumeMode = p.volumeMode ?? 'Filesystem';
    this.storageClassName = storageClassNameOf(p.storageClassName) || undefined;
    this.claimRef = claimRef;
    this.reclaimPolicy = reclaim;
    const annotations: Record<string, string> = {
      ...(source === 'hostPath' ? { [HOST_ACCESS_REASON_ANNOTATION]: p.hostPath!.reason } : {}),
      ...(reclaim === 'Delete' ? { [DELETION_REASON_ANNOTATION]: p.deleteVolume!.reason } : {}),
    };
    const csi = p.csi;
    const secretRef = (operation: string) => {
      const name = csiSecrets[`csi.storage.k8s.io/${operation}-secret-name`];
      return name === undefined ? undefined : { name, namespace: csiSecrets[`csi.storage.k8s.io/${operation}-secret-namespace`] };
    };

    new KubePersistentVolume(this, RESOURCE_ID, {
      metadata: { name: this.name, labels: p.labels, annotations: Object.keys(annotations).length > 0 ? annotations : undefined },
      spec: {
        capacity: { storage: k8s.Quantity.fromString(this.capacity) },
        accessModes: [...this.accessModes],
        volumeMode: p.volumeMode,
        persistentVolumeReclaimPolicy: reclaim,
        storageClassName: this.storageClassName,
        mountOptions: p.mountOptions?.length ? [...p.mountOptions] : undefined,
        claimRef: claimRef && { name: claimRef.name, namespace: claimRef.namespace },
        nfs: source === 'nfs' ? { server: p.nfs!.server, path: p.nfs!.path, readOnly: p.nfs!.readOnly } : undefined,
        csi: source === 'csi' ? {
          driver: csi!.driver,
          volumeHandle: csi!.volumeHandle,
          fsType: csi!.fsType,
          readOnly: csi!.readOnly,
          volumeAttributes: csi!.volumeAttributes && { ...csi!.volumeAttributes },
          controllerPublishSecretRef: secretRef('controller-publish'),
          nodeStageSecretRef: secretRef('node-stage'),
          nodePublishSecretRef: secretRef('node-publish'),
          controllerExpandSecretRef: secretRef('controller-expand'),
          nodeExpandSecretRef: secretRef('node-expand'),
        } : undefined,
        local: source === 'local' ? { path: p.local!.path, fsType: p.local!.fsType } : undefined,
        hostPath: source === 'hostPath' ? { path: p.hostPath!.path, type: p.hostPath!.type ?? 'Directory' } : undefined,
        nodeAffinity: nodeTerms && { required: { nodeSelectorTerms: nodeTerms } },
      },
    });
  }

  /** Checks the claim the volume is reserved for; returns its name and namespace. */
  private checkClaim(v: PropsValidator, claim: PersistentVolumeProps['claim']): { name: string; namespace: string } | undefined {
    if (claim === undefined) {
      return undefined;
    }
    if (claim instanceof PersistentVolumeClaim) {
      return { name: claim.claimName, namespace: claim.namespace };
    }
    if (!v.knownProps('claim', claim, ['name', 'namespace'])) {
      return undefined;
    }
    const ok = [v.format('claim.name', claim.name, OBJECT_NAME, true), v.format('claim.namespace', claim.namespace, DNS_LABEL, true)];
    return ok.every(Boolean) ? { name: claim.name, namespace: claim.namespace } : undefined;
  }
}

/** Checks an NFS source. */
function checkNfs(v: PropsValidator, nfs: NfsVolumeSource): void {
  if (!v.knownProps('nfs', nfs, ['server', 'path', 'readOnly'])) {
    return;
  }
  v.check(IP_ADDRESS.test(nfs.server) || SUBDOMAIN.test(nfs.server), 'nfs.server', nfs.server,
    'the host name or IP address of the NFS server, e.g. "nfs-server.default.svc.cluster.local" or "10.0.0.10"');
  v.check(typeof nfs.path === 'string' && nfs.path.startsWith('/') && !nfs.path.split('/').includes('..'), 'nfs.path', nfs.path,
    'the exported path: absolute, without "..", e.g. "/" or "/exports/data"');
  v.check(nfs.readOnly === undefined || typeof nfs.readOnly === 'boolean', 'nfs.readOnly', nfs.readOnly, 'true or false');
}

/** Checks a CSI source; returns the secret parameters of its secrets (by operation). */
function checkCsi(v: PropsValidator, csi: CsiVolumeSource): Record<string, string> {
  if (!v.knownProps('csi', csi, ['driver', 'volumeHandle', 'fsType', 'readOnly', 'volumeAttributes', 'secrets'])) {
    return {};
  }
  v.format('csi.driver', csi.driver, CSI_DRIVER_NAME, true);
  v.check(typeof csi.volumeHandle === 'string' && csi.volumeHandle.trim().length > 0, 'csi.volumeHandle', csi.volumeHandle,
    'the volume\'s id in the storage system, e.g. "fs-0123456789abcdef0"');
  v.check(csi.fsType === undefined || (typeof csi.fsType === 'string' && /^[a-z0-9]+$/.test(csi.fsType)), 'csi.fsType', csi.fsType,
    'a file system type such as "ext4" or "xfs"');
  v.check(csi.readOnly === undefined || typeof csi.readOnly === 'boolean', 'csi.readOnly', csi.readOnly, 'true or false');
  const attributes = csi.volumeAttributes;
  if (v.check(attributes === undefined || isObject(attributes), 'csi.volumeAttributes',
    attributes, 'a map of attribute names to string values')) {
    Object.entries(attributes ?? {}).forEach(([k, value]) => v.check(typeof value === 'string', `csi.volumeAttributes["${k}"]`, value, 'a string'));
  }
  return csiSecretParameters(v, 'csi.secrets', csi.secrets as Record<string, CsiSecretRef>, VOLUME_SECRET_OPERATIONS);
}

/** Checks a local source; returns the node selector terms that pin the volume to its node(s). */
function checkLocal(v: PropsValidator, local: LocalVolumeSource): Array<{ matchExpressions: Array<{ key: string; operator: string; values?: string[] }> }> | undefined {
  if (!v.knownProps('local', local, ['path', 'node', 'nodeAffinity', 'fsType'])) {
    return undefined;
  }
  v.format('local.path', local.path, ABSOLUTE_PATH, true);
  v.check(local.fsType === undefined || (typeof local.fsType === 'string' && /^[a-z0-9]+$/.test(local.fsType)), 'local.fsType', local.fsType,
    'a file system type such as "ext4" or "xfs"');
  if (!v.check((local.node === undefined) !== (local.nodeAffinity === undefined), 'local.node', local.node,
    'the node that has the volume (its kubernetes.io/hostname), or nodeAffinity, but not both: the API server requires local volumes to name their nodes')) {
    return undefined;
  }
  if (local.node !== undefined) {
    v.check(typeof local.node === 'string' && local.node.length > 0 && LABEL_VALUE.test(local.node), 'local.node', local.node,
      'a node name as in its kubernetes.io/hostname label, e.g. "node4"');
    return [{ matchExpressions: [{ key: HOSTNAME_LABEL, operator: 'In', values: [local.node] }] }];
  }
  const terms = local.nodeAffinity;
  if (!v.check(Array.isArray(terms) && terms.length > 0, 'local.nodeAffinity', terms, 'a non-empty list of terms, each a non-empty list of node requirements')) {
    return undefined;
  }
  return terms!.map((term, i) => {
    v.check(Array.isArray(term) && term.length > 0, `local.nodeAffinity[${i}]`, term, 'a non-empty list of node requirements (they are ANDed)');
    const list = Array.isArray(term) ? term : [];
    list.forEach((r, j) => checkRequirement(v, `local.nodeAffinity[${i}][${j}]`, r, { nodes: true, strict: true }));
    return { matchExpressions: list.map((r) => ({ key: r?.key, operator: r?.operator, values: Array.isArray(r?.values) ? [...r.values] : undefined })) };
  });
}
