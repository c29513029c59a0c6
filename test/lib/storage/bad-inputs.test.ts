import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { AppStack } from '../../../lib/core/app-stack';
import { AppDefinition } from '../../../lib/output/synth-apps';
import { ExistingSecret } from '../../../lib/security/secret-source';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { EbsStorageClass } from '../../../lib/storage/ebs-storage-class';
import { EfsStorageClass, EfsStorageClassProps } from '../../../lib/storage/efs-storage-class';
import { PersistentVolume, PersistentVolumeProps } from '../../../lib/storage/persistent-volume';
import { PersistentVolumeClaim, PersistentVolumeClaimProps } from '../../../lib/storage/persistent-volume-claim';
import { StorageClass, StorageClassProps } from '../../../lib/storage/storage-class';
import { VolumeSnapshot, VolumeSnapshotProps } from '../../../lib/storage/volume-snapshot';
import { VolumeSnapshotClass, VolumeSnapshotClassProps } from '../../../lib/storage/volume-snapshot-class';
import { Probe } from '../../../lib/workloads/probe';
import { Volume } from '../../../lib/workloads/volume';
import { WebService, WebServiceProps } from '../../../lib/workloads/web-service';
import { Worker } from '../../../lib/workloads/worker';
import { BadInput, describeBadInputs } from '../../helpers/bad-input';

// Bad values are passed as they would come from JavaScript: the casts let the tables hold what TypeScript refuses.
type Case = Omit<BadInput, 'build'> & { build: (stack: Construct) => void };
const inStack = (cases: Case[]): BadInput[] => cases.map((c) => ({ ...c, build: (app: App) => c.build(new AppStack(app, 'bad')) }));
const shop = (s: Construct): Construct => s.node.tryFindChild('shop') ?? new SecureNamespace(s, 'shop');

const sc = (s: Construct, p: object) => new StorageClass(s, 'fast', { provisioner: 'ebs.csi.aws.com', ...p } as StorageClassProps);
const efs = (s: Construct, p: object) => new EfsStorageClass(s, 'efs', { fileSystemId: 'fs-0123456789abcdef0', ...p } as EfsStorageClassProps);
const pvc = (s: Construct, p: object, id = 'data') => new PersistentVolumeClaim(shop(s), id, { size: '10Gi', storageClassName: 'gp3', ...p } as PersistentVolumeClaimProps);
const pv = (s: Construct, p: object) => new PersistentVolume(s, 'pv', { capacity: '10Gi', ...p } as PersistentVolumeProps);
const nfs = { server: '10.0.0.10', path: '/exports' };
const vsc = (s: Construct, p: object) => new VolumeSnapshotClass(s, 'snaps', { driver: 'ebs.csi.aws.com', ...p } as VolumeSnapshotClassProps);
const snap = (s: Construct, p: object) => new VolumeSnapshot(shop(s), 'nightly', { source: 'data', ...p } as VolumeSnapshotProps);
const web = (s: Construct, p: Partial<WebServiceProps> | object, claim: Volume) => new WebService(shop(s), 'db', {
  image: 'ghcr.io/acme/db:1.0.0', volumes: { data: claim }, volumeMounts: [{ volume: 'data', path: '/var/lib/db' }], ...p,
} as WebServiceProps);

const SC = '[bad/fast]';
const EFS = '[bad/efs]';
const PVC = '[bad/shop/data]';
const PV = '[bad/pv]';
const DB = '[bad/shop/db]';

