import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { AppStack } from '../../../lib/core/app-stack';
import { AuthorizationPolicy, AuthorizationRule } from '../../../lib/mesh/authorization-policy';
import { MeshService } from '../../../lib/mesh/mesh-service';
import { PeerAuthentication } from '../../../lib/mesh/peer-authentication';
import { IstioSidecarInjection } from '../../../lib/mesh/sidecar-injection';
import { AppDefinition } from '../../../lib/output/synth-apps';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { BadInput, describeBadInputs, withUnknownProps } from '../../helpers/bad-input';

// Mistakes in the mesh's security constructs (AuthorizationPolicy, PeerAuthentication, sidecar injection) and in
// MeshService, each refused with the prop the user wrote, the value, and what Istio accepts.

const GOOD: AppDefinition = {
  name: 'good', description: 'a namespace with STRICT mutual TLS',
  build: (app) => new PeerAuthentication(new SecureNamespace(new AppStack(app, 'good'), 'shop'), 'mtls'),
};

const ns = (s: Construct) => new SecureNamespace(s, 'shop');
const ap = (s: Construct, rules: AuthorizationRule[], action?: 'ALLOW' | 'DENY') => new AuthorizationPolicy(ns(s), 'ap', { rules, action });
const from = (source: object): AuthorizationRule[] => [{ from: [source as any] }];
const to = (operation: object): AuthorizationRule[] => [{ to: [operation as any] }];
const workload = { workloadLabels: { app: 'legacy' } };
const reviews = (s: Construct, props = {}) => {
  const r = new MeshService(ns(s), 'reviews', props);
  r.addVersion('v1', { image: 'ghcr.io/acme/reviews:1.0.0' });
  return r;
};
const inStack = (build: (stack: Construct) => void) => (app: App) => build(new AppStack(app, 'bad'));

