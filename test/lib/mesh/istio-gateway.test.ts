import { IstioGateway } from '../../../lib/mesh/istio-gateway';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { find, synth, synthError } from '../../helpers/synth';

describe('IstioGateway', () => {
  test('a plain HTTP server for any host, served by the default ingress gateway', () => {
    const out = synth((s) => new IstioGateway(new SecureNamespace(s, 'shop'), 'gw', {
      servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }],
    }));
    const gw = find(out, 'Gateway', 'gw', 'networking.istio.io');
    expect(gw.apiVersion).toBe('networking.istio.io/v1');
    expect(gw.metadata.namespace).toBe('shop');
    expect(gw.spec).toEqual({ selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] });
  });

  test('an HTTPS server names its credential and accepts TLS 1.2 or later; PASSTHROUGH leaves TLS to the backend', () => {
    const out = synth((s) => new IstioGateway(new SecureNamespace(s, 'shop'), 'gw', {
      selector: { istio: 'internal-gateway' },
      servers: [
        { port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['shop/shop.example.com'], tls: { mode: 'SIMPLE', credentialName: 'shop-tls' } },
        { port: { number: 8443, name: 'tls', protocol: 'TLS' }, hosts: ['*.example.com'], tls: { mode: 'PASSTHROUGH' } },
        { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['shop.example.com'], tls: { httpsRedirect: true } },
      ],
    }));
    const servers = find(out, 'Gateway', 'gw').spec.servers;
    expect(find(out, 'Gateway', 'gw').spec.selector).toEqual({ istio: 'internal-gateway' });
    expect(servers[0].tls).toEqual({ mode: 'SIMPLE', credentialName: 'shop-tls', minProtocolVersion: 'TLSV1_2' });
    expect(servers[0].hosts).toEqual(['shop/shop.example.com']);
    expect(servers[1].tls).toEqual({ mode: 'PASSTHROUGH' });
    expect(servers[2].tls).toEqual({ httpsRedirect: true });
  });

  test('an HTTPS server without TLS settings or credential is refused', () => {
    expect(synthError((s) => new IstioGateway(new SecureNamespace(s, 'shop'), 'gw', {
      servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['*'] }],
    })).message).toContain('[test/shop/gw] servers[0].tls: got undefined; expected TLS settings for a HTTPS server');
    expect(synthError((s) => new IstioGateway(new SecureNamespace(s, 'shop'), 'gw', {
      servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['*'], tls: { mode: 'SIMPLE' } }],
    })).message).toContain('[test/shop/gw] servers[0].tls.credentialName: got undefined; expected');
  });

  test('two servers on one port serve different hosts with one protocol; the same host twice or another protocol is refused', () => {
    const out = synth((s) => new IstioGateway(new SecureNamespace(s, 'shop'), 'gw', {
      servers: [
        { port: { number: 443, name: 'https-a', protocol: 'HTTPS' }, hosts: ['a.example.com'], tls: { mode: 'SIMPLE', credentialName: 'a-tls' } },
        { port: { number: 443, name: 'https-b', protocol: 'HTTPS' }, hosts: ['b.example.com'], tls: { mode: 'SIMPLE', credentialName: 'b-tls' } },
      ],
    }));
    expect(find(out, 'Gateway', 'gw').spec.servers.map((x: any) => x.tls.credentialName)).toEqual(['a-tls', 'b-tls']);
    const message = synthError((s) => new IstioGateway(new SecureNamespace(s, 'shop'), 'gw', {
      servers: [
        { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['a.example.com'] },
        { port: { number: 80, name: 'http-b', protocol: 'HTTP' }, hosts: ['a.example.com'] },
        { port: { number: 80, name: 'tcp', protocol: 'TCP' }, hosts: ['c.example.com'] },
      ],
    })).message;
    expect(message).toContain('[test/shop/gw] servers[1].hosts[0]: got "a.example.com"; expected a host that no other server on port 80 serves');
    expect(message).toContain('[test/shop/gw] servers[2].port.protocol: got "TCP"; expected HTTP like the other servers on port 80');
  });
});
