import { Manifest } from '../../../lib/output/manifest';
import { PolicyTarget } from '../../../lib/policy/types';
import { ctr, denyAll, deployment, k, namespace, obj, service, serviceAccount } from './fixtures';

/** Fixtures of the reference and reachability checks (issue 16), shared by checks.test.ts and their own tests. */

export const NGINX_LABELS = { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' };
export const ENVOY_LABELS = {
  'app.kubernetes.io/name': 'envoy', 'app.kubernetes.io/component': 'proxy', 'app.kubernetes.io/managed-by': 'envoy-gateway',
  'gateway.envoyproxy.io/owning-gateway-name': 'edge', 'gateway.envoyproxy.io/owning-gateway-namespace': 'shop',
};

/** An Ingress "shop/web" of class nginx routing shop.example.com to Service web port 80, with TLS unless `tls` is false. */
export const webIngress = (edit: (spec: any) => void = () => undefined, tls = true): Manifest => {
  const spec: any = {
    ingressClassName: 'nginx',
    rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }],
    ...(tls ? { tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }] } : {}),
  };
  edit(spec);
  return obj('networking.k8s.io/v1', 'Ingress', 'web', 'shop', { spec });
};

/** A NetworkPolicy "shop/<name>" with this spec. */
export const policy = (name: string, spec: any, ns = 'shop'): Manifest => obj('networking.k8s.io/v1', 'NetworkPolicy', name, ns, { spec });

/** Lets pods with `labels` in namespace `from` reach the web pods on port http. */
export const allowToWeb = (labels: Record<string, string>, from: string, ports: any[] = [{ port: 'http' }]): Manifest => policy(`allow-${from}`, {
  podSelector: { matchLabels: { app: 'web' } },
  policyTypes: ['Ingress'],
  ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': from } }, podSelector: { matchLabels: labels } }], ports }],
});

/** A Gateway API Gateway "shop/edge" of class eg (Envoy Gateway) and an HTTPRoute "shop/web" to Service web port 80. */
export const gatewayAndRoute = (): Manifest[] => [
  obj('gateway.networking.k8s.io/v1', 'Gateway', 'edge', 'shop', { spec: { gatewayClassName: 'eg', listeners: [{ name: 'https', protocol: 'HTTPS', port: 443 }] } }),
  obj('gateway.networking.k8s.io/v1', 'HTTPRoute', 'web', 'shop', {
    spec: { parentRefs: [{ name: 'edge' }], hostnames: ['shop.example.com'], rules: [{ backendRefs: [{ name: 'web', port: 80 }] }] },
  }),
];

/** A client Deployment "shop/api" (pods app=api) with an env var naming `address`. */
export const client = (address: string): Manifest => deployment((d) => {
  d.metadata.name = 'api';
  d.spec.selector.matchLabels.app = 'api';
  d.spec.template.metadata.labels.app = 'api';
  ctr(d).env = [{ name: 'WEB_URL', value: address }];
});

/** A ServiceMonitor "shop/web" selecting Services app=web, scraping the port named `port`. */
export const serviceMonitor = (port = 'http', selector: any = { matchLabels: { app: 'web' } }): Manifest =>
  obj('monitoring.coreos.com/v1', 'ServiceMonitor', 'web', 'shop', { spec: { selector, endpoints: [{ port, interval: '30s' }] } });

/** A Service web (labelled app=web) for ServiceMonitors. */
export const labelledService = (): Manifest => {
  const s: any = service();
  s.metadata.labels = { app: 'web' };
  return s;
};

/** A ConfigMap "shop/web-config" with the keys given. */
export const configMap = (keys: string[] = ['MODE'], name = 'web-config'): Manifest =>
  obj('v1', 'ConfigMap', name, 'shop', { data: Object.fromEntries(keys.map((key) => [key, 'x'])) });

/** The web Deployment reading `key` of ConfigMap `name` into env MODE. */
export const readsConfig = (name = 'web-config', key = 'MODE'): Manifest => deployment((d) => {
  ctr(d).env = [{ name: 'MODE', valueFrom: { configMapKeyRef: { name, key } } }];
});

interface CheckCase {
  readonly pass: PolicyTarget[];
  readonly fail: PolicyTarget[];
  readonly message: string;
}

export const REFERENCE_CASES: Record<string, CheckCase> = {
  'ingress-tls': {
    pass: k(webIngress()),
    fail: k(webIngress(undefined, false)),
    message: 'the Ingress has no TLS (spec.tls is empty): it serves shop.example.com over plain HTTP only',
  },
  'service-target-port': {
    pass: k(deployment(), service(undefined, { ports: [{ name: 'http', port: 80, targetPort: 'http' }] })),
    fail: k(deployment(), service(undefined, { ports: [{ name: 'http', port: 80, targetPort: 'web' }] })),
    message: 'port 0 (http): targetPort "web" is not a named container port of Deployment web',
  },
  'networkpolicy-peer-selects-pods': {
    pass: k(deployment(), policy('p', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] })),
    fail: k(deployment(), policy('p', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'api' } } }] }] })),
    message: 'ingress rule 0 peer 0: the podSelector {"matchLabels":{"app":"api"}} matches no pods in namespace shop',
  },
  'servicemonitor-selects-service': {
    pass: k(labelledService(), serviceMonitor()),
    fail: k(labelledService(), serviceMonitor('metrics')),
    message: 'endpoint 0: no selected Service (web) has a port named "metrics"',
  },
  'pod-service-account-exists': {
    pass: k(namespace('shop'), serviceAccount(), deployment()),
    fail: k(namespace('shop'), obj('v1', 'ServiceAccount', 'api', 'shop'), deployment()),
    message: 'ServiceAccount "web" does not exist in namespace shop',
  },
  'pod-config-references': {
    pass: k(configMap(), readsConfig()),
    fail: k(configMap(['mode']), readsConfig()),
    message: 'container "web" env MODE: ConfigMap "web-config" has no key "MODE" (did you mean "mode"?)',
  },
  'ingress-backend-reachable': {
    pass: k(deployment(), service(), denyAll(), allowToWeb(NGINX_LABELS, 'ingress-nginx'), webIngress()),
    fail: k(deployment(), service(), denyAll(), webIngress()),
    message: 'the ingress controller (pods app.kubernetes.io/name=ingress-nginx,app.kubernetes.io/component=controller in namespace ingress-nginx) '
      + 'cannot reach Deployment shop/web on port 8080 (http) (backend Service web port 80): no NetworkPolicy admits it',
  },
  'httproute-backend-reachable': {
    pass: k(deployment(), service(), denyAll(), allowToWeb(ENVOY_LABELS, 'envoy-gateway-system'), ...gatewayAndRoute()),
    fail: k(deployment(), service(), denyAll(), allowToWeb(NGINX_LABELS, 'ingress-nginx'), ...gatewayAndRoute()),
    message: 'the data plane of Gateway shop/edge cannot reach Deployment shop/web on port 8080 (http) (backend Service web port 80): no NetworkPolicy admits it',
  },
  'service-client-reachable': {
    pass: k(deployment(), service(), client('http://web'), denyAll(),
      allowToWeb({ app: 'api' }, 'shop'),
      policy('api-egress', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 8080 }] }] })),
    fail: k(deployment(), service(), client('http://web'), denyAll(), allowToWeb({ app: 'api' }, 'shop')),
    message: 'container "web" (env WEB_URL=http://web) cannot reach Deployment shop/web on port 8080 (http) (Service shop/web port 80): no NetworkPolicy admits it',
  },
};
