// The rules of ResourceQuotas: the resource names a quota may limit, their values, and its scopes, as the API server
// checks them (see resource-governance.ts for what the rules of quotas and LimitRanges share).
import { builtinGroupOf, resourceGroupProblem } from './api-resources';
import { LABEL_KEY } from './formats';
import { GovernanceProblem, quantityValue } from './resource-governance';

/** The scopes a ResourceQuota may name (Kubernetes 1.32, without the feature-gated VolumeAttributesClass). */
export const QUOTA_SCOPES = ['Terminating', 'NotTerminating', 'BestEffort', 'NotBestEffort', 'PriorityClass', 'CrossNamespacePodAffinity'] as const;

/** The operators of a quota's scope selector. */
export const SCOPE_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;

/** Resource names without a "/" that a quota may limit (helper.IsStandardQuotaResourceName, besides huge pages). */
const STANDARD_QUOTA_NAMES = new Set([
  'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.storage', 'requests.ephemeral-storage',
  'limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'pods', 'resourcequotas', 'services', 'replicationcontrollers',
  'secrets', 'persistentvolumeclaims', 'configmaps', 'services.nodeports', 'services.loadbalancers',
]);

/** Quota resources counted in whole objects (helper.IsIntegerResourceName's list). */
const INTEGER_QUOTA_NAMES = new Set([
  'pods', 'resourcequotas', 'services', 'replicationcontrollers', 'secrets', 'configmaps', 'persistentvolumeclaims',
  'services.nodeports', 'services.loadbalancers',
]);

/** What a scoped quota may limit: every scope but BestEffort allows pods, cpu and memory; BestEffort pods only. */
const POD_COMPUTE_NAMES = new Set(['pods', 'cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory']);

/** Scope pairs no pod matches both of; the API server refuses a quota naming both. */
const CONFLICTING_SCOPES: ReadonlyArray<readonly [string, string]> = [['BestEffort', 'NotBestEffort'], ['Terminating', 'NotTerminating']];

/** The suffix of the per-StorageClass quota names, `<class>.storageclass.storage.k8s.io/requests.storage`. */
export const STORAGE_CLASS_QUOTA_SUFFIX = '.storageclass.storage.k8s.io/';

const isHugePages = (name: string) => name.startsWith('hugepages-') || name.startsWith('requests.hugepages-');

/** Whether the API server counts this quota resource in whole units (standard object counts and extended names). */
export function isIntegerQuotaName(name: string): boolean {
  if (INTEGER_QUOTA_NAMES.has(name)) {
    return true;
  }
  // helper.IsExtendedResourceName: qualified, outside kubernetes.io, no "requests." prefix. Count and per-class
  // names (count/..., <class>.storageclass.storage.k8s.io/...) are "extended" by that definition too.
  return name.includes('/') && !name.includes('kubernetes.io/') && !name.startsWith('requests.') && LABEL_KEY.test(`requests.${name}`);
}

/**
 * Why a `count/<resource>[.<group>]` quota would count nothing: the resource is a built-in one named under the
 * wrong group (`count/deployments` instead of `count/deployments.apps`), or the group is a built-in one without it.
 * Undefined when it counts something (custom resources are not checked).
 */
export function countQuotaProblem(resourceAndGroup: string): string | undefined {
  const dot = resourceAndGroup.indexOf('.');
  const resource = dot < 0 ? resourceAndGroup : resourceAndGroup.slice(0, dot);
  const group = dot < 0 ? '' : resourceAndGroup.slice(dot + 1);
  const problem = resourceGroupProblem(group, resource);
  if (problem === undefined) {
    return undefined;
  }
  const home = builtinGroupOf(resource);
  const fix = home === undefined ? '' : `; write "count/${home === '' ? resource : `${resource}.${home}`}"`;
  return `${problem}, so "count/${resourceAndGroup}" counts nothing${fix}`;
}

/**
 * Why a quota cannot limit the resource `name`, or undefined: the API server refuses names that are not qualified
 * names, and unqualified names other than the standard ones; a count of a built-in resource under the wrong group,
 * and a per-StorageClass name other than requests.storage and persistentvolumeclaims, are accepted but limit nothing.
 */
export function quotaNameProblem(name: string): string | undefined {
  const forms = 'a quota resource name: a standard one such as "requests.cpu", "limits.memory", "requests.storage", "pods" or '
    + '"services.loadbalancers", or a qualified one such as "count/deployments.apps", "gp3.storageclass.storage.k8s.io/requests.storage" '
    + 'or "requests.nvidia.com/gpu"';
  if (typeof name !== 'string' || !LABEL_KEY.test(name)) {
    return forms;
  }
  if (!name.includes('/')) {
    return STANDARD_QUOTA_NAMES.has(name) || isHugePages(name) ? undefined : `${forms} (the API server refuses other unqualified names)`;
  }
  if (name.startsWith('count/')) {
    return countQuotaProblem(name.slice('count/'.length));
  }
  const classAt = name.indexOf(STORAGE_CLASS_QUOTA_SUFFIX);
  if (classAt > 0) {
    const resource = name.slice(classAt + STORAGE_CLASS_QUOTA_SUFFIX.length);
    return resource === 'requests.storage' || resource === 'persistentvolumeclaims' ? undefined
      : `"requests.storage" or "persistentvolumeclaims" after "${name.slice(0, classAt)}${STORAGE_CLASS_QUOTA_SUFFIX}" (a StorageClass quota limits nothing else)`;
  }
  return undefined;
}

