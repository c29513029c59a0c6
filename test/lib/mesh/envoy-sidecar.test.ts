import { parse } from 'yaml';
import { EnvoyBootstrap } from '../../../lib/mesh/envoy-config';
import { EnvoySidecar } from '../../../lib/mesh/envoy-sidecar';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { WebService } from '../../../lib/workloads/web-service';
import { restrictedViolations } from '../../helpers/pod-security';
import { find, synth, synthError } from '../../helpers/synth';

const CONFIG: EnvoyBootstrap = {
  listeners: [
    { name: 'ingress_http', port: 8080, portName: 'envoy-http', routes: [{ prefix: '/orders', cluster: 'orders' }, { prefix: '/', cluster: 'catalog', prefixRewrite: '/v2/' }] },
    { name: 'ingress_https', port: 8443, portName: 'envoy-https', tls: true, routes: [{ prefix: '/', cluster: 'catalog' }] },
  ],
  clusters: [
    { name: 'orders', endpoints: [{ address: 'orders', port: 80 }] },
    { name: 'catalog', endpoints: [{ address: 'catalog.shop.svc.cluster.local', port: 8080 }], connectTimeout: '1s', lbPolicy: 'LEAST_REQUEST', http2: true },
  ],
};

describe('EnvoySidecar', () => {
  const out = synth((s) => {
    const ns = new SecureNamespace(s, 'shop');
    const envoy = new EnvoySidecar(ns, 'edge-envoy', { config: CONFIG, tlsSecret: 'edge-tls' });
    new WebService(ns, 'edge', { image: 'ghcr.io/acme/edge:1.0.0', containerPort: 5000, sidecars: [envoy.container], serviceTargetPort: 'envoy-http' });
  });
  const text: string = find(out, 'ConfigMap', 'edge-envoy').data['envoy.yaml'];
  const envoy = parse(text);
  const pod = find(out, 'Deployment', 'edge').spec.template.spec;
  const container = pod.containers.find((c: any) => c.name === 'envoy');
  const listener = (name: string) => envoy.static_resources.listeners.find((l: any) => l.name === name);
  const hcm = (name: string) => listener(name).filter_chains[0].filters[0];

  test('a v3 static bootstrap: each listener on its port with an HTTP connection manager', () => {
    expect(envoy.static_resources.listeners.map((l: any) => [l.name, l.address.socket_address])).toEqual([
      ['ingress_http', { address: '0.0.0.0', port_value: 8080 }],
      ['ingress_https', { address: '0.0.0.0', port_value: 8443 }],
    ]);
    expect(hcm('ingress_http').name).toBe('envoy.filters.network.http_connection_manager');
    expect(hcm('ingress_http').typed_config['@type']).toBe('type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager');
    expect(hcm('ingress_http').typed_config.http_filters.map((f: any) => f.name)).toEqual(['envoy.filters.http.router']);
    expect(text).not.toMatch(/\.v2\.|envoy\.router\b|envoy\.http_connection_manager\b/);
  });

  test('routes by prefix to the named clusters, in order', () => {
    const routes = hcm('ingress_http').typed_config.route_config.virtual_hosts[0].routes;
    expect(routes).toEqual([
      { match: { prefix: '/orders' }, route: { cluster: 'orders' } },
      { match: { prefix: '/' }, route: { cluster: 'catalog', prefix_rewrite: '/v2/' } },
    ]);
    const clusterNames = envoy.static_resources.clusters.map((c: any) => c.name);
    const routed = envoy.static_resources.listeners.flatMap((l: any) => l.filter_chains[0].filters[0].typed_config.route_config.virtual_hosts[0].routes.map((r: any) => r.route.cluster));
    expect(routed.every((c: string) => clusterNames.includes(c))).toBe(true);
  });

  test('clusters with endpoints, timeouts, balancing and HTTP/2 where asked', () => {
    const [orders, catalog] = envoy.static_resources.clusters;
    expect(orders).toEqual({
      name: 'orders', connect_timeout: '0.25s', type: 'STRICT_DNS', lb_policy: 'ROUND_ROBIN',
      load_assignment: { cluster_name: 'orders', endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: 'orders', port_value: 80 } } } }] }] },
    });
    expect([catalog.connect_timeout, catalog.lb_policy]).toEqual(['1s', 'LEAST_REQUEST']);
    expect(catalog.typed_extension_protocol_options['envoy.extensions.upstreams.http.v3.HttpProtocolOptions'].explicit_http_config).toEqual({ http2_protocol_options: {} });
  });

  test('TLS only on the TLS listener, TLS 1.2 or later, with the key from the mounted Secret', () => {
    expect(listener('ingress_http').filter_chains[0].transport_socket).toBeUndefined();
    const tls = listener('ingress_https').filter_chains[0].transport_socket.typed_config;
    expect(tls['@type']).toBe('type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext');
    expect(tls.common_tls_context.tls_params).toEqual({ tls_minimum_protocol_version: 'TLSv1_2' });
    expect(tls.common_tls_context.tls_certificates).toEqual([{ certificate_chain: { filename: '/etc/envoy-tls/tls.crt' }, private_key: { filename: '/etc/envoy-tls/tls.key' } }]);
    expect(text).not.toMatch(/BEGIN|PRIVATE KEY/);
    const tlsMount = container.volumeMounts.find((m: any) => m.mountPath === '/etc/envoy-tls');
    expect(pod.volumes.find((v: any) => v.name === tlsMount.name).secret.secretName).toBe('edge-tls');
  });

  test('the admin interface listens on localhost only', () => {
    expect(envoy.admin.address.socket_address).toEqual({ address: '127.0.0.1', port_value: 9901 });
  });

  test('the Envoy container reads the mounted config, exposes the listener ports and passes Pod Security restricted', () => {
    expect(container.image).toBe('envoyproxy/envoy:v1.34.1');
    expect(container.command).toEqual(['envoy']);
    expect(container.args.slice(0, 2)).toEqual(['-c', '/etc/envoy/envoy.yaml']);
    const configMount = container.volumeMounts.find((m: any) => m.mountPath === '/etc/envoy');
    expect(pod.volumes.find((v: any) => v.name === configMount.name).configMap.name).toBe('edge-envoy');
    expect(container.ports.map((p: any) => [p.name, p.containerPort])).toEqual([['envoy-http', 8080], ['envoy-https', 8443]]);
    expect(restrictedViolations(pod)).toEqual([]);
    expect(find(out, 'Service', 'edge').spec.ports[0]).toMatchObject({ name: 'envoy-http', targetPort: 8080 });
  });
});

