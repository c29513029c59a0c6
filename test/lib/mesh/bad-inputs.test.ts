import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { meshApps } from '../../../apps/mesh';
import { AppStack } from '../../../lib/core/app-stack';
import { AuthorizationPolicy } from '../../../lib/mesh/authorization-policy';
import { DestinationRule } from '../../../lib/mesh/destination-rule';
import { EnvoySidecar } from '../../../lib/mesh/envoy-sidecar';
import { IstioGateway, IstioGatewayProps } from '../../../lib/mesh/istio-gateway';
import { IstioInstall } from '../../../lib/mesh/istio-install';
import { MeshService } from '../../../lib/mesh/mesh-service';
import { NginxTlsSidecar } from '../../../lib/mesh/nginx-tls-sidecar';
import { PeerAuthentication } from '../../../lib/mesh/peer-authentication';
import { IstioSidecarInjection } from '../../../lib/mesh/sidecar-injection';
import { HttpRoute, VirtualService } from '../../../lib/mesh/virtual-service';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { BadInput, describeBadInputs, withUnknownProps } from '../../helpers/bad-input';

const ns = (s: Construct) => new SecureNamespace(s, 'shop');
const vs = (s: Construct, http: HttpRoute[], hosts = ['reviews']) => new VirtualService(ns(s), 'vs', { hosts, http });
const reviews = (s: Construct) => {
  const r = new MeshService(ns(s), 'reviews');
  r.addVersion('v1', { image: 'ghcr.io/acme/reviews:1.0.0' });
  r.addVersion('v2', { image: 'ghcr.io/acme/reviews:2.0.0' });
  return r;
};
const gateway = (s: Construct, server: Partial<IstioGatewayProps['servers'][0]>) => new IstioGateway(ns(s), 'gw', {
  servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['*'], ...server }],
});
const envoyCluster = { name: 'backend', endpoints: [{ address: 'backend', port: 80 }] };
const envoyListener = { name: 'http', port: 8080, portName: 'envoy-http', routes: [{ prefix: '/', cluster: 'backend' }] };
const inStack = (build: (stack: Construct) => void) => (app: App) => build(new AppStack(app, 'bad'));

