import { restrictedViolations } from './pod-security';

// The helper that the workload and app tests rely on must itself catch violations.
describe('restrictedViolations', () => {
  const compliant = {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{ name: 'c', image: 'x:1', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
    volumes: [{ name: 'tmp', emptyDir: {} }],
  };

  test('accepts a compliant pod', () => {
    expect(restrictedViolations(compliant)).toEqual([]);
  });

  test('flags each kind of violation, baseline and restricted', () => {
    const bad = {
      hostNetwork: true,
      securityContext: { runAsUser: 0 },
      containers: [{ name: 'c', image: 'x:1', ports: [{ containerPort: 80, hostPort: 80 }], securityContext: { privileged: true, capabilities: { add: ['NET_ADMIN'] } } }],
      volumes: [{ name: 'h', hostPath: { path: '/' } }],
    };
    expect(restrictedViolations(bad).map((v) => v.split(':')[0]).sort()).toEqual([
      'pss-capabilities-baseline', 'pss-capabilities-restricted', 'pss-host-namespaces', 'pss-host-path', 'pss-host-ports',
      'pss-privilege-escalation', 'pss-privileged', 'pss-run-as-non-root', 'pss-run-as-user', 'pss-seccomp-restricted', 'pss-volume-types',
    ]);
  });
});
