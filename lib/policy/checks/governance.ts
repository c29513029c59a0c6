import { LimitItem, LimitPart, containerDefaults, limitItemProblems, limitItemsProblems, limitRangeQuotaConflicts } from '../../core/limit-range-rules';
import { quotaNameProblem, quotaScopeProblems, quotaValueProblem } from '../../core/quota-rules';
import { GovernanceProblem, quantityValue, showQuantity } from '../../core/resource-governance';
import { isObject } from '../../core/validator';
import { defineCheck } from '../define';
import { POD_SECURITY_ENFORCE_LABEL, podSecurityStrictness } from '../namespace-levels';
import { ObjectIndex } from '../object-index';
import { containersOf, describeContainer, isNativeSidecar, listOf, podSpec } from '../pods';
import { PolicyCheck, PolicyTarget } from '../types';

// Namespace governance: ResourceQuotas, LimitRanges and the Pod Security Admission modes of Namespaces. The
// constructs (ResourceQuota, LimitRange, SecureNamespace) refuse all of this at construction; these checks find it
// in YAML keelson did not write (`keelson check DIR`), and across objects that are built apart (a LimitRange and the
// quota of its namespace, the workloads of a namespace and its limits).
//
// Peer tools: kube-score, kube-linter, Polaris and Checkov have no ResourceQuota or LimitRange checks; Trivy's
// KSV039 (limit-range-usage) and KSV040 (resource-quota-usage) only ask that they exist and set values, and the NSA/CISA
// Kubernetes Hardening Guide recommends both per namespace. None checks them against the API server's rules or
// against each other.

/** The built-in kinds whose pods a LimitRange and a ResourceQuota judge (Knative and OpenFaaS add their own containers). */
const POD_KINDS = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob'];

const asMap = (x: unknown): Record<string, any> => (isObject(x) ? x : {});
const render = (p: GovernanceProblem) => `${p.field}: ${p.value === undefined ? 'not set' : `got ${showQuantity(p.value)}`}; expected ${p.expected}`;
const itemsOf = (limitRange: any): LimitItem[] => (Array.isArray(limitRange?.spec?.limits) ? limitRange.spec.limits : [])
  .filter((i: unknown) => i !== null && typeof i === 'object');

/** The requests and limits of a container once the API server has filled in its defaults (a request from the limit, then the LimitRange defaults). */
interface Effective {
  readonly requests: Record<string, unknown>;
  readonly limits: Record<string, unknown>;
  /** Resources whose limit came from a LimitRange default. */
  readonly defaultedLimits: ReadonlySet<string>;
}

/** The Container defaults of the LimitRanges of a namespace, the first one giving a resource winning, as the admission plugin applies them. */
function namespaceDefaults(ranges: readonly PolicyTarget[]): { requests: Record<string, unknown>; limits: Record<string, unknown> } {
  const out = { requests: {} as Record<string, unknown>, limits: {} as Record<string, unknown> };
  for (const range of ranges) {
    for (const item of itemsOf(range.object)) {
      const d = containerDefaults(item);
      out.requests = { ...d.requests, ...out.requests };
      out.limits = { ...d.limits, ...out.limits };
    }
  }
  return out;
}

function effectiveResources(container: any, defaults: { requests: Record<string, unknown>; limits: Record<string, unknown> }): Effective {
  const own = asMap(container?.resources);
  const ownLimits = asMap(own.limits);
  return {
    requests: { ...defaults.requests, ...ownLimits, ...asMap(own.requests) },
    limits: { ...defaults.limits, ...ownLimits },
    defaultedLimits: new Set(Object.keys(defaults.limits).filter((r) => ownLimits[r] === undefined)),
  };
}

/** The containers a LimitRange and a quota judge: app and init containers (native sidecars among them), not ephemeral ones. */
const judgedContainers = (spec: any) => containersOf(spec).filter((r) => r.type !== 'ephemeralContainer');