const CLASS_CASES: Case[] = [
  { title: 'no provisioner', build: (s) => new StorageClass(s, 'fast', {} as StorageClassProps), where: `${SC} provisioner: got undefined`,
    expected: 'a provisioner: a CSI driver name such as "ebs.csi.aws.com", or "kubernetes.io/no-provisioner" for static volumes' },
  { title: 'the removed in-tree aws-ebs provisioner (S8)', build: (s) => sc(s, { provisioner: 'kubernetes.io/aws-ebs' }), where: `${SC} provisioner: got "kubernetes.io/aws-ebs"`,
    expected: 'a CSI driver: the in-tree provisioner kubernetes.io/aws-ebs is gone from Kubernetes (CSI migration); use ebs.csi.aws.com (EbsStorageClass), removed from Kubernetes in 1.27' },
  { title: 'the removed in-tree gce-pd provisioner (S9)', build: (s) => sc(s, { provisioner: 'kubernetes.io/gce-pd' }), where: `${SC} provisioner: got "kubernetes.io/gce-pd"`,
    expected: 'a CSI driver: the in-tree provisioner kubernetes.io/gce-pd is gone from Kubernetes (CSI migration); use pd.csi.storage.gke.io' },
  { title: 'another kubernetes.io provisioner', build: (s) => sc(s, { provisioner: 'kubernetes.io/glusterfs' }), where: `${SC} provisioner: got "kubernetes.io/glusterfs"`,
    expected: '"kubernetes.io/no-provisioner" or a CSI driver name: the other kubernetes.io/ provisioners were in-tree plugins that Kubernetes removed' },
  { title: 'a driver name over 63 characters', build: (s) => sc(s, { provisioner: `${'x'.repeat(60)}.csi.io` }), where: `${SC} provisioner: got "${'x'.repeat(60)}.csi.io"`,
    expected: 'a CSI driver name such as "ebs.csi.aws.com": 1-63 letters' },
  { title: 'a driver name with a space', build: (s) => sc(s, { provisioner: 'ebs csi' }), where: `${SC} provisioner: got "ebs csi"`, expected: 'a CSI driver name such as "ebs.csi.aws.com"' },
  { title: 'a numeric parameter', build: (s) => sc(s, { parameters: { iops: 3000 } }), where: `${SC} parameters["iops"]: got 3000`,
    expected: 'a string (write numbers and booleans in quotes, e.g. "true")' },
  { title: 'a secret written as a parameter', build: (s) => sc(s, { parameters: { 'csi.storage.k8s.io/node-stage-secret-name': 'creds' } }),
    where: `${SC} parameters key: got "csi.storage.k8s.io/node-stage-secret-name"`, expected: 'no secret parameter here: name the Secret in csiSecrets (or snapshotterSecret)' },
  { title: 'an unknown reserved parameter', build: (s) => sc(s, { parameters: { 'csi.storage.k8s.io/fs-type': 'ext4' } }),
    where: `${SC} parameters key: got "csi.storage.k8s.io/fs-type"`, expected: 'a driver parameter: of the reserved csi.storage.k8s.io/ keys only csi.storage.k8s.io/fstype is a parameter' },
  { title: 'a CSI secret operation typo', build: (s) => sc(s, { csiSecrets: { nodeStages: { name: 'creds', namespace: 'kube-system' } } }),
    where: `${SC} csiSecrets.nodeStages: got {"name":"creds","namespace":"kube-system"}`, expected: 'a known prop (did you mean "nodeStage"?)' },
  { title: 'a CSI secret without its namespace', build: (s) => sc(s, { csiSecrets: { provisioner: { name: 'creds' } } }),
    where: `${SC} csiSecrets.provisioner.namespace: got undefined`, expected: 'a DNS-1123 label' },
  { title: 'a CSI secret given as a string', build: (s) => sc(s, { csiSecrets: { nodePublish: 'creds' } }), where: `${SC} csiSecrets.nodePublish: got "creds"`,
    expected: 'an ExternalSecret, { secret: ExistingSecret.named(...), namespace } or { name, namespace } of a Secret' },
  { title: 'a CSI secret whose secret is not an ExistingSecret', build: (s) => sc(s, { csiSecrets: { nodePublish: { secret: 'creds', namespace: 'kube-system' } } }),
    where: `${SC} csiSecrets.nodePublish.secret: got "creds"`, expected: 'an ExistingSecret (ExistingSecret.named("..."))' },
  { title: 'CSI secrets for a non-CSI provisioner', build: (s) => sc(s, { provisioner: 'rancher.io/local-path', csiSecrets: { provisioner: { secret: ExistingSecret.named('c'), namespace: 'x' } } }),
    where: `${SC} csiSecrets: got ["provisioner"]`, expected: 'no csiSecrets unless the provisioner is a CSI driver' },
  { title: 'reclaimPolicy Recycle', build: (s) => sc(s, { reclaimPolicy: 'Recycle' }), where: `${SC} reclaimPolicy: got "Recycle"`,
    expected: '"Retain" (the default) or "Delete" with deleteVolumes: { reason }; "Recycle" is deprecated (it scrubs the volume with "rm -rf"' },
  { title: 'reclaimPolicy Delete without a reason', build: (s) => sc(s, { reclaimPolicy: 'Delete' }), where: `${SC} deleteVolumes: got undefined`,
    expected: '{ reason: "..." } saying why deleting the volumes (and their data) with their claims is acceptable, since reclaimPolicy is "Delete"' },
  { title: 'deleteVolumes with a blank reason', build: (s) => sc(s, { deleteVolumes: { reason: ' ' } }), where: `${SC} deleteVolumes.reason: got " "`,
    expected: 'a reason why deleting the volumes (and their data) with their claims is acceptable, given as { reason: "..." }' },
  { title: 'reclaimPolicy Retain with deleteVolumes', build: (s) => sc(s, { reclaimPolicy: 'Retain', deleteVolumes: { reason: 'x' } }), where: `${SC} reclaimPolicy: got "Retain"`,
    expected: '"Delete" or no reclaimPolicy, since deleteVolumes is given' },
  { title: 'volumeBindingMode "Lazy"', build: (s) => sc(s, { volumeBindingMode: 'Lazy' }), where: `${SC} volumeBindingMode: got "Lazy"`, expected: '"WaitForFirstConsumer" or "Immediate"' },
  { title: 'a mount option with a space', build: (s) => sc(s, { mountOptions: ['nfsvers = 4.2'] }), where: `${SC} mountOptions[0]: got "nfsvers = 4.2"`,
    expected: 'a mount option without spaces, such as "nfsvers=4.2" or "noatime"' },
  { title: 'allowVolumeExpansion "yes"', build: (s) => sc(s, { allowVolumeExpansion: 'yes' }), where: `${SC} allowVolumeExpansion: got "yes"`, expected: 'true or false' },
  { title: 'isDefault 1', build: (s) => sc(s, { isDefault: 1 }), where: `${SC} isDefault: got 1`, expected: 'true or false' },
  { title: 'an allowed topology without values', build: (s) => sc(s, { allowedTopologies: [{ 'topology.kubernetes.io/zone': [] }] }),
    where: `${SC} allowedTopologies[0]["topology.kubernetes.io/zone"]: got []`, expected: 'a non-empty list of label values' },
  { title: 'allowed topologies as one map', build: (s) => sc(s, { allowedTopologies: { zone: ['a'] } }), where: `${SC} allowedTopologies: got {"zone":["a"]}`,
    expected: 'a non-empty list of terms such as [{ "topology.kubernetes.io/zone": ["eu-west-1a"] }]' },
  { title: 'a StorageClass prop typo', build: (s) => sc(s, { reclaimPolicys: 'Retain' }), where: `${SC} reclaimPolicys: got "Retain"`, expected: 'a known prop (did you mean "reclaimPolicy"?)' },
  { title: 'a StorageClass from JavaScript with null props', build: (s) => new StorageClass(s, 'fast', null as unknown as StorageClassProps), where: `${SC} props: got null`,
    expected: 'an object of props' },
  // EbsStorageClass (the generic checks run under its own props)
  { title: 'an EBS volume type "gp2"', build: (s) => new EbsStorageClass(s, 'gp3', { volumeType: 'gp2' as 'gp3' }), where: '[bad/gp3] volumeType: got "gp2"', expected: '"gp3", "io2", "st1" or "sc1"' },
  { title: 'an EBS deleteVolumes without a reason', build: (s) => new EbsStorageClass(s, 'gp3', { deleteVolumes: {} as { reason: string } }), where: '[bad/gp3] deleteVolumes.reason: got undefined',
    expected: 'a reason why deleting the volumes (and their data) with their claims is acceptable' },
  { title: 'an EBS kmsKeyId that is blank', build: (s) => new EbsStorageClass(s, 'gp3', { kmsKeyId: ' ' }), where: '[bad/gp3] kmsKeyId: got " "', expected: 'a KMS key id, ARN or alias such as "alias/ebs"' },
  { title: 'a StorageClass name with capitals', build: (s) => sc(s, { name: 'Fast' }), where: `${SC} name: got "Fast"`, expected: 'an object name' },
  // EfsStorageClass
  { title: 'an EFS file system id without "fs-"', build: (s) => efs(s, { fileSystemId: '0123456789abcdef0' }), where: `${EFS} fileSystemId: got "0123456789abcdef0"`,
    expected: 'an EFS file system id: "fs-" and 8 to 40 lowercase hexadecimal digits, e.g. "fs-0123456789abcdef0"' },
  { title: 'an EFS without a file system', build: (s) => new EfsStorageClass(s, 'efs', {} as EfsStorageClassProps), where: `${EFS} fileSystemId: got undefined`, expected: 'an EFS file system id' },
  { title: 'EFS directoryPerms as a number', build: (s) => efs(s, { directoryPerms: 700 }), where: `${EFS} directoryPerms: got 700`, expected: 'octal permissions as a string, e.g. "700" or "0750"' },
  { title: 'EFS directoryPerms "799"', build: (s) => efs(s, { directoryPerms: '799' }), where: `${EFS} directoryPerms: got "799"`, expected: 'octal permissions as a string' },
  { title: 'EFS negative uid', build: (s) => efs(s, { uid: -1 }), where: `${EFS} uid: got -1`, expected: 'an integer from 0 to 2147483647' },
  { title: 'EFS gidRangeStart without gidRangeEnd', build: (s) => efs(s, { gidRangeStart: 1000 }), where: `${EFS} gidRangeEnd: got undefined`,
    expected: 'both gidRangeStart and gidRangeEnd, or neither (the driver requires the pair)' },
  { title: 'EFS gid range upside down', build: (s) => efs(s, { gidRangeStart: 2000, gidRangeEnd: 1000 }), where: `${EFS} gidRangeEnd: got 1000`, expected: 'more than gidRangeStart (2000), as the driver requires' },
  { title: 'EFS gid with a gid range', build: (s) => efs(s, { gid: 1000, gidRangeStart: 1000, gidRangeEnd: 2000 }), where: `${EFS} gidRangeStart: got 1000`,
    expected: 'no group id range when gid is set (the driver ignores the range then)' },
  { title: 'EFS relative basePath', build: (s) => efs(s, { basePath: 'dynamic' }), where: `${EFS} basePath: got "dynamic"`, expected: 'an absolute path' },
  { title: 'EFS subPathPattern with an unknown variable', build: (s) => efs(s, { subPathPattern: '${.PVC.labels}' }), where: `${EFS} subPathPattern: got "\${.PVC.labels}"`,
    expected: 'a relative path without ".." from fixed text and ${.PVC.namespace}, ${.PVC.name} or ${.PV.name}' },
  { title: 'an EFS prop typo', build: (s) => efs(s, { fileSystemID: 'fs-01234567' }), where: `${EFS} fileSystemID: got "fs-01234567"`, expected: 'a known prop (did you mean "fileSystemId"?)' },
];

