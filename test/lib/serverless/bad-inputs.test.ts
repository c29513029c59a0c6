import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { serverlessApps } from '../../../apps/serverless';
import { AppStack } from '../../../lib/core/app-stack';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { ApiServerSource, WatchedResource } from '../../../lib/serverless/api-server-source';
import { EventDestination } from '../../../lib/serverless/event-destination';
import { KnativeBroker } from '../../../lib/serverless/knative-broker';
import { KnativeInstall } from '../../../lib/serverless/knative-install';
import { KnativeService, KnativeServiceProps } from '../../../lib/serverless/knative-service';
import { KnativeTrigger, KnativeTriggerProps } from '../../../lib/serverless/knative-trigger';
import { PingSource, PingSourceProps } from '../../../lib/serverless/ping-source';
import { SinkBinding } from '../../../lib/serverless/sink-binding';
import { Probe } from '../../../lib/workloads/probe';
import { BadInput, describeBadInputs, withUnknownProps } from '../../helpers/bad-input';

const IMAGE = 'ghcr.io/acme/hello:1.0.0';
const ns = (s: Construct, name = 'fn') => new SecureNamespace(s, name);
const ksvc = (s: Construct, props: Partial<KnativeServiceProps> = {}) => new KnativeService(ns(s), 'hello', { image: IMAGE, ...props });
const hook = EventDestination.uri('https://example.com/hook');
const ping = (s: Construct, props: Partial<PingSourceProps> = {}) => new PingSource(ns(s), 'ping', { schedule: '@hourly', sink: hook, ...props });
const watch = (s: Construct, resource: WatchedResource) => new ApiServerSource(ns(s), 'src', { resources: [resource], sink: hook });
const trigger = (s: Construct, props: Partial<KnativeTriggerProps>) => {
  const n = ns(s);
  return new KnativeTrigger(n, 'trigger', { broker: new KnativeBroker(n, 'broker'), subscriber: hook, ...props });
};
const inStack = (build: (stack: Construct) => void) => (app: App) => build(new AppStack(app, 'bad'));

