import { DNS_LABEL, LABEL_KEY, LABEL_VALUE, OBJECT_NAME } from '../core/formats';
import { k8s } from '../core/k8s';
import { propNames } from '../core/resource';
import { PropsValidator } from '../core/validator';

/** How a node label is compared. `Gt` and `Lt` compare one integer value. */
export type NodeOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';

/** A requirement on a node label, e.g. `{ key: 'disktype', operator: 'In', values: ['ssd'] }`. */
export interface NodeRequirement {
  readonly key: string;
  readonly operator: NodeOperator;
  /**
   * The values: one or more for In and NotIn, exactly one integer for Gt and Lt, none for Exists and DoesNotExist.
   * @default none
   */
  readonly values?: string[];
}

/** A weighted preference: nodes that meet every requirement score `weight` (1–100) more. */
export interface PreferredNodeTerm {
  readonly weight: number;
  readonly requirements: NodeRequirement[];
}

/**
 * Node affinity. A node qualifies when it meets every requirement of at least one `required` term (terms are ORed,
 * requirements within a term ANDed); `preferred` terms only rank nodes.
 */
export interface NodeAffinity {
  /**
   * Terms of which a node must meet one.
   * @default no requirement
   */
  readonly required?: NodeRequirement[][];
  /**
   * Weighted preferences.
   * @default none
   */
  readonly preferred?: PreferredNodeTerm[];
}

/** How a pod label is compared. */
export type LabelOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

/** A requirement on a pod label. */
export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  /**
   * One or more values for In and NotIn; none for Exists and DoesNotExist.
   * @default none
   */
  readonly values?: string[];
}

/** The pods an affinity term is about, and the topology (node, zone, ...) it groups them by. */
export interface PodAffinityTerm {
  /** Node label whose value defines a domain, e.g. "kubernetes.io/hostname" or "topology.kubernetes.io/zone". */
  readonly topologyKey: string;
  /**
   * Labels the other pods have (ANDed with `requirements`).
   * @default none
   */
  readonly labels?: Record<string, string>;
  /**
   * Label requirements on the other pods.
   * @default none
   */
  readonly requirements?: LabelRequirement[];
  /**
   * Namespaces of the other pods.
   * @default the pod's own namespace
   */
  readonly namespaces?: string[];
}

/** Pod affinity or anti-affinity: required terms, and weighted preferences. */
export interface PodAffinity {
  /**
   * Terms every one of which must hold.
   * @default none
   */
  readonly required?: PodAffinityTerm[];
  /**
   * Weighted preferences (weight 1–100).
   * @default none
   */
  readonly preferred?: Array<{ readonly weight: number; readonly term: PodAffinityTerm }>;
}

/** A taint effect. */
export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

/** A toleration: lets pods run on nodes with matching taints. */
export interface Toleration {
  /**
   * Taint key; with operator Exists and no key, every taint is tolerated.
   * @default any key (operator Exists only)
   */
  readonly key?: string;
  /**
   * Equal compares the value; Exists ignores it.
   * @default "Equal"
   */
  readonly operator?: 'Equal' | 'Exists';
  /**
   * Taint value (operator Equal only).
   * @default ""
   */
  readonly value?: string;
  /**
   * Effect tolerated.
   * @default every effect
   */
  readonly effect?: TaintEffect;
  /**
   * For NoExecute: how long the pod stays on a node after the taint appears.
   * @default forever
   */
  readonly tolerationSeconds?: number;
}

/** Common tolerations. */
export class Tolerations {
  /** Runs on control-plane nodes too (their `node-role.kubernetes.io/control-plane:NoSchedule` taint). */
  public static controlPlane(): Toleration[] {
    return [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }];
  }

  /** Tolerates every taint: a node agent that must run on every node whatever it is tainted with. */
  public static everyTaint(): Toleration[] {
    return [{ operator: 'Exists' }];
  }

  private constructor() {}
}

/** A topology spread constraint of the workload's own pods. */
export interface TopologySpread {
  /** Node label that defines the domains, e.g. "topology.kubernetes.io/zone". */
  readonly topologyKey: string;
  /**
   * Most pods one domain may have above the least loaded one.
   * @default 1
   */
  readonly maxSkew?: number;
  /**
   * DoNotSchedule (strict) or ScheduleAnyway (best effort).
   * @default "DoNotSchedule"
   */
  readonly whenUnsatisfiable?: 'DoNotSchedule' | 'ScheduleAnyway';
  /**
   * With DoNotSchedule, the number of domains that must be counted even when empty.
   * @default none
   */
  readonly minDomains?: number;
}

