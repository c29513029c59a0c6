import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { AppStack } from '../../../lib/core/app-stack';
import { Gateway, GatewayListener, GatewayProps } from '../../../lib/networking/gateway';
import { GatewayClass, GatewayClassProps } from '../../../lib/networking/gateway-class';
import { GatewayController, GatewayControllerProps } from '../../../lib/networking/gateway-controller';
import { GatewayHttpRoute, GatewayHttpRouteProps, RouteRule } from '../../../lib/networking/http-route';
import { ListenerTls } from '../../../lib/networking/listener-tls';
import { ReferenceGrant, ReferenceGrantProps } from '../../../lib/networking/reference-grant';
import { AppDefinition } from '../../../lib/output/synth-apps';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { WebService, WebServiceProps } from '../../../lib/workloads/web-service';
import { BadInput, describeBadInputs } from '../../helpers/bad-input';

// Bad values are passed as they would come from JavaScript: the casts let the tables hold what TypeScript refuses.
const IMAGE = 'ghcr.io/acme/web:1.0.0';
const HTTPS: GatewayListener = { name: 'https', protocol: 'HTTPS', hostname: 'shop.example.com', tls: ListenerTls.fromCertManager({ clusterIssuer: 'letsencrypt' }) };
const HTTP: GatewayListener = { name: 'http', protocol: 'HTTP', redirectToHttps: true };
const edge = (s: Construct) => new SecureNamespace(s, 'edge');
const publicGateway = (scope: Construct, listeners: GatewayListener[] = [HTTP, HTTPS]) =>
  new Gateway(scope, 'public', { controller: GatewayController.ISTIO, listeners });
const gateway = (s: Construct, p: Partial<GatewayProps> | object) =>
  new Gateway(edge(s), 'public', { controller: GatewayController.ISTIO, listeners: [HTTPS], ...p } as GatewayProps);
const listener = (s: Construct, l: Partial<GatewayListener> | object, others: GatewayListener[] = []) =>
  gateway(s, { listeners: [{ ...HTTPS, ...l }, ...others] });
const route = (s: Construct, p: Partial<GatewayHttpRouteProps> | object, listeners?: GatewayListener[]) => {
  const ns = edge(s);
  return new GatewayHttpRoute(ns, 'web', {
    parents: [publicGateway(ns, listeners)], rules: [{ backends: [{ serviceName: 'web', port: 80 }] }], ...p,
  } as GatewayHttpRouteProps);
};
const rule = (s: Construct, r: Partial<RouteRule> | object) => route(s, { rules: [{ backends: [{ serviceName: 'web', port: 80 }], ...r }] });
const match = (s: Construct, m: object) => rule(s, { matches: [m] });
const matches = (n: number) => Array.from({ length: n }, (_, i) => ({ path: `/p${i}` }));
const shared = () => Gateway.existing('shared', { namespace: 'platform', controller: GatewayController.ISTIO });
const grant = (s: Construct, p: Partial<ReferenceGrantProps> | object) =>
  new ReferenceGrant(new SecureNamespace(s, 'shop'), 'grant', { from: [{ kind: 'HTTPRoute', namespace: 'edge' }], to: [{ kind: 'Service', name: 'web' }], ...p } as ReferenceGrantProps);
const web = (s: Construct, p: Partial<WebServiceProps> | object, listeners?: GatewayListener[]) => {
  const gw = publicGateway(edge(s), listeners);
  return new WebService(new SecureNamespace(s, 'shop'), 'web', { image: IMAGE, route: { gateway: gw }, ...p } as WebServiceProps);
};

/** Builds a case inside the AppStack "bad", as an app would. */
const inStack = (c: Omit<BadInput, 'build'> & { build: (stack: Construct) => void }): BadInput => ({ ...c, build: (app: App) => c.build(new AppStack(app, 'bad')) });

const G = '[bad/edge/public]';
const R = '[bad/edge/web]';

