import { PeerAuthentication } from '../../../lib/mesh/peer-authentication';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { all, find, synth, synthError } from '../../helpers/synth';

describe('PeerAuthentication', () => {
  test('STRICT for the namespace by default, named "default"', () => {
    const out = synth((s) => new PeerAuthentication(new SecureNamespace(s, 'shop'), 'mtls'));
    const pa = find(out, 'PeerAuthentication', 'default', 'security.istio.io');
    expect(pa.apiVersion).toBe('security.istio.io/v1');
    expect(pa.metadata.namespace).toBe('shop');
    expect(pa.spec).toEqual({ mtls: { mode: 'STRICT' } });
  });

  test('mesh-wide in istio-system, or for one workload with port-level modes and a reason', () => {
    const out = synth((s) => {
      new PeerAuthentication(s, 'mesh', { scope: 'mesh' });
      new PeerAuthentication(new SecureNamespace(s, 'shop'), 'legacy-metrics', {
        scope: { workloadLabels: { app: 'legacy' } },
        portLevelMtls: { 9100: 'PERMISSIVE' },
        reason: 'Prometheus outside the mesh scrapes port 9100',
      });
    });
    const [mesh, legacy] = all(out, 'PeerAuthentication');
    expect([mesh.metadata.name, mesh.metadata.namespace, mesh.spec.selector]).toEqual(['default', 'istio-system', undefined]);
    expect(legacy.metadata.name).toBe('legacy-metrics');
    expect(legacy.metadata.annotations['keelson.dev/mtls-reason']).toBe('Prometheus outside the mesh scrapes port 9100');
    expect(legacy.spec).toEqual({ selector: { matchLabels: { app: 'legacy' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { 9100: { mode: 'PERMISSIVE' } } });
  });

  test('plain text needs a reason; port-level modes need a workload scope', () => {
    expect(synthError((s) => new PeerAuthentication(new SecureNamespace(s, 'shop'), 'mtls', { mode: 'PERMISSIVE' })).message)
      .toContain('[test/shop/mtls] reason: got undefined; expected a reason why plain-text traffic is acceptable, since a mode other than STRICT is set');
    expect(synthError((s) => new PeerAuthentication(new SecureNamespace(s, 'shop'), 'mtls', { portLevelMtls: { 8080: 'DISABLE' }, reason: 'legacy' })).message)
      .toContain('[test/shop/mtls] portLevelMtls: got {"8080":"DISABLE"}; expected port-level modes only on a workload-scoped policy');
  });
});
