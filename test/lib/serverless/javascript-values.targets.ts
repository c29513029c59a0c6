import { Construct } from 'constructs';
import { IngressController } from '../../../lib/networking/ingress-controller';
import { IngressTls } from '../../../lib/networking/ingress-tls';
import { ExistingSecret } from '../../../lib/security/secret-source';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { ApiServerSource } from '../../../lib/serverless/api-server-source';
import { EventDestination } from '../../../lib/serverless/event-destination';
import { KnativeBroker } from '../../../lib/serverless/knative-broker';
import { KnativeService } from '../../../lib/serverless/knative-service';
import { KnativeTrigger } from '../../../lib/serverless/knative-trigger';
import { OpenFaasFunction } from '../../../lib/serverless/openfaas-function';
import { OpenFaasInstall } from '../../../lib/serverless/openfaas-install';
import { PingSource } from '../../../lib/serverless/ping-source';
import { SinkBinding } from '../../../lib/serverless/sink-binding';
import { JavaScriptValueTarget } from '../../helpers/javascript-values';

// Valid props of every serverless construct (the installs have their own targets), and of the public methods and
// factories, into which the harness feeds JavaScript values: each must be refused with a ValidationError or give
// schema-valid output.

const IMAGE = 'ghcr.io/acme/hello:1.0.0';
const HOOK = 'https://example.com/hook';
const ns = (s: Construct): SecureNamespace => (s.node.tryFindChild('fn') as SecureNamespace | undefined) ?? new SecureNamespace(s, 'fn');
const isPlain = (x: unknown): x is Record<string, any> => x !== null && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype;
/** A field of props that may be any value (the harness replaces props themselves too). */
const at = (props: unknown, key: string): any => (isPlain(props) ? props[key] : undefined);

/** An install of the operator edition, so that functions are also written as Function resources (strict schema). */
const install = (s: Construct) => new OpenFaasInstall(s, 'openfaas', {
  edition: 'pro', licenseSecret: ExistingSecret.named('openfaas-license'),
  ingress: { host: 'gw.example.com', controller: IngressController.TRAEFIK, tls: IngressTls.fromSecret('gw-tls') },
});

const DELIVERY = () => ({ retry: 3, backoffPolicy: 'linear', backoffDelay: 'PT1S', deadLetterSink: EventDestination.uri(HOOK) });

