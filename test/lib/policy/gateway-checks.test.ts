import { runPolicy } from '../../../lib/policy/engine';
import { GATEWAY_CHECKS } from '../../../lib/policy/checks/gateway';
import { PolicyTarget } from '../../../lib/policy/types';
import { k, namespace, obj, service } from './fixtures';
import { gateway, grant, httpListener, httpsListener, redirectRoute, route, serviceIn, webRoute } from './gateway-cases';

/** The messages of one check over the objects. */
function messages(id: string, targets: PolicyTarget[]): string[] {
  const check = GATEWAY_CHECKS.find((c) => c.id === id)!;
  return runPolicy(targets, { checks: [check] }).findings.map((f) => f.message);
}

const SHOP_ROUTE_GRANT = grant('other', [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'shop' }], [{ group: '', kind: 'Service', name: 'web' }]);
const backendIn = (ns: string, name = 'web', port = 80) => webRoute({ rules: [{ backendRefs: [{ name, namespace: ns, port }] }] });

describe('Gateway API checks', () => {
  test('every check has an id, a description, a remediation and references that say what peer tools have', () => {
    expect(GATEWAY_CHECKS.map((c) => c.id)).toEqual([
      'httproute-backend-exists', 'httproute-parent-exists', 'httproute-hostname-listener', 'gateway-listener-tls', 'gateway-http-redirect',
    ]);
    expect(GATEWAY_CHECKS.every((c) => c.severity === 'error' && (c.references ?? []).length > 0)).toBe(true);
    expect(GATEWAY_CHECKS[0].references).toContain('Kubescape: C-0301');
  });

  describe('httproute-backend-exists', () => {
    test.each([
      ['a Service port of the route\'s namespace', k(service(), webRoute())],
      ['a Service of another namespace with a ReferenceGrant for the Service', k(serviceIn('other'), SHOP_ROUTE_GRANT, backendIn('other'))],
      ['a grant for every Service of the kind', k(serviceIn('other'), grant('other', [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'shop' }], [{ group: '', kind: 'Service' }]), backendIn('other'))],
      ['a Service of a namespace this output does not hold (another app\'s)', k(backendIn('elsewhere'))],
      ['a backend that is not a Service', k(webRoute({ rules: [{ backendRefs: [{ group: 'example.com', kind: 'Bucket', name: 'b' }] }] }))],
    ])('passes %s', (_title, targets) => {
      expect(messages('httproute-backend-exists', targets)).toEqual([]);
    });

    test.each([
      ['a missing Service', k(webRoute({ rules: [{ backendRefs: [{ name: 'api', port: 80 }] }] })), 'rules[0].backendRefs[0]: Service shop/api does not exist'],
      ['a container port instead of the Service port', k(service(), webRoute({ rules: [{ backendRefs: [{ name: 'web', port: 8080 }] }] })), 'rules[0].backendRefs[0]: Service shop/web has no port 8080'],
      ['another namespace without a grant', k(serviceIn('other'), backendIn('other')),
        'rules[0].backendRefs[0]: Service other/web is in another namespace, and no ReferenceGrant there lets HTTPRoutes from shop refer to it'],
      ['a grant for another Service', k(serviceIn('other'), grant('other', [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'shop' }], [{ group: '', kind: 'Service', name: 'api' }]), backendIn('other')),
        'Service other/web is in another namespace, and no ReferenceGrant there lets HTTPRoutes from shop refer to it'],
      ['a grant for routes of another namespace', k(serviceIn('other'), grant('other', [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'blog' }], [{ group: '', kind: 'Service', name: 'web' }]), backendIn('other')),
        'no ReferenceGrant there lets HTTPRoutes from shop refer to it'],
      ['the second backend of a canary', k(service(), webRoute({ rules: [{ backendRefs: [{ name: 'web', port: 80, weight: 90 }, { name: 'web-canary', port: 80, weight: 10 }] }] })),
        'rules[0].backendRefs[1]: Service shop/web-canary does not exist'],
    ])('reports %s', (_title, targets, message) => {
      expect(messages('httproute-backend-exists', targets).join('\n')).toContain(message);
    });
  });

  describe('httproute-parent-exists', () => {
    test.each([
      ['a listener that admits every namespace', k(gateway([httpsListener()]), webRoute())],
      ['a listener that admits the namespace by name', k(gateway([httpsListener({ allowedRoutes: { namespaces: { from: 'Selector', selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['edge', 'shop'] }] } } } })]), webRoute())],
      ['a selector on labels of a Namespace the output holds', k(namespace('shop'), gateway([httpsListener({ allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } } } })]), webRoute())],
      ['a selector on labels of a namespace the output does not hold', k(gateway([httpsListener({ allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { team: 'shop' } } } } })]), webRoute())],
      ['a route in the Gateway\'s namespace (Same)', k(gateway([httpListener({ name: 'plain' })]), route({ parentRefs: [{ name: 'public' }], rules: [{ backendRefs: [{ name: 'web', port: 80 }] }] }, 'edge'))],
      ['a Gateway of a namespace this output does not hold', k(webRoute({ parentRefs: [{ name: 'shared', namespace: 'platform' }] }))],
      ['a parent that is not a Gateway', k(webRoute({ parentRefs: [{ group: '', kind: 'Service', name: 'web' }] }))],
    ])('passes %s', (_title, targets) => {
      expect(messages('httproute-parent-exists', targets)).toEqual([]);
    });

    test.each([
      ['a missing Gateway', k(gateway([httpsListener()]), webRoute({ parentRefs: [{ name: 'private', namespace: 'edge' }] })), 'parentRefs[0]: Gateway edge/private does not exist'],
      ['a missing listener', k(gateway([httpsListener()]), webRoute({ parentRefs: [{ name: 'public', namespace: 'edge', sectionName: 'web' }] })),
        'parentRefs[0]: Gateway edge/public has no listener "web" (it has https)'],
      ['a TLS listener', k(gateway([{ name: 'tls', protocol: 'TLS', port: 8443, tls: { mode: 'Passthrough' }, allowedRoutes: { namespaces: { from: 'All' } } }]), webRoute({ parentRefs: [{ name: 'public', namespace: 'edge', sectionName: 'tls' }] })),
        'parentRefs[0]: no listener of Gateway edge/public that it names takes HTTPRoutes (tls: TLS)'],
      ['a listener of the Gateway\'s namespace only', k(gateway([httpsListener({ allowedRoutes: { namespaces: { from: 'Same' } } })]), webRoute()),
        'no listener of Gateway edge/public that it names admits routes from namespace shop'],
      ['a selector that names other namespaces', k(gateway([httpsListener({ allowedRoutes: { namespaces: { from: 'Selector', selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['blog'] }] } } } })]), webRoute()),
        'admits routes from namespace shop'],
    ])('reports %s', (_title, targets, message) => {
      expect(messages('httproute-parent-exists', targets).join('\n')).toContain(message);
    });
  });

  describe('httproute-hostname-listener', () => {
    test.each([
      ['the listener\'s host', k(gateway([httpsListener()]), webRoute())],
      ['a subdomain of a wildcard listener, at any depth', k(gateway([httpsListener({ hostname: '*.example.com' })]), webRoute({ hostnames: ['a.b.example.com'] }))],
      ['a route wildcard over the listener\'s host', k(gateway([httpsListener()]), webRoute({ hostnames: ['*.example.com'] }))],
      ['a listener without hostname', k(gateway([httpsListener({ hostname: undefined })]), webRoute({ hostnames: ['anything.example.org'] }))],
      ['a route without hostnames', k(gateway([httpsListener()]), webRoute({ hostnames: undefined }))],
      ['one of several hosts matching', k(gateway([httpsListener()]), webRoute({ hostnames: ['shop.example.com', 'shop.example.org'] }))],
    ])('passes %s', (_title, targets) => {
      expect(messages('httproute-hostname-listener', targets)).toEqual([]);
    });

    test.each([
      ['another host', k(gateway([httpsListener()]), webRoute({ hostnames: ['blog.example.com'] })),
        'hostnames blog.example.com match no listener of Gateway edge/public named by parentRefs[0]: https (shop.example.com)'],
      ['the apex of a wildcard listener', k(gateway([httpsListener({ hostname: '*.example.com' })]), webRoute({ hostnames: ['example.com'] })),
        'hostnames example.com match no listener of Gateway edge/public'],
      ['a host of another listener than the one named', k(gateway([httpsListener(), httpsListener({ name: 'blog', hostname: 'blog.example.com' })]), webRoute({ hostnames: ['blog.example.com'] })),
        'match no listener of Gateway edge/public named by parentRefs[0]: https (shop.example.com)'],
    ])('reports %s', (_title, targets, message) => {
      expect(messages('httproute-hostname-listener', targets).join('\n')).toContain(message);
    });
  });

  describe('gateway-listener-tls', () => {
    const certGrant = grant('certs', [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'edge' }], [{ group: '', kind: 'Secret', name: 'wildcard' }]);
    const crossRef = httpsListener({ tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: 'wildcard', namespace: 'certs' }] } });
    test.each([
      ['an HTTPS listener with a Secret', k(gateway([httpsListener()]))],
      ['a Secret of another namespace with a grant', k(gateway([crossRef]), certGrant, obj('v1', 'ConfigMap', 'x', 'certs'))],
      ['a Secret of a namespace the output does not hold', k(gateway([crossRef]))],
      ['a TLS passthrough listener', k(gateway([{ name: 'tls', protocol: 'TLS', port: 443, tls: { mode: 'Passthrough' } }]))],
      ['an HTTP listener', k(gateway([httpListener()]))],
    ])('passes %s', (_title, targets) => {
      expect(messages('gateway-listener-tls', targets)).toEqual([]);
    });

    test.each([
      ['HTTPS without tls', k(gateway([httpsListener({ tls: undefined })])), 'listener https (HTTPS) names no certificate (tls.certificateRefs)'],
      ['TLS termination without certificate', k(gateway([{ name: 'tls', protocol: 'TLS', port: 443, tls: { mode: 'Terminate', certificateRefs: [] } }])), 'listener tls (TLS) names no certificate'],
      ['a Secret of another namespace without a grant', k(gateway([crossRef]), obj('v1', 'ConfigMap', 'x', 'certs')),
        'listener https: certificate Secret certs/wildcard is in another namespace, and no ReferenceGrant there lets Gateways from edge refer to it'],
    ])('reports %s', (_title, targets, message) => {
      expect(messages('gateway-listener-tls', targets).join('\n')).toContain(message);
    });
  });

  describe('gateway-http-redirect', () => {
    test.each([
      ['a redirect route on the listener', k(gateway([httpListener(), httpsListener()]), redirectRoute())],
      ['a redirect route on the whole Gateway', k(gateway([httpListener(), httpsListener()]), route({ parentRefs: [{ name: 'public' }], rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https' } }] }] }, 'edge', 'r'))],
      ['a recorded reason', k(gateway([httpListener()], { 'plain-http.keelson.dev/http': 'health checks of the load balancer' }))],
      ['an HTTPS-only Gateway', k(gateway([httpsListener()]))],
    ])('passes %s', (_title, targets) => {
      expect(messages('gateway-http-redirect', targets)).toEqual([]);
    });

    test.each([
      ['no route at all', k(gateway([httpListener()])), 'listener http (HTTP, port 80) neither redirects to HTTPS nor records why (annotation plain-http.keelson.dev/http)'],
      ['a redirect on another listener', k(gateway([httpListener(), httpListener({ name: 'alt', port: 8080 }), httpsListener()]), redirectRoute('alt')), 'listener http (HTTP, port 80) neither redirects'],
      ['a redirect that keeps http', k(gateway([httpListener()]), route({ parentRefs: [{ name: 'public', sectionName: 'http' }], rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { hostname: 'www.example.com' } }] }] }, 'edge', 'r')),
        'listener http (HTTP, port 80) neither redirects'],
      ['a redirect to another Gateway of the same name', k(gateway([httpListener()]), route({ parentRefs: [{ name: 'public', sectionName: 'http' }], rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https' } }] }] }, 'shop', 'r')),
        'listener http (HTTP, port 80) neither redirects'],
      ['an empty reason', k(gateway([httpListener()], { 'plain-http.keelson.dev/http': ' ' })), 'neither redirects to HTTPS nor records why'],
    ])('reports %s', (_title, targets, message) => {
      expect(messages('gateway-http-redirect', targets).join('\n')).toContain(message);
    });
  });
});
