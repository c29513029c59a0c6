import { Construct } from 'constructs';
import { DNS_LABEL } from '../core/formats';
import { KubePriorityClass } from '../core/k8s';
import { RESOURCE_ID, Resource, ResourceProps, propNames } from '../core/resource';
import { IPriorityClass } from './scheduling';
import { requireProps } from '../core/validator';

/** Props of a {@link PriorityClass}. */
export interface PriorityClassProps extends ResourceProps {
  /** Priority of the pods: higher values are scheduled first and may preempt lower ones (at most 1000000000). */
  readonly value: number;
  /** What the class is for, shown by kubectl. */
  readonly description: string;
  /**
   * Whether pods of this class may evict pods of lower priority to make room.
   * @default "Never" (they wait instead: a batch job never evicts a service)
   */
  readonly preemptionPolicy?: 'Never' | 'PreemptLowerPriority';
  /**
   * Make this the priority of every pod without a class. At most one class of a cluster may be the default.
   * @default false
   */
  readonly globalDefault?: boolean;
}

const PROPS = propNames<PriorityClassProps>()({ name: true, labels: true, value: true, description: true, preemptionPolicy: true, globalDefault: true });

/**
 * A PriorityClass (scheduling.k8s.io/v1), to pass to a workload's `priorityClass`. Values above one billion are
 * reserved for the system classes, and pods of this class do not preempt others unless asked to.
 */
export class PriorityClass extends Resource implements IPriorityClass {
  /** The class name that pods refer to. */
  public readonly priorityClassName: string;

  public constructor(scope: Construct, id: string, props: PriorityClassProps) {
    super(scope, id, props, { props: PROPS, nameFormat: DNS_LABEL });
    this.priorityClassName = this.name;
    const v = this.validator;
    requireProps(v, props, true);
    v.check(typeof this.name !== 'string' || !this.name.startsWith('system-'), 'name', this.name, 'a name that does not start with "system-" (reserved for the system classes)');
    v.integer('value', props.value, -2147483648, 1_000_000_000);
    v.check(props.value !== undefined, 'value', props.value, 'an integer priority of at most 1000000000');
    v.check(typeof props.description === 'string' && props.description.trim().length > 0, 'description', props.description, 'a sentence saying which pods get this priority');
    v.check(props.preemptionPolicy === undefined || props.preemptionPolicy === 'Never' || props.preemptionPolicy === 'PreemptLowerPriority',
      'preemptionPolicy', props.preemptionPolicy, '"Never" or "PreemptLowerPriority"');
    v.check(props.globalDefault === undefined || typeof props.globalDefault === 'boolean', 'globalDefault', props.globalDefault, 'true or false');
    v.throwIfInvalid();

    new KubePriorityClass(this, RESOURCE_ID, {
      metadata: { name: this.name, labels: props.labels },
      value: props.value,
      description: props.description,
      preemptionPolicy: props.preemptionPolicy ?? 'Never',
      globalDefault: props.globalDefault ?? false,
    });
  }
}
