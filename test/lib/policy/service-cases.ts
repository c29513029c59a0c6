import { PolicyTarget } from '../../../lib/policy/types';
import { deployment, k, obj, service } from './fixtures';

/** Objects that pass a Service check, objects that fail it, and a text the failure's message contains. */
interface CheckCase {
  readonly pass: PolicyTarget[];
  readonly fail: PolicyTarget[];
  readonly message: string;
}

/** A LoadBalancer Service "shop/web" with these source ranges and annotations. */
export const loadBalancer = (ranges?: string[], annotations?: Record<string, string>) => obj('v1', 'Service', 'web', 'shop', {
  ...(annotations ? { metadata: { name: 'web', namespace: 'shop', annotations } } : {}),
  spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }], ...(ranges ? { loadBalancerSourceRanges: ranges } : {}) },
});

/** A Service "shop/elasticsearch" without selector, with these port names. */
export const selectorless = (portNames: Array<string | undefined> = ['http'], extra: Record<string, unknown> = {}) => obj('v1', 'Service', 'elasticsearch', 'shop', {
  spec: { ports: portNames.map((name, i) => ({ ...(name ? { name } : {}), port: 9200 + i, targetPort: 9200 + i })), ...extra },
});

/** An EndpointSlice "shop/elasticsearch-ipv4" for the Service `serviceName` (no label when null), with these port names. */
export const slice = (serviceName: string | null = 'elasticsearch', portNames: Array<string | undefined> = ['http']) => obj('discovery.k8s.io/v1', 'EndpointSlice', 'elasticsearch-ipv4', 'shop', {
  metadata: { name: 'elasticsearch-ipv4', namespace: 'shop', labels: serviceName ? { 'kubernetes.io/service-name': serviceName } : {} },
  addressType: 'IPv4',
  endpoints: [{ addresses: ['192.168.24.14'] }],
  ports: portNames.map((name, i) => ({ ...(name ? { name } : {}), port: 9200 + i, protocol: 'TCP' })),
});

/** The Argo CD server's pods, as its manifests label them. */
export const argocdServer = () => deployment((d) => {
  d.metadata.name = 'argocd-server';
  d.spec.selector.matchLabels = { 'app.kubernetes.io/name': 'argocd-server' };
  d.spec.template.metadata.labels = { 'app.kubernetes.io/name': 'argocd-server', 'app.kubernetes.io/part-of': 'argocd' };
});

/** The cases of the Service checks (lib/policy/checks/services.ts) for the table of every built-in check. */
export const SERVICE_CASES: Record<string, CheckCase> = {
  'service-source-ranges': {
    pass: k(loadBalancer(['10.0.0.0/8']), loadBalancer(['0.0.0.0/0'], { 'keelson.dev/open-load-balancer-reason': 'a public API behind its own authentication' }), service()),
    fail: k(loadBalancer()),
    message: 'the LoadBalancer Service lists no loadBalancerSourceRanges, so every address that reaches the load balancer may connect',
  },
  'service-admin-exposed': {
    pass: k(service({ 'app.kubernetes.io/name': 'argocd-server' }), loadBalancer(['10.0.0.0/8'])),
    fail: k(obj('v1', 'Service', 'argocd-server', 'argocd', {
      spec: { type: 'NodePort', selector: { 'app.kubernetes.io/name': 'argocd-server' }, ports: [{ name: 'https', port: 443, targetPort: 8080 }] },
    })),
    message: 'the NodePort Service publishes the Argo CD API server and UI (pods app.kubernetes.io/name=argocd-server) outside the cluster',
  },
  'service-node-port': {
    pass: k(service(), loadBalancer(['10.0.0.0/8'])),
    fail: k(service({ app: 'web' }, { type: 'NodePort', ports: [{ name: 'http', port: 8080, targetPort: 80, nodePort: 30036 }] })),
    message: 'the NodePort Service opens node port(s) 30036 on every node',
  },
  'endpointslice-service': {
    pass: k(selectorless(), slice()),
    fail: k(selectorless(), slice('elastic')),
    message: 'Service "elastic" (label kubernetes.io/service-name) does not exist in namespace shop',
  },
};