const CLAIM_CASES: Case[] = [
  { title: 'a claim without a size', build: (s) => pvc(s, { size: undefined }), where: `${PVC} size: got undefined`, expected: 'a positive amount of whole bytes' },
  { title: 'a claim size "10GB"', build: (s) => pvc(s, { size: '10GB' }), where: `${PVC} size: got "10GB"`, expected: 'a positive amount of whole bytes' },
  { title: 'no access modes', build: (s) => pvc(s, { accessModes: [] }), where: `${PVC} accessModes: got []`,
    expected: 'a non-empty list of access modes (ReadWriteOnce, ReadWriteOncePod, ReadOnlyMany, ReadWriteMany)' },
  { title: 'access mode "RWO"', build: (s) => pvc(s, { accessModes: ['RWO'] }), where: `${PVC} accessModes[0]: got "RWO"`,
    expected: 'one of ReadWriteOnce, ReadWriteOncePod, ReadOnlyMany, ReadWriteMany' },
  { title: 'ReadWriteOncePod with another mode', build: (s) => pvc(s, { accessModes: ['ReadWriteOncePod', 'ReadOnlyMany'] }), where: `${PVC} accessModes: got ["ReadWriteOncePod","ReadOnlyMany"]`,
    expected: 'ReadWriteOncePod alone (Kubernetes refuses it with other access modes)' },
  { title: 'an access mode twice', build: (s) => pvc(s, { accessModes: ['ReadWriteOnce', 'ReadWriteOnce'] }), where: `${PVC} accessModes[1]: got "ReadWriteOnce"`,
    expected: 'an access mode that is not already used in accessModes' },
  { title: 'volumeMode "Raw"', build: (s) => pvc(s, { volumeMode: 'Raw' }), where: `${PVC} volumeMode: got "Raw"`, expected: '"Filesystem" or "Block"' },
  { title: 'a class name with capitals', build: (s) => pvc(s, { storageClassName: 'GP3' }), where: `${PVC} storageClassName: got "GP3"`,
    expected: 'a StorageClass construct, the name of a class (an object name such as "gp3"), or "" for no class' },
  { title: 'an empty selector', build: (s) => pvc(s, { selector: {} }), where: `${PVC} selector: got {}`, expected: 'matchLabels or matchExpressions (an empty selector matches every volume)' },
  { title: 'a selector requirement "In" without values', build: (s) => pvc(s, { selector: { matchExpressions: [{ key: 'environment', operator: 'In' }] } }),
    where: `${PVC} selector.matchExpressions[0].values: got undefined`, expected: 'at least one value with operator In' },
  { title: 'a selector requirement "Gt"', build: (s) => pvc(s, { selector: { matchExpressions: [{ key: 'tier', operator: 'Gt', values: ['1'] }] } }),
    where: `${PVC} selector.matchExpressions[0].operator: got "Gt"`, expected: 'one of In, NotIn, Exists, DoesNotExist' },
  { title: 'a selector with "labels" for "matchLabels"', build: (s) => pvc(s, { selector: { labels: { release: 'stable' } } }), where: `${PVC} selector.labels: got {"release":"stable"}`,
    expected: 'a known prop; the props are matchExpressions, matchLabels' },
  { title: 'a dataSource that is not a snapshot', build: (s) => pvc(s, { dataSource: { kind: 'PersistentVolumeClaim', name: 'x' } }),
    where: `${PVC} dataSource: got {"kind":"PersistentVolumeClaim","name":"x"}`, expected: 'a VolumeSnapshot construct, or the name of a VolumeSnapshot in the claim\'s namespace' },
  { title: 'a restore smaller than the snapshot\'s claim', build: (s) => {
    const snapshot = new VolumeSnapshot(shop(s), 'nightly', { source: pvc(s, { size: '20Gi' }, 'orig') });
    pvc(s, { size: '10Gi', dataSource: snapshot });
  }, where: `${PVC} size: got "10Gi"`, expected: 'at least 20Gi, the size of the claim "orig" that the snapshot "nightly" was taken of' },
  { title: 'a restore from a snapshot of another namespace', build: (s) => {
    const other = new SecureNamespace(s, 'ops');
    const snapshot = new VolumeSnapshot(other, 'nightly', { source: 'data' });
    pvc(s, { dataSource: snapshot });
  }, where: `${PVC} dataSource: got "nightly"`, expected: 'a VolumeSnapshot in the claim\'s namespace (shop); it is in ops' },
  { title: 'a restore through a class of another driver', build: (s) => {
    const ebs = new EbsStorageClass(s, 'gp3');
    const snapshot = new VolumeSnapshot(shop(s), 'nightly', { source: pvc(s, { storageClassName: ebs }, 'orig'), snapshotClass: new VolumeSnapshotClass(s, 'ebs', { driver: 'ebs.csi.aws.com' }) });
    pvc(s, { dataSource: snapshot, storageClassName: new EfsStorageClass(s, 'efs', { fileSystemId: 'fs-01234567' }) });
  }, where: `${PVC} storageClassName: got "efs"`, expected: 'a class of the snapshot\'s driver ebs.csi.aws.com (the class "efs" provisions with efs.csi.aws.com, which cannot restore it)' },
  { title: 'volumeName "PV 1"', build: (s) => pvc(s, { volumeName: 'PV 1' }), where: `${PVC} volumeName: got "PV 1"`, expected: 'a PersistentVolume construct, or the name of a PersistentVolume' },
  { title: 'volumeName and dataSource', build: (s) => pvc(s, { volumeName: 'pv-1', dataSource: 'nightly' }), where: `${PVC} dataSource: got "nightly"`,
    expected: 'no dataSource with volumeName: a snapshot is restored into a new volume, volumeName binds an existing one' },
  { title: 'a claim of another class than its volume', build: (s) => pvc(s, { volumeName: pv(s, { storageClassName: 'manual', nfs }) }), where: `${PVC} storageClassName: got "gp3"`,
    expected: '"manual", the class of the PersistentVolume "pv" (a claim binds only to a volume of its own class; a claim without storageClassName gets the default class)' },
  { title: 'a claim asking more than its volume holds', build: (s) => pvc(s, { size: '20Gi', storageClassName: '', volumeName: pv(s, { nfs }) }), where: `${PVC} size: got "20Gi"`,
    expected: 'at most 10Gi, the capacity of the PersistentVolume "pv"' },
  { title: 'a claim asking a mode its volume lacks', build: (s) => pvc(s, { accessModes: ['ReadWriteMany'], storageClassName: '', volumeName: pv(s, { nfs }) }),
    where: `${PVC} accessModes: got ["ReadWriteMany"]`, expected: 'modes the PersistentVolume "pv" offers (ReadWriteOnce)' },
  { title: 'a claim of a volume reserved for another claim', build: (s) => pvc(s, { storageClassName: '', volumeName: pv(s, { nfs, claim: { name: 'other', namespace: 'shop' } }) }),
    where: `${PVC} volumeName: got "pv"`, expected: 'a PersistentVolume not reserved for another claim (it is reserved for shop/other)' },
  { title: 'allowPruning without a reason', build: (s) => pvc(s, { allowPruning: {} }), where: `${PVC} allowPruning.reason: got undefined`,
    expected: 'a reason why GitOps tools may delete this claim (and its volume) when it leaves Git, given as { reason: "..." }' },
  { title: 'a claim prop typo', build: (s) => pvc(s, { storageClassNam: 'gp3' }), where: `${PVC} storageClassNam: got "gp3"`, expected: 'a known prop (did you mean "storageClassName"?)' },
  // Volume.claim and the single-instance rule
  { title: 'Volume.claim of a bad name', build: (s) => web(s, { replicas: 1, strategy: { type: 'Recreate' } }, Volume.claim('Data!')), where: `${DB} volumes.data.claim: got "Data!"`,
    expected: 'a PersistentVolumeClaim construct, or the name of a claim in the workload\'s namespace' },
  { title: 'Volume.claim readOnly "yes"', build: (s) => web(s, {}, Volume.claim('data', { readOnly: 'yes' as unknown as boolean })), where: `${DB} volumes.data.readOnly: got "yes"`, expected: 'true or false' },
  { title: 'Volume.claim option typo', build: (s) => web(s, {}, Volume.claim('data', { readonly: true } as object)), where: `${DB} volumes.data.readonly: got true`,
    expected: 'a known prop (did you mean "readOnly"?)' },
  { title: 'Volume.claim of a Block claim', build: (s) => web(s, { replicas: 1, strategy: { type: 'Recreate' } }, Volume.claim(pvc(s, { volumeMode: 'Block' }))),
    where: `${DB} volumes.data.claim: got "data"`, expected: 'a claim with volumeMode "Filesystem": a Block claim is a raw device (volumeDevices), which containers cannot mount as a directory' },
  { title: 'a ReadWriteOnce claim on a 3-replica Deployment', build: (s) => web(s, { replicas: 3, strategy: { type: 'Recreate' } }, Volume.claim(pvc(s, {}))),
    where: `${DB} replicas: got 3`, expected: '1: the claim "data" (volumes.data, ReadWriteOnce) can be used by the pods of one node at a time, so the Deployment runs one pod; '
      + 'write replicas: 1 and strategy: { type: \'Recreate\' } (the single-instance pattern), or give the claim accessModes ["ReadWriteMany"]' },
  { title: 'a ReadWriteOnce claim on a rolling Deployment', build: (s) => web(s, { replicas: 1, strategy: { type: 'RollingUpdate', maxSurge: 1 } }, Volume.claim(pvc(s, {}))),
    where: `${DB} strategy: got {"type":"RollingUpdate","maxSurge":1}`,
    expected: '{ type: \'Recreate\' }: the claim "data" (volumes.data, ReadWriteOnce) can be used by the pods of one node at a time, and a rolling update starts the new pod while the old one still holds the claim' },
  { title: 'a ReadWriteOnce claim on an autoscaled Deployment', build: (s) => web(s, { strategy: { type: 'Recreate' }, autoscaling: { maxReplicas: 3 } }, Volume.claim(pvc(s, {}))),
    where: `${DB} autoscaling: got {"maxReplicas":3}`, expected: 'no autoscaling: the claim "data" (volumes.data, ReadWriteOnce) can be used by the pods of one node at a time, so the Deployment runs one pod' },
  { title: 'a read-write mount of a ReadOnlyMany claim on 2 Workers', build: (s) => new Worker(shop(s), 'reader', {
    image: 'ghcr.io/acme/r:1.0.0', liveness: Probe.exec(['/check']), replicas: 2, strategy: { type: 'Recreate' },
    volumes: { data: Volume.claim(pvc(s, { accessModes: ['ReadOnlyMany'] })) }, volumeMounts: [{ volume: 'data', path: '/data' }],
  }), where: '[bad/shop/reader] replicas: got 2', expected: '1: the claim "data" (volumes.data, ReadOnlyMany) can be used by the pods of one node at a time' },
];

