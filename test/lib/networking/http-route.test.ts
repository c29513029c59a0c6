import { Construct } from 'constructs';
import { Gateway } from '../../../lib/networking/gateway';
import { GatewayController } from '../../../lib/networking/gateway-controller';
import { GatewayHttpRoute } from '../../../lib/networking/http-route';
import { ListenerTls } from '../../../lib/networking/listener-tls';
import { ReferenceGrant } from '../../../lib/networking/reference-grant';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { WebService } from '../../../lib/workloads/web-service';
import { all, find, findWithPath, synth, synthWithPaths } from '../../helpers/synth';

/** A Gateway in namespace "default" with one HTTPS listener per host (the notes' hosts), admitting every namespace. */
function notesGateway(scope: Construct): Gateway {
  const ns = new SecureNamespace(scope, 'default-ns', { name: 'web' });
  const host = (name: string, hostname: string) => ({ name, protocol: 'HTTPS' as const, hostname, tls: ListenerTls.fromSecret(`${name}-tls`), allowedRoutes: 'All' as const });
  return new Gateway(ns, 'gateway', {
    controller: GatewayController.NGINX_GATEWAY_FABRIC,
    listeners: [
      host('foo', 'foo.bar.com'), host('wild', '*.foo.com'), host('rewrite', 'rewrite.bar.com'), host('approot', 'approot.bar.com'),
    ],
  });
}

const rulesOf = (out: any[], name: string) => find(out, 'HTTPRoute', name).spec.rules;

