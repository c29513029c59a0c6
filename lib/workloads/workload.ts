import { Construct, IConstruct } from 'constructs';
import { ANNOTATION_KEY, DNS_1035_LABEL } from '../core/formats';
import { KubeDeployment, PodTemplateSpec, k8s } from '../core/k8s';
import { selectorLabels, workloadLabels } from '../core/labels';
import { NamespacedResource, NamespacedResourceProps, RESOURCE_ID, propNames } from '../core/resource';
import { isObject, reportUnder } from '../core/validator';
import { ApiAccess, addApiAccess, validateApiAccess } from '../security/api-access';
import { ServiceAccount } from '../security/service-account';
import { POD_SHAPES, Shape, checkShapes } from './shapes';
import { DisruptionBudget, WorkloadDisruptionBudget } from './disruption-budget';
import { HostAccess } from './host-access';
import { CONTAINER_PROPS, ContainerPortSpec, ContainerProps, ExtraMount, PodTemplateInput, renderPodTemplate, validateContainerProps } from './pod-spec';

/** A set of pods that network rules, Services and budgets can point at. */
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
export interface WorkloadProps extends NamespacedResourceProps {
  /**
   * Annotations of the workload object (the Deployment, Job, ...); see `podAnnotations` for the pods'.
   * @default none
   */
  readonly annotations?: Record<string, string>;
  /**
   * A ServiceAccount to run the pods as, shared with other workloads.
   * @default a ServiceAccount of the workload's own, named after it (never `default`; no API token mounted)
   */
  readonly serviceAccount?: ServiceAccount;
  /**
   * Lets the pods call the Kubernetes API (controllers, operators): with the reason, every container gets a
   * short-lived projected API token (automountServiceAccountToken stays false), and the workload's own
   * ServiceAccount is bound to exactly `rules` (and leader election, when asked). Not with a shared `serviceAccount`.
   * @default no API token, no RBAC
   */
  readonly apiAccess?: ApiAccess;
}

/** The ports of a workload whose main container may listen on some (a worker's metrics, an agent's port). */
export interface PortsProps {
  /**
   * Ports the main container listens on; the first one is probed by default.
   * @default none
   */
  readonly ports?: ContainerPortSpec[];
}

/** Props of workloads that keep several copies of a pod running. */
export interface ReplicatedWorkloadProps extends WorkloadProps {
  /**
   * PodDisruptionBudget settings.
   * @default maxUnavailable 1
   */
  readonly disruptionBudget?: WorkloadDisruptionBudget;
  /**
   * Spread pods over zones (best effort) and hosts (strict); `topologySpread` replaces this with your own.
   * @default true when more than one pod can run
   */
  readonly spread?: boolean;
}

/** How a Deployment replaces its pods. */
export type DeploymentStrategy =
  | { readonly type: 'RollingUpdate'; readonly maxSurge?: number | string; readonly maxUnavailable?: number | string }
  | { readonly type: 'Recreate' };

/** The rollout settings of a Deployment. */
export interface DeploymentOptions {
  /**
   * How pods are replaced: RollingUpdate (with surge and unavailable as counts or percentages) or Recreate (all old
   * pods stop before new ones start: for a single writer of a ReadWriteOnce volume).
   * @default RollingUpdate with maxSurge 1 and maxUnavailable 0 (no capacity lost during a rollout)
   */
  readonly strategy?: DeploymentStrategy;
  /**
   * Old ReplicaSets kept for rollbacks.
   * @default 10 (the Kubernetes default)
   */
  readonly revisionHistoryLimit?: number;
  /**
   * Seconds a new pod must be ready before it counts as available.
   * @default 0
   */
  readonly minReadySeconds?: number;
  /**
   * Seconds after which a rollout that makes no progress is reported failed.
   * @default 600
   */
  readonly progressDeadlineSeconds?: number;
}

