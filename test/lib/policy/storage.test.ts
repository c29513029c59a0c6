import { runPolicy } from '../../../lib/policy/engine';
import { STORAGE_CHECKS } from '../../../lib/policy/checks/storage';
import { PolicyTarget } from '../../../lib/policy/types';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { EbsStorageClass } from '../../../lib/storage/ebs-storage-class';
import { PersistentVolume } from '../../../lib/storage/persistent-volume';
import { PersistentVolumeClaim } from '../../../lib/storage/persistent-volume-claim';
import { StorageClass } from '../../../lib/storage/storage-class';
import { VolumeSnapshot } from '../../../lib/storage/volume-snapshot';
import { VolumeSnapshotClass } from '../../../lib/storage/volume-snapshot-class';
import { Probe } from '../../../lib/workloads/probe';
import { StatefulService } from '../../../lib/workloads/stateful-service';
import { Volume } from '../../../lib/workloads/volume';
import { Worker } from '../../../lib/workloads/worker';
import { synth } from '../../helpers/synth';
import { k, obj, pod } from './fixtures';
import { claim, mounting, snapshot, snapshotClass, storageClass, volume } from './storage-cases';

/** The messages of one storage check over the objects. */
const messages = (id: string, targets: PolicyTarget[]): string[] =>
  runPolicy(targets, { checks: STORAGE_CHECKS.filter((c) => c.id === id) }).findings.map((f) => f.message);

describe('claim-single-writer', () => {
  test('an autoscaler, or a rolling update, on a ReadWriteOnce claim; ReadWriteOncePod counts the same', () => {
    const hpa = obj('autoscaling/v2', 'HorizontalPodAutoscaler', 'web', 'shop', {
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 4 },
    });
    expect(messages('claim-single-writer', k(claim(), mounting('data', 1, 'Recreate'), hpa)))
      .toEqual(['claim "data" (ReadWriteOnce) is mounted by pods that HorizontalPodAutoscaler web scales to 4']);
    expect(messages('claim-single-writer', k(claim(), mounting('data', 1))))
      .toEqual(['claim "data" (ReadWriteOnce) is mounted with the RollingUpdate strategy: the new pod waits for the old one to release it, on another node forever']);
    expect(messages('claim-single-writer', k(claim('data', ['ReadWriteOncePod']), mounting('data', 2, 'Recreate'))))
      .toEqual(['claim "data" (ReadWriteOncePod) is mounted by 2 replicas; only one pod can use it']);
  });

  test('read-only use of a ReadOnlyMany claim, and claims this output does not define, pass', () => {
    expect(messages('claim-single-writer', k(claim('data', ['ReadOnlyMany']), mounting('data', 3, undefined, true)))).toEqual([]);
    const mountedReadOnly = mounting('data', 3);
    pod(mountedReadOnly).containers[0].volumeMounts[0].readOnly = true;
    expect(messages('claim-single-writer', k(claim('data', ['ReadOnlyMany']), mountedReadOnly))).toEqual([]);
    expect(messages('claim-single-writer', k(claim('data', ['ReadOnlyMany']), mounting('data', 3, 'Recreate')))).toHaveLength(1);
    expect(messages('claim-single-writer', k(mounting('elsewhere', 3)))).toEqual([]);
  });
});

describe('persistent-volume-host-path and storage-deletes-data', () => {
  test('a blank reason is no reason', () => {
    expect(messages('persistent-volume-host-path', k(volume('lab', { hostPath: { path: '/mnt/data' } }, { 'keelson.dev/host-access-reason': ' ' })))).toHaveLength(1);
  });

  test('a recycled or deleted PersistentVolume and a deleting VolumeSnapshotClass without reason; with one they pass', () => {
    expect(messages('storage-deletes-data', k(
      volume('old', { persistentVolumeReclaimPolicy: 'Recycle', nfs: { server: '10.0.0.10', path: '/' } }),
      volume('scratch', { persistentVolumeReclaimPolicy: 'Delete', csi: { driver: 'ebs.csi.aws.com', volumeHandle: 'vol-1' } }),
      snapshotClass('hourly', 'Delete'),
      storageClass('explicit', { reclaimPolicy: 'Delete' }),
    )).sort()).toEqual([
      'deletionPolicy is Delete, so the data is deleted with the VolumeSnapshot, and no reason is recorded (annotation keelson.dev/deletion-reason)',
      'persistentVolumeReclaimPolicy Recycle is deprecated: it scrubs the volume ("rm -rf") and hands it to the next claim',
      'persistentVolumeReclaimPolicy is Delete, so the data is deleted with the claim, and no reason is recorded (annotation keelson.dev/deletion-reason)',
      'reclaimPolicy is Delete, so the data is deleted with the claim, and no reason is recorded (annotation keelson.dev/deletion-reason)',
    ]);
    expect(messages('storage-deletes-data', k(snapshotClass('hourly', 'Delete', { 'keelson.dev/deletion-reason': 'kept 24h by a CronJob' })))).toEqual([]);
  });
});

