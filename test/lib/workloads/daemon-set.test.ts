import { HOST_ACCESS_REASON_ANNOTATION, NO_PROBES_REASON_ANNOTATION } from '../../../lib/core/annotations';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { DaemonSet, DaemonSetProps } from '../../../lib/workloads/daemon-set';
import { Tolerations } from '../../../lib/workloads/scheduling';
import { Volume } from '../../../lib/workloads/volume';
import { all, find, synth } from '../../helpers/synth';

const IMAGE = 'ghcr.io/acme/node-agent:0.9.1';

function agent(props: Partial<DaemonSetProps> = {}) {
  const out = synth((s) => new DaemonSet(new SecureNamespace(s, 'agents'), 'agent', {
    image: IMAGE, ports: [{ name: 'metrics', port: 9100 }], ...props,
  }));
  return { out, ds: find(out, 'DaemonSet', 'agent') };
}

describe('DaemonSet defaults', () => {
  const { out, ds } = agent();
  const pod = ds.spec.template.spec;
  const [container] = pod.containers;

  test('an apps/v1 DaemonSet with its own ServiceAccount, and no Service, PodDisruptionBudget or spreading', () => {
    expect(ds.apiVersion).toBe('apps/v1');
    expect(ds.metadata.namespace).toBe('agents');
    expect(ds.spec.selector.matchLabels).toEqual({ app: 'agent' });
    expect(pod.serviceAccountName).toBe('agent');
    expect(find(out, 'ServiceAccount', 'agent').automountServiceAccountToken).toBe(false);
    expect(all(out, 'Service')).toEqual([]);
    expect(all(out, 'PodDisruptionBudget')).toEqual([]);
    expect(pod).not.toHaveProperty('topologySpreadConstraints');
  });

  test('runs on every Linux node, whatever its taints', () => {
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
  });

  test('updates one node at a time', () => {
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } });
  });

  test('without host access the pod is restricted like any other', () => {
    for (const field of ['hostNetwork', 'hostPID', 'hostIPC', 'dnsPolicy']) {
      expect(pod).not.toHaveProperty(field);
    }
    expect(container.ports).toEqual([{ name: 'metrics', containerPort: 9100, protocol: 'TCP' }]);
    expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, privileged: false, runAsNonRoot: true, runAsUser: 65532 });
    expect(container.securityContext.capabilities).toEqual({ drop: ['ALL'] });
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(ds.spec.template.metadata.annotations).toBeUndefined();
  });

  test('the metrics port is probed', () => {
    expect(container.readinessProbe.tcpSocket).toEqual({ port: 'metrics' });
    expect(container.livenessProbe.tcpSocket).toEqual({ port: 'metrics' });
  });
});

describe('DaemonSet options', () => {
  test('custom tolerations replace tolerating every taint', () => {
    const pod = agent({ tolerations: Tolerations.controlPlane() }).ds.spec.template.spec;
    expect(pod.tolerations).toEqual([{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }]);
  });

  test('the Linux selector is merged with the user\'s node selector', () => {
    expect(agent({ nodeSelector: { 'node.kubernetes.io/instance-type': 'm5.large' } }).ds.spec.template.spec.nodeSelector)
      .toEqual({ 'kubernetes.io/os': 'linux', 'node.kubernetes.io/instance-type': 'm5.large' });
  });

  test.each([[3, 3], ['25%', '25%']])('maxUnavailable %p', (maxUnavailable, rendered) => {
    expect(agent({ maxUnavailable }).ds.spec.updateStrategy.rollingUpdate).toEqual({ maxUnavailable: rendered });
  });

  test('minReadySeconds and revisionHistoryLimit', () => {
    expect(agent({ minReadySeconds: 15, revisionHistoryLimit: 3 }).ds.spec).toMatchObject({ minReadySeconds: 15, revisionHistoryLimit: 3 });
  });

  test('an agent without ports says why it has no probes', () => {
    const ds = agent({ ports: undefined, withoutProbes: { reason: 'ships logs; a crash shows as a restart' } }).ds;
    expect(ds.spec.template.metadata.annotations).toEqual({ [NO_PROBES_REASON_ANNOTATION]: 'ships logs; a crash shows as a restart' });
    expect(ds.spec.template.spec.containers[0]).not.toHaveProperty('livenessProbe');
  });
});

