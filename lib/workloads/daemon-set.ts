import { Construct } from 'constructs';
import { KubeDaemonSet, k8s } from '../core/k8s';
import { RESOURCE_ID, propNames } from '../core/resource';
import { HostAccess, validateHostAccess } from './host-access';
import { ContainerPortSpec, ContainerProps, podPorts } from './pod-spec';
import { Tolerations } from './scheduling';
import { list, object } from './shapes';
import { PortsProps, WORKLOAD_PROPS, Workload, WorkloadProps } from './workload';

/** Props of a {@link DaemonSet}. */
export interface DaemonSetProps extends WorkloadProps, ContainerProps, PortsProps {
  /**
   * Nodes whose pod may be down at once during an update, as a count or a percentage.
   * @default 1
   */
  readonly maxUnavailable?: number | string;
  /**
   * Seconds a new pod must be ready before the update moves on.
   * @default 0
   */
  readonly minReadySeconds?: number;
  /**
   * Old revisions kept for rollbacks.
   * @default 10 (the Kubernetes default)
   */
  readonly revisionHistoryLimit?: number;
  /**
   * What the pods may do on their node (host network, PID, IPC, ports, privileges, root), with the reason.
   * hostPath volumes are declared in `volumes` (Volume.hostPath, with their own reason).
   * @default nothing beyond Pod Security restricted
   */
  readonly hostAccess?: HostAccess;
}

const PROPS = [
  ...WORKLOAD_PROPS,
  ...propNames<Omit<DaemonSetProps, keyof WorkloadProps | keyof ContainerProps>>()({
    ports: true, maxUnavailable: true, minReadySeconds: true, revisionHistoryLimit: true, hostAccess: true,
  }),
];
const INT_OR_PERCENT = /^(100|[1-9]?[0-9])%$/;

/**
 * A node agent: a DaemonSet (apps/v1) that runs one pod on every Linux node, such as a log shipper. It tolerates
 * every taint unless you give `tolerations`, and selects `kubernetes.io/os: linux` nodes. It gets its own
 * ServiceAccount and no Service, PodDisruptionBudget or spreading. Access to the node is possible only through
 * `hostAccess` and hostPath volumes, each with a reason, and the policy checks admit such pods only in a namespace
 * whose Pod Security level allows them.
 */
export class DaemonSet extends Workload {
  /** Ports of every container. */
  public readonly ports: readonly ContainerPortSpec[];

  public constructor(scope: Construct, id: string, props: DaemonSetProps) {
    super(scope, id, props, {
      props: PROPS,
      shapes: { hostAccess: object({ capabilities: list('any', 'capability names') }, 'an object { reason, network, pid, ... }') },
    });
    const mainPorts = props.ports ?? [];
    this.ports = podPorts(props, mainPorts);
    const v = this.validator;
    const mu = props.maxUnavailable;
    v.check(mu === undefined || (Number.isInteger(mu) && (mu as number) >= 1) || (typeof mu === 'string' && INT_OR_PERCENT.test(mu) && mu !== '0%'),
      'maxUnavailable', mu, 'a count of at least 1 or a percentage such as "10%"');
    v.integer('minReadySeconds', props.minReadySeconds, 0);
    v.integer('revisionHistoryLimit', props.revisionHistoryLimit, 0);
    validateHostAccess(v, props.hostAccess);
    this.validatePod(props, mainPorts, 'Always', [], props.hostAccess);
    v.throwIfInvalid();

    this.addServiceAccount();
    const pod = {
      ...props,
      nodeSelector: { 'kubernetes.io/os': 'linux', ...props.nodeSelector },
      tolerations: props.tolerations ?? Tolerations.everyTaint(),
    };
    new KubeDaemonSet(this, RESOURCE_ID, {
      metadata: this.metadata(this.name, props),
      spec: {
        selector: { matchLabels: { ...this.selector } },
        updateStrategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: typeof mu === 'string' ? k8s.IntOrString.fromString(mu) : k8s.IntOrString.fromNumber(mu ?? 1) },
        },
        minReadySeconds: props.minReadySeconds,
        revisionHistoryLimit: props.revisionHistoryLimit,
        template: this.podTemplate(pod, { ports: mainPorts, spread: false, hostAccess: props.hostAccess }),
      },
    });
  }
}
