import { Construct } from 'constructs';
import { BYTE_QUANTITY, CPU_QUANTITY, LABEL_KEY, LABEL_VALUE, OBJECT_NAME } from '../core/formats';
import { KubeResourceQuota, k8s } from '../core/k8s';
import { NamespacedResource, NamespacedResourceProps, RESOURCE_ID, propNames } from '../core/resource';
import {
  QUOTA_SCOPES, SCOPE_OPERATORS, STORAGE_CLASS_QUOTA_SUFFIX, countQuotaProblem, quotaNameProblem, quotaScopeProblems, quotaValueProblem,
} from '../core/quota-rules';
import { PropsValidator, isObject } from '../core/validator';
import { bytesFormatFor } from './checks';
import type { IPriorityClass } from '../workloads/scheduling';

/** Amounts of CPU, memory and ephemeral storage, as Kubernetes quantities. */
export interface QuotaComputeAmounts {
  /**
   * CPU, e.g. "4" or "1500m".
   * @default not limited
   */
  readonly cpu?: string;
  /**
   * Memory, e.g. "8Gi".
   * @default not limited
   */
  readonly memory?: string;
  /**
   * Local ephemeral storage (container writable layers, logs, emptyDir volumes), e.g. "20Gi". Counts only the
   * containers that request it: keelson containers request none, so pair it with a LimitRange default.
   * @default not limited
   */
  readonly ephemeralStorage?: string;
}

/**
 * Totals of the compute resources of the pods of a namespace (those not yet finished). A quota on CPU or memory
 * makes the API server refuse pods whose containers do not set that request (or limit): keelson workloads always
 * set both, other pods need a LimitRange default.
 */
export interface ComputeQuota {
  /**
   * Totals of the requests (`requests.cpu`, `requests.memory`, `requests.ephemeral-storage`).
   * @default not limited
   */
  readonly requests?: QuotaComputeAmounts;
  /**
   * Totals of the limits (`limits.cpu`, `limits.memory`, `limits.ephemeral-storage`).
   * @default not limited
   */
  readonly limits?: QuotaComputeAmounts;
}

/** The quota of the claims of one StorageClass. */
export interface StorageClassQuota {
  /**
   * Total storage the claims of this class request, e.g. "500Gi"; "0" forbids the class.
   * @default not limited
   */
  readonly requests?: string;
  /**
   * Number of claims of this class.
   * @default not limited
   */
  readonly persistentVolumeClaims?: number;
}

/** Totals of the PersistentVolumeClaims of a namespace. */
export interface StorageQuota {
  /**
   * Total storage all claims request (`requests.storage`), e.g. "1Ti".
   * @default not limited
   */
  readonly requests?: string;
  /**
   * Number of claims (`persistentvolumeclaims`).
   * @default not limited
   */
  readonly persistentVolumeClaims?: number;
  /**
   * Quotas per StorageClass, by class name (`<class>.storageclass.storage.k8s.io/requests.storage` and
   * `.../persistentvolumeclaims`), e.g. `{ gp3: { requests: '500Gi' }, io2: { requests: '0' } }`.
   * @default none
   */
  readonly storageClasses?: Record<string, StorageClassQuota>;
}

