import { restrictedViolations } from './pod-security';

// The helper that the workload and app tests rely on must itself catch violations.
describe('restrictedViolations', () => {
  const compliant = {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{ name: 'c', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
    volumes: [{ name: 'tmp', emptyDir: {} }],
  };

  test('accepts a compliant pod', () => {
    expect(restrictedViolations(compliant)).toEqual([]);
  });

  test('flags each kind of violation', () => {
    const bad = {
      hostNetwork: true,
      securityContext: { runAsUser: 0 },
      containers: [{
        name: 'c',
        ports: [{ containerPort: 80, hostPort: 80 }],
        securityContext: { privileged: true, capabilities: { add: ['NET_ADMIN'] } },
      }],
      volumes: [{ name: 'h', hostPath: { path: '/' } }],
    };
    expect(restrictedViolations(bad)).toEqual([
      'hostNetwork is set',
      'volume h has type hostPath',
      'pod runs as UID 0',
      'container c is privileged',
      'container c allows privilege escalation',
      'container c may run as root',
      'container c runs as UID 0',
      'container c has seccomp undefined',
      'container c does not drop ALL capabilities',
      'container c adds capability NET_ADMIN',
      'container c uses hostPort 80',
    ]);
  });
});