export const TARGETS: JavaScriptValueTarget[] = [
  {
    name: 'KnativeService',
    props: () => ({
      image: IMAGE, name: 'hello', port: 8080, protocol: 'h2c', minScale: 1, maxScale: 4, targetConcurrency: 10, containerConcurrency: 20,
      timeoutSeconds: 60, visibility: 'public', revision: 'v2', labels: { team: 'a' }, dataPlaneNamespaces: ['knative-serving'],
      traffic: [{ revision: 'hello-v1', percent: 90, tag: 'v1' }, { latestRevision: true, percent: 10, tag: 'v2' }],
      env: { MODE: 'fast' },
    }),
    // The container props (image, env, ...) are checked by the workloads' validateContainer; two of them stand for all.
    paths: ['image', 'name', 'port', 'protocol', 'minScale', 'maxScale', 'targetConcurrency', 'containerConcurrency', 'timeoutSeconds', 'visibility',
      'revision', 'labels', 'labels.team', 'dataPlaneNamespaces', 'dataPlaneNamespaces.0', 'traffic', 'traffic.0', 'traffic.0.revision', 'traffic.0.percent',
      'traffic.0.tag', 'traffic.1', 'traffic.1.latestRevision', 'traffic.1.percent', 'traffic.1.tag', 'env', 'env.MODE'],
    build: (s, props) => new KnativeService(ns(s), 'hello', props),
    covers: ['KnativeService'],
  },
  {
    name: 'KnativeBroker',
    props: () => ({ name: 'events', brokerClass: 'Kafka', channelConfig: { name: 'kafka-channel', namespace: 'knative-eventing' }, delivery: DELIVERY() }),
    build: (s, props) => new KnativeBroker(ns(s), 'broker', props),
    covers: ['KnativeBroker'],
  },
  {
    name: 'KnativeBroker.subscribe',
    props: () => ({ subscriber: EventDestination.uri(HOOK), filter: { type: 'created', source: '/orders' }, options: { name: 'orders', delivery: DELIVERY() } }),
    build: (s, props) => new KnativeBroker(ns(s), 'broker').subscribe(at(props, 'subscriber'), at(props, 'filter'), at(props, 'options')),
    covers: ['KnativeBroker.subscribe'],
  },
  {
    name: 'KnativeTrigger',
    props: () => ({ broker: 'the broker', name: 'orders', filter: { type: 'created' }, subscriber: EventDestination.uri(HOOK), delivery: DELIVERY() }),
    build: (s, props) => {
      const broker = new KnativeBroker(ns(s), 'broker');
      new KnativeTrigger(ns(s), 'trigger', isPlain(props) && props.broker === 'the broker' ? { ...props, broker } : props);
    },
    covers: ['KnativeTrigger'],
  },
  {
    name: 'PingSource',
    props: () => ({ namespace: 'fn', name: 'nightly', schedule: '0 3 * * MON-FRI', timezone: 'Europe/Paris', data: { payload: 'hello' }, contentType: 'application/json', sink: EventDestination.uri(HOOK) }),
    build: (s, props) => new PingSource(ns(s), 'ping', props),
    covers: ['PingSource', 'EventDestination.uri'],
  },
  {
    name: 'PingSource with a text body, to a KnativeService',
    props: () => ({ schedule: '@hourly', data: 'ping', contentType: 'text/plain', path: '/events' }),
    paths: ['schedule', 'data', 'contentType', 'path'],
    build: (s, props) => {
      const sink = EventDestination.of(new KnativeService(ns(s), 'receiver', { image: IMAGE }), { path: at(props, 'path') });
      new PingSource(ns(s), 'ping', isPlain(props) ? { schedule: props.schedule, data: props.data, contentType: props.contentType, sink } : props);
    },
    covers: ['EventDestination.of'],
  },
  {
    name: 'ApiServerSource',
    props: () => ({
      name: 'watcher', mode: 'Resource', sink: EventDestination.uri(HOOK),
      resources: [{ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', selector: { app: 'web' } }, { apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy', resource: 'clusterpolicies' }],
    }),
    build: (s, props) => new ApiServerSource(ns(s), 'watcher', props),
    covers: ['ApiServerSource'],
  },
  {
    name: 'SinkBinding',
    props: () => ({ subject: { apiVersion: 'apps/v1', kind: 'Deployment', selector: { app: 'producer' } }, service: { name: 'receiver', namespace: 'fn' }, path: '/in' }),
    build: (s, props) => new SinkBinding(ns(s), 'bind', isPlain(props)
      ? { subject: props.subject, sink: EventDestination.kubernetesService(props.service, { path: at(props, 'path') }) }
      : props),
    covers: ['SinkBinding', 'EventDestination.kubernetesService'],
  },
  {
    name: 'OpenFaasFunction',
    props: () => ({
      name: 'hello', lang: 'python3-http', image: 'registry.example.com/fn/hello:0.1.0', handlerFiles: { 'handler.py': 'print(1)\n', 'lib/util.py': '' },
      environment: { MODE: 'fast' }, secrets: ['api-key'], minReplicas: 1, maxReplicas: 3, requests: { cpu: '50m', memory: '64Mi' },
      limits: { cpu: '1', memory: '256Mi' }, labels: { team: 'a' }, annotations: { 'com.openfaas.health.http.path': '/healthz' },
      allowWritableRootFilesystem: { reason: 'the runtime writes its cache next to the code' },
    }),
    paths: ['name', 'lang', 'image', 'handlerFiles', 'environment', 'environment.MODE', 'secrets', 'secrets.0', 'minReplicas', 'maxReplicas', 'requests',
      'requests.cpu', 'requests.memory', 'limits', 'limits.cpu', 'limits.memory', 'labels', 'labels.team', 'annotations', 'allowWritableRootFilesystem',
      'allowWritableRootFilesystem.reason'],
    build: (s, props) => new OpenFaasFunction(s, 'hello', isPlain(props) ? { ...props, install: install(s) } : props),
    covers: ['OpenFaasFunction'],
  },
  {
    name: 'OpenFaasInstall.addFunction',
    props: () => ({ lang: 'node20', image: 'registry.example.com/fn/hello:0.1.0', annotation: 'x', handler: 'module.exports = () => 1;\n', handlerPath: 'src/handler.js' }),
    build: (s, props) => install(s).addFunction('hello', isPlain(props) ? {
      lang: props.lang, image: props.image, annotations: { 'com.openfaas.health.http.path': props.annotation }, handlerFiles: { [props.handlerPath]: props.handler },
    } : props),
    covers: ['OpenFaasInstall.addFunction'],
  },
];
