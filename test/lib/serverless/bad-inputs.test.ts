import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { serverlessApps } from '../../../apps/serverless';
import { AppStack } from '../../../lib/core/app-stack';
import { IngressController } from '../../../lib/networking/ingress-controller';
import { IngressTls } from '../../../lib/networking/ingress-tls';
import { ExistingSecret } from '../../../lib/security/secret-source';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { ApiServerSource } from '../../../lib/serverless/api-server-source';
import { EventDestination } from '../../../lib/serverless/event-destination';
import { KnativeBroker } from '../../../lib/serverless/knative-broker';
import { KnativeInstall } from '../../../lib/serverless/knative-install';
import { KnativeService, KnativeServiceProps } from '../../../lib/serverless/knative-service';
import { KnativeTrigger } from '../../../lib/serverless/knative-trigger';
import { OpenFaasFunctionOptions } from '../../../lib/serverless/openfaas-function';
import { OpenFaasInstall, OpenFaasInstallProps } from '../../../lib/serverless/openfaas-install';
import { PingSource } from '../../../lib/serverless/ping-source';
import { SinkBinding } from '../../../lib/serverless/sink-binding';
import { Probe } from '../../../lib/workloads/probe';
import { BadInput, describeBadInputs, withUnknownProps } from '../../helpers/bad-input';

const IMAGE = 'ghcr.io/acme/hello:1.0.0';
const ns = (s: Construct, name = 'fn') => new SecureNamespace(s, name);
const ksvc = (s: Construct, props: Partial<KnativeServiceProps> = {}) => new KnativeService(ns(s), 'hello', { image: IMAGE, ...props });
const fn = (s: Construct, options: Partial<OpenFaasFunctionOptions> = {}, install: OpenFaasInstallProps = {}) =>
  new OpenFaasInstall(s, 'openfaas', install).addFunction('hello', { lang: 'python3-http', image: IMAGE, ...options });
const hook = EventDestination.uri('https://example.com/hook');
const inStack = (build: (stack: Construct) => void) => (app: App) => build(new AppStack(app, 'bad'));