const CASES: BadInput[] = ([
  // The named mistakes.
  { title: 'a Trigger to a broker in another namespace (missing from its own)', build: (s) => {
    const broker = new KnativeBroker(ns(s, 'events'), 'broker');
    new KnativeTrigger(ns(s, 'fn'), 'my-trigger', { broker, subscriber: EventDestination.uri('https://example.com/hook') });
  }, where: '[bad/fn/my-trigger] broker: got "events/default"', expected: 'a broker in the Trigger\'s namespace "fn"' },
  { title: 'scale bounds inverted', build: (s) => ksvc(s, { minScale: 5, maxScale: 2 }),
    where: '[bad/fn/hello] minScale: got 5', expected: 'at most maxScale (2)' },
  { title: 'an invalid cron schedule', build: (s) => new PingSource(ns(s), 'ping', { schedule: '*/5 * * *', sink: EventDestination.uri('https://example.com') }),
    where: '[bad/fn/ping] schedule: got "*/5 * * *"', expected: 'a cron schedule of five fields' },
  { title: 'traffic that adds up to 90', build: (s) => ksvc(s, { traffic: [{ revision: 'hello-v1', percent: 60 }, { latestRevision: true, percent: 30 }] }),
    where: '[bad/fn/hello] traffic: got "60 + 30 = 90"', expected: 'percentages that add up to 100' },
  { title: 'traffic to a revision of another service', build: (s) => ksvc(s, { traffic: [{ revision: 'other-v1', percent: 100 }] }),
    where: '[bad/fn/hello] traffic[0].revision: got "other-v1"', expected: 'the name of a revision of this service, "hello-<suffix>"' },
  { title: 'a tag used twice', build: (s) => ksvc(s, { traffic: [{ revision: 'hello-v1', percent: 50, tag: 'a' }, { latestRevision: true, percent: 50, tag: 'a' }] }),
    where: '[bad/fn/hello] traffic[1]: got "a"', expected: 'a tag that is not already used in traffic' },
  { title: 'a port the queue-proxy uses', build: (s) => ksvc(s, { port: 8012 }),
    where: '[bad/fn/hello] port: got 8012', expected: 'a port other than 8012, 8013, 8022, 9090, 9091' },
  { title: 'a probe on another port', build: (s) => ksvc(s, { readiness: Probe.tcp(9000) }),
    where: '[bad/fn/hello] readiness.port: got 9000', expected: 'a port that a container of the pod declares (8080)' },
  { title: 'a name with capitals', build: (s) => new KnativeService(ns(s), 'Hello', { image: IMAGE }),
    where: '[bad/fn/Hello] name: got "Hello"', expected: 'a DNS-1035 label' },
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
  }, where: '[bad/fn/broker] subscribe(filter) key: got "Ce-Type"', expected: 'a CloudEvents attribute name' },
  { title: 'the same subscriber twice without a Trigger name', build: (s) => {
    const n = ns(s);
    const broker = new KnativeBroker(n, 'broker');
    const c = new KnativeService(n, 'c', { image: IMAGE });
    broker.subscribe(c, { type: 'a' });
    broker.subscribe(c, { type: 'b' });
  }, where: '[bad/fn/broker] subscribe(options).name: got "default-to-c"', expected: 'a Trigger name not yet used on this broker (pass options.name)' },
  { title: 'a subscriber in another namespace', build: (s) => {
    const other = new KnativeService(ns(s, 'other'), 'c', { image: IMAGE });
    new KnativeBroker(ns(s), 'broker').subscribe(other);
  }, where: '[bad/fn/broker] subscribe(subscriber).ref.namespace: got "other"', expected: 'namespace "fn"' },
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
  // PingSource schedules and time zones, as Knative's webhook reads them.
  { title: 'a time zone in the wrong case', build: (s) => ping(s, { timezone: 'europe/paris' }),
    where: '[bad/fn/ping] timezone: got "europe/paris"', expected: 'an IANA time zone name, spelt as in the tz database' },
  { title: 'the "Local" time zone', build: (s) => ping(s, { timezone: 'Local' }),
    where: '[bad/fn/ping] timezone: got "Local"', expected: 'an IANA time zone name' },
  { title: 'a three-letter zone ID that only ICU knows', build: (s) => ping(s, { timezone: 'PST' }),
    where: '[bad/fn/ping] timezone: got "PST"', expected: 'an IANA time zone name' },
  { title: 'a zone the tz database removed', build: (s) => ping(s, { timezone: 'US/Pacific-New' }),
    where: '[bad/fn/ping] timezone: got "US/Pacific-New"', expected: 'an IANA time zone name' },
  { title: 'a time zone that is a number', build: (s) => ping(s, { timezone: 2 as any }),
    where: '[bad/fn/ping] timezone: got 2', expected: 'an IANA time zone name' },
  { title: 'CRON_TZ inside the schedule', build: (s) => ping(s, { schedule: 'CRON_TZ=Europe/Paris 0 3 * * *' }),
    where: '[bad/fn/ping] schedule: got "CRON_TZ=Europe/Paris 0 3 * * *"', expected: 'a schedule without a time zone prefix: put the zone in `timezone`' },
  { title: 'the @every descriptor, which Knative refuses', build: (s) => ping(s, { schedule: '@every 10m' }),
    where: '[bad/fn/ping] schedule: got "@every 10m"', expected: 'a cron schedule or a descriptor other than "@every" (Knative refuses "@every")' },
  { title: 'February 30', build: (s) => ping(s, { schedule: '0 0 30 2 *' }),
    where: '[bad/fn/ping] schedule: got "0 0 30 2 *"', expected: 'a cron schedule of five fields, e.g. "*/5 * * * *", or a descriptor such as "@hourly" '
      + '(day of month "30" does not exist in FEB, so the schedule never fires)' },
  { title: 'April 31 and June 31', build: (s) => ping(s, { schedule: '0 0 31 APR,JUN *' }),
    where: '[bad/fn/ping] schedule: got "0 0 31 APR,JUN *"', expected: 'a cron schedule of five fields' },
  { title: 'a schedule that is not a string', build: (s) => ping(s, { schedule: 5 as any }),
    where: '[bad/fn/ping] schedule: got 5', expected: 'a cron schedule of five fields' },
  { title: 'a JSON array as the body', build: (s) => ping(s, { data: [1, 2] as any }),
    where: '[bad/fn/ping] data: got [1,2]', expected: 'a string, or a plain object sent as JSON (Knative requires a JSON object, not an array)' },
  { title: 'a body JSON cannot write', build: (s) => ping(s, { data: { n: 10n } }),
    where: '[bad/fn/ping] data: got {"n":10n}', expected: 'an object that JSON can represent' },
  { title: 'a body with NaN, which JSON writes as null', build: (s) => ping(s, { data: { ratio: NaN } }),
    where: '[bad/fn/ping] data: got {"ratio":NaN}', expected: 'an object that JSON can represent as it is (no NaN, Infinity, functions or symbols)' },
  { title: 'a text body declared as JSON', build: (s) => ping(s, { data: 'hello', contentType: 'application/json' }),
    where: '[bad/fn/ping] data: got "hello"', expected: 'a JSON object, since contentType is "application/json"' },
  { title: 'PingSource props that are null', build: (s) => new PingSource(ns(s), 'ping', null as any),
    where: '[bad/fn/ping] props: got null', expected: 'an object of props' },
  // ApiServerSource: the API's real resource names.
  { title: 'Ingress watched as "ingresss"', build: (s) => watch(s, { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', resource: 'ingresss' }),
    where: '[bad/fn/src] resources[0].resource: got "ingresss"', expected: '"ingresses", the resource name of Ingress (or leave resource out)' },
  { title: 'a custom kind without its resource name', build: (s) => watch(s, { apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy' }),
    where: '[bad/fn/src] resources[0].resource: got undefined', expected: 'the resource name of ClusterPolicy as its CRD declares it (spec.names.plural' },
  { title: 'a kind under another group', build: (s) => watch(s, { apiVersion: 'apps/v1', kind: 'Ingress' }),
    where: '[bad/fn/src] resources[0].kind: got "Ingress"', expected: 'a kind served at "apps/v1" (Ingress is served as "networking.k8s.io/v1", not by API group "apps")' },
  { title: 'a version the API server no longer serves', build: (s) => watch(s, { apiVersion: 'networking.k8s.io/v1beta1', kind: 'NetworkPolicy' }),
    where: '[bad/fn/src] resources[0].kind: got "NetworkPolicy"', expected: 'a kind served at "networking.k8s.io/v1beta1" (NetworkPolicy is served as "networking.k8s.io/v1"; version "v1beta1" is not served)' },
  { title: 'a watched kind that is null', build: (s) => new ApiServerSource(ns(s), 'src', { resources: [null as any], sink: hook }),
    where: '[bad/fn/src] resources[0]: got null', expected: 'an object: { apiVersion, kind, resource?, selector? }' },
  { title: 'resources as one object', build: (s) => new ApiServerSource(ns(s), 'src', { resources: { apiVersion: 'v1', kind: 'Event' } as any, sink: hook }),
    where: '[bad/fn/src] resources: got {"apiVersion":"v1","kind":"Event"}', expected: 'a list of the kinds to watch' },
  // KnativeService: Knative's limits.
  { title: 'a name that starts with a digit', build: (s) => new KnativeService(ns(s), '1hello', { image: IMAGE }),
    where: '[bad/fn/1hello] name: got "1hello"', expected: 'a DNS-1035 label' },
  { title: 'containerConcurrency over 1000', build: (s) => ksvc(s, { containerConcurrency: 1001 }),
    where: '[bad/fn/hello] containerConcurrency: got 1001', expected: 'an integer from 0 to 1000' },
  { title: 'a timeout over max-revision-timeout-seconds', build: (s) => ksvc(s, { timeoutSeconds: 900 }),
    where: '[bad/fn/hello] timeoutSeconds: got 900', expected: 'an integer from 1 to 600' },
  { title: 'a fractional traffic share', build: (s) => ksvc(s, { traffic: [{ revision: 'hello-v1', percent: 50.5 }, { latestRevision: true, percent: 49.5 }] }),
    where: '[bad/fn/hello] traffic[0].percent: got 50.5', expected: 'an integer from 0 to 100' },
  { title: 'a tag that starts with a digit', build: (s) => ksvc(s, { traffic: [{ latestRevision: true, percent: 100, tag: '2024' }] }),
    where: '[bad/fn/hello] traffic[0].tag: got "2024"', expected: 'a DNS-1035 label' },
  { title: 'a tag too long for its address', build: (s) => ksvc(s, { traffic: [{ latestRevision: true, percent: 100, tag: `t${'a'.repeat(59)}` }] }),
    where: `[bad/fn/hello] traffic[0].tag: got "t${'a'.repeat(59)}"`, expected: 'a tag short enough for the address "<tag>-hello"' },
  { title: 'a target with both a revision and latestRevision', build: (s) => ksvc(s, { traffic: [{ revision: 'hello-v1', latestRevision: true, percent: 100 } as any] }),
    where: '[bad/fn/hello] traffic[0].latestRevision: got true', expected: 'no latestRevision beside a revision' },
  { title: 'a traffic target that is null', build: (s) => ksvc(s, { traffic: [null as any] }),
    where: '[bad/fn/hello] traffic[0]: got null', expected: 'a traffic target' },
  { title: 'a label Knative reserves', build: (s) => ksvc(s, { labels: { 'serving.knative.dev/service': 'x' } }),
    where: '[bad/fn/hello] labels key: got "serving.knative.dev/service"', expected: 'a label outside "serving.knative.dev/"' },
  { title: 'no data-plane namespace', build: (s) => ksvc(s, { dataPlaneNamespaces: [] }),
    where: '[bad/fn/hello] dataPlaneNamespaces: got []', expected: 'at least one namespace' },
  { title: 'a revision suffix with capitals', build: (s) => ksvc(s, { revision: 'V2' }),
    where: '[bad/fn/hello] revision: got "V2"', expected: 'a suffix that makes "hello-<suffix>" a DNS-1035 label' },
  // Brokers, Triggers, destinations.
  { title: 'a filter attribute longer than 20 characters', build: (s) => trigger(s, { filter: { averyveryverylongattribute: 'x' } }),
    where: '[bad/fn/trigger] filter key: got "averyveryverylongattribute"', expected: 'a CloudEvents attribute name: 1-20 lowercase letters or digits' },
  { title: 'a filter value that is a number', build: (s) => trigger(s, { filter: { type: 1 as any } }),
    where: '[bad/fn/trigger] filter.type: got 1', expected: 'a non-empty string (exact match)' },
  { title: 'a broker given by name', build: (s) => trigger(s, { broker: 'default' as any }),
    where: '[bad/fn/trigger] broker: got "default"', expected: 'a KnativeBroker' },
  { title: 'subscribe(null)', build: (s) => new KnativeBroker(ns(s), 'broker').subscribe(null as any),
    where: '[bad/fn/broker] subscribe(subscriber): got null', expected: 'a KnativeService, a KnativeBroker or an EventDestination' },
  { title: 'subscribe with delivery retries out of range', build: (s) => new KnativeBroker(ns(s), 'broker').subscribe(hook, {}, { name: 't', delivery: { retry: 101 } }),
    where: '[bad/fn/broker] subscribe(options).delivery.retry: got 101', expected: 'an integer from 0 to 100' },
  { title: 'subscribe with a filter that is a string', build: (s) => new KnativeBroker(ns(s), 'broker').subscribe(hook, 'type=x' as any),
    where: '[bad/fn/broker] subscribe(filter): got "type=x"', expected: 'an object of CloudEvents attributes to match' },
  { title: 'delivery as a string', build: (s) => new KnativeBroker(ns(s), 'broker', { delivery: 'retry' as any }),
    where: '[bad/fn/broker] delivery: got "retry"', expected: 'an object of delivery options' },
  { title: 'a broker class that is not a string', build: (s) => new KnativeBroker(ns(s), 'broker', { brokerClass: true as any }),
    where: '[bad/fn/broker] brokerClass: got true', expected: 'a broker class' },
  { title: 'a URL that is a number', build: (s) => ping(s, { sink: EventDestination.uri(42 as any) }),
    where: '[bad/fn/ping] sink.uri: got 42', expected: 'an absolute http:// or https:// URL' },
  { title: 'a sink that is null', build: (s) => ping(s, { sink: EventDestination.of(null as any) }),
    where: '[bad/fn/ping] sink: got null', expected: 'a KnativeService, a KnativeBroker or another object with an eventReference' },
  { title: 'a path that leaves for another host', build: (s) => {
    const n = ns(s);
    new PingSource(n, 'ping', { schedule: '@hourly', sink: EventDestination.of(new KnativeService(n, 'c', { image: IMAGE }), { path: '//evil.example.com/x' }) });
  },
    where: '[bad/fn/ping] sink.path: got "//evil.example.com/x"', expected: 'a path of printable ASCII characters starting with a single "/"' },
  { title: 'a core Service named with capitals', build: (s) => ping(s, { sink: EventDestination.kubernetesService({ name: 'Web', namespace: 'fn' }) }),
    where: '[bad/fn/ping] sink.ref.name: got "Web"', expected: 'a DNS-1035 label' },
  { title: 'a SinkBinding subject under the wrong group', build: (s) => new SinkBinding(ns(s), 'bind', { subject: { apiVersion: 'v1', kind: 'Deployment', name: 'p' }, sink: hook }),
    where: '[bad/fn/bind] subject.kind: got "Deployment"', expected: 'a kind served at "v1" (Deployment is served as "apps/v1", not by the core API group ("v1"))' },
  { title: 'a SinkBinding with an empty selector', build: (s) => new SinkBinding(ns(s), 'bind', { subject: { apiVersion: 'apps/v1', kind: 'Deployment', selector: {} }, sink: hook }),
    where: '[bad/fn/bind] subject.selector: got {}', expected: 'at least one label (an empty selector binds every workload of the kind)' },
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