const VOLUME_CASES: Case[] = [
  { title: 'a volume without a source', build: (s) => pv(s, {}), where: `${PV} nfs: got undefined`, expected: 'exactly one source: nfs, csi, local or hostPath' },
  { title: 'a volume with two sources', build: (s) => pv(s, { nfs, local: { path: '/mnt', node: 'n1' } }), where: `${PV} local: got {"path":"/mnt","node":"n1"}`,
    expected: 'exactly one source: nfs, csi, local or hostPath (nfs and local are given)' },
  { title: 'a volume without capacity', build: (s) => pv(s, { capacity: undefined, nfs }), where: `${PV} capacity: got undefined`, expected: 'a positive amount of whole bytes' },
  { title: 'a Recycle volume (S3)', build: (s) => pv(s, { reclaimPolicy: 'Recycle', nfs }), where: `${PV} reclaimPolicy: got "Recycle"`,
    expected: '"Retain" (the default) or "Delete" with deleteVolume: { reason }; "Recycle" is deprecated (it scrubs the volume with "rm -rf" for the next claim and is supported for NFS and hostPath only): keep the volume, or provision volumes dynamically' },
  { title: 'a Delete volume without a reason', build: (s) => pv(s, { reclaimPolicy: 'Delete', local: { path: '/mnt', node: 'n1' } }), where: `${PV} deleteVolume: got undefined`,
    expected: '{ reason: "..." } saying why deleting the volume (and its data) with its claim is acceptable, since reclaimPolicy is "Delete"' },
  { title: 'a Delete NFS volume', build: (s) => pv(s, { deleteVolume: { reason: 'scratch' }, nfs }), where: `${PV} reclaimPolicy: got "Delete"`,
    expected: '"Retain" for nfs volumes: nothing deletes an NFS export (the volume would fail instead)' },
  { title: 'a Block NFS volume', build: (s) => pv(s, { volumeMode: 'Block', nfs }), where: `${PV} volumeMode: got "Block"`, expected: '"Filesystem" for nfs volumes (only csi and local volumes can be block devices)' },
  { title: 'mount options on a hostPath volume', build: (s) => pv(s, { mountOptions: ['noatime'], hostPath: { path: '/mnt', reason: 'lab' } }), where: `${PV} mountOptions: got ["noatime"]`,
    expected: 'no mount options for hostPath volumes (the node\'s path is bind-mounted as it is)' },
  { title: 'an NFS server URL', build: (s) => pv(s, { nfs: { server: 'nfs://10.0.0.10', path: '/' } }), where: `${PV} nfs.server: got "nfs://10.0.0.10"`,
    expected: 'the host name or IP address of the NFS server' },
  { title: 'a relative NFS path', build: (s) => pv(s, { nfs: { server: '10.0.0.10', path: 'exports' } }), where: `${PV} nfs.path: got "exports"`, expected: 'the exported path: absolute, without ".."' },
  { title: 'an NFS prop typo', build: (s) => pv(s, { nfs: { ...nfs, readonly: true } }), where: `${PV} nfs.readonly: got true`, expected: 'a known prop (did you mean "readOnly"?)' },
  { title: 'a local volume without its node', build: (s) => pv(s, { local: { path: '/mnt/disks/ssd1' } }), where: `${PV} local.node: got undefined`,
    expected: 'the node that has the volume (its kubernetes.io/hostname), or nodeAffinity, but not both: the API server requires local volumes to name their nodes' },
  { title: 'a local volume with an empty affinity term', build: (s) => pv(s, { local: { path: '/mnt', nodeAffinity: [[]] } }), where: `${PV} local.nodeAffinity[0]: got []`,
    expected: 'a non-empty list of node requirements (they are ANDed)' },
  { title: 'a local affinity "Gt" with two values', build: (s) => pv(s, { local: { path: '/mnt', nodeAffinity: [[{ key: 'gen', operator: 'Gt', values: ['1', '2'] }]] } }),
    where: `${PV} local.nodeAffinity[0][0].values: got ["1","2"]`, expected: 'exactly one integer value with operator Gt' },
  { title: 'a hostPath volume without a reason', build: (s) => pv(s, { hostPath: { path: '/mnt/data' } }), where: `${PV} hostPath.reason: got undefined`,
    expected: 'a reason why a node\'s file system is acceptable here (every pod bound to the volume reads and writes that node\'s path; hostPath volumes suit single-node test clusters only)' },
  { title: 'a hostPath type "Dir"', build: (s) => pv(s, { hostPath: { path: '/mnt/data', type: 'Dir', reason: 'lab' } }), where: `${PV} hostPath.type: got "Dir"`,
    expected: 'one of Directory, DirectoryOrCreate, File, FileOrCreate, Socket, CharDevice, BlockDevice' },
  { title: 'a CSI volume without a handle', build: (s) => pv(s, { csi: { driver: 'efs.csi.aws.com' } }), where: `${PV} csi.volumeHandle: got undefined`,
    expected: 'the volume\'s id in the storage system, e.g. "fs-0123456789abcdef0"' },
  { title: 'a CSI provisioner secret on a volume', build: (s) => pv(s, { csi: { driver: 'efs.csi.aws.com', volumeHandle: 'fs-1', secrets: { provisioner: { name: 'c', namespace: 'kube-system' } } } }),
    where: `${PV} csi.secrets.provisioner: got {"name":"c","namespace":"kube-system"}`, expected: 'a known prop' },
  { title: 'a CSI volume attribute that is not a string', build: (s) => pv(s, { csi: { driver: 'efs.csi.aws.com', volumeHandle: 'fs-1', volumeAttributes: { encryptInTransit: true } } }),
    where: `${PV} csi.volumeAttributes["encryptInTransit"]: got true`, expected: 'a string' },
  { title: 'a volume reserved for a claim without namespace', build: (s) => pv(s, { nfs, claim: { name: 'data' } }), where: `${PV} claim.namespace: got undefined`, expected: 'a DNS-1123 label' },
  { title: 'a volume prop typo', build: (s) => pv(s, { nfs, storageClassNam: 'manual' }), where: `${PV} storageClassNam: got "manual"`, expected: 'a known prop (did you mean "storageClassName"?)' },
  { title: 'a volume access mode "RWX"', build: (s) => pv(s, { nfs, accessModes: ['RWX'] }), where: `${PV} accessModes[0]: got "RWX"`, expected: 'one of ReadWriteOnce, ReadWriteOncePod, ReadOnlyMany, ReadWriteMany' },
  { title: 'a volume class name with a space', build: (s) => pv(s, { nfs, storageClassName: 'local disks' }), where: `${PV} storageClassName: got "local disks"`,
    expected: 'a StorageClass construct, the name of a class (an object name such as "gp3"), or "" for no class' },
  { title: 'a CSI volume of a driver with an underscore', build: (s) => pv(s, { csi: { driver: 'efs_csi', volumeHandle: 'fs-1' } }), where: `${PV} csi.driver: got "efs_csi"`,
    expected: 'a CSI driver name such as "ebs.csi.aws.com"' },
  // VolumeSnapshotClass
  { title: 'a snapshot class without a driver', build: (s) => new VolumeSnapshotClass(s, 'snaps', {} as VolumeSnapshotClassProps), where: '[bad/snaps] driver: got undefined',
    expected: 'a CSI driver name such as "ebs.csi.aws.com"' },
  { title: 'a snapshot class deleting without a reason', build: (s) => vsc(s, { deletionPolicy: 'Delete' }), where: '[bad/snaps] deleteSnapshots: got undefined',
    expected: '{ reason: "..." } saying why deleting the stored snapshots with their VolumeSnapshot objects is acceptable, since deletionPolicy is "Delete"' },
  { title: 'a snapshot class deletionPolicy "Keep"', build: (s) => vsc(s, { deletionPolicy: 'Keep' }), where: '[bad/snaps] deletionPolicy: got "Keep"', expected: '"Retain" or "Delete"' },
  { title: 'a snapshot class secret without namespace', build: (s) => vsc(s, { snapshotterSecret: { name: 'creds' } }), where: '[bad/snaps] snapshotterSecret.namespace: got undefined',
    expected: 'a DNS-1123 label' },
  { title: 'a snapshot class deleting for a blank reason', build: (s) => vsc(s, { deleteSnapshots: { reason: '' } }), where: '[bad/snaps] deleteSnapshots.reason: got ""',
    expected: 'a reason why deleting the stored snapshots with their VolumeSnapshot objects is acceptable, given as { reason: "..." }' },
  { title: 'a snapshot class parameter that is a number', build: (s) => vsc(s, { parameters: { retentionDays: 7 } }), where: '[bad/snaps] parameters["retentionDays"]: got 7',
    expected: 'a string (write numbers and booleans in quotes, e.g. "true")' },
  { title: 'a snapshot class isDefault "true"', build: (s) => vsc(s, { isDefault: 'true' }), where: '[bad/snaps] isDefault: got "true"', expected: 'true or false' },
  { title: 'a snapshot class name with capitals', build: (s) => snap(s, { snapshotClass: 'EBS' }), where: '[bad/shop/nightly] snapshotClass: got "EBS"',
    expected: 'a VolumeSnapshotClass construct, or the name of a VolumeSnapshotClass' },
  // VolumeSnapshot
  { title: 'a snapshot without a source', build: (s) => snap(s, { source: undefined }), where: '[bad/shop/nightly] source: got undefined',
    expected: 'a PersistentVolumeClaim construct, or the name of a claim in the snapshot\'s namespace' },
  { title: 'a snapshot of a claim of another namespace', build: (s) => snap(s, { source: new PersistentVolumeClaim(new SecureNamespace(s, 'ops'), 'data', { size: '1Gi' }) }),
    where: '[bad/shop/nightly] source: got "data"', expected: 'a claim in the snapshot\'s namespace (shop); it is in ops' },
  { title: 'a snapshot of a claim no CSI driver provisions', build: (s) => snap(s, { source: pvc(s, { storageClassName: new StorageClass(s, 'local', { provisioner: 'kubernetes.io/no-provisioner' }) }) }),
    where: '[bad/shop/nightly] source: got "data"', expected: 'a claim whose volume a CSI driver provisions (its class "local" uses kubernetes.io/no-provisioner, which takes no snapshots)' },
  { title: 'a snapshot class of another driver', build: (s) => snap(s, { source: pvc(s, { storageClassName: new EbsStorageClass(s, 'gp3') }), snapshotClass: vsc(s, { driver: 'efs.csi.aws.com' }) }),
    where: '[bad/shop/nightly] snapshotClass: got "snaps"', expected: 'a class of the driver ebs.csi.aws.com, which provisions the claim "data" (class "gp3"); "snaps" is for efs.csi.aws.com' },
  { title: 'a snapshot prop typo', build: (s) => snap(s, { volumeSnapshotClassName: 'x' }), where: '[bad/shop/nightly] volumeSnapshotClassName: got "x"', expected: 'a known prop; the props are' },
];

const good: AppDefinition = {
  name: 'good',
  description: 'a claim of an EBS class mounted by a single-instance Worker, synthesized before each bad app',
  build: (app) => {
    const stack = new AppStack(app, 'good');
    const ns = new SecureNamespace(stack, 'shop');
    const data = new PersistentVolumeClaim(ns, 'data', { size: '10Gi', storageClassName: new EbsStorageClass(stack, 'gp3') });
    new Worker(ns, 'db', {
      image: 'ghcr.io/acme/db:1.0.0', replicas: 1, strategy: { type: 'Recreate' }, liveness: Probe.exec(['/check']),
      volumes: { data: Volume.claim(data) }, volumeMounts: [{ volume: 'data', path: '/data' }],
    });
  },
};

describeBadInputs('bad StorageClass, EbsStorageClass and EfsStorageClass input is rejected with a clear error and no output', good, inStack(CLASS_CASES));
describeBadInputs('bad PersistentVolumeClaim and claim mount input is rejected with a clear error and no output', good, inStack(CLAIM_CASES));
describeBadInputs('bad PersistentVolume and snapshot input is rejected with a clear error and no output', good, inStack(VOLUME_CASES));