/** Prop names of the workload-level props. */
export const WORKLOAD_PROPS = propNames<WorkloadProps>()({ name: true, namespace: true, labels: true, annotations: true, serviceAccount: true, apiAccess: true });
/** Prop names of {@link ReplicatedWorkloadProps}. */
export const REPLICATED_WORKLOAD_PROPS = [...WORKLOAD_PROPS, ...propNames<Omit<ReplicatedWorkloadProps, keyof WorkloadProps>>()({ disruptionBudget: true, spread: true })];
/** Prop names of {@link DeploymentOptions}. */
export const DEPLOYMENT_PROPS = propNames<DeploymentOptions>()({ strategy: true, revisionHistoryLimit: true, minReadySeconds: true, progressDeadlineSeconds: true });

/** Overrides of how a workload's pods are labelled and which ServiceAccount they use (e.g. one version of a service). */
export interface WorkloadIdentity {
  /** Labels that select exactly these pods. */
  readonly selector: Record<string, string>;
  /** Labels of the objects and pods (including the selector). */
  readonly labels: Record<string, string>;
  /** ServiceAccount of the pods (created elsewhere). */
  readonly serviceAccountName: string;
}

/** How a workload subclass describes itself to the base. */
export interface WorkloadOptions {
  /** Every prop name the subclass accepts besides the container and pod props. */
  readonly props: readonly string[];
  /** Label and ServiceAccount overrides. */
  readonly identity?: WorkloadIdentity;
  /**
   * Whether the pods may have `activeDeadlineSeconds`: a bare Pod's may. Deployments, ReplicaSets, StatefulSets
   * and DaemonSets are refused with it by the API server; a Job's deadline is set on the Job.
   * @default false
   */
  readonly podDeadline?: boolean;
  /**
   * The JavaScript shapes of the subclass's own props (lists, objects), checked with the pod's before anything reads them.
   * @default none
   */
  readonly shapes?: Readonly<Record<string, Shape>>;
}

const INT_OR_PERCENT = /^(100|[1-9]?[0-9])%$/;

/**
 * The base of every workload kind: name and namespace, selector and labels, a ServiceAccount (its own, never
 * `default`, token automount off, or a shared one), and one restricted pod template for any kind of pod (see
 * ContainerProps). Each kind is a small subclass that adds its own object at child id `Resource`, and its checks to
 * {@link validator} before calling `throwIfInvalid()`.
 */
export abstract class Workload extends NamespacedResource implements IWorkload {
  public readonly selector: Readonly<Record<string, string>>;
  /** Ports of every container of the pods. */
  public abstract readonly ports: readonly ContainerPortSpec[];
  /** Labels of every object and pod of the workload. */
  protected readonly labels: Record<string, string>;
  /** ServiceAccount of the pods. */
  public readonly serviceAccountName: string;
  private readonly ownServiceAccount: boolean;
  private readonly podDeadline: boolean;
  /** What the pods may do with the Kubernetes API, once checked. */
  private readonly apiAccess?: ApiAccess;

