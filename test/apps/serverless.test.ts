import Ajv from 'ajv';
import { parse } from 'yaml';
import { serverlessApps } from '../../apps/serverless';
import { GATEWAY_HOST } from '../../apps/serverless/openfaas-stack';
import { synthesizeDefinition } from '../../lib/output/synth-apps';
import { OPENFAAS_STACK_FILE_SCHEMA } from '../../lib/serverless/schemas';
import { DNS_EGRESS, allowedEgress, allowedIngress, synthYaml } from '../helpers/app-output';
import { restrictedViolations } from '../helpers/pod-security';
import { all, find } from '../helpers/synth';

const app = (name: string) => serverlessApps.find((a) => a.name === name)!;
const KSVC = 'serving.knative.dev';
const ksvcRef = (name: string) => ({ ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name, namespace: 'serverless' } });
const brokerRef = { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default', namespace: 'serverless' } };

describe('knative: eventing and a scale-to-zero service (Cloud Native with Kubernetes A10)', () => {
  const out = synthYaml(app('knative'));
  const { folders } = synthesizeDefinition(app('knative'));
  const helmfile = parse(folders.find((f) => f.name === 'helm/knative')!.files.get('helmfile.yaml')!);

  test('Knative comes from the pinned operator chart, with Serving (Kourier) and Eventing resources', () => {
    expect(helmfile.releases.map((r: any) => `${r.chart}@${r.version}`)).toEqual(['knative-operator/knative-operator@v1.23.0']);
    expect(find(out, 'KnativeServing', 'knative-serving').spec.ingress).toEqual({ kourier: { enabled: true } });
    expect(find(out, 'KnativeEventing', 'knative-eventing').metadata.namespace).toBe('knative-eventing');
  });

  test('a Broker "default" that retries, then delivers to a dead-letter sink that exists', () => {
    const broker = find(out, 'Broker', 'default');
    expect(broker.kind).toBe('Broker');
    expect(broker.spec.delivery).toEqual({ retry: 5, backoffPolicy: 'exponential', backoffDelay: 'PT0.5S', deadLetterSink: ksvcRef('dead-letters') });
    expect(find(out, 'Service', 'dead-letters', KSVC)).toBeDefined();
  });

  test('the Trigger "my-trigger" sends type=myeventtype from that broker to service-consumer', () => {
    expect(find(out, 'Trigger', 'my-trigger').spec).toEqual({
      broker: 'default', filter: { attributes: { type: 'myeventtype' } }, subscriber: ksvcRef('service-consumer'),
    });
  });

  test('a PingSource sends the book\'s test payload to the broker, and its own Trigger routes it to the consumer', () => {
    const ping = find(out, 'PingSource', 'test-event');
    expect(ping.spec).toMatchObject({ schedule: '*/1 * * * *', contentType: 'application/json', sink: brokerRef });
    expect(JSON.parse(ping.spec.data)).toEqual({ payload: 'Does this work?' });
    expect(find(out, 'Trigger', 'test-event-trigger').spec).toEqual({
      broker: 'default',
      filter: { attributes: { type: 'dev.knative.sources.ping', source: '/apis/v1/namespaces/serverless/pingsources/test-event' } },
      subscriber: ksvcRef('service-consumer'),
    });
  });

  test('service-consumer scales to zero and up to the book\'s 4 replicas, cluster-local', () => {
    const consumer = find(out, 'Service', 'service-consumer', KSVC);
    expect(consumer.spec.template.metadata.annotations).toEqual({ 'autoscaling.knative.dev/min-scale': '0', 'autoscaling.knative.dev/max-scale': '4' });
    expect(consumer.metadata.labels['networking.knative.dev/visibility']).toBe('cluster-local');
    expect(consumer.spec.template.spec.containers[0]).toMatchObject({ image: 'mendhak/http-https-echo:35', ports: [{ name: 'http1', containerPort: 8080, protocol: 'TCP' }] });
  });

  test('hello scales to zero and splits traffic 90/10 between revision hello-v1 and its latest revision hello-v2', () => {
    const hello = find(out, 'Service', 'hello', KSVC);
    expect(hello.spec.template.metadata.name).toBe('hello-v2');
    expect(hello.spec.template.metadata.annotations['autoscaling.knative.dev/min-scale']).toBe('0');
    expect(hello.spec.traffic).toEqual([{ revisionName: 'hello-v1', percent: 90, tag: 'v1' }, { latestRevision: true, percent: 10, tag: 'v2' }]);
    expect(hello.spec.template.spec.containers[0].args).toEqual(['-listen=:8080', '-text=hello from v2']);
  });

  test('every Knative Service is restricted and reachable only from the activator and Kourier, on the queue-proxy ports', () => {
    const services = all(out, 'Service').filter((s) => s.apiVersion === 'serving.knative.dev/v1');
    expect(services.map((s) => s.metadata.name).sort()).toEqual(['dead-letters', 'hello', 'service-consumer']);
    for (const svc of services) {
      expect(restrictedViolations(svc.spec.template.spec)).toEqual([]);
      const ingress = allowedIngress(out, svc.spec.template.metadata.labels);
      const fromNamespaces = ingress.flatMap((r) => r.from.map((p: any) => p.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name']));
      expect([...new Set(fromNamespaces)].sort()).toEqual(['knative-serving', 'kourier-system']);
      expect(ingress.flatMap((r) => r.ports.map((p: any) => p.port)).sort()).toEqual([8012, 8013, 9090, 9091]);
      expect(allowedEgress(out, svc.spec.template.metadata.labels)).toEqual([DNS_EGRESS]);
    }
  });
});

describe('openfaas-hello: the secured gateway and the hello function (Kubernetes for Serverless Applications ch. 9-10)', () => {
  const out = synthYaml(app('openfaas-hello'));
  const { folders, policy } = synthesizeDefinition(app('openfaas-hello'));
  const helmfile = parse(folders.find((f) => f.name === 'helm/openfaas-hello')!.files.get('helmfile.yaml')!);
  const values = helmfile.releases[0].values[0];
  const stackFolder = folders.find((f) => f.name === 'openfaas/openfaas-hello')!.files;
  const stack = parse(stackFolder.get('stack.yml')!);

  test('the gateway has basic auth, no NodePort or LoadBalancer, and is published only through an Ingress with TLS', () => {
    expect(helmfile.releases[0]).toMatchObject({ name: 'openfaas', namespace: 'openfaas', chart: 'openfaas/openfaas' });
    expect(values).toMatchObject({ basic_auth: true, generateBasicAuth: true, exposeServices: false, serviceType: 'ClusterIP', rbac: true, functionNamespace: 'openfaas-fn' });
    expect(values.ingress.hosts.map((h: any) => h.host)).toEqual([GATEWAY_HOST]);
    expect(values.ingress.tls).toEqual([{ secretName: 'gateway-tls', hosts: [GATEWAY_HOST] }]);
    expect(all(out, 'Service')).toEqual([]);
    expect(all(out, 'Secret')).toEqual([]);
    expect(policy.errors).toBe(0);
  });

  test('only the gateway pods reach the function namespace', () => {
    const rules = allowedIngress(out.filter((m) => m.metadata.namespace === 'openfaas-fn'), { faas_function: 'hello' });
    expect(rules).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'openfaas' } }, podSelector: { matchLabels: { app: 'gateway' } } }],
      ports: [{ port: 8080, protocol: 'TCP' }],
    }]);
  });

  test('hello in stack.yml: python3-http with its handler beside it, registry image, scaling bounds, limits', () => {
    expect(new Ajv({ strict: false }).validate(OPENFAAS_STACK_FILE_SCHEMA, stack)).toBe(true);
    expect(stack.provider).toEqual({ name: 'openfaas', gateway: `https://${GATEWAY_HOST}` });
    expect(stack.functions.hello).toMatchObject({
      lang: 'python3-http', handler: './hello', image: 'registry.example.com/functions/hello:0.1.0',
      labels: { 'com.openfaas.scale.min': '1', 'com.openfaas.scale.max': '5' }, limits: { cpu: '500m', memory: '128Mi' }, readonly_root_filesystem: true,
    });
    expect(stackFolder.get('hello/handler.py')).toMatch(/def handle\(event, context\):[\s\S]*"body": event\.body/);
  });

  test('the same function as an openfaas.com/v1 Function in openfaas-fn, matching the stack entry', () => {
    const fn = find(out, 'Function', 'hello');
    expect(fn.metadata.namespace).toBe('openfaas-fn');
    const entry = stack.functions.hello;
    expect(fn.spec).toEqual({
      name: 'hello', image: entry.image, labels: entry.labels, limits: entry.limits, requests: entry.requests, readOnlyRootFilesystem: true,
    });
  });
});
