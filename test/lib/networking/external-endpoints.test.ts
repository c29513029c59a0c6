import { ExternalEndpoints } from '../../../lib/networking/external-endpoints';
import { runPolicy } from '../../../lib/policy/engine';
import { BUILTIN_CHECKS } from '../../../lib/policy/registry';
import { kubernetesTarget } from '../../../lib/policy/targets';
import { Manifest } from '../../../lib/output/manifest';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { all, find, synth } from '../../helpers/synth';

/** Findings of the Service and EndpointSlice checks. */
function findings(out: readonly Manifest[]): string[] {
  const checks = BUILTIN_CHECKS.filter((c) => c.kinds.includes('Service') || c.kinds.includes('EndpointSlice'));
  expect(checks.map((c) => c.id)).toContain('endpointslice-service');
  return runPolicy(out.map((m) => kubernetesTarget(m)), { checks }).findings.map((f) => `${f.checkId}: ${f.message}`);
}

describe('ExternalEndpoints: the book\'s elasticsearch at 192.168.24.14-16 (N3)', () => {
  let es: ExternalEndpoints | undefined;
  const out = synth((s) => {
    es = new ExternalEndpoints(s, 'elasticsearch', { namespace: 'default', addresses: ['192.168.24.14', '192.168.24.15', '192.168.24.16'], ports: [9200] });
  });

  test('a ClusterIP Service without selector, port 9200 to 9200', () => {
    const svc = find(out, 'Service', 'elasticsearch');
    expect(svc.metadata.namespace).toBe('default');
    expect(svc.spec).toEqual({ type: 'ClusterIP', ports: [{ port: 9200, targetPort: 9200, protocol: 'TCP' }] });
  });

  test('one discovery.k8s.io/v1 EndpointSlice (no deprecated Endpoints), labelled with the Service name and marked as not the controller\'s', () => {
    expect(all(out, 'Endpoints')).toEqual([]);
    const slice = find(out, 'EndpointSlice', 'elasticsearch-ipv4');
    expect(slice.apiVersion).toBe('discovery.k8s.io/v1');
    expect(slice.metadata.namespace).toBe('default');
    expect(slice.metadata.labels).toMatchObject({ 'kubernetes.io/service-name': 'elasticsearch', 'endpointslice.kubernetes.io/managed-by': 'keelson' });
    expect(slice.addressType).toBe('IPv4');
    expect(slice.endpoints).toEqual(['192.168.24.14', '192.168.24.15', '192.168.24.16'].map((a) => ({ addresses: [a], conditions: { ready: true } })));
    expect(slice.ports).toEqual([{ port: 9200, protocol: 'TCP' }]);
    expect(es!.sliceNames).toEqual(['elasticsearch-ipv4']);
    expect(es!.host).toBe('elasticsearch.default.svc');
  });

  test('the policy finds the slice consistent with its Service', () => {
    expect(findings(out)).toEqual([]);
  });
});

test('named ports with a target port: the slice carries the addresses\' port under the Service port\'s name', () => {
  const out = synth((s) => new ExternalEndpoints(new SecureNamespace(s, 'search'), 'legacy-api', {
    addresses: ['10.20.0.5'], ports: [{ name: 'http', port: 80, targetPort: 8080, appProtocol: 'http' }, { name: 'syslog', port: 514, protocol: 'UDP' }],
  }));
  expect(find(out, 'Service', 'legacy-api').spec.ports).toEqual([
    { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP', appProtocol: 'http' },
    { name: 'syslog', port: 514, targetPort: 514, protocol: 'UDP' },
  ]);
  expect(find(out, 'EndpointSlice', 'legacy-api-ipv4').ports).toEqual([
    { name: 'http', port: 8080, protocol: 'TCP', appProtocol: 'http' },
    { name: 'syslog', port: 514, protocol: 'UDP' },
  ]);
  expect(findings(out)).toEqual([]);
});

test('IPv4 and IPv6 addresses go to one slice per family; a ClusterIP Service prefers both families, a headless one has no virtual IP', () => {
  const out = synth((s) => {
    const ns = new SecureNamespace(s, 'search');
    new ExternalEndpoints(ns, 'es', { addresses: ['192.168.24.14', '2001:db8::14', '::ffff:0:1:0:14'], ports: [9200], headless: true });
    new ExternalEndpoints(ns, 'es-vip', { addresses: ['192.168.24.15', '2001:db8::15'], ports: [9200] });
  });
  expect(find(out, 'Service', 'es').spec).toEqual({ clusterIP: 'None', ports: [{ port: 9200, targetPort: 9200, protocol: 'TCP' }] });
  expect(find(out, 'Service', 'es-vip').spec).toEqual({ type: 'ClusterIP', ipFamilyPolicy: 'PreferDualStack', ports: [{ port: 9200, targetPort: 9200, protocol: 'TCP' }] });
  expect(all(out, 'EndpointSlice').map((s) => [s.metadata.name, s.addressType, s.endpoints.map((e: any) => e.addresses[0])])).toEqual([
    ['es-ipv4', 'IPv4', ['192.168.24.14']],
    ['es-ipv6', 'IPv6', ['2001:db8::14', '::ffff:0:1:0:14']],
    ['es-vip-ipv4', 'IPv4', ['192.168.24.15']],
    ['es-vip-ipv6', 'IPv6', ['2001:db8::15']],
  ]);
  expect(findings(out)).toEqual([]);
});

test('more than 1000 addresses are split into slices of at most 1000 (the API server\'s limit)', () => {
  const addresses = Array.from({ length: 2500 }, (_x, i) => `10.1.${Math.floor(i / 250)}.${(i % 250) + 1}`);
  let es: ExternalEndpoints | undefined;
  const out = synth((s) => { es = new ExternalEndpoints(new SecureNamespace(s, 'fleet'), 'agents', { addresses, ports: [{ name: 'metrics', port: 9100 }] }); });
  // The first slice keeps its name when more are added.
  const slices = all(out, 'EndpointSlice').sort((a, b) => es!.sliceNames.indexOf(a.metadata.name) - es!.sliceNames.indexOf(b.metadata.name));
  expect(slices.map((s) => [s.metadata.name, s.endpoints.length])).toEqual([['agents-ipv4', 1000], ['agents-ipv4-2', 1000], ['agents-ipv4-3', 500]]);
  expect(slices.flatMap((s) => s.endpoints.map((e: any) => e.addresses[0]))).toEqual(addresses);
  expect(es!.sliceNames).toEqual(['agents-ipv4', 'agents-ipv4-2', 'agents-ipv4-3']);
  expect(findings(out)).toEqual([]);
});

test('DNS names with addressType FQDN', () => {
  const out = synth((s) => new ExternalEndpoints(new SecureNamespace(s, 'search'), 'es', {
    addresses: ['es-1.search.example.com', 'es-2.search.example.com.'], addressType: 'FQDN', ports: [9200],
  }));
  const slice = find(out, 'EndpointSlice', 'es-fqdn');
  expect(slice.addressType).toBe('FQDN');
  expect(slice.endpoints.map((e: any) => e.addresses)).toEqual([['es-1.search.example.com'], ['es-2.search.example.com.']]);
});