/** Whether a pod matches a quota's scopes and scope selector, so that the quota counts (and constrains) it. */
function quotaMatchesPod(quota: any, spec: any, bestEffort: boolean): boolean {
  const requirements = [
    ...(Array.isArray(quota?.spec?.scopes) ? quota.spec.scopes : []).map((s: unknown) => ({ scopeName: s, operator: 'Exists' })),
    ...(Array.isArray(quota?.spec?.scopeSelector?.matchExpressions) ? quota.spec.scopeSelector.matchExpressions : []),
  ].filter((r: unknown) => r !== null && typeof r === 'object');
  const className = typeof spec?.priorityClassName === 'string' ? spec.priorityClassName : '';
  const terminating = typeof spec?.activeDeadlineSeconds === 'number' && spec.activeDeadlineSeconds >= 0;
  const affinityTerms = ['podAffinity', 'podAntiAffinity'].flatMap((a) => [
    ...listOf(spec?.affinity?.[a]?.requiredDuringSchedulingIgnoredDuringExecution),
    ...listOf(spec?.affinity?.[a]?.preferredDuringSchedulingIgnoredDuringExecution).map((p: any) => p?.podAffinityTerm),
  ]);
  const crossNamespace = affinityTerms.some((t: any) => listOf(t?.namespaces).length > 0 || t?.namespaceSelector != null);
  return requirements.every((req: any) => {
    const has = (present: boolean) => (req.operator === 'DoesNotExist' ? !present : present);
    switch (req.scopeName) {
      case 'Terminating': return has(terminating);
      case 'NotTerminating': return has(!terminating);
      case 'BestEffort': return has(bestEffort);
      case 'NotBestEffort': return has(!bestEffort);
      case 'CrossNamespacePodAffinity': return has(crossNamespace);
      case 'PriorityClass': {
        const values: unknown[] = Array.isArray(req.values) ? req.values : [];
        switch (req.operator) {
          case 'In': return values.includes(className);
          case 'NotIn': return !values.includes(className);
          case 'DoesNotExist': return className === '';
          default: return className !== '';
        }
      }
      default: return false;
    }
  });
}

/** What the LimitRanges of the namespace refuse about one claim's storage request. */
function claimProblems(what: string, storage: unknown, ranges: readonly PolicyTarget[]): string[] {
  const size = quantityValue(storage);
  return ranges.flatMap((range) => itemsOf(range.object).filter((i) => i?.type === 'PersistentVolumeClaim').flatMap((item) => {
    const out: string[] = [];
    const min = asMap(item.min).storage;
    const max = asMap(item.max).storage;
    if (size === undefined) {
      return [];
    }
    if (quantityValue(min) !== undefined && size < quantityValue(min)!) {
      out.push(`${what} requests ${showQuantity(storage)}, less than the min.storage ${showQuantity(min)} of LimitRange ${range.name}`);
    }
    if (quantityValue(max) !== undefined && size > quantityValue(max)!) {
      out.push(`${what} requests ${showQuantity(storage)}, more than the max.storage ${showQuantity(max)} of LimitRange ${range.name}`);
    }
    return out;
  }));
}

