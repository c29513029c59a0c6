import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { AppStack } from '../../../lib/core/app-stack';
import { DefaultDenyPolicy, DefaultDenyPolicyProps } from '../../../lib/networking/default-deny-policy';
import { Gateway } from '../../../lib/networking/gateway';
import { GatewayController } from '../../../lib/networking/gateway-controller';
import { GatewayHttpRoute } from '../../../lib/networking/http-route';
import { IngressController } from '../../../lib/networking/ingress-controller';
import { IngressTls } from '../../../lib/networking/ingress-tls';
import { ListenerTls } from '../../../lib/networking/listener-tls';
import { NetworkPeer } from '../../../lib/networking/network-peer';
import { NetworkPolicy, NetworkPolicyProps } from '../../../lib/networking/network-policy';
import { Service } from '../../../lib/networking/service';
import { ServiceTarget, ServiceTargetOptions } from '../../../lib/networking/service-target';
import { WebIngress, WebIngressProps } from '../../../lib/networking/web-ingress';
import { AppDefinition } from '../../../lib/output/synth-apps';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { BadInput, describeBadInputs } from '../../helpers/bad-input';

// Bad values are passed as they would come from JavaScript: the casts let the tables hold what TypeScript refuses.
type Case = Omit<BadInput, 'build'> & { build: (stack: Construct) => void };
const inStack = (cases: Case[]): BadInput[] => cases.map((c) => ({ ...c, build: (app: App) => c.build(new AppStack(app, 'bad')) }));
const shop = (s: Construct): Construct => s.node.tryFindChild('shop') as Construct ?? new SecureNamespace(s, 'shop');

const policy = (s: Construct, p: object) => new NetworkPolicy(shop(s), 'api', { podSelector: { app: 'api' }, ...p } as NetworkPolicyProps);
const egressTo = (s: Construct, peer: unknown) => policy(s, { egress: [{ peers: [peer] }] });
const port = (s: Construct, p: object) => policy(s, { ingress: [{ peers: [NetworkPeer.namespace('edge')], ports: [p] }] });
const ingress = (s: Construct, p: object) => new WebIngress(shop(s), 'web', {
  controller: IngressController.INGRESS_NGINX, rules: [{ host: 'shop.example.com', serviceName: 'web', servicePort: 80 }], ...p,
} as WebIngressProps);
const path = (s: Construct, r: object) => ingress(s, { rules: [{ host: 'shop.example.com', serviceName: 'web', servicePort: 80, ...r }] });
const pods = (p: object) => ServiceTarget.pods({ name: 'grafana', namespace: 'shop', selector: { app: 'grafana' }, ports: [{ name: 'http', port: 3000 }], ...p } as ServiceTargetOptions);

const P = '[bad/shop/api]';
const I = '[bad/shop/web]';
const NGINX_PATH = 'a Prefix path of letters, digits, "/", "_" and "-" only: ingress-nginx refuses other characters (such as regular expressions) unless pathType is "ImplementationSpecific"';