  protected constructor(scope: Construct, id: string, props: WorkloadProps & ContainerProps, options: WorkloadOptions) {
    super(scope, id, props, { props: [...new Set([...CONTAINER_PROPS, ...WORKLOAD_PROPS, ...options.props])], nameFormat: DNS_1035_LABEL });
    const v = this.validator;
    // Props that are not an object, or lists and maps of the wrong type, end the checks here: every later check (and
    // the subclass's) may then read them without a TypeError.
    if (!isObject(props) || !checkShapes(v, props, { ...POD_SHAPES, ...options.shapes })) {
      if (props === undefined) {
        v.fail('props', props, 'an object of props with at least an image');
      }
      v.throwIfInvalid();
    }
    v.map('annotations', props.annotations, ANNOTATION_KEY);
    const account = props.serviceAccount;
    if (account !== undefined && v.check(account instanceof ServiceAccount, 'serviceAccount', account, 'a ServiceAccount construct')) {
      v.check(options.identity === undefined, 'serviceAccount', account.name,
        'no serviceAccount here: this workload uses the ServiceAccount of the construct it belongs to');
      v.check(account.namespace === this.namespace, 'serviceAccount', account.name, `a ServiceAccount in the workload's namespace (${this.namespace})`);
    }
    if (props.apiAccess !== undefined && validateApiAccess(v, 'apiAccess', props.apiAccess)) {
      // The grant goes to the workload's own ServiceAccount: bound to a shared one, it would reach every workload using it.
      v.check(options.identity === undefined, 'apiAccess', props.apiAccess.reason,
        'no apiAccess here: these pods run as the ServiceAccount of the construct they belong to; give that construct the access');
      v.check(account === undefined, 'serviceAccount', account instanceof ServiceAccount ? account.name : account,
        'no shared serviceAccount with apiAccess: the access is granted to the workload\'s own ServiceAccount, so that no other workload gets it');
      this.apiAccess = props.apiAccess;
    }
    this.selector = options.identity?.selector ?? selectorLabels(this.name);
    this.labels = options.identity?.labels ?? workloadLabels(this.name, props.labels);
    this.serviceAccountName = options.identity?.serviceAccountName ?? props.serviceAccount?.name ?? this.name;
    this.ownServiceAccount = options.identity === undefined && props.serviceAccount === undefined;
    this.podDeadline = options.podDeadline ?? false;
  }

  /** Checks the containers and pod props (call before `throwIfInvalid()`). */
  protected validatePod(props: ContainerProps, ports: readonly ContainerPortSpec[], restartPolicy: PodTemplateInput['restartPolicy'] = 'Always',
    extraMounts: readonly ExtraMount[] = [], hostAccess?: HostAccess): void {
    validateContainerProps(this.validator, props, this.name, ports, extraMounts, restartPolicy, hostAccess, this.apiAccess !== undefined);
    this.validator.check(props.activeDeadlineSeconds === undefined || this.podDeadline, 'activeDeadlineSeconds', props.activeDeadlineSeconds,
      'no activeDeadlineSeconds: the pods of a Deployment, ReplicaSet, StatefulSet or DaemonSet run until replaced (Kubernetes refuses it)');
  }

  /** Checks Deployment rollout options (call before `throwIfInvalid()`). */
  protected validateDeployment(props: DeploymentOptions): void {
    const v = this.validator;
    const s = props.strategy;
    if (s !== undefined && v.check(s?.type === 'RollingUpdate' || s?.type === 'Recreate', 'strategy.type', s?.type, '"RollingUpdate" or "Recreate"')) {
      v.knownProps('strategy', s, s.type === 'Recreate' ? ['type'] : ['type', 'maxSurge', 'maxUnavailable']);
      if (s.type === 'RollingUpdate') {
        for (const key of ['maxSurge', 'maxUnavailable'] as const) {
          const value = s[key];
          v.check(value === undefined || (Number.isInteger(value) && (value as number) >= 0) || (typeof value === 'string' && INT_OR_PERCENT.test(value)),
            `strategy.${key}`, value, 'a count (an integer >= 0) or a percentage such as "25%"');
        }
        v.check(!(isZero(s.maxSurge ?? 1) && isZero(s.maxUnavailable ?? 0)), 'strategy', s, 'maxSurge or maxUnavailable above zero (both zero would stall every rollout)');
      }
    }
    v.integer('revisionHistoryLimit', props.revisionHistoryLimit, 0);
    v.integer('minReadySeconds', props.minReadySeconds, 0);
    v.integer('progressDeadlineSeconds', props.progressDeadlineSeconds, 1);
    v.check(props.progressDeadlineSeconds === undefined || props.progressDeadlineSeconds > (props.minReadySeconds ?? 0), 'progressDeadlineSeconds',
      props.progressDeadlineSeconds, `more seconds than minReadySeconds (${props.minReadySeconds})`);
  }

