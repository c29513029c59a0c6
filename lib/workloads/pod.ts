import { Construct } from 'constructs';
import { KubePod } from '../core/k8s';
import { RESOURCE_ID, propNames } from '../core/resource';
import { ContainerPortSpec, ContainerProps, podPorts } from './pod-spec';
import { PortsProps, WORKLOAD_PROPS, Workload, WorkloadProps } from './workload';

/** Props of a {@link Pod}. */
export interface PodProps extends WorkloadProps, ContainerProps, PortsProps {
  /**
   * "Always" for a long-running pod (it then needs probes, or a port for the default ones, or withoutProbes);
   * "OnFailure" or "Never" for a one-off task.
   * @default "Always"
   */
  readonly restartPolicy?: 'Always' | 'OnFailure' | 'Never';
}

const PROPS = [...WORKLOAD_PROPS, ...propNames<Pick<PodProps, 'restartPolicy' | 'ports'>>()({ restartPolicy: true, ports: true })];

/**
 * A bare Pod (v1), like `kubectl run`: for a one-off task or a debugging session. Nothing restarts it when its node
 * fails, so use a Job for tasks and a Worker or WebService for servers. It gets its own ServiceAccount and the same
 * restricted pod template as every workload.
 */
export class Pod extends Workload {
  /** Ports of every container. */
  public readonly ports: readonly ContainerPortSpec[];

  public constructor(scope: Construct, id: string, props: PodProps) {
    super(scope, id, props, { props: PROPS, podDeadline: true });
    const mainPorts = props.ports ?? [];
    this.ports = podPorts(props, mainPorts);
    const restartPolicy = props.restartPolicy ?? 'Always';
    this.validator.check(['Always', 'OnFailure', 'Never'].includes(restartPolicy), 'restartPolicy', props.restartPolicy, '"Always", "OnFailure" or "Never"');
    this.validatePod(props, mainPorts, restartPolicy);
    this.validator.throwIfInvalid();

    this.addServiceAccount();
    const template = this.podTemplate(props, { ports: mainPorts, spread: false, restartPolicy });
    new KubePod(this, RESOURCE_ID, {
      metadata: { ...this.metadata(this.name, props), annotations: { ...props.annotations, ...template.metadata?.annotations } },
      spec: template.spec,
    });
  }
}
