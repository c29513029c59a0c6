import { Manifest } from '../../../lib/output/manifest';
import { CONSTRAINT_UNITS, PodSecuritySettings, RESTRICTED_VOLUME_TYPES, podSecurityLevelOf } from '../../../lib/security/pod-security-cel';
import { PodSecurityProfile, PodSecurityProfileProps } from '../../../lib/security/pod-security-profile';
import { PodSecurityLevel, SecureNamespace } from '../../../lib/security/secure-namespace';
import { admitBy } from '../../helpers/cel';
import { restrictedViolations } from '../../helpers/pod-security';
import { all, find, synth } from '../../helpers/synth';

describe('podSecurityLevelOf: the strictest Pod Security level that admits every pod of the profile', () => {
  const R = 'restricted';
  const B = 'baseline';
  const P = 'privileged';
  test.each<[string, PodSecuritySettings, PodSecurityLevel, Array<[string, PodSecurityLevel]>]>([
    ['the defaults', {}, R, []],
    ['UID, fsGroup and supplementalGroups ranges, a narrower seccomp list, a read-only root', {
      runAsUser: { rule: 'MustRunAs', ranges: [{ min: 1, max: 3000 }] }, fsGroup: { rule: 'MustRunAs', ranges: [{ min: 655, max: 655 }] },
      supplementalGroups: { rule: 'MustRunAs', ranges: [{ min: 1, max: 2500 }] }, allowedSeccompProfiles: ['RuntimeDefault'], readOnlyRootFilesystem: true,
    }, R, []],
    ['fewer volume types and no capabilities at all', { volumes: ['secret'], allowedCapabilities: [] }, R, []],
    ['ALL plus more drops is still "drop ALL"', { requiredDropCapabilities: ['ALL', 'NET_RAW'] }, R, []],
    ['privilege escalation', { allowPrivilegeEscalation: true }, B, [['allowPrivilegeEscalation', B]]],
    ['running as any UID, root included', { runAsUser: { rule: 'RunAsAny' } }, B, [['runAsUser', B]]],
    ['an NFS volume', { volumes: [...RESTRICTED_VOLUME_TYPES, 'nfs'] }, B, [['volumes', B]]],
    ['a baseline capability (CHOWN)', { allowedCapabilities: ['CHOWN'] }, B, [['allowedCapabilities', B]]],
    ['not dropping ALL', { requiredDropCapabilities: ['NET_RAW'] }, B, [['requiredDropCapabilities', B]]],
    ['no required drops', { requiredDropCapabilities: [] }, B, [['requiredDropCapabilities', B]]],
    ['hostPath volumes', { volumes: ['hostPath', 'secret'] }, P, [['volumes', P]]],
    ['any volume', { volumes: ['*'] }, P, [['volumes', P]]],
    ['NET_ADMIN', { allowedCapabilities: ['NET_ADMIN'] }, P, [['allowedCapabilities', P]]],
    ['any capability', { allowedCapabilities: ['*'] }, P, [['allowedCapabilities', P]]],
    ['Unconfined seccomp', { allowedSeccompProfiles: ['RuntimeDefault', 'Unconfined'] }, P, [['allowedSeccompProfiles', P]]],
    ['host ports', { hostPorts: [{ min: 8000, max: 8100 }] }, P, [['hostPorts', P]]],
    ['privileged containers', { privileged: true, allowPrivilegeEscalation: true }, P, [['privileged', P], ['allowPrivilegeEscalation', B]]],
    ['the host network and escalation: the loosest wins', { hostNetwork: true, allowPrivilegeEscalation: true }, P,
      [['allowPrivilegeEscalation', B], ['hostNetwork', P]]],
    ['the host PID and IPC namespaces', { hostPID: true, hostIPC: true }, P, [['hostPID', P], ['hostIPC', P]]],
  ])('%s', (_title, settings, level, loosenedBy) => {
    expect(podSecurityLevelOf(settings)).toEqual({ level, loosenedBy: loosenedBy.map(([field, l]) => ({ field, level: l })) });
  });
});

