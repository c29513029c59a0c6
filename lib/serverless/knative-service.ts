import { ApiObject } from 'cdk8s';
import { containerJson, volumeJson } from '../core/k8s';
import { Construct } from 'constructs';
import { DNS_LABEL, UNPRIVILEGED_PORT } from '../core/formats';
import { workloadLabels, selectorLabels } from '../core/labels';
import { NamespacedResource, RESOURCE_ID, propNames } from '../core/resource';
import { PropsValidator } from '../core/validator';
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
   * Seconds a request may take.
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
    // The name becomes a DNS label of the service's host name ("<name>.<namespace>.svc...").
    super(scope, id, props, { props: PROPS, nameFormat: DNS_LABEL });
    const port = props.port ?? 8080;
    const protocol = props.protocol ?? 'http1';
    const minScale = props.minScale ?? 0;
    const maxScale = props.maxScale ?? 10;
    const visibility = props.visibility ?? 'cluster-local';
    const dataPlane = props.dataPlaneNamespaces ?? ['knative-serving', 'kourier-system'];
    this.selector = selectorLabels(this.name);
    const layout: ContainerLayout = { name: 'user-container', ports: [{ name: protocol, port }], volumePrefix: '' };

    const v = this.validator;
    validateContainer(v, props, layout);
    v.format('port', port, UNPRIVILEGED_PORT, true);
    v.check(!QUEUE_PROXY_PORTS.includes(port), 'port', port, `a port other than ${QUEUE_PROXY_PORTS.join(', ')}, which Knative's queue-proxy uses`);
    v.check(protocol === 'http1' || protocol === 'h2c', 'protocol', protocol, '"http1" or "h2c"');
    v.integer('minScale', minScale, 0, 1000);
    v.integer('maxScale', maxScale, 1, 1000);
    v.check(!(minScale > maxScale), 'minScale', minScale, `at most maxScale (${maxScale})`);
    v.integer('targetConcurrency', props.targetConcurrency, 1, 1000);
    v.integer('containerConcurrency', props.containerConcurrency, 0, 1000);
    v.integer('timeoutSeconds', props.timeoutSeconds, 1, 3600);
    v.check(visibility === 'cluster-local' || visibility === 'public', 'visibility', visibility, '"cluster-local" or "public"');
    dataPlane.forEach((ns, i) => v.format(`dataPlaneNamespaces[${i}]`, ns, DNS_LABEL, true));
    const revisionName = props.revision !== undefined ? `${this.name}-${props.revision}` : undefined;
    if (props.revision !== undefined) {
      v.check(DNS_LABEL.test(revisionName!), 'revision', props.revision, `a suffix that makes "${this.name}-<suffix>" a DNS-1123 label of at most 63 characters`);
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
        labels: { ...labels, ...(visibility === 'cluster-local' ? { 'networking.knative.dev/visibility': 'cluster-local' } : {}) },
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
        traffic: props.traffic?.map((t) => ('revision' in t
          ? { revisionName: t.revision, percent: t.percent, tag: t.tag }
          : { latestRevision: true, percent: t.percent, tag: t.tag })),
      },
    });

    // Requests reach the pods through the activator (knative-serving) or the networking layer, always on the
    // queue-proxy's ports; the autoscaler scrapes its metrics.
    new NetworkPolicy(this, 'ingress-from-knative', {
      name: `${this.name}-ingress-from-knative`,
      namespace: this.namespace,
      podSelector: { ...this.selector },
      ingress: [
        { peers: dataPlane.map((ns) => NetworkPeer.namespace(ns)), ports: SERVING_PORTS.map((p) => ({ port: p })) },
        { peers: [NetworkPeer.namespace('knative-serving')], ports: METRICS_PORTS.map((p) => ({ port: p })) },
      ],
    });
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
    if (traffic === undefined) {
      return;
    }
    v.check(traffic.length > 0, 'traffic', traffic, 'at least one target, or leave traffic out to send everything to the latest revision');
    traffic.forEach((t, i) => {
      v.knownProps(`traffic[${i}]`, t, TRAFFIC_PROPS);
      v.integer(`traffic[${i}].percent`, t.percent, 0, 100);
      if ('revision' in t) {
        v.check(typeof t.revision === 'string' && DNS_LABEL.test(t.revision) && t.revision.startsWith(`${this.name}-`), `traffic[${i}].revision`, t.revision,
          `the name of a revision of this service, "${this.name}-<suffix>"`);
      } else {
        v.check(t.latestRevision === true, `traffic[${i}].latestRevision`, (t as any).latestRevision, 'true (or name a revision)');
      }
      if (t.tag !== undefined) {
        v.format(`traffic[${i}].tag`, t.tag, DNS_LABEL);
      }
    });
    const total = traffic.reduce((sum, t) => sum + (Number.isFinite(t.percent) ? t.percent : 0), 0);
    v.check(traffic.length === 0 || total === 100, 'traffic', traffic.map((t) => t.percent).join(' + ') + ` = ${total}`, 'percentages that add up to 100');
    v.unique('traffic', traffic.filter((t) => t.tag !== undefined), (t) => t.tag!, 'a tag');
    v.unique('traffic', traffic.filter((t) => 'revision' in t), (t) => (t as { revision: string }).revision, 'a revision');
  }
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
