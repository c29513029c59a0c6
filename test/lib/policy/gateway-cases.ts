import { Manifest } from '../../../lib/output/manifest';
import { PolicyTarget } from '../../../lib/policy/types';
import { k, obj, service } from './fixtures';

/** Objects that pass a Gateway API check, objects that fail it, and a text the failure's message contains. */
interface CheckCase {
  readonly pass: PolicyTarget[];
  readonly fail: PolicyTarget[];
  readonly message: string;
}

const V1 = 'gateway.networking.k8s.io/v1';

/** A Gateway "edge/public" (Istio) with these listeners and annotations. */
export function gateway(listeners: any[], annotations?: Record<string, string>, namespace = 'edge', name = 'public'): Manifest {
  return obj(V1, 'Gateway', name, namespace, {
    metadata: { name, namespace, ...(annotations ? { annotations } : {}) },
    spec: { gatewayClassName: 'istio', listeners },
  });
}

/** An HTTPS listener for shop.example.com that admits routes from every namespace, changed by `extra`. */
export const httpsListener = (extra: Record<string, unknown> = {}) => ({
  name: 'https', protocol: 'HTTPS', port: 443, hostname: 'shop.example.com',
  tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: 'shop-tls' }] },
  allowedRoutes: { namespaces: { from: 'All' } },
  ...extra,
});

/** An HTTP listener on port 80. */
export const httpListener = (extra: Record<string, unknown> = {}) => ({ name: 'http', protocol: 'HTTP', port: 80, ...extra });

/** An HTTPRoute "shop/web" (or another name and namespace) with this spec. */
export function route(spec: Record<string, unknown>, namespace = 'shop', name = 'web'): Manifest {
  return obj(V1, 'HTTPRoute', name, namespace, { spec });
}

/** The route "shop/web" to Service web:80 through listener https of edge/public, changed by `extra`. */
export const webRoute = (extra: Record<string, unknown> = {}) => route({
  parentRefs: [{ name: 'public', namespace: 'edge', sectionName: 'https' }],
  hostnames: ['shop.example.com'],
  rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'web', port: 80 }] }],
  ...extra,
});

/** The route "edge/https-redirect" that sends every request on listener http to https. */
export const redirectRoute = (sectionName = 'http') => route({
  parentRefs: [{ name: 'public', sectionName }],
  rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
}, 'edge', 'https-redirect');

/** A ReferenceGrant in `namespace`. */
export function grant(namespace: string, from: any[], to: any[]): Manifest {
  return obj('gateway.networking.k8s.io/v1beta1', 'ReferenceGrant', 'grant', namespace, { spec: { from, to } });
}

/** A Service "web" in another namespace. */
export const serviceIn = (namespace: string) => obj('v1', 'Service', 'web', namespace, { spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }] } });

/** One case per Gateway API check, for the table of every built-in check. */
export const GATEWAY_CASES: Record<string, CheckCase> = {
  'httproute-backend-exists': {
    pass: k(service(), gateway([httpsListener()]), webRoute()),
    fail: k(service(), webRoute({ rules: [{ backendRefs: [{ name: 'web', port: 8080 }] }] })),
    message: 'rules[0].backendRefs[0]: Service shop/web has no port 8080',
  },
  'httproute-parent-exists': {
    pass: k(service(), gateway([httpsListener()]), webRoute()),
    fail: k(service(), gateway([httpsListener({ allowedRoutes: { namespaces: { from: 'Same' } } })]), webRoute()),
    message: 'parentRefs[0]: no listener of Gateway edge/public that it names admits routes from namespace shop (allowedRoutes of https)',
  },
  'httproute-hostname-listener': {
    pass: k(service(), gateway([httpsListener({ hostname: '*.example.com' })]), webRoute()),
    fail: k(service(), gateway([httpsListener({ hostname: 'www.example.com' })]), webRoute()),
    message: 'hostnames shop.example.com match no listener of Gateway edge/public named by parentRefs[0]: https (www.example.com)',
  },
  'gateway-listener-tls': {
    pass: k(gateway([httpsListener()]), gateway([{ name: 'tls', protocol: 'TLS', port: 443, tls: { mode: 'Passthrough' } }], undefined, 'edge', 'sni')),
    fail: k(gateway([httpsListener({ tls: { mode: 'Terminate' } })])),
    message: 'listener https (HTTPS) names no certificate (tls.certificateRefs)',
  },
  'gateway-http-redirect': {
    pass: k(gateway([httpListener(), httpsListener()]), redirectRoute()),
    fail: k(gateway([httpListener(), httpsListener()]), webRoute()),
    message: 'listener http (HTTP, port 80) neither redirects to HTTPS nor records why (annotation plain-http.keelson.dev/http)',
  },
};
