import { ApiObject, JsonPatch } from 'cdk8s';
import { ExternalSecret } from '../../../lib/security/external-secret';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { EbsStorageClass } from '../../../lib/storage/ebs-storage-class';
import { PersistentVolumeClaim } from '../../../lib/storage/persistent-volume-claim';
import { VolumeSnapshot } from '../../../lib/storage/volume-snapshot';
import { VolumeSnapshotClass } from '../../../lib/storage/volume-snapshot-class';
import { find, findWithPath, synth, synthWithPaths } from '../../helpers/synth';

describe('VolumeSnapshotClass', () => {
  test('retained by default, cluster-scoped, with parameters', () => {
    const vsc = find(synth((s) => new VolumeSnapshotClass(s, 'ebs-snapshots', { driver: 'ebs.csi.aws.com', parameters: { tagSpecification_1: 'team=shop' } })),
      'VolumeSnapshotClass', 'ebs-snapshots');
    expect(vsc).toMatchObject({ apiVersion: 'snapshot.storage.k8s.io/v1', driver: 'ebs.csi.aws.com', deletionPolicy: 'Retain', parameters: { tagSpecification_1: 'team=shop' } });
    expect(vsc.metadata.namespace).toBeUndefined();
    expect(vsc.metadata.annotations).toBeUndefined();
  });

  test('the default class of its driver, deleting snapshots for a reason, with the snapshotter\'s Secret', () => {
    const vsc = find(synth((s) => {
      const creds = new ExternalSecret(s, 'rbd-snapshotter', { namespace: 'rook-ceph', data: { userKey: { key: 'ceph/snapshotter' } } });
      new VolumeSnapshotClass(s, 'rbd', {
        driver: 'rook-ceph.rbd.csi.ceph.com', isDefault: true, deletionPolicy: 'Delete', deleteSnapshots: { reason: 'hourly snapshots, kept 24h by a CronJob' },
        snapshotterSecret: creds, parameters: { clusterID: 'rook-ceph' },
      });
    }), 'VolumeSnapshotClass', 'rbd');
    expect(vsc.deletionPolicy).toBe('Delete');
    expect(vsc.metadata.annotations).toEqual({
      'snapshot.storage.kubernetes.io/is-default-class': 'true', 'keelson.dev/deletion-reason': 'hourly snapshots, kept 24h by a CronJob',
    });
    expect(vsc.parameters).toEqual({
      clusterID: 'rook-ceph',
      'csi.storage.k8s.io/snapshotter-secret-name': 'rbd-snapshotter', 'csi.storage.k8s.io/snapshotter-secret-namespace': 'rook-ceph',
    });
  });
});

describe('VolumeSnapshot', () => {
  test('of a claim construct with a class construct, and of a claim by name with the driver\'s default class', () => {
    const out = synth((s) => {
      const ns = new SecureNamespace(s, 'shop');
      const gp3 = new EbsStorageClass(s, 'gp3');
      const cls = new VolumeSnapshotClass(s, 'ebs', { driver: 'ebs.csi.aws.com' });
      const data = new PersistentVolumeClaim(ns, 'db-data', { size: '20Gi', storageClassName: gp3 });
      new VolumeSnapshot(ns, 'db-nightly', { source: data, snapshotClass: cls });
      new VolumeSnapshot(ns, 'data-db-0-nightly', { source: 'data-db-0' });
    });
    expect(find(out, 'VolumeSnapshot', 'db-nightly')).toMatchObject({
      apiVersion: 'snapshot.storage.k8s.io/v1', metadata: { namespace: 'shop' },
      spec: { source: { persistentVolumeClaimName: 'db-data' }, volumeSnapshotClassName: 'ebs' },
    });
    expect(find(out, 'VolumeSnapshot', 'data-db-0-nightly').spec).toEqual({ source: { persistentVolumeClaimName: 'data-db-0' } });
  });

  test('restored into a new claim of the same driver, at least as large as the claim it was taken of', () => {
    const out = synth((s) => {
      const ns = new SecureNamespace(s, 'shop');
      const gp3 = new EbsStorageClass(s, 'gp3');
      const data = new PersistentVolumeClaim(ns, 'db-data', { size: '20Gi', storageClassName: gp3 });
      const snap = new VolumeSnapshot(ns, 'db-nightly', { source: data, snapshotClass: new VolumeSnapshotClass(s, 'ebs', { driver: 'ebs.csi.aws.com' }) });
      new PersistentVolumeClaim(ns, 'db-restored', { size: '20Gi', storageClassName: gp3, dataSource: snap });
    });
    expect(find(out, 'PersistentVolumeClaim', 'db-restored').spec).toMatchObject({
      storageClassName: 'gp3', resources: { requests: { storage: '20Gi' } }, dataSource: { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'db-nightly' },
    });
  });

  test('the main object is the child "Resource" (escape hatch)', () => {
    const out = synthWithPaths((s) => {
      const snap = new VolumeSnapshot(new SecureNamespace(s, 'shop'), 'snap', { source: 'data' });
      ApiObject.of(snap.resource).addJsonPatch(JsonPatch.add('/spec/volumeSnapshotClassName', 'patched'));
    });
    const written = findWithPath(out, 'VolumeSnapshot');
    expect(written.constructPath).toBe('test/shop/snap/Resource');
    expect(written.manifest.spec.volumeSnapshotClassName).toBe('patched');
  });
});
