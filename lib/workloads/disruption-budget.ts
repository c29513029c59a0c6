import { k8s, KubePodDisruptionBudget } from '../core/k8s';
import { Construct } from 'constructs';
import { LABEL_KEY, LABEL_VALUE } from '../core/formats';
import { NamespacedResource, RESOURCE_ID, propNames } from '../core/resource';
import { requireProps } from '../core/validator';

/** Props of a {@link DisruptionBudget}. */
export interface DisruptionBudgetProps {
  /** Name of the PodDisruptionBudget. */
  readonly name: string;
  /** Namespace of the pods. */
  readonly namespace: string;
  /** Labels of the pods the budget protects. */
  readonly selector: Record<string, string>;
  /**
   * How many pods (or what percentage, e.g. "25%") may be down at once during voluntary disruptions.
   * Must allow at least one disruption, or node drains would hang.
   * @default 1 (unless minAvailable is set)
   */
  readonly maxUnavailable?: number | string;
  /**
   * How many pods must stay up; an alternative to maxUnavailable. Must be lower than `replicas`.
   * @default not set
   */
  readonly minAvailable?: number;
  /**
   * Replicas of the workload, to check that the budget allows a disruption.
   * @default unknown
   */
  readonly replicas?: number;
  /**
   * Labels of the budget object.
   * @default none
   */
  readonly labels?: Record<string, string>;
}

/** Budget options of a workload; see {@link DisruptionBudgetProps}. */
export type WorkloadDisruptionBudget = Pick<DisruptionBudgetProps, 'maxUnavailable' | 'minAvailable'>;

const PERCENT = /^(100|[1-9]?[0-9])%$/;
const PROPS = propNames<DisruptionBudgetProps>()({
  name: true, namespace: true, selector: true, maxUnavailable: true, minAvailable: true, replicas: true, labels: true,
});

/**
 * A `policy/v1` PodDisruptionBudget that keeps a workload available during node drains and upgrades, while
 * always allowing at least one pod to be evicted. Pods that are not ready may always be evicted
 * (`unhealthyPodEvictionPolicy: AlwaysAllow`), so a broken rollout cannot block a drain.
 */
export class DisruptionBudget extends NamespacedResource {
  public constructor(scope: Construct, id: string, props: DisruptionBudgetProps) {
    super(scope, id, props, { props: PROPS });
    const v = this.validator;
    requireProps(v, props, true);
    // An empty selector would hold every pod of the namespace to this budget.
    if (v.check(props.selector !== null && typeof props.selector === 'object' && !Array.isArray(props.selector) && Object.keys(props.selector).length > 0,
      'selector', props.selector, 'a non-empty object of pod labels')) {
      v.map('selector', props.selector, LABEL_KEY, LABEL_VALUE);
    }
    v.integer('replicas', props.replicas, 0);
    v.check(props.maxUnavailable === undefined || props.minAvailable === undefined, 'minAvailable', props.minAvailable,
      'either maxUnavailable or minAvailable, not both');
    const max = props.maxUnavailable;
    if (typeof max === 'number') {
      v.integer('maxUnavailable', max, 1);
    } else if (typeof max === 'string') {
      v.check(PERCENT.test(max) && max !== '0%', 'maxUnavailable', max, 'an integer >= 1 or a percentage from "1%" to "100%"');
    } else if (max !== undefined) {
      v.fail('maxUnavailable', max, 'an integer >= 1 or a percentage from "1%" to "100%"');
    }
    if (props.minAvailable !== undefined) {
      v.integer('minAvailable', props.minAvailable, 0);
      if (Number.isInteger(props.replicas)) {
        v.check(props.minAvailable < props.replicas!, 'minAvailable', props.minAvailable,
          `fewer than the ${props.replicas} replicas, so that at least one pod can be evicted`);
      }
    }
    v.throwIfInvalid();

    const intOrString = (x: number | string) => (typeof x === 'number' ? k8s.IntOrString.fromNumber(x) : k8s.IntOrString.fromString(x));
    new KubePodDisruptionBudget(this, RESOURCE_ID, {
      metadata: { name: this.name, namespace: this.namespace, labels: props.labels },
      spec: {
        selector: { matchLabels: props.selector },
        maxUnavailable: props.minAvailable === undefined ? intOrString(max ?? 1) : undefined,
        minAvailable: props.minAvailable === undefined ? undefined : intOrString(props.minAvailable),
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    });
  }
}
