import { Construct } from 'constructs';
import { AuthorizationPolicy } from '../../../lib/mesh/authorization-policy';
import { DestinationRule } from '../../../lib/mesh/destination-rule';
import { EnvoySidecar } from '../../../lib/mesh/envoy-sidecar';
import { IstioGateway } from '../../../lib/mesh/istio-gateway';
import { MeshService } from '../../../lib/mesh/mesh-service';
import { NginxTlsSidecar } from '../../../lib/mesh/nginx-tls-sidecar';
import { PeerAuthentication } from '../../../lib/mesh/peer-authentication';
import { IstioSidecarInjection } from '../../../lib/mesh/sidecar-injection';
import { VirtualService } from '../../../lib/mesh/virtual-service';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { JavaScriptValueTarget } from '../../helpers/javascript-values';

// The mesh constructs (all but IstioInstall, which has its own) and their public methods, fed every JavaScript value a
// caller may pass by mistake: each is refused with a ValidationError or accepted with output that validates against the
// strict Istio and Kubernetes schemas.

const shop = (s: Construct): SecureNamespace => (s.node.tryFindChild('shop') as SecureNamespace | undefined) ?? new SecureNamespace(s, 'shop');

/** A service with versions v1 and v2, for the targets of its methods. */
const reviews = (s: Construct): MeshService => {
  const r = new MeshService(shop(s), 'reviews', { containerPort: 5000 });
  r.addVersion('v1', { image: 'ghcr.io/acme/reviews:1.0.0' });
  r.addVersion('v2', { image: 'ghcr.io/acme/reviews:2.0.0' });
  return r;
};

