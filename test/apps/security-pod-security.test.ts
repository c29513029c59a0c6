import { App } from 'cdk8s';
import { PodSecurityStack, podSecurityApp } from '../../apps/security/pod-security-stack';
import { synthesizeDefinition } from '../../lib/output/synth-apps';
import { synthYaml } from '../helpers/app-output';
import { AdmissionRequest, admitBy } from '../helpers/cel';
import { restrictedViolations } from '../helpers/pod-security';
import { all, find } from '../helpers/synth';

const out = synthYaml(podSecurityApp);
const nsLabels = (ns: string) => find(out, 'Namespace', ns).metadata.labels;

/** Admission of `pod` in namespace `ns` by the profile's policy, with the namespace's real labels. */
const admitIn = (profile: string, ns: string, pod: any, request: Partial<AdmissionRequest> = {}) => {
  const object = { apiVersion: 'v1', kind: 'Pod', ...pod, metadata: { ...pod.metadata, namespace: ns } };
  return admitBy(out, profile, { object, namespaceLabels: nsLabels(ns), ...request });
};
const pssIds = (pod: any) => restrictedViolations(pod.spec).map((v) => v.split(':')[0]).sort();
const ALLOWED = { matched: true, allowed: true, denied: [], errors: [] };
const denied = (...messages: string[]) => ({ matched: true, allowed: false, denied: messages, errors: [] });