const CASES: BadInput[] = ([
  // AuthorizationPolicy, as Istio's ValidateAuthorizationPolicy and security.ValidateIPs/ValidatePorts see it.
  { title: 'an ipBlock with a 33-bit prefix', build: (s) => ap(s, from({ ipBlocks: ['10.0.0.0/33'] })),
    where: '[bad/shop/ap] rules[0].from[0].ipBlocks[0]: got "10.0.0.0/33"', expected: 'an IP address such as "10.0.0.1" or a CIDR block such as "10.0.0.0/16"' },
  { title: 'an ipBlock that is not an address', build: (s) => ap(s, from({ ipBlocks: ['10.0.0.300'] })),
    where: '[bad/shop/ap] rules[0].from[0].ipBlocks[0]: got "10.0.0.300"', expected: 'an IP address such as "10.0.0.1"' },
  { title: 'a remoteIpBlock that names a place', build: (s) => ap(s, from({ remoteIpBlocks: ['office'] })),
    where: '[bad/shop/ap] rules[0].from[0].remoteIpBlocks[0]: got "office"', expected: 'an IP address such as "10.0.0.1" or a CIDR block' },
  { title: 'ipBlocks as one string', build: (s) => ap(s, from({ ipBlocks: '10.0.0.0/8' })),
    where: '[bad/shop/ap] rules[0].from[0].ipBlocks: got "10.0.0.0/8"', expected: 'a non-empty list of IP addresses or CIDR blocks' },
  { title: 'a principal with a wildcard in the middle', build: (s) => ap(s, from({ principals: ['cluster.local/ns/*/sa/web'] })),
    where: '[bad/shop/ap] rules[0].from[0].principals[0]: got "cluster.local/ns/*/sa/web"', expected: 'a principal such as "cluster.local/ns/shop/sa/frontend"' },
  { title: 'an empty principal', build: (s) => ap(s, from({ principals: [''] })),
    where: '[bad/shop/ap] rules[0].from[0].principals[0]: got ""', expected: 'a principal such as' },
  { title: 'a namespace in capitals', build: (s) => ap(s, from({ namespaces: ['Shop'] })),
    where: '[bad/shop/ap] rules[0].from[0].namespaces[0]: got "Shop"', expected: 'a namespace name, "*", or a name with "*" at its start or end' },
  { title: 'an empty source', build: (s) => ap(s, from({})),
    where: '[bad/shop/ap] rules[0].from[0]: got {}', expected: 'a source with principals, namespaces, ipBlocks or remoteIpBlocks (Istio refuses an empty source)' },
  { title: 'an empty from list', build: (s) => ap(s, [{ from: [] }]),
    where: '[bad/shop/ap] rules[0].from: got []', expected: 'a non-empty list of sources' },
  { title: 'a method in lower case', build: (s) => ap(s, to({ methods: ['get'] })),
    where: '[bad/shop/ap] rules[0].to[0].methods[0]: got "get"', expected: 'an HTTP method in capitals such as "GET" or "POST"' },
  { title: 'a wildcard inside a path', build: (s) => ap(s, to({ paths: ['/api/*/items'] })),
    where: '[bad/shop/ap] rules[0].to[0].paths[0]: got "/api/*/items"', expected: 'a path such as "/api", "/api/*", "*.html"' },
  { title: 'a path template with {**} before the end', build: (s) => ap(s, to({ paths: ['/api/{**}/items'] })),
    where: '[bad/shop/ap] rules[0].to[0].paths[0]: got "/api/{**}/items"', expected: 'a path such as' },
  { title: 'port 0', build: (s) => ap(s, to({ ports: ['0'] })),
    where: '[bad/shop/ap] rules[0].to[0].ports[0]: got "0"', expected: 'a port number as a string, "1" to "65535"' },
  { title: 'a port as a number', build: (s) => ap(s, to({ ports: [8080] })),
    where: '[bad/shop/ap] rules[0].to[0].ports[0]: got 8080', expected: 'a port number as a string, "1" to "65535"' },
  { title: 'an empty operation', build: (s) => ap(s, to({})),
    where: '[bad/shop/ap] rules[0].to[0]: got {}', expected: 'an operation with methods, paths or ports' },
  { title: 'a DENY policy without rules', build: (s) => ap(s, [], 'DENY'),
    where: '[bad/shop/ap] rules: got []', expected: 'at least one rule for a DENY policy' },
  { title: 'an action Istio does not have', build: (s) => new AuthorizationPolicy(ns(s), 'ap', { action: 'REJECT' as any, rules: [{}] }),
    where: '[bad/shop/ap] action: got "REJECT"', expected: 'ALLOW, DENY or AUDIT' },
  { title: 'empty workload labels', build: (s) => new AuthorizationPolicy(ns(s), 'ap', { workloadLabels: {}, rules: [{}] }),
    where: '[bad/shop/ap] workloadLabels: got {}', expected: 'at least one entry' },
  // PeerAuthentication, as Istio's ValidatePeerAuthentication sees it.
  { title: 'an mTLS mode of another resource', build: (s) => new PeerAuthentication(ns(s), 'mtls', { mode: 'MUTUAL' as any, reason: 'x' }),
    where: '[bad/shop/mtls] mode: got "MUTUAL"', expected: 'STRICT, PERMISSIVE or DISABLE' },
  { title: 'portLevelMtls on port 0', build: (s) => new PeerAuthentication(ns(s), 'mtls', { scope: workload, portLevelMtls: { 0: 'PERMISSIVE' }, reason: 'scraper' }),
    where: '[bad/shop/mtls] portLevelMtls key: got "0"', expected: 'a port number from 1 to 65535' },
  { title: 'portLevelMtls on port 70000', build: (s) => new PeerAuthentication(ns(s), 'mtls', { scope: workload, portLevelMtls: { 70000: 'DISABLE' }, reason: 'scraper' }),
    where: '[bad/shop/mtls] portLevelMtls key: got "70000"', expected: 'a port number from 1 to 65535' },
  { title: 'a port-level mode "OFF"', build: (s) => new PeerAuthentication(ns(s), 'mtls', { scope: workload, portLevelMtls: { 9100: 'OFF' as any }, reason: 'scraper' }),
    where: '[bad/shop/mtls] portLevelMtls.9100: got "OFF"', expected: 'STRICT, PERMISSIVE or DISABLE' },
  { title: 'an empty portLevelMtls', build: (s) => new PeerAuthentication(ns(s), 'mtls', { scope: workload, portLevelMtls: {} }),
    where: '[bad/shop/mtls] portLevelMtls: got {}', expected: 'at least one port' },
  { title: 'a scope "cluster"', build: (s) => new PeerAuthentication(ns(s), 'mtls', { scope: 'cluster' as any }),
    where: '[bad/shop/mtls] scope: got "cluster"', expected: 'mesh or namespace' },
  { title: 'a workload scope without labels', build: (s) => new PeerAuthentication(ns(s), 'mtls', { scope: { workloadLabels: {} } }),
    where: '[bad/shop/mtls] scope.workloadLabels: got {}', expected: 'at least one entry' },
  { title: 'a reason that is a number', build: (s) => new PeerAuthentication(ns(s), 'mtls', { mode: 'PERMISSIVE', reason: 5 as any }),
    where: '[bad/shop/mtls] reason: got 5', expected: 'a reason of 1 to 1024 characters' },
  // Sidecar injection.
  { title: 'sidecar injection outside a SecureNamespace', build: (s) => new IstioSidecarInjection(s as any, 'inject'),
    where: '[bad/inject] scope: got "the construct at \\"bad\\""', expected: 'a SecureNamespace, whose pods get the sidecars' },
  { title: 'a revision in capitals', build: (s) => new IstioSidecarInjection(ns(s), 'inject', { revision: 'Canary' }),
    where: '[bad/shop/inject] revision: got "Canary"', expected: 'a DNS-1123 label' },
  { title: 'a revision beside default injection', build: (s) => { const n = ns(s); new IstioSidecarInjection(n, 'inject'); new IstioSidecarInjection(n, 'canary', { revision: 'canary' }); },
    where: '[bad/shop/canary] revision: got "canary"', expected: 'a namespace without the label istio-injection' },
  // MeshService and its methods.
  { title: 'a version prop on the service', build: (s) => new MeshService(ns(s), 'reviews', withUnknownProps({}, { replicas: 3 })),
    where: '[bad/shop/reviews] replicas: got 3', expected: 'a known prop' },
  { title: 'a port name longer than 15 characters', build: (s) => new MeshService(ns(s), 'reviews', { portName: 'http-reviews-public' }),
    where: '[bad/shop/reviews] portName: got "http-reviews-public"', expected: 'a port name that starts with its protocol' },
  { title: 'client MUTUAL TLS without a certificate, reported under trafficPolicy', build: (s) => new MeshService(ns(s), 'reviews', { trafficPolicy: { tlsMode: 'MUTUAL' } }),
    where: '[bad/shop/reviews] trafficPolicy.credentialName: got undefined', expected: 'an object name' },
  { title: 'addVersion with capitals', build: (s) => reviews(s).addVersion('V2', { image: 'ghcr.io/acme/reviews:2.0.0' }),
    where: '[bad/shop/reviews] addVersion(version): got "V2"', expected: 'a DNS-1123 label' },
  { title: 'addVersion without props', build: (s) => reviews(s).addVersion('v2', null as any),
    where: '[bad/shop/reviews] addVersion(props): got null', expected: 'the props of the version' },
  { title: 'split with a version name for weights', build: (s) => reviews(s).split('v1' as any),
    where: '[bad/shop/reviews] split(weights): got "v1"', expected: 'weights by version, e.g. { v1: 90, v2: 10 }' },
  { title: 'split with a fractional weight', build: (s) => reviews(s).split({ v1: 99.5 }),
    where: '[bad/shop/reviews] split(weights).v1: got 99.5', expected: 'an integer from 0 to 100' },
  { title: 'subset of a version not added', build: (s) => reviews(s).subset('v2'),
    where: '[bad/shop/reviews] subset(version): got "v2"', expected: 'a version of reviews: v1' },
] as Array<Omit<BadInput, 'build'> & { build: (stack: Construct) => void }>).map((c) => ({ ...c, build: inStack(c.build) }));

describeBadInputs('bad mesh security input is rejected at synth time with a clear error and no output', GOOD, CASES);
