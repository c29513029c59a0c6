import { parse } from 'yaml';
import { meshApps } from '../../apps/mesh';
import { PLATFORM } from '../../apps/eks-platform/platform';
import { synthesizeDefinition } from '../../lib/output/synth-apps';
import { directiveArgs, parseNginxConfig } from '../helpers/nginx';
import { DNS_EGRESS, allowedEgress, allowedIngress, synthYaml } from '../helpers/app-output';
import { podSpecOf, restrictedViolations } from '../helpers/pod-security';
import { all, find } from '../helpers/synth';

const app = (name: string) => meshApps.find((a) => a.name === name)!;
const HTTP_ECHO = 'hashicorp/http-echo:1.0.0';

describe('mesh: the Istio app (Cloud Native with Kubernetes A9)', () => {
  const out = synthYaml(app('mesh'));
  const ns = 'myapplication';
  const labels = (svc: string, version: string) => ({ app: svc, version });

  test('service-frontend v2, backend-a v1 and backend-b v3, each a Deployment labelled app and version', () => {
    expect(all(out, 'Deployment').map((d) => [d.metadata.name, d.spec.selector.matchLabels])).toEqual([
      ['service-backend-a-v1', labels('service-backend-a', 'v1')],
      ['service-backend-b-v3', labels('service-backend-b', 'v3')],
      ['service-frontend-v2', labels('service-frontend', 'v2')],
    ]);
    for (const d of all(out, 'Deployment')) {
      expect(d.metadata.namespace).toBe(ns);
      expect(d.spec.template.metadata.labels).toMatchObject(d.spec.selector.matchLabels);
      expect(d.spec.template.spec.containers[0].image).toBe(HTTP_ECHO);
      expect(d.spec.template.spec.containers[0].ports).toEqual([{ name: 'http', containerPort: 5000, protocol: 'TCP' }]);
    }
  });

  test('Services on port 80 with protocol-named ports select all versions of their app (the book\'s selector erratum fixed)', () => {
    for (const name of ['service-frontend', 'service-backend-a', 'service-backend-b']) {
      const svc = find(out, 'Service', name);
      expect(svc.spec.selector).toEqual({ app: name });
      expect(svc.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 5000, protocol: 'TCP' }]);
    }
  });

  test('the Gateway serves port 80 for any host on the ingress gateway', () => {
    const gw = find(out, 'Gateway', 'myapplication-gateway', 'networking.istio.io');
    expect(gw.apiVersion).toBe('networking.istio.io/v1');
    expect(gw.spec).toEqual({ selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] });
  });

  test('/app and /frontend go through the gateway to the frontend subset that has pods (v2)', () => {
    const vs = find(out, 'VirtualService', 'myapplication');
    expect(vs.apiVersion).toBe('networking.istio.io/v1');
    expect(vs.spec.hosts).toEqual(['*']);
    expect(vs.spec.gateways).toEqual(['myapplication-gateway']);
    expect(vs.spec.http).toHaveLength(1);
    expect(vs.spec.http[0].match).toEqual([{ uri: { prefix: '/app' } }, { uri: { prefix: '/frontend' } }]);
    expect(vs.spec.http[0].route).toEqual([{ destination: { host: 'service-frontend', subset: 'v2' } }]);
  });

  test('inside the mesh, each backend host routes to its deployed subset (v1 and v3)', () => {
    const a = find(out, 'VirtualService', 'myapplication-a');
    const b = find(out, 'VirtualService', 'myapplication-b');
    expect([a.spec.hosts, a.spec.gateways, a.spec.http[0].route]).toEqual([['service-backend-a'], undefined, [{ destination: { host: 'service-backend-a', subset: 'v1' } }]]);
    expect([b.spec.hosts, b.spec.gateways, b.spec.http[0].route]).toEqual([['service-backend-b'], undefined, [{ destination: { host: 'service-backend-b', subset: 'v3' } }]]);
  });

  test('every routed subset is defined by a DestinationRule and selects a Deployment\'s pods', () => {
    const routes = all(out, 'VirtualService').flatMap((vs) => vs.spec.http.flatMap((h: any) => h.route.map((r: any) => r.destination)));
    expect(routes).toHaveLength(3);
    for (const { host, subset } of routes) {
      const dr = find(out, 'DestinationRule', host);
      const s = dr.spec.subsets.find((x: any) => x.name === subset);
      expect(s).toBeDefined();
      const pods = all(out, 'Deployment').filter((d) => d.spec.template.metadata.labels.app === host
        && Object.entries(s.labels).every(([k, v]) => d.spec.template.metadata.labels[k] === v));
      expect(pods).toHaveLength(1);
    }
    expect(all(out, 'VirtualService').every((vs) => vs.spec.http.every((h: any) => h.route.length === 1 || h.route.reduce((t: number, r: any) => t + r.weight, 0) === 100))).toBe(true);
  });

  test('mutual TLS is STRICT for the namespace, and no rule sends plain text', () => {
    const pa = all(out, 'PeerAuthentication');
    expect(pa.map((p) => [p.apiVersion, p.metadata.namespace, p.metadata.name, p.spec])).toEqual([['security.istio.io/v1', ns, 'default', { mtls: { mode: 'STRICT' } }]]);
    expect(JSON.stringify(all(out, 'DestinationRule'))).not.toContain('DISABLE');
  });

  test('only the gateway may call the frontend, and only the frontend the backends, by mesh identity', () => {
    const ap = (name: string) => find(out, 'AuthorizationPolicy', name).spec;
    expect(ap('frontend-from-gateway')).toEqual({
      selector: { matchLabels: { app: 'service-frontend' } }, action: 'ALLOW',
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/istio-ingress/sa/istio-ingressgateway'] } }] }],
    });
    for (const backend of ['service-backend-a', 'service-backend-b']) {
      expect(ap(`${backend}-from-frontend`)).toEqual({
        selector: { matchLabels: { app: backend } }, action: 'ALLOW',
        rules: [{ from: [{ source: { principals: [`cluster.local/ns/${ns}/sa/service-frontend`] } }] }],
      });
    }
  });

  test('the namespace injects sidecars and still enforces Pod Security restricted', () => {
    const labels = find(out, 'Namespace', ns).metadata.labels;
    expect(labels['istio-injection']).toBe('enabled');
    expect(labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    for (const d of all(out, 'Deployment')) {
      expect(restrictedViolations(podSpecOf(d))).toEqual([]);
    }
  });

  test('the same flows at the network level: gateway → frontend → backends, plus DNS and istiod', () => {
    const frontend = labels('service-frontend', 'v2');
    expect(allowedIngress(out, frontend)).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-ingress' } }, podSelector: { matchLabels: { istio: 'ingressgateway' } } }],
      ports: [{ port: 5000, protocol: 'TCP' }],
    }]);
    const istiod = { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } }, podSelector: { matchLabels: { app: 'istiod' } } }], ports: [{ port: 15012, protocol: 'TCP' }] };
    const toBackend = (app: string) => ({ to: [{ podSelector: { matchLabels: { app } } }], ports: [{ port: 5000, protocol: 'TCP' }] });
    expect(allowedEgress(out, frontend)).toEqual(expect.arrayContaining([DNS_EGRESS, istiod, toBackend('service-backend-a'), toBackend('service-backend-b')]));
    expect(allowedEgress(out, frontend)).toHaveLength(4);
    for (const backend of ['service-backend-a', 'service-backend-b']) {
      const l = { app: backend, version: backend.endsWith('a') ? 'v1' : 'v3' };
      expect(allowedIngress(out, l)).toEqual([{ from: [{ podSelector: { matchLabels: { app: 'service-frontend' } } }], ports: [{ port: 5000, protocol: 'TCP' }] }]);
      expect(allowedEgress(out, l)).toEqual(expect.arrayContaining([DNS_EGRESS, istiod]));
      expect(allowedEgress(out, l)).toHaveLength(2);
    }
  });

  test('Istio itself is pinned data in helm/mesh/helmfile.yaml, never downloaded', () => {
    const { folders } = synthesizeDefinition(app('mesh'));
    const helmfile = parse(folders.find((f) => f.name === 'helm/mesh')!.files.get('helmfile.yaml')!);
    expect(helmfile.releases.map((r: any) => `${r.chart}@${r.version}`)).toEqual(['istio/base@1.28.0', 'istio/cni@1.28.0', 'istio/istiod@1.28.0', 'istio/gateway@1.28.0']);
  });

  test('no removed or alpha Istio API versions', () => {
    const istio = out.filter((m) => m.apiVersion.includes('istio.io'));
    expect(istio.length).toBeGreaterThan(5);
    expect(istio.every((m) => /^(networking|security)\.istio\.io\/v1$/.test(m.apiVersion))).toBe(true);
  });
});