describe('EnvoySidecar bad input', () => {
  const build = (config: EnvoyBootstrap, tlsSecret?: string) => synthError((s) => new EnvoySidecar(new SecureNamespace(s, 'shop'), 'envoy', { config, tlsSecret })).message;
  const listener = { name: 'http', port: 8080, portName: 'envoy-http', routes: [{ prefix: '/', cluster: 'backend' }] };
  const cluster = { name: 'backend', endpoints: [{ address: 'backend', port: 80 }] };

  test('a route to a cluster that does not exist', () => {
    expect(build({ listeners: [{ ...listener, routes: [{ prefix: '/', cluster: 'backnd' }] }], clusters: [cluster] }))
      .toContain('[test/shop/envoy] config.listeners[0].routes[0].cluster: got "backnd"; expected a cluster of this config: backend');
  });
  test('a TLS listener without a Secret for its key', () => {
    expect(build({ listeners: [{ ...listener, tls: true }], clusters: [cluster] }))
      .toContain('[test/shop/envoy] config.listeners[0].tls: got true; expected a tlsSecret on the sidecar for a TLS listener (keys never go into the ConfigMap)');
  });
  test('two listeners on one port, and the admin port taken', () => {
    const message = build({ adminPort: 8080, listeners: [listener, { ...listener, name: 'http2' }], clusters: [cluster] });
    expect(message).toContain('[test/shop/envoy] config.listeners[1].port: got 8080; expected a port that config.listeners[0] does not already use');
    expect(message).toContain('[test/shop/envoy] config.adminPort: got 8080; expected a port that no listener uses');
  });
  test('a route prefix without a leading slash, and duplicate cluster names', () => {
    const message = build({ listeners: [{ ...listener, routes: [{ prefix: 'api', cluster: 'backend' }] }], clusters: [cluster, cluster] });
    expect(message).toContain('config.listeners[0].routes[0].prefix: got "api"; expected a path prefix starting with "/"');
    expect(message).toContain('config.clusters[1].name: got "backend"; expected a cluster name that config.clusters[0] does not already use');
  });
});
