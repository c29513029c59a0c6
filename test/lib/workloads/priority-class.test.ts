import { ApiObject, JsonPatch } from 'cdk8s';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { Job } from '../../../lib/workloads/job';
import { PriorityClass, PriorityClassProps } from '../../../lib/workloads/priority-class';
import { find, synth } from '../../helpers/synth';

function priorityClass(props: Partial<PriorityClassProps> = {}) {
  return find(synth((s) => new PriorityClass(s, 'batch-low', { value: -10, description: 'Batch jobs that wait for spare capacity.', ...props })),
    'PriorityClass', 'batch-low');
}

describe('PriorityClass', () => {
  test('a cluster-scoped scheduling.k8s.io/v1 object that never preempts by default and is not the default class', () => {
    const pc = priorityClass();
    expect(pc.apiVersion).toBe('scheduling.k8s.io/v1');
    expect(pc.metadata).not.toHaveProperty('namespace');
    expect(pc).toMatchObject({ value: -10, description: 'Batch jobs that wait for spare capacity.', preemptionPolicy: 'Never', globalDefault: false });
  });

  test('preemption, the global default and the highest value users may give', () => {
    const pc = priorityClass({ value: 1_000_000_000, preemptionPolicy: 'PreemptLowerPriority', globalDefault: true, labels: { tier: 'critical' } });
    expect(pc).toMatchObject({ value: 1_000_000_000, preemptionPolicy: 'PreemptLowerPriority', globalDefault: true });
    expect(pc.metadata.labels).toMatchObject({ tier: 'critical' });
  });

  test('the name defaults to the id and can be set', () => {
    const out = synth((s) => new PriorityClass(s, 'pc', { name: 'nightly', value: 5, description: 'Nightly reports.' }));
    expect(find(out, 'PriorityClass', 'nightly').value).toBe(5);
  });

  test('a workload refers to it by name', () => {
    const out = synth((s) => {
      const low = new PriorityClass(s, 'batch-low', { value: -10, description: 'Batch jobs.' });
      new Job(new SecureNamespace(s, 'batch'), 'report', { image: 'ghcr.io/acme/report:1.0.0', priorityClass: low });
    });
    expect(find(out, 'Job', 'report').spec.template.spec.priorityClassName).toBe('batch-low');
  });

  test('its object is at child id "Resource", where a JSON patch reaches it', () => {
    const out = synth((s) => {
      const pc = new PriorityClass(s, 'batch-low', { value: -10, description: 'Batch jobs.' });
      expect(pc.node.findChild('Resource')).toBe(pc.resource);
      ApiObject.of(pc.resource).addJsonPatch(JsonPatch.replace('/value', -20));
    });
    expect(find(out, 'PriorityClass', 'batch-low').value).toBe(-20);
  });
});