const GATEWAY_CASES: BadInput[] = ([
  { title: 'no listeners', build: (s) => gateway(s, { listeners: [] }), where: `${G} listeners: got []`, expected: 'at least one listener, e.g. { name: "https", protocol: "HTTPS"' },
  { title: 'listeners left out (JavaScript)', build: (s) => gateway(s, { listeners: undefined }), where: `${G} listeners: got undefined`, expected: 'at least one listener' },
  { title: 'a listener that is not an object', build: (s) => gateway(s, { listeners: ['https'] }), where: `${G} listeners[0]: got "https"`, expected: 'a listener: { name, protocol, port?, hostname?, tls? }' },
  { title: 'a misspelt listener prop', build: (s) => listener(s, { hostName: 'shop.example.com' }), where: `${G} listeners[0].hostName: got "shop.example.com"`, expected: 'a known prop (did you mean "hostname"?)' },
  { title: 'two listeners of one name', build: (s) => listener(s, {}, [{ ...HTTPS, hostname: 'blog.example.com' }]),
    where: `${G} listeners[1].name: got "https"`, expected: 'a listener name that is not already used in listeners' },
  { title: 'listener name with capitals', build: (s) => listener(s, { name: 'HTTPS' }), where: `${G} listeners[0].name: got "HTTPS"`, expected: 'a DNS subdomain' },
  { title: 'port 0', build: (s) => listener(s, { port: 0 }), where: `${G} listeners[0].port: got 0`, expected: 'an integer port number from 1 to 65535' },
  { title: 'port 70000', build: (s) => listener(s, { port: 70000 }), where: `${G} listeners[0].port: got 70000`, expected: 'an integer port number from 1 to 65535' },
  { title: 'protocol TCP', build: (s) => listener(s, { protocol: 'TCP' }), where: `${G} listeners[0].protocol: got "TCP"`, expected: '"HTTP", "HTTPS" or "TLS"' },
  { title: 'an IP address as hostname', build: (s) => listener(s, { hostname: '10.0.0.1' }), where: `${G} listeners[0].hostname: got "10.0.0.1"`, expected: 'a DNS host name such as "counter.com" or "*.example.com"' },
  { title: 'a wildcard that is not the first label', build: (s) => listener(s, { hostname: 'shop.*.example.com' }), where: `${G} listeners[0].hostname: got "shop.*.example.com"`, expected: 'a DNS host name' },
  { title: 'HTTPS without a certificate', build: (s) => listener(s, { tls: undefined }), where: `${G} listeners[0].tls: got undefined`,
    expected: 'a certificate for the HTTPS listener: ListenerTls.fromSecret("name"), ListenerTls.fromCertificate(cert) or ListenerTls.fromCertManager({ clusterIssuer })' },
  { title: 'a Secret name as tls (JavaScript)', build: (s) => listener(s, { tls: 'shop-tls' }), where: `${G} listeners[0].tls: got "shop-tls"`, expected: 'a certificate for the HTTPS listener' },
  { title: 'tls on an HTTP listener', build: (s) => listener(s, { protocol: 'HTTP', plainHttp: { reason: 'lab' } }), where: `${G} listeners[0].tls: got "ListenerTls"`, expected: 'no tls on an HTTP listener (use protocol "HTTPS" to terminate TLS)' },
  { title: 'passthrough on HTTPS', build: (s) => listener(s, { tls: ListenerTls.passthrough() }), where: `${G} listeners[0].tls: got "ListenerTls.passthrough()"`,
    expected: 'a certificate: an HTTPS listener terminates TLS (ListenerTls.passthrough() is for TLS listeners)' },
  { title: 'cert-manager without hostname', build: (s) => listener(s, { hostname: undefined }), where: `${G} listeners[0].hostname: got undefined`,
    expected: 'a hostname: cert-manager issues a listener\'s certificate for its hostname (or use ListenerTls.fromSecret)' },
  { title: 'cert-manager with both issuers', build: (s) => listener(s, { tls: ListenerTls.fromCertManager({ clusterIssuer: 'a', issuer: 'b' }) }),
    where: `${G} listeners[0].tls.clusterIssuer: got "a"`, expected: 'exactly one of clusterIssuer or issuer' },
  { title: 'cert-manager options null (JavaScript)', build: (s) => listener(s, { tls: ListenerTls.fromCertManager(null as any) }),
    where: `${G} listeners[0].tls: got null`, expected: 'cert-manager options: { clusterIssuer } or { issuer }' },
  { title: 'two issuers on one Gateway', build: (s) => listener(s, {}, [{ ...HTTPS, name: 'blog', hostname: 'blog.example.com', tls: ListenerTls.fromCertManager({ issuer: 'blog-ca' }) }]),
    where: `${G} listeners[1].tls: got "blog-ca"`, expected: 'the issuer of listener "https" (ClusterIssuer "letsencrypt"): cert-manager reads one issuer annotation per Gateway' },
  { title: 'a Secret name with an underscore', build: (s) => listener(s, { tls: ListenerTls.fromSecret('shop_tls') }), where: `${G} listeners[0].tls.secretName: got "shop_tls"`, expected: 'an object name' },
  { title: 'a certificate that is not a TlsCertificate', build: (s) => listener(s, { tls: ListenerTls.fromCertificate({ name: 'x' } as any) }),
    where: `${G} listeners[0].tls: got "ListenerTls.fromCertificate(...)"`, expected: 'a TlsCertificate construct' },
  { title: 'the same port, protocol and hostname twice', build: (s) => listener(s, {}, [{ ...HTTPS, name: 'again', tls: ListenerTls.fromSecret('x') }]),
    where: `${G} listeners[1]: got "HTTPS 443 shop.example.com"`, expected: 'a port, protocol and hostname combination that no other listener has (listener "https" has it)' },
  { title: 'HTTP and HTTPS on one port', build: (s) => listener(s, {}, [{ name: 'http', protocol: 'HTTP', port: 443, plainHttp: { reason: 'lab' } }]),
    where: `${G} listeners[0].port: got 443`, expected: 'a port that no HTTP listener uses (listener "http" does; controllers refuse the conflict)' },
  { title: 'an HTTP listener without redirect or reason', build: (s) => gateway(s, { listeners: [{ name: 'http', protocol: 'HTTP' }, HTTPS] }),
    where: `${G} listeners[0]: got "http"`, expected: 'an HTTP listener that redirects to HTTPS (redirectToHttps: true, or a route on it that redirects to scheme "https"), or plainHttp: { reason } to serve plain HTTP' },
  { title: 'plainHttp with an empty reason', build: (s) => gateway(s, { listeners: [{ name: 'http', protocol: 'HTTP', plainHttp: { reason: ' ' } }] }),
    where: `${G} listeners[0].plainHttp.reason: got " "`, expected: 'a reason why this listener serves plain HTTP instead of redirecting to HTTPS, given as { reason: "..." }' },
  { title: 'plainHttp on HTTPS', build: (s) => listener(s, { plainHttp: { reason: 'x' } }), where: `${G} listeners[0].plainHttp: got {"reason":"x"}`, expected: 'no plainHttp on an HTTPS or TLS listener' },
  { title: 'redirectToHttps without an HTTPS listener', build: (s) => gateway(s, { listeners: [{ name: 'http', protocol: 'HTTP', redirectToHttps: true }] }),
    where: `${G} listeners[0].redirectToHttps: got true`, expected: 'an HTTPS listener on this Gateway to redirect to' },
  { title: 'redirectToHttps and plainHttp', build: (s) => gateway(s, { listeners: [{ name: 'http', protocol: 'HTTP', redirectToHttps: true, plainHttp: { reason: 'x' } }, HTTPS] }),
    where: `${G} listeners[0].plainHttp: got {"reason":"x"}`, expected: 'either redirectToHttps or plainHttp, not both' },
  { title: 'allowedRoutes "Some"', build: (s) => listener(s, { allowedRoutes: 'Some' }), where: `${G} listeners[0].allowedRoutes: got "Some"`,
    expected: '"Same", "All", or a non-empty list of namespace names such as ["shop"]' },
  { title: 'allowedRoutes with a capitalised namespace', build: (s) => listener(s, { allowedRoutes: ['Shop'] }), where: `${G} listeners[0].allowedRoutes[0]: got "Shop"`, expected: 'a DNS-1123 label' },
  { title: 'no controller', build: (s) => gateway(s, { controller: undefined }), where: `${G} controller: got undefined`, expected: 'a GatewayController, e.g. GatewayController.ENVOY_GATEWAY' },
  { title: 'a class name as controller', build: (s) => gateway(s, { controller: 'istio' }), where: `${G} controller: got "istio"`, expected: 'a GatewayController' },
  { title: 'an annotation key with spaces', build: (s) => gateway(s, { annotations: { 'a b': 'x' } }), where: `${G} annotations key: got "a b"`, expected: 'an annotation key' },
  { title: 'a controller whose pods no label selects', build: () => GatewayController.of({ className: 'x', controllerName: 'example.com/x' }),
    where: '[GatewayController] podLabels: got undefined', expected: 'at least one label of the data-plane pods, or a gatewayNameLabel (a NetworkPolicy must not admit every pod of the namespace)' },
  { title: 'a controller name without a path', build: () => GatewayController.of({ className: 'x', controllerName: 'istio', gatewayNameLabel: 'gw' }),
    where: '[GatewayController] controllerName: got "istio"', expected: 'a controller name "<domain>/<path>", e.g. "example.com/gateway-controller"' },
  { title: 'a misspelt controller prop', build: () => GatewayController.of({ className: 'x', controllerName: 'example.com/x', podLabel: { a: 'b' } } as unknown as GatewayControllerProps),
    where: '[GatewayController] podLabel: got {"a":"b"}', expected: 'a known prop (did you mean "podLabels"?)' },
  { title: 'another class name that is no name', build: () => GatewayController.ISTIO.withClassName('Internal Class'),
    where: '[GatewayController] withClassName(className): got "Internal Class"', expected: 'an object name' },
  { title: 'a GatewayClass with a name of its own', build: (s) => new GatewayClass(s, 'eg', { controller: GatewayController.ENVOY_GATEWAY, name: 'envoy' } as GatewayClassProps),
    where: '[bad/eg] name: got "envoy"', expected: 'no name: the class is named after controller.className (use controller.withClassName("...") for another name)' },
  { title: 'a GatewayClass description over 64 characters', build: (s) => new GatewayClass(s, 'eg', { controller: GatewayController.ENVOY_GATEWAY, description: 'x'.repeat(65) }),
    where: `[bad/eg] description: got "${'x'.repeat(65)}"`, expected: 'a description of at most 64 characters' },
] as Array<Omit<BadInput, 'build'> & { build: (stack: Construct) => void }>).map(inStack);