// The cross-check: Pod Security Admission at the profile's level (as the project's independent implementation of the
// Pod Security Standards in lib/policy sees it) AND the profile's policy (as real CEL evaluates it) must admit
// exactly the pods the profile is meant to admit.

const RESTRICTED_ONLY = ['pss-volume-types', 'pss-privilege-escalation', 'pss-run-as-non-root', 'pss-run-as-user', 'pss-seccomp-restricted', 'pss-capabilities-restricted'];

function psaAdmits(level: string, spec: any): boolean {
  const ids = restrictedViolations(spec).map((v) => v.split(':')[0]);
  return level === 'privileged' || (level === 'baseline' ? ids.every((id) => RESTRICTED_ONLY.includes(id)) : ids.length === 0);
}

const CONTAINER_SECURITY = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };
const BASE = {
  securityContext: { runAsNonRoot: true, runAsUser: 1000, fsGroup: 1000, supplementalGroups: [1000], seccompProfile: { type: 'RuntimeDefault' } },
  containers: [{ name: 'app', image: 'ghcr.io/example/app:1.0.0', securityContext: CONTAINER_SECURITY }],
  volumes: [{ name: 'tmp', emptyDir: {} }],
};
const container = (security: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  ...BASE, containers: [{ ...BASE.containers[0], ...extra, securityContext: { ...CONTAINER_SECURITY, ...security } }],
});
const podSecurity = (security: Record<string, unknown>) => ({ ...BASE, securityContext: { ...BASE.securityContext, ...security } });

