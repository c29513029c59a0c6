import { ApiObject, JsonPatch } from 'cdk8s';
import { VirtualService } from '../../../lib/mesh/virtual-service';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { find, findWithPath, synth, synthError, synthWithPaths } from '../../helpers/synth';

describe('VirtualService', () => {
  test('routes by URI and header to weighted subsets, with timeout and retries', () => {
    const out = synth((s) => new VirtualService(new SecureNamespace(s, 'shop'), 'reviews', {
      hosts: ['reviews'],
      http: [
        {
          name: 'testers',
          match: [{ headers: { 'end-user': { exact: 'jason' } } }],
          route: [{ host: 'reviews', subset: 'v2' }],
        },
        {
          name: 'canary',
          match: [{ uri: { prefix: '/api' } }, { uri: { exact: '/' } }],
          route: [{ host: 'reviews', subset: 'v1', weight: 90 }, { host: 'reviews', subset: 'v2', weight: 10 }],
          timeout: '10s',
          retries: { attempts: 3, perTryTimeout: '2s', retryOn: '5xx,connect-failure' },
        },
      ],
    }));
    const vs = find(out, 'VirtualService', 'reviews', 'networking.istio.io');
    expect(vs.apiVersion).toBe('networking.istio.io/v1');
    expect(vs.spec.hosts).toEqual(['reviews']);
    expect(vs.spec.gateways).toBeUndefined();
    expect(vs.spec.http[0]).toEqual({ name: 'testers', match: [{ headers: { 'end-user': { exact: 'jason' } } }], route: [{ destination: { host: 'reviews', subset: 'v2' } }] });
    expect(vs.spec.http[1].match).toEqual([{ uri: { prefix: '/api' } }, { uri: { exact: '/' } }]);
    expect(vs.spec.http[1].route).toEqual([
      { destination: { host: 'reviews', subset: 'v1' }, weight: 90 },
      { destination: { host: 'reviews', subset: 'v2' }, weight: 10 },
    ]);
    expect(vs.spec.http[1].timeout).toBe('10s');
    expect(vs.spec.http[1].retries).toEqual({ attempts: 3, perTryTimeout: '2s', retryOn: '5xx,connect-failure' });
  });

  test('Go durations in whole milliseconds, and retries on Envoy conditions and status codes', () => {
    const out = synth((s) => new VirtualService(new SecureNamespace(s, 'shop'), 'slow', {
      hosts: ['reports'],
      http: [{ route: [{ host: 'reports' }], timeout: '1m30s', retries: { attempts: 2, perTryTimeout: '1.5s', retryOn: 'reset-before-request,retriable-status-codes,503,unavailable' } }],
    }));
    expect(find(out, 'VirtualService', 'slow').spec.http[0]).toEqual({
      route: [{ destination: { host: 'reports' } }], timeout: '1m30s',
      retries: { attempts: 2, perTryTimeout: '1.5s', retryOn: 'reset-before-request,retriable-status-codes,503,unavailable' },
    });
  });

  test('binds to gateways and picks a port of the destination', () => {
    const out = synth((s) => new VirtualService(new SecureNamespace(s, 'shop'), 'edge', {
      hosts: ['shop.example.com'],
      gateways: ['istio-ingress/public', 'mesh'],
      http: [{ route: [{ host: 'web.shop.svc.cluster.local', port: 8080 }] }],
    }));
    const vs = find(out, 'VirtualService', 'edge');
    expect(vs.spec.gateways).toEqual(['istio-ingress/public', 'mesh']);
    expect(vs.spec.http[0].route).toEqual([{ destination: { host: 'web.shop.svc.cluster.local', port: { number: 8080 } } }]);
  });

  test.each([
    ['weights that do not add up to 100', { route: [{ host: 'r', subset: 'v1', weight: 90 }, { host: 'r', subset: 'v2', weight: 20 }] },
      'http[0].route: got "v1=90, v2=20"; expected weights that add up to 100 (they add up to 110)'],
    ['a string match with two kinds', { match: [{ uri: { prefix: '/a', exact: '/a' } as any }], route: [{ host: 'r' }] },
      'http[0].match[0].uri: got {"prefix":"/a","exact":"/a"}; expected exactly one of { exact }, { prefix } or { regex }'],
    ['an upper-case header name', { match: [{ headers: { 'X-User': { exact: 'a' } } }], route: [{ host: 'r' }] },
      'http[0].match[0].headers key: got "X-User"; expected a lower-case header name'],
    ['a timeout without unit', { route: [{ host: 'r' }], timeout: '10' }, 'http[0].timeout: got "10"; expected a duration such as "5s" or "250ms"'],
    ['a route without destinations', { route: [] }, 'http[0].route: got []; expected a non-empty list of destinations'],
  ])('refuses %s', (_title, route, message) => {
    expect(synthError((s) => new VirtualService(new SecureNamespace(s, 'shop'), 'r', { hosts: ['r'], http: [route as any] })).message)
      .toContain(`[test/shop/r] ${message}`);
  });

  test('refuses duplicate route names', () => {
    expect(synthError((s) => new VirtualService(new SecureNamespace(s, 'shop'), 'r', {
      hosts: ['r'], http: [{ name: 'main', route: [{ host: 'r' }] }, { name: 'main', route: [{ host: 'r' }] }],
    })).message).toContain('[test/shop/r] http[1].name: got "main"; expected a route name that no earlier route of this VirtualService uses');
  });
});

describe('VirtualService escape hatch', () => {
  test('a JSON patch on the main object (child "Resource") is in the written VirtualService', () => {
    const out = synthWithPaths((s) => {
      const vs = new VirtualService(new SecureNamespace(s, 'shop'), 'reviews', { hosts: ['reviews'], http: [{ route: [{ host: 'reviews' }] }] });
      ApiObject.of(vs.resource).addJsonPatch(JsonPatch.add('/spec/exportTo', ['.']));
    });
    const written = findWithPath(out, 'VirtualService');
    expect(written.constructPath).toBe('test/shop/reviews/Resource');
    expect(written.manifest.spec).toEqual({ hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews' } }] }], exportTo: ['.'] });
  });
});
