import { ApiObject } from 'cdk8s';
import { containerJson, volumeJson } from '../core/k8s';
import { Construct } from 'constructs';
import { createHash } from 'node:crypto';
import { DNS_1035_LABEL, DNS_LABEL, UNPRIVILEGED_PORT } from '../core/formats';
import { workloadLabels, selectorLabels } from '../core/labels';
import { NamespacedResource, RESOURCE_ID, propNames } from '../core/resource';
import { PropsValidator, checkUnique, isObject, reportUnder, requireProps } from '../core/validator';
import { arrayProp, objectProp } from './checks';
import { NetworkPeer } from '../networking/network-peer';
import { NetworkPolicy } from '../networking/network-policy';
import { ServiceAccount } from '../security/service-account';
import { CONTAINER_SPEC_PROPS } from '../workloads/pod-spec';
import { ContainerLayout, ContainerPortSpec, ContainerSpec, renderContainer, validateContainer, writableVolumes } from '../workloads/container-spec';
import type { IWorkload } from '../workloads/workload';
import { EventReference, IEventSink } from './event-destination';

/** One entry of a traffic split: a named revision, or whatever revision is the latest ready one. */
export type TrafficTarget =
  | {
    /** Full name of an existing revision, "<service>-<suffix>", e.g. "hello-v1". */
    readonly revision: string;
    /** Share of requests, 0-100; the shares of a split add up to 100. */
    readonly percent: number;
    /** Gives the revision its own address, "<tag>-<service>.<namespace>...". @default no own address */
    readonly tag?: string;
  }
  | {
    /** The latest ready revision of the service (it follows every new template). */
    readonly latestRevision: true;
    /** Share of requests, 0-100; the shares of a split add up to 100. */
    readonly percent: number;
    /** Gives it its own address. @default no own address */
    readonly tag?: string;
  };

/** Who can call the service: the cluster only, or also the outside through the ingress gateway. */
export type KnativeVisibility = 'cluster-local' | 'public';

/** Props of a {@link KnativeService}. */
export interface KnativeServiceProps extends ContainerSpec {
  /**
   * Name of the service, its ServiceAccount and the pods' `app` label.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * Namespace.
   * @default the enclosing SecureNamespace
   */
  readonly namespace?: string;
  /**
   * The port the container listens on (Knative passes it as $PORT).
   * @default 8080
   */
  readonly port?: number;
  /**
   * The protocol the container speaks on that port: HTTP/1.1 or HTTP/2 without TLS (gRPC).
   * @default "http1"
   */
  readonly protocol?: 'http1' | 'h2c';
  /**
   * Fewest pods per revision; 0 lets an idle revision scale to zero.
   * @default 0
   */
  readonly minScale?: number;
  /**
   * Most pods per revision.
   * @default 10
   */
  readonly maxScale?: number;
  /**
   * Concurrent requests per pod the autoscaler aims for (a soft target).
   * @default Knative's cluster default (100)
   */
  readonly targetConcurrency?: number;
  /**
   * Most requests a pod handles at once (a hard limit; 0 means no limit).
   * @default 0
   */
  readonly containerConcurrency?: number;
  /**
   * Seconds a request may take: at most 600, Knative's default `max-revision-timeout-seconds`.
   * @default 300
   */
  readonly timeoutSeconds?: number;
  /**
   * Who can call it. "public" makes it reachable through the ingress gateway from outside the cluster.
   * @default "cluster-local"
   */
  readonly visibility?: KnativeVisibility;
  /**
   * Suffix of the revision this template creates, named "<service>-<suffix>"; needed to name it in a traffic split.
   * @default a name Knative generates
   */
  readonly revision?: string;
  /**
   * How requests are split between revisions.
   * @default every request to the latest ready revision
   */
  readonly traffic?: TrafficTarget[];
  /**
   * Extra labels on the service and its pods.
   * @default none
   */
  readonly labels?: Record<string, string>;
  /**
   * Namespaces whose pods deliver requests to the service's pods: Knative's activator and the networking layer.
   * @default ["knative-serving", "kourier-system"]
   */
  readonly dataPlaneNamespaces?: string[];
}

/** The props of the container, which {@link KnativeServiceProps} extends. */
const CONTAINER_PROPS = CONTAINER_SPEC_PROPS;
const PROPS = [...CONTAINER_PROPS, ...propNames<Omit<KnativeServiceProps, keyof ContainerSpec>>()({
  name: true, namespace: true, port: true, protocol: true, minScale: true, maxScale: true, targetConcurrency: true, containerConcurrency: true,
  timeoutSeconds: true, visibility: true, revision: true, traffic: true, labels: true, dataPlaneNamespaces: true,
})];
/** The props of a traffic target, of either form. */
const TRAFFIC_PROPS = propNames<Extract<TrafficTarget, { readonly revision: string }> & Extract<TrafficTarget, { readonly latestRevision: true }>>()({
  revision: true, latestRevision: true, percent: true, tag: true,
});