/** Anything that names a PriorityClass (see PriorityClass). */
export interface IPriorityClass {
  readonly priorityClassName: string;
}

/** Where a workload's pods may run. */
export interface SchedulingProps {
  /**
   * Labels a node must have (ANDed with `nodeAffinity`).
   * @default none
   */
  readonly nodeSelector?: Record<string, string>;
  /**
   * Node affinity.
   * @default none
   */
  readonly nodeAffinity?: NodeAffinity;
  /**
   * Pods these pods should run near.
   * @default none
   */
  readonly podAffinity?: PodAffinity;
  /**
   * Pods these pods should run apart from.
   * @default none
   */
  readonly podAntiAffinity?: PodAffinity;
  /**
   * Taints the pods tolerate (see Tolerations, and ManagedNodeGroup.tolerations in keelson/aws).
   * @default none
   */
  readonly tolerations?: Toleration[];
  /**
   * Topology spread constraints; when set, they replace the default spreading over zones and hosts.
   * @default spreading over zones (best effort) and hosts (strict) for replicated workloads
   */
  readonly topologySpread?: TopologySpread[];
  /**
   * The pods' PriorityClass, by name or construct.
   * @default the cluster's default priority
   */
  readonly priorityClass?: string | IPriorityClass;
  /**
   * The scheduler that places the pods.
   * @default "default-scheduler"
   */
  readonly schedulerName?: string;
}

/** Prop names of {@link SchedulingProps}. */
export const SCHEDULING_PROPS = propNames<SchedulingProps>()({
  nodeSelector: true, nodeAffinity: true, podAffinity: true, podAntiAffinity: true, tolerations: true, topologySpread: true, priorityClass: true,
  schedulerName: true,
});

const LABEL_OPERATORS: readonly string[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];
const NODE_OPERATORS: readonly string[] = [...LABEL_OPERATORS, 'Gt', 'Lt'];
const EFFECTS: readonly string[] = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** How {@link checkRequirement} checks a requirement. */
export interface RequirementCheck {
  /**
   * A node requirement, which may also use the operators Gt and Lt.
   * @default a label requirement
   */
  readonly nodes?: boolean;
  /**
   * Also requires `values` to be a list and every value in it to be given (the selectors of claims and volumes).
   * @default false: the workloads' scheduling terms leave that to the API server
   */
  readonly strict?: boolean;
}

/**
 * Checks a label requirement (or a node requirement, see {@link RequirementCheck}): the key, the operator, and values
 * that suit it. Used by the workloads' scheduling terms and by the selectors of claims and volumes.
 */
export function checkRequirement(v: PropsValidator, field: string, r: NodeRequirement | LabelRequirement, how: RequirementCheck = {}): void {
  if (!v.knownProps(field, r, ['key', 'operator', 'values'])) {
    return;
  }
  const operators = how.nodes ? NODE_OPERATORS : LABEL_OPERATORS;
  v.format(`${field}.key`, r?.key, LABEL_KEY, true);
  if (!v.check(operators.includes(r?.operator), `${field}.operator`, r?.operator, `one of ${operators.join(', ')}`)) {
    return;
  }
  const strict = how.strict === true;
  const values = strict ? (Array.isArray(r.values) ? r.values : []) : r.values ?? [];
  if (strict) {
    v.check(r.values === undefined || Array.isArray(r.values), `${field}.values`, r.values, 'a list of values');
  }
  if (r.operator === 'Exists' || r.operator === 'DoesNotExist') {
    v.check(values.length === 0, `${field}.values`, r.values, `no values with operator ${r.operator}`);
  } else if (r.operator === 'Gt' || r.operator === 'Lt') {
    v.check(values.length === 1 && /^-?\d+$/.test(values[0]), `${field}.values`, r.values, `exactly one integer value with operator ${r.operator}`);
  } else {
    v.check(values.length > 0, `${field}.values`, r.values, `at least one value with operator ${r.operator}`);
    values.forEach((value, i) => v.format(`${field}.values[${i}]`, value, LABEL_VALUE, strict));
  }
}

function checkWeight(v: PropsValidator, field: string, weight: number): void {
  v.integer(field, weight, 1, 100);
  v.check(weight !== undefined, field, weight, 'a weight from 1 to 100');
}