/** Numbers of objects in a namespace. */
export interface ObjectCountQuota {
  /**
   * Pods that are not finished (`pods`).
   * @default not limited
   */
  readonly pods?: number;
  /**
   * Services (`services`).
   * @default not limited
   */
  readonly services?: number;
  /**
   * LoadBalancer Services (`services.loadbalancers`); 0 keeps the namespace from buying cloud load balancers.
   * @default not limited
   */
  readonly servicesLoadBalancers?: number;
  /**
   * Services that open a port on every node (`services.nodeports`: NodePort and LoadBalancer Services); 0 keeps the
   * namespace's pods off the nodes' addresses.
   * @default not limited
   */
  readonly servicesNodePorts?: number;
  /**
   * Secrets (`secrets`).
   * @default not limited
   */
  readonly secrets?: number;
  /**
   * ConfigMaps (`configmaps`).
   * @default not limited
   */
  readonly configMaps?: number;
  /**
   * ReplicationControllers (`replicationcontrollers`).
   * @default not limited
   */
  readonly replicationControllers?: number;
  /**
   * ResourceQuotas (`resourcequotas`).
   * @default not limited
   */
  readonly resourceQuotas?: number;
  /**
   * Objects of any kind, by `<resource>.<group>` (`<resource>` for the core group), written `count/<key>`:
   * e.g. `{ 'deployments.apps': 10, 'jobs.batch': 20, 'widgets.example.com': 5 }`. A built-in resource named under
   * another group than its own counts nothing and is refused.
   * @default none
   */
  readonly count?: Record<string, number>;
}

/** A scope of a ResourceQuota: which pods it counts. */
export type QuotaScope = typeof QUOTA_SCOPES[number];

/** A requirement of a quota's scope selector, e.g. pods of the PriorityClass "high". */
export interface QuotaScopeRequirement {
  /** The scope. */
  readonly scope: QuotaScope;
  /** "In" and "NotIn" take values (PriorityClass names); "Exists" and "DoesNotExist" take none. Scopes other than PriorityClass take "Exists". */
  readonly operator: typeof SCOPE_OPERATORS[number];
  /**
   * PriorityClass names (or PriorityClasses).
   * @default none
   */
  readonly values?: Array<string | IPriorityClass>;
}

/** Props of a {@link ResourceQuota}. */
export interface ResourceQuotaProps extends NamespacedResourceProps {
  /**
   * Totals of CPU, memory and ephemeral storage requests and limits.
   * @default not limited
   */
  readonly compute?: ComputeQuota;
  /**
   * Totals of claimed storage and numbers of claims, also per StorageClass.
   * @default not limited
   */
  readonly storage?: StorageQuota;
  /**
   * Numbers of objects: pods, Services (LoadBalancer, NodePort), Secrets, ConfigMaps, any kind via `count`.
   * @default not limited
   */
  readonly objects?: ObjectCountQuota;
  /**
   * Hard limits on resources that have no typed prop, by quota resource name: extended resources
   * (`{ 'requests.nvidia.com/gpu': '4' }`) or huge pages (`'requests.hugepages-2Mi': '1Gi'`).
   * @default none
   */
  readonly otherResources?: Record<string, string>;
  /**
   * Count only the pods of these scopes, e.g. ["NotTerminating"]. A scoped quota can limit only pods, CPU and
   * memory (BestEffort: only pods).
   * @default every pod
   */
  readonly scopes?: QuotaScope[];
  /**
   * Count only the pods these requirements select, e.g. `[{ scope: 'PriorityClass', operator: 'In', values: ['high'] }]`.
   * @default every pod
   */
  readonly scopeSelector?: QuotaScopeRequirement[];
}

/** The quota of a {@link SecureNamespace}: the props of a {@link ResourceQuota} but its namespace. */
export type ResourceQuotaOptions = Omit<ResourceQuotaProps, 'namespace'>;

const PROPS = propNames<ResourceQuotaProps>()({
  name: true, labels: true, namespace: true, compute: true, storage: true, objects: true, otherResources: true, scopes: true, scopeSelector: true,
});
/** The props of {@link ResourceQuotaOptions}. */
export const RESOURCE_QUOTA_OPTIONS: readonly string[] = PROPS.filter((p) => p !== 'namespace');
const AMOUNTS = propNames<QuotaComputeAmounts>()({ cpu: true, memory: true, ephemeralStorage: true });
const OBJECTS: Record<keyof Omit<ObjectCountQuota, 'count'>, string> = {
  pods: 'pods', services: 'services', servicesLoadBalancers: 'services.loadbalancers', servicesNodePorts: 'services.nodeports',
  secrets: 'secrets', configMaps: 'configmaps', replicationControllers: 'replicationcontrollers', resourceQuotas: 'resourcequotas',
};
const COUNT_KEY = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The spec of a ResourceQuota in the API shape, its values as strings. */
export interface QuotaSpec {
  /** The hard limits by quota resource name. */
  readonly hard: Readonly<Record<string, string>>;
  /** The scopes, when any. */
  readonly scopes?: string[];
  /** The requirements of the scope selector, when any. */
  readonly scopeSelector?: Array<{ readonly scopeName: string; readonly operator: string; readonly values?: string[] }>;
}

