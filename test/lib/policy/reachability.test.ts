import { EXAMPLE_APPS } from '../../../apps';
import { synthesizeDefinition } from '../../../lib/output/synth-apps';
import { serviceAddress } from '../../../lib/policy/checks/reachability';
import { runPolicy } from '../../../lib/policy/engine';
import { NetworkModel } from '../../../lib/policy/network-reach';
import { BUILTIN_CHECKS } from '../../../lib/policy/registry';
import { kubernetesTarget } from '../../../lib/policy/targets';
import { PolicyTarget } from '../../../lib/policy/types';
import { denyAll, deployment, k, namespace, obj, service } from './fixtures';
import { ENVOY_LABELS, NGINX_LABELS, allowToWeb, client, gatewayAndRoute, policy, webIngress } from './reference-cases';

function messages(id: string, targets: PolicyTarget[]): string[] {
  const check = BUILTIN_CHECKS.find((c) => c.id === id);
  if (!check) {
    throw new Error(`no check ${id}`);
  }
  return runPolicy(targets, { checks: [check] }).findings.map((f) => f.message);
}

const web = { namespace: 'shop', labels: { app: 'web' } };
const nginx = { namespace: 'ingress-nginx', labels: NGINX_LABELS };
const NGINX_DENIED = 'the ingress controller (pods app.kubernetes.io/name=ingress-nginx,app.kubernetes.io/component=controller in namespace ingress-nginx) '
  + 'cannot reach Deployment shop/web on port 8080 (http) (backend Service web port 80): no NetworkPolicy admits it';

describe('NetworkModel', () => {
  test('a named policy port matches only a destination port of that name; endPort gives a range', () => {
    const model = new NetworkModel([denyAll(), allowToWeb(NGINX_LABELS, 'ingress-nginx')]);
    expect(model.reach(nginx, web, { number: 8080, name: 'http' })).toBe('allowed');
    expect(model.reach(nginx, web, 8080)).toBe('denied');
    const range = new NetworkModel([denyAll(), allowToWeb(NGINX_LABELS, 'ingress-nginx', [{ port: 8000, endPort: 8100 }])]);
    expect([range.reach(nginx, web, 8080), range.reach(nginx, web, 8200)]).toEqual(['allowed', 'denied']);
  });

  test('a namespace selected by labels other than its name is unknown until its Namespace object is present', () => {
    const byTeam = policy('team', {
      podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'edge' } } }] }],
    });
    expect(new NetworkModel([denyAll(), byTeam]).reach(nginx, web, 8080)).toBe('unknown');
    const edge: any = namespace('ingress-nginx');
    edge.metadata.labels.team = 'edge';
    expect(new NetworkModel([denyAll(), byTeam, edge]).reach(nginx, web, 8080)).toBe('allowed');
    expect(new NetworkModel([denyAll(), byTeam, namespace('ingress-nginx')]).reach(nginx, web, 8080)).toBe('denied');
  });

  test('policyTypes default as the API server sets them: Ingress, and Egress when there are egress rules', () => {
    const ingressOnly = policy('i', { podSelector: {} });
    const egressToo = policy('e', { podSelector: {}, egress: [] });
    const model = new NetworkModel([ingressOnly, egressToo]);
    expect(model.selecting('shop', {}, 'Ingress').map((p) => p.metadata.name)).toEqual(['i', 'e']);
    expect(model.selecting('shop', {}, 'Egress').map((p) => p.metadata.name)).toEqual(['e']);
    // `egress: null` is no egress rule (the API server drops it), as the pod-network-policy check also reads it.
    const nullEgress = new NetworkModel([policy('n', { podSelector: {}, egress: null })]);
    expect(nullEgress.selecting('shop', {}, 'Egress')).toEqual([]);
    expect(nullEgress.reach(web, { ip: '10.0.0.1' }, 443)).toBe('allowed');
    // Policies of one namespace keep their order, however many there are.
    const many = new NetworkModel(Array.from({ length: 300 }, (_, i) => policy(`p${i}`, { podSelector: { matchLabels: { app: 'web' } } })));
    expect(many.selecting('shop', { app: 'web' }, 'Ingress').map((p) => p.metadata.name)).toEqual(Array.from({ length: 300 }, (_, i) => `p${i}`));
    expect(many.hasPolicies('shop')).toBe(true);
    expect(many.hasPolicies('other')).toBe(false);
  });
});

describe('ingress-backend-reachable', () => {
  test('reports backends the controller cannot reach, also through an IngressClass of the output', () => {
    expect(messages('ingress-backend-reachable', k(deployment(), service(), denyAll(), webIngress()))).toEqual([NGINX_DENIED]);
    const cls = obj('networking.k8s.io/v1', 'IngressClass', 'public', undefined, { spec: { controller: 'k8s.io/ingress-nginx' } });
    expect(messages('ingress-backend-reachable', k(cls, deployment(), service(), denyAll(), webIngress((s) => { s.ingressClassName = 'public'; }))))
      .toEqual([NGINX_DENIED]);
  });

  test('the controller\'s own egress policies count when they are in the output', () => {
    const controllerDeny = denyAll('ingress-nginx');
    expect(messages('ingress-backend-reachable', k(deployment(), service(), denyAll(), allowToWeb(NGINX_LABELS, 'ingress-nginx'), controllerDeny, webIngress())))
      .toEqual([NGINX_DENIED]);
  });

  test('stays silent for unknown controllers, namespaces without policies and Services that are not in the output', () => {
    expect(messages('ingress-backend-reachable', k(deployment(), service(), denyAll(), webIngress((s) => { s.ingressClassName = 'haproxy'; })))).toEqual([]);
    const unknownClass = obj('networking.k8s.io/v1', 'IngressClass', 'nginx', undefined, { spec: { controller: 'example.com/other' } });
    expect(messages('ingress-backend-reachable', k(unknownClass, deployment(), service(), denyAll(), webIngress()))).toEqual([]);
    expect(messages('ingress-backend-reachable', k(deployment(), service(), webIngress()))).toEqual([]);
    expect(messages('ingress-backend-reachable', k(deployment(), denyAll(), webIngress()))).toEqual([]);
  });
});