const CASES: BadInput[] = ([
  // The four the issue names.
  { title: 'a Trigger to a broker in another namespace (missing from its own)', build: (s) => {
    const broker = new KnativeBroker(ns(s, 'events'), 'broker');
    new KnativeTrigger(ns(s, 'fn'), 'my-trigger', { broker, subscriber: EventDestination.uri('https://example.com/hook') });
  }, where: '[bad/fn/my-trigger] broker: got "events/default"', expected: 'a broker in the Trigger\'s namespace "fn"' },
  { title: 'scale bounds inverted', build: (s) => ksvc(s, { minScale: 5, maxScale: 2 }),
    where: '[bad/fn/hello] minScale: got 5', expected: 'at most maxScale (2)' },
  { title: 'an invalid cron schedule', build: (s) => new PingSource(ns(s), 'ping', { schedule: '*/5 * * *', sink: EventDestination.uri('https://example.com') }),
    where: '[bad/fn/ping] schedule: got "*/5 * * *"', expected: 'a cron schedule of five fields' },
  { title: 'a function name with capitals', build: (s) => fn(s, { name: 'Hello' }),
    where: '[bad/openfaas/hello] name: got "Hello"', expected: 'a DNS-1123 label' },
  // Knative Service
  { title: 'traffic that adds up to 90', build: (s) => ksvc(s, { traffic: [{ revision: 'hello-v1', percent: 60 }, { latestRevision: true, percent: 30 }] }),
    where: '[bad/fn/hello] traffic: got "60 + 30 = 90"', expected: 'percentages that add up to 100' },
  { title: 'traffic to a revision of another service', build: (s) => ksvc(s, { traffic: [{ revision: 'other-v1', percent: 100 }] }),
    where: '[bad/fn/hello] traffic[0].revision: got "other-v1"', expected: 'the name of a revision of this service, "hello-<suffix>"' },
  { title: 'a tag used twice', build: (s) => ksvc(s, { traffic: [{ revision: 'hello-v1', percent: 50, tag: 'a' }, { latestRevision: true, percent: 50, tag: 'a' }] }),
    where: '[bad/fn/hello] traffic[1]: got "a"', expected: 'a tag that is not already used in traffic' },
  { title: 'a port the queue-proxy uses', build: (s) => ksvc(s, { port: 8012 }),
    where: '[bad/fn/hello] port: got 8012', expected: 'a port other than 8012, 8013, 8022, 9090, 9091' },
  { title: 'a probe on another port', build: (s) => ksvc(s, { readiness: Probe.tcp(9000) }),
    where: '[bad/fn/hello] readiness: got 9000', expected: 'the container port 8080 or its name "http1"' },
  { title: 'a name with capitals', build: (s) => new KnativeService(ns(s), 'Hello', { image: IMAGE }),
    where: '[bad/fn/Hello] name: got "Hello"', expected: 'a DNS-1123 label' },
  { title: 'an unpinned image', build: (s) => ksvc(s, { image: 'nginx' }),
    where: '[bad/fn/hello] image: got "nginx"', expected: 'an image reference pinned by tag or digest' },
  { title: 'an unknown visibility', build: (s) => ksvc(s, { visibility: 'internet' as any }),
    where: '[bad/fn/hello] visibility: got "internet"', expected: '"cluster-local" or "public"' },
  // Broker, Trigger, sources
  { title: 'a backoff delay that is not ISO 8601', build: (s) => new KnativeBroker(ns(s), 'broker', { delivery: { backoffDelay: '2s' } }),
    where: '[bad/fn/broker] delivery.backoffDelay: got "2s"', expected: 'an ISO 8601 duration such as "PT0.5S" or "PT2S"' },
  { title: 'negative retries', build: (s) => new KnativeBroker(ns(s), 'broker', { delivery: { retry: -1 } }),
    where: '[bad/fn/broker] delivery.retry: got -1', expected: 'an integer from 0 to 100' },
  { title: 'a filter attribute that is not a CloudEvents name', build: (s) => {
    const n = ns(s);
    new KnativeBroker(n, 'broker').subscribe(new KnativeService(n, 'c', { image: IMAGE }), { 'Ce-Type': 'x' });
  }, where: '[bad/fn/broker/default-to-c] filter key: got "Ce-Type"', expected: 'a CloudEvents attribute name' },
  { title: 'the same subscriber twice without a Trigger name', build: (s) => {
    const n = ns(s);
    const broker = new KnativeBroker(n, 'broker');
    const c = new KnativeService(n, 'c', { image: IMAGE });
    broker.subscribe(c, { type: 'a' });
    broker.subscribe(c, { type: 'b' });
  }, where: '[bad/fn/broker] subscribe: got "default-to-c"', expected: 'a Trigger name not yet used on this broker (pass options.name)' },
  { title: 'a subscriber in another namespace', build: (s) => {
    const other = new KnativeService(ns(s, 'other'), 'c', { image: IMAGE });
    new KnativeBroker(ns(s), 'broker').subscribe(other);
  }, where: '[bad/fn/broker/default-to-c] subscriber.ref.namespace: got "other"', expected: 'namespace "fn"' },
  { title: 'a sink URL that is not http(s)', build: (s) => new PingSource(ns(s), 'ping', { schedule: '@hourly', sink: EventDestination.uri('ftp://example.com') }),
    where: '[bad/fn/ping] sink.uri: got "ftp://example.com"', expected: 'an absolute http:// or https:// URL' },
  { title: 'an unknown time zone', build: (s) => new PingSource(ns(s), 'ping', { schedule: '@hourly', timezone: 'Mars/Olympus', sink: EventDestination.uri('https://example.com') }),
    where: '[bad/fn/ping] timezone: got "Mars/Olympus"', expected: 'an IANA time zone' },
  { title: 'an ApiServerSource that watches nothing', build: (s) => new ApiServerSource(ns(s), 'src', { resources: [], sink: EventDestination.uri('https://example.com') }),
    where: '[bad/fn/src] resources: got []', expected: 'at least one kind to watch' },
  { title: 'a SinkBinding subject with both name and selector', build: (s) => new SinkBinding(ns(s), 'bind', {
    subject: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'a', selector: { app: 'a' } }, sink: EventDestination.uri('https://example.com'),
  }), where: '[bad/fn/bind] subject: got {"apiVersion":"apps/v1","kind":"Deployment","name":"a","selector":{"app":"a"}}', expected: 'exactly one of name or selector' },
  { title: 'a Knative version that is not exact', build: (s) => new KnativeInstall(s, 'knative', { version: '1.23' }),
    where: '[bad/knative] version: got "1.23"', expected: 'an exact Knative 1.x.y version' },
  // OpenFaaS
  { title: 'function scale bounds inverted', build: (s) => fn(s, { minReplicas: 4, maxReplicas: 2 }),
    where: '[bad/openfaas/hello] minReplicas: got 4', expected: 'at most maxReplicas (2)' },
  { title: 'a Docker Hub short image', build: (s) => fn(s, { image: 'russmckendrick/hello:1.0' }),
    where: '[bad/openfaas/hello] image: got "russmckendrick/hello:1.0"', expected: 'an image with a registry host' },
  { title: 'a credential in plain environment', build: (s) => fn(s, { environment: { API_TOKEN: 'abc' } }),
    where: '[bad/openfaas/hello] environment.API_TOKEN: got "<redacted>"', expected: 'a name in `secrets` instead' },
  { title: 'a request above the limit', build: (s) => fn(s, { requests: { memory: '1Gi' }, limits: { memory: '128Mi' } }),
    where: '[bad/openfaas/hello] requests.memory: got "1Gi"', expected: 'a request no larger than the limit (128Mi)' },
  { title: 'a handler file outside its folder', build: (s) => fn(s, { handlerFiles: { '../evil.py': '' } }),
    where: '[bad/openfaas/hello] handlerFiles: got "../evil.py"', expected: 'a relative path inside the handler folder' },
  { title: 'a gateway Ingress without TLS', build: (s) => fn(s, {}, { ingress: { host: 'gw.example.com', controller: IngressController.TRAEFIK, tls: undefined as any } }),
    where: '[bad/openfaas] ingress.tls: got undefined', expected: 'a TLS source' },
  { title: 'functions in the control-plane namespace', build: (s) => fn(s, {}, { functionNamespace: 'openfaas' }),
    where: '[bad/openfaas] functionNamespace: got "openfaas"', expected: 'a namespace other than the control plane\'s' },
  { title: 'the operator edition without a license', build: (s) => fn(s, {}, { edition: 'pro' }),
    where: '[bad/openfaas] licenseSecret: got undefined', expected: 'the Secret "openfaas-license"' },
  { title: 'a basic-auth Secret with another name', build: (s) => fn(s, {}, { basicAuthSecret: ExistingSecret.named('admin') }),
    where: '[bad/openfaas] basicAuthSecret: got "admin"', expected: 'a Secret named "basic-auth"' },
  { title: 'two installs in one app', build: (s) => { fn(s); new OpenFaasInstall(s, 'second', { ingress: { host: 'gw.example.com', controller: IngressController.TRAEFIK, tls: IngressTls.fromSecret('gw') } }); },
    where: '[bad/second] OpenFaasInstall: got "bad/second"', expected: 'one OpenFaaS install per app (there is already bad/openfaas)' },
  // Unknown props (a typo, or a field of another construct) are refused, never silently dropped.
  { title: 'an ApiServerSource with "resource" for "resources"', build: (s) => new ApiServerSource(ns(s), 'src',
    withUnknownProps({ resources: [{ apiVersion: 'v1', kind: 'Event' }], sink: hook }, { resource: 'events' })),
  where: '[bad/fn/src] resource: got "events"', expected: 'a known prop (did you mean "resources"?); the props are mode, name, namespace, resources, sink' },
  { title: 'a watched kind with a labelSelector', build: (s) => new ApiServerSource(ns(s), 'src',
    { resources: [withUnknownProps({ apiVersion: 'v1', kind: 'Event' }, { labelSelector: { app: 'web' } })], sink: hook }),
  where: '[bad/fn/src] resources[0].labelSelector: got {"app":"web"}', expected: 'a known prop; the props are apiVersion, kind, resource, selector' },
  { title: 'a KnativeBroker prop in the wrong case', build: (s) => new KnativeBroker(ns(s), 'broker', withUnknownProps({}, { brokerclass: 'Kafka' })),
    where: '[bad/fn/broker] brokerclass: got "Kafka"', expected: 'a known prop (did you mean "brokerClass"?)' },
  { title: 'delivery with "backOffDelay" for "backoffDelay"', build: (s) => new KnativeBroker(ns(s), 'broker', { delivery: withUnknownProps({}, { backOffDelay: 'PT1S' }) }),
    where: '[bad/fn/broker] delivery.backOffDelay: got "PT1S"',
    expected: 'a known prop (did you mean "backoffDelay"?); the props are backoffDelay, backoffPolicy, deadLetterSink, retry' },
  { title: 'a KnativeInstall with a misspelt prop', build: (s) => new KnativeInstall(s, 'knative', withUnknownProps({}, { domains: 'apps.example.com' })),
    where: '[bad/knative] domains: got "apps.example.com"', expected: 'a known prop (did you mean "domain"?)' },
  { title: 'a KnativeService prop in the wrong case', build: (s) => ksvc(s, withUnknownProps({}, { minscale: 1 })),
    where: '[bad/fn/hello] minscale: got 1', expected: 'a known prop (did you mean "minScale" or "maxScale"?)' },
  { title: 'a KnativeTrigger with "filters" for "filter"', build: (s) => new KnativeTrigger(ns(s), 'trigger',
    withUnknownProps({ broker: new KnativeBroker(ns(s, 'events'), 'broker', { namespace: 'fn' }), subscriber: hook }, { filters: { type: 'x' } })),
  where: '[bad/fn/trigger] filters: got {"type":"x"}', expected: 'a known prop (did you mean "filter"?)' },
  { title: 'an OpenFaasFunction with "secret" for "secrets"', build: (s) => fn(s, withUnknownProps({}, { secret: ['api-key'] })),
    where: '[bad/openfaas/hello] secret: got ["api-key"]', expected: 'a known prop (did you mean "secrets"?)' },
  { title: 'function limits with "mem"', build: (s) => fn(s, { limits: withUnknownProps({ cpu: '1' }, { mem: '1Gi' }) }),
    where: '[bad/openfaas/hello] limits.mem: got "1Gi"', expected: 'a known prop; the props are cpu, memory' },
  { title: 'an OpenFaasInstall with a misspelt prop', build: (s) => fn(s, {}, withUnknownProps({}, { gatewayReplica: 2 })),
    where: '[bad/openfaas] gatewayReplica: got 2', expected: 'a known prop (did you mean "gatewayReplicas"?)' },
  { title: 'a PingSource with "timeZone" for "timezone"', build: (s) => new PingSource(ns(s), 'ping', withUnknownProps({ schedule: '@hourly', sink: hook }, { timeZone: 'Europe/Paris' })),
    where: '[bad/fn/ping] timeZone: got "Europe/Paris"', expected: 'a known prop (did you mean "timezone"?)' },
  { title: 'a SinkBinding with "sinks" for "sink"', build: (s) => new SinkBinding(ns(s), 'bind',
    withUnknownProps({ subject: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'producer' }, sink: hook }, { sinks: [] })),
  where: '[bad/fn/bind] sinks: got []', expected: 'a known prop (did you mean "sink"?); the props are name, namespace, sink, subject' },
  { title: 'a SinkBinding subject with a namespace', build: (s) => new SinkBinding(ns(s), 'bind',
    { subject: withUnknownProps({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'producer' }, { namespace: 'other' }), sink: hook }),
  where: '[bad/fn/bind] subject.namespace: got "other"', expected: 'a known prop; the props are apiVersion, kind, name, selector' },
] as Array<Omit<BadInput, 'build'> & { build: (s: Construct) => void }>).map((c) => ({ ...c, build: inStack(c.build) }));

describeBadInputs('serverless bad inputs', serverlessApps[0], CASES);