/** Ports the queue-proxy sidecar of every Knative pod uses; the container cannot listen on them. */
const QUEUE_PROXY_PORTS = [8012, 8013, 8022, 9090, 9091];
/** Queue-proxy ports that receive requests (HTTP/1 and HTTP/2), and that expose metrics to the autoscaler. */
const SERVING_PORTS = [8012, 8013];
const METRICS_PORTS = [9090, 9091];

/**
 * A `serving.knative.dev/v1` Service: one container that Knative scales with its traffic, to zero by default,
 * with revisions and traffic splits between them. Its pods pass Pod Security "restricted" (security settings on
 * the container, since pod-level ones are behind a Knative feature flag), run as their own ServiceAccount without
 * an API token, and accept connections only from Knative's data plane. Cluster-local unless made public.
 * Writable paths are emptyDir volumes, which need Knative's `kubernetes.podspec-volumes-emptydir` feature
 * (KnativeInstall turns it on).
 *
 * Its main object (child `Resource`) is the Knative Service; its ServiceAccount and NetworkPolicy keep their
 * children `ServiceAccount` and `ingress-from-knative`.
 */
export class KnativeService extends NamespacedResource implements IEventSink, IWorkload {
  /** Labels that select the service's pods (every revision's). */
  public readonly selector: Readonly<Record<string, string>>;
  /**
   * The ports other pods reach: those of the queue-proxy that Knative puts in front of the container (8012 for
   * HTTP/1, 8013 for HTTP/2). Clients normally go through the networking layer instead, by the service's URL.
   */
  public readonly ports: readonly ContainerPortSpec[] = [{ name: 'queue-http1', port: 8012 }, { name: 'queue-h2c', port: 8013 }];

  public constructor(scope: Construct, id: string, props: KnativeServiceProps) {
    // The name becomes the name of a core Service (a DNS-1035 label: it starts with a letter) and a DNS label of the
    // service's host name ("<name>.<namespace>.svc...").
    super(scope, id, props, { props: PROPS, nameFormat: DNS_1035_LABEL });
    const v = this.validator;
    requireProps(v, props);
    const port = props.port ?? 8080;
    const protocol = props.protocol ?? 'http1';
    const minScale = props.minScale ?? 0;
    const maxScale = props.maxScale ?? 10;
    const visibility = props.visibility ?? 'cluster-local';
    const dataPlane = props.dataPlaneNamespaces ?? ['knative-serving', 'kourier-system'];
    this.selector = selectorLabels(this.name);
    const protocolOk = v.check(protocol === 'http1' || protocol === 'h2c', 'protocol', protocol, '"http1" or "h2c"');
    const layout: ContainerLayout = { name: 'user-container', ports: [{ name: protocolOk ? protocol : 'http1', port }], volumePrefix: '' };

    validateContainer(v, props, layout);
    v.format('port', port, UNPRIVILEGED_PORT, true);
    v.check(!QUEUE_PROXY_PORTS.includes(port), 'port', port, `a port other than ${QUEUE_PROXY_PORTS.join(', ')}, which Knative's queue-proxy uses`);
    // Knative's autoscaler reads the bounds as integers >= 0; keelson caps them at 1000 pods.
    v.integer('minScale', minScale, 0, 1000);
    v.integer('maxScale', maxScale, 1, 1000);
    v.check(!(minScale > maxScale), 'minScale', minScale, `at most maxScale (${maxScale})`);
    v.integer('targetConcurrency', props.targetConcurrency, 1, 1000);
    // Knative's defaults: container-concurrency-max-limit 1000 (0 means no limit), max-revision-timeout-seconds 600.
    v.integer('containerConcurrency', props.containerConcurrency, 0, 1000);
    v.integer('timeoutSeconds', props.timeoutSeconds, 1, MAX_TIMEOUT_SECONDS);
    v.check(visibility === 'cluster-local' || visibility === 'public', 'visibility', visibility, '"cluster-local" or "public"');
    validateLabels(v, props.labels);
    if (arrayProp(v, 'dataPlaneNamespaces', dataPlane, 'a list of namespace names') && v.check(dataPlane.length > 0, 'dataPlaneNamespaces', dataPlane,
      'at least one namespace (the activator\'s, "knative-serving"): without one no request reaches the pods')) {
      dataPlane.forEach((ns, i) => v.format(`dataPlaneNamespaces[${i}]`, ns, DNS_LABEL, true));
      checkUnique(v, 'dataPlaneNamespaces', dataPlane, (ns) => (typeof ns === 'string' ? ns : undefined), 'a namespace');
    }
    let revisionName: string | undefined;
    if (props.revision !== undefined && v.check(typeof props.revision === 'string', 'revision', props.revision, 'a revision suffix such as "v2"')) {
      revisionName = `${this.name}-${props.revision}`;
      // Knative requires a revision name to be a DNS-1035 label that starts with "<service>-".
      v.check(DNS_1035_LABEL.test(revisionName), 'revision', props.revision,
        `a suffix that makes "${this.name}-<suffix>" a DNS-1035 label of at most 63 characters (lowercase letters, digits and "-")`);
    }
    this.validateTraffic(v, props.traffic);
    const container = v.issues.length === 0 ? knativeContainer(containerJson(renderContainer(props, layout)), port) : undefined;
    for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe'] as const) {
      const p = container?.[probe]?.tcpSocket?.port ?? container?.[probe]?.httpGet?.port;
      v.check(p === undefined || p === port, probe.replace('Probe', ''), p, `the container port ${port} or its name "${protocol}" (Knative probes only the serving port)`);
    }
    v.throwIfInvalid();