describe('storage-reference-mismatch', () => {
  test('a pod\'s claim of another namespace, a template class, a snapshot class, a snapshot and a volume that look mistyped', () => {
    const other = obj('v1', 'PersistentVolumeClaim', 'data', 'ops', { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
    const sts = obj('apps/v1', 'StatefulSet', 'db', 'shop', {
      spec: { replicas: 1, serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [] } },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { storageClassName: 'GP3', accessModes: ['ReadWriteOnce'] } }] },
    });
    expect(messages('storage-reference-mismatch', k(
      other, mounting('data', 1, 'Recreate'), storageClass('gp3'), sts, snapshotClass('ebs-snapshots'), snapshot('nightly', 'data-db-0', 'ebs-snapshot'),
      claim('restored', ['ReadWriteOnce'], { dataSource: { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'nighty' }, volumeName: 'pv-0001' }),
      volume('pv-001', { nfs: { server: '10.0.0.10', path: '/' } }),
    )).sort()).toEqual([
      'claim template "data" storageClassName "GP3" is not defined here; did you mean "gp3"?',
      'dataSource VolumeSnapshot "nighty" is not defined here; did you mean "nightly"?',
      'volume "data" claim "data" is defined in namespace ops, not in shop, where it is looked up',
      'volumeName "pv-0001" is not defined here; did you mean "pv-001"?',
      'volumeSnapshotClassName "ebs-snapshot" is not defined here; did you mean "ebs-snapshots"?',
    ]);
  });

  test('names of objects made elsewhere pass when nothing alike is defined, and StatefulSet claims count as defined', () => {
    const sts = obj('apps/v1', 'StatefulSet', 'db', 'shop', {
      spec: { replicas: 2, serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [] } },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'] } }] },
    });
    expect(messages('storage-reference-mismatch', k(
      claim('data', ['ReadWriteOnce'], { storageClassName: 'standard' }), storageClass('gp3'), sts, mounting('data-db-1', 1, 'Recreate'), volume('pv', { storageClassName: 'manual', nfs: { server: 'nfs', path: '/' } }),
    ))).toEqual([]);
  });
});

describe('volume-snapshot-claim-exists', () => {
  test('a claim of a StatefulSet pod counts; a claim nowhere is reported without a guess when nothing is alike', () => {
    const sts = obj('apps/v1', 'StatefulSet', 'db', 'shop', {
      spec: { replicas: 1, serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [] } },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'] } }] },
    });
    expect(messages('volume-snapshot-claim-exists', k(sts, snapshot('nightly', 'data-db-0')))).toEqual([]);
    expect(messages('volume-snapshot-claim-exists', k(sts, snapshot('nightly', 'uploads'))))
      .toEqual(['source claim "uploads" is not a claim of namespace shop in this output']);
  });
});

describe('what the storage constructs write passes every storage check', () => {
  test('classes, claims, volumes and snapshots, single-instance and shared mounts, template claims snapshotted', () => {
    const out = synth((s) => {
      const ns = new SecureNamespace(s, 'shop');
      const gp3 = new EbsStorageClass(s, 'gp3');
      new EbsStorageClass(s, 'scratch', { name: 'scratch', isDefault: false, deleteVolumes: { reason: 'scratch space, rebuilt nightly' } });
      const shared = new StorageClass(s, 'nfs', { provisioner: 'nfs.csi.k8s.io', parameters: { server: '10.0.0.10', share: '/' }, deleteVolumes: { reason: 'per-test' } });
      const data = new PersistentVolumeClaim(ns, 'db-data', { size: '20Gi', storageClassName: gp3 });
      const uploads = new PersistentVolumeClaim(ns, 'uploads', { size: '5Gi', accessModes: ['ReadWriteMany'], storageClassName: shared });
      new Worker(ns, 'db', {
        image: 'ghcr.io/acme/db:1.0.0', replicas: 1, strategy: { type: 'Recreate' }, liveness: Probe.exec(['/check']),
        volumes: { data: Volume.claim(data) }, volumeMounts: [{ volume: 'data', path: '/data' }],
      });
      new Worker(ns, 'resizer', {
        image: 'ghcr.io/acme/resizer:1.0.0', replicas: 3, liveness: Probe.exec(['/check']),
        volumes: { uploads: Volume.claim(uploads) }, volumeMounts: [{ volume: 'uploads', path: '/uploads' }],
      });
      new StatefulService(ns, 'cache', { image: 'redis:7.4.1', ports: [{ name: 'redis', port: 6379 }], claims: [{ name: 'data', mountPath: '/data', size: '1Gi', storageClassName: 'gp3' }] });
      const snaps = new VolumeSnapshotClass(s, 'ebs', { driver: 'ebs.csi.aws.com', deleteSnapshots: { reason: 'kept 7 days by the backup job' } });
      new VolumeSnapshot(ns, 'db-nightly', { source: data, snapshotClass: snaps });
      new VolumeSnapshot(ns, 'cache-nightly', { source: 'data-cache-0', snapshotClass: snaps });
      new PersistentVolume(s, 'lab', { capacity: '1Gi', storageClassName: 'manual', hostPath: { path: '/mnt/lab', reason: 'single-node lab' } });
      new PersistentVolume(s, 'ssd', { capacity: '100Gi', local: { path: '/mnt/ssd', node: 'node-1' }, deleteVolume: { reason: 'cleaned by the local provisioner' } });
    });
    const report = runPolicy(k(...out), { checks: STORAGE_CHECKS });
    expect(report.findings).toEqual([]);
    expect(report.objects).toBeGreaterThan(15);
    // Nor does any other built-in check find fault with the storage objects (cluster-scoped ones carry no namespace).
    const storageKinds = /^(StorageClass|PersistentVolume|PersistentVolumeClaim|VolumeSnapshot|VolumeSnapshotClass) /;
    expect(runPolicy(k(...out)).findings.filter((f) => storageKinds.test(f.object))).toEqual([]);
  });
});
