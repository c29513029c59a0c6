import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { AppStack } from '../../../lib/core/app-stack';
import { EnvoyBootstrap, EnvoyCluster, EnvoyListener } from '../../../lib/mesh/envoy-config';
import { EnvoySidecar, EnvoySidecarProps } from '../../../lib/mesh/envoy-sidecar';
import { NginxTlsSidecar, NginxTlsSidecarProps } from '../../../lib/mesh/nginx-tls-sidecar';
import { AppDefinition } from '../../../lib/output/synth-apps';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { BadInput, describeBadInputs } from '../../helpers/bad-input';

// Mistakes in the Envoy and NGINX sidecars: what Envoy refuses when it starts (so the pod would crash-loop) and what
// nginx or the API server would refuse, each named by the prop the user wrote.

const GOOD: AppDefinition = {
  name: 'good', description: 'a TLS sidecar',
  build: (app) => new NginxTlsSidecar(new SecureNamespace(new AppStack(app, 'good'), 'shop'), 'proxy', { upstreamPort: 5000, certificateSecret: 'tls' }),
};

const ns = (s: Construct) => new SecureNamespace(s, 'shop');
const cluster: EnvoyCluster = { name: 'backend', endpoints: [{ address: 'backend', port: 80 }] };
const listener: EnvoyListener = { name: 'http', port: 8080, portName: 'envoy-http', routes: [{ prefix: '/', cluster: 'backend' }] };
const envoy = (s: Construct, config: Partial<EnvoyBootstrap>, props: Partial<EnvoySidecarProps> = {}) =>
  new EnvoySidecar(ns(s), 'envoy', { config: { listeners: [listener], clusters: [cluster], ...config }, ...props });
const withCluster = (s: Construct, c: Partial<EnvoyCluster>) => envoy(s, { clusters: [{ ...cluster, ...c }] });
const nginx = (s: Construct, props: Partial<NginxTlsSidecarProps>) => new NginxTlsSidecar(ns(s), 'proxy', { upstreamPort: 5000, certificateSecret: 'tls', ...props });
const inStack = (build: (stack: Construct) => void) => (app: App) => build(new AppStack(app, 'bad'));

