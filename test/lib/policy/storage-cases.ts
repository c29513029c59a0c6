import { Manifest } from '../../../lib/output/manifest';
import { PolicyTarget } from '../../../lib/policy/types';
import { deployment, k, obj, pod } from './fixtures';

/** Objects that pass a storage check, objects that fail it, and a text the failure's message contains. */
interface CheckCase {
  readonly pass: PolicyTarget[];
  readonly fail: PolicyTarget[];
  readonly message: string;
}

const SNAPSHOT = 'snapshot.storage.k8s.io/v1';

/** A claim "shop/<name>" with these access modes (and more spec). */
export const claim = (name = 'data', accessModes = ['ReadWriteOnce'], spec: Record<string, unknown> = {}): Manifest =>
  obj('v1', 'PersistentVolumeClaim', name, 'shop', { spec: { accessModes, resources: { requests: { storage: '10Gi' } }, ...spec } });

/** The compliant Deployment "shop/web" mounting the claim `name` (read-write), with `replicas` and `strategy`. */
export const mounting = (name = 'data', replicas = 2, strategy?: string, readOnly?: boolean): Manifest => deployment((d) => {
  d.spec.replicas = replicas;
  if (strategy) {
    d.spec.strategy = { type: strategy };
  }
  pod(d).volumes.push({ name: 'data', persistentVolumeClaim: { claimName: name, ...(readOnly ? { readOnly } : {}) } });
  pod(d).containers[0].volumeMounts = [{ name: 'data', mountPath: '/data' }];
});

export const storageClass = (name: string, rest: Record<string, unknown> = {}): Manifest =>
  obj('storage.k8s.io/v1', 'StorageClass', name, undefined, { provisioner: 'ebs.csi.aws.com', reclaimPolicy: 'Retain', ...rest });
export const volume = (name: string, spec: Record<string, unknown>, annotations?: Record<string, string>): Manifest =>
  obj('v1', 'PersistentVolume', name, undefined, {
    metadata: { name, ...(annotations ? { annotations } : {}) },
    spec: { capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'], ...spec },
  });
export const snapshotClass = (name: string, deletionPolicy = 'Retain', annotations?: Record<string, string>): Manifest =>
  obj(SNAPSHOT, 'VolumeSnapshotClass', name, undefined, { metadata: { name, ...(annotations ? { annotations } : {}) }, driver: 'ebs.csi.aws.com', deletionPolicy });
export const snapshot = (name: string, claimName: string, className?: string): Manifest =>
  obj(SNAPSHOT, 'VolumeSnapshot', name, 'shop', { spec: { source: { persistentVolumeClaimName: claimName }, ...(className ? { volumeSnapshotClassName: className } : {}) } });
const REASON = { 'keelson.dev/deletion-reason': 'scratch space' };

/** The pass and fail cases of the storage checks (lib/policy/checks/storage.ts). */
export const STORAGE_CASES: Record<string, CheckCase> = {
  'claim-single-writer': {
    pass: k(claim(), mounting('data', 1, 'Recreate'), claim('shared', ['ReadWriteMany']), mounting('shared', 3)),
    fail: k(claim(), mounting('data', 3, 'Recreate')),
    message: 'claim "data" (ReadWriteOnce) is mounted by 3 replicas; only the pods of one node can use it',
  },
  'persistent-volume-host-path': {
    pass: k(volume('lab', { hostPath: { path: '/mnt/data' } }, { 'keelson.dev/host-access-reason': 'single-node lab' }), volume('nfs', { nfs: { server: '10.0.0.10', path: '/' } })),
    fail: k(volume('lab', { hostPath: { path: '/mnt/data' } })),
    message: 'the volume is host path /mnt/data of a node, and no reason is recorded (annotation keelson.dev/host-access-reason)',
  },
  'storage-deletes-data': {
    pass: k(storageClass('gp3'), storageClass('scratch', { reclaimPolicy: 'Delete', metadata: { name: 'scratch', annotations: REASON } }),
      volume('pv', { persistentVolumeReclaimPolicy: 'Retain', nfs: { server: '10.0.0.10', path: '/' } }), snapshotClass('snaps')),
    fail: k(obj('storage.k8s.io/v1', 'StorageClass', 'standard', undefined, { provisioner: 'ebs.csi.aws.com' })),
    message: 'reclaimPolicy is Delete (the default when unset), so the data is deleted with the claim, and no reason is recorded (annotation keelson.dev/deletion-reason)',
  },
  'storage-reference-mismatch': {
    pass: k(storageClass('gp3'), claim('data', ['ReadWriteOnce'], { storageClassName: 'gp3' }), claim('other', ['ReadWriteOnce'], { storageClassName: 'standard' })),
    fail: k(storageClass('gp3'), claim('data', ['ReadWriteOnce'], { storageClassName: 'gp2' })),
    message: 'storageClassName "gp2" is not defined here; did you mean "gp3"?',
  },
  'volume-snapshot-claim-exists': {
    pass: k(claim('data'), snapshot('nightly', 'data')),
    fail: k(claim('data'), snapshot('nightly', 'dat')),
    message: 'source claim "dat" is not a claim of namespace shop in this output; did you mean "data"?',
  },
};