function checkPodTerm(v: PropsValidator, field: string, t: PodAffinityTerm): void {
  if (!v.check(t !== undefined, field, t, 'a pod affinity term { topologyKey, labels, requirements }')
    || !v.knownProps(field, t, ['topologyKey', 'labels', 'requirements', 'namespaces'])) {
    return;
  }
  v.format(`${field}.topologyKey`, t.topologyKey, LABEL_KEY, true);
  v.map(`${field}.labels`, t.labels, LABEL_KEY, LABEL_VALUE);
  (t.requirements ?? []).forEach((r, i) => checkRequirement(v, `${field}.requirements[${i}]`, r));
  v.check(Object.keys(t.labels ?? {}).length > 0 || (t.requirements ?? []).length > 0, field, t, 'labels or requirements that select the other pods');
  (t.namespaces ?? []).forEach((ns, i) => v.format(`${field}.namespaces[${i}]`, ns, DNS_LABEL, true));
}

function checkPodAffinity(v: PropsValidator, field: string, a: PodAffinity | undefined): void {
  if (a === undefined || !v.knownProps(field, a, ['required', 'preferred'])) {
    return;
  }
  (a.required ?? []).forEach((t, i) => checkPodTerm(v, `${field}.required[${i}]`, t));
  (a.preferred ?? []).forEach((p, i) => {
    if (v.knownProps(`${field}.preferred[${i}]`, p, ['weight', 'term'])) {
      checkWeight(v, `${field}.preferred[${i}].weight`, p.weight);
      checkPodTerm(v, `${field}.preferred[${i}].term`, p.term);
    }
  });
}

/** Checks the scheduling props of a workload. */
export function validateScheduling(v: PropsValidator, props: SchedulingProps): void {
  v.map('nodeSelector', props.nodeSelector, LABEL_KEY, LABEL_VALUE);
  const na = props.nodeAffinity;
  if (na !== undefined && v.knownProps('nodeAffinity', na, ['required', 'preferred'])) {
    (na.required ?? []).forEach((term, i) => {
      v.check(Array.isArray(term) && term.length > 0, `nodeAffinity.required[${i}]`, term, 'a non-empty list of requirements (they are ANDed)');
      (Array.isArray(term) ? term : []).forEach((r, j) => checkRequirement(v, `nodeAffinity.required[${i}][${j}]`, r, { nodes: true }));
    });
    (na.preferred ?? []).forEach((p, i) => {
      if (v.knownProps(`nodeAffinity.preferred[${i}]`, p, ['weight', 'requirements'])) {
        checkWeight(v, `nodeAffinity.preferred[${i}].weight`, p.weight);
        v.check(Array.isArray(p.requirements) && p.requirements.length > 0, `nodeAffinity.preferred[${i}].requirements`, p.requirements, 'a non-empty list of requirements');
        (p.requirements ?? []).forEach((r, j) => checkRequirement(v, `nodeAffinity.preferred[${i}].requirements[${j}]`, r, { nodes: true }));
      }
    });
  }
  checkPodAffinity(v, 'podAffinity', props.podAffinity);
  checkPodAffinity(v, 'podAntiAffinity', props.podAntiAffinity);
  (props.tolerations ?? []).forEach((t, i) => {
    const f = `tolerations[${i}]`;
    if (!v.knownProps(f, t, ['key', 'operator', 'value', 'effect', 'tolerationSeconds'])) {
      return;
    }
    v.format(`${f}.key`, t.key, LABEL_KEY);
    v.check(t.operator === undefined || t.operator === 'Equal' || t.operator === 'Exists', `${f}.operator`, t.operator, '"Equal" or "Exists"');
    v.check(t.key !== undefined || t.operator === 'Exists', `${f}.key`, t.key, 'a taint key (only operator "Exists" may leave it out, to tolerate every taint)');
    v.check(t.operator !== 'Exists' || t.value === undefined, `${f}.value`, t.value, 'no value with operator "Exists"');
    v.format(`${f}.value`, t.value, LABEL_VALUE);
    v.check(t.effect === undefined || EFFECTS.includes(t.effect), `${f}.effect`, t.effect, `one of ${EFFECTS.join(', ')}, or none for every effect`);
    v.integer(`${f}.tolerationSeconds`, t.tolerationSeconds, 0);
    v.check(t.tolerationSeconds === undefined || t.effect === 'NoExecute', `${f}.tolerationSeconds`, t.tolerationSeconds, 'no tolerationSeconds unless effect is "NoExecute"');
  });
  (props.topologySpread ?? []).forEach((t, i) => {
    const f = `topologySpread[${i}]`;
    if (!v.knownProps(f, t, ['topologyKey', 'maxSkew', 'whenUnsatisfiable', 'minDomains'])) {
      return;
    }
    v.format(`${f}.topologyKey`, t.topologyKey, LABEL_KEY, true);
    v.integer(`${f}.maxSkew`, t.maxSkew, 1);
    v.check(t.whenUnsatisfiable === undefined || t.whenUnsatisfiable === 'DoNotSchedule' || t.whenUnsatisfiable === 'ScheduleAnyway',
      `${f}.whenUnsatisfiable`, t.whenUnsatisfiable, '"DoNotSchedule" or "ScheduleAnyway"');
    v.integer(`${f}.minDomains`, t.minDomains, 1);
    v.check(t.minDomains === undefined || (t.whenUnsatisfiable ?? 'DoNotSchedule') === 'DoNotSchedule', `${f}.minDomains`, t.minDomains,
      'no minDomains unless whenUnsatisfiable is "DoNotSchedule"');
  });
  v.unique('topologySpread', props.topologySpread ?? [], (t) => `${t.topologyKey}/${t.whenUnsatisfiable ?? 'DoNotSchedule'}`, 'a topology key and whenUnsatisfiable pair');
  const priority = typeof props.priorityClass === 'string' ? props.priorityClass : props.priorityClass?.priorityClassName;
  if (v.check(props.priorityClass === undefined || typeof priority === 'string', 'priorityClass', typeof props.priorityClass === 'object' ? 'an object without priorityClassName' : props.priorityClass,
    'a PriorityClass name, or a construct with a priorityClassName such as PriorityClass')) {
    v.format('priorityClass', priority, OBJECT_NAME);
  }
  v.format('schedulerName', props.schedulerName, OBJECT_NAME);
}

