import { defineCheck } from '../define';
import { kindKey } from '../kinds';
import { listOf, mapsOf } from '../pods';
import { isMap } from '../selectors';
import { PolicyCheck } from '../types';

const KSVC = 'serving.knative.dev/Service';
const TRIGGER = 'eventing.knative.dev/Trigger';
/** Knative kinds that deliver events somewhere (subscriber, sink or dead-letter sink). */
const DELIVERING_KINDS = [
  TRIGGER, 'eventing.knative.dev/Broker', 'sources.knative.dev/PingSource', 'sources.knative.dev/ApiServerSource',
  'sources.knative.dev/SinkBinding', 'sources.knative.dev/ContainerSource',
];
/** Services of FaaS control planes that must never be published as NodePort or LoadBalancer (the book's OpenFaaS). */
const FAAS_CONTROL_APPS = ['gateway', 'faas-netesd'];

/** Every destination an object delivers to, with its field. */
function destinations(spec: any): Array<{ field: string; ref: any }> {
  return [
    { field: 'spec.subscriber', dest: spec?.subscriber },
    { field: 'spec.sink', dest: spec?.sink },
    { field: 'spec.delivery.deadLetterSink', dest: spec?.delivery?.deadLetterSink },
  ].filter((d) => isMap(d.dest?.ref)).map((d) => ({ field: d.field, ref: d.dest.ref }));
}

/** The index key of a reference's kind. */
function refKind(ref: any): string {
  const apiVersion = String(ref.apiVersion ?? '');
  return kindKey({ group: apiVersion.includes('/') ? apiVersion.split('/')[0] : '', kind: String(ref.kind ?? '') });
}

/** The pod-template annotation of a Knative Service or Configuration as a number, or undefined. */
function scaleAnnotation(t: any, name: string): number | undefined {
  const value = t.object.spec?.template?.metadata?.annotations?.[`autoscaling.knative.dev/${name}`];
  return value === undefined ? undefined : Number(value);
}

/** True when a TLS entry of the chart's ingress values covers the host. */
function tlsCovers(tls: any[], host: string): boolean {
  return mapsOf(tls).some((t) => listOf(t.hosts).includes(host) && typeof t.secretName === 'string' && t.secretName.length > 0);
}

