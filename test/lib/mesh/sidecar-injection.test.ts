import { IstioSidecarInjection } from '../../../lib/mesh/sidecar-injection';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { find, synth, synthError } from '../../helpers/synth';

describe('IstioSidecarInjection', () => {
  test('labels the namespace for injection and keeps Pod Security restricted', () => {
    const out = synth((s) => new IstioSidecarInjection(new SecureNamespace(s, 'shop'), 'sidecars'));
    const labels = find(out, 'Namespace', 'shop').metadata.labels;
    expect(labels['istio-injection']).toBe('enabled');
    expect(labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  test('a revision label instead, for canary upgrades of the control plane', () => {
    const out = synth((s) => new IstioSidecarInjection(new SecureNamespace(s, 'shop'), 'sidecars', { revision: '1-28-0' }));
    const labels = find(out, 'Namespace', 'shop').metadata.labels;
    expect(labels['istio.io/rev']).toBe('1-28-0');
    expect(labels['istio-injection']).toBeUndefined();
  });

  test('the sidecars may reach istiod (xDS and certificates on 15012) despite default-deny', () => {
    const out = synth((s) => new IstioSidecarInjection(new SecureNamespace(s, 'shop'), 'sidecars', { istiodNamespace: 'istio-control' }));
    const policy = find(out, 'NetworkPolicy', 'allow-istiod');
    expect(policy.spec.podSelector).toEqual({});
    expect(policy.spec.policyTypes).toEqual(['Egress']);
    expect(policy.spec.egress).toEqual([{
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-control' } }, podSelector: { matchLabels: { app: 'istiod' } } }],
      ports: [{ port: 15012, protocol: 'TCP' }],
    }]);
  });

  test('refuses a revision that is not a label value', () => {
    expect(synthError((s) => new IstioSidecarInjection(new SecureNamespace(s, 'shop'), 'sidecars', { revision: '1.28' })).message)
      .toContain('[test/shop/sidecars] revision: got "1.28"; expected a DNS-1123 label');
  });
});
