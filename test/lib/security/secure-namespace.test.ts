import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { IngressController } from '../../../lib/networking/ingress-controller';
import { NetworkPeer } from '../../../lib/networking/network-peer';
import { PodSecurityProfile } from '../../../lib/security/pod-security-profile';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { StatefulService } from '../../../lib/workloads/stateful-service';
import { WebService } from '../../../lib/workloads/web-service';
import { all, find, findWithPath, synth, synthError, synthWithPaths } from '../../helpers/synth';

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