/** Pods that each differ from a fully restricted one in one way. */
const PODS: Record<string, any> = {
  base: BASE,
  bare: { containers: [{ name: 'app', image: 'ghcr.io/example/app:1.0.0' }] },
  escalate: container({ allowPrivilegeEscalation: true }),
  privileged: container({ allowPrivilegeEscalation: undefined, privileged: true }),
  root: podSecurity({ runAsNonRoot: undefined, runAsUser: 0 }),
  hostNetwork: { ...BASE, hostNetwork: true },
  hostPID: { ...BASE, hostPID: true },
  hostPort: container({}, { ports: [{ containerPort: 8080, hostPort: 8080 }] }),
  nfs: { ...BASE, volumes: [{ name: 'data', nfs: { server: 'nfs.example.com', path: '/data' } }] },
  hostPath: { ...BASE, volumes: [{ name: 'root', hostPath: { path: '/' } }] },
  addChown: container({ capabilities: { drop: ['ALL'], add: ['CHOWN'] } }),
  addFowner: container({ capabilities: { drop: ['ALL'], add: ['FOWNER'] } }),
  addNetAdmin: container({ capabilities: { drop: ['ALL'], add: ['NET_ADMIN'] } }),
  dropNetRaw: container({ capabilities: { drop: ['NET_RAW'] } }),
  dropNothing: container({ capabilities: undefined }),
  unconfined: podSecurity({ seccompProfile: { type: 'Unconfined' } }),
  noSeccomp: podSecurity({ seccompProfile: undefined }),
  localhostSeccomp: podSecurity({ seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/app.json' } }),
  readOnlyRoot: container({ readOnlyRootFilesystem: true }),
  uid5000: podSecurity({ runAsUser: 5000 }),
};

interface Case {
  readonly title: string;
  readonly settings: PodSecurityProfileProps;
  readonly level: PodSecurityLevel;
  readonly admits: string[];
}

const REASON = { reason: 'test' };
const CASES: Case[] = [
  { title: 'the defaults ("restricted" itself)', settings: {}, level: 'restricted', admits: ['base', 'localhostSeccomp', 'readOnlyRoot', 'uid5000'] },
  { title: 'escalation allowed', settings: { allowPrivilegeEscalation: true, ...REASON }, level: 'baseline',
    admits: ['base', 'escalate', 'localhostSeccomp', 'readOnlyRoot', 'uid5000'] },
  { title: 'NFS volumes and the host network', settings: { volumes: [...RESTRICTED_VOLUME_TYPES, 'nfs'], hostNetwork: true, ...REASON }, level: 'privileged',
    admits: ['base', 'hostNetwork', 'nfs', 'localhostSeccomp', 'readOnlyRoot', 'uid5000'] },
  { title: 'UIDs 1-3000, groups, RuntimeDefault only, read-only root', level: 'restricted', settings: {
    runAsUser: { rule: 'MustRunAs', ranges: [{ min: 1, max: 3000 }] }, fsGroup: { rule: 'MustRunAs', ranges: [{ min: 1000, max: 1000 }] },
    supplementalGroups: { rule: 'MustRunAs', ranges: [{ min: 1000, max: 2000 }] }, allowedSeccompProfiles: ['RuntimeDefault'], readOnlyRootFilesystem: true,
  }, admits: ['readOnlyRoot'] },
  { title: 'CHOWN may be added', settings: { allowedCapabilities: ['CHOWN', 'NET_BIND_SERVICE'], ...REASON }, level: 'baseline',
    admits: ['base', 'addChown', 'localhostSeccomp', 'readOnlyRoot', 'uid5000'] },
  { title: 'only NET_RAW must be dropped', settings: { requiredDropCapabilities: ['NET_RAW'], ...REASON }, level: 'baseline',
    admits: ['base', 'dropNetRaw', 'localhostSeccomp', 'readOnlyRoot', 'uid5000'] },
  { title: 'root allowed, nothing else', settings: { runAsUser: { rule: 'RunAsAny' }, ...REASON }, level: 'baseline',
    admits: ['base', 'root', 'localhostSeccomp', 'readOnlyRoot', 'uid5000'] },
  { title: 'the host PID namespace and host ports 8000-9000', settings: { hostPID: true, hostPorts: [{ min: 8000, max: 9000 }], ...REASON }, level: 'privileged',
    admits: ['base', 'hostPID', 'hostPort', 'localhostSeccomp', 'readOnlyRoot', 'uid5000'] },
  { title: 'everything the host offers (S05)', level: 'privileged', settings: {
    privileged: true, allowPrivilegeEscalation: true, hostNetwork: true, hostPID: true, hostIPC: true, hostPorts: [{ min: 1, max: 65535 }], volumes: ['*'],
    runAsUser: { rule: 'RunAsAny' }, allowedCapabilities: ['*'], requiredDropCapabilities: [], allowedSeccompProfiles: ['RuntimeDefault', 'Localhost', 'Unconfined'], ...REASON,
  }, admits: Object.keys(PODS) },
];

function synthProfile(settings: PodSecurityProfileProps): { out: Manifest[]; profile: PodSecurityProfile } {
  let profile!: PodSecurityProfile;
  const out = synth((stack) => {
    profile = new PodSecurityProfile(stack, 'profile', settings);
    new SecureNamespace(stack, 'apps', { podSecurityProfile: profile });
  });
  return { out, profile };
}

describe('PodSecurityProfile: Pod Security at its level plus its policy admit exactly the intended pods', () => {
  const covered = new Set<string>();

  describe.each(CASES)('$title', ({ settings, level, admits }) => {
    const { out, profile } = synthProfile(settings);
    profile.constraints.forEach((c) => covered.add(c));

    test(`the namespace enforces "${level}"`, () => {
      expect(profile.level).toBe(level);
      expect(find(out, 'Namespace', 'apps').metadata.labels['pod-security.kubernetes.io/enforce']).toBe(level);
    });

    test.each(Object.keys(PODS))('pod "%s"', (name) => {
      const object = { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'apps' }, spec: PODS[name] };
      const policy = profile.policy ? admitBy(out, 'profile', { object, namespaceLabels: find(out, 'Namespace', 'apps').metadata.labels }) : undefined;
      // Guarded field access: no pod, however bare, makes an expression fail to evaluate.
      expect(policy?.errors ?? []).toEqual([]);
      const admitted = psaAdmits(level, PODS[name]) && (policy?.allowed ?? true);
      expect(admitted).toBe(admits.includes(name));
    });
  });

  test('together the cases exercise the CEL rule of every constraint', () => {
    expect([...covered].sort()).toEqual(CONSTRAINT_UNITS.map((u) => u.name).sort());
  });

  test('each looser level is needed: some admitted pod fails the next stricter level', () => {
    for (const c of CASES.filter((x) => x.level !== 'restricted')) {
      const stricter = c.level === 'privileged' ? 'baseline' : 'restricted';
      expect([c.title, c.admits.some((name) => !psaAdmits(stricter, PODS[name]))]).toEqual([c.title, true]);
    }
  });
});

describe('PodSecurityProfile output', () => {
  test('the defaults are exactly "restricted": no policy is needed, so none is emitted', () => {
    const { out, profile } = synthProfile({});
    expect([profile.level, profile.constraints, profile.policy]).toEqual(['restricted', [], undefined]);
    expect(all(out, 'ValidatingAdmissionPolicy')).toEqual([]);
    expect(find(out, 'Namespace', 'apps').metadata.labels['keelson.dev/pod-security-profile']).toBe('profile');
  });

  test('a looser profile records its reason on the policy and the namespace', () => {
    const { out } = synthProfile({ allowPrivilegeEscalation: true, reason: 'legacy setuid tools' });
    expect(find(out, 'ValidatingAdmissionPolicy', 'profile').metadata.annotations).toEqual({ 'keelson.dev/pod-security-reason': 'legacy setuid tools' });
    expect(find(out, 'Namespace', 'apps').metadata.annotations).toEqual({ 'keelson.dev/pod-security-reason': 'legacy setuid tools' });
    expect(find(out, 'Namespace', 'apps').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
  });

  test('a policy of pod-level rules only declares no container variable', () => {
    const { out } = synthProfile({ fsGroup: { rule: 'MustRunAs', ranges: [{ min: 1, max: 100 }, { min: 200, max: 300 }] } });
    const policy = find(out, 'ValidatingAdmissionPolicy', 'profile');
    expect(policy.spec.variables).toBeUndefined();
    expect(policy.spec.validations).toEqual([{
      expression: 'has(object.spec.securityContext) && has(object.spec.securityContext.fsGroup) && ((object.spec.securityContext.fsGroup >= 1 && '
        + 'object.spec.securityContext.fsGroup <= 100) || (object.spec.securityContext.fsGroup >= 200 && object.spec.securityContext.fsGroup <= 300))',
      message: 'the pod must set securityContext.fsGroup to a GID in 1-100, 200-300',
      reason: 'Forbidden',
    }]);
    const pod = (fsGroup: number) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'apps' },
      spec: { securityContext: { fsGroup }, containers: [{ name: 'c', image: 'x:1' }] } });
    const labels = find(out, 'Namespace', 'apps').metadata.labels;
    expect([50, 150, 250, 300, 301].map((g) => admitBy(out, 'profile', { object: pod(g), namespaceLabels: labels }).allowed)).toEqual([true, false, true, true, false]);
  });

  test('the policy binds to namespaces labelled with the profile name, and matches pods and ephemeral containers on CREATE and UPDATE', () => {
    const { out } = synthProfile({ runAsUser: { rule: 'MustRunAs', ranges: [{ min: 1, max: 3000 }] } });
    const policy = find(out, 'ValidatingAdmissionPolicy', 'profile');
    expect(policy.spec.failurePolicy).toBe('Fail');
    expect(policy.spec.matchConditions).toEqual([{ name: 'created-or-spec-changed', expression: "request.operation != 'UPDATE' || object.spec != oldObject.spec" }]);
    expect(policy.spec.variables).toEqual([{
      name: 'containers',
      expression: 'object.spec.containers + (has(object.spec.initContainers) ? object.spec.initContainers : [])'
        + ' + (has(object.spec.ephemeralContainers) ? object.spec.ephemeralContainers : [])',
    }]);
    expect(find(out, 'ValidatingAdmissionPolicyBinding', 'profile').spec.matchResources)
      .toEqual({ namespaceSelector: { matchLabels: { 'keelson.dev/pod-security-profile': 'profile' } } });
  });
});