const ROUTE_CASES: BadInput[] = ([
  { title: 'no parents', build: (s) => route(s, { parents: [] }), where: `${R} parents: got []`, expected: 'at least one Gateway, e.g. [gateway] or [{ gateway, listener: "https" }]' },
  { title: 'a Gateway name as parent', build: (s) => route(s, { parents: ['public'] }), where: `${R} parents[0]: got "public"`, expected: 'a Gateway of this app, or Gateway.existing("name", { namespace, controller })' },
  { title: 'a listener the Gateway does not have', build: (s) => route(s, { parents: [{ gateway: publicGateway(new SecureNamespace(s, 'other')), listener: 'web' }] }),
    where: `${R} parents[0].listener: got "web"`, expected: 'a listener of Gateway "public" that takes HTTPRoutes (protocol HTTP or HTTPS): http, https' },
  { title: 'a TLS listener', build: (s) => {
    const ns = edge(s);
    const gw = publicGateway(ns, [HTTPS, { name: 'db', protocol: 'TLS', port: 5432, tls: ListenerTls.passthrough() }]);
    new GatewayHttpRoute(ns, 'web', { parents: [{ gateway: gw, listener: 'db' }], rules: [{ backends: [{ serviceName: 'web', port: 80 }] }] });
  }, where: `${R} parents[0].listener: got "db"`, expected: 'a listener of Gateway "public" that takes HTTPRoutes (protocol HTTP or HTTPS): https' },
  { title: 'a host name the named listener does not serve', build: (s) => {
    const ns = edge(s);
    new GatewayHttpRoute(ns, 'web', { parents: [{ gateway: publicGateway(ns), listener: 'https' }], hostnames: ['blog.example.com'], rules: [{ backends: [{ serviceName: 'web', port: 80 }] }] });
  }, where: `${R} hostnames: got ["blog.example.com"]`, expected: 'a host name that matches listener "https" of Gateway "public" (shop.example.com)' },
  { title: 'a host name no HTTPS listener serves', build: (s) => route(s, { hostnames: ['blog.example.com'] }),
    where: `${R} parents[0]: got "public"`, expected: 'a Gateway with an HTTPS listener that matches the route\'s host names ["blog.example.com"] and admits namespace "edge": https (shop.example.com, allowedRoutes "auto")' },
  { title: 'a listener that does not admit the route\'s namespace', build: (s) => {
    const gw = publicGateway(edge(s), [HTTP, { ...HTTPS, allowedRoutes: ['blog'] }]);
    new GatewayHttpRoute(new SecureNamespace(s, 'shop'), 'web', { parents: [{ gateway: gw, listener: 'https' }], rules: [{ backends: [{ serviceName: 'web', port: 80 }] }] });
  }, where: '[bad/shop/web] parents[0].listener: got "https"', expected: 'a listener that admits routes from namespace "shop" (its allowedRoutes is ["blog"]; add "shop")' },
  { title: 'a Gateway without a listener that takes the route', build: (s) => route(s, {}, [{ name: 'db', protocol: 'TLS', port: 5432, tls: ListenerTls.passthrough() }]),
    where: `${R} parents[0]: got "public"`, expected: 'a Gateway with an HTTPS listener (or an HTTP listener with plainHttp), or name the listener: { gateway, listener: "..." }; "public" has db (TLS)' },
  { title: 'the same Gateway and listener twice', build: (s) => route(s, { parents: [{ gateway: shared(), listener: 'https' }, { gateway: shared(), listener: 'https' }] }),
    where: `${R} parents: got "platform/shared listener https"`, expected: 'each Gateway and listener named once' },
  { title: 'the same Gateway twice without listener', build: (s) => route(s, { parents: [shared(), { gateway: shared(), listener: 'https' }] }),
    where: `${R} parents[0]: got "platform/shared"`, expected: 'a listener for every reference to a Gateway that the route names more than once' },
  { title: 'an IP address as host name', build: (s) => route(s, { hostnames: ['10.0.0.1'] }), where: `${R} hostnames[0]: got "10.0.0.1"`, expected: 'a DNS host name' },
  { title: '17 host names', build: (s) => route(s, { hostnames: Array.from({ length: 17 }, (_, i) => `h${i}.example.com`) }),
    where: `${R} hostnames: got "17 host names"`, expected: '1 to 16 host names such as ["shop.example.com"]' },
  { title: 'no rules', build: (s) => route(s, { rules: [] }), where: `${R} rules: got []`, expected: '1 to 16 rules, e.g. [{ backends: [{ service: web }] }]' },
  { title: '17 rules', build: (s) => route(s, { rules: Array.from({ length: 17 }, () => ({ backends: [{ serviceName: 'web', port: 80 }] })) }),
    where: `${R} rules: got "17 rules"`, expected: '1 to 16 rules' },
  { title: '65 matches in a rule', build: (s) => rule(s, { matches: matches(65) }), where: `${R} rules[0].matches: got "65 matches"`, expected: '1 to 64 matches (leave matches out to match every request)' },
  { title: '130 matches in all', build: (s) => route(s, { rules: [64, 64, 2].map((n) => ({ matches: matches(n), backends: [{ serviceName: 'web', port: 80 }] })) }),
    where: `${R} rules: got "130 matches"`, expected: 'at most 128 matches in all rules (the HTTPRoute schema\'s limit)' },
  { title: 'two rules of one name', build: (s) => route(s, { rules: [{ name: 'main', backends: [{ serviceName: 'web', port: 80 }] }, { name: 'main', backends: [{ serviceName: 'web', port: 80 }] }] }),
    where: `${R} rules[1].name: got "main"`, expected: 'a rule name that no other rule of the route has' },
  { title: 'a misspelt rule prop', build: (s) => rule(s, { backend: [] }), where: `${R} rules[0].backend: got []`, expected: 'a known prop (did you mean "backends"?)' },
  { title: 'a relative path', build: (s) => match(s, { path: 'api' }), where: `${R} rules[0].matches[0].path: got "api"`, expected: 'an absolute path starting with "/" (pathType PathPrefix)' },
  { title: 'a path with "//"', build: (s) => match(s, { path: '/api//v1' }), where: `${R} rules[0].matches[0].path: got "/api//v1"`, expected: 'a path without "//" (pathType PathPrefix)' },
  { title: 'an encoded slash', build: (s) => match(s, { path: '/a%2Fb', pathType: 'Exact' }), where: `${R} rules[0].matches[0].path: got "/a%2Fb"`, expected: 'a path without "%2F" (pathType Exact)' },
  { title: 'a path with a space', build: (s) => match(s, { path: '/a b' }), where: `${R} rules[0].matches[0].path: got "/a b"`, expected: 'a path of at most 1024 URL characters' },
  { title: 'a broken regular expression', build: (s) => match(s, { path: '/something(/|$', pathType: 'RegularExpression' }),
    where: `${R} rules[0].matches[0].path: got "/something(/|$"`, expected: 'a regular expression of at most 1024 characters, e.g. "/something(/|$)(.*)"' },
  { title: 'pathType "Prefix" (the Ingress spelling)', build: (s) => match(s, { path: '/', pathType: 'Prefix' }), where: `${R} rules[0].matches[0].pathType: got "Prefix"`, expected: '"PathPrefix", "Exact" or "RegularExpression"' },
  { title: 'a header name with a space', build: (s) => match(s, { headers: [{ name: 'X Canary', value: 'on' }] }), where: `${R} rules[0].matches[0].headers[0].name: got "X Canary"`, expected: 'a header name of 1-256 letters' },
  { title: 'one header twice, in two cases', build: (s) => match(s, { headers: [{ name: 'X-Canary', value: 'a' }, { name: 'x-canary', value: 'b' }] }),
    where: `${R} rules[0].matches[0].headers[1]: got "x-canary"`, expected: 'a header name (names match case-insensitively) that is not already used in rules[0].matches[0].headers' },
  { title: 'an empty query parameter value', build: (s) => match(s, { queryParams: [{ name: 'v', value: '' }] }), where: `${R} rules[0].matches[0].queryParams[0].value: got ""`, expected: 'a value of 1 to 1024 characters' },
  { title: 'method FETCH', build: (s) => match(s, { method: 'FETCH' }), where: `${R} rules[0].matches[0].method: got "FETCH"`, expected: 'an HTTP method: GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH' },
  { title: 'a redirect with backends', build: (s) => rule(s, { redirect: { scheme: 'https' } }), where: `${R} rules[0].backends: got [{"serviceName":"web","port":80}]`,
    expected: 'no backends in a rule that redirects (the redirect answers the request)' },
  { title: 'a redirect and a rewrite', build: (s) => route(s, { rules: [{ redirect: { scheme: 'https' }, rewrite: { hostname: 'a.example.com' } }] }),
    where: `${R} rules[0].rewrite: got {"hostname":"a.example.com"}`, expected: 'either redirect or rewrite in a rule, not both' },
  { title: 'a redirect that changes nothing', build: (s) => route(s, { rules: [{ redirect: { statusCode: 301 } }] }), where: `${R} rules[0].redirect: got {"statusCode":301}`,
    expected: 'a redirect that changes something: scheme, hostname, port, replaceFullPath or replacePrefixMatch (one that changes nothing loops)' },
  { title: 'redirect status 304', build: (s) => route(s, { rules: [{ redirect: { scheme: 'https', statusCode: 304 } }] }), where: `${R} rules[0].redirect.statusCode: got 304`, expected: '301, 302, 303, 307 or 308' },
  { title: 'redirect scheme ftp', build: (s) => route(s, { rules: [{ redirect: { scheme: 'ftp' } }] }), where: `${R} rules[0].redirect.scheme: got "ftp"`, expected: '"http" or "https"' },
  { title: 'a redirect to a wildcard host', build: (s) => route(s, { rules: [{ redirect: { hostname: '*.example.com' } }] }), where: `${R} rules[0].redirect.hostname: got "*.example.com"`, expected: 'a DNS subdomain' },
  { title: 'a prefix rewrite on an Exact match', build: (s) => rule(s, { matches: [{ path: '/api', pathType: 'Exact' }], rewrite: { replacePrefixMatch: '/' } }),
    where: `${R} rules[0].rewrite.replacePrefixMatch: got "/"`, expected: 'a rule with exactly one match whose pathType is "PathPrefix" (the prefix it replaces)' },
  { title: 'a prefix redirect on two matches', build: (s) => route(s, { rules: [{ matches: [{ path: '/a' }, { path: '/b' }], redirect: { replacePrefixMatch: '/c' } }] }),
    where: `${R} rules[0].redirect.replacePrefixMatch: got "/c"`, expected: 'a rule with exactly one match whose pathType is "PathPrefix"' },
  { title: 'both path replacements', build: (s) => rule(s, { rewrite: { replaceFullPath: '/a', replacePrefixMatch: '/b' } }),
    where: `${R} rules[0].rewrite.replacePrefixMatch: got "/b"`, expected: 'either replaceFullPath or replacePrefixMatch, not both' },
  { title: 'a relative replacement path', build: (s) => rule(s, { rewrite: { replaceFullPath: 'app1' } }), where: `${R} rules[0].rewrite.replaceFullPath: got "app1"`,
    expected: 'an absolute path starting with "/", without spaces, at most 1024 characters' },
  { title: 'a rule without backends or redirect', build: (s) => route(s, { rules: [{ matches: [{ path: '/' }] }] }), where: `${R} rules[0].backends: got undefined`,
    expected: 'at least one backend, e.g. [{ service: web }] (or a redirect)' },
  { title: 'weight -1', build: (s) => rule(s, { backends: [{ serviceName: 'web', port: 80, weight: -1 }] }), where: `${R} rules[0].backends[0].weight: got -1`, expected: 'an integer from 0 to 1000000' },
  { title: 'weight 1000001', build: (s) => rule(s, { backends: [{ serviceName: 'web', port: 80, weight: 1000001 }] }), where: `${R} rules[0].backends[0].weight: got 1000001`, expected: 'an integer from 0 to 1000000' },
  { title: 'a Service without port', build: (s) => rule(s, { backends: [{ serviceName: 'web' }] }), where: `${R} rules[0].backends[0].port: got undefined`, expected: 'an integer port number from 1 to 65535' },
  { title: 'a Service name that starts with a digit', build: (s) => rule(s, { backends: [{ serviceName: '1web', port: 80 }] }), where: `${R} rules[0].backends[0].serviceName: got "1web"`, expected: 'a DNS-1035 label' },
  { title: 'service and serviceName', build: (s) => rule(s, { backends: [{ service: { name: 'web', namespace: 'edge', servicePort: 80 }, serviceName: 'web' }] }),
    where: `${R} rules[0].backends[0]: got {"service":{"name":"web","namespace":"edge","servicePort":80},"serviceName":"web"}`, expected: 'exactly one of service (a construct such as a WebService) or serviceName' },
  { title: 'the container port of a WebService', build: (s) => {
    const ns = edge(s);
    const w = new WebService(ns, 'app', { image: IMAGE });
    new GatewayHttpRoute(ns, 'web', { parents: [publicGateway(ns)], rules: [{ backends: [{ service: w, port: 8080 }] }] });
  }, where: `${R} rules[0].backends[0].port: got 8080`, expected: '80, the port of Service "app" (or leave it out)' },
  { title: '17 backends', build: (s) => rule(s, { backends: Array.from({ length: 17 }, () => ({ serviceName: 'web', port: 80 })) }),
    where: `${R} rules[0].backends: got "17 backends"`, expected: 'a list of at most 16 backends' },
  { title: 'an empty header change', build: (s) => rule(s, { requestHeaders: {} }), where: `${R} rules[0].requestHeaders: got {}`, expected: 'at least one of set, add or remove' },
  { title: 'a header value with a line break', build: (s) => rule(s, { responseHeaders: { set: { 'X-A': 'a\nb' } } }), where: `${R} rules[0].responseHeaders.set["X-A"]: got "a\\nb"`,
    expected: 'a header value of 1-4096 printable ASCII characters' },
] as Array<Omit<BadInput, 'build'> & { build: (stack: Construct) => void }>).map(inStack);