describe('httproute-backend-reachable', () => {
  test('uses the data plane of the parent Gateway\'s implementation, also under a GatewayClass name of the output', () => {
    const [gateway, route] = gatewayAndRoute();
    (gateway as any).spec.gatewayClassName = 'internal';
    const cls = obj('gateway.networking.k8s.io/v1', 'GatewayClass', 'internal', undefined, { spec: { controllerName: 'gateway.envoyproxy.io/gatewayclass-controller' } });
    expect(messages('httproute-backend-reachable', k(cls, gateway, route, deployment(), service(), denyAll(), allowToWeb(ENVOY_LABELS, 'envoy-gateway-system')))).toEqual([]);
    expect(messages('httproute-backend-reachable', k(cls, gateway, route, deployment(), service(), denyAll()))).toEqual([
      'the data plane of Gateway shop/edge cannot reach Deployment shop/web on port 8080 (http) (backend Service web port 80): no NetworkPolicy admits it',
    ]);
  });

  test('stays silent when the Gateway or its implementation is unknown', () => {
    const [gateway, route] = gatewayAndRoute();
    (gateway as any).spec.gatewayClassName = 'acme';
    expect(messages('httproute-backend-reachable', k(gateway, route, deployment(), service(), denyAll()))).toEqual([]);
    expect(messages('httproute-backend-reachable', k(route, deployment(), service(), denyAll()))).toEqual([]);
  });
});

describe('service-client-reachable', () => {
  test('reads Service addresses from env values: host:port, DNS names with the namespace, and http(s) URLs', () => {
    expect(serviceAddress('redis:6379', 'shop')).toEqual({ name: 'redis', namespace: 'shop', port: 6379 });
    expect(serviceAddress('redis.cache.svc:6379', 'shop')).toEqual({ name: 'redis', namespace: 'cache', port: 6379 });
    expect(serviceAddress('https://web.shop.svc.cluster.local/api', 'x')).toEqual({ name: 'web', namespace: 'shop', port: 443 });
    expect(serviceAddress('http://web.shop:8080/', 'x')).toEqual({ name: 'web', namespace: 'shop', port: 8080 });
    expect([serviceAddress('redis', 'shop'), serviceAddress('db.example.com:5432', 'shop'), serviceAddress('prod', 'shop'), serviceAddress(5, 'shop')])
      .toEqual([undefined, undefined, undefined, undefined]);
  });

  test('reports a client in another namespace whose egress is denied there', () => {
    const remote = client('web.shop.svc:80');
    (remote as any).metadata.namespace = 'tools';
    const admitTools = allowToWeb({ app: 'api' }, 'tools');
    expect(messages('service-client-reachable', k(deployment(), service(), remote, denyAll(), admitTools))).toEqual([]);
    expect(messages('service-client-reachable', k(deployment(), service(), remote, denyAll(), admitTools, denyAll('tools')))).toEqual([
      'container "web" (env WEB_URL=web.shop.svc:80) cannot reach Deployment shop/web on port 8080 (http) (Service shop/web port 80): no NetworkPolicy admits it',
    ]);
  });

  test('stays silent for addresses that are no Service port of the output', () => {
    expect(messages('service-client-reachable', k(deployment(), service(), client('web:9999'), client('localhost:8080'), denyAll()))).toEqual([]);
  });
});

describe('the example apps', () => {
  const counter = EXAMPLE_APPS.find((a) => a.name === 'counter-redis')!;
  const objects = synthesizeDefinition(counter).manifests.map((m) => m.manifest as any);
  const admits = (p: any, namespace: string) => JSON.stringify(p.spec?.ingress ?? []).includes(`"kubernetes.io/metadata.name":"${namespace}"`);
  const reachFindings = (keep: (m: any) => boolean) => runPolicy(objects.filter(keep).map((m) => kubernetesTarget(m)), {
    checks: BUILTIN_CHECKS.filter((c) => c.id.endsWith('-reachable')),
  }).findings.map((f) => `${f.checkId}: ${f.object}`);

  test('counter-redis is reachable as written, and not without the policies that admit the controller and the app', () => {
    expect(reachFindings(() => true)).toEqual([]);
    expect(reachFindings((m) => !(m.kind === 'NetworkPolicy' && admits(m, 'ingress-nginx'))))
      .toEqual(['ingress-backend-reachable: Ingress counter-redis/kubernetes-test-ha-application-with-redis']);
    expect(reachFindings((m) => !(m.kind === 'NetworkPolicy' && m.metadata.name.startsWith('redis-ingress-from'))))
      .toEqual(['service-client-reachable: Deployment counter-redis/kubernetes-test-ha-application-with-redis-deployment']);
  });
});
