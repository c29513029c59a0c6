import { PrivateCertificateAuthority } from '../../../lib/security/private-ca';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { TlsCertificate } from '../../../lib/security/tls-certificate';
import { all, find, synth, synthError } from '../../helpers/synth';

describe('PrivateCertificateAuthority', () => {
  const out = synth((s) => {
    const ca = new PrivateCertificateAuthority(new SecureNamespace(s, 'shop'), 'shop-ca', { commonName: 'Shop internal CA' });
    const cert = ca.issueCertificate('web', { dnsNames: ['web.shop.svc'], ipAddresses: ['127.0.0.1'] });
    expect(cert.secretName).toBe('web-tls');
  });

  test('a self-signed bootstrap issuer signs the CA, whose issuer signs the workload certificates', () => {
    expect(find(out, 'Issuer', 'shop-ca-selfsigned').spec).toEqual({ selfSigned: {} });
    const caCert = find(out, 'Certificate', 'shop-ca-ca');
    expect(caCert.spec).toMatchObject({ isCA: true, commonName: 'Shop internal CA', issuerRef: { name: 'shop-ca-selfsigned', kind: 'Issuer' } });
    expect(find(out, 'Issuer', 'shop-ca').spec).toEqual({ ca: { secretName: caCert.spec.secretName } });
    const web = find(out, 'Certificate', 'web');
    expect(web.metadata.namespace).toBe('shop');
    expect(web.spec).toMatchObject({ secretName: 'web-tls', dnsNames: ['web.shop.svc'], ipAddresses: ['127.0.0.1'], issuerRef: { name: 'shop-ca', kind: 'Issuer', group: 'cert-manager.io' } });
  });

  test('keys are ECDSA P-256 and rotate on renewal; no key material in the output', () => {
    for (const c of all(out, 'Certificate')) {
      expect(c.spec.privateKey).toEqual({ algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' });
    }
    expect(all(out, 'Secret')).toEqual([]);
  });
});

describe('TlsCertificate bad input', () => {
  const cert = (s: any, props: any) => new TlsCertificate(new SecureNamespace(s, 'shop'), 'c', { issuer: { name: 'ca' }, ...props });
  test.each([
    ['no names', {}, 'dnsNames: got undefined; expected at least one DNS name or IP address (a CA certificate may have none)'],
    ['a bad IP address', { ipAddresses: ['300.1.1.1'] }, 'ipAddresses[0]: got "300.1.1.1"; expected an IPv4 or IPv6 address'],
    ['a duration in days', { dnsNames: ['a.example.com'], duration: '90d' }, 'duration: got "90d"; expected hours such as "2160h" (at least "24h")'],
  ])('refuses %s', (_t, props, message) => {
    expect(synthError((s) => cert(s, props)).message).toContain(`[test/shop/c] ${message}`);
  });
});
