import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { ServiceAccount } from '../../../lib/security/service-account';
import { Job, JobProps } from '../../../lib/workloads/job';
import { all, find, synth } from '../../helpers/synth';

const IMAGE = 'ghcr.io/acme/migrate:1.4.0';

function job(props: Partial<JobProps> = {}) {
  return synth((s) => new Job(new SecureNamespace(s, 'batch'), 'migrate', { image: IMAGE, ...props }));
}

describe('Job defaults', () => {
  const out = job();
  const manifest = find(out, 'Job', 'migrate');
  const pod = manifest.spec.template.spec;
  const [container] = pod.containers;

  test('a batch/v1 Job in the namespace, its own ServiceAccount, and nothing that serves or protects a long-running pod', () => {
    expect(manifest.apiVersion).toBe('batch/v1');
    expect(manifest.metadata.namespace).toBe('batch');
    expect(find(out, 'ServiceAccount', 'migrate').automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBe('migrate');
    expect(pod.automountServiceAccountToken).toBe(false);
    for (const kind of ['Service', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'Ingress', 'Deployment']) {
      expect(all(out, kind)).toEqual([]);
    }
  });

  test('a failed pod is replaced (restartPolicy Never) and a finished Job is deleted after a day', () => {
    expect(pod.restartPolicy).toBe('Never');
    expect(manifest.spec.ttlSecondsAfterFinished).toBe(86400);
    expect(manifest.spec).not.toHaveProperty('completions');
    expect(manifest.spec).not.toHaveProperty('podFailurePolicy');
  });

  test('the container runs to completion: no probes, the restricted security context, no spreading', () => {
    expect(container.name).toBe('migrate');
    expect(container).not.toHaveProperty('readinessProbe');
    expect(container).not.toHaveProperty('livenessProbe');
    expect(container).not.toHaveProperty('ports');
    expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
    expect(pod).not.toHaveProperty('topologySpreadConstraints');
  });

  test('the pods carry the selector labels', () => {
    expect(manifest.spec.template.metadata.labels).toEqual({ 'app': 'migrate', 'app.kubernetes.io/name': 'migrate' });
  });
});

describe('the CKA "pi" Job', () => {
  const out = synth((s) => new Job(new SecureNamespace(s, 'batch'), 'pi', {
    image: 'perl:5.34.0',
    command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'],
    completions: 10,
    parallelism: 5,
    backoffLimit: 4,
    activeDeadlineSeconds: 100,
  }));
  const manifest = find(out, 'Job', 'pi');

  test('renders its numbers on the Job spec', () => {
    expect(manifest.spec).toMatchObject({ completions: 10, parallelism: 5, backoffLimit: 4, activeDeadlineSeconds: 100, ttlSecondsAfterFinished: 86400 });
  });

  test('the deadline is the Job\'s, not its pods\'', () => {
    expect(manifest.spec.template.spec).not.toHaveProperty('activeDeadlineSeconds');
  });

  test('runs the command in the image', () => {
    const [container] = manifest.spec.template.spec.containers;
    expect(container.image).toBe('perl:5.34.0');
    expect(container.command).toEqual(['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)']);
  });
});

describe('Job options', () => {
  test('ttlSecondsAfterFinished overrides the default, 0 included', () => {
    expect(find(job({ ttlSecondsAfterFinished: 600 }), 'Job', 'migrate').spec.ttlSecondsAfterFinished).toBe(600);
    expect(find(job({ ttlSecondsAfterFinished: 0 }), 'Job', 'migrate').spec.ttlSecondsAfterFinished).toBe(0);
  });

  test('restartPolicy OnFailure restarts the container in the same pod', () => {
    expect(find(job({ restartPolicy: 'OnFailure' }), 'Job', 'migrate').spec.template.spec.restartPolicy).toBe('OnFailure');
  });

  test('an Indexed Job with a per-index backoff limit', () => {
    const spec = find(job({ completionMode: 'Indexed', completions: 4, parallelism: 2, backoffLimitPerIndex: 1 }), 'Job', 'migrate').spec;
    expect(spec).toMatchObject({ completionMode: 'Indexed', completions: 4, parallelism: 2, backoffLimitPerIndex: 1 });
  });

  test('a shared ServiceAccount replaces the Job\'s own', () => {
    const out = synth((s) => {
      const ns = new SecureNamespace(s, 'batch');
      new Job(ns, 'migrate', { image: IMAGE, serviceAccount: new ServiceAccount(ns, 'runner') });
    });
    expect(all(out, 'ServiceAccount').map((sa) => sa.metadata.name)).toEqual(['runner']);
    expect(find(out, 'Job', 'migrate').spec.template.spec.serviceAccountName).toBe('runner');
  });

  test('annotations go on the Job, podAnnotations on its pods', () => {
    const manifest = find(job({ annotations: { 'example.com/owner': 'data' }, podAnnotations: { 'example.com/trace': 'on' } }), 'Job', 'migrate');
    expect(manifest.metadata.annotations).toEqual({ 'example.com/owner': 'data' });
    expect(manifest.spec.template.metadata.annotations).toEqual({ 'example.com/trace': 'on' });
  });
});

describe('sidecars of a Job', () => {
  const proxy = { name: 'proxy', image: 'ghcr.io/acme/proxy:2.0.0', ports: [{ name: 'proxy', port: 15000 }] };

  test('run as native sidecars by default, so they never keep the Job from completing', () => {
    const pod = find(job({ sidecars: [proxy] }), 'Job', 'migrate').spec.template.spec;
    expect(pod.containers.map((c: any) => c.name)).toEqual(['migrate']);
    expect(pod.initContainers.map((c: any) => [c.name, c.restartPolicy])).toEqual([['proxy', 'Always']]);
    expect(pod.initContainers[0].readinessProbe.tcpSocket).toEqual({ port: 'proxy' });
  });

  test('run beside the main container with native: false', () => {
    const pod = find(job({ sidecars: [{ ...proxy, native: false }] }), 'Job', 'migrate').spec.template.spec;
    expect(pod.containers.map((c: any) => c.name)).toEqual(['migrate', 'proxy']);
    expect(pod.containers[1]).not.toHaveProperty('restartPolicy');
    expect(pod).not.toHaveProperty('initContainers');
  });

  test('the Job\'s ports are every container\'s', () => {
    let ports: readonly unknown[] = [];
    synth((s) => {
      ports = new Job(new SecureNamespace(s, 'batch'), 'migrate', { image: IMAGE, ports: [{ name: 'peer', port: 7000 }], sidecars: [proxy] }).ports;
    });
    expect(ports).toEqual([{ name: 'peer', port: 7000 }, { name: 'proxy', port: 15000 }]);
  });
});

describe('podFailurePolicy', () => {
  test('rules in order: exit codes sorted, pod conditions with status True by default', () => {
    const spec = find(job({
      containerName: 'main',
      podFailurePolicy: [
        { action: 'FailJob', onExitCodes: { container: 'main', operator: 'In', values: [42, 3] } },
        { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] },
        { action: 'Count', onExitCodes: { operator: 'NotIn', values: [0] } },
      ],
    }), 'Job', 'migrate').spec;
    expect(spec.podFailurePolicy.rules).toEqual([
      { action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [3, 42] }, onPodConditions: [] },
      { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
      { action: 'Count', onExitCodes: { operator: 'NotIn', values: [0] }, onPodConditions: [] },
    ]);
    expect(spec.template.spec.restartPolicy).toBe('Never');
    expect(spec.template.spec.containers[0].name).toBe('main');
  });

  test('FailIndex fails one index of an Indexed Job with a per-index backoff limit', () => {
    const spec = find(job({
      completionMode: 'Indexed', completions: 3, backoffLimitPerIndex: 2,
      podFailurePolicy: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [1] } }],
    }), 'Job', 'migrate').spec;
    expect(spec.podFailurePolicy.rules[0]).toMatchObject({ action: 'FailIndex', onExitCodes: { operator: 'In', values: [1] } });
    expect(spec.backoffLimitPerIndex).toBe(2);
  });
});