const CASES: BadInput[] = ([
  // The four the issue names.
  { title: 'route weights that add up to 95', build: (s) => vs(s, [{ route: [{ host: 'reviews', subset: 'v1', weight: 90 }, { host: 'reviews', subset: 'v2', weight: 5 }] }]),
    where: '[bad/shop/vs] http[0].route: got "v1=90, v2=5"', expected: 'weights that add up to 100 (they add up to 95)' },
  { title: 'a split to an unknown subset', build: (s) => reviews(s).split({ v1: 90, v3: 10 }),
    where: '[bad/shop/reviews] split(weights): got "v3"', expected: 'a version of reviews: v1, v2' },
  { title: 'a mesh port name without a protocol prefix', build: (s) => new MeshService(ns(s), 'reviews', { portName: 'web' }),
    where: '[bad/shop/reviews] portName: got "web"', expected: 'a port name that starts with its protocol' },
  { title: 'duplicate route names', build: (s) => vs(s, [{ name: 'main', route: [{ host: 'reviews' }] }, { name: 'main', route: [{ host: 'reviews' }] }]),
    where: '[bad/shop/vs] http[1].name: got "main"', expected: 'a route name that no earlier route of this VirtualService uses' },
  // Gateways.
  { title: 'an HTTPS server without TLS settings', build: (s) => gateway(s, {}),
    where: '[bad/shop/gw] servers[0].tls: got undefined', expected: 'TLS settings for a HTTPS server' },
  { title: 'a TLS server without a credential', build: (s) => gateway(s, { tls: { mode: 'SIMPLE' } }),
    where: '[bad/shop/gw] servers[0].tls.credentialName: got undefined', expected: 'an object name' },
  { title: 'a gateway host with a path', build: (s) => gateway(s, { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['shop.example.com/app'] }),
    where: '[bad/shop/gw] servers[0].hosts[0]: got "shop.example.com/app"', expected: 'a host such as "*", "shop.example.com" or "namespace/host"' },
  { title: 'an unknown server protocol', build: (s) => gateway(s, { port: { number: 80, name: 'http', protocol: 'HTTP3' as any } }),
    where: '[bad/shop/gw] servers[0].port.protocol: got "HTTP3"', expected: 'HTTP, HTTPS, GRPC, HTTP2, MONGO, TCP or TLS' },
  // VirtualServices.
  { title: 'a wildcard destination', build: (s) => vs(s, [{ route: [{ host: '*' }] }]),
    where: '[bad/shop/vs] http[0].route[0].host: got "*"', expected: 'a Service or host name' },
  { title: 'a weight above 100', build: (s) => vs(s, [{ route: [{ host: 'reviews', weight: 120 }] }]),
    where: '[bad/shop/vs] http[0].route[0].weight: got 120', expected: 'an integer from 0 to 100' },
  { title: 'retries without a unit on the try timeout', build: (s) => vs(s, [{ route: [{ host: 'reviews' }], retries: { attempts: 3, perTryTimeout: '2' } }]),
    where: '[bad/shop/vs] http[0].retries.perTryTimeout: got "2"', expected: 'a duration such as "5s" or "250ms"' },
  { title: 'a gateway reference with two slashes', build: (s) => new VirtualService(ns(s), 'vs', { hosts: ['*'], gateways: ['a/b/c'], http: [{ route: [{ host: 'reviews' }] }] }),
    where: '[bad/shop/vs] gateways[0]: got "a/b/c"', expected: '"mesh" or a Gateway as "name" or "namespace/name"' },
  // Gateways as Istio's validation sees them (pkg/config/validation: validateServer, validateTLSOptions, ValidateGateway).
  { title: 'two gateway servers with one port name', build: (s) => new IstioGateway(ns(s), 'gw', { servers: [
    { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['a.example.com'] }, { port: { number: 8080, name: 'http', protocol: 'HTTP' }, hosts: ['b.example.com'] }] }),
  where: '[bad/shop/gw] servers[1].port.name: got "http"', expected: 'a port name that no other server of this Gateway uses (servers[0] has it)' },
  { title: 'one host twice on one gateway port', build: (s) => new IstioGateway(ns(s), 'gw', { servers: [
    { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['a.example.com'] }, { port: { number: 80, name: 'http-2', protocol: 'HTTP' }, hosts: ['shop/a.example.com'] }] }),
  where: '[bad/shop/gw] servers[1].hosts[0]: got "shop/a.example.com"', expected: 'a host that no other server on port 80 serves' },
  { title: 'two protocols on one gateway port', build: (s) => new IstioGateway(ns(s), 'gw', { servers: [
    { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['a.example.com'] }, { port: { number: 80, name: 'tcp', protocol: 'TCP' }, hosts: ['b.example.com'] }] }),
  where: '[bad/shop/gw] servers[1].port.protocol: got "TCP"', expected: 'HTTP like the other servers on port 80' },
  { title: 'gateway port 0', build: (s) => gateway(s, { port: { number: 0, name: 'http', protocol: 'HTTP' } }),
    where: '[bad/shop/gw] servers[0].port.number: got 0', expected: 'an integer port number from 1 to 65535' },
  { title: 'gateway port 70000', build: (s) => gateway(s, { port: { number: 70000, name: 'http', protocol: 'HTTP' } }),
    where: '[bad/shop/gw] servers[0].port.number: got 70000', expected: 'an integer port number from 1 to 65535' },
  { title: 'a TLS mode of another resource', build: (s) => gateway(s, { tls: { mode: 'STRICT' as any, credentialName: 'tls' } }),
    where: '[bad/shop/gw] servers[0].tls.mode: got "STRICT"', expected: 'SIMPLE, MUTUAL, OPTIONAL_MUTUAL, PASSTHROUGH, AUTO_PASSTHROUGH or ISTIO_MUTUAL' },
  { title: 'MUTUAL without the credential it needs', build: (s) => gateway(s, { tls: { mode: 'MUTUAL' } }),
    where: '[bad/shop/gw] servers[0].tls.credentialName: got undefined', expected: 'an object name' },
  { title: 'ISTIO_MUTUAL with a credential Istio refuses', build: (s) => gateway(s, { tls: { mode: 'ISTIO_MUTUAL', credentialName: 'tls' } }),
    where: '[bad/shop/gw] servers[0].tls.credentialName: got "tls"', expected: 'no credentialName with mode ISTIO_MUTUAL (it uses the mesh certificates)' },
  { title: 'PASSTHROUGH with a credential it ignores', build: (s) => gateway(s, { port: { number: 443, name: 'tls', protocol: 'TLS' }, tls: { mode: 'PASSTHROUGH', credentialName: 'tls' } }),
    where: '[bad/shop/gw] servers[0].tls.credentialName: got "tls"', expected: 'no credentialName with mode PASSTHROUGH (the backend terminates TLS)' },
  { title: 'TLS settings on a TCP server', build: (s) => gateway(s, { port: { number: 5432, name: 'tcp', protocol: 'TCP' }, tls: { mode: 'SIMPLE', credentialName: 'tls' } }),
    where: '[bad/shop/gw] servers[0].tls: got {"mode":"SIMPLE","credentialName":"tls"}', expected: 'no TLS settings on a TCP server (use protocol TLS for TLS over TCP)' },
  { title: 'a certificate on a plain HTTP server', build: (s) => gateway(s, { port: { number: 80, name: 'http', protocol: 'HTTP' }, tls: { mode: 'SIMPLE', credentialName: 'tls' } }),
    where: '[bad/shop/gw] servers[0].tls.mode: got "SIMPLE"', expected: 'no mode on a plain-text HTTP server' },
  { title: 'a gateway name with a dot', build: (s) => new IstioGateway(ns(s), 'gw', { name: 'public.gw', servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] }),
    where: '[bad/shop/gw] name: got "public.gw"', expected: 'a DNS-1123 label' },
  { title: 'gateway servers as one object', build: (s) => new IstioGateway(ns(s), 'gw', { servers: { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] } as any }),
    where: '[bad/shop/gw] servers: got {"port":{"number":80,"name":"http","protocol":"HTTP"},"hosts":["*"]}', expected: 'a non-empty list of servers' },
  // VirtualServices as Istio's validation sees them (validateHTTPRetry, ValidateDuration, ValidateVirtualService).
  { title: 'a retryOn condition Envoy does not have', build: (s) => vs(s, [{ route: [{ host: 'reviews' }], retries: { attempts: 3, retryOn: '5xx,retriable-5xx' } }]),
    where: '[bad/shop/vs] http[0].retries.retryOn: got "5xx,retriable-5xx"', expected: 'a comma-separated list without spaces of 5xx, gateway-error' },
  { title: 'retryOn with a space after the comma', build: (s) => vs(s, [{ route: [{ host: 'reviews' }], retries: { attempts: 3, retryOn: '5xx, reset' } }]),
    where: '[bad/shop/vs] http[0].retries.retryOn: got "5xx, reset"', expected: 'a comma-separated list without spaces' },
  { title: 'retryOn with a status code HTTP does not have', build: (s) => vs(s, [{ route: [{ host: 'reviews' }], retries: { attempts: 3, retryOn: '599' } }]),
    where: '[bad/shop/vs] http[0].retries.retryOn: got "599"', expected: 'a comma-separated list without spaces' },
  { title: 'retry conditions with retries disabled', build: (s) => vs(s, [{ route: [{ host: 'reviews' }], retries: { attempts: 0, retryOn: '5xx' } }]),
    where: '[bad/shop/vs] http[0].retries.attempts: got 0', expected: 'at least 1 attempt when perTryTimeout or retryOn is set' },
  { title: 'a timeout finer than a millisecond', build: (s) => vs(s, [{ route: [{ host: 'reviews' }], timeout: '1.0005s' }]),
    where: '[bad/shop/vs] http[0].timeout: got "1.0005s"', expected: 'a duration such as "5s" or "250ms"' },
  { title: 'a timeout below 1ms', build: (s) => vs(s, [{ route: [{ host: 'reviews' }], timeout: '500us' }]),
    where: '[bad/shop/vs] http[0].timeout: got "500us"', expected: 'a duration such as "5s" or "250ms" (Go syntax with units h, m, s, ms; at least 1ms' },
  { title: 'an ISO-8601 try timeout', build: (s) => vs(s, [{ route: [{ host: 'reviews' }], retries: { attempts: 2, perTryTimeout: 'PT2S' } }]),
    where: '[bad/shop/vs] http[0].retries.perTryTimeout: got "PT2S"', expected: 'a duration such as "5s" or "250ms"' },
  { title: 'weights of 60 and 50', build: (s) => vs(s, [{ route: [{ host: 'reviews', subset: 'v1', weight: 60 }, { host: 'reviews', subset: 'v2', weight: 50 }] }]),
    where: '[bad/shop/vs] http[0].route: got "v1=60, v2=50"', expected: 'weights that add up to 100 (they add up to 110)' },
  { title: 'the host "*" for sidecar traffic', build: (s) => vs(s, [{ route: [{ host: 'reviews' }] }], ['*']),
    where: '[bad/shop/vs] hosts[0]: got "*"', expected: 'a host other than "*" for sidecar (mesh) traffic' },
  { title: 'overlapping VirtualService hosts', build: (s) => vs(s, [{ route: [{ host: 'reviews' }] }], ['*.example.com', 'shop.example.com']),
    where: '[bad/shop/vs] hosts[1]: got "shop.example.com"', expected: 'a host that does not overlap hosts[0] ("*.example.com")' },
  { title: 'a route after a route that takes every request', build: (s) => vs(s, [{ route: [{ host: 'reviews' }] }, { name: 'api', match: [{ uri: { prefix: '/api' } }], route: [{ host: 'reviews' }] }]),
    where: '[bad/shop/vs] http[1]: got "api"', expected: 'a route before http[0], which has no match and so takes every request' },
  { title: 'an empty URI prefix', build: (s) => vs(s, [{ match: [{ uri: { prefix: '' } }], route: [{ host: 'reviews' }] }]),
    where: '[bad/shop/vs] http[0].match[0].uri.prefix: got ""', expected: 'a non-empty prefix' },
  { title: 'a regex with a lookahead RE2 lacks', build: (s) => vs(s, [{ match: [{ uri: { regex: '/api(?!/internal)' } }], route: [{ host: 'reviews' }] }]),
    where: '[bad/shop/vs] http[0].match[0].uri.regex: got "/api(?!/internal)"', expected: 'an RE2 regular expression' },
  // DestinationRules: port-level settings and client TLS (validatePortTrafficPolicies, validateTLS).
  { title: 'port-level settings on port 0', build: (s) => new DestinationRule(ns(s), 'dr', { host: 'reviews', trafficPolicy: { portLevelSettings: [{ port: 0, loadBalancer: 'RANDOM' }] } }),
    where: '[bad/shop/dr] trafficPolicy.portLevelSettings[0].port: got 0', expected: 'an integer port number from 1 to 65535' },
  { title: 'port-level settings on port 65536', build: (s) => new DestinationRule(ns(s), 'dr', { host: 'reviews', trafficPolicy: { portLevelSettings: [{ port: 65536, tlsMode: 'DISABLE' }] } }),
    where: '[bad/shop/dr] trafficPolicy.portLevelSettings[0].port: got 65536', expected: 'an integer port number from 1 to 65535' },
  { title: 'one port set twice', build: (s) => new DestinationRule(ns(s), 'dr', { host: 'reviews', trafficPolicy: { portLevelSettings: [{ port: 80, loadBalancer: 'RANDOM' }, { port: 80, tlsMode: 'DISABLE' }] } }),
    where: '[bad/shop/dr] trafficPolicy.portLevelSettings[1].port: got 80', expected: 'a port that portLevelSettings[0] does not already set' },
  { title: 'empty port-level settings', build: (s) => new DestinationRule(ns(s), 'dr', { host: 'reviews', trafficPolicy: { portLevelSettings: [{ port: 80 }] } }),
    where: '[bad/shop/dr] trafficPolicy.portLevelSettings[0]: got {"port":80}', expected: 'a tlsMode or loadBalancer for the port' },
  { title: 'client MUTUAL TLS without a certificate', build: (s) => new DestinationRule(ns(s), 'dr', { host: 'db.example.com', trafficPolicy: { tlsMode: 'MUTUAL' } }),
    where: '[bad/shop/dr] trafficPolicy.credentialName: got undefined', expected: 'an object name' },
  { title: 'a PeerAuthentication mode in a DestinationRule', build: (s) => new DestinationRule(ns(s), 'dr', { host: 'reviews', trafficPolicy: { tlsMode: 'STRICT' as any } }),
    where: '[bad/shop/dr] trafficPolicy.tlsMode: got "STRICT"', expected: 'DISABLE, SIMPLE, MUTUAL or ISTIO_MUTUAL' },
  { title: 'addSubset(null)', build: (s) => new DestinationRule(ns(s), 'dr', { host: 'reviews', trafficPolicy: { tlsMode: 'ISTIO_MUTUAL' } }).addSubset(null as any),
    where: '[bad/shop/dr] addSubset(subset): got null', expected: 'a subset: { name, labels, trafficPolicy? }' },
  // DestinationRules, versions, mTLS, authorization.
  { title: 'a subset named with capitals', build: (s) => new DestinationRule(ns(s), 'dr', { host: 'reviews', subsets: [{ name: 'V1', labels: { version: 'v1' } }] }),
    where: '[bad/shop/dr] subsets[0].name: got "V1"', expected: 'a DNS-1123 label' },
  { title: 'a version added twice', build: (s) => reviews(s).addVersion('v2', { image: 'ghcr.io/acme/reviews:2.0.1' }),
    where: '[bad/shop/reviews] addVersion(version): got "v2"', expected: 'a version not added before' },
  { title: 'an unpinned version image', build: (s) => new MeshService(ns(s), 'reviews').addVersion('v1', { image: 'ghcr.io/acme/reviews:latest' }),
    where: '[bad/shop/reviews/v1] image: got "ghcr.io/acme/reviews:latest"', expected: 'an image reference pinned by tag or digest' },
  { title: 'PERMISSIVE mTLS without a reason', build: (s) => new PeerAuthentication(ns(s), 'mtls', { mode: 'PERMISSIVE' }),
    where: '[bad/shop/mtls] reason: got undefined', expected: 'a reason why plain-text traffic is acceptable' },
  { title: 'an authorization principal without trust domain', build: (s) => new AuthorizationPolicy(ns(s), 'ap', { rules: [{ from: [{ principals: ['ns/shop/sa/web'] }] }] }),
    where: '[bad/shop/ap] rules[0].from[0].principals[0]: got "ns/shop/sa/web"', expected: 'a principal such as "cluster.local/ns/shop/sa/frontend"' },
  // Sidecars.
  { title: 'NGINX with TLS 1.0', build: (s) => new NginxTlsSidecar(ns(s), 'proxy', { upstreamPort: 5000, certificateSecret: 'tls', protocols: ['TLSv1' as any] }),
    where: '[bad/shop/proxy] protocols[0]: got "TLSv1"', expected: 'TLSv1.2 or TLSv1.3 (older versions are broken)' },
  { title: 'an Envoy route to a missing cluster', build: (s) => new EnvoySidecar(ns(s), 'envoy', { config: { listeners: [{ ...envoyListener, routes: [{ prefix: '/', cluster: 'orders' }] }], clusters: [envoyCluster] } }),
    where: '[bad/shop/envoy] config.listeners[0].routes[0].cluster: got "orders"', expected: 'a cluster of this config: backend' },
  { title: 'an Envoy listener on a privileged port', build: (s) => new EnvoySidecar(ns(s), 'envoy', { config: { listeners: [{ ...envoyListener, port: 80 }], clusters: [envoyCluster] } }),
    where: '[bad/shop/envoy] config.listeners[0].port: got 80', expected: 'a port from 1025 to 65535' },
  // Unknown props (a typo, or a field of another construct) are refused, never silently dropped.
  { title: 'an AuthorizationPolicy with a misspelt prop', build: (s) => new AuthorizationPolicy(ns(s), 'ap', withUnknownProps({ rules: [] }, { workloadLabel: { app: 'web' } })),
    where: '[bad/shop/ap] workloadLabel: got {"app":"web"}',
    expected: 'a known prop (did you mean "workloadLabels"?); the props are action, name, namespace, rules, workloadLabels' },
  { title: 'an AuthorizationPolicy rule with "form" for "from"', build: (s) => new AuthorizationPolicy(ns(s), 'ap', { rules: [withUnknownProps({}, { form: [] })] }),
    where: '[bad/shop/ap] rules[0].form: got []', expected: 'a known prop (did you mean "from"?); the props are from, to' },
  { title: 'a DestinationRule with "subset" for "subsets"', build: (s) => new DestinationRule(ns(s), 'dr', withUnknownProps({ host: 'reviews', trafficPolicy: { tlsMode: 'ISTIO_MUTUAL' } }, { subset: [] })),
    where: '[bad/shop/dr] subset: got []', expected: 'a known prop (did you mean "subsets"?)' },
  { title: 'a traffic policy with the Istio field "tls"', build: (s) => new DestinationRule(ns(s), 'dr', { host: 'reviews', trafficPolicy: withUnknownProps({}, { tls: { mode: 'SIMPLE' } }) }),
    where: '[bad/shop/dr] trafficPolicy.tls: got {"mode":"SIMPLE"}', expected: 'a known prop; the props are credentialName, loadBalancer, portLevelSettings, tlsMode' },
  { title: 'an EnvoySidecar with a misspelt prop', build: (s) => new EnvoySidecar(ns(s), 'envoy', withUnknownProps({ config: { listeners: [envoyListener], clusters: [envoyCluster] } }, { tlsSecrets: 'tls' })),
    where: '[bad/shop/envoy] tlsSecrets: got "tls"', expected: 'a known prop (did you mean "tlsSecret"?)' },
  { title: 'an IstioGateway with a misspelt prop', build: (s) => new IstioGateway(ns(s), 'gw', withUnknownProps({ servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' as const }, hosts: ['*'] }] }, { selectors: { istio: 'ingressgateway' } })),
    where: '[bad/shop/gw] selectors: got {"istio":"ingressgateway"}', expected: 'a known prop (did you mean "selector"?)' },
  { title: 'a gateway server with "host" beside "hosts"', build: (s) => gateway(s, withUnknownProps({ port: { number: 80, name: 'http', protocol: 'HTTP' as const } }, { host: 'shop.example.com' })),
    where: '[bad/shop/gw] servers[0].host: got "shop.example.com"', expected: 'a known prop (did you mean "port" or "hosts"?); the props are hosts, port, tls' },
  { title: 'an IstioInstall with a misspelt prop', build: (s) => new IstioInstall(s, 'istio', withUnknownProps({}, { replica: 3 })),
    where: '[bad/istio] replica: got 3', expected: 'a known prop (did you mean "replicas"?)' },
  { title: 'an NginxTlsSidecar prop in the wrong case', build: (s) => new NginxTlsSidecar(ns(s), 'proxy', withUnknownProps({ upstreamPort: 5000, certificateSecret: 'tls' }, { listenport: 9443 })),
    where: '[bad/shop/proxy] listenport: got 9443', expected: 'a known prop (did you mean "listenPort"?)' },
  { title: 'a PeerAuthentication with a misspelt prop', build: (s) => new PeerAuthentication(ns(s), 'mtls', withUnknownProps({ mode: 'PERMISSIVE' as const, reason: 'migration' }, { reasons: 'x' })),
    where: '[bad/shop/mtls] reasons: got "x"', expected: 'a known prop (did you mean "reason"?)' },
  { title: 'sidecar injection with a misspelt prop', build: (s) => new IstioSidecarInjection(ns(s), 'inject', withUnknownProps({}, { revison: 'canary' })),
    where: '[bad/shop/inject] revison: got "canary"', expected: 'a known prop (did you mean "revision"?); the props are istiodNamespace, revision' },
  { title: 'a VirtualService with "gateway" for "gateways"', build: (s) => new VirtualService(ns(s), 'vs', withUnknownProps({ hosts: ['reviews'], http: [{ route: [{ host: 'reviews' }] }] }, { gateway: ['mesh'] })),
    where: '[bad/shop/vs] gateway: got ["mesh"]', expected: 'a known prop (did you mean "gateways"?)' },
  { title: 'retries with a misspelt try timeout', build: (s) => vs(s, [{ route: [{ host: 'reviews' }], retries: withUnknownProps({ attempts: 3 }, { perTryTimout: '2s' }) }]),
    where: '[bad/shop/vs] http[0].retries.perTryTimout: got "2s"', expected: 'a known prop (did you mean "perTryTimeout"?)' },
] as Array<Omit<BadInput, 'build'> & { build: (stack: Construct) => void }>).map((c) => ({ ...c, build: inStack(c.build) }));

describeBadInputs('bad mesh input is rejected at synth time with a clear error and no output', meshApps[0], CASES);