/** Why the API server refuses `value` as the hard limit of `name` (not a quantity, negative, or not whole), or undefined. */
export function quotaValueProblem(name: string, value: unknown): string | undefined {
  const n = quantityValue(value);
  if (n === undefined || n < 0) {
    return 'a quantity of 0 or more such as "10", "4Gi" or "500m"';
  }
  return isIntegerQuotaName(name) && !Number.isInteger(n) ? `a whole number (the API server counts ${name} in whole units)` : undefined;
}

/** How the caller names the scope fields of a quota in its problems. */
export interface ScopeFieldNames {
  /** The i-th entry of `scopes`. */
  scope(i: number): string;
  /** A part of the i-th requirement of the scope selector: "scopeName", "operator" or "values". */
  selector(i: number, part: 'scopeName' | 'operator' | 'values'): string;
}

/** The parts of a quota that its scope rules concern, in the API shape. */
export interface ScopedQuota {
  /** The names of its hard limits. */
  readonly hardNames: readonly string[];
  readonly scopes?: readonly unknown[];
  readonly selector?: ReadonlyArray<{ readonly scopeName?: unknown; readonly operator?: unknown; readonly values?: unknown }>;
}

const describeNames = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ');

/** What the API server refuses in a quota's scopes and scope selector (validateResourceQuotaScopes and validateScopeSelector). */
export function quotaScopeProblems(quota: ScopedQuota, names: ScopeFieldNames): GovernanceProblem[] {
  const problems: GovernanceProblem[] = [];
  const standard = quota.hardNames.filter((n) => STANDARD_QUOTA_NAMES.has(n) || isHugePages(n));
  const unfit = (scope: string) => standard.filter((n) => (scope === 'BestEffort' ? n !== 'pods' : !POD_COMPUTE_NAMES.has(n)));
  const scopeRule = (scope: string, bad: readonly string[]) => `a scope that applies to every hard limit of the quota: ${scope} `
    + `${scope === 'BestEffort' ? 'can limit only "pods"' : 'can limit only "pods", cpu and memory'}, and the quota also limits ${describeNames(bad)} `
    + '(put those in a quota without scopes)';
  const checkScope = (field: string, scope: unknown) => {
    if (!(QUOTA_SCOPES as readonly unknown[]).includes(scope)) {
      problems.push({ field, value: scope, expected: `one of ${QUOTA_SCOPES.map((s) => `"${s}"`).join(', ')}` });
      return;
    }
    const bad = unfit(scope as string);
    if (bad.length > 0) {
      problems.push({ field, value: scope, expected: scopeRule(scope as string, bad) });
    }
  };
  const named: Array<{ scope: unknown; field: string }> = [];
  (quota.scopes ?? []).forEach((scope, i) => {
    checkScope(names.scope(i), scope);
    named.push({ scope, field: names.scope(i) });
  });
  (quota.selector ?? []).forEach((req, i) => {
    const scope = req?.scopeName;
    checkScope(names.selector(i, 'scopeName'), scope);
    named.push({ scope, field: names.selector(i, 'scopeName') });
    const op = req?.operator;
    const values = req?.values;
    if (!(SCOPE_OPERATORS as readonly unknown[]).includes(op)) {
      problems.push({ field: names.selector(i, 'operator'), value: op, expected: '"In", "NotIn", "Exists" or "DoesNotExist"' });
    } else if (scope !== 'PriorityClass' && op !== 'Exists' && (QUOTA_SCOPES as readonly unknown[]).includes(scope)) {
      problems.push({ field: names.selector(i, 'operator'), value: op, expected: `"Exists" (the only operator for scope ${String(scope)}; only PriorityClass takes values)` });
    } else if ((op === 'In' || op === 'NotIn') && (!Array.isArray(values) || values.length === 0)) {
      problems.push({ field: names.selector(i, 'values'), value: values, expected: `at least one value with operator "${op}"` });
    } else if ((op === 'Exists' || op === 'DoesNotExist') && Array.isArray(values) && values.length > 0) {
      problems.push({ field: names.selector(i, 'values'), value: values, expected: `no values with operator "${op}"` });
    }
  });
  for (const [a, b] of CONFLICTING_SCOPES) {
    const second = named.find((n) => n.scope === b);
    if (named.some((n) => n.scope === a) && second) {
      problems.push({ field: second.field, value: b, expected: `not both ${a} and ${b}: no pod is both, so the quota would apply to nothing` });
    }
  }
  return problems;
}
