import { App } from 'cdk8s';
import { parse } from 'yaml';
import { AppStack } from '../../../lib/core/app-stack';
import { synthesizeDefinition } from '../../../lib/output/synth-apps';
import { runPolicy } from '../../../lib/policy/engine';
import { kubernetesTarget } from '../../../lib/policy/targets';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { ApiServerSource } from '../../../lib/serverless/api-server-source';
import { cronProblem } from '../../../lib/core/cron';
import { EventDestination } from '../../../lib/serverless/event-destination';
import { KnativeBroker } from '../../../lib/serverless/knative-broker';
import { KnativeInstall } from '../../../lib/serverless/knative-install';
import { KnativeService } from '../../../lib/serverless/knative-service';
import { PingSource } from '../../../lib/serverless/ping-source';
import { SinkBinding } from '../../../lib/serverless/sink-binding';
import { Probe } from '../../../lib/workloads/probe';
import { restrictedViolations } from '../../helpers/pod-security';
import { expectSchemaValid } from '../../helpers/schemas';
import { find, synth } from '../../helpers/synth';

const IMAGE = 'ghcr.io/acme/hello:1.0.0';
const KSVC = 'serving.knative.dev';

describe('KnativeService', () => {
  const manifests = synth((s) => new KnativeService(new SecureNamespace(s, 'fn'), 'hello', { image: IMAGE }));
  const ksvc = find(manifests, 'Service', 'hello', KSVC);
  const podSpec = ksvc.spec.template.spec;
  const container = podSpec.containers[0];

  test('scales to zero by default, with an upper bound, and is cluster-local', () => {
    expect(ksvc.spec.template.metadata.annotations).toEqual({ 'autoscaling.knative.dev/min-scale': '0', 'autoscaling.knative.dev/max-scale': '10' });
    expect(ksvc.metadata.labels['networking.knative.dev/visibility']).toBe('cluster-local');
    expect(ksvc.spec.traffic).toBeUndefined();
  });

  test('pods pass Pod Security "restricted" with the settings on the container (pod-level ones are behind a Knative flag)', () => {
    expect(podSpec.securityContext).toBeUndefined();
    expect(restrictedViolations(podSpec)).toEqual([]);
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true,
      runAsGroup: 65532, runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('one port named for its protocol; probes name it by number, as Knative requires', () => {
    expect(container.ports).toEqual([{ name: 'http1', containerPort: 8080, protocol: 'TCP' }]);
    expect(container.readinessProbe.tcpSocket).toEqual({ port: 8080 });
    expect(container.livenessProbe.tcpSocket).toEqual({ port: 8080 });
  });

  test('its own ServiceAccount without an API token; only the activator and the gateway reach its queue-proxy', () => {
    expect(podSpec).toMatchObject({ serviceAccountName: 'hello', automountServiceAccountToken: false, enableServiceLinks: false });
    expect(find(manifests, 'ServiceAccount', 'hello')).toBeDefined();
    const policy = find(manifests, 'NetworkPolicy', 'hello-ingress-from-knative');
    expect(policy.spec.podSelector).toEqual({ matchLabels: { app: 'hello' } });
    expect(policy.spec.ingress.map((r: any) => [r.from.map((p: any) => p.namespaceSelector.matchLabels['kubernetes.io/metadata.name']), r.ports.map((p: any) => p.port)]))
      .toEqual([[['knative-serving', 'kourier-system'], [8012, 8013]], [['knative-serving'], [9090, 9091]]]);
  });

  test('the policy engine treats it as a workload: the namespace policies select it, and no check fails', () => {
    const report = runPolicy(manifests.map((m) => kubernetesTarget(m)));
    expect(report.findings).toEqual([]);
  });

  test('a named revision and a traffic split between revisions, with tags', () => {
    const split = find(synth((s) => new KnativeService(new SecureNamespace(s, 'fn'), 'hello', {
      image: IMAGE, revision: 'v2', minScale: 1, maxScale: 3, targetConcurrency: 50, visibility: 'public',
      traffic: [{ revision: 'hello-v1', percent: 75 }, { latestRevision: true, percent: 25, tag: 'candidate' }],
    })), 'Service', 'hello', KSVC);
    expect(split.spec.template.metadata.name).toBe('hello-v2');
    expect(split.spec.template.metadata.annotations).toEqual({
      'autoscaling.knative.dev/min-scale': '1', 'autoscaling.knative.dev/max-scale': '3', 'autoscaling.knative.dev/target': '50',
    });
    expect(split.spec.traffic).toEqual([{ revisionName: 'hello-v1', percent: 75 }, { latestRevision: true, percent: 25, tag: 'candidate' }]);
    expect(split.metadata.labels['networking.knative.dev/visibility']).toBeUndefined();
  });

  test('an HTTP probe by port name becomes the port number; h2c names the port for gRPC', () => {
    const c = find(synth((s) => new KnativeService(new SecureNamespace(s, 'fn'), 'grpc', {
      image: IMAGE, port: 9000, protocol: 'h2c', readiness: Probe.http('/ready', 'h2c'),
    })), 'Service', 'grpc', KSVC).spec.template.spec.containers[0];
    expect(c.ports).toEqual([{ name: 'h2c', containerPort: 9000, protocol: 'TCP' }]);
    expect(c.readinessProbe.httpGet).toEqual({ path: '/ready', port: 9000, scheme: 'HTTP' });
  });
});

describe('KnativeBroker, triggers and sources', () => {
  const manifests = synth((s) => {
    const ns = new SecureNamespace(s, 'events');
    const consumer = new KnativeService(ns, 'service-consumer', { image: IMAGE });
    const dlq = new KnativeService(ns, 'dead-letters', { image: IMAGE });
    const broker = new KnativeBroker(ns, 'broker', { delivery: { retry: 5, deadLetterSink: dlq } });
    broker.subscribe(consumer, { type: 'myeventtype' }, { name: 'my-trigger' });
    broker.subscribe(EventDestination.kubernetesService({ name: 'legacy', namespace: 'events' }, { path: '/events' }));
    new PingSource(ns, 'ping', { schedule: '*/5 * * * *', timezone: 'Europe/Paris', data: { payload: 'Does this work?' }, sink: broker });
    new ApiServerSource(ns, 'k8s-events', { resources: [{ apiVersion: 'v1', kind: 'Event' }, { apiVersion: 'apps/v1', kind: 'Deployment' }], sink: broker });
    new SinkBinding(ns, 'bind', { subject: { apiVersion: 'apps/v1', kind: 'Deployment', selector: { app: 'producer' } }, sink: broker });
  });

  test('the broker is named "default", has its class, and retries into a dead-letter sink', () => {
    const broker = find(manifests, 'Broker', 'default');
    expect(broker.metadata.annotations).toEqual({ 'eventing.knative.dev/broker.class': 'MTChannelBasedBroker' });
    expect(broker.spec.delivery).toEqual({
      retry: 5, backoffPolicy: 'exponential', backoffDelay: 'PT0.2S',
      deadLetterSink: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'dead-letters', namespace: 'events' } },
    });
  });

  test('subscribe() builds a Trigger whose broker and subscriber are the objects given', () => {
    const trigger = find(manifests, 'Trigger', 'my-trigger');
    expect(trigger.spec).toEqual({
      broker: 'default',
      filter: { attributes: { type: 'myeventtype' } },
      subscriber: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'service-consumer', namespace: 'events' } },
    });
    expect(find(manifests, 'Trigger', 'default-to-legacy').spec).toEqual({
      broker: 'default', subscriber: { ref: { apiVersion: 'v1', kind: 'Service', name: 'legacy', namespace: 'events' }, uri: '/events' },
    });
  });

  test('PingSource sends JSON on a schedule in a time zone', () => {
    expect(find(manifests, 'PingSource', 'ping').spec).toEqual({
      schedule: '*/5 * * * *', timezone: 'Europe/Paris', contentType: 'application/json', data: '{"payload":"Does this work?"}',
      sink: { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default', namespace: 'events' } },
    });
  });

  test('ApiServerSource sends references only, as a ServiceAccount that may only read the watched kinds', () => {
    const source = find(manifests, 'ApiServerSource', 'k8s-events');
    expect(source.spec).toMatchObject({ mode: 'Reference', serviceAccountName: 'k8s-events' });
    expect(find(manifests, 'Role', 'k8s-events').rules).toEqual([
      { apiGroups: [''], resources: ['events'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch'] },
    ]);
    expect(find(manifests, 'RoleBinding', 'k8s-events').subjects).toEqual([{ kind: 'ServiceAccount', name: 'k8s-events', namespace: 'events' }]);
    expect(find(manifests, 'ServiceAccount', 'k8s-events').metadata.annotations['keelson.dev/automount-token-reason']).toMatch(/watches the API server/);
  });

  test('SinkBinding points the selected workloads at the broker', () => {
    expect(find(manifests, 'SinkBinding', 'bind').spec.subject).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'events', selector: { matchLabels: { app: 'producer' } } });
  });

  test('the reference checks pass on the wired objects, and catch a subscriber that is missing', () => {
    const targets = manifests.map((m) => kubernetesTarget(m));
    const ids = (ts: typeof targets) => runPolicy(ts).findings.filter((f) => f.checkId.startsWith('knative-')).map((f) => `${f.checkId}: ${f.object}`);
    expect(ids(targets)).toEqual(['knative-reference-exists: Trigger events/default-to-legacy']);
    expect(ids(targets.filter((t) => !(t.kind === 'Service' && t.name === 'service-consumer'))))
      .toEqual(['knative-reference-exists: Trigger events/default-to-legacy', 'knative-reference-exists: Trigger events/my-trigger']);
  });
});

