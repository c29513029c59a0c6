import { Construct } from 'constructs';
import { propNames } from '../core/resource';
import { MUTATING_PATHS_ANNOTATION } from '../core/annotations';
import { DNS_LABEL, HTTP_PATH, PORT_NAME, PORT_NUMBER } from '../core/formats';
import { IngressController } from '../networking/ingress-controller';
import { IngressTls } from '../networking/ingress-tls';
import { Service } from '../networking/service';
import { WebIngress } from '../networking/web-ingress';
import type { IGateway } from '../networking/gateway';
import { GatewayHttpRoute } from '../networking/http-route';
import { Autoscaler, AutoscalingOptions } from './autoscaler';
import { ContainerPortSpec, ContainerProps, podPorts } from './pod-spec';
import { list, object } from './shapes';
import { validateClaimMounts } from './volume';
import { DEPLOYMENT_PROPS, DeploymentOptions, REPLICATED_WORKLOAD_PROPS, ReplicatedWorkloadProps, Workload } from './workload';

/** How a web service is published through an Ingress. */
export interface WebServiceIngressOptions {
  /** Host name, e.g. "counter.com". */
  readonly host: string;
  /**
   * Path prefix routed to the service.
   * @default "/"
   */
  readonly path?: string;
  /** The ingress controller that serves the host (gives the IngressClass). */
  readonly controller: IngressController;
  /**
   * TLS certificate source. Strongly recommended; without it the host is served over plain HTTP.
   * @default no TLS
   */
  readonly tls?: IngressTls;
  /**
   * Extra Ingress annotations.
   * @default none
   */
  readonly annotations?: Record<string, string>;
  /**
   * Name of the Ingress.
   * @default the service name
   */
  readonly name?: string;
}

/** How a web service is published through a Gateway API Gateway: an HTTPRoute to its Service port. */
export interface WebServiceRouteOptions {
  /** The Gateway: a `Gateway` of this app, or `Gateway.existing(...)`. */
  readonly gateway: IGateway;
  /**
   * Listener of the Gateway to attach to.
   * @default every HTTPS listener of the Gateway whose hostname matches (see GatewayHttpRoute)
   */
  readonly listener?: string;
  /**
   * Host names served, e.g. ["shop.example.com"].
   * @default every host name of the listener
   */
  readonly hostnames?: string[];
  /**
   * Path prefix routed to the service.
   * @default "/"
   */
  readonly path?: string;
  /**
   * Name of the HTTPRoute.
   * @default the service name
   */
  readonly name?: string;
}

/** Props of a {@link WebService}. */
export interface WebServiceProps extends ReplicatedWorkloadProps, ContainerProps, DeploymentOptions {
  /**
   * Name of the Deployment.
   * @default the service name
   */
  readonly deploymentName?: string;
  /**
   * Fixed number of pods. Leave out when `autoscaling` is set.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Port the container listens on.
   * @default 8080
   */
  readonly containerPort?: number;
  /**
   * Name of the port on the container and the Service.
   * @default "http"
   */
  readonly portName?: string;
  /**
   * Port the Service exposes inside the cluster.
   * @default 80
   */
  readonly servicePort?: number;
  /**
   * Publishes the service through an Ingress.
   * @default not published outside the cluster
   */
  readonly ingress?: WebServiceIngressOptions;
  /**
   * Publishes the service through a Gateway API Gateway (an HTTPRoute) instead of an Ingress.
   * @default not published through a Gateway
   */
  readonly route?: WebServiceRouteOptions;
  /**
   * Scales the Deployment with a HorizontalPodAutoscaler instead of a fixed replica count.
   * @default fixed replicas
   */
  readonly autoscaling?: AutoscalingOptions;
  /**
   * The container port (by name) the Service sends traffic to, e.g. a TLS sidecar's "https".
   * @default the main container's port
   */
  readonly serviceTargetPort?: string;
  /**
   * HTTP paths that change state, so no probe may call them (recorded for the policy checks).
   * @default none declared
   */
  readonly mutatingPaths?: string[];
}

const PROPS = [
  ...REPLICATED_WORKLOAD_PROPS, ...DEPLOYMENT_PROPS,
  ...propNames<Omit<WebServiceProps, keyof ReplicatedWorkloadProps | keyof ContainerProps | keyof DeploymentOptions>>()({
    deploymentName: true, replicas: true, containerPort: true, portName: true, servicePort: true, ingress: true, route: true, autoscaling: true,
    serviceTargetPort: true, mutatingPaths: true,
  }),
];
const INGRESS_PROPS = propNames<WebServiceIngressOptions>()({ host: true, path: true, controller: true, tls: true, annotations: true, name: true });
const ROUTE_PROPS = propNames<WebServiceRouteOptions>()({ gateway: true, listener: true, hostnames: true, path: true, name: true });

/**
 * A stateless HTTP service: a Deployment with zero-downtime rolling updates, a ClusterIP Service, its own
 * ServiceAccount, a PodDisruptionBudget, and optionally an Ingress with TLS and a HorizontalPodAutoscaler.
 * The pods pass Pod Security "restricted".
 */
export class WebService extends Workload {
  /** Name of the Deployment. */
  public readonly deploymentName: string;
  /** Ports of every container (the main one first). */
  public readonly ports: readonly ContainerPortSpec[];
  /** The container port the Service sends traffic to. */
  public readonly servedPort: ContainerPortSpec;
  /** Port of the Service. */
  public readonly servicePort: number;
  /** The Ingress, when the service is published. */
  public readonly ingress?: WebIngress;
  /** The HTTPRoute, when the service is published through a Gateway. */
  public readonly route?: GatewayHttpRoute;