  /**
   * Creates the workload's own ServiceAccount, named after it, unless the pods use a shared or enclosing one; with
   * `apiAccess`, also its roles and bindings (and the egress policy to the API server, when asked).
   */
  protected addServiceAccount(): void {
    if (this.ownServiceAccount) {
      const serviceAccount = new ServiceAccount(this, 'service-account', { name: this.name, namespace: this.namespace, labels: this.labels });
      if (this.apiAccess) {
        addApiAccess(this, this.apiAccess, { name: this.name, namespace: this.namespace, selector: this.selector, serviceAccount });
      }
    }
  }

  /** The restricted pod template of the workload, run as its ServiceAccount. */
  protected podTemplate(props: ContainerProps, input: Pick<PodTemplateInput, 'ports' | 'spread' | 'restartPolicy' | 'extraMounts' | 'hostAccess'>): PodTemplateSpec {
    return renderPodTemplate(props, {
      ...input,
      name: this.name,
      labels: this.labels,
      selector: { ...this.selector },
      serviceAccountName: this.serviceAccountName,
      apiAccess: this.apiAccess,
    });
  }

  /** The metadata of the workload's main object. */
  protected metadata(name: string, props: WorkloadProps, annotations: Record<string, string> = {}): k8s.ObjectMeta {
    const all = { ...props.annotations, ...annotations };
    return { name, namespace: this.namespace, labels: this.labels, annotations: Object.keys(all).length > 0 ? all : undefined };
  }

  /**
   * Creates the workload's Deployment (its main object) with the rollout options; `replicas` is undefined when an
   * autoscaler owns it.
   */
  protected addDeployment(name: string, props: ReplicatedWorkloadProps & ContainerProps & DeploymentOptions, replicas: number | undefined, maxPods: number,
    ports: readonly ContainerPortSpec[], annotations?: Record<string, string>): void {
    const s = props.strategy ?? { type: 'RollingUpdate', maxSurge: 1, maxUnavailable: 0 };
    const intOrString = (x: number | string) => (typeof x === 'number' ? k8s.IntOrString.fromNumber(x) : k8s.IntOrString.fromString(x));
    new KubeDeployment(this, RESOURCE_ID, {
      metadata: this.metadata(name, props, annotations),
      spec: {
        replicas,
        selector: { matchLabels: { ...this.selector } },
        strategy: s.type === 'Recreate' ? { type: 'Recreate' } : {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: intOrString(s.maxUnavailable ?? 0), maxSurge: intOrString(s.maxSurge ?? 1) },
        },
        revisionHistoryLimit: props.revisionHistoryLimit,
        minReadySeconds: props.minReadySeconds,
        progressDeadlineSeconds: props.progressDeadlineSeconds,
        template: this.podTemplate(props, { ports, spread: props.spread ?? maxPods > 1 }),
      },
    });
  }

  /**
   * Builds a child construct (at id `id`) from props the user wrote, reporting its problems at this workload under the
   * user's prop path: `field` turns the child's field into it (see reportUnder).
   */
  protected buildChild<T>(id: string, field: (childField: string) => string, build: () => T): T {
    return reportUnder(this, id, field, build);
  }

  /** Creates the workload's PodDisruptionBudget; `replicas` is undefined when an autoscaler owns it. */
  protected addDisruptionBudget(replicas: number | undefined, budget: WorkloadDisruptionBudget | undefined): void {
    this.buildChild('disruption-budget', (f) => (f === '' ? 'disruptionBudget' : `disruptionBudget.${f}`), () => new DisruptionBudget(this, 'disruption-budget', {
      name: this.name,
      namespace: this.namespace,
      selector: { ...this.selector },
      labels: this.labels,
      replicas,
      ...budget,
    }));
  }
}

function isZero(x: number | string): boolean {
  return x === 0 || x === '0%';
}
