import { AuthorizationPolicy, serviceAccountPrincipal } from '../../../lib/mesh/authorization-policy';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { find, synth, synthError } from '../../helpers/synth';

describe('AuthorizationPolicy', () => {
  test('allows one workload to be called by one identity on GET', () => {
    expect(serviceAccountPrincipal('shop', 'frontend')).toBe('cluster.local/ns/shop/sa/frontend');
    const out = synth((s) => new AuthorizationPolicy(new SecureNamespace(s, 'shop'), 'api-from-frontend', {
      workloadLabels: { app: 'api' },
      rules: [{ from: [{ principals: [serviceAccountPrincipal('shop', 'frontend')] }], to: [{ methods: ['GET'], paths: ['/api/*'], ports: ['8080'] }] }],
    }));
    const ap = find(out, 'AuthorizationPolicy', 'api-from-frontend', 'security.istio.io');
    expect(ap.apiVersion).toBe('security.istio.io/v1');
    expect(ap.spec).toEqual({
      selector: { matchLabels: { app: 'api' } },
      action: 'ALLOW',
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/frontend'] } }], to: [{ operation: { methods: ['GET'], paths: ['/api/*'], ports: ['8080'] } }] }],
    });
  });

  test('a namespace-wide DENY by source address', () => {
    const out = synth((s) => new AuthorizationPolicy(new SecureNamespace(s, 'shop'), 'deny-external', {
      action: 'DENY', rules: [{ from: [{ ipBlocks: ['203.0.113.0/24'] }] }],
    }));
    expect(find(out, 'AuthorizationPolicy', 'deny-external').spec).toEqual({ action: 'DENY', rules: [{ from: [{ source: { ipBlocks: ['203.0.113.0/24'] } }] }] });
  });

  test('refuses a malformed principal and a named port', () => {
    const message = synthError((s) => new AuthorizationPolicy(new SecureNamespace(s, 'shop'), 'ap', {
      rules: [{ from: [{ principals: ['frontend'] }], to: [{ ports: ['http'] }] }],
    })).message;
    expect(message).toContain('[test/shop/ap] rules[0].from[0].principals[0]: got "frontend"; expected a principal such as "cluster.local/ns/shop/sa/frontend"');
    expect(message).toContain('rules[0].to[0].ports[0]: got "http"; expected a port number as a string');
  });

  test('original client addresses behind the gateway, prefix and suffix wildcards, and path templates', () => {
    const out = synth((s) => new AuthorizationPolicy(new SecureNamespace(s, 'shop'), 'office', {
      rules: [{
        from: [{ remoteIpBlocks: ['203.0.113.0/24', '2001:db8::1'], namespaces: ['team-*'], principals: ['*/ns/shop/sa/web'] }],
        to: [{ methods: ['GET', 'HEAD'], paths: ['/api/{*}/items/{**}', '*.html', '/static/*'] }],
      }],
    }));
    expect(find(out, 'AuthorizationPolicy', 'office').spec.rules).toEqual([{
      from: [{ source: { remoteIpBlocks: ['203.0.113.0/24', '2001:db8::1'], namespaces: ['team-*'], principals: ['*/ns/shop/sa/web'] } }],
      to: [{ operation: { methods: ['GET', 'HEAD'], paths: ['/api/{*}/items/{**}', '*.html', '/static/*'] } }],
    }]);
  });

  test('serviceAccountPrincipal refuses names no ServiceAccount can have', () => {
    expect(() => serviceAccountPrincipal('Shop', 'web')).toThrow('[<app>] serviceAccountPrincipal(namespace): got "Shop"; expected a DNS-1123 label');
  });
});