export const TARGETS: JavaScriptValueTarget[] = [
  {
    name: 'IstioGateway',
    props: () => ({
      name: 'public', selector: { istio: 'ingressgateway' },
      servers: [
        { port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['shop/shop.example.com'], tls: { mode: 'SIMPLE', credentialName: 'shop-tls', minProtocolVersion: 'TLSV1_3' } },
        { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['shop.example.com'], tls: { httpsRedirect: true } },
      ],
    }),
    build: (s, props) => new IstioGateway(shop(s), 'gw', props),
    covers: ['IstioGateway'],
  },
  {
    name: 'VirtualService',
    props: () => ({
      hosts: ['shop.example.com'], gateways: ['shop/public'],
      http: [
        { name: 'api', match: [{ uri: { prefix: '/api' }, headers: { 'x-canary': { exact: 'yes' } } }], timeout: '10s',
          route: [{ host: 'reviews', subset: 'v1', port: 80, weight: 90 }, { host: 'reviews', subset: 'v2', weight: 10 }],
          retries: { attempts: 3, perTryTimeout: '2s', retryOn: '5xx,reset,503' } },
        { route: [{ host: 'reviews' }] },
      ],
    }),
    build: (s, props) => new VirtualService(shop(s), 'vs', props),
    covers: ['VirtualService'],
  },
  {
    name: 'DestinationRule',
    props: () => ({
      host: 'reviews',
      trafficPolicy: { tlsMode: 'MUTUAL', credentialName: 'client-tls', loadBalancer: 'RANDOM', portLevelSettings: [{ port: 9000, tlsMode: 'DISABLE', loadBalancer: 'ROUND_ROBIN' }] },
      subsets: [{ name: 'v1', labels: { version: 'v1' }, trafficPolicy: { loadBalancer: 'LEAST_REQUEST' } }],
    }),
    build: (s, props) => new DestinationRule(shop(s), 'dr', props),
    covers: ['DestinationRule'],
  },
  {
    name: 'DestinationRule.addSubset',
    props: () => ({ name: 'v2', labels: { version: 'v2' }, trafficPolicy: { tlsMode: 'SIMPLE' } }),
    build: (s, props) => new DestinationRule(shop(s), 'dr', { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }] }).addSubset(props),
    covers: ['DestinationRule.addSubset'],
  },
  {
    name: 'AuthorizationPolicy',
    props: () => ({
      workloadLabels: { app: 'api' }, action: 'ALLOW',
      rules: [{
        from: [{ principals: ['cluster.local/ns/shop/sa/web'], namespaces: ['shop'], ipBlocks: ['10.0.0.0/16'], remoteIpBlocks: ['203.0.113.7'] }],
        to: [{ methods: ['GET'], paths: ['/api/{*}/items/{**}'], ports: ['8080'] }],
      }],
    }),
    build: (s, props) => new AuthorizationPolicy(shop(s), 'ap', props),
    covers: ['AuthorizationPolicy'],
  },
  {
    name: 'PeerAuthentication',
    props: () => ({ scope: { workloadLabels: { app: 'legacy' } }, mode: 'STRICT', portLevelMtls: { 9100: 'PERMISSIVE' }, reason: 'Prometheus scrapes 9100' }),
    build: (s, props) => new PeerAuthentication(shop(s), 'mtls', props),
    covers: ['PeerAuthentication'],
  },
  {
    name: 'IstioSidecarInjection',
    props: () => ({ revision: 'canary', istiodNamespace: 'istio-system' }),
    build: (s, props) => new IstioSidecarInjection(shop(s), 'sidecars', props),
    covers: ['IstioSidecarInjection'],
  },
  {
    name: 'MeshService',
    props: () => ({ name: 'ratings', port: 8080, containerPort: 5000, portName: 'http-api', labels: { team: 'shop' }, trafficPolicy: { loadBalancer: 'RANDOM' } }),
    build: (s, props) => new MeshService(shop(s), 'ratings', props).addVersion('v1', { image: 'ghcr.io/acme/ratings:1.0.0' }),
    covers: ['MeshService'],
  },
  {
    name: 'MeshService.addVersion',
    props: () => ({ version: 'v3', image: 'ghcr.io/acme/reviews:3.0.0', replicas: 3, args: ['--canary'] }),
    paths: ['version', 'image', 'replicas', 'args', 'args.0', 'spread', 'disruptionBudget'],
    build: (s, props) => {
      if (props === null || typeof props !== 'object' || Array.isArray(props)) {
        reviews(s).addVersion('v3', props);
      } else {
        const { version, ...rest } = props;
        reviews(s).addVersion(version, rest);
      }
    },
    covers: ['MeshService.addVersion', 'MeshVersion'],
  },
  {
    name: 'MeshService.split and subset',
    props: () => ({ weights: { v1: 90, v2: 10 }, version: 'v1' }),
    build: (s, props) => {
      const r = reviews(s);
      new VirtualService(shop(s), 'vs', { hosts: ['reviews'], http: [{ match: [{ uri: { prefix: '/v1' } }], route: [r.subset(props?.version)] }, { route: r.split(props?.weights) }] });
    },
    covers: ['MeshService.split', 'MeshService.subset'],
  },
  {
    name: 'EnvoySidecar',
    props: () => ({
      tlsSecret: 'envoy-tls', configMapName: 'envoy', image: 'envoyproxy/envoy:v1.34.1', logLevel: 'debug',
      resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
      config: {
        adminPort: 9901,
        listeners: [{ name: 'ingress', port: 8443, portName: 'envoy-https', tls: true, routes: [{ prefix: '/api', cluster: 'api', prefixRewrite: '/' }, { prefix: '/', cluster: 'web' }] }],
        clusters: [
          { name: 'api', endpoints: [{ address: '10.0.0.10', port: 8080 }], discovery: 'STATIC', connectTimeout: '0.5s', lbPolicy: 'LEAST_REQUEST', http2: true },
          { name: 'web', endpoints: [{ address: 'web.shop.svc', port: 80 }], discovery: 'LOGICAL_DNS' },
        ],
      },
    }),
    build: (s, props) => new EnvoySidecar(shop(s), 'envoy', props),
    covers: ['EnvoySidecar'],
  },
  {
    name: 'NginxTlsSidecar',
    props: () => ({
      upstreamPort: 5000, certificateSecret: 'shop-tls', listenPort: 9443, portName: 'https', serverName: 'shop.example.com', protocols: ['TLSv1.3'],
      configMapName: 'nginx', image: 'nginxinc/nginx-unprivileged:1.28.0-alpine', resources: { requests: { cpu: '50m' }, limits: { memory: '128Mi' } },
    }),
    build: (s, props) => new NginxTlsSidecar(shop(s), 'proxy', props),
    covers: ['NginxTlsSidecar'],
  },
];
