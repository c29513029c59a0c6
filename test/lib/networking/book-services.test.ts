import { AppStack } from '../../../lib/core/app-stack';
import { ExternalEndpoints } from '../../../lib/networking/external-endpoints';
import { ExternalNameService } from '../../../lib/networking/external-name-service';
import { Service } from '../../../lib/networking/service';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { synthApp } from '../../../lib/testing/synthesized-app';
import { Worker } from '../../../lib/workloads/worker';
import { expectSchemaValid } from '../../helpers/schemas';

// The Services of the CKA notes (seed-003a rows N1-N7 and the canary of W3), written with keelson, in one app that
// goes through the whole policy, as `npm run synth` would.
const book = synthApp({
  name: 'book-services',
  description: 'every Service type of the CKA notes',
  build: (app) => {
    const ns = new SecureNamespace(new AppStack(app, 'book-services'), 'services');
    const nginx = (name: string, port = 80) => new Worker(ns, `${name}-deployment`, { name, image: 'nginx:1.27.3', ports: [{ name: 'http', port }], runAsUser: 101 });

    // N1: `kubectl expose` of nginx-deploy, 8080 -> 80.
    new Service(ns, 'nginx-deploy', { target: nginx('nginx-deploy'), ports: [{ name: 'http', port: 8080 }] });
    // N2: `kubectl create service nodeport nginx --tcp=80`: port 80 named "80", over app=nginx.
    nginx('nginx');
    new Service(ns, 'nginx', { type: 'NodePort', selector: { app: 'nginx' }, ports: [{ name: '80', port: 80, targetPort: 80 }] });
    // N4: NodePort 30036, 8080 -> 80.
    new Service(ns, 'hello-world', { type: 'NodePort', target: nginx('hello-world'), ports: [{ name: 'http', port: 8080, nodePort: 30036 }] });
    // N5: a LoadBalancer (here the AWS Load Balancer Controller's internal NLB, for the VPC only).
    new Service(ns, 'nginx-lb', { type: 'LoadBalancer', target: nginx('nginx-public'), ports: ['http'], loadBalancer: { sourceRanges: ['10.0.0.0/16'] } });
    // N6: ExternalName for the RDS database, port 80 as in the notes.
    new ExternalNameService(ns, 'db-service', { externalName: 'test.database.aws-cn-northeast1b.com', ports: [80] });
    // N7: a headless Service over app=nginx (here the Deployment of N2).
    new Service(ns, 'nginx-headless', { type: 'Headless', selector: { app: 'nginx' }, ports: [{ port: 80, targetPort: 80 }] });
    // N3: elasticsearch outside the cluster, as an EndpointSlice instead of the deprecated Endpoints.
    new ExternalEndpoints(ns, 'elasticsearch', { addresses: ['192.168.24.14', '192.168.24.15', '192.168.24.16'], ports: [9200] });
    // W3: the canary, one Service over both versions.
    const labels = (version: string) => ({ ...Service.memberLabels('my-app'), version });
    const v1 = new Worker(ns, 'my-app-v1', { image: 'containersol/k8s-deployment-strategies:1.0.0', replicas: 10, ports: [{ name: 'http', port: 8080 }], labels: labels('v1.0.0') });
    const v2 = new Worker(ns, 'my-app-v2', { image: 'containersol/k8s-deployment-strategies:2.0.0', replicas: 1, ports: [{ name: 'http', port: 8080 }], labels: labels('v2.0.0') });
    new Service(ns, 'my-app', { target: [v1, v2], ports: [{ name: 'http', port: 80 }] });
  },
});

test('every object is schema-valid, and the policy finds no error, only the two NodePort warnings', () => {
  expectSchemaValid([...book.objects]);
  const findings = book.findings().filter((f) => f.checkId.startsWith('service') || f.checkId.startsWith('endpointslice') || f.severity === 'error');
  expect(findings.map((f) => `${f.severity} ${f.checkId} ${f.object}: ${f.message}`)).toEqual([
    'warning service-node-port Service services/hello-world: the NodePort Service opens node port(s) 30036 on every node',
    'warning service-node-port Service services/nginx: the NodePort Service opens node port(s) (port 80, any free) on every node',
  ]);
});

test('the Services are those of the notes', () => {
  const spec = (name: string) => book.find('Service', name).spec;
  expect(spec('nginx-deploy')).toEqual({ type: 'ClusterIP', selector: { app: 'nginx-deploy' }, ports: [{ name: 'http', port: 8080, targetPort: 80, protocol: 'TCP' }] });
  expect(spec('nginx')).toEqual({ type: 'NodePort', selector: { app: 'nginx' }, ports: [{ name: '80', port: 80, targetPort: 80, protocol: 'TCP' }] });
  expect(spec('hello-world').ports).toEqual([{ name: 'http', port: 8080, targetPort: 80, protocol: 'TCP', nodePort: 30036 }]);
  expect(spec('nginx-lb').type).toBe('LoadBalancer');
  expect(spec('db-service')).toEqual({ type: 'ExternalName', externalName: 'test.database.aws-cn-northeast1b.com', ports: [{ port: 80, protocol: 'TCP' }] });
  expect(spec('nginx-headless')).toEqual({ clusterIP: 'None', selector: { app: 'nginx' }, ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }] });
  expect(spec('elasticsearch')).toEqual({ type: 'ClusterIP', ports: [{ port: 9200, targetPort: 9200, protocol: 'TCP' }] });
  expect(book.find('EndpointSlice', 'elasticsearch-ipv4').endpoints.map((e: any) => e.addresses[0])).toEqual(['192.168.24.14', '192.168.24.15', '192.168.24.16']);
  expect(spec('my-app').selector).toEqual({ 'keelson.dev/service': 'my-app' });
});

test('the README example runs as written', () => {
  const readme = synthApp({
    name: 'services',
    description: 'a Service, a public NLB, a database name and fixed addresses',
    build: (app) => {
      const ns = new SecureNamespace(new AppStack(app, 'services'), 'shop');
      const web = new Worker(ns, 'web', { image: 'ghcr.io/acme/web:1.4.2', ports: [{ name: 'http', port: 8080 }] });
      new Service(ns, 'web-service', { name: 'web', target: web, ports: [{ name: 'http', port: 80 }] });
      new Service(ns, 'web-public', {
        target: web, type: 'LoadBalancer', ports: ['http'],
        loadBalancer: { sourceRanges: ['203.0.113.0/24'], scheme: 'internet-facing', hostname: 'web.example.com' },
      });
      new ExternalNameService(ns, 'db', { externalName: 'db.internal.example.com', ports: [5432] });
      new ExternalEndpoints(ns, 'search', { addresses: ['192.168.24.14', '192.168.24.15'], ports: [9200] });
    },
  });
  expectSchemaValid([...readme.objects]);
  expect(readme.findings().filter((f) => f.severity === 'error')).toEqual([]);
  expect(readme.objects.map((o) => `${o.kind}/${o.metadata.name}`).filter((k) => /^(Service|EndpointSlice)\//.test(k)).sort()).toEqual([
    'EndpointSlice/search-ipv4', 'Service/db', 'Service/search', 'Service/web', 'Service/web-public',
  ]);
});
