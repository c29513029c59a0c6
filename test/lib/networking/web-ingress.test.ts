import { IngressController } from '../../../lib/networking/ingress-controller';
import { IngressTls } from '../../../lib/networking/ingress-tls';
import { WebIngress } from '../../../lib/networking/web-ingress';
import { find, synth, synthError } from '../../helpers/synth';

describe('WebIngress', () => {
  test('groups paths by host and covers subdomains with a wildcard certificate', () => {
    const out = synth((stack) => new WebIngress(stack, 'edge', {
      namespace: 'shop',
      controller: IngressController.of({ className: 'haproxy', namespace: 'haproxy', podLabels: { app: 'haproxy' } }),
      rules: [
        { host: 'a.example.com', serviceName: 'web', servicePort: 80 },
        { host: 'a.example.com', path: '/api', pathType: 'Exact', serviceName: 'api', servicePort: 'http' },
        { host: 'b.example.com', serviceName: 'web', servicePort: 80 },
      ],
      tls: IngressTls.fromCertManager({ clusterIssuer: 'letsencrypt', hosts: ['*.example.com'] }),
      annotations: { 'haproxy.org/ssl-redirect': 'true' },
    }));
    const ingress = find(out, 'Ingress', 'edge');
    expect(ingress.spec.ingressClassName).toBe('haproxy');
    expect(ingress.spec.rules.map((r: any) => [r.host, r.http.paths.map((p: any) => [p.path, p.pathType, p.backend.service])])).toEqual([
      ['a.example.com', [['/', 'Prefix', { name: 'web', port: { number: 80 } }], ['/api', 'Exact', { name: 'api', port: { name: 'http' } }]]],
      ['b.example.com', [['/', 'Prefix', { name: 'web', port: { number: 80 } }]]],
    ]);
    expect(ingress.spec.tls).toEqual([{ hosts: ['*.example.com'], secretName: 'edge-tls' }]);
    expect(ingress.metadata.annotations).toEqual({ 'haproxy.org/ssl-redirect': 'true', 'cert-manager.io/cluster-issuer': 'letsencrypt' });
  });

  test('a wildcard certificate does not cover a deeper subdomain', () => {
    const err = synthError((stack) => new WebIngress(stack, 'edge', {
      namespace: 'shop',
      controller: IngressController.TRAEFIK,
      rules: [{ host: 'x.a.example.com', serviceName: 'web', servicePort: 80 }],
      tls: IngressTls.fromSecret('wild', { hosts: ['*.example.com'] }),
    }));
    expect(err.message).toContain('[test/edge] tls.hosts[0]: got "*.example.com"; expected a host that appears in the Ingress rules (x.a.example.com)');
  });

  test('cert-manager needs exactly one issuer', () => {
    const err = synthError((stack) => new WebIngress(stack, 'edge', {
      namespace: 'shop',
      controller: IngressController.TRAEFIK,
      rules: [{ host: 'a.example.com', serviceName: 'web', servicePort: 80 }],
      tls: IngressTls.fromCertManager({}),
    }));
    expect(err.message).toContain('tls.clusterIssuer: got undefined; expected exactly one of clusterIssuer or issuer');
  });

  test('a custom ingress controller is validated', () => {
    expect(() => IngressController.of({ className: 'Bad_Class', namespace: 'ingress', podLabels: {} }))
      .toThrow(/className: got "Bad_Class"; expected an object name[\s\S]*podLabels: got \{\}; expected at least one label/);
  });
});
