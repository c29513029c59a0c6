import { Construct } from 'constructs';
import { propNames } from '../core/resource';
import { ContainerPortSpec, ContainerProps, podPorts } from './pod-spec';
import { validateClaimMounts } from './volume';
import { DEPLOYMENT_PROPS, DeploymentOptions, PortsProps, REPLICATED_WORKLOAD_PROPS, ReplicatedWorkloadProps, Workload } from './workload';

/** Props of a {@link Worker}. */
export interface WorkerProps extends ReplicatedWorkloadProps, ContainerProps, DeploymentOptions, PortsProps {
  /**
   * Number of pods.
   * @default 2
   */
  readonly replicas?: number;
}

const PROPS = [...REPLICATED_WORKLOAD_PROPS, ...DEPLOYMENT_PROPS, ...propNames<PortsProps & Pick<WorkerProps, 'replicas'>>()({ ports: true, replicas: true })];

/**
 * A long-running process that serves no requests, such as a queue consumer: a Deployment with its own
 * ServiceAccount and a PodDisruptionBudget, and no Service or Ingress. Without ports it gets no default probes: give
 * it an exec liveness probe (`liveness: Probe.exec([...])`) or say why it needs none (`withoutProbes: { reason }`).
 */
export class Worker extends Workload {
  /** Ports of every container (the main one first). */
  public readonly ports: readonly ContainerPortSpec[];

  public constructor(scope: Construct, id: string, props: WorkerProps) {
    super(scope, id, props, { props: PROPS });
    const mainPorts = props.ports ?? [];
    this.ports = podPorts(props, mainPorts);
    const v = this.validator;
    v.integer('replicas', props.replicas, 0, 10000);
    this.validatePod(props, mainPorts);
    this.validateDeployment(props);
    validateClaimMounts(v, this.namespace, props, 2);
    v.throwIfInvalid();

    const replicas = props.replicas ?? 2;
    this.addServiceAccount();
    this.addDeployment(this.name, props, replicas, replicas, mainPorts);
    this.addDisruptionBudget(replicas, props.disruptionBudget);
  }
}