export const SERVERLESS_CHECKS: PolicyCheck[] = [
  defineCheck({
    id: 'knative-trigger-broker',
    domain: 'kubernetes',
    kinds: [TRIGGER],
    description: 'A Trigger\'s broker exists in the Trigger\'s namespace (a Trigger cannot see brokers elsewhere).',
    remediation: 'Create the Broker in the namespace, or point spec.broker at an existing one (KnativeBroker.subscribe does both).',
    severity: 'error',
    references: ['Cloud Native with Kubernetes ch. 14 (F05, F07)', 'knative: Trigger.spec.broker'],
    check: (t, index) => {
      const broker = t.object.spec?.broker;
      return index.get('eventing.knative.dev/Broker', t.namespace, broker) ? [] : [`broker "${broker ?? ''}" does not exist in namespace ${t.namespace}`];
    },
  }),
  defineCheck({
    id: 'knative-reference-exists',
    domain: 'kubernetes',
    kinds: DELIVERING_KINDS,
    description: 'Every object a Trigger, Broker or source delivers events to (subscriber, sink, dead-letter sink) exists.',
    remediation: 'Reference an object of the app (build the reference from the object), or deliver to a URI.',
    severity: 'error',
    references: ['knative: Destination.ref'],
    check: (t, index) => destinations(t.object.spec).filter(({ ref }) => !index.get(refKind(ref), ref.namespace ?? t.namespace, ref.name))
      .map(({ field, ref }) => `${field} refers to ${ref.apiVersion} ${ref.kind} ${ref.namespace ?? t.namespace}/${ref.name}, which does not exist`),
  }),
  defineCheck({
    id: 'knative-traffic-percent',
    domain: 'kubernetes',
    kinds: [KSVC, 'serving.knative.dev/Route'],
    description: 'The traffic percentages of a Knative Service or Route add up to 100, and each tag is used once.',
    remediation: 'Adjust the percentages so that they total 100; give each tag to one target.',
    severity: 'error',
    references: ['knative: TrafficTarget.percent'],
    check: (t) => {
      // Traffic targets that are no maps are refused by the API server (schema validation reports them).
      const traffic = mapsOf(t.object?.spec?.traffic);
      if (traffic.length === 0) {
        return [];
      }
      const total = traffic.reduce((sum, x) => sum + (typeof x.percent === 'number' ? x.percent : 0), 0);
      const tags = traffic.map((x) => x.tag).filter(Boolean);
      return [
        ...(total === 100 ? [] : [`traffic percentages add up to ${total}`]),
        ...[...new Set(tags.filter((tag, i) => tags.indexOf(tag) !== i))].map((tag) => `tag "${tag}" is used more than once`),
      ];
    },
  }),
  defineCheck({
    id: 'knative-scale-bounds',
    domain: 'kubernetes',
    kinds: [KSVC, 'serving.knative.dev/Configuration'],
    description: 'A revision\'s min-scale is at most its max-scale (max-scale 0 means no limit).',
    remediation: 'Lower autoscaling.knative.dev/min-scale or raise max-scale.',
    severity: 'error',
    references: ['knative: autoscaling.knative.dev/min-scale, max-scale'],
    check: (t) => {
      const min = scaleAnnotation(t, 'min-scale');
      const max = scaleAnnotation(t, 'max-scale');
      return min !== undefined && max !== undefined && max > 0 && min > max ? [`min-scale ${min} is greater than max-scale ${max}`] : [];
    },
  }),
  defineCheck({
    id: 'openfaas-gateway-secured',
    domain: 'helm',
    kinds: ['HelmRelease'],
    description: 'An OpenFaaS release keeps basic auth on and publishes its gateway only through an Ingress with TLS (no NodePort or LoadBalancer).',
    remediation: 'Set basic_auth: true, exposeServices: false (or serviceType: ClusterIP), and ingress.tls for every ingress host.',
    severity: 'error',
    references: ['Kubernetes for Serverless Applications ch. 10', 'Cloud Native with Kubernetes ch. 14 (H02)'],
    check: (t) => {
      if (String(t.object?.chart ?? '').split('/').pop() !== 'openfaas') {
        return [];
      }
      const values = isMap(t.object?.values) ? t.object.values : {};
      const problems: string[] = [];
      if (values.basic_auth === false) {
        problems.push('basic_auth is false: the gateway and UI accept anyone');
      }
      // The chart's defaults are exposeServices: true and serviceType: NodePort.
      const type = values.serviceType ?? 'NodePort';
      if (values.exposeServices !== false && type !== 'ClusterIP') {
        problems.push(`the gateway is exposed as a ${type} Service (plain HTTP, port ${values.gateway?.nodePort ?? 31112} on every node)`);
      }
      if (values.ingress?.enabled === true) {
        const hosts: string[] = mapsOf(values.ingress.hosts).map((h) => h.host).filter((h) => typeof h === 'string' && h !== '');
        hosts.filter((h) => !tlsCovers(listOf(values.ingress.tls), h)).forEach((h) => problems.push(`ingress host ${h} has no TLS`));
      }
      return problems;
    },
  }),
  defineCheck({
    id: 'faas-control-plane-exposed',
    domain: 'kubernetes',
    kinds: ['Service'],
    description: 'No NodePort or LoadBalancer Service publishes a FaaS control plane (the OpenFaaS gateway or provider API), which take admin credentials.',
    remediation: 'Make the Service ClusterIP and publish the gateway through an Ingress with TLS (with basic auth on), or use kubectl port-forward.',
    severity: 'error',
    references: ['Kubernetes for Serverless Applications ch. 10 (gateway-lb, NodePort 31112)'],
    check: (t) => {
      const type = t.object.spec?.type;
      const app = t.object.spec?.selector?.app;
      return (type === 'NodePort' || type === 'LoadBalancer') && FAAS_CONTROL_APPS.includes(app)
        ? [`the ${type} Service publishes the pods app=${app} outside the cluster`] : [];
    },
  }),
];
