import { Construct } from 'constructs';
import {
  AppStack, ExternalSecret, PersistentVolume, PersistentVolumeClaim, Pod, SecureNamespace, StorageClass, Volume,
} from '../../lib';
import { PLATFORM } from '../eks-platform/platform';
import { IMAGES, SMALL } from './images';

/** The web server of the storage examples: the nginx stand-in, on 8080 (see images.ts). */
const WEB = { image: IMAGES.nginx, resources: SMALL };

/**
 * The CKA notes' storage examples (seed-003a S1–S11, seed-003b S3–S5): pod volumes, static PersistentVolumes (NFS,
 * local, hostPath), claims with and without selectors, StorageClasses for dynamic provisioning, and the csi-s3 driver's
 * class with its credentials from AWS Secrets Manager. See README.md for each example's differences.
 */
export class CkaStorageStack extends AppStack {
  public constructor(scope: Construct, id: string) {
    super(scope, id);
    const ns = new SecureNamespace(this, 'cka-storage');

    // S1: an emptyDir cache mounted at /cache.
    new Pod(ns, 'test-pd', {
      ...WEB, ports: [{ name: 'http', port: 8080 }],
      volumes: { 'cache-volume': Volume.emptyDir() }, volumeMounts: [{ volume: 'cache-volume', path: '/cache' }],
    });

    // S2: files on the node (hostPath) need a namespace that admits privileged pods; both paths are created if
    // missing. The pod runs as non-root all the same, and writes only under /var/local/aaa.
    const host = new SecureNamespace(this, 'cka-storage-host', {
      podSecurityLevel: 'privileged',
      weakerPodSecurity: { reason: 'the notes\' hostPath example: a pod that keeps files on its node (/var/local/aaa)' },
    });
    new Pod(host, 'test-webserver', {
      ...WEB, ports: [{ name: 'http', port: 8080 }],
      volumes: {
        mydir: Volume.hostPath('/var/local/aaa', { type: 'DirectoryOrCreate', reason: 'the notes\' hostPath directory example' }),
        myfile: Volume.hostPath('/var/local/aaa/1.txt', { type: 'FileOrCreate', reason: 'the notes\' hostPath file example' }),
      },
      volumeMounts: [{ volume: 'mydir', path: '/var/local/aaa' }, { volume: 'myfile', path: '/var/local/aaa/1.txt' }],
    });

    // S3: a PersistentVolume on the node's /mnt/data, class "manual" (retained: Recycle is deprecated).
    const manual = 'manual';
    const taskVolume = new PersistentVolume(this, 'task-pv-volume', {
      labels: { type: 'local' }, storageClassName: manual, capacity: '10Gi', accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem',
      hostPath: { path: '/mnt/data', type: 'DirectoryOrCreate', reason: 'the notes\' single-node lab volume on the node\'s disk' },
    });
    // S4: an NFS volume, mounted with NFS 4.2.
    new PersistentVolume(this, 'nfs', {
      capacity: '1Mi', accessModes: ['ReadWriteMany'], mountOptions: ['nfsvers=4.2'], storageClassName: '',
      nfs: { server: 'nfs-server.default.svc.cluster.local', path: '/' },
    });
    // S5: task-pv-claim, bound to task-pv-volume through the class "manual".
    const taskClaim = new PersistentVolumeClaim(ns, 'task-pv-claim', { size: '3Gi', accessModes: ['ReadWriteOnce'], storageClassName: manual, volumeName: taskVolume });
    // S6: a claim that picks a volume by labels: release=stable and environment in (dev).
    new PersistentVolumeClaim(ns, 'myclaim', {
      size: '8Gi', accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem', storageClassName: 'slow',
      selector: { matchLabels: { release: 'stable' }, matchExpressions: [{ key: 'environment', operator: 'In', values: ['dev'] }] },
    });
    // S7: a pod serving files from task-pv-claim.
    new Pod(ns, 'task-pv-pod', {
      ...WEB, ports: [{ name: 'http-server', port: 8080 }],
      volumes: { 'task-pv-storage': Volume.claim(taskClaim) }, volumeMounts: [{ volume: 'task-pv-storage', path: '/usr/share/nginx/html' }],
    });

    // S8: a StorageClass for EBS (the notes' in-tree aws-ebs/gp2 is gone: the CSI driver and gp3), with a claim.
    const standard = new StorageClass(this, 'standard', {
      provisioner: 'ebs.csi.aws.com', parameters: { type: 'gp3', encrypted: 'true' }, reclaimPolicy: 'Retain',
      allowVolumeExpansion: true, mountOptions: ['debug'], volumeBindingMode: 'Immediate',
    });
    new PersistentVolumeClaim(ns, 'standard-claim', { size: '3Gi', accessModes: ['ReadWriteOnce'], storageClassName: standard });
    // S9: GCE persistent disks, standard and SSD (through the GCE PD CSI driver; they provision on GKE only).
    new StorageClass(this, 'slow', { provisioner: 'pd.csi.storage.gke.io', parameters: { type: 'pd-standard' } });
    const fast = new StorageClass(this, 'fast', { provisioner: 'pd.csi.storage.gke.io', parameters: { type: 'pd-ssd' } });
    new PersistentVolumeClaim(ns, 'claim1', { size: '30Gi', accessModes: ['ReadWriteOnce'], storageClassName: fast });

    // S10: the EaseMesh local volume on node4.
    new PersistentVolume(this, 'easemesh-storage-pv-3', {
      capacity: '4Gi', accessModes: ['ReadWriteOnce'], storageClassName: 'easemesh-storage',
      reclaimPolicy: 'Delete', deleteVolume: { reason: 'a cache of the EaseMesh control plane, rebuilt from its peers' },
      local: { path: '/volumes/easemesh-storage', node: 'node4' },
    });

    this.csiS3();
  }

  /**
   * S11 and seed-003b S3–S5: the csi-s3 driver's StorageClass, whose eight secret parameters name one Secret, here
   * filled from AWS Secrets Manager; a claim on it and an nginx pod serving from the bucket.
   */
  private csiS3(): void {
    const ns = new SecureNamespace(this, 'csi-s3-namespace', { name: 'csi-s3', labels: { ...PLATFORM.secretStoreAccessLabel } });
    const credentials = new ExternalSecret(ns, 'csi-s3-secret', {
      data: {
        accessKeyID: { key: 'cka/csi-s3', property: 'accessKeyID' },
        secretAccessKey: { key: 'cka/csi-s3', property: 'secretAccessKey' },
        endpoint: { key: 'cka/csi-s3', property: 'endpoint' },
      },
    });
    const s3 = new StorageClass(this, 'csi-s3', {
      provisioner: 'ch.ctrox.csi.s3-driver',
      parameters: { mounter: 'rclone' },
      csiSecrets: { provisioner: credentials, controllerPublish: credentials, nodeStage: credentials, nodePublish: credentials },
      volumeBindingMode: 'Immediate',
    });
    const claim = new PersistentVolumeClaim(ns, 'csi-s3-pvc', { size: '5Gi', accessModes: ['ReadWriteOnce'], storageClassName: s3 });
    new Pod(ns, 'csi-s3-test-nginx', {
      ...WEB, ports: [{ name: 'http', port: 8080 }],
      volumes: { webroot: Volume.claim(claim) }, volumeMounts: [{ volume: 'webroot', path: '/var/lib/www/html' }],
    });
  }
}