/** A PriorityClass name given as a string or a PriorityClass; anything else as it is (for the error). */
const priorityClassName = (x: unknown): unknown => (typeof (x as IPriorityClass | null)?.priorityClassName === 'string' ? (x as IPriorityClass).priorityClassName : x);

/** The typed prop that writes a quota resource name, to point `otherResources` at it. */
function typedPropOf(name: string): string | undefined {
  const compute = /^(requests\.|limits\.)?(cpu|memory|ephemeral-storage)$/.exec(name);
  if (compute) {
    const kind = compute[1] === 'limits.' ? 'limits' : 'requests';
    return `compute.${kind}.${compute[2] === 'ephemeral-storage' ? 'ephemeralStorage' : compute[2]}`;
  }
  if (name === 'requests.storage') return 'storage.requests';
  if (name === 'persistentvolumeclaims') return 'storage.persistentVolumeClaims';
  if (name.includes(STORAGE_CLASS_QUOTA_SUFFIX)) return 'storage.storageClasses';
  if (name.startsWith('count/')) return 'objects.count';
  const object = Object.entries(OBJECTS).find(([, n]) => n === name);
  return object ? `objects.${object[0]}` : undefined;
}

/**
 * Checks the quota props given under `prefix` ("" for a ResourceQuota's own props) and returns the spec they
 * describe. Problems are recorded on `v`; the spec is only meaningful when there are none.
 */
