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
    where: '[bad/shop/reviews] split: got "v3"', expected: 'a version of reviews: v1, v2' },
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
  // DestinationRules, versions, mTLS, authorization.
  { title: 'a subset named with capitals', build: (s) => new DestinationRule(ns(s), 'dr', { host: 'reviews', subsets: [{ name: 'V1', labels: { version: 'v1' } }] }),
    where: '[bad/shop/dr] subset.name: got "V1"', expected: 'a DNS-1123 label' },
  { title: 'a version added twice', build: (s) => reviews(s).addVersion('v2', { image: 'ghcr.io/acme/reviews:2.0.1' }),
    where: '[bad/shop/reviews] addVersion: got "v2"', expected: 'a version not added before' },
  { title: 'an unpinned version image', build: (s) => new MeshService(ns(s), 'reviews').addVersion('v1', { image: 'ghcr.io/acme/reviews:latest' }),
    where: '[bad/shop/reviews/v1] image: got "ghcr.io/acme/reviews:latest"', expected: 'an image reference pinned by tag or digest' },
  { title: 'PERMISSIVE mTLS without a reason', build: (s) => new PeerAuthentication(ns(s), 'mtls', { mode: 'PERMISSIVE' }),
    where: '[bad/shop/mtls] reason: got undefined', expected: 'a reason why plain-text traffic is acceptable' },
  { title: 'an authorization principal without trust domain', build: (s) => new AuthorizationPolicy(ns(s), 'ap', { rules: [{ from: [{ principals: ['ns/shop/sa/web'] }] }] }),
    where: '[bad/shop/ap] rules[0].from[0].principals[0]: got "ns/shop/sa/web"', expected: 'a principal such as "cluster.local/ns/shop/sa/frontend"' },
  // Sidecars.
  { title: 'NGINX with TLS 1.0', build: (s) => new NginxTlsSidecar(ns(s), 'proxy', { upstreamPort: 5000, certificateSecret: 'tls', protocols: ['TLSv1' as any] }),
    where: '[bad/shop/proxy] config.protocols: got ["TLSv1"]', expected: 'TLSv1.2 and/or TLSv1.3 (older versions are broken)' },
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
    where: '[bad/shop/dr] trafficPolicy.tls: got {"mode":"SIMPLE"}', expected: 'a known prop; the props are loadBalancer, tlsMode' },
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