describe('DaemonSet host access', () => {
  const { ds } = agent({
    hostAccess: { reason: 'node network agent', network: true, pid: true, ipc: true, ports: true, privileged: true, capabilities: ['NET_ADMIN', 'SYS_TIME'] },
  });
  const pod = ds.spec.template.spec;
  const [container] = pod.containers;

  test('host namespaces, and cluster DNS names still resolve on the host network', () => {
    expect(pod).toMatchObject({ hostNetwork: true, hostPID: true, hostIPC: true, dnsPolicy: 'ClusterFirstWithHostNet' });
  });

  test('the container ports are published on the node', () => {
    expect(container.ports).toEqual([{ name: 'metrics', containerPort: 9100, hostPort: 9100, protocol: 'TCP' }]);
  });

  test('a privileged container may escalate (the API server refuses otherwise) and adds the capabilities', () => {
    expect(container.securityContext).toMatchObject({ privileged: true, allowPrivilegeEscalation: true, runAsNonRoot: true });
    expect(container.securityContext.capabilities).toEqual({ drop: ['ALL'], add: ['NET_ADMIN', 'SYS_TIME'] });
  });

  test('the reason and what is granted are recorded on the pod template', () => {
    expect(ds.spec.template.metadata.annotations).toEqual({
      [HOST_ACCESS_REASON_ANNOTATION]: 'hostNetwork, hostPID, hostIPC, hostPort, privileged, +NET_ADMIN, +SYS_TIME: node network agent',
    });
  });

  test('runAsRoot runs the pod and every container as UID 0', () => {
    const rooted = agent({ hostAccess: { reason: 'reads root-owned container logs', runAsRoot: true } }).ds;
    const spec = rooted.spec.template.spec;
    expect(spec.securityContext).toMatchObject({ runAsNonRoot: false, runAsUser: 0, runAsGroup: 0 });
    expect(spec.containers[0].securityContext).toMatchObject({ runAsNonRoot: false, runAsUser: 0, runAsGroup: 0, privileged: false, allowPrivilegeEscalation: false });
    expect(spec).not.toHaveProperty('hostNetwork');
    expect(rooted.spec.template.metadata.annotations[HOST_ACCESS_REASON_ANNOTATION]).toBe('root: reads root-owned container logs');
  });

  test('an explicit dnsPolicy is kept on the host network', () => {
    expect(agent({ hostAccess: { reason: 'dns cache', network: true }, dnsPolicy: 'Default' }).ds.spec.template.spec.dnsPolicy).toBe('Default');
  });
});

describe('DaemonSet hostPath volumes', () => {
  const { ds } = agent({
    volumes: {
      logs: Volume.hostPath('/var/log', { reason: 'ships the node logs' }),
      sock: Volume.hostPath('/run/containerd/containerd.sock', { reason: 'lists containers', type: 'Socket' }),
      state: Volume.hostPath('/var/lib/agent', { reason: 'keeps its position', type: 'DirectoryOrCreate' }),
    },
    volumeMounts: [{ volume: 'logs', path: '/var/log' }, { volume: 'sock', path: '/run/containerd.sock' }, { volume: 'state', path: '/state', readOnly: false }],
  });
  const pod = ds.spec.template.spec;

  test('are declared with their type (an existing Directory by default)', () => {
    expect(pod.volumes.filter((v: any) => v.hostPath)).toEqual([
      { name: 'logs', hostPath: { path: '/var/log', type: 'Directory' } },
      { name: 'sock', hostPath: { path: '/run/containerd/containerd.sock', type: 'Socket' } },
      { name: 'state', hostPath: { path: '/var/lib/agent', type: 'DirectoryOrCreate' } },
    ]);
  });

  test('are mounted read-only unless the mount says otherwise', () => {
    expect(pod.containers[0].volumeMounts.slice(1)).toEqual([
      { name: 'logs', mountPath: '/var/log', readOnly: true },
      { name: 'sock', mountPath: '/run/containerd.sock', readOnly: true },
      { name: 'state', mountPath: '/state', readOnly: false },
    ]);
  });

  test('their reasons are recorded on the pod template', () => {
    expect(ds.spec.template.metadata.annotations[HOST_ACCESS_REASON_ANNOTATION])
      .toBe('volume logs: ships the node logs; volume sock: lists containers; volume state: keeps its position');
  });
});
