import { Gateway } from '../../../lib/networking/gateway';
import { GatewayClass } from '../../../lib/networking/gateway-class';
import { GatewayController } from '../../../lib/networking/gateway-controller';
import { GatewayHttpRoute } from '../../../lib/networking/http-route';
import { ListenerTls } from '../../../lib/networking/listener-tls';
import { ReferenceGrant } from '../../../lib/networking/reference-grant';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { WebService } from '../../../lib/workloads/web-service';
import { JavaScriptValueTarget, describeJavaScriptValues } from '../../helpers/javascript-values';

// Whatever a JavaScript caller passes to any prop, nested or not, the constructs answer with a ValidationError that
// names the field, never with a TypeError from deep inside.

const VALUES: readonly unknown[] = [null, undefined, 0, -1, 1.5, '', 'x', true, [], [null], [{}], {}, { reason: '' }, [1, 2]];

const HTTPS = { name: 'https', protocol: 'HTTPS', hostname: 'shop.example.com', tls: ListenerTls.fromSecret('shop-tls') };
const RULE = { backends: [{ serviceName: 'web', port: 80 }] };

/** Paths (dot-separated, numbers for array items) into the props of each construct, and how to build it with the props. */
const TARGETS: JavaScriptValueTarget[] = [
  {
    name: 'Gateway',
    props: () => ({ controller: GatewayController.ISTIO, listeners: [{ ...HTTPS }], annotations: { a: 'b' } }),
    paths: ['controller', 'listeners', 'annotations', 'listeners.0', 'listeners.0.name', 'listeners.0.protocol', 'listeners.0.port', 'listeners.0.hostname',
      'listeners.0.tls', 'listeners.0.allowedRoutes', 'listeners.0.redirectToHttps', 'listeners.0.plainHttp'],
    build: (s, props) => new Gateway(new SecureNamespace(s, 'edge'), 'gw', props),
  },
  {
    name: 'HTTPRoute',
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
      'rules.0.matches.0.pathType', 'rules.0.matches.0.headers', 'rules.0.matches.0.headers.0', 'rules.0.matches.0.headers.0.value', 'rules.0.matches.0.queryParams',
      'rules.0.matches.0.method', 'rules.0.backends', 'rules.0.backends.0', 'rules.0.backends.0.service', 'rules.0.backends.0.port', 'rules.0.backends.0.weight',
      'rules.0.backends.0.namespace', 'rules.0.rewrite', 'rules.0.rewrite.replaceFullPath', 'rules.0.requestHeaders', 'rules.0.requestHeaders.set',
      'rules.0.requestHeaders.remove', 'rules.0.responseHeaders', 'rules.1.redirect', 'rules.1.redirect.port', 'rules.1.redirect.statusCode',
      'rules.1.redirect.replacePrefixMatch', 'annotations', 'referenceGrants'],
    build: (s, props) => {
      const ns = new SecureNamespace(s, 'edge');
      const gw = new Gateway(ns, 'gw', { controller: GatewayController.ISTIO, listeners: [HTTPS as any] });
      new GatewayHttpRoute(ns, 'route', { parents: [gw], ...props });
    },
  },
  {
    name: 'HTTPRoute parents',
    props: () => ({ parents: [{ gateway: Gateway.existing('shared', { namespace: 'platform', controller: GatewayController.ISTIO }), listener: 'https' }], rules: [RULE] }),
    paths: ['parents', 'parents.0', 'parents.0.gateway', 'parents.0.listener'],
    build: (s, props) => new GatewayHttpRoute(new SecureNamespace(s, 'edge'), 'route', props),
  },
  {
    name: 'ReferenceGrant',
    props: () => ({ from: [{ kind: 'HTTPRoute', namespace: 'edge' }], to: [{ kind: 'Service', name: 'web' }], anyName: { reason: 'r' } }),
    paths: ['from', 'from.0', 'from.0.kind', 'from.0.namespace', 'from.0.group', 'to', 'to.0', 'to.0.kind', 'to.0.name', 'anyName'],
    build: (s, props) => new ReferenceGrant(new SecureNamespace(s, 'shop'), 'grant', props),
  },
  {
    name: 'GatewayClass',
    props: () => ({ controller: GatewayController.ENVOY_GATEWAY, description: 'd', labels: { a: 'b' } }),
    paths: ['controller', 'description', 'labels'],
    build: (s, props) => new GatewayClass(s, 'class', props),
  },
  {
    name: 'WebService route',
    props: () => ({ image: 'ghcr.io/acme/web:1.0.0', route: { gateway: Gateway.existing('shared', { namespace: 'platform', controller: GatewayController.ISTIO }), listener: 'https', hostnames: ['a.example.com'], path: '/', name: 'web' } }),
    paths: ['route', 'route.gateway', 'route.listener', 'route.hostnames', 'route.path', 'route.name'],
    build: (s, props) => new WebService(new SecureNamespace(s, 'shop'), 'web', props),
  },
  {
    name: 'GatewayController.of',
    props: () => ({ className: 'c', controllerName: 'example.com/c', dataPlaneNamespace: 'n', podLabels: { a: 'b' }, gatewayNameLabel: 'g', gatewayNamespaceLabel: 'h' }),
    paths: ['className', 'controllerName', 'dataPlaneNamespace', 'podLabels', 'gatewayNameLabel', 'gatewayNamespaceLabel'],
    build: (_s, props) => GatewayController.of(props),
  },
  {
    name: 'ListenerTls.fromCertManager',
    props: () => ({ clusterIssuer: 'ca', secretName: 's' }),
    paths: ['clusterIssuer', 'issuer', 'secretName'],
    build: (s, props) => new Gateway(new SecureNamespace(s, 'edge'), 'gw', {
      controller: GatewayController.ISTIO, listeners: [{ ...HTTPS, tls: ListenerTls.fromCertManager(props) } as any],
    }),
  },
];

describeJavaScriptValues(TARGETS, VALUES);
