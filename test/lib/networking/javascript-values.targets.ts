import { Construct } from 'constructs';
import { DefaultDenyPolicy } from '../../../lib/networking/default-deny-policy';
import { ExternalEndpoints } from '../../../lib/networking/external-endpoints';
import { ExternalNameService } from '../../../lib/networking/external-name-service';
import { Gateway } from '../../../lib/networking/gateway';
import { GatewayClass } from '../../../lib/networking/gateway-class';
import { GatewayController } from '../../../lib/networking/gateway-controller';
import { GatewayHttpRoute } from '../../../lib/networking/http-route';
import { IngressController } from '../../../lib/networking/ingress-controller';
import { IngressTls } from '../../../lib/networking/ingress-tls';
import { ListenerTls } from '../../../lib/networking/listener-tls';
import { NetworkPeer } from '../../../lib/networking/network-peer';
import { NetworkPolicy } from '../../../lib/networking/network-policy';
import { ReferenceGrant } from '../../../lib/networking/reference-grant';
import { Service } from '../../../lib/networking/service';
import { ServiceTarget } from '../../../lib/networking/service-target';
import { WebIngress } from '../../../lib/networking/web-ingress';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { WebService } from '../../../lib/workloads/web-service';
import { Worker } from '../../../lib/workloads/worker';
import { JavaScriptValueTarget } from '../../helpers/javascript-values';

// Whatever a JavaScript caller passes to any prop or argument of the networking constructs, their methods and their
// static factories, they answer with a ValidationError naming the field, or with output the strict schemas accept.

const IMAGE = 'ghcr.io/acme/app:1.0.0';
const shop = (s: Construct): Construct => s.node.tryFindChild('shop') as Construct ?? new SecureNamespace(s, 'shop');
const worker = (s: Construct, name: string) => new Worker(s, `${name}-workload`, {
  name, image: IMAGE, ports: [{ name: 'http', port: 8080 }], labels: Service.memberLabels('web'),
});
const pods = (name: string) => ServiceTarget.pods({ name, namespace: 'shop', selector: { app: name }, ports: [{ name: 'http', port: 8080 }] });
const HTTPS = () => ({ name: 'https', protocol: 'HTTPS', hostname: 'shop.example.com', tls: ListenerTls.fromSecret('shop-tls') });
const RULE = () => ({ backends: [{ serviceName: 'web', port: 80 }] });
const shared = () => Gateway.existing('shared', { namespace: 'platform', controller: GatewayController.ISTIO });
/** A policy in namespace shop whose egress goes to `peers`. */
/** `base` with the props laid over it, or the props themselves when they are not an object (as a caller would pass them). */
const over = (base: object, props: unknown): any => (props !== null && typeof props === 'object' && !Array.isArray(props) ? { ...base, ...props } : props);
const policy = (s: Construct, peers: unknown[]) => new NetworkPolicy(shop(s), 'policy', { podSelector: {}, egress: [{ peers: peers as NetworkPeer[] }] });

