import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { IngressController } from '../../../lib/networking/ingress-controller';
import { NetworkPeer } from '../../../lib/networking/network-peer';
import { PodSecurityProfile } from '../../../lib/security/pod-security-profile';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { StatefulService } from '../../../lib/workloads/stateful-service';
import { WebService } from '../../../lib/workloads/web-service';
import { all, find, findWithPath, synth, synthError, synthWithPaths } from '../../helpers/synth';
import { AppStack } from '../../../lib/core/app-stack';
import { AppDefinition, synthApps } from '../../../lib/output/synth-apps';
import { PolicyError } from '../../../lib/policy/policy-error';
import { SecureNamespaceProps } from '../../../lib/security/secure-namespace';
import { BadInput, describeBadInputs } from '../../helpers/bad-input';
import { tempDir } from '../../helpers/tmp';

describe('SecureNamespace', () => {
  const out = synth((stack) => {
    const ns = new SecureNamespace(stack, 'shop');
    const web = new WebService(ns, 'web', {
      image: 'ghcr.io/example/web:1.0.0',
      ingress: { host: 'shop.example.com', controller: IngressController.INGRESS_NGINX },
    });
    const db = new StatefulService(ns, 'db', { image: 'postgres:17.2', ports: [{ name: 'postgres', port: 5432 }, { name: 'metrics', port: 9187 }] });
    ns.allowFromIngress(web);
    ns.allowTraffic({ from: web, to: db, ports: ['postgres'] });
    ns.allowTraffic({ from: NetworkPeer.namespace('monitoring'), to: db, ports: ['metrics'] });
    ns.allowEgress({ from: web, to: NetworkPeer.ipBlock('10.0.0.0/16'), ports: [{ port: 443 }] });
  });

  test('Pod Security Admission enforces, audits and warns at "restricted"', () => {
    expect(find(out, 'Namespace', 'shop').metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'latest',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/audit-version': 'latest',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'latest',
    });
    expect(find(out, 'Namespace', 'shop').metadata.namespace).toBeUndefined();
  });

  test('default deny for ingress and egress, except DNS to kube-dns', () => {
    const deny = find(out, 'NetworkPolicy', 'default-deny');
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [], egress: [] });
    const dns = find(out, 'NetworkPolicy', 'allow-dns');
    expect(dns.spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{
        to: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
          podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
        }],
        ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
      }],
    });
  });

  test('allowTraffic opens ingress on the target and egress on the client, on the named port only', () => {
    const ingress = find(out, 'NetworkPolicy', 'db-ingress-from-web');
    expect(ingress.spec).toEqual({
      podSelector: { matchLabels: { app: 'db' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 5432, protocol: 'TCP' }] }],
    });
    const egress = find(out, 'NetworkPolicy', 'web-egress-to-db');
    expect(egress.spec).toEqual({
      podSelector: { matchLabels: { app: 'web' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }], ports: [{ port: 5432, protocol: 'TCP' }] }],
    });
  });

  test('traffic from a namespace needs no egress policy here', () => {
    const p = find(out, 'NetworkPolicy', 'db-ingress-from-ns-monitoring');
    expect(p.spec.ingress[0]).toEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
      ports: [{ port: 9187, protocol: 'TCP' }],
    });
  });

  test('the ingress controller reaches the web pods on their container port', () => {
    const p = find(out, 'NetworkPolicy', 'web-ingress-from-ingress-nginx');
    expect(p.spec.podSelector).toEqual({ matchLabels: { app: 'web' } });
    expect(p.spec.ingress[0].from[0].namespaceSelector).toEqual({ matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } });
    expect(p.spec.ingress[0].ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
  });

  test('egress to a CIDR', () => {
    const p = find(out, 'NetworkPolicy', 'web-egress-to-cidr-10-0-0-0-16');
    expect(p.spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '10.0.0.0/16' } }], ports: [{ port: 443, protocol: 'TCP' }] }]);
  });

  test('every object of the namespace is in it', () => {
    for (const m of out.filter((o) => o.kind !== 'Namespace')) {
      expect([m.kind, m.metadata.namespace]).toEqual([m.kind, 'shop']);
    }
    expect(all(out, 'NetworkPolicy')).toHaveLength(7);
  });

  test('a weaker level needs a reason, which is recorded', () => {
    const ns = find(synth((stack) => new SecureNamespace(stack, 'legacy', {
      podSecurityLevel: 'baseline', weakerPodSecurity: { reason: 'vendor chart runs as root' }, podSecurityVersion: 'v1.32',
    })), 'Namespace', 'legacy');
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce-version']).toBe('v1.32');
    expect(ns.metadata.annotations).toEqual({ 'keelson.dev/pod-security-reason': 'vendor chart runs as root' });
  });

  test('a third-party control plane may go without default deny, only with a recorded reason', () => {
    const out2 = synth((stack) => new SecureNamespace(stack, 'vendor', { unrestrictedNetwork: { reason: 'the operator manages its flows' } }));
    expect(find(out2, 'Namespace', 'vendor').metadata.annotations).toEqual({ 'keelson.dev/network-policy-reason': 'the operator manages its flows' });
    expect(all(out2, 'NetworkPolicy')).toEqual([]);
    expect(synthError((stack) => new SecureNamespace(stack, 'vendor', { unrestrictedNetwork: { reason: ' ' } })).message)
      .toContain('[test/vendor] unrestrictedNetwork.reason: got " "; expected a reason why pods here may not be isolated by a default-deny NetworkPolicy');
  });

  test.each(['kube-system', 'kube-public', 'kube-node-lease'])('the cluster\'s own namespace %s is refused, whatever its network settings', (name) => {
    const why = 'a default-deny NetworkPolicy there cuts off cluster DNS and the control plane\'s add-ons, a cluster-wide outage; '
      + 'manage those namespaces with the platform\'s own tooling';
    expect(synthError((stack) => new SecureNamespace(stack, name)).message)
      .toContain(`[test/${name}] name: got "${name}"; expected a namespace other than kube-system, kube-public and kube-node-lease: ${why}`);
    expect(synthError((stack) => new SecureNamespace(stack, 'system', { name, unrestrictedNetwork: { reason: 'the platform runs it' } })).message)
      .toContain(`[test/system] name: got "${name}"; expected a namespace other than kube-system`);
    // Names that merely start like them are namespaces of the user's.
    expect(find(synth((stack) => new SecureNamespace(stack, `${name}-tools`)), 'Namespace', `${name}-tools`).metadata.name).toBe(`${name}-tools`);
  });

  test('escape hatch: a JSON patch on the main object (child "Resource") is in the written Namespace', () => {
    const out2 = synthWithPaths((stack) => {
      const ns = new SecureNamespace(stack, 'patched');
      ApiObject.of(ns.resource).addJsonPatch(JsonPatch.add('/metadata/annotations', { 'example.com/owner': 'team-a' }));
    });
    const written = findWithPath(out2, 'Namespace');
    expect(written.constructPath).toBe('test/patched/Resource');
    expect(written.manifest.metadata.annotations).toEqual({ 'example.com/owner': 'team-a' });
    expect(written.manifest.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  test('mistakes are reported with the construct path', () => {
    const err = synthError((stack) => {
      const ns = new SecureNamespace(stack, 'shop');
      const web = new WebService(ns, 'web', { image: 'ghcr.io/example/web:1.0.0' });
      const db = new StatefulService(ns, 'db', { image: 'postgres:17.2', ports: [{ name: 'postgres', port: 5432 }] });
      ns.allowTraffic({ from: web, to: db, ports: ['mysql'] });
    });
    expect(err.message).toContain('[test/shop] allowTraffic.ports[0]: got "mysql"; expected a port name of "db": postgres');

    const noIngress = synthError((stack) => {
      const ns = new SecureNamespace(stack, 'shop');
      ns.allowFromIngress(new WebService(ns, 'web', { image: 'ghcr.io/example/web:1.0.0' }));
    });
    expect(noIngress.message).toContain('allowFromIngress: got "web"; expected a WebService that has `ingress` set');

    const twice = synthError((stack) => {
      const ns = new SecureNamespace(stack, 'shop');
      const web = new WebService(ns, 'web', { image: 'ghcr.io/example/web:1.0.0' });
      const db = new StatefulService(ns, 'db', { image: 'postgres:17.2', ports: [{ name: 'postgres', port: 5432 }] });
      ns.allowTraffic({ from: web, to: db, ports: ['postgres'] });
      ns.allowTraffic({ from: web, to: db, ports: ['postgres'] });
    });
    expect(twice.message).toContain('allowTraffic: got "web -> db"; expected each flow to be allowed only once');

    const weak = synthError((stack) => new SecureNamespace(stack, 'x', { podSecurityLevel: 'privileged' }));
    expect(weak.message).toContain('weakerPodSecurity: got undefined; expected a reason why pods here cannot meet "restricted"');
  });
});

describe('SecureNamespace with a PodSecurityProfile', () => {
  const uids = { runAsUser: { rule: 'MustRunAs' as const, ranges: [{ min: 1, max: 3000 }] } };

  test('the namespace enforces the profile\'s level and carries the label its policy binding selects', () => {
    const out = synth((stack) => new SecureNamespace(stack, 'team', { podSecurityProfile: new PodSecurityProfile(stack, 'uids', uids) }));
    const labels = find(out, 'Namespace', 'team').metadata.labels;
    expect(labels).toMatchObject({ 'keelson.dev/pod-security-profile': 'uids', 'pod-security.kubernetes.io/enforce': 'restricted' });
    expect(find(out, 'ValidatingAdmissionPolicyBinding', 'uids').spec.matchResources.namespaceSelector.matchLabels)
      .toEqual({ 'keelson.dev/pod-security-profile': labels['keelson.dev/pod-security-profile'] });
  });

  test('a looser profile brings its level and reason; restating them is allowed', () => {
    const out = synth((stack) => {
      const profile = new PodSecurityProfile(stack, 'setuid', { allowPrivilegeEscalation: true, reason: 'legacy setuid tools' });
      new SecureNamespace(stack, 'legacy', { podSecurityProfile: profile });
      new SecureNamespace(stack, 'legacy2', { podSecurityProfile: profile, podSecurityLevel: 'baseline', weakerPodSecurity: { reason: 'legacy setuid tools' } });
    });
    for (const name of ['legacy', 'legacy2']) {
      const ns = find(out, 'Namespace', name);
      expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
      expect(ns.metadata.annotations).toEqual({ 'keelson.dev/pod-security-reason': 'legacy setuid tools' });
    }
  });

  test('a level, reason or label that contradicts the profile is an error, and so is relabelling', () => {
    const loose = (stack: Construct) => new PodSecurityProfile(stack, 'setuid', { allowPrivilegeEscalation: true, reason: 'legacy setuid tools' });
    expect(synthError((stack) => new SecureNamespace(stack, 'x', { podSecurityProfile: loose(stack), podSecurityLevel: 'privileged', weakerPodSecurity: { reason: 'legacy setuid tools' } })).message)
      .toContain('[test/x] podSecurityLevel: got "privileged"; expected "baseline", the level of podSecurityProfile "setuid" (or leave it unset)');
    expect(synthError((stack) => new SecureNamespace(stack, 'x', { podSecurityProfile: loose(stack), weakerPodSecurity: { reason: 'other' } })).message)
      .toContain('[test/x] weakerPodSecurity.reason: got "other"; expected the reason of podSecurityProfile "setuid" (or leave weakerPodSecurity unset)');
    expect(synthError((stack) => new SecureNamespace(stack, 'x', {
      podSecurityProfile: new PodSecurityProfile(stack, 'uids', uids), labels: { 'keelson.dev/pod-security-profile': 'other' },
    })).message).toContain('[test/x] labels["keelson.dev/pod-security-profile"]: got "other"; expected "uids", the podSecurityProfile (or leave the label to it)');
    expect(synthError((stack) => new SecureNamespace(stack, 'x', { podSecurityProfile: new PodSecurityProfile(stack, 'uids', uids) })
      .addLabel('keelson.dev/pod-security-profile', 'none')).message)
      .toContain('[test/x] addLabel(key): got "keelson.dev/pod-security-profile"; expected a label other than the pod security profile one (use podSecurityProfile)');
  });
});

describe('SecureNamespace: Pod Security per mode', () => {
  const labels = (out: any[], name: string) => Object.fromEntries(Object.entries(find(out, 'Namespace', name).metadata.labels as Record<string, string>)
    .filter(([k]) => k.startsWith('pod-security.kubernetes.io/')));

  test('the book\'s my-baseline-namespace (K38): enforce baseline, audit and warn restricted, all pinned to v1.23', () => {
    let ns: SecureNamespace | undefined;
    const out = synth((stack) => {
      ns = new SecureNamespace(stack, 'my-baseline-namespace', {
        podSecurity: {
          enforce: { level: 'baseline', version: 'v1.23' },
          audit: { level: 'restricted', version: 'v1.23' },
          warn: { level: 'restricted', version: 'v1.23' },
        },
        weakerPodSecurity: { reason: 'the legacy pods run as root; warn and audit show what restricted would refuse' },
      });
    });
    expect(labels(out, 'my-baseline-namespace')).toEqual({
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/enforce-version': 'v1.23',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/audit-version': 'v1.23',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'v1.23',
    });
    expect(find(out, 'Namespace', 'my-baseline-namespace').metadata.annotations)
      .toEqual({ 'keelson.dev/pod-security-reason': 'the legacy pods run as root; warn and audit show what restricted would refuse' });
    expect(ns!.podSecurity).toEqual({
      enforce: { level: 'baseline', version: 'v1.23' }, audit: { level: 'restricted', version: 'v1.23' }, warn: { level: 'restricted', version: 'v1.23' },
    });
  });

  test('audit and warn default to the level and version of enforce; a mode given without a version takes enforce\'s', () => {
    const out = synth((stack) => {
      new SecureNamespace(stack, 'pinned', { podSecurity: { enforce: { level: 'restricted', version: 'v1.32' } } });
      new SecureNamespace(stack, 'agents', {
        podSecurity: { enforce: { level: 'privileged', version: 'v1.31' }, warn: { level: 'baseline' } },
        weakerPodSecurity: { reason: 'node agents' },
      });
    });
    expect(labels(out, 'pinned')).toEqual({
      'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'v1.32',
      'pod-security.kubernetes.io/audit': 'restricted', 'pod-security.kubernetes.io/audit-version': 'v1.32',
      'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/warn-version': 'v1.32',
    });
    expect(labels(out, 'agents')).toEqual({
      'pod-security.kubernetes.io/enforce': 'privileged', 'pod-security.kubernetes.io/enforce-version': 'v1.31',
      'pod-security.kubernetes.io/audit': 'privileged', 'pod-security.kubernetes.io/audit-version': 'v1.31',
      'pod-security.kubernetes.io/warn': 'baseline', 'pod-security.kubernetes.io/warn-version': 'v1.31',
    });
  });

  test('with a PodSecurityProfile, enforce is its level and audit and warn may be stricter', () => {
    const out = synth((stack) => {
      const profile = new PodSecurityProfile(stack, 'setuid', { allowPrivilegeEscalation: true, reason: 'legacy setuid tools' });
      new SecureNamespace(stack, 'legacy', { podSecurityProfile: profile, podSecurity: { enforce: { level: 'baseline' }, warn: { level: 'restricted' } } });
    });
    expect(labels(out, 'legacy')).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/warn': 'restricted' });
    expect(find(out, 'Namespace', 'legacy').metadata.labels['keelson.dev/pod-security-profile']).toBe('setuid');
    expect(find(out, 'Namespace', 'legacy').metadata.annotations).toEqual({ 'keelson.dev/pod-security-reason': 'legacy setuid tools' });
  });

  test('the legacy props still set all three modes alike', () => {
    const out = synth((stack) => new SecureNamespace(stack, 'old', { podSecurityLevel: 'baseline', podSecurityVersion: 'v1.30', weakerPodSecurity: { reason: 'vendor chart' } }));
    expect(new Set(['enforce', 'audit', 'warn'].map((m) => labels(out, 'old')[`pod-security.kubernetes.io/${m}`]))).toEqual(new Set(['baseline']));
    expect(new Set(['enforce', 'audit', 'warn'].map((m) => labels(out, 'old')[`pod-security.kubernetes.io/${m}-version`]))).toEqual(new Set(['v1.30']));
  });
});

describe('SecureNamespace: quota and limit range', () => {
  const governed = (stack: Construct) => new SecureNamespace(stack, 'team-a', {
    resourceQuota: {
      compute: { requests: { cpu: '4', memory: '8Gi' }, limits: { cpu: '8', memory: '16Gi' } },
      storage: { requests: '200Gi', storageClasses: { gp3: { requests: '100Gi' } } },
      objects: { pods: 40, servicesLoadBalancers: 0, servicesNodePorts: 0 },
    },
    limitRange: {
      container: { default: { cpu: '500m', memory: '512Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' }, max: { cpu: '2', memory: '4Gi' } },
      persistentVolumeClaim: { min: '1Gi', max: '50Gi' },
    },
  });

  test('writes the ResourceQuota "resource-quota" and the LimitRange "limit-range" into the namespace, beside the default deny', () => {
    let ns: SecureNamespace | undefined;
    const out = synthWithPaths((stack) => {
      ns = governed(stack);
    });
    const quota = findWithPath(out, 'ResourceQuota');
    const limits = findWithPath(out, 'LimitRange');
    expect([quota.constructPath, quota.manifest.metadata.name, quota.manifest.metadata.namespace]).toEqual(['test/team-a/resource-quota/Resource', 'resource-quota', 'team-a']);
    expect([limits.constructPath, limits.manifest.metadata.name, limits.manifest.metadata.namespace]).toEqual(['test/team-a/limit-range/Resource', 'limit-range', 'team-a']);
    expect(quota.manifest.spec.hard).toMatchObject({ 'services.loadbalancers': '0', 'services.nodeports': '0', 'gp3.storageclass.storage.k8s.io/requests.storage': '100Gi' });
    expect(limits.manifest.spec.limits.map((l: any) => l.type)).toEqual(['Container', 'PersistentVolumeClaim']);
    expect(ns!.resourceQuota!.hard['requests.cpu']).toBe('4');
    expect(ns!.limitRange!.limits).toHaveLength(2);
    expect(out.filter((m) => m.manifest.kind === 'NetworkPolicy').map((m) => m.manifest.metadata.name).sort()).toEqual(['allow-dns', 'default-deny']);
  });

  test('their names can be chosen, and they come with an unrestricted network too', () => {
    const out = synth((stack) => new SecureNamespace(stack, 'vendor', {
      unrestrictedNetwork: { reason: 'the operator manages its flows' },
      resourceQuota: { name: 'compute', objects: { pods: 10 } },
      limitRange: { name: 'defaults', labels: { tier: 'vendor' }, container: { max: { memory: '1Gi' } } },
    }));
    expect(find(out, 'ResourceQuota', 'compute').metadata.namespace).toBe('vendor');
    expect(find(out, 'LimitRange', 'defaults').metadata.labels).toMatchObject({ tier: 'vendor' });
  });

  test('keelson workloads (which always set CPU and memory) pass the policy under the quota without a LimitRange; a LimitRange max below their defaults fails it', () => {
    const app = (limitRange?: SecureNamespaceProps['limitRange']): AppDefinition => ({
      name: 'governed',
      description: '',
      build: (a) => {
        const ns = new SecureNamespace(new AppStack(a, 'governed'), 'team-a', {
          resourceQuota: { compute: { requests: { cpu: '4', memory: '8Gi' }, limits: { cpu: '8', memory: '16Gi' } } }, limitRange,
        });
        new WebService(ns, 'web', { image: 'ghcr.io/example/web:1.0.0' });
      },
    });
    const policy = synthApps([app()], tempDir()).apps[0].policy;
    expect(policy.findings.filter((f) => f.severity === 'error')).toEqual([]);
    let error: unknown;
    try {
      synthApps([app({ container: { max: { cpu: '250m' } } })], tempDir());
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as Error).message).toContain('ERROR limitrange-pods-fit: Deployment team-a/web');
    expect((error as Error).message).toContain('container "web" is limited to cpu "500m", more than the Container max.cpu "250m" of LimitRange limit-range');
  });
});

