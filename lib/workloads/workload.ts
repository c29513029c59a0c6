import { ApiObject } from 'cdk8s';
import { k8s, KubeDeployment } from '../core/k8s';
import { Construct, IConstruct } from 'constructs';
import { DNS_1035_LABEL, LABEL_KEY, LABEL_VALUE } from '../core/formats';
import { selectorLabels, workloadLabels } from '../core/labels';
import { resolveNamespace } from '../core/namespace-scope';
import { PropsValidator } from '../core/validator';
import { ServiceAccount } from '../security/service-account';
import { DisruptionBudget, WorkloadDisruptionBudget } from './disruption-budget';
import { ContainerPortSpec, ContainerProps, ExtraMount, renderPodTemplate } from './pod-spec';

/** A set of pods that network rules and budgets can point at: a web service or a stateful service. */
export interface IWorkload extends IConstruct {
  /** Name of the workload (and of its pods' `app` label). */
  readonly name: string;
  /** Namespace the pods run in. */
  readonly namespace: string;
  /** Labels that select exactly this workload's pods. */
  readonly selector: Readonly<Record<string, string>>;
  /** The ports the pods listen on (every container's), by name. */
  readonly ports: readonly ContainerPortSpec[];
}

/** The port of `workload` called `name`, or undefined. */
export function findPort(workload: IWorkload, name: string): ContainerPortSpec | undefined {
  return workload.ports.find((p) => p.name === name);
}

/** Props every workload has. */
export interface WorkloadProps {
  /**
   * Name of the workload, its Services, ServiceAccount and PodDisruptionBudget, and of the pods' `app` label.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * Namespace of every object.
   * @default the enclosing SecureNamespace
   */
  readonly namespace?: string;
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

/** Overrides of how a workload's pods are labelled and which ServiceAccount they use (e.g. one version of a service). */
export interface WorkloadIdentity {
  /** Labels that select exactly these pods. */
  readonly selector: Record<string, string>;
  /** Labels of the objects and pods (including the selector). */
  readonly labels: Record<string, string>;
  /** ServiceAccount of the pods (created elsewhere). */
  readonly serviceAccountName: string;
}

/**
 * What web and stateful services share: name and namespace resolution, selector and labels, a ServiceAccount of
 * their own (never `default`, token automount off) and a PodDisruptionBudget. Subclasses add their checks to
 * {@link validator} and call `throwIfInvalid()` before creating any object.
 */
export abstract class Workload extends Construct implements IWorkload {
  public readonly name: string;
  public readonly namespace: string;
  public readonly selector: Readonly<Record<string, string>>;
  /** Ports of every container of the pods. */
  public abstract readonly ports: readonly ContainerPortSpec[];
  /** Ports of the main container. */
  protected abstract readonly mainPorts: readonly ContainerPortSpec[];
  /** Labels of every object and pod of the workload. */
  protected readonly labels: Record<string, string>;
  /** ServiceAccount of the pods. */
  protected readonly serviceAccountName: string;
  /** Collects the problems of the props; subclasses add theirs. */
  protected readonly validator: PropsValidator;

  protected constructor(scope: Construct, id: string, props: WorkloadProps, identity?: WorkloadIdentity) {
    super(scope, id);
    this.name = props.name ?? id;
    const v = PropsValidator.of(this);
    v.format('name', this.name, DNS_1035_LABEL, true);
    this.namespace = resolveNamespace(this, props.namespace, v);
    v.map('labels', props.labels, LABEL_KEY, LABEL_VALUE);
    this.validator = v;
    this.selector = identity?.selector ?? selectorLabels(this.name);
    this.labels = identity?.labels ?? workloadLabels(this.name, props.labels);
    this.serviceAccountName = identity?.serviceAccountName ?? this.name;
  }

  /** Creates the workload's ServiceAccount, named after it. */
  protected addServiceAccount(): void {
    new ServiceAccount(this, 'service-account', { name: this.name, namespace: this.namespace, labels: this.labels });
  }

  /**
   * The restricted pod template of the workload, run as its own ServiceAccount; pods are spread over zones and
   * hosts when more than one can run, unless `spread` says otherwise.
   */
  protected podTemplate(props: ContainerProps & WorkloadProps, maxPods: number, extraMounts?: readonly ExtraMount[]): k8s.PodTemplateSpec {
    return renderPodTemplate(props, {
      name: this.name,
      ports: this.mainPorts,
      labels: this.labels,
      selector: this.selector,
      serviceAccountName: this.serviceAccountName,
      spread: props.spread ?? maxPods > 1,
      extraMounts,
    });
  }

  /**
   * Creates a Deployment with zero-downtime rolling updates; `replicas` is undefined when an autoscaler owns it.
   */
  protected addDeployment(name: string, props: ContainerProps & WorkloadProps, replicas: number | undefined, maxPods: number,
    annotations?: Record<string, string>): ApiObject {
    return new KubeDeployment(this, 'deployment', {
      metadata: { name, namespace: this.namespace, labels: this.labels, annotations },
      spec: {
        replicas,
        selector: { matchLabels: { ...this.selector } },
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0), maxSurge: k8s.IntOrString.fromNumber(1) },
        },
        template: this.podTemplate(props, maxPods),
      },
    });
  }

  /** Creates the workload's PodDisruptionBudget; `replicas` is undefined when an autoscaler owns it. */
  protected addDisruptionBudget(replicas: number | undefined, budget: WorkloadDisruptionBudget | undefined): void {
    new DisruptionBudget(this, 'disruption-budget', {
      name: this.name,
      namespace: this.namespace,
      selector: { ...this.selector },
      labels: this.labels,
      replicas,
      ...budget,
    });
  }
}