const nodeTerm = (requirements: readonly NodeRequirement[]): k8s.NodeSelectorTerm => ({
  matchExpressions: requirements.map((r) => ({ key: r.key, operator: r.operator, values: r.values })),
});

const podTerm = (t: PodAffinityTerm): k8s.PodAffinityTerm => ({
  topologyKey: t.topologyKey,
  labelSelector: {
    matchLabels: t.labels,
    matchExpressions: t.requirements?.map((r) => ({ key: r.key, operator: r.operator, values: r.values })),
  },
  namespaces: t.namespaces,
});

const podAffinity = (a: PodAffinity | undefined) => (a === undefined ? undefined : {
  requiredDuringSchedulingIgnoredDuringExecution: a.required?.map(podTerm),
  preferredDuringSchedulingIgnoredDuringExecution: a.preferred?.map((p) => ({ weight: p.weight, podAffinityTerm: podTerm(p.term) })),
});

/** The scheduling fields of a pod spec; `defaultSpread` is used unless `topologySpread` is given. */
export function renderScheduling(props: SchedulingProps, selector: Readonly<Record<string, string>>, defaultSpread: readonly TopologySpread[]): Partial<k8s.PodSpec> {
  const na = props.nodeAffinity;
  const affinity: k8s.Affinity = {
    nodeAffinity: na === undefined ? undefined : {
      requiredDuringSchedulingIgnoredDuringExecution: na.required?.length ? { nodeSelectorTerms: na.required.map(nodeTerm) } : undefined,
      preferredDuringSchedulingIgnoredDuringExecution: na.preferred?.map((p) => ({ weight: p.weight, preference: nodeTerm(p.requirements) })),
    },
    podAffinity: podAffinity(props.podAffinity),
    podAntiAffinity: podAffinity(props.podAntiAffinity),
  };
  const spread = props.topologySpread ?? defaultSpread;
  return {
    nodeSelector: props.nodeSelector,
    affinity: na || props.podAffinity || props.podAntiAffinity ? affinity : undefined,
    tolerations: props.tolerations?.map((t) => ({ ...t })),
    topologySpreadConstraints: spread.length === 0 ? undefined : spread.map((t) => ({
      topologyKey: t.topologyKey,
      maxSkew: t.maxSkew ?? 1,
      whenUnsatisfiable: t.whenUnsatisfiable ?? 'DoNotSchedule',
      minDomains: t.minDomains,
      labelSelector: { matchLabels: { ...selector } },
    })),
    priorityClassName: typeof props.priorityClass === 'string' ? props.priorityClass : props.priorityClass?.priorityClassName,
    schedulerName: props.schedulerName,
  };
}

/** The default spreading of replicated pods: zones best effort (clusters with fewer zones still schedule), hosts strict. */
export const DEFAULT_SPREAD: readonly TopologySpread[] = [
  { topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' },
  { topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule' },
];
