import { App, Chart, Lazy } from 'cdk8s';
import { KubeClusterRole, KubeDeployment, KubeService, k8s } from '../../../lib/core/k8s';
import { NEEDS_RESOLUTION, UnionTest, metadataJson, propsJson } from '../../../lib/core/k8s-json';

const isUnion: UnionTest = (v): v is { value: unknown } => v instanceof k8s.IntOrString || v instanceof k8s.Quantity;

describe('the direct JSON of L1 props (lib/core/k8s-json.ts)', () => {
  test('renames the keys the generated types camel-case, and only those', () => {
    expect(propsJson({ spec: { clusterIp: 'None', type: 'ClusterIP', sessionAffinityConfig: { clientIp: { timeoutSeconds: 60 } } } }, isUnion))
      .toEqual({ spec: { clusterIP: 'None', type: 'ClusterIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } } });
    expect(propsJson({ spec: { hostPid: false, hostIpc: false, setHostnameAsFqdn: true } }, isUnion))
      .toEqual({ spec: { hostPID: false, hostIPC: false, setHostnameAsFQDN: true } });
  });

  test('leaves the keys of maps alone (labels, selectors, data, quantities), at any depth', () => {
    const json = propsJson({
      metadata: { labels: { clusterIp: 'x' } },
      data: { hostPid: 'kept', clientIp: 'kept' },
      spec: { selector: { matchLabels: { podCidr: 'a' } }, template: { spec: { nodeSelector: { hostIpc: 'n' } } } },
    }, isUnion);
    expect(json).toEqual({
      metadata: { labels: { clusterIp: 'x' } },
      data: { hostPid: 'kept', clientIp: 'kept' },
      spec: { selector: { matchLabels: { podCidr: 'a' } }, template: { spec: { nodeSelector: { hostIpc: 'n' } } } },
    });
  });

  test('writes IntOrString and Quantity as their value, and drops undefined entries', () => {
    const json = propsJson({
      ports: [{ port: 80, targetPort: k8s.IntOrString.fromString('http'), name: undefined }],
      resources: { limits: { memory: k8s.Quantity.fromString('256Mi'), cpu: undefined } },
    }, isUnion);
    expect(json).toEqual({ ports: [{ port: 80, targetPort: 'http' }], resources: { limits: { memory: '256Mi' } } });
    expect(Object.keys((json as any).resources.limits)).toEqual(['memory']);
  });

  test('asks for cdk8s resolution when the props hold a null, a Lazy value or a token', () => {
    expect(propsJson({ data: { k: null } }, isUnion)).toBe(NEEDS_RESOLUTION);
    expect(propsJson({ data: { k: Lazy.any({ produce: () => 'v' }) } }, isUnion)).toBe(NEEDS_RESOLUTION);
    expect(propsJson({ spec: [{ resolve: () => 1 }] }, isUnion)).toBe(NEEDS_RESOLUTION);
    expect(propsJson({ data: { k: 'v' } }, isUnion)).toEqual({ data: { k: 'v' } });
  });

  test('metadata: drops null, undefined, empty lists and empty maps, as cdk8s does', () => {
    expect(metadataJson({ name: 'web', namespace: undefined, labels: {}, annotations: { a: 'b' }, finalizers: [], ownerReferences: [], x: null }))
      .toEqual({ name: 'web', annotations: { a: 'b' } });
    expect(metadataJson({ name: 'web', labels: { app: Lazy.any({ produce: () => 'late' }) } })).toBe(NEEDS_RESOLUTION);
  });
});

describe('the seam renders through the direct path as the L1 conversion would', () => {
  // The same props through the direct path (default resolvers) and through cdk8s's resolution and the L1's own
  // conversion (an App with one more resolver): every example app is compared in render-equivalence.test.ts; these
  // are the keys and values the example apps may not reach.
  const noop = { resolve: () => undefined };
  function both(build: (chart: Chart) => unknown): [any, any] {
    const objects = (app: App) => {
      const obj = build(new Chart(app, 'c')) as { toJson(): any };
      return obj.toJson();
    };
    return [objects(new App()), objects(new App({ resolvers: [noop] }))];
  }

  test('a headless Service with session affinity and a named target port', () => {
    const [direct, generic] = both((c) => new KubeService(c, 's', {
      metadata: { name: 'db', labels: { app: 'db' } },
      spec: {
        clusterIp: 'None', selector: { app: 'db' }, sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIp: { timeoutSeconds: 30 } },
        ports: [{ name: 'sql', port: 5432, targetPort: k8s.IntOrString.fromString('sql') }],
      },
    }));
    expect(direct).toEqual(generic);
    expect(direct.spec.clusterIP).toBe('None');
  });

  test('a ClusterRole with non-resource URLs, and a Deployment with quantities, host flags and a downward API volume', () => {
    const [role, genericRole] = both((c) => new KubeClusterRole(c, 'r', {
      metadata: { name: 'metrics-reader' }, rules: [{ nonResourceUrLs: ['/metrics'], verbs: ['get'] }],
    }));
    expect(role).toEqual(genericRole);
    expect(role.rules[0].nonResourceURLs).toEqual(['/metrics']);
    const [deploy, genericDeploy] = both((c) => new KubeDeployment(c, 'd', {
      metadata: { name: 'web', annotations: { team: 'shop' } },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            hostPid: false, hostIpc: false, setHostnameAsFqdn: false,
            containers: [{
              name: 'app', image: 'nginx:1.27',
              resources: { limits: { memory: k8s.Quantity.fromString('128Mi') }, requests: { cpu: k8s.Quantity.fromNumber(0.1) } },
              volumeMounts: [{ name: 'info', mountPath: '/etc/info' }],
            }],
            volumes: [{ name: 'info', downwardApi: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } }],
          },
        },
      },
    }));
    expect(deploy).toEqual(genericDeploy);
    expect(deploy.spec.template.spec).toMatchObject({ hostPID: false, hostIPC: false, setHostnameAsFQDN: false });
    expect(deploy.spec.template.spec.volumes[0].downwardAPI.items[0].path).toBe('labels');
  });
});

describe('keys that are names of Object.prototype', () => {
  test('"__proto__" and "constructor" stay keys of the data, and nothing is renamed after a prototype member', () => {
    const data = JSON.parse('{"__proto__": "x", "constructor": "y", "a": "b"}');
    const json = propsJson({ data, spec: { toString: 'kept', constructor: 'kept' } }, isUnion) as any;
    expect(Object.keys(json.data)).toEqual(['__proto__', 'constructor', 'a']);
    expect(Object.getPrototypeOf(json.data)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(json.data, '__proto__')?.value).toBe('x');
    expect(Object.keys(json.spec)).toEqual(['toString', 'constructor']);
    const meta = metadataJson({ name: 'a', annotations: JSON.parse('{"__proto__": "v"}') }) as any;
    expect(Object.getOwnPropertyDescriptor(meta.annotations, '__proto__')?.value).toBe('v');
  });
});