describe('nginx-sidecar: TLS in front of the app (A7)', () => {
  const out = synthYaml(app('nginx-sidecar'));
  const deployment = find(out, 'Deployment', 'myapp');
  const pod = deployment.spec.template.spec;
  const conf = parseNginxConfig(find(out, 'ConfigMap', 'nginx-configuration').data['nginx.conf']);

  test('the app on 5000 and an unprivileged NGINX beside it, both Pod Security restricted', () => {
    expect(pod.containers.map((c: any) => [c.name, c.image, c.ports.map((p: any) => p.containerPort)])).toEqual([
      ['myapp', HTTP_ECHO, [5000]],
      ['nginx', 'nginxinc/nginx-unprivileged:1.28.0-alpine', [8443]],
    ]);
    expect(restrictedViolations(pod)).toEqual([]);
  });

  test('NGINX terminates TLS 1.2+ with the certificate from nginx-certificates and proxies to 127.0.0.1:5000', () => {
    expect(directiveArgs(conf, 'http/server/listen')).toEqual(['8443', 'ssl']);
    expect(directiveArgs(conf, 'http/server/ssl_protocols')).toEqual(['TLSv1.2', 'TLSv1.3']);
    expect(directiveArgs(conf, 'http/server/location/proxy_pass')).toEqual(['http://127.0.0.1:5000/']);
    const volume = pod.volumes.find((v: any) => v.secret);
    expect(volume.secret.secretName).toBe('nginx-certificates');
    const cert = find(out, 'Certificate', 'myapp-server');
    expect(cert.spec.secretName).toBe('nginx-certificates');
    expect(cert.spec.dnsNames).toEqual(expect.arrayContaining(['mydomain.com', 'www.mydomain.com']));
    expect(cert.spec.ipAddresses).toEqual(['127.0.0.1']);
    expect(all(out, 'Secret')).toEqual([]);
  });

  test('the Service exposes 443 (named https) to the sidecar only, and only the VPC may connect', () => {
    expect(find(out, 'Service', 'myapp').spec).toMatchObject({ type: 'ClusterIP', ports: [{ name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' }] });
    expect(allowedIngress(out, { app: 'myapp' })).toEqual([{ from: [{ ipBlock: { cidr: PLATFORM.vpcCidr } }], ports: [{ port: 8443, protocol: 'TCP' }] }]);
  });
});

describe('envoy-sidecar: Envoy routing to two services (A8)', () => {
  const out = synthYaml(app('envoy-sidecar'));
  const envoy = parse(find(out, 'ConfigMap', 'envoy-config').data['envoy.yaml']);
  const routes = (listener: string) => envoy.static_resources.listeners.find((l: any) => l.name === listener)
    .filter_chains[0].filters[0].typed_config.route_config.virtual_hosts[0].routes.map((r: any) => [r.match.prefix, r.route.cluster]);

  test('HTTP on 8080 routes /service1 and /service2; HTTPS on 8443 routes /service/1 and /service/2', () => {
    expect(envoy.static_resources.listeners.map((l: any) => [l.name, l.address.socket_address.port_value, l.filter_chains[0].transport_socket !== undefined]))
      .toEqual([['ingress_http', 8080, false], ['ingress_https', 8443, true]]);
    expect(routes('ingress_http')).toEqual([['/service1', 'service1'], ['/service2', 'service2']]);
    expect(routes('ingress_https')).toEqual([['/service/1', 'service1'], ['/service/2', 'service2']]);
  });

  test('the clusters reach the real Services (service-1, service-2 on 80; the book\'s service1:5000 erratum fixed)', () => {
    const endpoints = envoy.static_resources.clusters.map((c: any) => [c.name, c.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address]);
    expect(endpoints).toEqual([['service1', { address: 'service-1', port_value: 80 }], ['service2', { address: 'service-2', port_value: 80 }]]);
    for (const name of ['service-1', 'service-2']) {
      expect(find(out, 'Service', name).spec.ports[0]).toMatchObject({ port: 80, targetPort: 5000 });
    }
  });

  test('the backends answer with the book\'s texts', () => {
    const args = (d: string) => find(out, 'Deployment', d).spec.template.spec.containers[0].args;
    expect(args('service-1')).toContain('-text=Service 1 Reached!');
    expect(args('service-2')).toContain('-text=Service 2 Reached!');
  });

  test('my-service runs the app and Envoy, restricted; it may call the two services, and they accept only it', () => {
    const pod = find(out, 'Deployment', 'my-service').spec.template.spec;
    expect(pod.containers.map((c: any) => c.name)).toEqual(['my-service', 'envoy']);
    expect(restrictedViolations(pod)).toEqual([]);
    const toSvc = (app: string) => ({ to: [{ podSelector: { matchLabels: { app } } }], ports: [{ port: 5000, protocol: 'TCP' }] });
    expect(allowedEgress(out, { app: 'my-service' })).toEqual(expect.arrayContaining([DNS_EGRESS, toSvc('service-1'), toSvc('service-2')]));
    for (const svc of ['service-1', 'service-2']) {
      expect(allowedIngress(out, { app: svc })).toEqual([{ from: [{ podSelector: { matchLabels: { app: 'my-service' } } }], ports: [{ port: 5000, protocol: 'TCP' }] }]);
    }
  });

  test('the listener key lives in a cert-manager Secret, never in the ConfigMap', () => {
    expect(JSON.stringify(envoy)).not.toMatch(/inline_string|PRIVATE KEY/);
    expect(find(out, 'Certificate', 'my-service-envoy').spec.secretName).toBe('my-service-envoy-tls');
  });
});