const bad = (s: Construct) => new AppStack(s, 'bad');
// Bad values are passed as they would come from JavaScript: the cast lets the table hold what TypeScript refuses.
const nsWith = (s: Construct, p: object) => new SecureNamespace(bad(s), 'ns', p as SecureNamespaceProps);
const N = '[bad/ns]';
const REASON = { weakerPodSecurity: { reason: 'legacy' } };
const QUOTA = { compute: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } }, storage: { requests: '10Gi', storageClasses: { gp3: { requests: '5Gi' } } } };

const NAMESPACE_CASES: BadInput[] = [
  { title: 'podSecurity with podSecurityLevel', build: (s) => nsWith(s, { podSecurity: { enforce: { level: 'restricted' } }, podSecurityLevel: 'restricted' }),
    where: `${N} podSecurityLevel: got "restricted"`, expected: 'no podSecurityLevel together with podSecurity (set podSecurity.enforce.level instead)' },
  { title: 'podSecurity with podSecurityVersion', build: (s) => nsWith(s, { podSecurity: { enforce: { level: 'restricted' } }, podSecurityVersion: 'v1.32' }),
    where: `${N} podSecurityVersion: got "v1.32"`, expected: 'no podSecurityVersion together with podSecurity (set the version of each mode in podSecurity instead)' },
  { title: 'podSecurity without enforce', build: (s) => nsWith(s, { podSecurity: { warn: { level: 'restricted' } } }), where: `${N} podSecurity.enforce: got undefined`,
    expected: '{ level, version? }: the level pods must meet' },
  { title: 'an unknown enforce level', build: (s) => nsWith(s, { podSecurity: { enforce: { level: 'strict' } } }), where: `${N} podSecurity.enforce.level: got "strict"`,
    expected: '"restricted", "baseline" or "privileged"' },
  { title: 'audit weaker than enforce', build: (s) => nsWith(s, { podSecurity: { enforce: { level: 'restricted' }, audit: { level: 'baseline' } } }),
    where: `${N} podSecurity.audit.level: got "baseline"`,
    expected: 'a level at least as strict as enforce ("restricted"): "restricted" (audit and warn also judge the pod templates of workloads, which enforce does not)' },
  { title: 'warn weaker than enforce', build: (s) => nsWith(s, { ...REASON, podSecurity: { enforce: { level: 'baseline' }, warn: { level: 'privileged' } } }),
    where: `${N} podSecurity.warn.level: got "privileged"`, expected: 'a level at least as strict as enforce ("baseline"): "restricted" or "baseline"' },
  { title: 'a version without the "v"', build: (s) => nsWith(s, { podSecurity: { enforce: { level: 'restricted', version: '1.32' } } }),
    where: `${N} podSecurity.enforce.version: got "1.32"`, expected: '"latest" or a version such as "v1.32"' },
  { title: 'a warn version "v1.x"', build: (s) => nsWith(s, { podSecurity: { enforce: { level: 'restricted' }, warn: { level: 'restricted', version: 'v1.x' } } }),
    where: `${N} podSecurity.warn.version: got "v1.x"`, expected: '"latest" or a version such as "v1.32"' },
  { title: 'a weaker enforce level without a reason', build: (s) => nsWith(s, { podSecurity: { enforce: { level: 'baseline' }, warn: { level: 'restricted' } } }),
    where: `${N} weakerPodSecurity: got undefined`,
    expected: 'a reason why pods here cannot meet "restricted", since podSecurity.enforce.level is "baseline": weakerPodSecurity: { reason }' },
  { title: 'a mode "enforced"', build: (s) => nsWith(s, { podSecurity: { enforce: { level: 'restricted' }, enforced: { level: 'restricted' } } }),
    where: `${N} podSecurity.enforced: got {"level":"restricted"}`, expected: 'a known prop (did you mean "enforce"?); the props are audit, enforce, warn' },
  { title: 'a mode with "levels"', build: (s) => nsWith(s, { podSecurity: { enforce: { levels: 'restricted' } } }),
    where: `${N} podSecurity.enforce.levels: got "restricted"`, expected: 'a known prop (did you mean "level"?); the props are level, version' },
  { title: 'podSecurity as a level string', build: (s) => nsWith(s, { podSecurity: 'restricted' }), where: `${N} podSecurity: got "restricted"`, expected: 'an object of props' },
  { title: 'an enforce level other than the profile\'s', build: (s) => {
    const b = bad(s);
    new SecureNamespace(b, 'ns', { podSecurityProfile: new PodSecurityProfile(b, 'uids', { runAsUser: { rule: 'MustRunAs', ranges: [{ min: 1, max: 3000 }] } }),
      podSecurity: { enforce: { level: 'baseline' } }, weakerPodSecurity: { reason: 'x' } });
  }, where: `${N} podSecurity.enforce.level: got "baseline"`, expected: '"restricted", the level of podSecurityProfile "uids"' },
  { title: 'a Pod Security label among the labels', build: (s) => nsWith(s, { labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } }),
    where: `${N} labels["pod-security.kubernetes.io/enforce"]: got "privileged"`,
    expected: 'no Pod Security Admission label (set podSecurity, or podSecurityLevel and podSecurityVersion)' },
  { title: 'a quota with the API field "hard"', build: (s) => nsWith(s, { resourceQuota: { hard: { pods: '10' } } }), where: `${N} resourceQuota.hard: got {"pods":"10"}`,
    expected: 'a known prop; the props are compute, labels, name, objects, otherResources, scopeSelector, scopes, storage' },
  { title: 'a quota CPU in words', build: (s) => nsWith(s, { resourceQuota: { compute: { limits: { cpu: 'lots' } } } }),
    where: `${N} resourceQuota.compute.limits.cpu: got "lots"`, expected: 'a CPU amount such as "2", "1.5" or "500m"' },
  { title: 'a quota name with capitals', build: (s) => nsWith(s, { resourceQuota: { name: 'Quota', objects: { pods: 1 } } }), where: `${N} resourceQuota.name: got "Quota"`,
    expected: 'an object name' },
  { title: 'an empty quota', build: (s) => nsWith(s, { resourceQuota: {} }), where: `${N} resourceQuota: got {}`, expected: 'at least one hard limit' },
  { title: 'a limit range default above its max', build: (s) => nsWith(s, { limitRange: { container: { default: { memory: '2Gi' }, max: { memory: '1Gi' } } } }),
    where: `${N} limitRange.container.default.memory: got "2Gi"`, expected: 'at most limitRange.container.max.memory ("1Gi")' },
  { title: 'a limit range with "namespace"', build: (s) => nsWith(s, { limitRange: { namespace: 'other', container: { max: { cpu: '1' } } } }),
    where: `${N} limitRange.namespace: got "other"`, expected: 'a known prop; the props are container, labels, name, persistentVolumeClaim, pod' },
  { title: 'a default limit above the quota\'s limits', build: (s) => nsWith(s, { resourceQuota: QUOTA, limitRange: { container: { default: { cpu: '4' } } } }),
    where: `${N} limitRange.container.default.cpu: got "4"`,
    expected: 'at most resourceQuota\'s limits.cpu ("2"): a container that takes the default limit needs more than the whole quota' },
  { title: 'a max (the default limit) above the quota\'s limits', build: (s) => nsWith(s, { resourceQuota: QUOTA, limitRange: { container: { max: { memory: '4Gi' } } } }),
    where: `${N} limitRange.container.max.memory: got "4Gi"`, expected: 'at most resourceQuota\'s limits.memory ("2Gi"): a container that takes the default limit' },
  { title: 'a default request above the quota\'s requests', build: (s) => nsWith(s, { resourceQuota: QUOTA, limitRange: { container: { defaultRequest: { memory: '1536Mi' } } } }),
    where: `${N} limitRange.container.defaultRequest.memory: got "1536Mi"`,
    expected: 'at most resourceQuota\'s requests.memory ("1Gi"): a container that takes the default request needs more than the whole quota' },
  { title: 'a container min above the quota\'s requests', build: (s) => nsWith(s, { resourceQuota: QUOTA, limitRange: { container: { min: { cpu: '1500m' } } } }),
    where: `${N} limitRange.container.min.cpu: got "1500m"`, expected: 'at most resourceQuota\'s requests.cpu ("1"): every container requests at least the min, more than the whole quota' },
  { title: 'a pod min above the quota\'s requests', build: (s) => nsWith(s, { resourceQuota: QUOTA, limitRange: { pod: { min: { memory: '3Gi' } } } }),
    where: `${N} limitRange.pod.min.memory: got "3Gi"`, expected: 'at most resourceQuota\'s requests.memory ("1Gi"): every pod requests at least the min' },
  { title: 'a claim min above a StorageClass quota', build: (s) => nsWith(s, { resourceQuota: QUOTA, limitRange: { persistentVolumeClaim: { min: '8Gi' } } }),
    where: `${N} limitRange.persistentVolumeClaim.min: got "8Gi"`,
    expected: 'at most resourceQuota\'s gp3.storageclass.storage.k8s.io/requests.storage ("5Gi"): no claim of StorageClass "gp3" fits its quota' },
  { title: 'an ephemeral-storage quota without a LimitRange default', build: (s) => nsWith(s, { resourceQuota: { compute: { requests: { ephemeralStorage: '10Gi' } } } }),
    where: `${N} resourceQuota.compute.requests.ephemeralStorage: got "10Gi"`,
    expected: 'a quota on ephemeral storage only with a limitRange default for it (limitRange.container.defaultRequest.ephemeralStorage): keelson containers set no '
      + 'ephemeral-storage, so the quota would count them as 0 and limit nothing' },
  { title: 'an ephemeral-storage limits quota with only a default request', build: (s) => nsWith(s, {
    resourceQuota: { compute: { limits: { ephemeralStorage: '10Gi' } } }, limitRange: { container: { defaultRequest: { ephemeralStorage: '1Gi' } } },
  }), where: `${N} resourceQuota.compute.limits.ephemeralStorage: got "10Gi"`,
  expected: 'a quota on ephemeral storage only with a limitRange default for it (limitRange.container.default.ephemeralStorage)' },
];

describeBadInputs('bad SecureNamespace Pod Security, quota and limit range input is refused with a clear error and no output', {
  name: 'good',
  description: '',
  build: (app) => new SecureNamespace(new AppStack(app, 'good'), 'team-a', {
    podSecurity: { enforce: { level: 'baseline' }, warn: { level: 'restricted' } }, weakerPodSecurity: { reason: 'legacy' },
    resourceQuota: QUOTA, limitRange: { container: { default: { cpu: '500m', memory: '512Mi' } } },
  }),
}, NAMESPACE_CASES);
