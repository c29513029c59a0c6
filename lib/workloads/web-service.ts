import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { DNS_1035_LABEL, DNS_LABEL, LABEL_KEY, LABEL_VALUE, PORT_NAME, PORT_NUMBER } from '../core/formats';
import { selectorLabels, workloadLabels } from '../core/labels';
import { enclosingNamespace } from '../core/namespace-scope';
import { PropsValidator } from '../core/validator';
import { IngressController } from '../networking/ingress-controller';
import { IngressTls } from '../networking/ingress-tls';
import { WebIngress } from '../networking/web-ingress';
import { Autoscaler, AutoscalingOptions } from './autoscaler';
import { DisruptionBudget, WorkloadDisruptionBudget } from './disruption-budget';
import { ContainerPortSpec, ContainerProps, renderPodTemplate, validateContainerProps } from './pod-spec';
import { IWorkload, createServiceAccount } from './workload';

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

/** Props of a {@link WebService}. */
export interface WebServiceProps extends ContainerProps {
  /**
   * Name of the Service, the ServiceAccount and the pods' `app` label.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * Name of the Deployment.
   * @default the service name
   */
  readonly deploymentName?: string;
  /**
   * Namespace of every object.
   * @default the enclosing SecureNamespace
   */
  readonly namespace?: string;
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
   * Scales the Deployment with a HorizontalPodAutoscaler instead of a fixed replica count.
   * @default fixed replicas
   */
  readonly autoscaling?: AutoscalingOptions;
  /**
   * PodDisruptionBudget settings.
   * @default maxUnavailable 1
   */
  readonly disruptionBudget?: WorkloadDisruptionBudget;
  /**
   * Spread pods over zones (best effort) and hosts (strict).
   * @default true when more than one pod can run
   */
  readonly spread?: boolean;
  /**
   * Extra labels on every object and pod.
   * @default none
   */
  readonly labels?: Record<string, string>;
}

/**
 * A stateless HTTP service: a Deployment with zero-downtime rolling updates, a ClusterIP Service, its own
 * ServiceAccount, a PodDisruptionBudget, and optionally an Ingress with TLS and a HorizontalPodAutoscaler.
 * The pods pass Pod Security "restricted".
 */
export class WebService extends Construct implements IWorkload {
  /** Name of the Service and of the pods' `app` label. */
  public readonly name: string;
  /** Name of the Deployment. */
  public readonly deploymentName: string;
  /** Namespace of the objects. */
  public readonly namespace: string;
  /** Labels that select the pods. */
  public readonly selector: Readonly<Record<string, string>>;
  /** The container port. */
  public readonly ports: readonly ContainerPortSpec[];
  /** Port of the Service. */
  public readonly servicePort: number;
  /** The Ingress, when the service is published. */
  public readonly ingress?: WebIngress;

  public constructor(scope: Construct, id: string, props: WebServiceProps) {
    super(scope, id);
    this.name = props.name ?? id;
    this.deploymentName = props.deploymentName ?? this.name;
    const namespace = props.namespace ?? enclosingNamespace(this);
    this.ports = [{ name: props.portName ?? 'http', port: props.containerPort ?? 8080 }];
    this.servicePort = props.servicePort ?? 80;

    const v = PropsValidator.of(this);
    v.format('name', this.name, DNS_1035_LABEL, true);
    v.format('deploymentName', this.deploymentName, DNS_LABEL, true);
    v.check(namespace !== undefined, 'namespace', namespace, 'a namespace: set `namespace` or define the service inside a SecureNamespace');
    v.format('namespace', namespace, DNS_LABEL);
    v.integer('replicas', props.replicas, 0, 10000);
    v.check(props.replicas === undefined || props.autoscaling === undefined, 'replicas', props.replicas,
      'no fixed replica count when autoscaling is set (the autoscaler owns it)');
    v.format('containerPort', props.containerPort, PORT_NUMBER);
    v.format('portName', props.portName, PORT_NAME);
    v.format('servicePort', props.servicePort, PORT_NUMBER);
    v.map('labels', props.labels, LABEL_KEY, LABEL_VALUE);
    validateContainerProps(v, props, this.ports);
    v.throwIfInvalid();
    this.namespace = namespace!;

    const replicas = props.autoscaling ? undefined : props.replicas ?? 2;
    const maxPods = props.autoscaling ? props.autoscaling.maxReplicas : replicas!;
    this.selector = selectorLabels(this.name);
    const labels = workloadLabels(this.name, props.labels);

    createServiceAccount(this, this.name, this.namespace, labels);
    new k8s.KubeDeployment(this, 'deployment', {
      metadata: { name: this.deploymentName, namespace: this.namespace, labels },
      spec: {
        replicas,
        selector: { matchLabels: { ...this.selector } },
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0), maxSurge: k8s.IntOrString.fromNumber(1) },
        },
        template: renderPodTemplate(props, {
          name: this.name,
          ports: this.ports,
          labels,
          selector: this.selector,
          serviceAccountName: this.name,
          spread: props.spread ?? maxPods > 1,
        }),
      },
    });

    new k8s.KubeService(this, 'service', {
      metadata: { name: this.name, namespace: this.namespace, labels },
      spec: {
        type: 'ClusterIP',
        selector: { ...this.selector },
        ports: [{
          name: this.ports[0].name,
          port: this.servicePort,
          targetPort: k8s.IntOrString.fromNumber(this.ports[0].port),
          protocol: 'TCP',
        }],
      },
    });

    new DisruptionBudget(this, 'disruption-budget', {
      name: this.name,
      namespace: this.namespace,
      selector: { ...this.selector },
      labels,
      replicas,
      ...props.disruptionBudget,
    });

    if (props.autoscaling) {
      new Autoscaler(this, 'autoscaler', {
        ...props.autoscaling,
        name: this.name,
        namespace: this.namespace,
        labels,
        target: { apiVersion: 'apps/v1', kind: 'Deployment', name: this.deploymentName },
      });
    }

    if (props.ingress) {
      this.ingress = new WebIngress(this, 'ingress', {
        name: props.ingress.name ?? this.name,
        namespace: this.namespace,
        controller: props.ingress.controller,
        tls: props.ingress.tls,
        annotations: props.ingress.annotations,
        labels,
        rules: [{ host: props.ingress.host, path: props.ingress.path, serviceName: this.name, servicePort: this.servicePort }],
      });
    }
  }

  /** The in-cluster address of the Service, e.g. "web.shop.svc:80". */
  public get address(): string {
    return `${this.name}.${this.namespace}.svc:${this.servicePort}`;
  }
}
