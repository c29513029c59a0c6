import { Construct } from 'constructs';
import { Gateway } from '../../../lib/networking/gateway';
import { GatewayClass } from '../../../lib/networking/gateway-class';
import { GatewayController, hostnamesIntersect } from '../../../lib/networking/gateway-controller';
import { GatewayHttpRoute } from '../../../lib/networking/http-route';
import { ListenerTls } from '../../../lib/networking/listener-tls';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { TlsCertificate } from '../../../lib/security/tls-certificate';
import { WebService } from '../../../lib/workloads/web-service';
import { all, find, synth, synthError } from '../../helpers/synth';

const IMAGE = 'ghcr.io/acme/web:1.0.0';
const certManager = () => ListenerTls.fromCertManager({ clusterIssuer: 'letsencrypt' });

/** An edge namespace with an Istio Gateway: port 80 redirects, port 443 serves shop.example.com. */
function edgeGateway(scope: Construct, controller = GatewayController.ISTIO): Gateway {
  const edge = new SecureNamespace(scope, 'edge');
  return new Gateway(edge, 'public', {
    controller,
    listeners: [
      { name: 'http', protocol: 'HTTP', redirectToHttps: true },
      { name: 'https', protocol: 'HTTPS', hostname: 'shop.example.com', tls: certManager() },
    ],
  });
}

