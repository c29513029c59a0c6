import { Construct } from 'constructs';
import { ExistingSecret } from '../../../lib/security/secret-source';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { EbsStorageClass } from '../../../lib/storage/ebs-storage-class';
import { EfsStorageClass } from '../../../lib/storage/efs-storage-class';
import { PersistentVolume } from '../../../lib/storage/persistent-volume';
import { PersistentVolumeClaim } from '../../../lib/storage/persistent-volume-claim';
import { StorageClass } from '../../../lib/storage/storage-class';
import { VolumeSnapshot } from '../../../lib/storage/volume-snapshot';
import { VolumeSnapshotClass } from '../../../lib/storage/volume-snapshot-class';
import { Probe } from '../../../lib/workloads/probe';
import { Volume } from '../../../lib/workloads/volume';
import { WebService } from '../../../lib/workloads/web-service';
import { JavaScriptValueTarget } from '../../helpers/javascript-values';

// Whatever a JavaScript caller passes to any prop of the storage constructs, nested or not, they answer with a
// ValidationError that names the field, or with output the strict schemas accept.

const shop = (s: Construct): Construct => s.node.tryFindChild('shop') ?? new SecureNamespace(s, 'shop');

/** `base` with the props laid over it, or the props themselves when they are not an object (as a caller would pass them). */
const over = (base: object, props: unknown): any => (props !== null && typeof props === 'object' && !Array.isArray(props) ? { ...props, ...base } : props);