export function resourceQuotaSpec(v: PropsValidator, prefix: string, o: ResourceQuotaOptions): QuotaSpec {
  const f = (x: string) => (prefix === '' ? x : `${prefix}.${x}`);
  const issuesBefore = v.issues.length;
  const hard: Record<string, string> = {};
  const count = (field: string, name: string, value: unknown) => {
    if (value !== undefined && v.integer(field, value as number, 0)) {
      hard[name] = String(value);
    }
  };
  const amount = (field: string, name: string, value: unknown, cpu: boolean) => {
    if (value !== undefined && v.format(field, value as string, cpu ? CPU_QUANTITY : bytesFormatFor(BYTE_QUANTITY, value), true)) {
      hard[name] = value as string;
    }
  };

  if (v.knownProps(f('compute'), o.compute, ['requests', 'limits'])) {
    for (const kind of ['requests', 'limits'] as const) {
      const amounts = o.compute?.[kind];
      if (v.knownProps(f(`compute.${kind}`), amounts, AMOUNTS)) {
        amount(f(`compute.${kind}.cpu`), `${kind}.cpu`, amounts?.cpu, true);
        amount(f(`compute.${kind}.memory`), `${kind}.memory`, amounts?.memory, false);
        amount(f(`compute.${kind}.ephemeralStorage`), `${kind}.ephemeral-storage`, amounts?.ephemeralStorage, false);
      }
    }
  }

  if (v.knownProps(f('storage'), o.storage, ['requests', 'persistentVolumeClaims', 'storageClasses'])) {
    amount(f('storage.requests'), 'requests.storage', o.storage?.requests, false);
    count(f('storage.persistentVolumeClaims'), 'persistentvolumeclaims', o.storage?.persistentVolumeClaims);
    const classes = o.storage?.storageClasses;
    if (classes !== undefined && v.check(isObject(classes), f('storage.storageClasses'), classes,
      'an object of quotas by StorageClass name, e.g. { gp3: { requests: "500Gi" } }')) {
      for (const [cls, quota] of Object.entries(classes)) {
        const field = f(`storage.storageClasses["${cls}"]`);
        v.format(`${f('storage.storageClasses')} key`, cls, OBJECT_NAME);
        if (v.knownProps(field, quota, ['requests', 'persistentVolumeClaims'])
          && v.check(quota !== undefined && (quota.requests !== undefined || quota.persistentVolumeClaims !== undefined), field, quota,
            'a quota for the class: { requests } (storage), { persistentVolumeClaims } (claims) or both')) {
          amount(`${field}.requests`, `${cls}${STORAGE_CLASS_QUOTA_SUFFIX}requests.storage`, quota.requests, false);
          count(`${field}.persistentVolumeClaims`, `${cls}${STORAGE_CLASS_QUOTA_SUFFIX}persistentvolumeclaims`, quota.persistentVolumeClaims);
        }
      }
    }
  }

  if (v.knownProps(f('objects'), o.objects, [...Object.keys(OBJECTS), 'count'])) {
    for (const [prop, name] of Object.entries(OBJECTS)) {
      count(f(`objects.${prop}`), name, (o.objects as Record<string, unknown> | undefined)?.[prop]);
    }
    const counts = o.objects?.count;
    if (counts !== undefined && v.check(isObject(counts), f('objects.count'), counts,
      'an object of counts by "<resource>.<group>", e.g. { "deployments.apps": 10, "jobs.batch": 20 }')) {
      for (const [key, value] of Object.entries(counts)) {
        const keyOk = v.check(COUNT_KEY.test(key) && LABEL_KEY.test(`count/${key}`), `${f('objects.count')} key`, key,
          'a "<resource>.<group>" such as "deployments.apps" or "widgets.example.com", or a core resource such as "pods" (lowercase, the name at most 63 characters)');
        const problem = keyOk ? countQuotaProblem(key) : undefined;
        v.check(problem === undefined, `${f('objects.count')} key`, key, `a resource named under its own API group: ${problem}`);
        count(f(`objects.count["${key}"]`), `count/${key}`, value);
      }
    }
  }

  const others = o.otherResources;
  if (others !== undefined && v.check(isObject(others), f('otherResources'), others,
    'an object of hard limits by quota resource name, e.g. { "requests.nvidia.com/gpu": "4" }')) {
    for (const [name, value] of Object.entries(others)) {
      const typed = typeof name === 'string' ? typedPropOf(name) : undefined;
      const nameProblem = quotaNameProblem(name);
      if (!v.check(typed === undefined, `${f('otherResources')} key`, name, `a resource without a typed prop (set ${f(typed ?? '')} instead)`)
        || !v.check(nameProblem === undefined, `${f('otherResources')} key`, name, nameProblem ?? '')) {
        continue;
      }
      const valueProblem = typeof value === 'string' ? quotaValueProblem(name, value) : 'a quantity given as a string, e.g. "4" or "1Gi"';
      if (v.check(valueProblem === undefined, f(`otherResources["${name}"]`), value, valueProblem ?? '')) {
        hard[name] = value;
      }
    }
  }

  const scopes = o.scopes;
  const scopesOk = scopes === undefined || v.check(Array.isArray(scopes), f('scopes'), scopes, `a list of scopes, each one of ${QUOTA_SCOPES.map((s) => `"${s}"`).join(', ')}`);
  if (scopesOk && scopes) {
    v.unique(f('scopes'), scopes, (s) => String(s), 'a scope');
  }
  const selector = o.scopeSelector;
  const requirements: Array<{ scopeName: string; operator: string; values?: string[] }> = [];
  if (selector !== undefined && v.check(Array.isArray(selector), f('scopeSelector'), selector,
    'a list of requirements such as { scope: "PriorityClass", operator: "In", values: ["high"] }')) {
    selector.forEach((req, i) => {
      const field = f(`scopeSelector[${i}]`);
      if (!v.knownProps(field, req, ['scope', 'operator', 'values']) || !v.check(req !== undefined, field, req, '{ scope, operator, values? }')) {
        return;
      }
      const values: unknown = req.values === undefined ? undefined : Array.isArray(req.values) ? req.values.map(priorityClassName) : req.values;
      if (Array.isArray(values)) {
        values.forEach((x, j) => v.format(`${field}.values[${j}]`, x as string, OBJECT_NAME, true));
      } else {
        v.check(values === undefined, `${field}.values`, values, 'a list of PriorityClass names (or PriorityClasses)');
      }
      requirements.push({ scopeName: req.scope, operator: req.operator, values: Array.isArray(values) ? values as string[] : undefined });
    });
  }
  if (scopesOk) {
    const problems = quotaScopeProblems({ hardNames: Object.keys(hard), scopes, selector: requirements }, {
      scope: (i) => f(`scopes[${i}]`),
      selector: (i, part) => f(`scopeSelector[${i}].${part === 'scopeName' ? 'scope' : part}`),
    });
    problems.forEach((p) => v.fail(p.field, p.value, p.expected));
  }

  v.check(v.issues.length > issuesBefore || Object.keys(hard).length > 0, prefix === '' ? 'props' : prefix, o,
    'at least one hard limit: compute, storage, objects or otherResources (an empty quota limits nothing)');
  return {
    hard,
    scopes: scopes && scopes.length > 0 ? [...scopes] : undefined,
    scopeSelector: requirements.length > 0 ? requirements.map((r) => ({ ...r, values: r.values && r.values.length > 0 ? r.values : undefined })) : undefined,
  };
}