describe('cron schedules', () => {
  // The shared robfig/cron parser (CronJobs too); PingSource refuses "@every" itself, as Knative does.
  test.each(['* * * * *', '*/5 * * * *', '0 9-17 * * MON-FRI', '15,45 0 1 JAN,JUL *', '@hourly', '@every 10m'])('accepts %s', (s) => {
    expect(cronProblem(s)).toBeUndefined();
  });
  test.each([
    ['* * * *', '4 fields instead of 5'], ['60 * * * *', 'minute "60"'], ['* 24 * * *', 'hour "24"'], ['* * 0 * *', 'day of month "0"'],
    ['* * * 13 *', 'month "13"'], ['*/0 * * * *', 'invalid step'], ['5-1 * * * *', 'minute "5-1"'], ['@often', 'unknown descriptor'], [' * * * * *', 'surrounding spaces'],
  ])('refuses %j', (s, why) => {
    expect(cronProblem(s)).toContain(why);
  });
});

describe('KnativeInstall', () => {
  const { folders } = synthesizeDefinition({ name: 'kn', description: '', build: (app: App) => new KnativeInstall(new AppStack(app, 'kn'), 'knative') });
  const manifests = [...folders[0].files.values()].map((t) => parse(t));
  const helmfile = parse(folders.find((f) => f.name === 'helm/kn')!.files.get('helmfile.yaml')!);

  test('the operator is a pinned chart; Serving and Eventing are its resources, schema-valid', () => {
    expectSchemaValid(manifests);
    expect(helmfile.releases.map((r: any) => [r.name, r.namespace, r.chart, r.version])).toEqual([['knative-operator', 'knative-operator', 'knative-operator/knative-operator', 'v1.23.0']]);
    expect(helmfile.repositories).toEqual([{ name: 'knative-operator', url: 'https://knative.github.io/operator' }]);
    const serving = find(manifests, 'KnativeServing', 'knative-serving');
    expect(serving.spec).toMatchObject({
      version: '1.23', ingress: { kourier: { enabled: true } }, 'high-availability': { replicas: 2 },
      config: { network: { 'ingress-class': 'kourier.ingress.networking.knative.dev' }, features: { 'secure-pod-defaults': 'enabled' } },
    });
    expect(find(manifests, 'KnativeEventing', 'knative-eventing').spec.config['br-defaults']['default-br-config']).toContain('brokerClass: MTChannelBasedBroker');
  });

  test('the control-plane namespaces enforce "restricted" and say why they have no default deny', () => {
    for (const name of ['knative-serving', 'knative-eventing']) {
      const ns = find(manifests, 'Namespace', name);
      expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
      expect(ns.metadata.annotations['keelson.dev/network-policy-reason']).toMatch(/operator manages its flows/);
    }
    expect(manifests.filter((m) => m.kind === 'NetworkPolicy')).toEqual([]);
  });

  test('the data plane follows the ingress choice', () => {
    const app = new App();
    expect(new KnativeInstall(new AppStack(app, 'x'), 'k', { ingress: 'istio', eventing: false }).dataPlaneNamespaces).toEqual(['knative-serving', 'istio-system']);
  });
});