const CASES: BadInput[] = ([
  // Envoy clusters, as Envoy checks them at startup.
  { title: 'a STATIC cluster with a host name', build: (s) => withCluster(s, { discovery: 'STATIC' }),
    where: '[bad/shop/envoy] config.clusters[0].endpoints[0].address: got "backend"', expected: 'an IP address, as a STATIC cluster does not resolve names' },
  { title: 'an EDS cluster without a config source', build: (s) => withCluster(s, { discovery: 'EDS' as any }),
    where: '[bad/shop/envoy] config.clusters[0].discovery: got "EDS"', expected: 'STRICT_DNS, LOGICAL_DNS or STATIC (EDS needs an eds_cluster_config config source' },
  { title: 'a LOGICAL_DNS cluster with two endpoints', build: (s) => withCluster(s, { discovery: 'LOGICAL_DNS', endpoints: [{ address: 'a', port: 80 }, { address: 'b', port: 80 }] }),
    where: '[bad/shop/envoy] config.clusters[0].endpoints: got [{"address":"a","port":80},{"address":"b","port":80}]', expected: 'exactly one endpoint for a LOGICAL_DNS cluster' },
  { title: 'a connect timeout in Go syntax', build: (s) => withCluster(s, { connectTimeout: '250ms' }),
    where: '[bad/shop/envoy] config.clusters[0].connectTimeout: got "250ms"', expected: 'seconds above 0 such as "0.25s"' },
  { title: 'a connect timeout of 0s', build: (s) => withCluster(s, { connectTimeout: '0s' }),
    where: '[bad/shop/envoy] config.clusters[0].connectTimeout: got "0s"', expected: 'seconds above 0' },
  { title: 'a load-balancing policy the model lacks', build: (s) => withCluster(s, { lbPolicy: 'MAGLEV' as any }),
    where: '[bad/shop/envoy] config.clusters[0].lbPolicy: got "MAGLEV"', expected: 'ROUND_ROBIN, LEAST_REQUEST or RANDOM' },
  { title: 'an endpoint written as a URL', build: (s) => withCluster(s, { endpoints: [{ address: 'http://backend', port: 80 }] }),
    where: '[bad/shop/envoy] config.clusters[0].endpoints[0].address: got "http://backend"', expected: 'a host name such as "backend"' },
  { title: 'two clusters with one name', build: (s) => envoy(s, { clusters: [cluster, cluster] }),
    where: '[bad/shop/envoy] config.clusters[1].name: got "backend"', expected: 'a cluster name that config.clusters[0] does not already use' },
  // Envoy listeners and routes.
  { title: 'two listeners with one name', build: (s) => envoy(s, { listeners: [listener, { ...listener, port: 8081, portName: 'envoy-http2' }] }),
    where: '[bad/shop/envoy] config.listeners[1].name: got "http"', expected: 'a name that config.listeners[0] does not already use' },
  { title: 'two listeners with one port name', build: (s) => envoy(s, { listeners: [listener, { ...listener, name: 'other', port: 8081 }] }),
    where: '[bad/shop/envoy] config.listeners[1].portName: got "envoy-http"', expected: 'a port name that config.listeners[0] does not already use' },
  { title: 'a route shadowed by "/" before it', build: (s) => envoy(s, { listeners: [{ ...listener, routes: [{ prefix: '/', cluster: 'backend' }, { prefix: '/api', cluster: 'backend' }] }] }),
    where: '[bad/shop/envoy] config.listeners[0].routes[1].prefix: got "/api"', expected: 'a prefix that routes[0] ("/") does not already match' },
  { title: 'a prefix rewrite with a space', build: (s) => envoy(s, { listeners: [{ ...listener, routes: [{ prefix: '/', cluster: 'backend', prefixRewrite: '/a b' }] }] }),
    where: '[bad/shop/envoy] config.listeners[0].routes[0].prefixRewrite: got "/a b"', expected: 'a path starting with "/", without spaces' },
  { title: 'an admin port Envoy cannot bind', build: (s) => envoy(s, { adminPort: 80 }),
    where: '[bad/shop/envoy] config.adminPort: got 80', expected: 'a port from 1025 to 65535' },
  { title: 'routes as one object', build: (s) => envoy(s, { listeners: [{ ...listener, routes: { prefix: '/', cluster: 'backend' } as any }] }),
    where: '[bad/shop/envoy] config.listeners[0].routes: got {"prefix":"/","cluster":"backend"}', expected: 'a non-empty list of routes' },
  // The Envoy sidecar's own props.
  { title: 'no config at all', build: (s) => new EnvoySidecar(ns(s), 'envoy', null as any),
    where: '[bad/shop/envoy] props: got null', expected: 'an object of props' },
  { title: 'an Envoy log level it does not have', build: (s) => envoy(s, {}, { logLevel: 'verbose' as any }),
    where: '[bad/shop/envoy] logLevel: got "verbose"', expected: 'trace, debug, info, warning or error' },
  { title: 'a TLS secret no listener uses', build: (s) => envoy(s, {}, { tlsSecret: 'envoy-tls' }),
    where: '[bad/shop/envoy] tlsSecret: got "envoy-tls"', expected: 'a tlsSecret only with a listener that has tls: true' },
  { title: 'half a byte of memory for Envoy', build: (s) => envoy(s, {}, { resources: { limits: { memory: '500m' } } }),
    where: '[bad/shop/envoy] resources.limits.memory: got "500m"', expected: 'an amount of bytes such as "4Gi"' },
  // The NGINX sidecar.
  { title: 'an upstream port as a string', build: (s) => nginx(s, { upstreamPort: '5000' as any }),
    where: '[bad/shop/proxy] upstreamPort: got "5000"', expected: 'an integer port number from 1 to 65535' },
  { title: 'nginx on port 443 without privileges', build: (s) => nginx(s, { listenPort: 443 }),
    where: '[bad/shop/proxy] listenPort: got 443', expected: 'a port from 1025 to 65535' },
  { title: 'nginx listening on the upstream port', build: (s) => nginx(s, { listenPort: 5000 }),
    where: '[bad/shop/proxy] listenPort: got 5000', expected: 'a port other than the upstream port 5000' },
  { title: 'TLS versions as one string', build: (s) => nginx(s, { protocols: 'TLSv1.3' as any }),
    where: '[bad/shop/proxy] protocols: got "TLSv1.3"', expected: 'a non-empty list of TLS versions' },
  { title: 'a TLS version twice', build: (s) => nginx(s, { protocols: ['TLSv1.3', 'TLSv1.3'] }),
    where: '[bad/shop/proxy] protocols[1]: got "TLSv1.3"', expected: 'a TLS version not already listed' },
  { title: 'a server name with a space', build: (s) => nginx(s, { serverName: 'shop example' }),
    where: '[bad/shop/proxy] serverName: got "shop example"', expected: 'a host name such as "localhost"' },
  { title: 'no certificate Secret', build: (s) => nginx(s, { certificateSecret: undefined }),
    where: '[bad/shop/proxy] certificateSecret: got undefined', expected: 'an object name' },
  { title: 'an unpinned nginx image', build: (s) => nginx(s, { image: 'nginx' }),
    where: '[bad/shop/proxy] image: got "nginx"', expected: 'an image reference pinned by tag or digest' },
  { title: 'no CPU for nginx', build: (s) => nginx(s, { resources: { requests: { cpu: '0' } } }),
    where: '[bad/shop/proxy] resources.requests.cpu: got "0"', expected: 'a CPU amount above 0' },
  { title: 'a request above the limit', build: (s) => nginx(s, { resources: { requests: { cpu: '1' }, limits: { cpu: '500m' } } }),
    where: '[bad/shop/proxy] resources.requests.cpu: got "1"', expected: 'a request no larger than the limit (500m)' },
  { title: 'nginx props as a string', build: (s) => new NginxTlsSidecar(ns(s), 'proxy', 'tls' as any),
    where: '[bad/shop/proxy] props: got "tls"', expected: 'an object of props' },
] as Array<Omit<BadInput, 'build'> & { build: (stack: Construct) => void }>).map((c) => ({ ...c, build: inStack(c.build) }));

describeBadInputs('bad sidecar input is rejected at synth time with a clear error and no output', GOOD, CASES);
