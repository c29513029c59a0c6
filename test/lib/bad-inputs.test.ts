import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { AppStack } from '../../lib/core/app-stack';
import { DefaultDenyPolicy } from '../../lib/networking/default-deny-policy';
import { IngressController } from '../../lib/networking/ingress-controller';
import { IngressTls } from '../../lib/networking/ingress-tls';
import { NetworkPeer } from '../../lib/networking/network-peer';
import { NetworkPolicy } from '../../lib/networking/network-policy';
import { Gateway } from '../../lib/networking/gateway';
import { GatewayController } from '../../lib/networking/gateway-controller';
import { WebIngress } from '../../lib/networking/web-ingress';
import { AppDefinition } from '../../lib/output/synth-apps';
import { AwsSecretsManagerStore } from '../../lib/security/aws-secret-store';
import { ExternalSecret } from '../../lib/security/external-secret';
import { SecureNamespace } from '../../lib/security/secure-namespace';
import { EbsStorageClass } from '../../lib/storage/ebs-storage-class';
import { Autoscaler } from '../../lib/workloads/autoscaler';
import { DisruptionBudget } from '../../lib/workloads/disruption-budget';
import { Probe } from '../../lib/workloads/probe';
import { StatefulService, StatefulServiceProps } from '../../lib/workloads/stateful-service';
import { WebService, WebServiceProps } from '../../lib/workloads/web-service';
import { BadInput, describeBadInputs, withUnknownProps } from '../helpers/bad-input';

const IMAGE = 'ghcr.io/example/web:1.0.0';
const nginx = IngressController.INGRESS_NGINX;

function webIn(scope: Construct, props: Partial<WebServiceProps>): void {
  new WebService(new SecureNamespace(scope, 'shop'), 'web', { image: IMAGE, ...props });
}

function dbIn(scope: Construct, props: Partial<StatefulServiceProps>): void {
  new StatefulService(new SecureNamespace(scope, 'shop'), 'db', {
    image: 'postgres:17.2',
    ports: [{ name: 'postgres', port: 5432 }],
    claims: [{ name: 'data', mountPath: '/data', size: '10Gi' }],
    ...props,
  });
}

const SYSTEM_NAMESPACE = 'a namespace other than kube-system, kube-public and kube-node-lease: a default-deny NetworkPolicy there cuts off '
  + 'cluster DNS and the control plane\'s add-ons, a cluster-wide outage; manage those namespaces with the platform\'s own tooling';
const DEPLOYMENT = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
const GATEWAY = Gateway.existing('public', { namespace: 'gateways', controller: GatewayController.ENVOY_GATEWAY });

/** Each case builds its constructs in the stack "bad". */
const inStack = (build: (stack: Construct) => void) => (app: App) => build(new AppStack(app, 'bad'));