    const labels = workloadLabels(this.name, props.labels);
    const sa = new ServiceAccount(this, 'ServiceAccount', { name: this.name, namespace: this.namespace, labels });
    const volumes = [...writableVolumes(props, layout), ...(props.mounts ?? []).map((m) => m.source._volume())].map((vol) => volumeJson(vol));

    new ApiObject(this, RESOURCE_ID, {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      metadata: {
        name: this.name,
        namespace: this.namespace,
        labels: { ...labels, ...(visibility === 'cluster-local' ? { [VISIBILITY_LABEL]: 'cluster-local' } : {}) },
      },
      spec: {
        template: {
          metadata: {
            name: revisionName,
            labels,
            annotations: {
              'autoscaling.knative.dev/min-scale': String(minScale),
              'autoscaling.knative.dev/max-scale': String(maxScale),
              ...(props.targetConcurrency !== undefined ? { 'autoscaling.knative.dev/target': String(props.targetConcurrency) } : {}),
            },
          },
          spec: {
            serviceAccountName: sa.name,
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            containerConcurrency: props.containerConcurrency ?? 0,
            timeoutSeconds: props.timeoutSeconds ?? 300,
            containers: [container!],
            volumes: volumes.length > 0 ? volumes : undefined,
          },
        },
        traffic: props.traffic?.map((t) => (Object.hasOwn(t, 'revision')
          ? { revisionName: (t as { revision: string }).revision, percent: t.percent, tag: t.tag }
          : { latestRevision: true, percent: t.percent, tag: t.tag })),
      },
    });

