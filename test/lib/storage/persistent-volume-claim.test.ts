import { Construct } from 'constructs';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { EbsStorageClass } from '../../../lib/storage/ebs-storage-class';
import { PersistentVolume } from '../../../lib/storage/persistent-volume';
import { PersistentVolumeClaim, PersistentVolumeClaimProps } from '../../../lib/storage/persistent-volume-claim';
import { VolumeSnapshot } from '../../../lib/storage/volume-snapshot';
import { CronJob } from '../../../lib/workloads/cron-job';
import { DaemonSet } from '../../../lib/workloads/daemon-set';
import { Job } from '../../../lib/workloads/job';
import { Pod } from '../../../lib/workloads/pod';
import { Probe } from '../../../lib/workloads/probe';
import { Volume } from '../../../lib/workloads/volume';
import { WebService, WebServiceProps } from '../../../lib/workloads/web-service';
import { Worker } from '../../../lib/workloads/worker';
import { find, synth, synthError } from '../../helpers/synth';

/** The namespace "shop" of a test stack, created once. */
const shop = (s: Construct): Construct => s.node.tryFindChild('shop') ?? new SecureNamespace(s, 'shop');
const claimIn = (s: Construct, name: string, props: Partial<PersistentVolumeClaimProps> = {}) =>
  new PersistentVolumeClaim(shop(s), name, { size: '10Gi', storageClassName: 'gp3', ...props });

describe('PersistentVolumeClaim', () => {
  test('the book\'s task-pv-claim (S5): class "manual", ReadWriteOnce, 3Gi', () => {
    const pvc = find(synth((s) => claimIn(s, 'task-pv-claim', { size: '3Gi', storageClassName: 'manual' })), 'PersistentVolumeClaim', 'task-pv-claim');
    expect(pvc.metadata.namespace).toBe('shop');
    expect(pvc.spec).toEqual({ accessModes: ['ReadWriteOnce'], storageClassName: 'manual', resources: { requests: { storage: '3Gi' } } });
  });

  test('the book\'s myclaim with a selector (S6): Filesystem, 8Gi, class "slow", release=stable and environment In [dev]', () => {
    const pvc = find(synth((s) => claimIn(s, 'myclaim', {
      size: '8Gi', volumeMode: 'Filesystem', storageClassName: 'slow',
      selector: { matchLabels: { release: 'stable' }, matchExpressions: [{ key: 'environment', operator: 'In', values: ['dev'] }] },
    })), 'PersistentVolumeClaim', 'myclaim');
    expect(pvc.spec).toEqual({
      accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem', storageClassName: 'slow', resources: { requests: { storage: '8Gi' } },
      selector: { matchLabels: { release: 'stable' }, matchExpressions: [{ key: 'environment', operator: 'In', values: ['dev'] }] },
    });
  });

  test('kept by Argo CD and Flux when it leaves Git, unless a reason allows pruning it', () => {
    const out = synth((s) => {
      claimIn(s, 'data');
      new PersistentVolumeClaim(s, 'scratch', { namespace: 'shop', size: '1Gi', allowPruning: { reason: 'a cache, rebuilt on start' } });
    });
    expect(find(out, 'PersistentVolumeClaim', 'data').metadata.annotations).toEqual({
      'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false', 'kustomize.toolkit.fluxcd.io/prune': 'disabled',
    });
    expect(find(out, 'PersistentVolumeClaim', 'scratch').metadata.annotations).toEqual({ 'keelson.dev/prune-reason': 'a cache, rebuilt on start' });
  });

  test('a class construct gives its name; "" asks for no class; none leaves the default class to the cluster', () => {
    const out = synth((s) => {
      const ns = new SecureNamespace(s, 'shop');
      new PersistentVolumeClaim(ns, 'a', { size: '1Gi', storageClassName: new EbsStorageClass(s, 'io2', { name: 'io2', volumeType: 'io2', iops: 10000, isDefault: false }) });
      new PersistentVolumeClaim(ns, 'b', { size: '1Gi', storageClassName: '' });
      new PersistentVolumeClaim(ns, 'c', { size: '1Gi', accessModes: ['ReadWriteMany'] });
    });
    expect(['a', 'b', 'c'].map((n) => find(out, 'PersistentVolumeClaim', n).spec.storageClassName)).toEqual(['io2', '', undefined]);
    expect(find(out, 'PersistentVolumeClaim', 'c').spec.accessModes).toEqual(['ReadWriteMany']);
  });

  test('bound by name to a hand-made PersistentVolume of the same class, modes and enough capacity', () => {
    const out = synth((s) => {
      const pv = new PersistentVolume(s, 'nfs', { capacity: '100Gi', accessModes: ['ReadWriteMany', 'ReadOnlyMany'], storageClassName: 'nfs', nfs: { server: '10.0.0.10', path: '/exports' } });
      claimIn(s, 'shared', { size: '100Gi', accessModes: ['ReadWriteMany'], storageClassName: 'nfs', volumeName: pv });
      claimIn(s, 'by-name', { size: '1Gi', storageClassName: '', volumeName: 'pv-0001' });
    });
    expect(find(out, 'PersistentVolumeClaim', 'shared').spec).toMatchObject({ volumeName: 'nfs', storageClassName: 'nfs', accessModes: ['ReadWriteMany'] });
    expect(find(out, 'PersistentVolumeClaim', 'by-name').spec.volumeName).toBe('pv-0001');
  });

  test('restored from a VolumeSnapshot, by construct or by name', () => {
    const out = synth((s) => {
      const data = claimIn(s, 'data');
      const snap = new VolumeSnapshot(shop(s), 'nightly', { source: data });
      new PersistentVolumeClaim(shop(s), 'restored', { size: '20Gi', storageClassName: 'gp3', dataSource: snap });
      new PersistentVolumeClaim(shop(s), 'restored-old', { size: '10Gi', storageClassName: 'gp3', dataSource: 'weekly' });
    });
    expect(find(out, 'PersistentVolumeClaim', 'restored').spec.dataSource).toEqual({ apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'nightly' });
    expect(find(out, 'PersistentVolumeClaim', 'restored-old').spec.dataSource.name).toBe('weekly');
  });
});

