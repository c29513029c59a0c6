import { Construct } from 'constructs';
import { ExternalEndpoints } from '../../../lib/networking/external-endpoints';
import { ExternalNameService } from '../../../lib/networking/external-name-service';
import { Service } from '../../../lib/networking/service';
import { ServiceTarget } from '../../../lib/networking/service-target';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { Worker } from '../../../lib/workloads/worker';
import { JavaScriptValueTarget, describeJavaScriptValues, rawError } from '../../helpers/javascript-values';

// Whatever a JavaScript caller passes to any prop of the Service constructs, nested or not, they answer with a
// ValidationError that names the field (or accept the value), never with a TypeError from deep inside.

const VALUES: readonly unknown[] = [null, undefined, 0, -1, 1.5, 70000, '', 'x', '${TfToken[TOKEN.1]}', true, [], [null], [{}], {}, { reason: '' }, [1, 2], ['0.0.0.0/0']];

const worker = (s: Construct, name: string) => new Worker(s, `${name}-workload`, {
  name, image: 'ghcr.io/acme/app:1.0.0', ports: [{ name: 'http', port: 8080 }], labels: Service.memberLabels('web'),
});

const TARGETS: JavaScriptValueTarget[] = [
  {
    name: 'Service over workloads',
    props: () => ({
      type: 'NodePort', ports: [{ name: 'http', port: 80, nodePort: 30080, appProtocol: 'http' }], sessionAffinity: 'ClientIP', sessionAffinityTimeoutSeconds: 60,
      externalTrafficPolicy: 'Local', internalTrafficPolicy: 'Cluster', ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv4', 'IPv6'],
      publishNotReadyAddresses: false, trafficDistribution: 'PreferClose', annotations: { a: 'b' }, labels: { c: 'd' },
    }),
    paths: ['name', 'namespace', 'labels', 'target', 'selector', 'ports', 'ports.0', 'ports.0.name', 'ports.0.port', 'ports.0.targetPort', 'ports.0.protocol',
      'ports.0.nodePort', 'ports.0.appProtocol', 'type', 'loadBalancer', 'annotations', 'sessionAffinity', 'sessionAffinityTimeoutSeconds', 'externalTrafficPolicy',
      'internalTrafficPolicy', 'ipFamilyPolicy', 'ipFamilies', 'ipFamilies.0', 'publishNotReadyAddresses', 'trafficDistribution'],
    build: (s, props) => {
      const ns = new SecureNamespace(s, 'shop');
      const v1 = worker(ns, 'v1');
      const v2 = worker(ns, 'v2');
      new Service(ns, 'web', { target: [v1, v2], ...props });
    },
  },
  {
    name: 'Service over a selector',
    props: () => ({ selector: { app: 'legacy' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] }),
    paths: ['selector', 'selector.app', 'ports', 'ports.0', 'ports.0.name', 'ports.0.port', 'ports.0.targetPort', 'type'],
    build: (s, props) => new Service(new SecureNamespace(s, 'shop'), 'legacy', props),
  },
  {
    name: 'Service targets',
    props: () => ({ target: [ServiceTarget.pods({ name: 'grafana', namespace: 'shop', selector: { app: 'grafana' }, ports: [{ name: 'http', port: 3000 }], adminGateway: 'Grafana' })] }),
    paths: ['target.0', 'target.0.name', 'target.0.namespace', 'target.0.selector', 'target.0.ports', 'target.0.ports.0', 'target.0.ports.0.name',
      'target.0.ports.0.port', 'target.0.ports.0.protocol', 'target.0.adminGateway'],
    build: (s, props) => new Service(new SecureNamespace(s, 'shop'), 'grafana', props),
  },
  {
    name: 'LoadBalancer',
    props: () => ({
      type: 'LoadBalancer', ports: ['http'],
      loadBalancer: { sourceRanges: ['0.0.0.0/0'], openToAll: { reason: 'public' }, scheme: 'internet-facing', loadBalancerClass: 'service.k8s.aws/nlb', hostname: 'a.example.com' },
    }),
    paths: ['loadBalancer', 'loadBalancer.sourceRanges', 'loadBalancer.sourceRanges.0', 'loadBalancer.openToAll', 'loadBalancer.openToAll.reason',
      'loadBalancer.scheme', 'loadBalancer.loadBalancerClass', 'loadBalancer.hostname', 'ports', 'ports.0'],
    build: (s, props) => {
      const ns = new SecureNamespace(s, 'shop');
      new Service(ns, 'web', { target: worker(ns, 'web'), ...props });
    },
  },
  {
    name: 'ExternalNameService',
    props: () => ({ externalName: { hostname: 'db.example.com', port: 5432 }, ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }], annotations: { a: 'b' } }),
    paths: ['externalName', 'externalName.hostname', 'externalName.port', 'ports', 'ports.0', 'ports.0.name', 'ports.0.port', 'ports.0.protocol', 'annotations', 'name', 'labels'],
    build: (s, props) => new ExternalNameService(new SecureNamespace(s, 'shop'), 'db', props),
  },
  {
    name: 'ExternalEndpoints',
    props: () => ({ addresses: ['192.168.24.14', '2001:db8::1'], ports: [{ name: 'http', port: 9200, targetPort: 9200, protocol: 'TCP', appProtocol: 'http' }], headless: false }),
    paths: ['addresses', 'addresses.0', 'addresses.1', 'ports', 'ports.0', 'ports.0.name', 'ports.0.port', 'ports.0.targetPort', 'ports.0.protocol', 'ports.0.appProtocol',
      'addressType', 'headless', 'annotations', 'labels', 'namespace'],
    build: (s, props) => new ExternalEndpoints(new SecureNamespace(s, 'search'), 'es', props),
  },
];

describeJavaScriptValues(TARGETS, VALUES);

test('the whole props object may be anything too', () => {
  const raw: string[] = [];
  const builders: Array<(s: Construct, p: any) => void> = [
    (s, p) => new Service(new SecureNamespace(s, 'shop'), 'web', p),
    (s, p) => new ExternalNameService(new SecureNamespace(s, 'shop'), 'db', p),
    (s, p) => new ExternalEndpoints(new SecureNamespace(s, 'shop'), 'es', p),
  ];
  for (const build of builders) {
    raw.push(...VALUES.map((value) => rawError((s) => build(s, value), value)).filter((r): r is string => r !== undefined));
  }
  expect(raw).toEqual([]);
});