export const TARGETS: JavaScriptValueTarget[] = [
  {
    name: 'Service over workloads',
    covers: ['Service'],
    props: () => ({
      type: 'NodePort', ports: [{ name: 'http', port: 80, nodePort: 30080, appProtocol: 'http' }], sessionAffinity: 'ClientIP', sessionAffinityTimeoutSeconds: 60,
      externalTrafficPolicy: 'Local', internalTrafficPolicy: 'Cluster', ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv4', 'IPv6'],
      publishNotReadyAddresses: false, trafficDistribution: 'PreferClose', annotations: { a: 'b' }, labels: { c: 'd' },
    }),
    paths: ['name', 'namespace', 'labels', 'labels.c', 'target', 'selector', 'ports', 'ports.0', 'ports.0.name', 'ports.0.port', 'ports.0.targetPort',
      'ports.0.protocol', 'ports.0.nodePort', 'ports.0.appProtocol', 'type', 'loadBalancer', 'annotations', 'annotations.a', 'sessionAffinity',
      'sessionAffinityTimeoutSeconds', 'externalTrafficPolicy', 'internalTrafficPolicy', 'ipFamilyPolicy', 'ipFamilies', 'ipFamilies.0',
      'publishNotReadyAddresses', 'trafficDistribution'],
    // Pods described by ServiceTarget: workloads would cost a Deployment each per value.
    build: (s, props) => new Service(shop(s), 'web', over({ target: [pods('v1'), pods('v2')] }, props)),
  },
  {
    name: 'Service over a selector, and its methods',
    covers: ['Service.memberLabels', 'Service.address'],
    props: () => ({ selector: { app: 'legacy' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }], portName: 'http', member: 'web' }),
    build: (s, props) => {
      const { portName, member, ...rest } = props ?? {};
      const svc = new Service(shop(s), 'legacy', props === null || typeof props !== 'object' ? props : rest);
      svc.address(portName);
      new Service(shop(s), 'members', { selector: Service.memberLabels(member), ports: [{ port: 80 }] });
    },
  },
  {
    name: 'ServiceTarget.pods',
    covers: ['ServiceTarget', 'ServiceTarget.pods'],
    props: () => ({ name: 'grafana', namespace: 'shop', selector: { app: 'grafana' }, ports: [{ name: 'http', port: 3000, protocol: 'TCP' }], adminGateway: 'Grafana' }),
    build: (s, props) => new Service(shop(s), 'grafana', { target: ServiceTarget.pods(props) }),
  },
  {
    name: 'ServiceTarget.openFaasGateway',
    covers: ['ServiceTarget.openFaasGateway'],
    props: () => ({ namespace: 'openfaas' }),
    build: (s, props) => new Service(s, 'gateway', { target: ServiceTarget.openFaasGateway(props) }),
  },
  {
    name: 'LoadBalancer',
    props: () => ({
      type: 'LoadBalancer', ports: ['http'],
      loadBalancer: { sourceRanges: ['0.0.0.0/0'], openToAll: { reason: 'public' }, scheme: 'internet-facing', loadBalancerClass: 'service.k8s.aws/nlb', hostname: 'a.example.com' },
    }),
    build: (s, props) => new Service(shop(s), 'web', over({ target: pods('web') }, props)),
  },
  {
    name: 'ExternalNameService',
    covers: ['ExternalNameService'],
    props: () => ({ externalName: { hostname: 'db.example.com', port: 5432 }, ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }], annotations: { a: 'b' }, labels: { c: 'd' } }),
    build: (s, props) => new ExternalNameService(shop(s), 'db', props),
  },
  {
    name: 'ExternalEndpoints',
    covers: ['ExternalEndpoints'],
    props: () => ({ addresses: ['192.168.24.14', '2001:db8::1'], ports: [{ name: 'http', port: 9200, targetPort: 9200, protocol: 'TCP', appProtocol: 'http' }], headless: false }),
    paths: ['addresses', 'addresses.0', 'addresses.1', 'ports', 'ports.0', 'ports.0.name', 'ports.0.port', 'ports.0.targetPort', 'ports.0.protocol', 'ports.0.appProtocol',
      'addressType', 'headless', 'annotations', 'labels', 'namespace'],
    build: (s, props) => new ExternalEndpoints(shop(s), 'es', props),
  },
  {
    name: 'NetworkPolicy',
    covers: ['NetworkPolicy'],
    props: () => ({
      name: 'web', podSelector: { app: 'web' }, labels: { a: 'b' },
      ingress: [{ peers: [NetworkPeer.namespace('edge')], ports: [{ port: 8000, endPort: 8080, protocol: 'TCP' }, { port: 'http' }] }],
      egress: [{ peers: [NetworkPeer.ipBlock('10.0.0.0/8', ['10.1.0.0/16'])], ports: [{ port: 53, protocol: 'UDP' }] }],
    }),
    build: (s, props) => new NetworkPolicy(shop(s), 'policy', props),
  },
  {
    name: 'NetworkPeer factories of names, labels and addresses',
    covers: ['NetworkPeer', 'NetworkPeer.ipBlock', 'NetworkPeer.ipBlocks', 'NetworkPeer.namespace', 'NetworkPeer.pods', 'NetworkPeer.namespacesLabelled'],
    props: () => ({
      cidr: '10.0.0.0/8', except: ['10.1.0.0/16'], namespace: 'edge', podName: 'fe', podLabels: { role: 'fe' }, podNamespace: 'web',
      labelledName: 'team-a', namespaceLabels: { team: 'a' }, labelledPods: { role: 'b' }, blocksName: 'lb', blocks: ['10.2.0.0/24', '10.2.1.0/24'],
    }),
    build: (s, p) => policy(s, [NetworkPeer.ipBlock(p?.cidr, p?.except), NetworkPeer.namespace(p?.namespace), NetworkPeer.pods(p?.podName, p?.podLabels, p?.podNamespace),
      NetworkPeer.namespacesLabelled(p?.labelledName, p?.namespaceLabels, p?.labelledPods), NetworkPeer.ipBlocks(p?.blocksName, p?.blocks)]),
  },
  {
    name: 'NetworkPeer factories of workloads, controllers and gateways',
    covers: ['NetworkPeer.workload', 'NetworkPeer.ingressController', 'NetworkPeer.gateway', 'GatewayController.dataPlane'],
    // "make" stands for an object the build creates.
    props: () => ({ workload: 'make', controller: IngressController.TRAEFIK, gateway: 'make' }),
    build: (s, p) => {
      const w = p?.workload === 'make' ? worker(shop(s), 'api') : p?.workload;
      const g = p?.gateway === 'make' ? shared() : p?.gateway;
      policy(s, [NetworkPeer.workload(w), NetworkPeer.ingressController(p?.controller), NetworkPeer.gateway(g)]);
    },
  },
  {
    name: 'DefaultDenyPolicy',
    covers: ['DefaultDenyPolicy'],
    props: () => ({ name: 'deny', namespace: 'shop', dns: { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } } }),
    build: (s, props) => new DefaultDenyPolicy(s, 'deny', props),
  },
  {
    name: 'WebIngress',
    covers: ['WebIngress', 'IngressTls', 'IngressTls.fromSecret', 'IngressController.INGRESS_NGINX'],
    props: () => ({
      name: 'web', controller: IngressController.INGRESS_NGINX, annotations: { a: 'b' }, labels: { c: 'd' }, tls: IngressTls.fromSecret('web-tls', { hosts: ['shop.example.com'] }),
      rules: [{ host: 'shop.example.com', path: '/', pathType: 'Prefix', serviceName: 'web', servicePort: 80 }, { host: 'api.example.com', serviceName: 'api', servicePort: 'http' }],
    }),
    build: (s, props) => new WebIngress(shop(s), 'web', props),
  },
  {
    name: 'IngressTls factories',
    covers: ['IngressTls.fromSecret', 'IngressTls.fromCertManager'],
    props: () => ({ secretName: 'web-tls', hosts: ['shop.example.com'], certManager: { clusterIssuer: 'letsencrypt', secretName: 'api-tls', hosts: ['*.example.com'] } }),
    build: (s, p) => {
      const rules = [{ host: 'shop.example.com', serviceName: 'web', servicePort: 80 }];
      new WebIngress(shop(s), 'web', { controller: IngressController.TRAEFIK, rules, tls: IngressTls.fromSecret(p?.secretName, { hosts: p?.hosts }) });
      new WebIngress(shop(s), 'api', { controller: IngressController.TRAEFIK, rules, tls: IngressTls.fromCertManager(p?.certManager) });
    },
  },
  {
    name: 'IngressController.awsLoadBalancer and IngressTls.fromAcm',
    covers: ['IngressController.awsLoadBalancer', 'IngressTls.fromAcm'],
    props: () => ({
      alb: { sourceCidrs: ['10.0.0.0/24', '10.0.1.0/24'], className: 'alb-public' },
      acm: { certificateArns: ['arn:aws:acm:us-west-2:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0'], hosts: ['shop.example.com'] },
    }),
    build: (s, p) => {
      const controller = IngressController.awsLoadBalancer(p?.alb);
      new WebIngress(shop(s), 'web', { controller, rules: [{ host: 'shop.example.com', serviceName: 'web', servicePort: 80 }], tls: IngressTls.fromAcm(p?.acm) });
      policy(s, [NetworkPeer.ingressController(controller)]);
    },
  },
  {
    name: 'IngressController.of',
    covers: ['IngressController', 'IngressController.of', 'IngressController.TRAEFIK'],
    props: () => ({ className: 'haproxy', namespace: 'haproxy', podLabels: { app: 'haproxy' } }),
    build: (s, props) => {
      const controller = IngressController.of(props);
      new WebIngress(shop(s), 'web', { controller, rules: [{ host: 'shop.example.com', serviceName: 'web', servicePort: 80 }] });
      policy(s, [NetworkPeer.ingressController(controller)]);
    },
  },
  {
    name: 'Gateway',
    covers: ['Gateway', 'ListenerTls.fromSecret'],
    props: () => ({ controller: GatewayController.ISTIO, listeners: [HTTPS(), { name: 'http', protocol: 'HTTP', port: 80, redirectToHttps: true }], annotations: { a: 'b' } }),
    paths: ['controller', 'listeners', 'annotations', 'listeners.0', 'listeners.0.name', 'listeners.0.protocol', 'listeners.0.port', 'listeners.0.hostname',
      'listeners.0.tls', 'listeners.0.allowedRoutes', 'listeners.0.redirectToHttps', 'listeners.0.plainHttp', 'listeners.1', 'listeners.1.port',
      'listeners.1.redirectToHttps', 'labels', 'name'],
    build: (s, props) => new Gateway(shop(s), 'gw', props),
  },
  {
    name: 'HTTPRoute',
    covers: ['GatewayHttpRoute'],
    props: () => ({
      hostnames: ['shop.example.com'],
      rules: [{
        name: 'r', matches: [{ path: '/', pathType: 'PathPrefix', headers: [{ name: 'h', value: 'v' }], queryParams: [{ name: 'q', value: 'v' }], method: 'GET' }],
        backends: [{ serviceName: 'web', port: 80, weight: 1 }], rewrite: { hostname: 'a.example.com', replaceFullPath: '/x' },
        requestHeaders: { set: { a: 'b' }, add: { c: 'd' }, remove: ['e'] }, responseHeaders: { set: { a: 'b' } },
      }, { redirect: { scheme: 'https', hostname: 'b.example.com', port: 443, statusCode: 301, replacePrefixMatch: '/' } }],
      annotations: { a: 'b' }, referenceGrants: true,
    }),
    paths: ['parents', 'hostnames', 'hostnames.0', 'rules', 'rules.0', 'rules.0.name', 'rules.0.matches', 'rules.0.matches.0', 'rules.0.matches.0.path',
      'rules.0.matches.0.pathType', 'rules.0.matches.0.headers', 'rules.0.matches.0.headers.0', 'rules.0.matches.0.headers.0.name', 'rules.0.matches.0.headers.0.value',
      'rules.0.matches.0.queryParams', 'rules.0.matches.0.queryParams.0.value', 'rules.0.matches.0.method', 'rules.0.backends', 'rules.0.backends.0',
      'rules.0.backends.0.serviceName', 'rules.0.backends.0.port', 'rules.0.backends.0.weight', 'rules.0.backends.0.namespace', 'rules.0.rewrite',
      'rules.0.rewrite.hostname', 'rules.0.rewrite.replaceFullPath', 'rules.0.requestHeaders', 'rules.0.requestHeaders.set', 'rules.0.requestHeaders.set.a',
      'rules.0.requestHeaders.remove', 'rules.0.requestHeaders.remove.0', 'rules.0.responseHeaders', 'rules.1.redirect', 'rules.1.redirect.scheme',
      'rules.1.redirect.hostname', 'rules.1.redirect.port', 'rules.1.redirect.statusCode', 'rules.1.redirect.replacePrefixMatch', 'annotations', 'referenceGrants'],
    build: (s, props) => {
      const ns = shop(s);
      const gw = new Gateway(ns, 'gw', { controller: GatewayController.ISTIO, listeners: [HTTPS() as any] });
      new GatewayHttpRoute(ns, 'route', over({ parents: [gw] }, props));
    },
  },
  {
    name: 'HTTPRoute parents and Gateway.existing',
    covers: ['Gateway.existing'],
    props: () => ({ name: 'shared', namespace: 'platform', controller: GatewayController.ISTIO, listener: 'https' }),
    build: (s, p) => new GatewayHttpRoute(shop(s), 'route', {
      parents: [{ gateway: Gateway.existing(p?.name, { namespace: p?.namespace, controller: p?.controller }), listener: p?.listener }], rules: [RULE()],
    }),
  },
  {
    name: 'ReferenceGrant',
    covers: ['ReferenceGrant'],
    props: () => ({ from: [{ kind: 'HTTPRoute', namespace: 'edge', group: 'gateway.networking.k8s.io' }], to: [{ kind: 'Service', name: 'web', group: '' }], anyName: { reason: 'r' } }),
    build: (s, props) => new ReferenceGrant(shop(s), 'grant', props),
  },
  {
    name: 'GatewayClass and GatewayController.withClassName',
    covers: ['GatewayClass', 'GatewayController.withClassName'],
    props: () => ({ className: 'eg-internal', description: 'd', labels: { a: 'b' } }),
    build: (s, p) => new GatewayClass(s, 'class', { controller: GatewayController.ENVOY_GATEWAY.withClassName(p?.className), description: p?.description, labels: p?.labels }),
  },
  {
    name: 'GatewayController.of',
    covers: ['GatewayController', 'GatewayController.of', 'GatewayController.ISTIO'],
    props: () => ({ className: 'c', controllerName: 'example.com/c', dataPlaneNamespace: 'n', podLabels: { a: 'b' }, gatewayNameLabel: 'g', gatewayNamespaceLabel: 'h' }),
    build: (s, props) => {
      const controller = GatewayController.of(props);
      new GatewayClass(s, 'class', { controller });
      policy(s, [NetworkPeer.gateway(Gateway.existing('gw', { namespace: 'edge', controller }))]);
    },
  },
  {
    name: 'ListenerTls factories',
    covers: ['ListenerTls', 'ListenerTls.fromCertManager', 'ListenerTls.fromSecret', 'ListenerTls.passthrough', 'ListenerTls.fromCertificate'],
    props: () => ({ certManager: { clusterIssuer: 'ca', secretName: 's' }, secretName: 'shop-tls', namespace: 'certs', certificate: 'none' }),
    build: (s, p) => new Gateway(shop(s), 'gw', {
      controller: GatewayController.ISTIO,
      listeners: [
        { ...HTTPS(), tls: ListenerTls.fromCertManager(p?.certManager) } as any,
        { name: 'api', protocol: 'HTTPS', hostname: 'api.example.com', tls: ListenerTls.fromSecret(p?.secretName, { namespace: p?.namespace }) },
        { name: 'tls', protocol: 'TLS', hostname: 'db.example.com', tls: p?.certificate === 'none' ? ListenerTls.passthrough() : ListenerTls.fromCertificate(p?.certificate) },
      ],
    }),
  },
  {
    name: 'WebService route',
    props: () => ({ gateway: shared(), listener: 'https', hostnames: ['a.example.com'], path: '/', name: 'web' }),
    build: (s, props) => new WebService(shop(s), 'web', { image: IMAGE, route: props }),
  },
];