describe('claims mounted by any workload (Volume.claim)', () => {
  test('the book\'s task-pv-pod (S7): a claim by name, mounted read-write at /usr/share/nginx/html', () => {
    const pod = find(synth((s) => new Pod(new SecureNamespace(s, 'shop'), 'task-pv-pod', {
      image: 'nginx:1.27.3', ports: [{ name: 'http-server', port: 80 }],
      volumes: { 'task-pv-storage': Volume.claim('task-pv-claim') },
      volumeMounts: [{ volume: 'task-pv-storage', path: '/usr/share/nginx/html' }],
    })), 'Pod', 'task-pv-pod');
    expect(pod.spec.volumes).toContainEqual({ name: 'task-pv-storage', persistentVolumeClaim: { claimName: 'task-pv-claim' } });
    expect(pod.spec.containers[0].volumeMounts).toContainEqual({ name: 'task-pv-storage', mountPath: '/usr/share/nginx/html', readOnly: false });
  });

  test('a read-only claim is read-only in the volume and in every mount by default', () => {
    const out = synth((s) => {
      const reports = claimIn(s, 'reports', { accessModes: ['ReadOnlyMany'] });
      new Worker(shop(s), 'reader', {
        image: 'ghcr.io/acme/reader:1.0.0', replicas: 3, liveness: Probe.exec(['/check']),
        volumes: { reports: Volume.claim(reports, { readOnly: true }) }, volumeMounts: [{ volume: 'reports', path: '/reports' }],
      });
    });
    const spec = find(out, 'Deployment', 'reader').spec;
    expect(spec.replicas).toBe(3);
    expect(spec.template.spec.volumes).toContainEqual({ name: 'reports', persistentVolumeClaim: { claimName: 'reports', readOnly: true } });
    expect(spec.template.spec.containers[0].volumeMounts).toContainEqual({ name: 'reports', mountPath: '/reports', readOnly: true });
  });

  test('Jobs, CronJobs and DaemonSets mount claims too', () => {
    const out = synth((s) => {
      const ns = new SecureNamespace(s, 'shop');
      const backups = new PersistentVolumeClaim(ns, 'backups', { size: '50Gi', accessModes: ['ReadWriteMany'], storageClassName: 'efs' });
      const mount = { volumes: { backups: Volume.claim(backups) }, volumeMounts: [{ volume: 'backups', path: '/backups' }] };
      new Job(ns, 'restore', { image: 'ghcr.io/acme/backup:2.0.1', ...mount });
      new CronJob(ns, 'backup', { image: 'ghcr.io/acme/backup:2.0.1', schedule: '0 3 * * *', ...mount });
      new DaemonSet(ns, 'collector', { image: 'ghcr.io/acme/collector:1.0.0', ports: [{ name: 'metrics', port: 9100 }], ...mount });
    });
    const volumes = [find(out, 'Job', 'restore').spec.template.spec, find(out, 'CronJob', 'backup').spec.jobTemplate.spec.template.spec,
      find(out, 'DaemonSet', 'collector').spec.template.spec].map((spec) => spec.volumes.find((v: any) => v.name === 'backups'));
    expect(volumes).toEqual(Array(3).fill({ name: 'backups', persistentVolumeClaim: { claimName: 'backups' } }));
  });
});

