import { k8s } from '../core/k8s';
import { builtinGroupOf, resourceGroupProblem } from '../core/api-resources';
import { LABEL_KEY, LABEL_VALUE } from '../core/formats';
import { PropsValidator, isObject } from '../core/validator';
import { checkStringMap } from './checks';

/** An API operation that can be sent to an admission webhook; "*" means all of them. */
export type WebhookOperation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT' | '*';

/** Which objects a rule covers: namespaced ones, cluster-scoped ones, or both ("*"). */
export type WebhookScope = 'Namespaced' | 'Cluster' | '*';

/** Which requests an admission webhook receives: operations on resources of API groups and versions. */
export interface WebhookRule {
  /** Operations that call the webhook, e.g. ["CREATE"]; "*" (alone) means every operation. */
  readonly operations: WebhookOperation[];
  /**
   * API groups of the resources: "" is the core group (pods, configmaps), "apps" holds deployments, "*" (alone)
   * means every group. Each built-in resource must be served by one of the rule's groups.
   */
  readonly apiGroups: string[];
  /** API versions, e.g. ["v1"]; "*" (alone) means every version. */
  readonly apiVersions: string[];
  /** Resources (plural, lowercase), optionally with a subresource: "pods", "pods/status", "*" or "*\/*". */
  readonly resources: string[];
  /**
   * Namespaced objects, cluster-scoped objects, or both. Cluster-scoped objects escape the namespace selector that
   * keeps the webhook off system namespaces, so they are left out unless asked for.
   * @default "Namespaced"
   */
  readonly scope?: WebhookScope;
}

/** One requirement of a label selector. */
export interface SelectorRequirement {
  /** Label key. */
  readonly key: string;
  /** How the label is compared with `values`. */
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  /**
   * Values; at least one for In and NotIn, none for Exists and DoesNotExist.
   * @default none
   */
  readonly values?: string[];
}

/** A label selector: every label and every requirement must match. */
export interface WebhookSelector {
  /**
   * Labels the object must carry with exactly these values.
   * @default none
   */
  readonly matchLabels?: Record<string, string>;
  /**
   * Set-based requirements.
   * @default none
   */
  readonly matchExpressions?: SelectorRequirement[];
}

const RULE_PROPS: readonly string[] = ['operations', 'apiGroups', 'apiVersions', 'resources', 'scope'];
const SELECTOR_PROPS: readonly string[] = ['matchLabels', 'matchExpressions'];
const OPERATIONS: readonly string[] = ['CREATE', 'UPDATE', 'DELETE', 'CONNECT', '*'];
const SCOPES: readonly string[] = ['Namespaced', 'Cluster', '*'];
const OPERATORS: readonly string[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];
const GROUP_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const VERSION_RE = /^v\d+((alpha|beta)\d+)?$/;
const RESOURCE_PART = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const RESOURCE_RE = new RegExp(`^(\\*|${RESOURCE_PART})(/(\\*|${RESOURCE_PART}))?$`);

/** Checks a list that must not be empty, has no duplicates, and in which a wildcard ("*", or one of `wildcards`) stands alone. */
function checkList(v: PropsValidator, field: string, list: readonly string[] | undefined, what: string, wildcards: readonly string[] = ['*']): boolean {
  if (!v.check(Array.isArray(list) && list.length > 0, field, list, `at least one ${what}`)) {
    return false;
  }
  const wild = list!.find((x) => wildcards.includes(x));
  v.check(wild === undefined || list!.length === 1, field, list, `"${wild}" alone, or a list of ${what}s without it ("${wild}" already covers them)`);
  v.unique(field, list!, (x) => (typeof x === 'string' ? x : `\u0000${String(x)}`), `a ${what}`);
  return true;
}

/**
 * Checks one webhook rule under `field` (e.g. "webhooks[0].rules[1]"): known operations, well-formed groups,
 * versions and resources, "*" only alone, and every built-in resource listed with a group that serves it (the
 * book lists `deployments` under the core group "" only, where it never matches).
 */
