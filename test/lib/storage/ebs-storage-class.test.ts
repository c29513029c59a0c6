import { ApiObject, JsonPatch } from 'cdk8s';
import { EbsStorageClass } from '../../../lib/storage/ebs-storage-class';
import { find, findWithPath, synth, synthWithPaths } from '../../helpers/synth';

describe('EbsStorageClass', () => {
  test('gp3, encrypted, bound in the pod\'s zone, expandable, retained, default', () => {
    const sc = find(synth((s) => new EbsStorageClass(s, 'gp3')), 'StorageClass', 'gp3');
    expect(sc).toMatchObject({
      provisioner: 'ebs.csi.aws.com',
      parameters: { type: 'gp3', encrypted: 'true' },
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
      metadata: { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    });
    expect(sc.metadata.namespace).toBeUndefined();
  });

  test('another class with a KMS key, not default, deleting volumes for a reason, which it records', () => {
    const sc = find(synth((s) => new EbsStorageClass(s, 'scratch', {
      name: 'scratch', volumeType: 'st1', isDefault: false, kmsKeyId: 'alias/ebs', deleteVolumes: { reason: 'scratch space' },
    })), 'StorageClass', 'scratch');
    expect(sc.parameters).toEqual({ type: 'st1', encrypted: 'true', kmsKeyId: 'alias/ebs' });
    expect(sc.reclaimPolicy).toBe('Delete');
    expect(sc.metadata.annotations).toEqual({ 'keelson.dev/deletion-reason': 'scratch space' });
  });
});

describe('EbsStorageClass escape hatch', () => {
  test('a JSON patch on the main object (child "Resource") is in the written StorageClass', () => {
    const out = synthWithPaths((s) => {
      const sc = new EbsStorageClass(s, 'gp3');
      ApiObject.of(sc.resource).addJsonPatch(JsonPatch.add('/mountOptions', ['noatime']));
    });
    const written = findWithPath(out, 'StorageClass');
    expect(written.constructPath).toBe('test/gp3/Resource');
    expect(written.manifest.mountOptions).toEqual(['noatime']);
    expect(written.manifest.reclaimPolicy).toBe('Retain');
  });
});
