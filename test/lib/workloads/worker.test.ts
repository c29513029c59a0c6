import { NO_PROBES_REASON_ANNOTATION } from '../../../lib/core/annotations';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { Probe } from '../../../lib/workloads/probe';
import { Worker, WorkerProps } from '../../../lib/workloads/worker';
import { all, find, synth, synthError } from '../../helpers/synth';

const IMAGE = 'ghcr.io/acme/consumer:5.0.2';
const liveness = Probe.exec(['/app/healthcheck']);

function worker(props: Partial<WorkerProps> = {}) {
  return synth((s) => new Worker(new SecureNamespace(s, 'queue'), 'consumer', { image: IMAGE, liveness, ...props }));
}

describe('Worker defaults', () => {
  const out = worker();
  const deployment = find(out, 'Deployment', 'consumer');
  const pod = deployment.spec.template.spec;
  const [container] = pod.containers;

  test('a Deployment of 2 pods with its own ServiceAccount and a PodDisruptionBudget, and no Service or Ingress', () => {
    expect(deployment.metadata.namespace).toBe('queue');
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.selector.matchLabels).toEqual({ app: 'consumer' });
    expect(pod.serviceAccountName).toBe('consumer');
    expect(find(out, 'ServiceAccount', 'consumer').automountServiceAccountToken).toBe(false);
    expect(find(out, 'PodDisruptionBudget', 'consumer').spec).toMatchObject({ maxUnavailable: 1, selector: { matchLabels: { app: 'consumer' } } });
    expect(all(out, 'Service')).toEqual([]);
    expect(all(out, 'Ingress')).toEqual([]);
  });

  test('the exec liveness probe, and no readiness probe or ports', () => {
    expect(container.livenessProbe).toMatchObject({ exec: { command: ['/app/healthcheck'] }, periodSeconds: 10, failureThreshold: 6 });
    expect(container).not.toHaveProperty('readinessProbe');
    expect(container).not.toHaveProperty('ports');
  });

  test('rolling updates keep capacity, and pods are spread over zones and hosts', () => {
    expect(deployment.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    expect(pod.topologySpreadConstraints.map((c: any) => c.topologyKey)).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
    expect(pod.restartPolicy).toBeUndefined();
  });
});

describe('Worker options', () => {
  test('withoutProbes records why the worker has none', () => {
    const deployment = find(worker({ liveness: undefined, withoutProbes: { reason: 'a failure shows in its exit' } }), 'Deployment', 'consumer');
    expect(deployment.spec.template.metadata.annotations).toEqual({ [NO_PROBES_REASON_ANNOTATION]: 'a failure shows in its exit' });
    expect(deployment.spec.template.spec.containers[0]).not.toHaveProperty('livenessProbe');
  });

  test('without ports, probes or withoutProbes it is refused', () => {
    const error = synthError((s) => new Worker(new SecureNamespace(s, 'queue'), 'consumer', { image: IMAGE }));
    expect(error.message).toContain('liveness: got undefined; expected a probe (a container "consumer" without ports gets no default probe; use Probe.exec([...]))');
  });

  test('a metrics port is probed by default', () => {
    const container = find(worker({ liveness: undefined, ports: [{ name: 'metrics', port: 9090 }] }), 'Deployment', 'consumer').spec.template.spec.containers[0];
    expect(container.ports).toEqual([{ name: 'metrics', containerPort: 9090, protocol: 'TCP' }]);
    expect(container.readinessProbe.tcpSocket).toEqual({ port: 'metrics' });
  });

  test('replicas, rollout options and the budget', () => {
    const out = worker({
      replicas: 5, strategy: { type: 'RollingUpdate', maxSurge: '25%', maxUnavailable: 1 }, revisionHistoryLimit: 3, minReadySeconds: 10,
      progressDeadlineSeconds: 300, disruptionBudget: { maxUnavailable: '20%' },
    });
    const spec = find(out, 'Deployment', 'consumer').spec;
    expect(spec).toMatchObject({ replicas: 5, revisionHistoryLimit: 3, minReadySeconds: 10, progressDeadlineSeconds: 300 });
    expect(spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } });
    expect(find(out, 'PodDisruptionBudget', 'consumer').spec.maxUnavailable).toBe('20%');
  });

  test('Recreate stops every old pod first', () => {
    expect(find(worker({ strategy: { type: 'Recreate' } }), 'Deployment', 'consumer').spec.strategy).toEqual({ type: 'Recreate' });
  });

  test('a single replica is not spread; spread: false turns spreading off', () => {
    expect(find(worker({ replicas: 1 }), 'Deployment', 'consumer').spec.template.spec).not.toHaveProperty('topologySpreadConstraints');
    expect(find(worker({ spread: false }), 'Deployment', 'consumer').spec.template.spec).not.toHaveProperty('topologySpreadConstraints');
  });
});