/** What the LimitRanges of the namespace refuse about the containers of one pod spec. */
function podProblems(spec: any, ranges: readonly PolicyTarget[]): string[] {
  const defaults = namespaceDefaults(ranges);
  const containers = judgedContainers(spec).map((ref) => ({ ref, eff: effectiveResources(ref.container, defaults) }));
  const out: string[] = [];
  for (const { ref, eff } of containers) {
    for (const r of eff.defaultedLimits) {
      const req = quantityValue(eff.requests[r]);
      const lim = quantityValue(eff.limits[r]);
      if (req !== undefined && lim !== undefined && req > lim) {
        out.push(`${describeContainer(ref)} requests ${r} ${showQuantity(eff.requests[r])}, more than the default limit ${showQuantity(eff.limits[r])} the LimitRange gives it`);
      }
    }
  }
  for (const range of ranges) {
    for (const item of itemsOf(range.object)) {
      const of = (part: LimitPart, r: string) => `the ${item.type} ${part}.${r} ${showQuantity(asMap(item[part])[r])} of LimitRange ${range.name}`;
      if (item?.type === 'Container') {
        for (const { ref, eff } of containers) {
          const c = describeContainer(ref);
          for (const [r, v] of Object.entries(asMap(item.min))) {
            const least = quantityValue(v);
            const req = quantityValue(eff.requests[r]);
            const lim = quantityValue(eff.limits[r]);
            if (least === undefined) continue;
            if (req === undefined) {
              out.push(`${c} sets no ${r} request, which ${of('min', r)} requires`);
            } else if (req < least) {
              out.push(`${c} requests ${r} ${showQuantity(eff.requests[r])}, less than ${of('min', r)}`);
            }
            if (lim !== undefined && lim < least) {
              out.push(`${c} is limited to ${r} ${showQuantity(eff.limits[r])}, less than ${of('min', r)}`);
            }
          }
          for (const [r, v] of Object.entries(asMap(item.max))) {
            const most = quantityValue(v);
            const req = quantityValue(eff.requests[r]);
            const lim = quantityValue(eff.limits[r]);
            if (most === undefined) continue;
            if (lim !== undefined && lim > most) {
              out.push(`${c} is limited to ${r} ${showQuantity(eff.limits[r])}, more than ${of('max', r)}`);
            }
            if (req !== undefined && req > most) {
              out.push(`${c} requests ${r} ${showQuantity(eff.requests[r])}, more than ${of('max', r)}`);
            }
          }
          for (const [r, v] of Object.entries(asMap(item.maxLimitRequestRatio))) {
            const ratio = quantityValue(v);
            const req = quantityValue(eff.requests[r]);
            const lim = quantityValue(eff.limits[r]);
            if (ratio === undefined) continue;
            if (!req || !lim) {
              out.push(`${c} needs both a ${r} request and a ${r} limit above 0 for ${of('maxLimitRequestRatio', r)}`);
            } else if (lim / req > ratio + 1e-9) {
              out.push(`${c} has a ${r} limit ${Math.round((lim / req) * 1000) / 1000} times its request, more than ${of('maxLimitRequestRatio', r)}`);
            }
          }
        }
      }
      if (item?.type === 'Pod') {
        // The limits of the containers that run side by side (app containers and native sidecars) add up.
        const running = containers.filter(({ ref }) => ref.type === 'container' || isNativeSidecar(ref));
        for (const [r, v] of Object.entries(asMap(item.max))) {
          const most = quantityValue(v);
          const limits = running.map(({ eff }) => quantityValue(eff.limits[r]));
          if (most === undefined || running.length === 0 || limits.some((l) => l === undefined)) continue;
          const total = limits.reduce((a, b) => a! + b!, 0)!;
          if (total > most) {
            out.push(`the pod's containers are limited to ${r} ${round(total, r)} together, more than ${of('max', r)}`);
          }
        }
      }
    }
  }
  return out;
}

const round = (x: number, r: string) => (r === 'cpu' ? `${Math.round(x * 1000)}m` : String(x));