/** Checks the name and labels of quota options given to another construct (its own props are checked by {@link Resource}). */
export function checkQuotaMetadata(v: PropsValidator, prefix: string, o: ResourceQuotaOptions): void {
  v.format(`${prefix}.name`, o.name, OBJECT_NAME);
  v.map(`${prefix}.labels`, o.labels, LABEL_KEY, LABEL_VALUE);
}

/**
 * A ResourceQuota: hard limits on what the pods, claims and objects of a namespace may use in total: compute
 * (`compute`), storage, also per StorageClass (`storage`), object counts such as LoadBalancer Services or
 * Deployments (`objects`), and other resources such as GPUs (`otherResources`), optionally only for some pods
 * (`scopes`, `scopeSelector`, e.g. a PriorityClass). Everything the API server would refuse is refused here:
 * unknown resource names, quantities that are not quantities (or not whole where counted), scopes a limit does not
 * support or that contradict each other.
 *
 * Created by {@link SecureNamespace} from its `resourceQuota` prop (named "resource-quota"), or on its own: named
 * after the construct id, in the enclosing namespace.
 */
export class ResourceQuota extends NamespacedResource {
  /** The hard limits, by quota resource name (e.g. "requests.cpu": "4"). */
  public readonly hard: Readonly<Record<string, string>>;

  public constructor(scope: Construct, id: string, props: ResourceQuotaProps) {
    super(scope, id, props, { props: PROPS });
    if (props === null || typeof props !== 'object') {
      this.validator.throwIfInvalid(); // "props: got ...; expected an object of props", recorded by Resource
    }
    const spec = resourceQuotaSpec(this.validator, '', props ?? {});
    this.validator.throwIfInvalid();
    this.hard = spec.hard;

    new KubeResourceQuota(this, RESOURCE_ID, {
      metadata: { name: this.name, namespace: this.namespace, labels: props.labels },
      spec: {
        hard: Object.fromEntries(Object.entries(spec.hard).map(([k, value]) => [k, k8s.Quantity.fromString(value)])),
        scopes: spec.scopes,
        scopeSelector: spec.scopeSelector ? { matchExpressions: spec.scopeSelector } : undefined,
      },
    });
  }
}