    // Requests reach the pods through the activator (knative-serving) or the networking layer, always on the
    // queue-proxy's ports; the autoscaler scrapes its metrics.
    // Its peers come from dataPlaneNamespaces: a problem of the policy is a problem of that prop.
    reportUnder(this, 'ingress-from-knative', (f) => `dataPlaneNamespaces (${f})`, () => new NetworkPolicy(this, 'ingress-from-knative', {
      name: policyName(this.name),
      namespace: this.namespace,
      podSelector: { ...this.selector },
      ingress: [
        { peers: dataPlane.map((ns) => NetworkPeer.namespace(ns)), ports: SERVING_PORTS.map((p) => ({ port: p })) },
        { peers: [NetworkPeer.namespace('knative-serving')], ports: METRICS_PORTS.map((p) => ({ port: p })) },
      ],
    }));
  }

  /** How Triggers and sources refer to the service. */
  public get eventReference(): EventReference {
    return { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: this.name, namespace: this.namespace };
  }

  /** The service's address inside the cluster. */
  public get clusterUrl(): string {
    return `http://${this.name}.${this.namespace}.svc.cluster.local`;
  }

  private validateTraffic(v: PropsValidator, traffic: TrafficTarget[] | undefined): void {
    if (!arrayProp(v, 'traffic', traffic, 'a list of traffic targets')) {
      return;
    }
    v.check(traffic.length > 0, 'traffic', traffic, 'at least one target, or leave traffic out to send everything to the latest revision');
    const valid = traffic.filter((t, i) => objectProp(v, `traffic[${i}]`, t, 'a traffic target: { revision, percent, tag? } or { latestRevision: true, percent, tag? }', true)
      && v.knownProps(`traffic[${i}]`, t, TRAFFIC_PROPS)).length === traffic.length;
    if (!valid) {
      return;
    }
    traffic.forEach((t, i) => {
      v.integer(`traffic[${i}].percent`, t.percent, 0, 100);
      v.check(t.percent !== undefined, `traffic[${i}].percent`, t.percent, 'an integer from 0 to 100');
      if (Object.hasOwn(t, 'revision')) {
        const revision = (t as { revision: unknown }).revision;
        v.check(typeof revision === 'string' && DNS_1035_LABEL.test(revision) && revision.startsWith(`${this.name}-`), `traffic[${i}].revision`, revision,
          `the name of a revision of this service, "${this.name}-<suffix>"`);
        v.check(!Object.hasOwn(t, 'latestRevision'), `traffic[${i}].latestRevision`, (t as any).latestRevision,
          'no latestRevision beside a revision: a target is either a named revision or the latest one');
      } else {
        v.check((t as any).latestRevision === true, `traffic[${i}].latestRevision`, (t as any).latestRevision, 'true (or name a revision)');
      }
      // Knative requires tags to be DNS-1035 labels; the tag's address is "<tag>-<service>", itself a DNS label.
      if (t.tag !== undefined && v.format(`traffic[${i}].tag`, t.tag, DNS_1035_LABEL)) {
        v.check(`${t.tag}-${this.name}`.length <= 63, `traffic[${i}].tag`, t.tag,
          `a tag short enough for the address "<tag>-${this.name}" to be a DNS label of at most 63 characters`);
      }
    });
    const percents = traffic.map((t) => t.percent);
    if (percents.every((p) => Number.isInteger(p))) {
      const total = percents.reduce((sum, p) => sum + p, 0);
      v.check(total === 100, 'traffic', `${percents.join(' + ')} = ${total}`, 'percentages that add up to 100');
    }
    checkUnique(v, 'traffic', traffic, (t) => (typeof t.tag === 'string' ? t.tag : undefined), 'a tag');
    checkUnique(v, 'traffic', traffic, (t) => (Object.hasOwn(t, 'revision') && typeof (t as any).revision === 'string' ? (t as any).revision : undefined), 'a revision');
  }
}

/** Most seconds a request may take with Knative's default `max-revision-timeout-seconds`. */
const MAX_TIMEOUT_SECONDS = 600;

/**
 * Labels Knative or keelson set themselves: Knative refuses user labels under "serving.knative.dev/" on a Service,
 * the visibility label comes from `visibility`, and the selector labels from the name.
 */
function validateLabels(v: PropsValidator, labels: Record<string, string> | undefined): void {
  for (const key of isObject(labels) ? Object.keys(labels) : []) {
    v.check(!key.startsWith('serving.knative.dev/'), 'labels key', key, 'a label outside "serving.knative.dev/", which Knative reserves');
    v.check(key !== VISIBILITY_LABEL, 'labels key', key, 'no visibility label: set `visibility` instead');
    v.check(key !== 'app' && key !== 'app.kubernetes.io/name', 'labels key', key, 'a label other than "app" and "app.kubernetes.io/name", which carry the service\'s name');
  }
}

const VISIBILITY_LABEL = 'networking.knative.dev/visibility';

/** The name of the service's NetworkPolicy: "<name>-ingress-from-knative", shortened with a hash when too long. */
function policyName(name: string): string {
  const full = `${name}-ingress-from-knative`;
  if (full.length <= 63) {
    return full;
  }
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, 63 - '-ingress-from-knative'.length - 9).replace(/-+$/, '')}-${hash}-ingress-from-knative`;
}

/**
 * Adapts a rendered container to what Knative accepts: probes name the container port by number (Knative
 * rejects port names), and `privileged` is left out (it is false by default and not in Knative's allowed fields).
 */
function knativeContainer(c: any, port: number): any {
  // A probe that names the port (the default probe does) gets its number.
  const named = (p: unknown) => (typeof p === 'string' ? port : p);
  const fixProbe = (p: any) => {
    if (p?.tcpSocket) {
      return { ...p, tcpSocket: { ...p.tcpSocket, port: named(p.tcpSocket.port) } };
    }
    if (p?.httpGet) {
      return { ...p, httpGet: { ...p.httpGet, port: named(p.httpGet.port) } };
    }
    return p;
  };
  const { privileged: _privileged, ...securityContext } = c.securityContext;
  return {
    ...c,
    readinessProbe: fixProbe(c.readinessProbe),
    livenessProbe: fixProbe(c.livenessProbe),
    startupProbe: fixProbe(c.startupProbe),
    securityContext,
  };
}
