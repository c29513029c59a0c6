import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { CronJob } from '../../../lib/workloads/cron-job';
import { Job } from '../../../lib/workloads/job';
import { PriorityClass } from '../../../lib/workloads/priority-class';
import { Probe } from '../../../lib/workloads/probe';
import { SchedulingProps, Tolerations } from '../../../lib/workloads/scheduling';
import { WebService } from '../../../lib/workloads/web-service';
import { Worker } from '../../../lib/workloads/worker';
import { find, synth } from '../../helpers/synth';

const IMAGE = 'ghcr.io/acme/app:2.3.4';

/** The pod spec of a Worker (2 replicas, so spread by default) with the scheduling props. */
function workerPod(props: SchedulingProps) {
  const out = synth((s) => new Worker(new SecureNamespace(s, 'apps'), 'worker', { image: IMAGE, liveness: Probe.exec(['/check']), ...props }));
  return find(out, 'Deployment', 'worker').spec.template.spec;
}

describe('scheduling defaults', () => {
  const pod = workerPod({});

  test('no node selector, affinity, tolerations, priority or scheduler', () => {
    for (const field of ['nodeSelector', 'affinity', 'tolerations', 'priorityClassName', 'schedulerName']) {
      expect(pod).not.toHaveProperty(field);
    }
  });

  test('replicated pods spread over zones (best effort) and hosts (strict)', () => {
    expect(pod.topologySpreadConstraints).toEqual([
      { topologyKey: 'topology.kubernetes.io/zone', maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'worker' } } },
      { topologyKey: 'kubernetes.io/hostname', maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'worker' } } },
    ]);
  });
});

describe('node selection', () => {
  test('nodeSelector', () => {
    expect(workerPod({ nodeSelector: { 'disktype': 'ssd', 'kubernetes.io/arch': 'arm64' } }).nodeSelector).toEqual({ 'disktype': 'ssd', 'kubernetes.io/arch': 'arm64' });
  });

  test('required terms are ORed (one nodeSelectorTerm each), requirements of a term ANDed (one term\'s expressions)', () => {
    const pod = workerPod({
      nodeAffinity: {
        required: [
          [{ key: 'disktype', operator: 'In', values: ['ssd', 'nvme'] }, { key: 'gpu', operator: 'DoesNotExist' }],
          [{ key: 'node.example.com/cores', operator: 'Gt', values: ['16'] }, { key: 'spot', operator: 'NotIn', values: ['true'] }, { key: 'pool', operator: 'Exists' }],
        ],
      },
    });
    expect(pod.affinity).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            { matchExpressions: [{ key: 'disktype', operator: 'In', values: ['ssd', 'nvme'] }, { key: 'gpu', operator: 'DoesNotExist' }] },
            { matchExpressions: [
              { key: 'node.example.com/cores', operator: 'Gt', values: ['16'] }, { key: 'spot', operator: 'NotIn', values: ['true'] }, { key: 'pool', operator: 'Exists' },
            ] },
          ],
        },
      },
    });
  });

  test('preferred terms with their weights', () => {
    const pod = workerPod({
      nodeAffinity: {
        preferred: [
          { weight: 80, requirements: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['eu-west-1a'] }] },
          { weight: 1, requirements: [{ key: 'node.example.com/age-days', operator: 'Lt', values: ['30'] }] },
        ],
      },
    });
    expect(pod.affinity.nodeAffinity).toEqual({
      preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 80, preference: { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['eu-west-1a'] }] } },
        { weight: 1, preference: { matchExpressions: [{ key: 'node.example.com/age-days', operator: 'Lt', values: ['30'] }] } },
      ],
    });
  });
});

