import { HOST_ACCESS_REASON_ANNOTATION } from '../../../lib/core/annotations';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { Job, JobProps } from '../../../lib/workloads/job';
import { Volume } from '../../../lib/workloads/volume';
import { find, synth, synthError } from '../../helpers/synth';

const IMAGE = 'ghcr.io/acme/site:1.0.0';

function jobPod(props: Partial<JobProps>) {
  return find(synth((s) => new Job(new SecureNamespace(s, 'web'), 'build', { image: IMAGE, ...props })), 'Job', 'build').spec.template;
}

/** The pod volume called `name`. */
const volume = (pod: any, name: string) => pod.spec.volumes.find((v: any) => v.name === name);

describe('emptyDir volumes shared by name', () => {
  const pod = jobPod({
    volumes: { content: Volume.emptyDir(), scratch: Volume.emptyDir({ sizeLimit: '64Mi', medium: 'Memory' }) },
    initContainers: [{ name: 'fetch', image: 'ghcr.io/acme/git:2.45.0', volumeMounts: [{ volume: 'content', path: '/content' }] }],
    volumeMounts: [{ volume: 'content', path: '/usr/share/site', readOnly: true }, { volume: 'scratch', path: '/scratch', subPath: 'build' }],
  });

  test('are declared once with a size limit (256Mi by default), in memory with medium Memory', () => {
    expect(volume(pod, 'content')).toEqual({ name: 'content', emptyDir: { sizeLimit: '256Mi' } });
    expect(volume(pod, 'scratch')).toEqual({ name: 'scratch', emptyDir: { sizeLimit: '64Mi', medium: 'Memory' } });
    expect(pod.spec.volumes.map((v: any) => v.name)).toEqual(['tmp', 'fetch-tmp', 'content', 'scratch']);
  });

  test('every container mounts them where it says, writable by default', () => {
    expect(pod.spec.initContainers[0].volumeMounts).toEqual([
      { name: 'fetch-tmp', mountPath: '/tmp' }, { name: 'content', mountPath: '/content', readOnly: false },
    ]);
    expect(pod.spec.containers[0].volumeMounts).toEqual([
      { name: 'tmp', mountPath: '/tmp' },
      { name: 'content', mountPath: '/usr/share/site', readOnly: true },
      { name: 'scratch', mountPath: '/scratch', subPath: 'build', readOnly: false },
    ]);
  });
});

describe('projected ServiceAccount tokens', () => {
  test('for one audience, renewed hourly by default, readable by the group only, mounted read-only', () => {
    const pod = jobPod({ volumes: { vault: Volume.serviceAccountToken({ audience: 'vault' }) }, volumeMounts: [{ volume: 'vault', path: '/var/run/secrets/vault' }] });
    expect(volume(pod, 'vault')).toEqual({
      name: 'vault',
      projected: { defaultMode: 0o440, sources: [{ serviceAccountToken: { audience: 'vault', expirationSeconds: 3600, path: 'token' } }] },
    });
    expect(pod.spec.containers[0].volumeMounts[1]).toEqual({ name: 'vault', mountPath: '/var/run/secrets/vault', readOnly: true });
    expect(pod.spec.automountServiceAccountToken).toBe(false);
  });

  test('expiration and file name', () => {
    const pod = jobPod({
      volumes: { aws: Volume.serviceAccountToken({ audience: 'sts.amazonaws.com', expirationSeconds: 86400, fileName: 'aws/token' }) },
      volumeMounts: [{ volume: 'aws', path: '/var/run/secrets/aws' }],
    });
    expect(volume(pod, 'aws').projected.sources).toEqual([{ serviceAccountToken: { audience: 'sts.amazonaws.com', expirationSeconds: 86400, path: 'aws/token' } }]);
  });
});

describe('downward API volumes', () => {
  test('pod fields and resource amounts as files, sorted, of the main container unless named', () => {
    const pod = jobPod({
      volumes: {
        info: Volume.downwardApi({
          'labels': { fieldPath: 'metadata.labels' },
          'team': { fieldPath: "metadata.annotations['example.com/team']" },
          'cpu-limit': { resource: 'limits.cpu' },
          'proxy-memory': { resource: 'requests.memory', container: 'proxy' },
        }),
      },
      volumeMounts: [{ volume: 'info', path: '/etc/podinfo' }],
      sidecars: [{ name: 'proxy', image: 'ghcr.io/acme/proxy:2.0.0', ports: [{ name: 'proxy', port: 15000 }] }],
    });
    expect(volume(pod, 'info')).toEqual({
      name: 'info',
      downwardAPI: {
        defaultMode: 0o444,
        items: [
          { path: 'cpu-limit', resourceFieldRef: { resource: 'limits.cpu', containerName: 'build' } },
          { path: 'labels', fieldRef: { fieldPath: 'metadata.labels', apiVersion: 'v1' } },
          { path: 'proxy-memory', resourceFieldRef: { resource: 'requests.memory', containerName: 'proxy' } },
          { path: 'team', fieldRef: { fieldPath: "metadata.annotations['example.com/team']", apiVersion: 'v1' } },
        ],
      },
    });
    expect(pod.spec.containers[0].volumeMounts[1]).toEqual({ name: 'info', mountPath: '/etc/podinfo', readOnly: true });
  });

  test('a resource file of a container the pod does not have is refused', () => {
    const error = synthError((s) => new Job(new SecureNamespace(s, 'web'), 'build', {
      image: IMAGE, volumes: { info: Volume.downwardApi({ mem: { resource: 'limits.memory', container: 'sidecar' } }) },
    }));
    expect(error.message).toContain('volumes.info container: got "sidecar"; expected the name of a container of the pod (build)');
  });
});

describe('hostPath volumes', () => {
  test('on any kind: read-only by default, with the reason recorded', () => {
    const pod = jobPod({
      volumes: { certs: Volume.hostPath('/etc/ssl/certs', { reason: 'trusts the node CA bundle' }) },
      volumeMounts: [{ volume: 'certs', path: '/etc/ssl/certs' }],
    });
    expect(volume(pod, 'certs')).toEqual({ name: 'certs', hostPath: { path: '/etc/ssl/certs', type: 'Directory' } });
    expect(pod.spec.containers[0].volumeMounts[1]).toEqual({ name: 'certs', mountPath: '/etc/ssl/certs', readOnly: true });
    expect(pod.metadata.annotations).toEqual({ [HOST_ACCESS_REASON_ANNOTATION]: 'volume certs: trusts the node CA bundle' });
  });
});

describe('volume names', () => {
  test('a shared volume may not take the name of a writable path\'s volume', () => {
    const error = synthError((s) => new Job(new SecureNamespace(s, 'web'), 'build', {
      image: IMAGE, volumes: { tmp: Volume.hostPath('/tmp', { reason: 'scratch' }) },
    }));
    expect(error.message).toContain('volumes key: got "tmp"; expected a name that no writable path, file mount or claim of the pod uses (taken: tmp)');
  });

  test('a declared volume need not be mounted', () => {
    expect(volume(jobPod({ volumes: { spare: Volume.emptyDir() } }), 'spare')).toEqual({ name: 'spare', emptyDir: { sizeLimit: '256Mi' } });
  });
});
