import { ExistingSecret } from '../../../lib/security/secret-source';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { Probe } from '../../../lib/workloads/probe';
import { StatefulService, StatefulServiceProps } from '../../../lib/workloads/stateful-service';
import { restrictedViolations } from '../../helpers/pod-security';
import { find, synth } from '../../helpers/synth';

function db(props: Partial<StatefulServiceProps> = {}) {
  return synth((stack) => {
    const ns = new SecureNamespace(stack, 'data');
    new StatefulService(ns, 'db', {
      image: 'postgres:17.2',
      ports: [{ name: 'postgres', port: 5432 }],
      claims: [{ name: 'data', mountPath: '/var/lib/postgresql/data', size: '20Gi', storageClassName: 'gp3' }],
      ...props,
    });
  });
}

describe('StatefulService', () => {
  const out = db({
    replicas: 3,
    envFromSecrets: [ExistingSecret.named('db-credentials')],
    readiness: Probe.exec(['pg_isready']),
    resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } },
  });
  const sts = find(out, 'StatefulSet', 'db');
  const pod = sts.spec.template.spec;
  const container = pod.containers[0];

  test('volumeClaimTemplates carry size, storage class and access modes, and are mounted', () => {
    expect(sts.spec.volumeClaimTemplates).toEqual([{
      metadata: { name: 'data', labels: { app: 'db' } },
      spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'gp3', resources: { requests: { storage: '20Gi' } } },
    }]);
    expect(container.volumeMounts).toContainEqual({ name: 'data', mountPath: '/var/lib/postgresql/data' });
    // The claim is not also declared as a pod volume.
    expect(pod.volumes.map((v: any) => v.name)).toEqual(['tmp']);
  });

  test('the governing Service is headless and named in serviceName; a client Service exists', () => {
    expect(sts.spec.serviceName).toBe('db-headless');
    const headless = find(out, 'Service', 'db-headless');
    expect(headless.spec.clusterIP).toBe('None');
    expect(headless.spec.publishNotReadyAddresses).toBe(true);
    expect(headless.spec.selector).toEqual(sts.spec.selector.matchLabels);
    const client = find(out, 'Service', 'db');
    expect(client.spec.type).toBe('ClusterIP');
    expect(client.spec.clusterIP).toBeUndefined();
    expect(client.spec.ports).toEqual([{ name: 'postgres', port: 5432, targetPort: 5432, protocol: 'TCP' }]);
  });

  test('claims are retained when the set is deleted or scaled down', () => {
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
  });

  test('a PDB that allows one disruption', () => {
    const pdb = find(out, 'PodDisruptionBudget', 'db');
    expect(pdb.spec.maxUnavailable).toBe(1);
    expect(pdb.spec.selector.matchLabels).toEqual({ app: 'db' });
  });

  test('probes, resources and env from a secret reference', () => {
    expect(container.readinessProbe.exec.command).toEqual(['pg_isready']);
    expect(container.livenessProbe.tcpSocket.port).toBe('postgres');
    expect(container.resources).toEqual({ requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } });
    expect(container.envFrom).toEqual([{ secretRef: { name: 'db-credentials', optional: false } }]);
  });

  test('three replicas spread over zones and hosts; the pod passes "restricted"', () => {
    expect(pod.topologySpreadConstraints.map((c: any) => c.topologyKey)).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
    expect(restrictedViolations(pod)).toEqual([]);
    expect(sts.spec.podManagementPolicy).toBe('OrderedReady');
  });

  test('one replica is not spread and has no storage class unless given', () => {
    const single = find(db({ claims: [{ name: 'data', mountPath: '/data', size: '1Gi', accessModes: ['ReadWriteOncePod'], subPath: 'pg' }] }), 'StatefulSet', 'db');
    expect(single.spec.replicas).toBe(1);
    expect(single.spec.template.spec.topologySpreadConstraints).toBeUndefined();
    expect(single.spec.volumeClaimTemplates[0].spec).toEqual({ accessModes: ['ReadWriteOncePod'], resources: { requests: { storage: '1Gi' } } });
    expect(single.spec.template.spec.containers[0].volumeMounts[0]).toEqual({ name: 'data', mountPath: '/data', subPath: 'pg' });
  });

  test('deleting claims is possible with a reason', () => {
    const s = find(db({ claimRetention: { whenScaled: 'Delete', reason: 'cache only; rebuilt on start' } }), 'StatefulSet', 'db');
    expect(s.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Delete' });
  });

  test('without a client Service the address uses the headless Service', () => {
    const out2 = synth((stack) => {
      const s = new StatefulService(new SecureNamespace(stack, 'data'), 'db', {
        image: 'postgres:17.2', ports: [{ name: 'postgres', port: 5432 }], clientService: false, headlessServiceName: 'db-peers',
      });
      expect(s.address('postgres')).toBe('db-peers.data.svc:5432');
      expect(() => s.address('http')).toThrow(/address\(portName\): got "http"; expected one of the port names: postgres/);
    });
    expect(out2.filter((m) => m.kind === 'Service').map((m) => m.metadata.name)).toEqual(['db-peers']);
  });
});