/** A pod that meets Pod Security "restricted", with extra pod-level securityContext fields. */
const restrictedPod = (podSecurity: Record<string, unknown> = {}) => ({
  metadata: { name: 'app' },
  spec: {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, ...podSecurity },
    containers: [{ name: 'app', image: 'ghcr.io/example/app:1.0.0', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
    volumes: [{ name: 'tmp', emptyDir: {} }],
  },
});
const withContainer = (pod: any, patch: Record<string, unknown>) => ({ ...pod, spec: { ...pod.spec, containers: [{ ...pod.spec.containers[0], ...patch }] } });

// Cloud Native with Kubernetes S10, as the book writes it.
const S10 = {
  metadata: { name: 'specific-user-pod' },
  spec: { securityContext: { runAsUser: 1000 }, containers: [{ name: 'test', image: 'busybox', securityContext: { allowPrivilegeEscalation: false } }] },
};
// The Kubernetes Workshop K24: an image whose USER is 0, with no securityContext at all.
const ROOTER = { metadata: { name: 'rooter' }, spec: { containers: [{ name: 'rooter', image: 'packtworkshops/the-kubernetes-workshop:root-tester' }] } };

const UID_1_3000 = 'every container must run as a UID in 1-3000, set by securityContext.runAsUser on the pod or the container (the image\'s USER is not trusted)';
const FS_GROUP_655 = 'the pod must set securityContext.fsGroup to a GID in 655';
const SUPPLEMENTAL_1_2500 = 'the pod must set securityContext.supplementalGroups, every GID in 1-2500';

describe('security-pod-security: the books\' PodSecurityPolicies as Pod Security levels plus CEL policies', () => {
  test('the app passes the policy engine with no finding, and emits no removed API (no PSP, no RBAC "use" grant)', () => {
    expect(synthesizeDefinition(podSecurityApp).policy.findings).toEqual([]);
    expect([...new Set(out.map((m) => `${m.apiVersion} ${m.kind}`))].sort()).toEqual([
      'admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy',
      'admissionregistration.k8s.io/v1 ValidatingAdmissionPolicyBinding',
      'networking.k8s.io/v1 NetworkPolicy',
      'v1 Namespace',
    ]);
  });

  test('each profile\'s namespace enforces, audits and warns at the profile\'s level and carries its selector label', () => {
    const expected: Record<string, [string, string]> = {
      'privileged': ['privileged-psp', 'privileged'],
      'unprivileged': ['unprivileged-psp', 'restricted'],
      'specific-user': ['specific-user-psp', 'restricted'],
      'psp-example': ['psp-example', 'restricted'],
    };
    for (const [ns, [profile, level]] of Object.entries(expected)) {
      expect([ns, nsLabels(ns)]).toEqual([ns, expect.objectContaining({
        'keelson.dev/pod-security-profile': profile,
        'pod-security.kubernetes.io/enforce': level,
        'pod-security.kubernetes.io/audit': level,
        'pod-security.kubernetes.io/warn': level,
      })]);
      const binding = find(out, 'ValidatingAdmissionPolicyBinding', profile);
      expect(binding.spec).toEqual({
        policyName: profile,
        validationActions: ['Deny'],
        matchResources: { namespaceSelector: { matchLabels: { 'keelson.dev/pod-security-profile': profile } } },
      });
    }
    expect(find(out, 'Namespace', 'privileged').metadata.annotations['keelson.dev/pod-security-reason']).toMatch(/^privileged-psp \(Cloud Native with Kubernetes S05\)/);
    expect(find(out, 'Namespace', 'specific-user').metadata.annotations).toBeUndefined();
  });

  test('each policy holds exactly the constraints its level does not enforce', () => {
    const stack = new PodSecurityStack(new App(), 'x');
    expect(Object.fromEntries(Object.entries(stack.profiles).map(([name, p]) => [name, [p.level, ...p.constraints]]))).toEqual({
      'privileged-psp': ['privileged', 'host-ports'],
      'unprivileged-psp': ['restricted', 'volume-types', 'fs-group-range', 'supplemental-groups-range', 'allowed-capabilities'],
      'specific-user-psp': ['restricted', 'run-as-user-range', 'allowed-capabilities'],
      'psp-example': ['restricted', 'fs-group-range', 'supplemental-groups-range', 'allowed-capabilities'],
    });
    for (const [name, p] of Object.entries(stack.profiles)) {
      const policy = find(out, 'ValidatingAdmissionPolicy', name);
      expect(policy.spec.validations).toHaveLength(p.constraints.length);
      expect(policy.spec.matchConstraints.resourceRules).toEqual([
        { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['pods', 'pods/ephemeralcontainers'] },
      ]);
      expect(policy.metadata.namespace).toBeUndefined();
    }
  });

  describe('specific-user-psp (S09: UIDs 1-3000)', () => {
    const admit = (pod: any, request?: Partial<AdmissionRequest>) => admitIn('specific-user-psp', 'specific-user', pod, request);
    const compliant = restrictedPod({ runAsUser: 1000 });

    test('the book\'s S10 pod passes the policy; Pod Security "restricted" then asks for what the book left out', () => {
      expect(admit(S10)).toEqual(ALLOWED);
      expect(pssIds(S10)).toEqual(['pss-capabilities-restricted', 'pss-run-as-non-root', 'pss-seccomp-restricted']);
    });

    test('a fully compliant pod passes both the policy and "restricted"', () => {
      expect(admit(compliant)).toEqual(ALLOWED);
      expect(pssIds(compliant)).toEqual([]);
    });

    test('UID 5000 is outside 1-3000', () => {
      expect(admit(restrictedPod({ runAsUser: 5000 }))).toEqual(denied(UID_1_3000));
    });

    test('no runAsUser anywhere is rejected: the image\'s USER is unknown', () => {
      expect(admit(restrictedPod())).toEqual(denied(UID_1_3000));
    });

    test('a container override wins over the pod: out of range is rejected, back in range is admitted', () => {
      expect(admit(withContainer(compliant, { securityContext: { ...compliant.spec.containers[0].securityContext, runAsUser: 5000 } }))).toEqual(denied(UID_1_3000));
      expect(admit(withContainer(restrictedPod({ runAsUser: 5000 }), { securityContext: { ...compliant.spec.containers[0].securityContext, runAsUser: 2000 } })))
        .toEqual(ALLOWED);
    });

    test('init containers count: one running as UID 4000 is rejected', () => {
      const pod = { ...compliant, spec: { ...compliant.spec, initContainers: [{ name: 'init', image: 'busybox:1.37', securityContext: { runAsUser: 4000 } }] } };
      expect(admit(pod)).toEqual(denied(UID_1_3000));
    });

    test('ephemeral containers added by kubectl debug count too (UPDATE of pods/ephemeralcontainers)', () => {
      const debug = { name: 'debug', image: 'busybox:1.37', securityContext: { runAsUser: 0 } };
      const pod = { ...compliant, spec: { ...compliant.spec, ephemeralContainers: [debug] } };
      const old = { apiVersion: 'v1', kind: 'Pod', ...compliant, metadata: { ...compliant.metadata, namespace: 'specific-user' } };
      expect(admit(pod, { operation: 'UPDATE', oldObject: old, resource: { group: '', version: 'v1', resource: 'pods', subResource: 'ephemeralcontainers' } }))
        .toEqual(denied(UID_1_3000));
    });

    test('adding a capability is rejected, although "restricted" would allow NET_BIND_SERVICE', () => {
      const pod = withContainer(compliant, { securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } } });
      expect(pssIds(pod)).toEqual([]);
      expect(admit(pod)).toEqual(denied('containers must not add capabilities'));
    });

    test('updates that leave the spec alone are not checked, like Pod Security Admission; spec changes are', () => {
      const noUser = { apiVersion: 'v1', kind: 'Pod', ...restrictedPod(), metadata: { name: 'app', namespace: 'specific-user' } };
      const relabelled = { ...noUser, metadata: { ...noUser.metadata, labels: { tier: 'web' } } };
      expect(admit(relabelled, { operation: 'UPDATE', oldObject: noUser })).toEqual({ matched: false, allowed: true, denied: [], errors: [] });
      const reimaged = withContainer(noUser, { image: 'ghcr.io/example/app:1.0.1' });
      expect(admit(reimaged, { operation: 'UPDATE', oldObject: noUser })).toEqual(denied(UID_1_3000));
    });

    test('a namespace without the profile label is not affected', () => {
      const object = { apiVersion: 'v1', kind: 'Pod', ...ROOTER, metadata: { name: 'rooter', namespace: 'elsewhere' } };
      expect(admitBy(out, 'specific-user-psp', { object, namespaceLabels: { 'pod-security.kubernetes.io/enforce': 'restricted' } }))
        .toEqual({ matched: false, allowed: true, denied: [], errors: [] });
    });
  });

  describe('psp-example (K23: non-root, fsGroup 655, supplementalGroups 1-2500)', () => {
    const admit = (pod: any) => admitIn('psp-example', 'psp-example', pod);

    test('the Workshop\'s rooter pod is rejected by the policy and by Pod Security "restricted"', () => {
      expect(admit(ROOTER)).toEqual(denied(FS_GROUP_655, SUPPLEMENTAL_1_2500));
      expect(pssIds(ROOTER)).toEqual(['pss-capabilities-restricted', 'pss-privilege-escalation', 'pss-run-as-non-root', 'pss-seccomp-restricted']);
    });

    test('a fully compliant pod is admitted', () => {
      const pod = restrictedPod({ fsGroup: 655, supplementalGroups: [1000, 2500] });
      expect(admit(pod)).toEqual(ALLOWED);
      expect(pssIds(pod)).toEqual([]);
    });

    test('fsGroup 0 and supplementalGroups [9999] are rejected, each with its own message', () => {
      expect(admit(restrictedPod({ fsGroup: 0, supplementalGroups: [1000] }))).toEqual(denied(FS_GROUP_655));
      expect(admit(restrictedPod({ fsGroup: 655, supplementalGroups: [9999] }))).toEqual(denied(SUPPLEMENTAL_1_2500));
      expect(admit(restrictedPod({ fsGroup: 655, supplementalGroups: [] }))).toEqual(denied(SUPPLEMENTAL_1_2500));
    });
  });

  describe('unprivileged-psp (S08: six volume types, groups 1-65535)', () => {
    const admit = (pod: any) => admitIn('unprivileged-psp', 'unprivileged', pod);
    const compliant = restrictedPod({ fsGroup: 2000, supplementalGroups: [2000] });

    test('a fully compliant pod is admitted', () => {
      expect(admit(compliant)).toEqual(ALLOWED);
      expect(pssIds(compliant)).toEqual([]);
    });

    test('a CSI volume passes "restricted" but not the book\'s volume list', () => {
      const pod = { ...compliant, spec: { ...compliant.spec, volumes: [{ name: 'data', csi: { driver: 'ebs.csi.aws.com' } }] } };
      expect(pssIds(pod)).toEqual([]);
      expect(admit(pod)).toEqual(denied('volumes must be of type configMap, emptyDir, projected, secret, downwardAPI, persistentVolumeClaim'));
    });

    test('fsGroup 0 is rejected', () => {
      expect(admit(restrictedPod({ fsGroup: 0, supplementalGroups: [2000] }))).toEqual(denied('the pod must set securityContext.fsGroup to a GID in 1-65535'));
    });
  });

  describe('privileged-psp (S05: anything, host ports 2000-65535)', () => {
    const admit = (pod: any) => admitIn('privileged-psp', 'privileged', pod);
    const agent = {
      metadata: { name: 'agent' },
      spec: {
        hostNetwork: true, hostPID: true,
        containers: [{ name: 'agent', image: 'ghcr.io/example/agent:1.0.0', ports: [{ containerPort: 9100, hostPort: 9100 }], securityContext: { privileged: true } }],
        volumes: [{ name: 'root', hostPath: { path: '/' } }],
      },
    };

    test('a node agent with the host\'s namespaces, a host path and a privileged container is admitted, as is a restricted pod', () => {
      expect(admit(agent)).toEqual(ALLOWED);
      expect(admit(restrictedPod())).toEqual(ALLOWED);
    });

    test('a host port below 2000 is rejected', () => {
      expect(admit(withContainer(agent, { ports: [{ containerPort: 80, hostPort: 80 }] }))).toEqual(denied('containers may bind only these host ports: 2000-65535'));
    });
  });

  test('all four policies and bindings exist', () => {
    expect(all(out, 'ValidatingAdmissionPolicy').map((p) => p.metadata.name).sort()).toEqual(['privileged-psp', 'psp-example', 'specific-user-psp', 'unprivileged-psp']);
  });
});