export function validateWebhookRule(v: PropsValidator, field: string, rule: WebhookRule): void {
  if (!v.knownProps(field, rule, RULE_PROPS) || !v.check(isObject(rule), field, rule, 'a rule: { operations, apiGroups, apiVersions, resources, scope? }')) {
    return;
  }
  if (checkList(v, `${field}.operations`, rule.operations, 'operation')) {
    rule.operations.forEach((op, i) => v.check(OPERATIONS.includes(op), `${field}.operations[${i}]`, op, '"CREATE", "UPDATE", "DELETE", "CONNECT" or "*"'));
  }
  const groupsOk = checkList(v, `${field}.apiGroups`, rule.apiGroups, 'API group');
  if (groupsOk) {
    rule.apiGroups.forEach((g, i) => v.check(typeof g === 'string' && (g === '' || g === '*' || (g.length <= 253 && GROUP_RE.test(g))),
      `${field}.apiGroups[${i}]`, g, '"" (the core group), "*" or an API group such as "apps" or "networking.k8s.io"'));
  }
  if (checkList(v, `${field}.apiVersions`, rule.apiVersions, 'API version')) {
    rule.apiVersions.forEach((ver, i) => v.check(ver === '*' || (typeof ver === 'string' && VERSION_RE.test(ver)),
      `${field}.apiVersions[${i}]`, ver, '"*" or a version such as "v1" or "v1beta1"'));
  }
  if (checkList(v, `${field}.resources`, rule.resources, 'resource', ['*', '*/*'])) {
    rule.resources.forEach((r, i) => {
      if (!v.check(typeof r === 'string' && RESOURCE_RE.test(r), `${field}.resources[${i}]`, r,
        'a lowercase plural resource such as "pods", optionally with a subresource ("pods/status"), or "*" or "*/*"')) {
        return;
      }
      if (!groupsOk || r.split('/')[0] === '*') {
        return;
      }
      // The API server matches every group with every resource: a resource is wrong only if no group of the rule serves it.
      const problems = rule.apiGroups.map((g) => resourceGroupProblem(g, r));
      if (problems.some((p) => p === undefined)) {
        return;
      }
      const home = builtinGroupOf(r);
      const hint = home === undefined ? '' : `; list it in a rule with apiGroups [${JSON.stringify(home)}]`;
      v.fail(`${field}.resources[${i}]`, r, `a resource of the rule's API groups (${problems.join('; ')}${hint})`);
    });
  }
  v.check(rule.scope === undefined || SCOPES.includes(rule.scope), `${field}.scope`, rule.scope, '"Namespaced", "Cluster" or "*"');
}

/** Renders a validated rule. */
export function renderWebhookRule(rule: WebhookRule): k8s.RuleWithOperations {
  return {
    operations: [...rule.operations],
    apiGroups: [...rule.apiGroups],
    apiVersions: [...rule.apiVersions],
    resources: [...rule.resources],
    scope: rule.scope ?? 'Namespaced',
  };
}

/** Checks a label selector under `field`. */
export function validateSelector(v: PropsValidator, field: string, selector: WebhookSelector | undefined): void {
  if (selector === undefined || !v.knownProps(field, selector, SELECTOR_PROPS)
    || !v.check(isObject(selector), field, selector, 'a label selector: { matchLabels?, matchExpressions? }')) {
    return;
  }
  checkStringMap(v, `${field}.matchLabels`, selector.matchLabels, LABEL_KEY, LABEL_VALUE);
  const expressions = selector.matchExpressions;
  if (expressions !== undefined && !v.check(Array.isArray(expressions), `${field}.matchExpressions`, expressions, 'a list of { key, operator, values? }')) {
    return;
  }
  (expressions ?? []).forEach((e, i) => {
    const f = `${field}.matchExpressions[${i}]`;
    if (!v.knownProps(f, e, ['key', 'operator', 'values']) || !v.check(isObject(e), f, e, '{ key, operator, values? }')) {
      return;
    }
    v.format(`${f}.key`, e.key, LABEL_KEY, true);
    if (!v.check(OPERATORS.includes(e.operator), `${f}.operator`, e.operator, '"In", "NotIn", "Exists" or "DoesNotExist"')) {
      return;
    }
    const needsValues = e.operator === 'In' || e.operator === 'NotIn';
    const values = e.values === undefined ? [] : e.values;
    if (!v.check(Array.isArray(values), `${f}.values`, values, 'a list of label values')) {
      return;
    }
    v.check(needsValues ? values.length > 0 : values.length === 0, `${f}.values`, e.values,
      needsValues ? `at least one value for operator ${e.operator}` : `no values for operator ${e.operator}`);
    values.forEach((val, j) => v.format(`${f}.values[${j}]`, val, LABEL_VALUE, true));
  });
}

/** Renders a validated selector, or undefined when it is empty. */
export function renderSelector(selector: WebhookSelector | undefined): k8s.LabelSelector | undefined {
  const labels = selector?.matchLabels && Object.keys(selector.matchLabels).length > 0 ? { ...selector.matchLabels } : undefined;
  const expressions = selector?.matchExpressions?.map((e) => ({ key: e.key, operator: e.operator, values: e.values ? [...e.values] : undefined }));
  return labels || expressions?.length ? { matchLabels: labels, matchExpressions: expressions?.length ? expressions : undefined } : undefined;
}
