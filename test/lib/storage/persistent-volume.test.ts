import { ExternalSecret } from '../../../lib/security/external-secret';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { PersistentVolume } from '../../../lib/storage/persistent-volume';
import { PersistentVolumeClaim } from '../../../lib/storage/persistent-volume-claim';
import { StorageClass } from '../../../lib/storage/storage-class';
import { find, synth } from '../../helpers/synth';

describe('PersistentVolume', () => {
  test('the book\'s task-pv-volume (S3) as a hostPath volume with a reason, retained instead of recycled', () => {
    const pv = find(synth((s) => new PersistentVolume(s, 'task-pv-volume', {
      labels: { type: 'local' }, storageClassName: 'manual', volumeMode: 'Filesystem', capacity: '10Gi', accessModes: ['ReadWriteOnce'],
      hostPath: { path: '/mnt/data', reason: 'a single-node lab cluster' },
    })), 'PersistentVolume', 'task-pv-volume');
    expect(pv.metadata.namespace).toBeUndefined();
    expect(pv.metadata.labels.type).toBe('local');
    expect(pv.metadata.annotations).toEqual({ 'keelson.dev/host-access-reason': 'a single-node lab cluster' });
    expect(pv.spec).toEqual({
      storageClassName: 'manual', volumeMode: 'Filesystem', capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'],
      persistentVolumeReclaimPolicy: 'Retain', hostPath: { path: '/mnt/data', type: 'Directory' },
    });
  });

  test('the book\'s NFS volume (S4): 1Mi, ReadWriteMany, nfsvers=4.2', () => {
    const pv = find(synth((s) => new PersistentVolume(s, 'nfs', {
      capacity: '1Mi', accessModes: ['ReadWriteMany'], mountOptions: ['nfsvers=4.2'],
      nfs: { server: 'nfs-server.default.svc.cluster.local', path: '/' },
    })), 'PersistentVolume', 'nfs');
    expect(pv.spec).toEqual({
      capacity: { storage: '1Mi' }, accessModes: ['ReadWriteMany'], mountOptions: ['nfsvers=4.2'], persistentVolumeReclaimPolicy: 'Retain',
      nfs: { server: 'nfs-server.default.svc.cluster.local', path: '/' },
    });
    expect(pv.metadata.annotations).toBeUndefined();
  });

  test('the local volume of EaseMesh (S10): pinned to node4, deleted with its claim for a recorded reason', () => {
    const out = synth((s) => {
      const cls = new StorageClass(s, 'easemesh-storage', { provisioner: 'kubernetes.io/no-provisioner' });
      new PersistentVolume(s, 'easemesh-storage-pv-3', {
        capacity: '4Gi', storageClassName: cls, reclaimPolicy: 'Delete', deleteVolume: { reason: 'the control plane re-replicates its state' },
        local: { path: '/volumes/easemesh-storage', node: 'node4' },
      });
    });
    const pv = find(out, 'PersistentVolume', 'easemesh-storage-pv-3');
    expect(pv.spec).toMatchObject({
      storageClassName: 'easemesh-storage', persistentVolumeReclaimPolicy: 'Delete', accessModes: ['ReadWriteOnce'],
      local: { path: '/volumes/easemesh-storage' },
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node4'] }] }] } },
    });
    expect(pv.metadata.annotations).toEqual({ 'keelson.dev/deletion-reason': 'the control plane re-replicates its state' });
  });

  test('a local block device on any node of a pool, by node affinity terms', () => {
    const pv = find(synth((s) => new PersistentVolume(s, 'ssd', {
      capacity: '375Gi', volumeMode: 'Block',
      local: { path: '/dev/nvme1n1', nodeAffinity: [[{ key: 'pool', operator: 'In', values: ['ssd'] }, { key: 'disk-ready', operator: 'Exists' }]] },
    })), 'PersistentVolume', 'ssd');
    expect(pv.spec.volumeMode).toBe('Block');
    expect(pv.spec.nodeAffinity.required.nodeSelectorTerms).toEqual([{
      matchExpressions: [{ key: 'pool', operator: 'In', values: ['ssd'] }, { key: 'disk-ready', operator: 'Exists' }],
    }]);
  });

  test('an existing EFS file system through its CSI driver, with secrets and attributes, reserved for one claim', () => {
    const out = synth((s) => {
      const ns = new SecureNamespace(s, 'shop');
      const creds = new ExternalSecret(ns, 'efs-creds', { data: { awsRoleArn: { key: 'efs/role' } } });
      const claim = new PersistentVolumeClaim(ns, 'uploads', { size: '5Gi', accessModes: ['ReadWriteMany'], storageClassName: '' });
      new PersistentVolume(s, 'uploads', {
        capacity: '5Gi', accessModes: ['ReadWriteMany'], claim, mountOptions: ['tls'],
        csi: {
          driver: 'efs.csi.aws.com', volumeHandle: 'fs-0123456789abcdef0', readOnly: false, volumeAttributes: { encryptInTransit: 'true' },
          secrets: { nodePublish: creds, controllerExpand: { name: 'efs-admin', namespace: 'kube-system' } },
        },
      });
      new PersistentVolume(s, 'reports', { capacity: '1Gi', claim: { name: 'reports', namespace: 'bi' }, csi: { driver: 'ebs.csi.aws.com', volumeHandle: 'vol-0a1b2c3d', fsType: 'xfs' } });
    });
    const pv = find(out, 'PersistentVolume', 'uploads');
    expect(pv.spec.claimRef).toEqual({ name: 'uploads', namespace: 'shop' });
    expect(pv.spec.csi).toEqual({
      driver: 'efs.csi.aws.com', volumeHandle: 'fs-0123456789abcdef0', readOnly: false, volumeAttributes: { encryptInTransit: 'true' },
      nodePublishSecretRef: { name: 'efs-creds', namespace: 'shop' }, controllerExpandSecretRef: { name: 'efs-admin', namespace: 'kube-system' },
    });
    expect(find(out, 'PersistentVolume', 'reports').spec).toMatchObject({
      claimRef: { name: 'reports', namespace: 'bi' }, csi: { driver: 'ebs.csi.aws.com', volumeHandle: 'vol-0a1b2c3d', fsType: 'xfs' },
    });
  });
});