const POLICY_CASES: Case[] = [
  { title: 'props null', build: (s) => new NetworkPolicy(shop(s), 'api', null as any), where: `${P} props: got null`, expected: 'an object of props' },
  { title: 'podSelector missing', build: (s) => new NetworkPolicy(shop(s), 'api', { egress: [] } as any), where: `${P} podSelector: got undefined`,
    expected: 'the labels of the pods the policy applies to, e.g. { app: "web" }, or {} for every pod' },
  { title: 'ingress given as one rule, not a list', build: (s) => policy(s, { ingress: { peers: [NetworkPeer.namespace('edge')] } }),
    where: `${P} ingress: got {"peers":["NetworkPeer.namespace(\\"edge\\")"]}`, expected: 'a list of rules such as [{ peers: [NetworkPeer.namespace("edge")], ports: [{ port: 8080 }] }]' },
  { title: 'a rule that is null', build: (s) => policy(s, { egress: [null] }), where: `${P} egress[0]: got null`, expected: 'a rule: { peers, ports? }' },
  { title: 'peers given as one peer', build: (s) => policy(s, { egress: [{ peers: NetworkPeer.namespace('edge') }] }), where: `${P} egress[0].peers: got "NetworkPeer.namespace(\\"edge\\")"`,
    expected: 'at least one peer (use NetworkPeer.ipBlock("0.0.0.0/0") to mean anyone)' },
  { title: 'a peer that is a namespace name, not a NetworkPeer', build: (s) => egressTo(s, 'edge'), where: `${P} egress[0].peers[0]: got "edge"`,
    expected: 'a NetworkPeer, e.g. NetworkPeer.namespace("edge") or NetworkPeer.ipBlock("10.0.0.0/8")' },
  { title: 'ipBlock without a CIDR', build: (s) => egressTo(s, NetworkPeer.ipBlock(undefined as any)), where: `${P} egress[0].peers[0].cidr: got undefined`, expected: 'a CIDR block' },
  { title: 'ipBlock with a number for a CIDR', build: (s) => egressTo(s, NetworkPeer.ipBlock(10 as any)), where: `${P} egress[0].peers[0].cidr: got 10`, expected: 'a CIDR block' },
  { title: 'ipBlock except given as a string', build: (s) => egressTo(s, NetworkPeer.ipBlock('10.0.0.0/8', '10.1.0.0/16' as any)),
    where: `${P} egress[0].peers[0].except: got "10.1.0.0/16"`, expected: 'a list of CIDR blocks inside the block, e.g. ["10.1.0.0/16"]' },
  { title: 'ipBlock except outside the block', build: (s) => egressTo(s, NetworkPeer.ipBlock('10.0.0.0/16', ['10.1.0.0/24'])),
    where: `${P} egress[0].peers[0].except[0]: got "10.1.0.0/24"`, expected: 'a block inside 10.0.0.0/16 (it is not inside the block)' },
  { title: 'IPv6 except outside the block', build: (s) => egressTo(s, NetworkPeer.ipBlock('fd00::/64', ['fd01::/80'])),
    where: `${P} egress[0].peers[0].except[0]: got "fd01::/80"`, expected: 'a block inside fd00::/64 (it is not inside the block)' },
  { title: 'IPv6 except as wide as the block', build: (s) => egressTo(s, NetworkPeer.ipBlock('fd00::/64', ['fd00::/64'])),
    where: `${P} egress[0].peers[0].except[0]: got "fd00::/64"`, expected: 'a block inside fd00::/64 (it would except the whole block, or more)' },
  { title: 'the same except twice', build: (s) => egressTo(s, NetworkPeer.ipBlock('10.0.0.0/8', ['10.1.0.0/16', '10.1.0.0/16'])),
    where: `${P} egress[0].peers[0].except[1]: got "10.1.0.0/16"`, expected: 'a block that is not already used in egress[0].peers[0].except' },
  { title: 'pods peer without labels', build: (s) => egressTo(s, NetworkPeer.pods('db', null as any)), where: `${P} egress[0].peers[0].labels: got null`,
    expected: 'at least one label such as { app: "web" }, as an object' },
  { title: 'pods peer with a label value that is a number', build: (s) => egressTo(s, NetworkPeer.pods('db', { app: 5 } as any)),
    where: `${P} egress[0].peers[0].labels["app"]: got 5`, expected: 'a label value' },
  { title: 'namespacesLabelled with labels given as a string', build: (s) => egressTo(s, NetworkPeer.namespacesLabelled('team', 'team=a' as any)),
    where: `${P} egress[0].peers[0].namespaceLabels: got "team=a"`, expected: 'at least one label (NetworkPeer.namespace(name) selects one namespace by name)' },
  { title: 'a namespace peer with a zero-width space', build: (s) => egressTo(s, NetworkPeer.namespace('edge\u200b')),
    where: `${P} egress[0].peers[0].namespace: got "edge\\u200b"`, expected: 'a DNS-1123 label' },
  { title: 'NetworkPeer.workload(undefined)', build: (s) => egressTo(s, NetworkPeer.workload(undefined as any)), where: '[NetworkPeer] workload(workload): got undefined',
    expected: 'a workload of this library (WebService, Worker, StatefulService, ...)' },
  { title: 'NetworkPeer.ingressController with a class name', build: (s) => egressTo(s, NetworkPeer.ingressController('nginx' as any)),
    where: '[NetworkPeer] ingressController(controller): got "nginx"', expected: 'an IngressController, e.g. IngressController.INGRESS_NGINX or IngressController.of({...})' },
  { title: 'NetworkPeer.gateway with a name', build: (s) => egressTo(s, NetworkPeer.gateway('public' as any)), where: '[NetworkPeer] gateway(gateway): got "public"',
    expected: 'a Gateway of this app, or Gateway.existing("name", { namespace, controller })' },
  { title: 'ports given as a number', build: (s) => policy(s, { ingress: [{ peers: [NetworkPeer.namespace('edge')], ports: 8080 }] }),
    where: `${P} ingress[0].ports: got 8080`, expected: 'a non-empty list of ports such as [{ port: 8080 }] (leave ports out to open every port)' },
  { title: 'a port given as a number, not an object', build: (s) => policy(s, { ingress: [{ peers: [NetworkPeer.namespace('edge')], ports: [8080] }] }),
    where: `${P} ingress[0].ports[0]: got 8080`, expected: 'a port: { port, endPort?, protocol? }' },
  { title: 'a port that is NaN', build: (s) => port(s, { port: NaN }), where: `${P} ingress[0].ports[0].port: got NaN`, expected: 'an integer port number from 1 to 65535' },
  { title: 'a port that is true', build: (s) => port(s, { port: true }), where: `${P} ingress[0].ports[0].port: got true`,
    expected: 'a port number from 1 to 65535, or the name of a port of the destination pods' },
  { title: 'endPort below port', build: (s) => port(s, { port: 8080, endPort: 8000 }), where: `${P} ingress[0].ports[0].endPort: got 8000`, expected: 'an integer from the port 8080 up to 65535' },
  { title: 'endPort with a named port', build: (s) => port(s, { port: 'http', endPort: 8090 }), where: `${P} ingress[0].ports[0].endPort: got 8090`,
    expected: 'no endPort with the named port "http" (a range starts at a port number)' },
  { title: 'endPort Infinity', build: (s) => port(s, { port: 8080, endPort: Infinity }), where: `${P} ingress[0].ports[0].endPort: got Infinity`, expected: 'an integer from the port 8080 up to 65535' },
  { title: 'protocol "tcp"', build: (s) => port(s, { port: 8080, protocol: 'tcp' }), where: `${P} ingress[0].ports[0].protocol: got "tcp"`, expected: '"TCP", "UDP" or "SCTP"' },
  { title: 'DefaultDenyPolicy props null', build: (s) => new DefaultDenyPolicy(shop(s), 'deny', null as any), where: '[bad/shop/deny] props: got null', expected: 'an object of props' },
  { title: 'DefaultDenyPolicy dns null', build: (s) => new DefaultDenyPolicy(shop(s), 'deny', { dns: null } as any), where: '[bad/shop/deny] dns: got null',
    expected: 'the DNS server pods: { namespace, podLabels }' },
  { title: 'DefaultDenyPolicy DNS pod labels as a string', build: (s) => new DefaultDenyPolicy(shop(s), 'deny', { dns: { namespace: 'kube-system', podLabels: 'kube-dns' } } as any),
    where: '[bad/shop/deny] dns.podLabels: got "kube-dns"', expected: 'the labels of the DNS pods, e.g. { "k8s-app": "kube-dns" }' },
  { title: 'DefaultDenyPolicy name too long for its DNS policy', build: (s) => new DefaultDenyPolicy(shop(s), 'deny', { name: 'd'.repeat(60) } as DefaultDenyPolicyProps),
    where: `[bad/shop/deny] name: got "${'d'.repeat(60)}"`, expected: 'a DNS-1123 label' },
];