const OTHER_CASES: BadInput[] = ([
  { title: 'a grant from nobody', build: (s) => grant(s, { from: [] }), where: '[bad/shop/grant] from: got []', expected: '1 to 16 referring kinds and namespaces, e.g. [{ kind: "HTTPRoute", namespace: "shop" }]' },
  { title: 'a grant to nothing', build: (s) => grant(s, { to: undefined }), where: '[bad/shop/grant] to: got undefined', expected: '1 to 16 kinds (and names) that may be referred to' },
  { title: 'a grant from its own namespace', build: (s) => grant(s, { from: [{ kind: 'HTTPRoute', namespace: 'shop' }] }),
    where: '[bad/shop/grant] from[0].namespace: got "shop"', expected: 'a namespace other than "shop" (references within a namespace need no grant)' },
  { title: 'a grant from a kind of unknown group', build: (s) => grant(s, { from: [{ kind: 'Widget', namespace: 'edge' }] }),
    where: '[bad/shop/grant] from[0].group: got undefined', expected: 'the API group of kind "Widget" (only Gateway API kinds have a default)' },
  { title: 'a grant from a group with capitals', build: (s) => grant(s, { from: [{ kind: 'Widget', namespace: 'edge', group: 'Example.com' }] }),
    where: '[bad/shop/grant] from[0].group: got "Example.com"', expected: 'an API group: "" for core, or a DNS subdomain' },
  { title: 'a misspelt grant prop', build: (s) => grant(s, { from: [{ kind: 'HTTPRoute', namespaces: 'edge' }] }),
    where: '[bad/shop/grant] from[0].namespaces: got "edge"', expected: 'a known prop (did you mean "namespace"?)' },
  { title: 'a grant to every Service without a reason', build: (s) => grant(s, { to: [{ kind: 'Service' }] }),
    where: '[bad/shop/grant] to[0].name: got undefined', expected: 'the name of the one object that may be referred to, or anyName: { reason } on the grant to allow every object of the kind' },
  { title: 'anyName without a reason', build: (s) => grant(s, { to: [{ kind: 'Service' }], anyName: {} }),
    where: '[bad/shop/grant] anyName.reason: got undefined', expected: 'a reason why references may reach every object of a kind in this namespace' },
  { title: 'a kind in lower case', build: (s) => grant(s, { to: [{ kind: 'service', name: 'web', group: '' }] }), where: '[bad/shop/grant] to[0].kind: got "service"', expected: 'a kind such as "Event" or "Deployment"' },
  { title: 'an object name with an underscore', build: (s) => grant(s, { to: [{ kind: 'Service', name: 'web_1' }] }), where: '[bad/shop/grant] to[0].name: got "web_1"', expected: 'an object name' },
  { title: '17 entries in to', build: (s) => grant(s, { to: Array.from({ length: 17 }, (_, i) => ({ kind: 'Service', name: `s${i}` })) }),
    where: '[bad/shop/grant] to: got "17 entries"', expected: '1 to 16 kinds (and names) that may be referred to' },
  { title: 'a WebService with ingress and route', build: (s) => web(s, { ingress: { host: 'shop.example.com', controller: undefined } }),
    where: '[bad/shop/web] route: got "route and ingress"', expected: 'either ingress or route, not both (publish the service through an Ingress or a Gateway)' },
  { title: 'a WebService route without gateway', build: (s) => web(s, { route: { hostnames: ['shop.example.com'] } }),
    where: '[bad/shop/web] route.gateway: got undefined', expected: 'a Gateway of this app, or Gateway.existing("name", { namespace, controller })' },
  { title: 'a WebService route path without slash', build: (s) => web(s, { route: { gateway: shared(), path: 'shop' } }),
    where: '[bad/shop/web] route.path: got "shop"', expected: 'an absolute HTTP path starting with "/" and without spaces' },
  { title: 'a misspelt WebService route prop', build: (s) => web(s, { route: { gateway: shared(), hostname: 'shop.example.com' } }),
    where: '[bad/shop/web] route.hostname: got "shop.example.com"', expected: 'a known prop (did you mean "hostnames"?)' },
  { title: 'a WebService route to a listener the Gateway lacks', build: (s) => {
    const gw = publicGateway(edge(s));
    new WebService(new SecureNamespace(s, 'shop'), 'web', { image: IMAGE, route: { gateway: gw, listener: 'www' } });
  }, where: '[bad/shop/web] route.listener: got "www"', expected: 'a listener of Gateway "public" that takes HTTPRoutes (protocol HTTP or HTTPS): http, https' },
  { title: 'a WebService route for a host the Gateway does not serve', build: (s) => {
    const gw = publicGateway(edge(s));
    new WebService(new SecureNamespace(s, 'shop'), 'web', { image: IMAGE, route: { gateway: gw, hostnames: ['blog.example.com'] } });
  }, where: '[bad/shop/web] route.parents[0]: got "public"', expected: 'a Gateway with an HTTPS listener that matches the route\'s host names ["blog.example.com"] and admits namespace "shop"' },
  { title: 'an existing Gateway in a namespace with capitals', build: () => Gateway.existing('shared', { namespace: 'Platform', controller: GatewayController.ISTIO }),
    where: '[Gateway.existing] options.namespace: got "Platform"', expected: 'a DNS-1123 label' },
  { title: 'an existing Gateway without controller', build: () => Gateway.existing('shared', { namespace: 'platform' } as any),
    where: '[Gateway.existing] options.controller: got undefined', expected: 'a GatewayController, e.g. GatewayController.ISTIO or GatewayController.of({...})' },
  { title: 'an existing Gateway without a name', build: () => Gateway.existing(undefined as any, { namespace: 'platform', controller: GatewayController.ISTIO }),
    where: '[Gateway.existing] name: got undefined', expected: 'an object name' },
  { title: 'allowFromIngress on a service published nowhere', build: (s) => {
    const ns = new SecureNamespace(s, 'shop');
    ns.allowFromIngress(new WebService(ns, 'web', { image: IMAGE }));
  }, where: '[bad/shop] allowFromIngress: got "web"', expected: 'a WebService that has `ingress` set, or `route` (published through a Gateway)' },
] as Array<Omit<BadInput, 'build'> & { build: (stack: Construct) => void }>).map(inStack);

/** A shop published through an Istio Gateway that redirects port 80: passes every policy check. */
const good: AppDefinition = {
  name: 'good',
  description: 'a shop behind a Gateway',
  build: (app: App) => {
    const stack = new AppStack(app, 'good');
    const gw = publicGateway(edge(stack));
    const shop = new SecureNamespace(stack, 'shop');
    shop.allowFromIngress(new WebService(shop, 'web', { image: IMAGE, route: { gateway: gw, hostnames: ['shop.example.com'] } }));
  },
};

describeBadInputs('bad Gateway input is rejected at synth time with a clear error and no output', good, GATEWAY_CASES);
describeBadInputs('bad HTTPRoute input is rejected at synth time with a clear error and no output', good, ROUTE_CASES);
describeBadInputs('bad ReferenceGrant, route publishing and Gateway reference input is rejected with a clear error', good, OTHER_CASES);
