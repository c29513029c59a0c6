import { DestinationRule } from '../../../lib/mesh/destination-rule';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { find, synth, synthError } from '../../helpers/synth';

describe('DestinationRule', () => {
  test('subsets by labels, given or added later, with a traffic policy', () => {
    const out = synth((s) => {
      const dr = new DestinationRule(new SecureNamespace(s, 'shop'), 'reviews', {
        host: 'reviews',
        trafficPolicy: { tlsMode: 'ISTIO_MUTUAL', loadBalancer: 'LEAST_REQUEST' },
        subsets: [{ name: 'v1', labels: { version: 'v1' } }],
      });
      dr.addSubset({ name: 'v2', labels: { version: 'v2' }, trafficPolicy: { loadBalancer: 'ROUND_ROBIN' } });
      expect(dr.subsetNames).toEqual(['v1', 'v2']);
    });
    const dr = find(out, 'DestinationRule', 'reviews', 'networking.istio.io');
    expect(dr.apiVersion).toBe('networking.istio.io/v1');
    expect(dr.spec).toEqual({
      host: 'reviews',
      trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' }, loadBalancer: { simple: 'LEAST_REQUEST' } },
      subsets: [
        { name: 'v1', labels: { version: 'v1' } },
        { name: 'v2', labels: { version: 'v2' }, trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN' } } },
      ],
    });
  });

  test('refuses a subset name twice, a subset without labels, and a rule that does nothing', () => {
    expect(synthError((s) => new DestinationRule(new SecureNamespace(s, 'shop'), 'r', {
      host: 'r', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v1', labels: { version: 'v1b' } }],
    })).message).toContain('[test/shop/r] subsets[1].name: got "v1"; expected a subset name not yet used in this DestinationRule');
    expect(synthError((s) => new DestinationRule(new SecureNamespace(s, 'shop'), 'r', { host: 'r', subsets: [{ name: 'v1', labels: {} }] })).message)
      .toContain('[test/shop/r] subsets[0].labels: got {}; expected at least one entry');
    expect(synthError((s) => new DestinationRule(new SecureNamespace(s, 'shop'), 'r', { host: 'r' })).message)
      .toContain('[test/shop/r] subsets: got []; expected subsets or a traffic policy (an empty DestinationRule does nothing)');
  });

  test('refuses an unknown TLS mode', () => {
    expect(synthError((s) => new DestinationRule(new SecureNamespace(s, 'shop'), 'r', { host: 'r', trafficPolicy: { tlsMode: 'ON' as any } })).message)
      .toContain('[test/shop/r] trafficPolicy.tlsMode: got "ON"; expected DISABLE, SIMPLE, MUTUAL or ISTIO_MUTUAL');
  });

  test('client certificates for MUTUAL TLS, and settings for single ports', () => {
    const out = synth((s) => new DestinationRule(new SecureNamespace(s, 'shop'), 'db', {
      host: 'db.example.com',
      trafficPolicy: {
        tlsMode: 'MUTUAL', credentialName: 'db-client',
        portLevelSettings: [{ port: 9187, tlsMode: 'DISABLE' }, { port: 5433, loadBalancer: 'LEAST_REQUEST' }],
      },
    }));
    expect(find(out, 'DestinationRule', 'db').spec.trafficPolicy).toEqual({
      tls: { mode: 'MUTUAL', credentialName: 'db-client' },
      portLevelSettings: [
        { port: { number: 9187 }, tls: { mode: 'DISABLE' } },
        { port: { number: 5433 }, loadBalancer: { simple: 'LEAST_REQUEST' } },
      ],
    });
  });

  test('refuses a credential where Istio ignores it', () => {
    expect(synthError((s) => new DestinationRule(new SecureNamespace(s, 'shop'), 'r', { host: 'r', trafficPolicy: { tlsMode: 'ISTIO_MUTUAL', credentialName: 'x' } })).message)
      .toContain('[test/shop/r] trafficPolicy.credentialName: got "x"; expected no credentialName with tlsMode ISTIO_MUTUAL (only SIMPLE and MUTUAL use one)');
  });
});