describe('pod affinity and anti-affinity', () => {
  test('run on the same host as the cache (required), by labels', () => {
    const pod = workerPod({ podAffinity: { required: [{ topologyKey: 'kubernetes.io/hostname', labels: { app: 'cache' } }] } });
    expect(pod.affinity).toEqual({
      podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'cache' } } }] },
    });
  });

  test('prefer zones without another copy, by requirements, in other namespaces too', () => {
    const pod = workerPod({
      podAntiAffinity: {
        preferred: [{
          weight: 100,
          term: { topologyKey: 'topology.kubernetes.io/zone', requirements: [{ key: 'app', operator: 'In', values: ['worker'] }], namespaces: ['apps', 'jobs'] },
        }],
      },
    });
    expect(pod.affinity).toEqual({
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{
          weight: 100,
          podAffinityTerm: {
            topologyKey: 'topology.kubernetes.io/zone',
            labelSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['worker'] }] },
            namespaces: ['apps', 'jobs'],
          },
        }],
      },
    });
  });

  test('labels and requirements of one term are ANDed in one label selector', () => {
    const pod = workerPod({ podAntiAffinity: { required: [{ topologyKey: 'kubernetes.io/hostname', labels: { app: 'db' }, requirements: [{ key: 'role', operator: 'Exists' }] }] } });
    expect(pod.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector)
      .toEqual({ matchLabels: { app: 'db' }, matchExpressions: [{ key: 'role', operator: 'Exists' }] });
  });
});

describe('tolerations', () => {
  test('rendered as given, with the helpers', () => {
    const pod = workerPod({
      tolerations: [
        ...Tolerations.controlPlane(),
        { key: 'dedicated', operator: 'Equal', value: 'batch', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 },
      ],
    });
    expect(pod.tolerations).toEqual([
      { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'dedicated', operator: 'Equal', value: 'batch', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 },
    ]);
  });

  test('everyTaint tolerates any taint', () => {
    expect(workerPod({ tolerations: Tolerations.everyTaint() }).tolerations).toEqual([{ operator: 'Exists' }]);
  });
});

describe('topology spread', () => {
  test('custom constraints replace the default spreading, and select the workload\'s pods', () => {
    const pod = workerPod({
      topologySpread: [{ topologyKey: 'topology.kubernetes.io/zone', maxSkew: 2, minDomains: 3 }, { topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' }],
    });
    expect(pod.topologySpreadConstraints).toEqual([
      { topologyKey: 'topology.kubernetes.io/zone', maxSkew: 2, minDomains: 3, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'worker' } } },
      { topologyKey: 'kubernetes.io/hostname', maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'worker' } } },
    ]);
  });

  test('a Job is not spread unless asked to', () => {
    const out = synth((s) => {
      const ns = new SecureNamespace(s, 'apps');
      new Job(ns, 'plain', { image: IMAGE });
      new Job(ns, 'spread', { image: IMAGE, parallelism: 4, topologySpread: [{ topologyKey: 'kubernetes.io/hostname' }] });
    });
    expect(find(out, 'Job', 'plain').spec.template.spec).not.toHaveProperty('topologySpreadConstraints');
    expect(find(out, 'Job', 'spread').spec.template.spec.topologySpreadConstraints).toEqual([
      { topologyKey: 'kubernetes.io/hostname', maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'spread' } } },
    ]);
  });
});

describe('priority and scheduler', () => {
  test('priorityClass by name, and schedulerName', () => {
    const pod = workerPod({ priorityClass: 'system-cluster-critical', schedulerName: 'bin-packing-scheduler' });
    expect(pod.priorityClassName).toBe('system-cluster-critical');
    expect(pod.schedulerName).toBe('bin-packing-scheduler');
  });

  test('priorityClass by construct, whose preemptionPolicy is Never by default', () => {
    const out = synth((s) => {
      const high = new PriorityClass(s, 'customer-facing', { value: 100000, description: 'Serves customers.' });
      const ns = new SecureNamespace(s, 'apps');
      new WebService(ns, 'web', { image: IMAGE, priorityClass: high });
      new CronJob(ns, 'report', { image: IMAGE, schedule: '@daily', priorityClass: high });
    });
    expect(find(out, 'PriorityClass', 'customer-facing').preemptionPolicy).toBe('Never');
    expect(find(out, 'Deployment', 'web').spec.template.spec.priorityClassName).toBe('customer-facing');
    expect(find(out, 'CronJob', 'report').spec.jobTemplate.spec.template.spec.priorityClassName).toBe('customer-facing');
  });
});
