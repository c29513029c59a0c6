import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { ReplicaSet, ReplicaSetProps } from '../../../lib/workloads/replica-set';
import { all, find, synth } from '../../helpers/synth';

function frontend(props: Partial<ReplicaSetProps> = {}) {
  return synth((s) => new ReplicaSet(new SecureNamespace(s, 'guestbook'), 'frontend', {
    image: 'gcr.io/google_samples/gb-frontend:v3', replicas: 3, ports: [{ name: 'http', port: 80 }], ...props,
  }));
}

describe('the CKA "frontend" ReplicaSet', () => {
  const out = frontend();
  const rs = find(out, 'ReplicaSet', 'frontend');
  const pod = rs.spec.template.spec;

  test('an apps/v1 ReplicaSet of 3 pods of gb-frontend:v3 whose selector matches its pods', () => {
    expect(rs.apiVersion).toBe('apps/v1');
    expect(rs.metadata.namespace).toBe('guestbook');
    expect(rs.spec.replicas).toBe(3);
    expect(pod.containers.map((c: any) => c.image)).toEqual(['gcr.io/google_samples/gb-frontend:v3']);
    expect(rs.spec.selector.matchLabels).toEqual({ app: 'frontend' });
    expect(rs.spec.template.metadata.labels).toMatchObject(rs.spec.selector.matchLabels);
  });

  test('a PodDisruptionBudget, its own ServiceAccount, and no Service', () => {
    expect(find(out, 'PodDisruptionBudget', 'frontend').spec).toMatchObject({ maxUnavailable: 1, selector: { matchLabels: { app: 'frontend' } } });
    expect(pod.serviceAccountName).toBe('frontend');
    expect(find(out, 'ServiceAccount', 'frontend').automountServiceAccountToken).toBe(false);
    expect(all(out, 'Service')).toEqual([]);
  });

  test('the port is probed and the pods are spread like a Deployment\'s', () => {
    expect(pod.containers[0].readinessProbe.tcpSocket).toEqual({ port: 'http' });
    expect(pod.topologySpreadConstraints.map((c: any) => [c.topologyKey, c.whenUnsatisfiable])).toEqual([
      ['topology.kubernetes.io/zone', 'ScheduleAnyway'], ['kubernetes.io/hostname', 'DoNotSchedule'],
    ]);
  });
});

describe('ReplicaSet options', () => {
  test('2 replicas by default, and minReadySeconds', () => {
    const rs = find(frontend({ replicas: undefined, minReadySeconds: 5 }), 'ReplicaSet', 'frontend');
    expect(rs.spec.replicas).toBe(2);
    expect(rs.spec.minReadySeconds).toBe(5);
  });

  test('the budget follows disruptionBudget', () => {
    expect(find(frontend({ disruptionBudget: { minAvailable: 2 } }), 'PodDisruptionBudget', 'frontend').spec.minAvailable).toBe(2);
  });

  test('one replica is not spread', () => {
    expect(find(frontend({ replicas: 1 }), 'ReplicaSet', 'frontend').spec.template.spec).not.toHaveProperty('topologySpreadConstraints');
  });
});