export const TARGETS: JavaScriptValueTarget[] = [
  {
    name: 'StorageClass',
    covers: ['StorageClass'],
    props: () => ({
      provisioner: 'ch.ctrox.csi.s3-driver', parameters: { mounter: 'rclone' }, reclaimPolicy: 'Delete', deleteVolumes: { reason: 'r' },
      csiSecrets: { provisioner: { name: 's', namespace: 'kube-system' }, nodePublish: { secret: ExistingSecret.named('s'), namespace: 'kube-system' } },
      volumeBindingMode: 'Immediate', mountOptions: ['ro'], allowVolumeExpansion: true, allowedTopologies: [{ zone: ['a'] }], isDefault: true, labels: { a: 'b' },
    }),
    paths: ['provisioner', 'parameters', 'parameters.mounter', 'reclaimPolicy', 'deleteVolumes', 'deleteVolumes.reason', 'csiSecrets', 'csiSecrets.provisioner',
      'csiSecrets.provisioner.name', 'csiSecrets.provisioner.namespace', 'csiSecrets.nodePublish', 'csiSecrets.nodePublish.secret', 'volumeBindingMode',
      'mountOptions', 'mountOptions.0', 'allowVolumeExpansion', 'allowedTopologies', 'allowedTopologies.0', 'allowedTopologies.0.zone', 'allowedTopologies.0.zone.0',
      'isDefault', 'labels', 'name'],
    build: (s, props) => new StorageClass(s, 'sc', props),
  },
  {
    name: 'EbsStorageClass',
    covers: ['EbsStorageClass'],
    props: () => ({ name: 'gp3', volumeType: 'gp3', iops: 6000, throughput: 500, isDefault: false, kmsKeyId: 'alias/ebs', deleteVolumes: { reason: 'r' } }),
    build: (s, props) => new EbsStorageClass(s, 'gp3', props),
  },
  {
    name: 'EBS parameters of a StorageClass',
    props: () => ({ type: 'io2', iops: '20000', encrypted: 'true', kmsKeyId: 'alias/ebs', blockExpress: 'true', tagSpecification_1: 'team=shop' }),
    build: (s, props) => new StorageClass(s, 'io2', { provisioner: 'ebs.csi.aws.com', parameters: props }),
  },
  {
    name: 'EfsStorageClass',
    covers: ['EfsStorageClass'],
    props: () => ({
      fileSystemId: 'fs-01234567', directoryPerms: '700', uid: 1000, gid: 1000, basePath: '/dyn', subPathPattern: '${.PVC.name}', isDefault: false,
      deleteVolumes: { reason: 'r' }, volumeBindingMode: 'Immediate', mountOptions: ['iam'], labels: { a: 'b' },
    }),
    paths: ['fileSystemId', 'directoryPerms', 'uid', 'gid', 'gidRangeStart', 'gidRangeEnd', 'basePath', 'subPathPattern', 'isDefault', 'deleteVolumes',
      'volumeBindingMode', 'mountOptions', 'labels', 'name'],
    build: (s, props) => new EfsStorageClass(s, 'efs', props),
  },
  {
    name: 'PersistentVolumeClaim',
    covers: ['PersistentVolumeClaim'],
    props: () => ({
      size: '10Gi', accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem', storageClassName: 'gp3', dataSource: 'snap',
      selector: { matchLabels: { a: 'b' }, matchExpressions: [{ key: 'k', operator: 'In', values: ['v'] }] }, allowPruning: { reason: 'r' }, labels: { a: 'b' },
    }),
    paths: ['size', 'accessModes', 'accessModes.0', 'volumeMode', 'storageClassName', 'dataSource', 'volumeName', 'selector', 'selector.matchLabels',
      'selector.matchExpressions', 'selector.matchExpressions.0', 'selector.matchExpressions.0.key', 'selector.matchExpressions.0.operator',
      'selector.matchExpressions.0.values', 'selector.matchExpressions.0.values.0', 'allowPruning', 'allowPruning.reason', 'labels', 'namespace'],
    build: (s, props) => new PersistentVolumeClaim(shop(s), 'data', props),
  },
  {
    name: 'PersistentVolumeClaim bound to a PersistentVolume',
    props: () => ({ size: '1Gi', storageClassName: '', accessModes: ['ReadWriteOnce'] }),
    paths: ['size', 'storageClassName', 'accessModes', 'volumeMode'],
    build: (s, props) => new PersistentVolumeClaim(shop(s), 'data', over({
      volumeName: new PersistentVolume(s, 'pv', { capacity: '1Gi', nfs: { server: 'nfs', path: '/' } }),
    }, props)),
  },
  {
    name: 'PersistentVolume',
    covers: ['PersistentVolume'],
    props: () => ({
      capacity: '10Gi', accessModes: ['ReadWriteMany'], volumeMode: 'Filesystem', storageClassName: 'manual', mountOptions: ['nfsvers=4.2'],
      claim: { name: 'data', namespace: 'shop' }, nfs: { server: '10.0.0.10', path: '/', readOnly: true }, labels: { a: 'b' },
    }),
    paths: ['capacity', 'accessModes', 'volumeMode', 'storageClassName', 'mountOptions', 'claim', 'claim.name', 'claim.namespace', 'reclaimPolicy',
      'deleteVolume', 'nfs', 'nfs.server', 'nfs.path', 'nfs.readOnly', 'csi', 'local', 'hostPath', 'labels'],
    build: (s, props) => new PersistentVolume(s, 'pv', props),
  },
  {
    name: 'PersistentVolume sources',
    props: () => ({
      capacity: '10Gi',
      csi: { driver: 'efs.csi.aws.com', volumeHandle: 'fs-1', fsType: 'ext4', readOnly: false, volumeAttributes: { a: 'b' }, secrets: { nodeStage: { name: 's', namespace: 'n' } } },
    }),
    paths: ['csi.driver', 'csi.volumeHandle', 'csi.fsType', 'csi.readOnly', 'csi.volumeAttributes', 'csi.volumeAttributes.a', 'csi.secrets', 'csi.secrets.nodeStage'],
    build: (s, props) => new PersistentVolume(s, 'pv', props),
  },
  {
    name: 'PersistentVolume local and hostPath',
    props: () => ({
      capacity: '10Gi',
      local: { path: '/mnt', nodeAffinity: [[{ key: 'k', operator: 'In', values: ['v'] }]], fsType: 'xfs' },
    }),
    paths: ['local.path', 'local.node', 'local.nodeAffinity', 'local.nodeAffinity.0', 'local.nodeAffinity.0.0', 'local.nodeAffinity.0.0.key',
      'local.nodeAffinity.0.0.operator', 'local.nodeAffinity.0.0.values', 'local.fsType'],
    build: (s, props) => new PersistentVolume(s, 'pv', props),
  },
  {
    name: 'PersistentVolume hostPath',
    props: () => ({ capacity: '10Gi', hostPath: { path: '/mnt', type: 'Directory', reason: 'lab' } }),
    paths: ['hostPath.path', 'hostPath.type', 'hostPath.reason'],
    build: (s, props) => new PersistentVolume(s, 'pv', props),
  },
  {
    name: 'VolumeSnapshotClass',
    covers: ['VolumeSnapshotClass'],
    props: () => ({ driver: 'ebs.csi.aws.com', deletionPolicy: 'Delete', deleteSnapshots: { reason: 'r' }, parameters: { a: 'b' },
      snapshotterSecret: { name: 's', namespace: 'n' }, isDefault: true, labels: { a: 'b' } }),
    paths: ['driver', 'deletionPolicy', 'deleteSnapshots', 'parameters', 'snapshotterSecret', 'snapshotterSecret.name', 'isDefault', 'labels'],
    build: (s, props) => new VolumeSnapshotClass(s, 'vsc', props),
  },
  {
    name: 'VolumeSnapshot',
    covers: ['VolumeSnapshot'],
    props: () => ({ source: 'data', snapshotClass: 'ebs', labels: { a: 'b' } }),
    paths: ['source', 'snapshotClass', 'labels', 'namespace'],
    build: (s, props) => new VolumeSnapshot(shop(s), 'snap', props),
  },
  {
    name: 'Volume.claim on a WebService',
    props: () => ({ claim: 'data', options: { readOnly: true }, replicas: 1, strategy: { type: 'Recreate' } }),
    paths: ['claim', 'options', 'options.readOnly', 'replicas', 'strategy', 'strategy.type'],
    build: (s, props) => {
      const claim = typeof props?.claim === 'string' || props?.claim === undefined ? props?.claim : new PersistentVolumeClaim(shop(s), 'c', { size: '1Gi' });
      new WebService(shop(s), 'web', {
        image: 'ghcr.io/acme/web:1.0.0', replicas: props?.replicas, strategy: props?.strategy, liveness: Probe.tcp('http'),
        volumes: { data: Volume.claim(claim, props?.options) }, volumeMounts: [{ volume: 'data', path: '/data' }],
      });
    },
  },
];

