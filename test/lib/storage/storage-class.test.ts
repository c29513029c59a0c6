import { ApiObject, JsonPatch } from 'cdk8s';
import { ExternalSecret } from '../../../lib/security/external-secret';
import { ExistingSecret } from '../../../lib/security/secret-source';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { EbsStorageClass } from '../../../lib/storage/ebs-storage-class';
import { EfsStorageClass } from '../../../lib/storage/efs-storage-class';
import { PersistentVolumeClaim } from '../../../lib/storage/persistent-volume-claim';
import { StorageClass } from '../../../lib/storage/storage-class';
import { Pod } from '../../../lib/workloads/pod';
import { Volume } from '../../../lib/workloads/volume';
import { all, find, findWithPath, synth, synthWithPaths } from '../../helpers/synth';

const CSI = 'csi.storage.k8s.io';

describe('StorageClass', () => {
  test('the book\'s "standard" class (S8) on the EBS CSI driver: every field as given, retained, no default annotation', () => {
    const sc = find(synth((s) => new StorageClass(s, 'standard', {
      provisioner: 'ebs.csi.aws.com', parameters: { type: 'gp3' }, reclaimPolicy: 'Retain', allowVolumeExpansion: true,
      mountOptions: ['debug'], volumeBindingMode: 'Immediate',
    })), 'StorageClass', 'standard');
    expect(sc).toMatchObject({
      apiVersion: 'storage.k8s.io/v1', provisioner: 'ebs.csi.aws.com', parameters: { type: 'gp3' }, reclaimPolicy: 'Retain',
      allowVolumeExpansion: true, mountOptions: ['debug'], volumeBindingMode: 'Immediate',
    });
    expect(sc.metadata.namespace).toBeUndefined();
    expect(sc.metadata.annotations).toBeUndefined();
  });

  test('defaults: Retain, WaitForFirstConsumer, no parameters, no expansion, not the default class', () => {
    const sc = find(synth((s) => new StorageClass(s, 'plain', { provisioner: 'driver.longhorn.io' })), 'StorageClass', 'plain');
    expect([sc.reclaimPolicy, sc.volumeBindingMode, sc.parameters, sc.allowVolumeExpansion, sc.mountOptions, sc.allowedTopologies])
      .toEqual(['Retain', 'WaitForFirstConsumer', undefined, undefined, undefined, undefined]);
  });

  test('the book\'s gce-pd classes "slow" and "fast" (S9) on the GCE PD CSI driver, and claim1 asking for "fast"', () => {
    const out = synth((s) => {
      new StorageClass(s, 'slow', { provisioner: 'pd.csi.storage.gke.io', parameters: { type: 'pd-standard' } });
      const fast = new StorageClass(s, 'fast', { provisioner: 'pd.csi.storage.gke.io', parameters: { type: 'pd-ssd' } });
      new PersistentVolumeClaim(new SecureNamespace(s, 'shop'), 'claim1', { size: '30Gi', storageClassName: fast });
    });
    expect(all(out, 'StorageClass').map((c) => [c.metadata.name, c.parameters.type])).toEqual([['fast', 'pd-ssd'], ['slow', 'pd-standard']]);
    expect(find(out, 'PersistentVolumeClaim', 'claim1').spec).toEqual({
      accessModes: ['ReadWriteOnce'], storageClassName: 'fast', resources: { requests: { storage: '30Gi' } },
    });
  });

  test('the notes\' csi-s3 example (S11; 003b S3-S5): the class with its 8 secret parameters from an ExternalSecret, the claim and the pod', () => {
    const out = synth((s) => {
      const credentials = new ExternalSecret(s, 'csi-s3-secret', {
        namespace: 'kube-system',
        data: {
          accessKeyID: { key: 'platform/csi-s3', property: 'accessKeyID' },
          secretAccessKey: { key: 'platform/csi-s3', property: 'secretAccessKey' },
          endpoint: { key: 'platform/csi-s3', property: 'endpoint' },
        },
      });
      const csiS3 = new StorageClass(s, 'csi-s3', {
        provisioner: 'ch.ctrox.csi.s3-driver',
        parameters: { mounter: 'rclone' },
        csiSecrets: { provisioner: credentials, controllerPublish: credentials, nodeStage: credentials, nodePublish: credentials },
      });
      const claim = new PersistentVolumeClaim(s, 'csi-s3-pvc', { namespace: 'default', size: '5Gi', storageClassName: csiS3 });
      new Pod(s, 'csi-s3-test-nginx', {
        namespace: 'default', image: 'nginx:1.27.3', ports: [{ name: 'http', port: 80 }],
        volumes: { webroot: Volume.claim(claim, { readOnly: false }) },
        volumeMounts: [{ volume: 'webroot', path: '/var/lib/www/html' }],
      });
    });
    const sc = find(out, 'StorageClass', 'csi-s3');
    expect(sc.provisioner).toBe('ch.ctrox.csi.s3-driver');
    expect(sc.parameters).toEqual({
      mounter: 'rclone',
      [`${CSI}/provisioner-secret-name`]: 'csi-s3-secret', [`${CSI}/provisioner-secret-namespace`]: 'kube-system',
      [`${CSI}/controller-publish-secret-name`]: 'csi-s3-secret', [`${CSI}/controller-publish-secret-namespace`]: 'kube-system',
      [`${CSI}/node-stage-secret-name`]: 'csi-s3-secret', [`${CSI}/node-stage-secret-namespace`]: 'kube-system',
      [`${CSI}/node-publish-secret-name`]: 'csi-s3-secret', [`${CSI}/node-publish-secret-namespace`]: 'kube-system',
    });
    expect(find(out, 'ExternalSecret', 'csi-s3-secret').metadata.namespace).toBe('kube-system');
    const pvc = find(out, 'PersistentVolumeClaim', 'csi-s3-pvc');
    expect([pvc.metadata.namespace, pvc.spec.accessModes, pvc.spec.resources.requests.storage, pvc.spec.storageClassName])
      .toEqual(['default', ['ReadWriteOnce'], '5Gi', 'csi-s3']);
    const pod = find(out, 'Pod', 'csi-s3-test-nginx').spec;
    expect(pod.volumes).toContainEqual({ name: 'webroot', persistentVolumeClaim: { claimName: 'csi-s3-pvc', readOnly: false } });
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'webroot', mountPath: '/var/lib/www/html', readOnly: false });
  });

  test('CSI secrets from an ExistingSecret or a name and namespace, for expansion too', () => {
    const sc = find(synth((s) => new StorageClass(s, 'rbd', {
      provisioner: 'rook-ceph.rbd.csi.ceph.com',
      parameters: { pool: 'replicapool', [`${CSI}/fstype`]: 'ext4' },
      csiSecrets: {
        provisioner: { secret: ExistingSecret.named('rook-csi-rbd-provisioner'), namespace: 'rook-ceph' },
        controllerExpand: { name: 'rook-csi-rbd-provisioner', namespace: 'rook-ceph' },
        nodeExpand: { name: 'rook-csi-rbd-node', namespace: 'rook-ceph' },
      },
      allowVolumeExpansion: true,
    })), 'StorageClass', 'rbd');
    expect(sc.parameters).toEqual({
      pool: 'replicapool', [`${CSI}/fstype`]: 'ext4',
      [`${CSI}/provisioner-secret-name`]: 'rook-csi-rbd-provisioner', [`${CSI}/provisioner-secret-namespace`]: 'rook-ceph',
      [`${CSI}/controller-expand-secret-name`]: 'rook-csi-rbd-provisioner', [`${CSI}/controller-expand-secret-namespace`]: 'rook-ceph',
      [`${CSI}/node-expand-secret-name`]: 'rook-csi-rbd-node', [`${CSI}/node-expand-secret-namespace`]: 'rook-ceph',
    });
  });

  test('deleting volumes takes a reason, written on the class; reclaimPolicy "Delete" says the same', () => {
    const out = synth((s) => {
      new StorageClass(s, 'scratch', { provisioner: 'ebs.csi.aws.com', deleteVolumes: { reason: 'CI scratch space' } });
      new StorageClass(s, 'tmp', { provisioner: 'ebs.csi.aws.com', reclaimPolicy: 'Delete', deleteVolumes: { reason: 'rebuilt nightly' } });
    });
    expect(find(out, 'StorageClass', 'scratch')).toMatchObject({ reclaimPolicy: 'Delete', metadata: { annotations: { 'keelson.dev/deletion-reason': 'CI scratch space' } } });
    expect(find(out, 'StorageClass', 'tmp')).toMatchObject({ reclaimPolicy: 'Delete', metadata: { annotations: { 'keelson.dev/deletion-reason': 'rebuilt nightly' } } });
  });

  test('the default class, zones it may provision in, and a class for hand-made volumes', () => {
    const out = synth((s) => {
      new StorageClass(s, 'zonal', {
        provisioner: 'ebs.csi.aws.com', isDefault: true,
        allowedTopologies: [{ 'topology.kubernetes.io/zone': ['eu-west-1a', 'eu-west-1b'] }, { 'topology.kubernetes.io/zone': ['eu-west-1c'], 'node.kubernetes.io/instance-type': ['m7g.large'] }],
      });
      new StorageClass(s, 'local-storage', { provisioner: 'kubernetes.io/no-provisioner' });
      new StorageClass(s, 'local-path', { provisioner: 'rancher.io/local-path' });
    });
    const zonal = find(out, 'StorageClass', 'zonal');
    expect(zonal.metadata.annotations).toEqual({ 'storageclass.kubernetes.io/is-default-class': 'true' });
    expect(zonal.allowedTopologies).toEqual([
      { matchLabelExpressions: [{ key: 'topology.kubernetes.io/zone', values: ['eu-west-1a', 'eu-west-1b'] }] },
      { matchLabelExpressions: [{ key: 'topology.kubernetes.io/zone', values: ['eu-west-1c'] }, { key: 'node.kubernetes.io/instance-type', values: ['m7g.large'] }] },
    ]);
    expect(find(out, 'StorageClass', 'local-storage').provisioner).toBe('kubernetes.io/no-provisioner');
    expect(find(out, 'StorageClass', 'local-path').provisioner).toBe('rancher.io/local-path');
  });

  test('the main object is the child "Resource" (escape hatch)', () => {
    const out = synthWithPaths((s) => {
      const sc = new StorageClass(s, 'std', { provisioner: 'ebs.csi.aws.com' });
      ApiObject.of(sc.resource).addJsonPatch(JsonPatch.add('/allowVolumeExpansion', true));
    });
    const written = findWithPath(out, 'StorageClass');
    expect(written.constructPath).toBe('test/std/Resource');
    expect(written.manifest.allowVolumeExpansion).toBe(true);
  });
});