  public constructor(scope: Construct, id: string, props: WebServiceProps) {
    super(scope, id, props, {
      props: PROPS,
      shapes: {
        ingress: object({ annotations: object({}, 'an object of annotation values by key') }, 'an object { host, controller, tls, ... }'),
        route: object({ hostnames: list('any', 'host names') }, 'an object { gateway, hostnames, ... }'),
        autoscaling: object({}, 'an object { minReplicas, maxReplicas, ... }'),
        mutatingPaths: list('any', 'HTTP paths'),
      },
    });
    this.deploymentName = props.deploymentName ?? this.name;
    const mainPorts = [{ name: props.portName ?? 'http', port: props.containerPort ?? 8080 }];
    this.ports = podPorts(props, mainPorts);
    const served = this.ports.find((p) => p.name === (props.serviceTargetPort ?? mainPorts[0].name));
    this.servedPort = served ?? mainPorts[0];
    this.servicePort = props.servicePort ?? 80;

    const v = this.validator;
    v.format('deploymentName', this.deploymentName, DNS_LABEL, true);
    v.integer('replicas', props.replicas, 0, 10000);
    v.check(props.replicas === undefined || props.autoscaling === undefined, 'replicas', props.replicas,
      'no fixed replica count when autoscaling is set (the autoscaler owns it)');
    v.format('containerPort', props.containerPort, PORT_NUMBER);
    v.format('portName', props.portName, PORT_NAME);
    v.format('servicePort', props.servicePort, PORT_NUMBER);
    (props.mutatingPaths ?? []).forEach((p, i) => v.format(`mutatingPaths[${i}]`, p, HTTP_PATH, true));
    v.check(served !== undefined, 'serviceTargetPort', props.serviceTargetPort, `the name of a container port: ${this.ports.map((p) => p.name).join(', ')}`);
    v.knownProps('ingress', props.ingress, INGRESS_PROPS);
    // The autoscaler's own props (name, target...) come from the service, never from `autoscaling`.
    v.knownProps('autoscaling', props.autoscaling, ['minReplicas', 'maxReplicas', 'cpuUtilization', 'memoryUtilization']);
    if (v.knownProps('route', props.route, ROUTE_PROPS) && props.route) {
      v.check(props.ingress === undefined, 'route', 'route and ingress', 'either ingress or route, not both (publish the service through an Ingress or a Gateway)');
      v.check(props.route.gateway !== undefined, 'route.gateway', props.route.gateway, 'a Gateway of this app, or Gateway.existing("name", { namespace, controller })');
      v.format('route.path', props.route.path, HTTP_PATH);
    }
    this.validatePod(props, mainPorts);
    this.validateDeployment(props);
    validateClaimMounts(v, this.namespace, props, 2);
    v.throwIfInvalid();

    const replicas = props.autoscaling ? undefined : props.replicas ?? 2;
    const maxPods = props.autoscaling ? props.autoscaling.maxReplicas : replicas!;

    this.addServiceAccount();
    this.addDeployment(this.deploymentName, props, replicas, maxPods, mainPorts,
      props.mutatingPaths?.length ? { [MUTATING_PATHS_ANNOTATION]: props.mutatingPaths.join(',') } : undefined);

    this.buildChild('service', (f) => (/^ports\[0\]\.port$/.test(f) ? 'servicePort' : /^ports\[0\]\.name$/.test(f) ? 'portName' : f),
      () => new Service(this, 'service', {
        name: this.name,
        namespace: this.namespace,
        labels: this.labels,
        target: this,
        ports: [{ name: this.servedPort.name, port: this.servicePort }],
      }));

    this.addDisruptionBudget(replicas, props.disruptionBudget);

    const autoscaling = props.autoscaling;
    if (autoscaling) {
      this.buildChild('autoscaler', (f) => `autoscaling.${f}`, () => new Autoscaler(this, 'autoscaler', {
        ...autoscaling,
        name: this.name,
        namespace: this.namespace,
        labels: this.labels,
        target: { apiVersion: 'apps/v1', kind: 'Deployment', name: this.deploymentName },
      }));
    }

    if (props.ingress) {
      // A problem of the Ingress is one of the `ingress` prop: `rules[0].host` is what the user wrote as `ingress.host`.
      const ingress = props.ingress;
      this.ingress = this.buildChild('ingress', (f) => `ingress.${f.replace(/^rules\[0\]\./, '')}`, () => new WebIngress(this, 'ingress', {
        name: ingress.name ?? this.name,
        namespace: this.namespace,
        controller: ingress.controller,
        tls: ingress.tls,
        annotations: ingress.annotations,
        labels: this.labels,
        rules: [{ host: ingress.host, path: ingress.path, serviceName: this.name, servicePort: this.servicePort }],
      }));
    }

    if (props.route) {
      const route = props.route;
      this.route = this.buildChild('route', (f) => `route.${f.replace(/^parents\[0\]\./, '').replace(/^rules\[0\]\.matches\[0\]\./, '')}`,
        () => new GatewayHttpRoute(this, 'route', {
          name: route.name ?? this.name,
          namespace: this.namespace,
          labels: this.labels,
          parents: [{ gateway: route.gateway, listener: route.listener }],
          hostnames: route.hostnames,
          rules: [{ matches: [{ path: route.path ?? '/' }], backends: [{ service: this }] }],
        }));
    }
  }

  /** The in-cluster address of the Service, e.g. "web.shop.svc:80". */
  public get address(): string {
    return `${this.name}.${this.namespace}.svc:${this.servicePort}`;
  }
}
