import { runPolicy } from '../../../lib/policy/engine';
import { BUILTIN_CHECKS } from '../../../lib/policy/registry';
import { PolicyTarget } from '../../../lib/policy/types';
import { deployment, k, obj, service } from './fixtures';
import { argocdServer, loadBalancer, selectorless, slice } from './service-cases';

/** The messages of one check over the targets. */
function messages(id: string, targets: PolicyTarget[]): string[] {
  const check = BUILTIN_CHECKS.find((c) => c.id === id);
  if (!check) {
    throw new Error(`no check ${id}`);
  }
  return runPolicy(targets, { checks: [check] }).findings.map((f) => f.message);
}

const exposedTo = (type: string, selector: Record<string, string>, namespace = 'tools') => obj('v1', 'Service', 'ui', namespace, {
  spec: { type, selector, ports: [{ name: 'https', port: 443, targetPort: 8443 }] },
});

describe('service-source-ranges', () => {
  test('passes listed ranges, an open range with a reason, and Services of other types', () => {
    expect(messages('service-source-ranges', k(
      loadBalancer(['10.0.0.0/8', '192.168.0.0/16']),
      loadBalancer(['::/0'], { 'keelson.dev/open-load-balancer-reason': 'a public API' }),
      loadBalancer(undefined, { 'service.beta.kubernetes.io/load-balancer-source-ranges': '10.0.0.0/8, 172.16.0.0/12' }),
      service(), service({ app: 'web' }, { type: 'NodePort' }),
    ))).toEqual([]);
  });

  test('reports a LoadBalancer without ranges, and every open range without a reason', () => {
    expect(messages('service-source-ranges', k(loadBalancer([])))).toEqual([
      'the LoadBalancer Service lists no loadBalancerSourceRanges, so every address that reaches the load balancer may connect',
    ]);
    expect(messages('service-source-ranges', k(loadBalancer(['10.0.0.0/8', '0.0.0.0/0', '::/0'], { 'keelson.dev/open-load-balancer-reason': ' ' })))).toEqual([
      'loadBalancerSourceRanges includes 0.0.0.0/0 (every address) and the Service records no reason (annotation keelson.dev/open-load-balancer-reason)',
      'loadBalancerSourceRanges includes ::/0 (every address) and the Service records no reason (annotation keelson.dev/open-load-balancer-reason)',
    ]);
    expect(messages('service-source-ranges', k(loadBalancer(undefined, { 'service.beta.kubernetes.io/load-balancer-source-ranges': '0.0.0.0/0' })))).toEqual([
      'loadBalancerSourceRanges includes 0.0.0.0/0 (every address) and the Service records no reason (annotation keelson.dev/open-load-balancer-reason)',
    ]);
  });
});

describe('service-admin-exposed', () => {
  test('passes ClusterIP Services in front of admin UIs, and exposed Services in front of other pods', () => {
    expect(messages('service-admin-exposed', k(
      exposedTo('ClusterIP', { 'k8s-app': 'kubernetes-dashboard' }),
      exposedTo('LoadBalancer', { app: 'shop' }),
      exposedTo('NodePort', { 'app.kubernetes.io/name': 'kong' }), // Kong alone is not the Dashboard's proxy
      exposedTo('NodePort', {}),
    ))).toEqual([]);
  });

  test('reports the Kubernetes Dashboard (both installs) and the Argo CD server by the selector', () => {
    expect(messages('service-admin-exposed', k(exposedTo('NodePort', { 'k8s-app': 'kubernetes-dashboard' })))).toEqual([
      'the NodePort Service publishes the Kubernetes Dashboard (pods k8s-app=kubernetes-dashboard) outside the cluster',
    ]);
    expect(messages('service-admin-exposed', k(exposedTo('LoadBalancer', {
      'app.kubernetes.io/name': 'kong', 'app.kubernetes.io/instance': 'kubernetes-dashboard', 'app.kubernetes.io/component': 'app',
    })))).toEqual([
      'the LoadBalancer Service publishes the Kubernetes Dashboard\'s Kong proxy (Helm chart 7) (pods app.kubernetes.io/name=kong, app.kubernetes.io/instance=kubernetes-dashboard) outside the cluster',
    ]);
    expect(messages('service-admin-exposed', k(exposedTo('LoadBalancer', { 'app.kubernetes.io/part-of': 'kubernetes-dashboard', 'app.kubernetes.io/name': 'kubernetes-dashboard-web' })))).toEqual([
      'the LoadBalancer Service publishes the Kubernetes Dashboard (Helm chart 7) (pods app.kubernetes.io/part-of=kubernetes-dashboard) outside the cluster',
    ]);
  });

  test('reports a Service whose selector picks the admin pods of the output by another label', () => {
    expect(messages('service-admin-exposed', k(argocdServer(), exposedTo('NodePort', { 'app.kubernetes.io/part-of': 'argocd' }, 'shop')))).toEqual([
      'the NodePort Service publishes the Argo CD API server and UI (pods app.kubernetes.io/name=argocd-server) outside the cluster',
    ]);
  });

  test('leaves the OpenFaaS gateway to faas-control-plane-exposed, which reports it once', () => {
    const gateway = k(exposedTo('LoadBalancer', { app: 'gateway' }));
    expect(messages('service-admin-exposed', gateway)).toEqual([]);
    expect(messages('faas-control-plane-exposed', gateway)).toEqual(['the LoadBalancer Service publishes the pods app=gateway outside the cluster']);
  });
});

