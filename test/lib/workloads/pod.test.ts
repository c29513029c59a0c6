import { NO_PROBES_REASON_ANNOTATION } from '../../../lib/core/annotations';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { Pod, PodProps } from '../../../lib/workloads/pod';
import { Probe } from '../../../lib/workloads/probe';
import { all, find, synth, synthError } from '../../helpers/synth';

const IMAGE = 'busybox:1.36.1';

function pod(props: Partial<PodProps> = {}) {
  return synth((s) => new Pod(new SecureNamespace(s, 'debug'), 'shell', { image: IMAGE, ...props }));
}

describe('Pod', () => {
  test('a bare v1 Pod with the restricted template, its own ServiceAccount, and no controller objects', () => {
    const out = pod({ ports: [{ name: 'http', port: 8080 }] });
    const manifest = find(out, 'Pod', 'shell');
    expect(manifest.apiVersion).toBe('v1');
    expect(manifest.metadata.namespace).toBe('debug');
    expect(manifest.metadata.labels).toMatchObject({ 'app': 'shell', 'app.kubernetes.io/name': 'shell' });
    expect(manifest.spec.serviceAccountName).toBe('shell');
    expect(manifest.spec.automountServiceAccountToken).toBe(false);
    expect(manifest.spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(find(out, 'ServiceAccount', 'shell')).toBeDefined();
    for (const kind of ['Service', 'PodDisruptionBudget', 'Deployment']) {
      expect(all(out, kind)).toEqual([]);
    }
    expect(manifest.spec).not.toHaveProperty('topologySpreadConstraints');
  });

  test('a long-running pod (restartPolicy Always by default) with a port gets TCP probes of it', () => {
    const spec = find(pod({ ports: [{ name: 'http', port: 8080 }] }), 'Pod', 'shell').spec;
    expect(spec.restartPolicy).toBe('Always');
    expect(spec.containers[0].readinessProbe.tcpSocket).toEqual({ port: 'http' });
    expect(spec.containers[0].livenessProbe.tcpSocket).toEqual({ port: 'http' });
  });

  test('a long-running pod without ports needs a probe...', () => {
    const error = synthError((s) => new Pod(new SecureNamespace(s, 'debug'), 'shell', { image: IMAGE }));
    expect(error.message).toContain('[test/debug/shell] liveness: got undefined; expected a probe (a container "shell" without ports gets no default probe');
    const spec = find(pod({ liveness: Probe.exec(['/bin/true']) }), 'Pod', 'shell').spec;
    expect(spec.containers[0].livenessProbe.exec).toEqual({ command: ['/bin/true'] });
    expect(spec.containers[0]).not.toHaveProperty('readinessProbe');
  });

  test('...or withoutProbes, whose reason is recorded on the Pod', () => {
    const manifest = find(pod({ withoutProbes: { reason: 'an interactive shell' } }), 'Pod', 'shell');
    expect(manifest.metadata.annotations).toEqual({ [NO_PROBES_REASON_ANNOTATION]: 'an interactive shell' });
    expect(manifest.spec.containers[0]).not.toHaveProperty('livenessProbe');
  });

  test.each(['Never', 'OnFailure'] as const)('a one-off pod (restartPolicy %s) needs no probes', (restartPolicy) => {
    const spec = find(pod({ restartPolicy, command: ['sh', '-c', 'date'] }), 'Pod', 'shell').spec;
    expect(spec.restartPolicy).toBe(restartPolicy);
    expect(spec.containers[0]).not.toHaveProperty('livenessProbe');
    expect(spec.containers[0].command).toEqual(['sh', '-c', 'date']);
  });

  test('annotations and podAnnotations both go on the Pod, with the recorded reasons', () => {
    const manifest = find(pod({
      restartPolicy: 'Never',
      annotations: { 'example.com/ticket': 'OPS-12' },
      podAnnotations: { 'example.com/trace': 'on' },
      allowWritableRootFilesystem: { reason: 'the shell installs tools' },
    }), 'Pod', 'shell');
    expect(manifest.metadata.annotations).toEqual({
      'example.com/ticket': 'OPS-12',
      'example.com/trace': 'on',
      'keelson.dev/writable-root-filesystem-reason': 'shell: the shell installs tools',
    });
  });

  test('a pod without annotations has none', () => {
    expect(find(pod({ restartPolicy: 'Never' }), 'Pod', 'shell').metadata).not.toHaveProperty('annotations');
  });

  test('a bare Pod may have activeDeadlineSeconds (a debugging session that ends by itself)', () => {
    expect(find(pod({ restartPolicy: 'Never', activeDeadlineSeconds: 3600 }), 'Pod', 'shell').spec.activeDeadlineSeconds).toBe(3600);
  });

  test('sidecars are native in a one-off pod, plain containers in a long-running one', () => {
    const sidecar = { name: 'proxy', image: 'ghcr.io/acme/proxy:2.0.0', ports: [{ name: 'proxy', port: 15000 }] };
    const once = find(pod({ restartPolicy: 'Never', sidecars: [sidecar] }), 'Pod', 'shell').spec;
    expect(once.initContainers.map((c: any) => [c.name, c.restartPolicy])).toEqual([['proxy', 'Always']]);
    const always = find(pod({ withoutProbes: { reason: 'shell' }, sidecars: [sidecar] }), 'Pod', 'shell').spec;
    expect(always.containers.map((c: any) => c.name)).toEqual(['shell', 'proxy']);
    expect(always).not.toHaveProperty('initContainers');
  });
});