describe('EbsStorageClass is a preset of StorageClass', () => {
  test('claims accept it as a StorageClass, and it tells its provisioner and policies', () => {
    let ebs: EbsStorageClass | undefined;
    const out = synth((s) => {
      ebs = new EbsStorageClass(s, 'gp3');
      new PersistentVolumeClaim(new SecureNamespace(s, 'shop'), 'data', { size: '20Gi', storageClassName: ebs });
    });
    expect(ebs).toBeInstanceOf(StorageClass);
    expect([ebs!.provisioner, ebs!.reclaimPolicy, ebs!.volumeBindingMode]).toEqual(['ebs.csi.aws.com', 'Retain', 'WaitForFirstConsumer']);
    expect(find(out, 'PersistentVolumeClaim', 'data').spec.storageClassName).toBe('gp3');
  });
});

describe('EfsStorageClass', () => {
  test('one access point per claim in the file system, directories 700, retained, not the default class', () => {
    let efs: EfsStorageClass | undefined;
    const sc = find(synth((s) => { efs = new EfsStorageClass(s, 'efs', { fileSystemId: 'fs-0123456789abcdef0' }); }), 'StorageClass', 'efs');
    expect(sc).toMatchObject({
      provisioner: 'efs.csi.aws.com', reclaimPolicy: 'Retain', volumeBindingMode: 'WaitForFirstConsumer',
      parameters: { provisioningMode: 'efs-ap', fileSystemId: 'fs-0123456789abcdef0', directoryPerms: '700' },
    });
    expect(Object.keys(sc.parameters)).toHaveLength(3);
    expect(sc.metadata.annotations).toBeUndefined();
    expect(efs).toBeInstanceOf(StorageClass);
    expect(efs!.fileSystemId).toBe('fs-0123456789abcdef0');
  });

  test('every parameter, as the driver spells them', () => {
    const out = synth((s) => {
      new EfsStorageClass(s, 'shared', {
        name: 'efs-shared', fileSystemId: 'fs-92107410', directoryPerms: '0750', gidRangeStart: 1000, gidRangeEnd: 2000,
        basePath: '/dynamic_provisioning', subPathPattern: '${.PVC.namespace}/${.PVC.name}', isDefault: true, mountOptions: ['iam'],
        volumeBindingMode: 'Immediate', deleteVolumes: { reason: 'per-test workspaces' }, labels: { team: 'platform' },
      });
      new EfsStorageClass(s, 'owned', { name: 'efs-owned', fileSystemId: 'fs-92107410', uid: 1001, gid: 1001 });
    });
    const shared = find(out, 'StorageClass', 'efs-shared');
    expect(shared.parameters).toEqual({
      provisioningMode: 'efs-ap', fileSystemId: 'fs-92107410', directoryPerms: '0750', gidRangeStart: '1000', gidRangeEnd: '2000',
      basePath: '/dynamic_provisioning', subPathPattern: '${.PVC.namespace}/${.PVC.name}',
    });
    expect([shared.reclaimPolicy, shared.volumeBindingMode, shared.mountOptions, shared.metadata.labels.team]).toEqual(['Delete', 'Immediate', ['iam'], 'platform']);
    expect(shared.metadata.annotations).toEqual({ 'storageclass.kubernetes.io/is-default-class': 'true', 'keelson.dev/deletion-reason': 'per-test workspaces' });
    expect(find(out, 'StorageClass', 'efs-owned').parameters).toMatchObject({ uid: '1001', gid: '1001' });
  });
});