describe('service-node-port', () => {
  test('passes every other type', () => {
    expect(messages('service-node-port', k(service(), loadBalancer(['10.0.0.0/8']), selectorless(), service({ app: 'web' }, { clusterIP: 'None' })))).toEqual([]);
  });

  test('reports the node ports, given or left to Kubernetes', () => {
    expect(messages('service-node-port', k(service({ app: 'web' }, {
      type: 'NodePort', ports: [{ name: 'http', port: 80, nodePort: 30080 }, { name: 'https', port: 443 }],
    })))).toEqual(['the NodePort Service opens node port(s) 30080, (port 443, any free) on every node']);
  });
});

describe('endpointslice-service', () => {
  test('passes a slice of a selector-less Service with its port names, unnamed single ports included, and the controllers\' slices', () => {
    expect(messages('endpointslice-service', k(selectorless(['http', 'transport']), slice('elasticsearch', ['transport', 'http'])))).toEqual([]);
    expect(messages('endpointslice-service', k(selectorless([undefined]), slice('elasticsearch', [undefined])))).toEqual([]);
    const managed: any = slice('web');
    managed.metadata.labels['endpointslice.kubernetes.io/managed-by'] = 'endpointslice-controller.k8s.io';
    expect(messages('endpointslice-service', k(service(), managed))).toEqual([]);
  });

  test('reports a slice without the label, of a missing Service, of another namespace\'s Service', () => {
    expect(messages('endpointslice-service', k(selectorless(), slice(null)))).toEqual([
      'the EndpointSlice has no label kubernetes.io/service-name, so no Service uses its endpoints',
    ]);
    const elsewhere = obj('v1', 'Service', 'elasticsearch', 'search', { spec: { ports: [{ name: 'http', port: 9200 }] } });
    expect(messages('endpointslice-service', k(elsewhere, slice()))).toEqual([
      'Service "elasticsearch" (label kubernetes.io/service-name) does not exist in namespace shop',
    ]);
  });

  test('reports a slice of a Service with a selector, or of an ExternalName Service', () => {
    expect(messages('endpointslice-service', k(selectorless(['http'], { selector: { app: 'es' } }), slice()))).toEqual([
      'Service "elasticsearch" has a selector, so the EndpointSlice controller manages its endpoints: remove the selector, or this EndpointSlice',
    ]);
    expect(messages('endpointslice-service', k(selectorless(['http'], { type: 'ExternalName', externalName: 'es.example.com' }), slice()))).toEqual([
      'Service "elasticsearch" is of type ExternalName, which has no endpoints',
    ]);
  });

  test('reports port names that differ, both ways', () => {
    // Findings come sorted.
    expect(messages('endpointslice-service', k(selectorless(['http', 'transport']), slice('elasticsearch', ['http', 'admin'])))).toEqual([
      'Service "elasticsearch" port "transport" has no port in this EndpointSlice',
      'port "admin" is not a port of Service "elasticsearch" (its ports: http, transport)',
    ]);
    expect(messages('endpointslice-service', k(selectorless(['http']), slice('elasticsearch', [undefined])))).toEqual([
      'Service "elasticsearch" port "http" has no port in this EndpointSlice',
      'the unnamed port is not a port of Service "elasticsearch" (its ports: http)',
    ]);
  });
});

test('the checks ignore malformed objects instead of throwing', () => {
  const junk = [
    obj('v1', 'Service', 'a', 'shop', { spec: { type: 'LoadBalancer', loadBalancerSourceRanges: 'x' } }),
    obj('v1', 'Service', 'b', 'shop', { spec: { type: 'NodePort', selector: null, ports: 'x' } }),
    obj('discovery.k8s.io/v1', 'EndpointSlice', 'c', 'shop', { metadata: { name: 'c', labels: { 'kubernetes.io/service-name': 'a' } }, ports: 'x' }),
    deployment(),
  ];
  for (const id of ['service-source-ranges', 'service-admin-exposed', 'service-node-port', 'endpointslice-service']) {
    expect(() => messages(id, k(...junk))).not.toThrow();
  }
});
