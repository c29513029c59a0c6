import { securityApps } from '../../apps/security';
import { podSpecOf, restrictedViolations } from '../helpers/pod-security';
import { canConnect } from '../helpers/network-reach';
import { DNS_EGRESS, synthYaml } from '../helpers/app-output';
import { all, find } from '../helpers/synth';

const out = synthYaml(securityApps.find((a) => a.name === 'security-network')!);
const pod = (namespace: string, app: string) => ({ namespace, labels: { app, 'app.kubernetes.io/name': app } });
const DNS = { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } };

describe('security-network app', () => {
  test('every namespace is default deny with DNS allowed, and every pod passes "restricted"', () => {
    const namespaces = all(out, 'Namespace').map((n) => n.metadata.name);
    expect(namespaces.sort()).toEqual(['development', 'my-namespace', 'web', 'workshop']);
    for (const ns of namespaces) {
      const deny = out.find((m: any) => m.kind === 'NetworkPolicy' && m.metadata.namespace === ns && m.metadata.name === 'default-deny') as any;
      expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [], egress: [] });
      const dns = out.find((m: any) => m.kind === 'NetworkPolicy' && m.metadata.namespace === ns && m.metadata.name === 'allow-dns') as any;
      expect(dns.spec.egress).toEqual([DNS_EGRESS]);
    }
    for (const w of out.filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind))) {
      expect(restrictedViolations(podSpecOf(w))).toEqual([]);
    }
  });

  test('development (override-restriction-policy): frontend -> server on HTTPS, server -> database, nothing else', () => {
    expect(canConnect(out, pod('development', 'frontend'), pod('development', 'server'), 8443)).toBe(true);
    expect(canConnect(out, pod('development', 'server'), pod('development', 'database'), 6379)).toBe(true);
    expect(canConnect(out, pod('development', 'frontend'), pod('development', 'database'), 6379)).toBe(false);
    expect(canConnect(out, pod('development', 'database'), pod('development', 'server'), 8443)).toBe(false);
    expect(canConnect(out, pod('development', 'frontend'), pod('development', 'server'), 9999)).toBe(false);
    expect(canConnect(out, pod('web', 'frontend'), pod('development', 'server'), 8443)).toBe(false);
    // DNS is the one thing every pod may do.
    expect(canConnect(out, pod('development', 'server'), DNS, 53, 'UDP')).toBe(true);
    expect(canConnect(out, pod('development', 'server'), { ip: '1.1.1.1' }, 443)).toBe(false);
  });

  test('specific-ip-policy: the worker and 157.10.0.0/16 reach each other, except 157.10.1.0/24', () => {
    const worker = pod('development', 'worker');
    expect(canConnect(out, worker, { ip: '157.10.2.3' }, 443)).toBe(true);
    expect(canConnect(out, worker, { ip: '157.10.1.3' }, 443)).toBe(false);
    expect(canConnect(out, worker, { ip: '157.11.0.1' }, 443)).toBe(false);
    expect(canConnect(out, { ip: '157.10.200.1' }, worker, 8080)).toBe(true);
    expect(canConnect(out, { ip: '157.10.1.200' }, worker, 8080)).toBe(false);
    const ingress = find(out, 'NetworkPolicy', 'worker-ingress-from-cidr-157-10-0-0-16');
    expect(ingress.spec.ingress[0].from).toEqual([{ ipBlock: { cidr: '157.10.0.0/16', except: ['157.10.1.0/24'] } }]);
  });

  test('frontend-network-policy: in web, frontend reaches server; across namespaces nothing does', () => {
    expect(canConnect(out, pod('web', 'frontend'), pod('web', 'server'), 8080)).toBe(true);
    expect(canConnect(out, pod('web', 'server'), pod('web', 'frontend'), 8080)).toBe(false);
    expect(canConnect(out, pod('development', 'frontend'), pod('web', 'server'), 8080)).toBe(false);
  });

  test('sample-network-policy: one ingress rule, three ORed peers, TCP 3257; egress to 10.0.0.0/24 on 5832', () => {
    const policy = find(out, 'NetworkPolicy', 'sample-network-policy');
    expect(policy.metadata.namespace).toBe('my-namespace');
    expect(policy.spec.podSelector).toEqual({ matchLabels: { app: 'db' } });
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy.spec.ingress).toEqual([{
      from: [
        { ipBlock: { cidr: '192.18.0.0/16', except: ['192.18.1.0/24'] } },
        { namespaceSelector: { matchLabels: { project: 'sample-project' } } },
        { podSelector: { matchLabels: { app: 'frontend' } } },
      ],
      ports: [{ port: 3257, protocol: 'TCP' }],
    }]);
    expect(policy.spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '10.0.0.0/24' } }], ports: [{ port: 5832, protocol: 'TCP' }] }]);
    const db = pod('my-namespace', 'db');
    expect(canConnect(out, { ip: '192.18.7.7' }, db, 3257)).toBe(true);
    expect(canConnect(out, { ip: '192.18.1.7' }, db, 3257)).toBe(false);
    expect(canConnect(out, pod('my-namespace', 'frontend'), db, 3257)).toBe(true);
    expect(canConnect(out, db, { ip: '10.0.0.9' }, 5832)).toBe(true);
    expect(canConnect(out, db, { ip: '10.0.0.9' }, 5833)).toBe(false);
  });

  test('the Workshop activity as meant: nodes -> app on 8080, app -> redis on 6379, redis takes nobody else', () => {
    const app = pod('workshop', 'kubernetes-test-ha-application-with-redis');
    const redis = pod('workshop', 'redis');
    expect(canConnect(out, { ip: '10.0.3.4' }, app, 8080)).toBe(true);
    expect(canConnect(out, { ip: '192.168.0.1' }, app, 8080)).toBe(false);
    expect(canConnect(out, app, redis, 6379)).toBe(true);
    expect(canConnect(out, { ip: '10.0.3.4' }, redis, 6379)).toBe(false);
    expect(canConnect(out, redis, app, 8080)).toBe(false);
    // The draft's egress to 0.0.0.0/0 on 8080 is not reproduced.
    expect(canConnect(out, app, { ip: '8.8.8.8' }, 8080)).toBe(false);
    expect(canConnect(out, app, DNS, 53, 'UDP')).toBe(true);
  });

  test('no policy allows everything (the book\'s allow-all-egress is not reproduced)', () => {
    for (const p of all(out, 'NetworkPolicy')) {
      for (const r of [...(p.spec.ingress ?? []).map((x: any) => x.from), ...(p.spec.egress ?? []).map((x: any) => x.to)]) {
        expect(r?.length ?? 0).toBeGreaterThan(0);
      }
    }
  });
});