describe('a ReadWriteOnce claim makes a Deployment a single instance', () => {
  const web = (s: Construct, p: Partial<WebServiceProps>, modes?: PersistentVolumeClaimProps['accessModes']) => {
    const data = claimIn(s, 'db-data', { accessModes: modes });
    return new WebService(shop(s), 'db', {
      image: 'ghcr.io/acme/db:1.0.0', volumes: { data: Volume.claim(data) }, volumeMounts: [{ volume: 'data', path: '/var/lib/db' }], ...p,
    });
  };

  test('one replica, replaced with Recreate: passes, and the Deployment says so', () => {
    const d = find(synth((s) => web(s, { replicas: 1, strategy: { type: 'Recreate' } })), 'Deployment', 'db');
    expect([d.spec.replicas, d.spec.strategy]).toEqual([1, { type: 'Recreate' }]);
  });

  test('three replicas of a rolling Deployment: an error naming the claim, the replicas and what to write', () => {
    const message = synthError((s) => web(s, { replicas: 3 })).message;
    expect(message).toContain('[test/shop/db] replicas: got 3; expected 1: the claim "db-data" (volumes.data, ReadWriteOnce) can be used by the pods of '
      + 'one node at a time, so the Deployment runs one pod; write replicas: 1 and strategy: { type: \'Recreate\' } (the single-instance pattern), '
      + 'or give the claim accessModes ["ReadWriteMany"]');
    expect(message).toContain('[test/shop/db] strategy: got "RollingUpdate (the default)"; expected { type: \'Recreate\' }: the claim "db-data"');
  });

  test('the default of 2 replicas, and an autoscaler, are refused; ReadWriteOncePod names one pod', () => {
    expect(synthError((s) => web(s, { strategy: { type: 'Recreate' } })).message).toContain('runs one pod (the default is 2)');
    expect(synthError((s) => web(s, { strategy: { type: 'Recreate' }, autoscaling: { maxReplicas: 4 } })).message)
      .toContain('[test/shop/db] autoscaling: got {"maxReplicas":4}; expected no autoscaling: the claim "db-data"');
    expect(synthError((s) => web(s, { replicas: 2, strategy: { type: 'Recreate' } }, ['ReadWriteOncePod'])).message)
      .toContain('(volumes.data, ReadWriteOncePod) can be used by one pod at a time');
  });

  test('a ReadWriteMany claim lets three replicas roll; so does a claim given by name (its modes are unknown)', () => {
    const out = synth((s) => {
      web(s, { replicas: 3 }, ['ReadWriteMany']);
      new Worker(new SecureNamespace(s, 'ops'), 'consumer', {
        image: 'ghcr.io/acme/consumer:1.0.0', replicas: 3, liveness: Probe.exec(['/check']),
        volumes: { spool: Volume.claim('spool') }, volumeMounts: [{ volume: 'spool', path: '/spool' }],
      });
    });
    expect(find(out, 'Deployment', 'db').spec.replicas).toBe(3);
    expect(find(out, 'Deployment', 'consumer').spec.replicas).toBe(3);
  });

  test('a Worker is held to the same rule, and a claim of another namespace is refused', () => {
    const message = synthError((s) => {
      const data = claimIn(s, 'queue-data');
      new Worker(new SecureNamespace(s, 'ops'), 'consumer', {
        image: 'ghcr.io/acme/consumer:1.0.0', liveness: Probe.exec(['/check']),
        volumes: { data: Volume.claim(data) }, volumeMounts: [{ volume: 'data', path: '/data' }],
      });
    }).message;
    expect(message).toContain('[test/ops/consumer] volumes.data.claim: got "queue-data"; expected a claim in the workload\'s namespace (ops): '
      + 'pods mount claims of their own namespace only, and "queue-data" is in shop');
    expect(message).toContain('[test/ops/consumer] replicas: got undefined; expected 1: the claim "queue-data"');
  });
});