const CASES: BadInput[] = ([
  { title: 'namespace name not DNS-1123', build: (s) => new SecureNamespace(s, 'My_Namespace'),
    where: '[bad/My_Namespace] name: got "My_Namespace"', expected: 'a DNS-1123 label' },
  { title: 'service name with an underscore', build: (s) => webIn(s, { name: 'Web_App' }),
    where: '[bad/shop/web] name: got "Web_App"', expected: 'a DNS-1035 label' },
  { title: 'service name starting with a digit', build: (s) => webIn(s, { name: '1web' }),
    where: '[bad/shop/web] name: got "1web"', expected: 'a DNS-1035 label' },
  { title: 'container port above 65535', build: (s) => webIn(s, { containerPort: 70000 }),
    where: '[bad/shop/web] containerPort: got 70000', expected: 'an integer port number from 1 to 65535' },
  { title: 'container port 0', build: (s) => webIn(s, { containerPort: 0 }),
    where: '[bad/shop/web] containerPort: got 0', expected: 'an integer port number from 1 to 65535' },
  { title: 'negative service port', build: (s) => webIn(s, { servicePort: -1 }),
    where: '[bad/shop/web] servicePort: got -1', expected: 'an integer port number from 1 to 65535' },
  { title: 'negative replicas', build: (s) => webIn(s, { replicas: -1 }),
    where: '[bad/shop/web] replicas: got -1', expected: 'an integer from 0 to 10000' },
  { title: 'fractional replicas', build: (s) => dbIn(s, { replicas: 2.5 }),
    where: '[bad/shop/db] replicas: got 2.5', expected: 'an integer from 0 to 10000' },
  { title: 'untagged image', build: (s) => webIn(s, { image: 'nginx' }),
    where: '[bad/shop/web] image: got "nginx"', expected: 'an image reference pinned by tag or digest' },
  { title: 'latest image', build: (s) => webIn(s, { image: 'nginx:latest' }),
    where: '[bad/shop/web] image: got "nginx:latest"', expected: 'an image reference pinned by tag or digest' },
  { title: 'claim size in "Gb"', build: (s) => dbIn(s, { claims: [{ name: 'data', mountPath: '/data', size: '10Gb' }] }),
    where: '[bad/shop/db] claims[0].size: got "10Gb"', expected: 'a positive Kubernetes quantity such as "10Gi"' },
  { title: 'zero claim size', build: (s) => dbIn(s, { claims: [{ name: 'data', mountPath: '/data', size: '0' }] }),
    where: '[bad/shop/db] claims[0].size: got "0"', expected: 'a positive Kubernetes quantity' },
  { title: 'storage class not a valid name', build: (s) => dbIn(s, { claims: [{ name: 'data', mountPath: '/data', size: '1Gi', storageClassName: 'GP3!' }] }),
    where: '[bad/shop/db] claims[0].storageClassName: got "GP3!"', expected: 'an object name' },
  { title: 'memory request in "Gb"', build: (s) => webIn(s, { resources: { requests: { memory: '1Gb' } } }),
    where: '[bad/shop/web] resources.requests.memory: got "1Gb"', expected: 'a positive Kubernetes quantity' },
  { title: 'request above limit', build: (s) => webIn(s, { resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } }),
    where: '[bad/shop/web] resources.requests.cpu: got "2"', expected: 'a request no larger than the limit (1)' },
  { title: 'empty Ingress host', build: (s) => webIn(s, { ingress: { host: '', controller: nginx } }),
    where: '[bad/shop/web] ingress.host: got ""', expected: 'a DNS host name such as "counter.com"' },
  { title: 'Ingress host with upper case', build: (s) => webIn(s, { ingress: { host: 'Counter.com', controller: nginx } }),
    where: '[bad/shop/web] ingress.host: got "Counter.com"', expected: 'a DNS host name' },
  { title: 'TLS host not in the rules', build: (s) => webIn(s, { ingress: { host: 'counter.com', controller: nginx, tls: IngressTls.fromSecret('tls', { hosts: ['other.com'] }) } }),
    where: '[bad/shop/web] ingress.tls.hosts[0]: got "other.com"', expected: 'a host that appears in the Ingress rules (counter.com)' },
  { title: 'Ingress path without leading slash', build: (s) => webIn(s, { ingress: { host: 'counter.com', path: 'api', controller: nginx } }),
    where: '[bad/shop/web] ingress.path: got "api"', expected: 'an absolute HTTP path starting with "/"' },
  { title: 'plaintext password in env', build: (s) => webIn(s, { env: { DB_PASSWORD: 'hunter2' } }),
    where: '[bad/shop/web] env.DB_PASSWORD: got "<redacted>"', expected: 'a Secret reference, EnvValue.fromSecret(source, key)' },
  { title: 'no ports on a stateful service', build: (s) => dbIn(s, { ports: [] }),
    where: '[bad/shop/db] ports: got []', expected: 'at least one container port' },
  { title: 'upper-case port name', build: (s) => dbIn(s, { ports: [{ name: 'HTTP', port: 80 }] }),
    where: '[bad/shop/db] ports[0].name: got "HTTP"', expected: 'an IANA port name' },
  { title: 'deleting claims without a reason', build: (s) => dbIn(s, { claimRetention: { whenDeleted: 'Delete' } }),
    where: '[bad/shop/db] claimRetention.reason: got undefined', expected: 'a reason why deleting the claims (and their data) is acceptable' },
  { title: 'StatefulSet name too long for its revision label', build: (s) => dbIn(s, { name: `db-${'x'.repeat(50)}` }),
    where: `[bad/shop/db] name: got "db-${'x'.repeat(50)}"`, expected: 'at most 52 characters' },
  { title: 'autoscaler max below min', build: (s) => webIn(s, { autoscaling: { minReplicas: 5, maxReplicas: 3 } }),
    where: '[bad/shop/web] autoscaling.maxReplicas: got 3', expected: 'an integer >= minReplicas (5)' },
  { title: 'replicas and autoscaling together', build: (s) => webIn(s, { replicas: 3, autoscaling: { maxReplicas: 5 } }),
    where: '[bad/shop/web] replicas: got 3', expected: 'no fixed replica count when autoscaling is set' },
  { title: 'a budget that allows no disruption', build: (s) => webIn(s, { disruptionBudget: { maxUnavailable: 0 } }),
    where: '[bad/shop/web] disruptionBudget.maxUnavailable: got 0', expected: 'an integer >= 1' },
  { title: 'minAvailable equal to replicas', build: (s) => webIn(s, { replicas: 2, disruptionBudget: { minAvailable: 2 } }),
    where: '[bad/shop/web] disruptionBudget.minAvailable: got 2', expected: 'fewer than the 2 replicas' },
  { title: 'no namespace', build: (s) => new WebService(s, 'web', { image: IMAGE }),
    where: '[bad/web] namespace: got undefined', expected: 'a namespace: set `namespace` or define the construct inside a SecureNamespace' },
  { title: 'relative writable path', build: (s) => webIn(s, { writablePaths: ['tmp'] }),
    where: '[bad/shop/web] writablePaths[0].path: got "tmp"', expected: 'an absolute path' },
  { title: 'a writable path on top of a claim', build: (s) => dbIn(s, { writablePaths: ['/data'] }),
    where: '[bad/shop/db] writablePaths[0].path: got "/data"', expected: 'a path other than /data whose volume name differs from "data", which a claim already uses' },
  { title: 'root user', build: (s) => webIn(s, { runAsUser: 0 }),
    where: '[bad/shop/web] runAsUser: got 0', expected: 'an integer from 1 to 2147483647' },
  { title: 'HTTP probe path without slash', build: (s) => webIn(s, { readiness: Probe.http('healthz', 'http') }),
    where: '[bad/shop/web] readiness.path: got "healthz"', expected: 'an absolute HTTP path' },
  { title: 'probe on an unknown port name', build: (s) => webIn(s, { liveness: Probe.tcp('admin') }),
    where: '[bad/shop/web] liveness.port: got "admin"', expected: "a port number or one of the container's port names (http)" },
  // Children built from the user's props report under the prop the user wrote.
  { title: 'Ingress without a controller', build: (s) => webIn(s, { ingress: { host: 'shop.example.com' } as any }),
    where: '[bad/shop/web] ingress.controller: got undefined', expected: 'an IngressController' },
  { title: 'route host name in upper case', build: (s) => webIn(s, { route: { gateway: GATEWAY, hostnames: ['Shop.example.com'] } }),
    where: '[bad/shop/web] route.hostnames[0]: got "Shop.example.com"', expected: 'a DNS host name' },
  { title: 'autoscaling with the autoscaler\'s own "target"', build: (s) => webIn(s, { autoscaling: { maxReplicas: 5, target: 'web' } as any }),
    where: '[bad/shop/web] autoscaling.target: got "web"', expected: 'a known prop; the props are cpuUtilization, maxReplicas, memoryUtilization, minReplicas' },
  { title: 'autoscaling minReplicas 0', build: (s) => webIn(s, { autoscaling: { minReplicas: 0, maxReplicas: 5 } }),
    where: '[bad/shop/web] autoscaling.minReplicas: got 0', expected: 'an integer >= 1' },
  { title: 'a stateful budget that allows no disruption', build: (s) => dbIn(s, { replicas: 3, disruptionBudget: { minAvailable: 3 } }),
    where: '[bad/shop/db] disruptionBudget.minAvailable: got 3', expected: 'fewer than the 3 replicas' },
  // What JavaScript callers pass by mistake.
  { title: 'WebService props null', build: (s) => new WebService(new SecureNamespace(s, 'shop'), 'web', null as any),
    where: '[bad/shop/web] props: got null', expected: 'an object of props' },
  { title: 'a number as an env value', build: (s) => webIn(s, { env: { PORT: 8080 as any } }),
    where: '[bad/shop/web] env.PORT: got 8080', expected: 'a string or an EnvValue' },
  { title: 'null as an env value', build: (s) => dbIn(s, { env: { PGDATA: null as any } }),
    where: '[bad/shop/db] env.PGDATA: got null', expected: 'a string or an EnvValue' },
  { title: 'replicas NaN', build: (s) => webIn(s, { replicas: NaN }), where: '[bad/shop/web] replicas: got NaN', expected: 'an integer from 0 to 10000' },
  { title: 'ports as one object', build: (s) => dbIn(s, { ports: { name: 'postgres', port: 5432 } as any }),
    where: '[bad/shop/db] ports: got {"name":"postgres","port":5432}', expected: 'a list of container ports' },
  { title: 'claims as one object', build: (s) => dbIn(s, { claims: { name: 'data', mountPath: '/data', size: '1Gi' } as any }),
    where: '[bad/shop/db] claims: got {"name":"data","mountPath":"/data","size":"1Gi"}', expected: 'a list of claim templates' },
  { title: 'podManagementPolicy "Random"', build: (s) => dbIn(s, { podManagementPolicy: 'Random' as any }),
    where: '[bad/shop/db] podManagementPolicy: got "Random"', expected: '"OrderedReady" or "Parallel"' },
  // Quiet mistakes
  { title: 'memory "500m"', build: (s) => webIn(s, { resources: { requests: { memory: '500m' }, limits: { memory: '1Gi' } } }),
    where: '[bad/shop/web] resources.requests.memory: got "500m"', expected: 'an amount of bytes such as "512Mi" or "1Gi" ("m" is the milli suffix: "500m" is a fraction of a byte; did you mean "500Mi"?)' },
  { title: 'a probe on a port no container declares', build: (s) => dbIn(s, { liveness: Probe.tcp(5433) }),
    where: '[bad/shop/db] liveness.port: got 5433', expected: 'a port that a container of the pod declares (5432)' },
  { title: 'a claim mounted with ".." in its subPath', build: (s) => dbIn(s, { claims: [{ name: 'data', mountPath: '/data', size: '1Gi', subPath: '../pg' }] }),
    where: '[bad/shop/db] claims[0].subPath: got "../pg"', expected: 'a relative path inside the volume, without ".."' },
  { title: 'refresh interval not a duration', build: (s) => new ExternalSecret(new SecureNamespace(s, 'shop'), 'creds', { refreshInterval: '1 hour', data: { a: { key: 'x' } } }),
    where: '[bad/shop/creds] refreshInterval: got "1 hour"', expected: 'a duration such as "1h"' },
  { title: 'egress to a bad CIDR', build: (s) => {
    const ns = new SecureNamespace(s, 'shop');
    ns.allowEgress({ from: new WebService(ns, 'web', { image: IMAGE }), to: NetworkPeer.ipBlock('10.0.0.0/40'), ports: [{ port: 443 }] });
  }, where: '[bad/shop] allowEgress.to.cidr: got "10.0.0.0/40"', expected: 'a CIDR block' },
  // The cluster's own namespaces: locking them down is a cluster-wide outage.
  { title: 'a SecureNamespace for kube-system', build: (s) => new SecureNamespace(s, 'kube-system'),
    where: '[bad/kube-system] name: got "kube-system"', expected: SYSTEM_NAMESPACE },
  { title: 'a SecureNamespace named kube-node-lease', build: (s) => new SecureNamespace(s, 'leases', { name: 'kube-node-lease' }),
    where: '[bad/leases] name: got "kube-node-lease"', expected: SYSTEM_NAMESPACE },
  // Unknown props (a typo, or a field of another construct) are refused, never silently dropped.
  { title: 'a SecureNamespace prop in the wrong case', build: (s) => new SecureNamespace(s, 'shop', withUnknownProps({}, { podSecuritylevel: 'baseline' })),
    where: '[bad/shop] podSecuritylevel: got "baseline"', expected: 'a known prop (did you mean "podSecurityLevel"?)' },
  { title: 'an ExternalSecret with "refresh" for "refreshInterval"', build: (s) => new ExternalSecret(new SecureNamespace(s, 'shop'), 'creds',
    withUnknownProps({ data: { a: { key: 'x' } } }, { refreshInterval: '1h', refresh: '1h' })),
  where: '[bad/shop/creds] refresh: got "1h"', expected: 'a known prop; the props are data, labels, name, namespace, refreshInterval, store, template' },
  { title: 'a remote value with "propery" for "property"', build: (s) => new ExternalSecret(new SecureNamespace(s, 'shop'), 'creds',
    { data: { password: withUnknownProps({ key: 'counter/mysql' }, { propery: 'password' }) } }),
  where: '[bad/shop/creds] data.password.propery: got "password"', expected: 'a known prop (did you mean "property"?); the props are key, property, version' },
  { title: 'an AwsSecretsManagerStore with "namespaceSelector"', build: (s) => new AwsSecretsManagerStore(s, 'store',
    withUnknownProps({ region: 'us-west-2', namespaces: ['shop'] }, { namespaceSelector: { team: 'a' } })),
  where: '[bad/store] namespaceSelector: got {"team":"a"}', expected: 'a known prop; the props are name, namespaceLabels, namespaces, region' },
  { title: 'a NetworkPolicy with "podSelectors"', build: (s) => new NetworkPolicy(new SecureNamespace(s, 'shop'), 'p',
    withUnknownProps({ podSelector: {}, egress: [] }, { podSelectors: { app: 'web' } })),
  where: '[bad/shop/p] podSelectors: got {"app":"web"}', expected: 'a known prop (did you mean "podSelector"?)' },
  { title: 'a NetworkPolicy rule with the Kubernetes field "from"', build: (s) => new NetworkPolicy(new SecureNamespace(s, 'shop'), 'p',
    { podSelector: {}, ingress: [withUnknownProps({ peers: [NetworkPeer.namespace('monitoring')] }, { from: [] })] }),
  where: '[bad/shop/p] ingress[0].from: got []', expected: 'a known prop; the props are peers, ports' },
  { title: 'a DefaultDenyPolicy with "dnsServer" for "dns"', build: (s) => new DefaultDenyPolicy(s, 'deny', withUnknownProps({ namespace: 'legacy' }, { dnsServer: {} })),
    where: '[bad/deny] dnsServer: got {}', expected: 'a known prop; the props are dns, name, namespace' },
  { title: 'a WebIngress with "rule" for "rules"', build: (s) => new WebIngress(new SecureNamespace(s, 'shop'), 'ing',
    withUnknownProps({ controller: nginx, rules: [{ host: 'shop.example.com', serviceName: 'web', servicePort: 80 }] }, { rule: [] })),
  where: '[bad/shop/ing] rule: got []', expected: 'a known prop (did you mean "rules"?)' },
  { title: 'an Ingress rule with "port" for "servicePort"', build: (s) => new WebIngress(new SecureNamespace(s, 'shop'), 'ing',
    { controller: nginx, rules: [withUnknownProps({ host: 'shop.example.com', serviceName: 'web', servicePort: 80 }, { port: 8080 })] }),
  where: '[bad/shop/ing] rules[0].port: got 8080', expected: 'a known prop (did you mean "host"?); the props are host, path, pathType, serviceName, servicePort' },
  { title: 'an EbsStorageClass with "type" for "volumeType"', build: (s) => new EbsStorageClass(s, 'gp3', withUnknownProps({}, { type: 'io2' })),
    where: '[bad/gp3] type: got "io2"', expected: 'a known prop; the props are deleteVolumes' },
  { title: 'an Autoscaler with "maxReplica" for "maxReplicas"', build: (s) => new Autoscaler(s, 'hpa',
    withUnknownProps({ name: 'web', namespace: 'shop', maxReplicas: 5, target: DEPLOYMENT }, { maxReplica: 10 })),
  where: '[bad/hpa] maxReplica: got 10', expected: 'a known prop (did you mean "maxReplicas"?)' },
  { title: 'an Autoscaler target with "apiGroup"', build: (s) => new Autoscaler(s, 'hpa',
    { name: 'web', namespace: 'shop', maxReplicas: 5, target: withUnknownProps(DEPLOYMENT, { apiGroup: 'apps' }) }),
  where: '[bad/hpa] target.apiGroup: got "apps"', expected: 'a known prop; the props are apiVersion, kind, name' },
  { title: 'a DisruptionBudget with "minAvailble" for "minAvailable"', build: (s) => new DisruptionBudget(s, 'pdb',
    withUnknownProps({ name: 'web', namespace: 'shop', selector: { app: 'web' } }, { minAvailble: 1 })),
  where: '[bad/pdb] minAvailble: got 1', expected: 'a known prop (did you mean "minAvailable"?)' },
] as Array<Omit<BadInput, 'build'> & { build: (stack: Construct) => void }>).map((c) => ({ ...c, build: inStack(c.build) }));

const good: AppDefinition = {
  name: 'good',
  description: 'a valid app synthesized before each bad one',
  build: (app) => webIn(new AppStack(app, 'good'), {}),
};

describeBadInputs('bad input is rejected at synth time with a clear error and no output', good, CASES);