describe('Gateway', () => {
  describe('an Istio Gateway in its own namespace, a shop published through it', () => {
    const out = synth((stack) => {
      const gw = edgeGateway(stack);
      const shop = new SecureNamespace(stack, 'shop');
      const web = new WebService(shop, 'web', { image: IMAGE, route: { gateway: gw, hostnames: ['shop.example.com'] } });
      shop.allowFromIngress(web);
    });
    const gateway = find(out, 'Gateway', 'public');

    test('names the GatewayClass of the controller and lets cert-manager issue the certificate of the HTTPS listener', () => {
      expect(gateway.apiVersion).toBe('gateway.networking.k8s.io/v1');
      expect(gateway.metadata.namespace).toBe('edge');
      expect(gateway.spec.gatewayClassName).toBe('istio');
      expect(gateway.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt' });
      expect(gateway.spec.listeners.map((l: any) => [l.name, l.protocol, l.port, l.hostname])).toEqual([
        ['http', 'HTTP', 80, undefined], ['https', 'HTTPS', 443, 'shop.example.com'],
      ]);
      expect(gateway.spec.listeners[1].tls).toEqual({ mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: 'public-https-tls' }] });
      expect(gateway.spec.listeners[0].tls).toBeUndefined();
    });

    test('admits routes only from the namespaces of the routes attached to each listener', () => {
      expect(gateway.spec.listeners[0].allowedRoutes).toEqual({ namespaces: { from: 'Same' } });
      expect(gateway.spec.listeners[1].allowedRoutes).toEqual({
        namespaces: { from: 'Selector', selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['edge', 'shop'] }] } },
      });
    });

    test('port 80 answers every request with a permanent redirect to https', () => {
      const redirect = find(out, 'HTTPRoute', 'public-https-redirect');
      expect(redirect.metadata.namespace).toBe('edge');
      expect(redirect.spec.parentRefs).toEqual([{ name: 'public', sectionName: 'http' }]);
      expect(redirect.spec.rules).toEqual([{
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }],
      }]);
    });

    test('the service\'s route attaches to the HTTPS listener only, in the Gateway\'s namespace', () => {
      const route = find(out, 'HTTPRoute', 'web');
      expect(route.metadata.namespace).toBe('shop');
      expect(route.spec.parentRefs).toEqual([{ name: 'public', namespace: 'edge', sectionName: 'https' }]);
      expect(route.spec.hostnames).toEqual(['shop.example.com']);
      expect(route.spec.rules).toEqual([{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'web', port: 80 }] }]);
    });

    test('the proxies of the Gateway reach the service pods, and only them, on the container port', () => {
      const allow = find(out, 'NetworkPolicy', 'web-ingress-from-gateway-public');
      expect(allow.metadata.namespace).toBe('shop');
      expect(allow.spec.ingress).toEqual([{
        from: [{
          podSelector: { matchLabels: { 'gateway.istio.io/managed': 'istio.io-gateway-controller', 'gateway.networking.k8s.io/gateway-name': 'public' } },
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'edge' } },
        }],
        ports: [{ port: 8080, protocol: 'TCP' }],
      }]);
    });

    test('the proxies run in a locked-down namespace of this app, so their egress to the service is opened there', () => {
      const egress = find(out, 'NetworkPolicy', 'gateway-public-egress-to-web');
      expect(egress.metadata.namespace).toBe('edge');
      expect(egress.spec.podSelector).toEqual({ matchLabels: { 'gateway.istio.io/managed': 'istio.io-gateway-controller', 'gateway.networking.k8s.io/gateway-name': 'public' } });
      expect(egress.spec.egress).toEqual([{
        to: [{ podSelector: { matchLabels: { app: 'web' } }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } }],
        ports: [{ port: 8080, protocol: 'TCP' }],
      }]);
    });
  });

  test('Envoy Gateway: the proxies of every Gateway run in envoy-gateway-system, selected by the Gateway they serve', () => {
    const out = synth((stack) => {
      const gw = edgeGateway(stack, GatewayController.ENVOY_GATEWAY);
      new GatewayClass(stack, 'class', { controller: GatewayController.ENVOY_GATEWAY, description: 'Envoy Gateway' });
      const shop = new SecureNamespace(stack, 'shop');
      shop.allowFromIngress(new WebService(shop, 'web', { image: IMAGE, route: { gateway: gw } }));
    });
    expect(find(out, 'GatewayClass', 'eg').spec).toEqual({ controllerName: 'gateway.envoyproxy.io/gatewayclass-controller', description: 'Envoy Gateway' });
    expect(find(out, 'GatewayClass', 'eg').metadata.namespace).toBeUndefined();
    expect(find(out, 'Gateway', 'public').spec.gatewayClassName).toBe('eg');
    expect(find(out, 'NetworkPolicy', 'web-ingress-from-gateway-public').spec.ingress[0].from).toEqual([{
      podSelector: {
        matchLabels: {
          'app.kubernetes.io/component': 'proxy', 'app.kubernetes.io/managed-by': 'envoy-gateway', 'app.kubernetes.io/name': 'envoy',
          'gateway.envoyproxy.io/owning-gateway-name': 'public', 'gateway.envoyproxy.io/owning-gateway-namespace': 'edge',
        },
      },
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'envoy-gateway-system' } },
    }]);
    // envoy-gateway-system is not a namespace of this app: an egress policy there would cut the proxies' other flows.
    expect(all(out, 'NetworkPolicy').map((p) => p.metadata.name)).not.toContain('gateway-public-egress-to-web');
  });

  test('NGINX Gateway Fabric labels the pods of a Gateway "<gateway>-<class>", shortened with a hash past 63 characters', () => {
    const ngf = GatewayController.NGINX_GATEWAY_FABRIC;
    expect(ngf.dataPlane({ name: 'public', namespace: 'edge' })).toEqual({ namespace: 'edge', podLabels: { 'app.kubernetes.io/name': 'public-nginx' } });
    const long = ngf.dataPlane({ name: 'a'.repeat(60), namespace: 'edge' }).podLabels['app.kubernetes.io/name'];
    expect(long).toMatch(/^a{48}-[0-9a-f]{8}-nginx$/);
    expect(long).toHaveLength(63);
    expect(ngf.withClassName('internal').dataPlane({ name: 'public', namespace: 'edge' }).podLabels).toEqual({ 'app.kubernetes.io/name': 'public-internal' });
  });

  test('a controller of your own: labels of its pods plus the Gateway\'s name and namespace', () => {
    const c = GatewayController.of({
      className: 'haproxy', controllerName: 'haproxy.org/gateway-controller', dataPlaneNamespace: 'haproxy',
      podLabels: { app: 'haproxy' }, gatewayNameLabel: 'gateway', gatewayNamespaceLabel: 'gateway-namespace',
    });
    expect(c.dataPlane({ name: 'public', namespace: 'edge' })).toEqual({
      namespace: 'haproxy', podLabels: { app: 'haproxy', 'gateway': 'public', 'gateway-namespace': 'edge' },
    });
    expect(GatewayController.of({ className: 'x', controllerName: 'example.com/x', gatewayNameLabel: 'gw' }).dataPlane({ name: 'g', namespace: 'n' }))
      .toEqual({ namespace: 'n', podLabels: { gw: 'g' } });
  });

  test('TLS from a Secret or Certificate of another namespace gets a ReferenceGrant there; TLS listeners may pass through', () => {
    const out = synth((stack) => {
      const certs = new SecureNamespace(stack, 'certs');
      const cert = new TlsCertificate(certs, 'wildcard', { issuer: { name: 'letsencrypt', kind: 'ClusterIssuer' }, dnsNames: ['*.example.com'] });
      const edge = new SecureNamespace(stack, 'edge');
      new Gateway(edge, 'public', {
        controller: GatewayController.ISTIO,
        listeners: [
          { name: 'shop', protocol: 'HTTPS', hostname: 'shop.example.com', tls: ListenerTls.fromCertificate(cert) },
          { name: 'blog', protocol: 'HTTPS', hostname: 'blog.example.com', tls: ListenerTls.fromSecret('blog-tls', { namespace: 'certs' }) },
          { name: 'own', protocol: 'HTTPS', hostname: 'own.example.com', tls: ListenerTls.fromSecret('own-tls') },
          { name: 'db', protocol: 'TLS', port: 5432, hostname: 'db.example.com', tls: ListenerTls.passthrough() },
        ],
      });
    });
    const listeners = find(out, 'Gateway', 'public').spec.listeners;
    expect(listeners.map((l: any) => l.tls)).toEqual([
      { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: 'wildcard-tls', namespace: 'certs' }] },
      { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: 'blog-tls', namespace: 'certs' }] },
      { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: 'own-tls' }] },
      { mode: 'Passthrough' },
    ]);
    expect(find(out, 'Gateway', 'public').metadata.annotations).toBeUndefined();
    const g = find(out, 'ReferenceGrant', 'gateway-edge-public');
    expect(g.apiVersion).toBe('gateway.networking.k8s.io/v1beta1');
    expect(g.metadata.namespace).toBe('certs');
    expect(g.spec).toEqual({
      from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'edge' }],
      to: [{ group: '', kind: 'Secret', name: 'blog-tls' }, { group: '', kind: 'Secret', name: 'wildcard-tls' }],
    });
  });

  test('plain HTTP with a recorded reason; routes attach to that listener too', () => {
    const out = synth((stack) => {
      const ns = new SecureNamespace(stack, 'intranet');
      const gw = new Gateway(ns, 'internal', {
        controller: GatewayController.ISTIO,
        listeners: [{ name: 'http', protocol: 'HTTP', port: 8080, plainHttp: { reason: 'reachable only from the office VPN' }, allowedRoutes: 'All' }],
      });
      new WebService(ns, 'wiki', { image: IMAGE, route: { gateway: gw } });
    });
    const gw = find(out, 'Gateway', 'internal');
    expect(gw.metadata.annotations).toEqual({ 'plain-http.keelson.dev/http': 'reachable only from the office VPN' });
    expect(gw.spec.listeners[0].allowedRoutes).toEqual({ namespaces: { from: 'All' } });
    expect(find(out, 'HTTPRoute', 'wiki').spec.parentRefs).toEqual([{ name: 'internal', sectionName: 'http' }]);
  });

  test('an explicit list of namespaces, and the redirect to a non-standard HTTPS port', () => {
    const out = synth((stack) => {
      const ns = new SecureNamespace(stack, 'edge');
      new Gateway(ns, 'alt', {
        controller: GatewayController.ISTIO,
        listeners: [
          { name: 'http', protocol: 'HTTP', port: 8000, redirectToHttps: true },
          { name: 'https', protocol: 'HTTPS', port: 8443, tls: ListenerTls.fromSecret('alt-tls'), allowedRoutes: ['shop', 'blog'] },
        ],
      });
    });
    const gw = find(out, 'Gateway', 'alt');
    expect(gw.spec.listeners[1].allowedRoutes.namespaces.selector.matchExpressions[0].values).toEqual(['edge', 'blog', 'shop']);
    expect(find(out, 'HTTPRoute', 'alt-https-redirect').spec.rules[0].filters[0].requestRedirect).toEqual({ scheme: 'https', statusCode: 301, port: 8443 });
  });

  test('an HTTP listener that neither redirects nor gives a reason fails the synth; a redirect route of your own satisfies it', () => {
    const listeners = [
      { name: 'http', protocol: 'HTTP' as const },
      { name: 'https', protocol: 'HTTPS' as const, tls: ListenerTls.fromSecret('tls') },
    ];
    const err = synthError((stack) => new Gateway(new SecureNamespace(stack, 'edge'), 'public', { controller: GatewayController.ISTIO, listeners }));
    expect(err.message).toContain('listeners[0]: got "http"; expected an HTTP listener that redirects to HTTPS (redirectToHttps: true, or a route on it that redirects to scheme "https"), or plainHttp: { reason } to serve plain HTTP');

    const out = synth((stack) => {
      const ns = new SecureNamespace(stack, 'edge');
      const gw = new Gateway(ns, 'public', { controller: GatewayController.ISTIO, listeners });
      new GatewayHttpRoute(ns, 'to-https', { parents: [{ gateway: gw, listener: 'http' }], rules: [{ redirect: { scheme: 'https', statusCode: 308 } }] });
    });
    expect(find(out, 'HTTPRoute', 'to-https').spec.rules[0].filters).toEqual([{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 308 } }]);
  });

  test('a Gateway defined elsewhere: routes name it without a listener, and its proxies are let in', () => {
    const out = synth((stack) => {
      const shared = Gateway.existing('shared', { namespace: 'platform', controller: GatewayController.ISTIO });
      const shop = new SecureNamespace(stack, 'shop');
      shop.allowFromIngress(new WebService(shop, 'web', { image: IMAGE, route: { gateway: shared, hostnames: ['shop.example.com'], path: '/shop' } }));
    });
    const route = find(out, 'HTTPRoute', 'web');
    expect(route.spec.parentRefs).toEqual([{ name: 'shared', namespace: 'platform' }]);
    expect(route.spec.rules[0].matches).toEqual([{ path: { type: 'PathPrefix', value: '/shop' } }]);
    expect(find(out, 'NetworkPolicy', 'web-ingress-from-gateway-shared').spec.ingress[0].from[0].namespaceSelector)
      .toEqual({ matchLabels: { 'kubernetes.io/metadata.name': 'platform' } });
    expect(all(out, 'Gateway')).toEqual([]);
  });

  test('Gateway API host name matching: exact, and "*." as a suffix at any depth', () => {
    expect(hostnamesIntersect(undefined, 'a.example.com')).toBe(true);
    expect(hostnamesIntersect('a.example.com', 'a.example.com')).toBe(true);
    expect(hostnamesIntersect('a.example.com', 'b.example.com')).toBe(false);
    expect(hostnamesIntersect('*.example.com', 'a.b.example.com')).toBe(true);
    expect(hostnamesIntersect('*.example.com', 'example.com')).toBe(false);
    expect(hostnamesIntersect('a.example.com', '*.example.com')).toBe(true);
    expect(hostnamesIntersect('*.example.com', '*.shop.example.com')).toBe(true);
    expect(hostnamesIntersect('*.shop.example.com', '*.example.com')).toBe(true);
    expect(hostnamesIntersect('*.example.com', '*.example.org')).toBe(false);
    expect(hostnamesIntersect('*.example.com', 'badexample.com')).toBe(false);
  });
});
