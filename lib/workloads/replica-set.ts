import { Construct } from 'constructs';
import { KubeReplicaSet } from '../core/k8s';
import { RESOURCE_ID, propNames } from '../core/resource';
import { ContainerPortSpec, ContainerProps, podPorts } from './pod-spec';
import { PortsProps, REPLICATED_WORKLOAD_PROPS, ReplicatedWorkloadProps, Workload } from './workload';

/** Props of a {@link ReplicaSet}. */
export interface ReplicaSetProps extends ReplicatedWorkloadProps, ContainerProps, PortsProps {
  /**
   * Number of pods.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Seconds a new pod must be ready before it counts as available.
   * @default 0
   */
  readonly minReadySeconds?: number;
}

const PROPS = [...REPLICATED_WORKLOAD_PROPS, ...propNames<Pick<ReplicaSetProps, 'replicas' | 'minReadySeconds' | 'ports'>>()({ replicas: true, minReadySeconds: true, ports: true })];

/**
 * A bare ReplicaSet (apps/v1), as the CKA notes show one. It keeps `replicas` pods running but cannot roll out a
 * new version: prefer a WebService or Worker, whose Deployment manages ReplicaSets for you. It gets its own
 * ServiceAccount and a PodDisruptionBudget, and its pods are spread like a Deployment's.
 */
export class ReplicaSet extends Workload {
  /** Ports of every container. */
  public readonly ports: readonly ContainerPortSpec[];

  public constructor(scope: Construct, id: string, props: ReplicaSetProps) {
    super(scope, id, props, { props: PROPS });
    const mainPorts = props.ports ?? [];
    this.ports = podPorts(props, mainPorts);
    const v = this.validator;
    v.integer('replicas', props.replicas, 0, 10000);
    v.integer('minReadySeconds', props.minReadySeconds, 0);
    this.validatePod(props, mainPorts);
    v.throwIfInvalid();

    const replicas = props.replicas ?? 2;
    this.addServiceAccount();
    new KubeReplicaSet(this, RESOURCE_ID, {
      metadata: this.metadata(this.name, props),
      spec: {
        replicas,
        minReadySeconds: props.minReadySeconds,
        selector: { matchLabels: { ...this.selector } },
        template: this.podTemplate(props, { ports: mainPorts, spread: props.spread ?? replicas > 1 }),
      },
    });
    this.addDisruptionBudget(replicas, props.disruptionBudget);
  }
}