describe('GatewayHttpRoute', () => {
  describe('the Ingress examples of the CKA notes (N11-N14), as HTTPRoutes', () => {
    const out = synth((stack) => {
      const gw = notesGateway(stack);
      const ns = new SecureNamespace(stack, 'default', { name: 'apps' });
      // N11: hosts and a wildcard host.
      new GatewayHttpRoute(ns, 'ingress-wildcard-host', {
        parents: [gw], hostnames: ['foo.bar.com'], rules: [{ matches: [{ path: '/bar' }], backends: [{ serviceName: 'service1', port: 80 }] }],
      });
      new GatewayHttpRoute(ns, 'wildcard', {
        parents: [gw], hostnames: ['*.foo.com'], rules: [{ matches: [{ path: '/foo' }], backends: [{ serviceName: 'service2', port: 80 }] }],
      });
      // N12: fan-out by path.
      new GatewayHttpRoute(ns, 'simple-fanout-example', {
        parents: [{ gateway: gw, listener: 'foo' }], hostnames: ['foo.bar.com'],
        rules: [
          { matches: [{ path: '/foo' }], backends: [{ serviceName: 'service1', port: 4200 }] },
          { matches: [{ path: '/bar' }], backends: [{ serviceName: 'service2', port: 8080 }] },
        ],
      });
      // N13: rewrite-target /$2 on /something(/|$)(.*) is a prefix replacement.
      new GatewayHttpRoute(ns, 'rewrite', {
        parents: [gw], hostnames: ['rewrite.bar.com'],
        rules: [{ matches: [{ path: '/something' }], rewrite: { replacePrefixMatch: '/' }, backends: [{ serviceName: 'http-svc', port: 80 }] }],
      });
      // N14: app-root /app1 is a redirect of "/" exactly.
      new GatewayHttpRoute(ns, 'approot', {
        parents: [gw], hostnames: ['approot.bar.com'],
        rules: [
          { matches: [{ path: '/', pathType: 'Exact' }], redirect: { replaceFullPath: '/app1', statusCode: 302 } },
          { backends: [{ serviceName: 'http-svc', port: 80 }] },
        ],
      });
    });

    test('each route attaches to the listener of its host only, from another namespace', () => {
      const parents = (name: string) => find(out, 'HTTPRoute', name).spec.parentRefs;
      expect(parents('ingress-wildcard-host')).toEqual([{ name: 'gateway', namespace: 'web', sectionName: 'foo' }]);
      expect(parents('wildcard')).toEqual([{ name: 'gateway', namespace: 'web', sectionName: 'wild' }]);
      expect(parents('rewrite')).toEqual([{ name: 'gateway', namespace: 'web', sectionName: 'rewrite' }]);
      expect(find(out, 'HTTPRoute', 'wildcard').spec.hostnames).toEqual(['*.foo.com']);
    });

    test('fan-out: one rule per path, each to its Service port', () => {
      expect(rulesOf(out, 'simple-fanout-example')).toEqual([
        { matches: [{ path: { type: 'PathPrefix', value: '/foo' } }], backendRefs: [{ name: 'service1', port: 4200 }] },
        { matches: [{ path: { type: 'PathPrefix', value: '/bar' } }], backendRefs: [{ name: 'service2', port: 8080 }] },
      ]);
    });

    test('rewrite-target becomes a URLRewrite of the matched prefix, app-root a RequestRedirect', () => {
      expect(rulesOf(out, 'rewrite')[0].filters).toEqual([{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } }]);
      expect(rulesOf(out, 'approot')).toEqual([
        {
          matches: [{ path: { type: 'Exact', value: '/' } }],
          filters: [{ type: 'RequestRedirect', requestRedirect: { statusCode: 302, path: { type: 'ReplaceFullPath', replaceFullPath: '/app1' } } }],
        },
        { matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'http-svc', port: 80 }] },
      ]);
    });

    test('routes from another namespace are admitted by listeners that allow every namespace', () => {
      expect(find(out, 'Gateway', 'gateway').spec.listeners.every((l: any) => l.allowedRoutes.namespaces.from === 'All')).toBe(true);
    });
  });

  test('matches on headers, query parameters and method; header changes; a weighted canary', () => {
    const out = synth((stack) => {
      const ns = new SecureNamespace(stack, 'shop');
      const gw = new Gateway(ns, 'public', {
        controller: GatewayController.ISTIO,
        listeners: [{ name: 'https', protocol: 'HTTPS', hostname: '*.example.com', tls: ListenerTls.fromSecret('wildcard-tls') }],
      });
      const stable = new WebService(ns, 'web', { image: 'ghcr.io/acme/web:1.4.2' });
      const canary = new WebService(ns, 'web-canary', { image: 'ghcr.io/acme/web:1.5.0', servicePort: 8080 });
      new GatewayHttpRoute(ns, 'shop', {
        parents: [gw],
        hostnames: ['shop.example.com'],
        rules: [
          {
            name: 'testers',
            matches: [{ path: '/api', headers: [{ name: 'X-Canary', value: 'always' }], queryParams: [{ name: 'v', value: '^2\\.', type: 'RegularExpression' }], method: 'GET' }],
            backends: [{ service: canary }],
            requestHeaders: { set: { 'X-Route': 'canary' }, remove: ['Cookie'] },
          },
          {
            name: 'everyone',
            backends: [{ service: stable, weight: 90 }, { service: canary, weight: 10 }],
            responseHeaders: { add: { 'Strict-Transport-Security': 'max-age=31536000' } },
          },
        ],
      });
    });
    const [testers, everyone] = rulesOf(out, 'shop');
    expect(testers).toEqual({
      name: 'testers',
      matches: [{
        path: { type: 'PathPrefix', value: '/api' },
        headers: [{ name: 'X-Canary', value: 'always' }],
        queryParams: [{ name: 'v', value: '^2\\.', type: 'RegularExpression' }],
        method: 'GET',
      }],
      filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'X-Route', value: 'canary' }], remove: ['Cookie'] } }],
      backendRefs: [{ name: 'web-canary', port: 8080 }],
    });
    expect(everyone.backendRefs).toEqual([{ name: 'web', port: 80, weight: 90 }, { name: 'web-canary', port: 8080, weight: 10 }]);
    expect(everyone.filters).toEqual([{ type: 'ResponseHeaderModifier', responseHeaderModifier: { add: [{ name: 'Strict-Transport-Security', value: 'max-age=31536000' }] } }]);
    expect(find(out, 'HTTPRoute', 'shop').spec.parentRefs).toEqual([{ name: 'public', sectionName: 'https' }]);
  });

  test('a route attaches to every HTTPS listener its host names match, each named', () => {
    const out = synth((stack) => {
      const ns = new SecureNamespace(stack, 'edge');
      const gw = new Gateway(ns, 'public', {
        controller: GatewayController.ISTIO,
        listeners: [
          { name: 'shop', protocol: 'HTTPS', hostname: 'shop.example.com', tls: ListenerTls.fromSecret('shop-tls') },
          { name: 'wild', protocol: 'HTTPS', hostname: '*.example.com', tls: ListenerTls.fromSecret('wild-tls') },
          { name: 'blog', protocol: 'HTTPS', hostname: 'blog.example.org', tls: ListenerTls.fromSecret('blog-tls') },
        ],
      });
      new GatewayHttpRoute(ns, 'shop', { parents: [gw], hostnames: ['shop.example.com'], rules: [{ backends: [{ serviceName: 'web', port: 80 }] }] });
      new GatewayHttpRoute(ns, 'any', { parents: [gw], rules: [{ backends: [{ serviceName: 'web', port: 80 }] }] });
    });
    expect(find(out, 'HTTPRoute', 'shop').spec.parentRefs.map((p: any) => p.sectionName)).toEqual(['shop', 'wild']);
    expect(find(out, 'HTTPRoute', 'any').spec.parentRefs.map((p: any) => p.sectionName)).toEqual(['shop', 'wild', 'blog']);
  });

  test('Services in other namespaces get a ReferenceGrant there, for exactly those Services; referenceGrants: false leaves it out', () => {
    const build = (grants?: boolean) => synthWithPaths((stack) => {
      const ns = new SecureNamespace(stack, 'edge');
      const gw = Gateway.existing('shared', { namespace: 'platform', controller: GatewayController.ISTIO });
      new GatewayHttpRoute(ns, 'portal', {
        parents: [{ gateway: gw, listener: 'https' }],
        referenceGrants: grants,
        rules: [
          { matches: [{ path: '/shop' }], backends: [{ serviceName: 'web', namespace: 'shop', port: 80 }, { serviceName: 'api', namespace: 'shop', port: 8080 }] },
          { matches: [{ path: '/blog' }], backends: [{ serviceName: 'blog', namespace: 'blog', port: 80 }] },
        ],
      });
    });
    const out = build();
    const grants = out.filter((m) => m.manifest.kind === 'ReferenceGrant').map((m) => m.manifest as any);
    expect(grants.map((g) => [g.metadata.namespace, g.metadata.name, g.spec])).toEqual([
      ['blog', 'httproute-edge-portal', { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'edge' }], to: [{ group: '', kind: 'Service', name: 'blog' }] }],
      ['shop', 'httproute-edge-portal', {
        from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'edge' }],
        to: [{ group: '', kind: 'Service', name: 'api' }, { group: '', kind: 'Service', name: 'web' }],
      }],
    ]);
    const route = findWithPath(out, 'HTTPRoute');
    expect(route.constructPath).toBe('test/edge/portal/Resource');
    expect(route.manifest.spec.parentRefs).toEqual([{ name: 'shared', namespace: 'platform', sectionName: 'https' }]);
    expect(route.manifest.spec.rules[0].backendRefs).toEqual([{ name: 'web', namespace: 'shop', port: 80 }, { name: 'api', namespace: 'shop', port: 8080 }]);
    expect(build(false).filter((m) => m.manifest.kind === 'ReferenceGrant')).toEqual([]);
  });

  test('ReferenceGrant on its own: groups inferred for known kinds; a grant for every object of a kind records its reason', () => {
    const out = synth((stack) => {
      const ns = new SecureNamespace(stack, 'shop');
      new ReferenceGrant(ns, 'from-edge', { from: [{ kind: 'HTTPRoute', namespace: 'edge' }, { kind: 'GRPCRoute', namespace: 'edge' }], to: [{ kind: 'Service', name: 'web' }] });
      new ReferenceGrant(ns, 'all-services', {
        from: [{ kind: 'HTTPRoute', namespace: 'portal' }], to: [{ kind: 'Service' }], anyName: { reason: 'the portal fronts every service of the shop' },
      });
    });
    expect(find(out, 'ReferenceGrant', 'from-edge').spec).toEqual({
      from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'edge' }, { group: 'gateway.networking.k8s.io', kind: 'GRPCRoute', namespace: 'edge' }],
      to: [{ group: '', kind: 'Service', name: 'web' }],
    });
    const open = find(out, 'ReferenceGrant', 'all-services');
    expect(open.spec.to).toEqual([{ group: '', kind: 'Service' }]);
    expect(open.metadata.annotations).toEqual({ 'keelson.dev/reference-grant-reason': 'the portal fronts every service of the shop' });
    expect(all(out, 'ReferenceGrant').every((g) => g.metadata.namespace === 'shop')).toBe(true);
  });
});