export const GOVERNANCE_CHECKS: PolicyCheck[] = [
  defineCheck({
    id: 'limitrange-valid',
    domain: 'kubernetes',
    kinds: ['LimitRange'],
    description: 'A LimitRange is one the API server accepts (defaults within min and max, a default request at most the default limit, '
      + 'ratios of at least 1 and at most max/min), and containers that take its defaults meet its own ratio and Pod max.',
    remediation: 'Bring the defaults within min and max (a default limit left out is max; a default request left out is the default limit, '
      + 'else min) and the ratios within what min, max and the defaults allow.',
    severity: 'error',
    references: ['Kubernetes API validation (ValidateLimitRange)', 'Trivy KSV039 limit-range-usage (asks only that the values are set)'],
    check: (t) => {
      const named = itemsOf(t.object).map((item, i) => ({
        item,
        name: (part: LimitPart, r: string) => `${item?.type ?? `limits[${i}]`} ${part}.${r}`,
        typeField: `limits[${i}].type`,
      }));
      return [...named.flatMap((n) => limitItemProblems(n.item, n.name)), ...limitItemsProblems(named)].map(render);
    },
  }),
  defineCheck({
    id: 'resourcequota-valid',
    domain: 'kubernetes',
    kinds: ['ResourceQuota'],
    description: 'A ResourceQuota limits resources the API server knows, with quantities it accepts, under scopes that apply to every limit; '
      + 'counts name built-in resources under their own API group.',
    remediation: 'Use the quota resource names of the Kubernetes documentation ("requests.cpu", "count/deployments.apps"...), '
      + 'whole numbers for counts, and put limits a scope does not cover in a quota without scopes.',
    severity: 'error',
    references: ['Kubernetes API validation (ValidateResourceQuota)', 'Trivy KSV040 resource-quota-usage (asks only that the values are set)'],
    check: (t) => {
      const hard = asMap(t.object.spec?.hard);
      const problems: GovernanceProblem[] = [];
      for (const [name, value] of Object.entries(hard)) {
        const nameProblem = quotaNameProblem(name);
        const valueProblem = quotaValueProblem(name, value);
        if (nameProblem !== undefined) problems.push({ field: 'hard key', value: name, expected: nameProblem });
        if (valueProblem !== undefined) problems.push({ field: `hard["${name}"]`, value, expected: valueProblem });
      }
      const selector = t.object.spec?.scopeSelector?.matchExpressions;
      problems.push(...quotaScopeProblems({
        hardNames: Object.keys(hard),
        scopes: Array.isArray(t.object.spec?.scopes) ? t.object.spec.scopes : [],
        selector: Array.isArray(selector) ? selector : [],
      }, { scope: (i) => `scopes[${i}]`, selector: (i, part) => `scopeSelector.matchExpressions[${i}].${part}` }));
      return problems.map(render);
    },
  }),
  defineCheck({
    id: 'limitrange-within-quota',
    domain: 'kubernetes',
    kinds: ['LimitRange'],
    description: 'No default or minimum of a LimitRange is above the total that a ResourceQuota of its namespace allows, so pods and claims that take it fit.',
    remediation: 'Lower the LimitRange default (or min), or raise the quota.',
    severity: 'error',
    references: ['Kubernetes docs: Resource Quotas and Limit Ranges'],
    check: (t, index: ObjectIndex) => index.ofKind('ResourceQuota', t.namespace).flatMap((q) => limitRangeQuotaConflicts(itemsOf(t.object), asMap(q.object.spec?.hard))
      .map((c) => `${c.type} ${c.part}.${c.resource} ${showQuantity(c.value)} is above ${c.quotaName} ${showQuantity(c.quotaValue)} of ResourceQuota ${q.name}: ${c.why}`)),
  }),
  defineCheck({
    id: 'limitrange-pods-fit',
    domain: 'kubernetes',
    kinds: [...POD_KINDS, 'PersistentVolumeClaim'],
    description: 'Pods and claims lie within the LimitRanges of their namespace (Container min, max and ratio, Pod max, claim sizes), '
      + 'their defaults filled in as the API server fills them in; otherwise it refuses them.',
    remediation: 'Set requests and limits (or claim sizes) within the LimitRange, or change the LimitRange.',
    severity: 'error',
    references: ['Kubernetes LimitRanger admission plugin'],
    check: (t, index) => {
      const ranges = index.ofKind('LimitRange', t.namespace);
      if (ranges.length === 0) {
        return [];
      }
      if (t.kind === 'PersistentVolumeClaim') {
        return claimProblems('the claim', t.object.spec?.resources?.requests?.storage, ranges);
      }
      const templates = t.kind === 'StatefulSet' && Array.isArray(t.object.spec?.volumeClaimTemplates) ? t.object.spec.volumeClaimTemplates : [];
      return [
        ...podProblems(podSpec(t.object), ranges),
        ...templates.flatMap((c: any) => claimProblems(`volumeClaimTemplate "${c?.metadata?.name}"`, c?.spec?.resources?.requests?.storage, ranges)),
      ];
    },
  }),
  defineCheck({
    id: 'resourcequota-pod-resources',
    domain: 'kubernetes',
    kinds: POD_KINDS,
    description: 'Where a ResourceQuota limits CPU or memory, every container of the pods it counts sets that request (or limit), or a LimitRange gives it one; '
      + 'the API server refuses the pods otherwise.',
    remediation: 'Set the request and limit on every container, or give defaults in a LimitRange of the namespace.',
    severity: 'error',
    references: ['kube-score: container-resources', 'kube-linter: unset-cpu-requirements, unset-memory-requirements', 'Polaris: cpuRequestsMissing, memoryLimitsMissing', 'CKV_K8S_10-13'],
    check: (t, index) => {
      const quotas = index.ofKind('ResourceQuota', t.namespace);
      const spec = podSpec(t.object);
      if (quotas.length === 0 || !spec) {
        return [];
      }
      const ranges = index.ofKind('LimitRange', t.namespace);
      const defaults = namespaceDefaults(ranges);
      const containers = judgedContainers(spec).map((ref) => ({ ref, eff: effectiveResources(ref.container, defaults) }));
      const bestEffort = containers.every(({ eff }) => Object.keys(eff.requests).length === 0 && Object.keys(eff.limits).length === 0);
      const out: string[] = [];
      for (const q of quotas.filter((quota) => quotaMatchesPod(quota.object, spec, bestEffort))) {
        const hard = asMap(q.object.spec?.hard);
        for (const r of ['cpu', 'memory']) {
          const needs: Array<['request' | 'limit', string]> = [];
          const requestKey = [`requests.${r}`, r].find((k) => hard[k] !== undefined);
          if (requestKey) needs.push(['request', requestKey]);
          if (hard[`limits.${r}`] !== undefined) needs.push(['limit', `limits.${r}`]);
          for (const [what, key] of needs) {
            for (const { ref, eff } of containers) {
              if ((what === 'request' ? eff.requests : eff.limits)[r] === undefined) {
                out.push(`${describeContainer(ref)} sets no ${r} ${what}, which ResourceQuota ${q.name} requires (${key}), `
                  + `and no LimitRange in namespace ${t.namespace} gives a default`);
              }
            }
          }
        }
      }
      return out;
    },
  }),
  defineCheck({
    id: 'namespace-pod-security-modes',
    domain: 'kubernetes',
    kinds: ['Namespace'],
    description: 'The audit and warn Pod Security levels of a Namespace are at least as strict as the level it enforces.',
    remediation: 'Raise pod-security.kubernetes.io/audit and /warn to the enforce level or stricter (e.g. enforce baseline, warn and audit restricted).',
    severity: 'warning',
    references: ['Kubernetes docs: Enforce Pod Security Standards with Namespace Labels'],
    check: (t) => {
      const labels = asMap(t.object.metadata?.labels);
      const enforce = labels[POD_SECURITY_ENFORCE_LABEL];
      if (podSecurityStrictness(enforce) < 0) {
        return [];
      }
      return ['audit', 'warn'].filter((mode) => {
        const level = labels[`pod-security.kubernetes.io/${mode}`];
        return podSecurityStrictness(level) >= 0 && podSecurityStrictness(level) < podSecurityStrictness(enforce);
      }).map((mode) => `${mode} is "${labels[`pod-security.kubernetes.io/${mode}`]}", weaker than enforce "${enforce}": `
        + (mode === 'warn' ? 'a workload whose pods enforce refuses is applied without a warning' : 'a workload whose pods enforce refuses leaves no mark in the audit log'));
    },
  }),
];