const INGRESS_CASES: Case[] = [
  { title: 'rules given as one rule', build: (s) => ingress(s, { rules: { host: 'shop.example.com', serviceName: 'web', servicePort: 80 } }), where: `${I} rules: got {"host":"shop.example.com","serviceName":"web","servicePort":80}`,
    expected: 'a list of at least one host rule: [{ host, path?, pathType?, serviceName, servicePort }]' },
  { title: 'a rule that is null', build: (s) => ingress(s, { rules: [null] }), where: `${I} rules[0]: got null`, expected: 'a host rule: { host, path?, pathType?, serviceName, servicePort }' },
  { title: 'a wildcard that is not the first label', build: (s) => path(s, { host: 'shop.*.example.com' }), where: `${I} rules[0].host: got "shop.*.example.com"`,
    expected: 'a DNS host name such as "counter.com" or "*.example.com"' },
  { title: 'a host with a right-to-left override', build: (s) => path(s, { host: '\u202eshop.example.com' }), where: `${I} rules[0].host: got "\\u202eshop.example.com"`,
    expected: 'a DNS host name' },
  { title: 'a path without a leading "/"', build: (s) => path(s, { path: 'api' }), where: `${I} rules[0].path: got "api"`, expected: 'an absolute HTTP path starting with "/"' },
  { title: 'pathType "prefix"', build: (s) => path(s, { path: '/api', pathType: 'prefix' }), where: `${I} rules[0].pathType: got "prefix"`,
    expected: '"Prefix", "Exact" or "ImplementationSpecific"' },
  { title: 'a Prefix path with "//" (the API server refuses it)', build: (s) => new WebIngress(shop(s), 'web', {
    controller: IngressController.TRAEFIK, rules: [{ host: 'shop.example.com', path: '/api//v1', serviceName: 'web', servicePort: 80 }],
  }), where: `${I} rules[0].path: got "/api//v1"`, expected: 'a Prefix path without "//" (the API server refuses it)' },
  { title: 'an Exact path ending in "/.."', build: (s) => path(s, { path: '/api/..', pathType: 'Exact' }), where: `${I} rules[0].path: got "/api/.."`,
    expected: 'a Exact path without "/.." (the API server refuses it)' },
  { title: 'a regular expression in a Prefix path on ingress-nginx', build: (s) => path(s, { path: '/api(/|$)(.*)' }), where: `${I} rules[0].path: got "/api(/|$)(.*)"`,
    expected: NGINX_PATH },
  { title: 'a dot in a Prefix path on ingress-nginx', build: (s) => path(s, { path: '/v1.0/' }), where: `${I} rules[0].path: got "/v1.0/"`, expected: NGINX_PATH },
  { title: 'servicePort given as an object', build: (s) => path(s, { servicePort: { number: 80 } }), where: `${I} rules[0].servicePort: got {"number":80}`,
    expected: 'the Service port: a number from 1 to 65535, or the port\'s name' },
  { title: 'an annotation value that is a boolean', build: (s) => ingress(s, { annotations: { 'nginx.ingress.kubernetes.io/ssl-redirect': true } }),
    where: `${I} annotations["nginx.ingress.kubernetes.io/ssl-redirect"]: got true`, expected: 'a string (write numbers and booleans in quotes, e.g. "true")' },
  { title: 'tls given as a Secret name', build: (s) => ingress(s, { tls: 'web-tls' }), where: `${I} tls: got "web-tls"`,
    expected: 'an IngressTls, e.g. IngressTls.fromSecret("web-tls"), IngressTls.fromCertManager({ clusterIssuer }) or IngressTls.fromAcm()' },
  { title: 'IngressTls hosts given as a string', build: (s) => ingress(s, { tls: IngressTls.fromSecret('web-tls', { hosts: 'shop.example.com' as any }) }),
    where: `${I} tls.hosts: got "shop.example.com"`, expected: 'a non-empty list of host names, or leave hosts out to cover every rule host' },
  { title: 'IngressTls.fromCertManager(undefined)', build: (s) => ingress(s, { tls: IngressTls.fromCertManager(undefined as any) }),
    where: `${I} tls.clusterIssuer: got undefined`, expected: 'exactly one of clusterIssuer or issuer' },
  { title: 'IngressTls.fromCertManager with a typo', build: (s) => ingress(s, { tls: IngressTls.fromCertManager({ clusterIssuer: 'le', secret: 'x' } as any) }),
    where: `${I} tls.secret: got "x"`, expected: 'a known prop; the props are clusterIssuer, hosts, issuer, secretName' },
  { title: 'IngressController.of(null)', build: () => IngressController.of(null as any), where: '[IngressController] props: got null', expected: 'an object of props' },
  { title: 'IngressController.of with pod labels as a string', build: () => IngressController.of({ className: 'haproxy', namespace: 'haproxy', podLabels: 'app=haproxy' as any }),
    where: '[IngressController] podLabels: got "app=haproxy"', expected: 'at least one label of the controller pods' },
  { title: 'ServiceTarget.pods with a fractional port', build: () => pods({ ports: [{ name: 'http', port: 1.5 }] }), where: '[ServiceTarget.pods] ports[0].port: got 1.5',
    expected: 'an integer port number from 1 to 65535' },
  { title: 'ServiceTarget.pods with a selector value that is a number', build: () => pods({ selector: { app: 0 } }), where: '[ServiceTarget.pods] selector["app"]: got 0',
    expected: 'a label value' },
  { title: 'ServiceTarget.openFaasGateway(undefined)', build: () => ServiceTarget.openFaasGateway(undefined as any),
    where: '[ServiceTarget.openFaasGateway] openFaasGateway(install): got undefined', expected: 'an OpenFaasInstall (or an object with its namespace, a DNS-1123 label)' },
  { title: 'Service.memberLabels with a name that is no Service name', build: () => Service.memberLabels('Web'), where: '[Service.memberLabels] memberLabels(serviceName): got "Web"',
    expected: 'a DNS-1035 label' },
  { title: 'a Service\'s ipFamilies with a hole', build: (s) => new Service(shop(s), 'legacy', {
    selector: { app: 'legacy' }, ports: [{ port: 80 }], ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv4', undefined as any],
  }), where: '[bad/shop/legacy] ipFamilies[1]: got undefined', expected: '"IPv4" or "IPv6"' },
  { title: 'a route header value that is null', build: (s) => {
    const gw = new Gateway(shop(s), 'gw', { controller: GatewayController.ISTIO, listeners: [{ name: 'https', protocol: 'HTTPS', tls: ListenerTls.fromSecret('tls') }] });
    new GatewayHttpRoute(shop(s), 'route', { parents: [gw], rules: [{ backends: [{ serviceName: 'web', port: 80 }], requestHeaders: { set: { 'X-Env': null as any } } }] });
  }, where: '[bad/shop/route] rules[0].requestHeaders.set["X-Env"]: got null', expected: 'a header value of 1-4096 printable ASCII characters' },
  { title: 'a route parent written by hand with an empty name', build: (s) => new GatewayHttpRoute(shop(s), 'route', {
    parents: [{ name: '', namespace: 'edge', controller: GatewayController.ISTIO }], rules: [{ backends: [{ serviceName: 'web', port: 80 }] }],
  }), where: '[bad/shop/route] parents[0].name: got ""', expected: 'an object name' },
];

/** A namespace with a policy and an Ingress: passes every policy check. */
const good: AppDefinition = {
  name: 'good',
  description: 'a shop with a policy and an Ingress',
  build: (app: App) => {
    const ns = new SecureNamespace(new AppStack(app, 'good'), 'shop');
    new NetworkPolicy(ns, 'to-bank', { podSelector: { app: 'web' }, egress: [{ peers: [NetworkPeer.ipBlock('10.0.0.0/8', ['10.1.0.0/16'])], ports: [{ port: 8000, endPort: 8080 }] }] });
  },
};

describeBadInputs('bad NetworkPolicy, NetworkPeer and DefaultDenyPolicy input is rejected with a clear error and no output', good, inStack(POLICY_CASES));
describeBadInputs('bad Ingress, TLS, controller, Service target and route input is rejected with a clear error and no output', good, inStack(INGRESS_CASES));
