import { k8s } from '../core/k8s';
import { resourceGroupProblem } from '../core/api-resources';
import { PropsValidator, isObject } from '../core/validator';

/** The verbs RBAC knows, plus "*" (every verb), which needs an explicit reason. */
export type AccessVerb =
  | 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection'
  | 'use' | 'bind' | 'escalate' | 'impersonate' | 'approve' | 'sign' | '*';

/** Verbs that only read: get, list, watch. */
export const READ_VERBS: readonly AccessVerb[] = ['get', 'list', 'watch'];

/** Verbs that change objects one at a time: create, update, patch, delete. */
export const WRITE_VERBS: readonly AccessVerb[] = ['create', 'update', 'patch', 'delete'];

const ALL_VERBS: readonly string[] = [...READ_VERBS, ...WRITE_VERBS, 'deletecollection', 'use', 'bind', 'escalate', 'impersonate', 'approve', 'sign', '*'];

/** Verbs whose requests carry no object name, so `resourceNames` can never match them. */
const UNNAMED_VERBS = ['create', 'deletecollection'];

/**
 * One permission of a role: these verbs on these resources of one API group. Built-in resources are checked
 * against their group, so `deployments` under the core group "" (which matches nothing) is an error.
 */
export interface AccessRule {
  /** API group of the resources: "" for the core group (pods, services...), "apps", "batch", or a CRD's group. */
  readonly apiGroup: string;
  /** Resources, plural and lower-case, optionally with a subresource ("pods/log"). */
  readonly resources: string[];
  /** Verbs allowed on them. */
  readonly verbs: AccessVerb[];
  /**
   * Restricts the rule to objects with these names (not possible for create and deletecollection).
   * @default every object
   */
  readonly resourceNames?: string[];
  /**
   * Allows "*" in apiGroup, resources or verbs; the reason is recorded on the role as a policy suppression.
   * @default wildcards are refused
   */
  readonly wildcard?: { readonly reason: string };
}

/** Read-only access (get, list, watch) to resources of one API group. */
export function readAccess(apiGroup: string, resources: string[]): AccessRule {
  return { apiGroup, resources, verbs: [...READ_VERBS] };
}

/** Read and write access (get, list, watch, create, update, patch, delete) to resources of one API group. */
export function manageAccess(apiGroup: string, resources: string[]): AccessRule {
  return { apiGroup, resources, verbs: [...READ_VERBS, ...WRITE_VERBS] };
}

const RULE_PROPS: readonly string[] = ['apiGroup', 'resources', 'verbs', 'resourceNames', 'wildcard'];
const RESOURCE = /^(\*|[a-z][a-z0-9.-]*)(\/(\*|[a-z][a-z0-9-]*))?$/;
const GROUP = /^(|\*|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)$/;

/**
 * Checks one rule; `field` is its place in the props, e.g. "rules[0]". Verbs, groups, resources and names are
 * checked as the API server would use them: a built-in resource under another group, a resource that is not a
 * lowercase plural, a verb RBAC does not know or a name with "/" matches nothing. @internal
 */
export function validateAccessRule(v: PropsValidator, field: string, rule: AccessRule): void {
  if (!v.knownProps(field, rule, RULE_PROPS) || !v.check(isObject(rule), field, rule, 'a rule: { apiGroup, resources, verbs, resourceNames? }')) {
    return;
  }
  const resources: unknown[] = Array.isArray(rule.resources) ? rule.resources : [];
  const verbs: unknown[] = Array.isArray(rule.verbs) ? rule.verbs : [];
  const wildcards = rule.apiGroup === '*' || resources.includes('*') || verbs.includes('*');
  if (rule.wildcard !== undefined && v.check(isObject(rule.wildcard), `${field}.wildcard`, rule.wildcard, 'a reason, given as { reason: "..." }')
    && v.knownProps(`${field}.wildcard`, rule.wildcard, ['reason'])) {
    v.check(typeof rule.wildcard.reason === 'string' && rule.wildcard.reason.trim().length > 0, `${field}.wildcard.reason`, rule.wildcard.reason,
      'a non-empty reason why the rule needs "*"');
  }
  v.check(typeof rule.apiGroup === 'string' && rule.apiGroup.length <= 253 && GROUP.test(rule.apiGroup), `${field}.apiGroup`, rule.apiGroup,
    'an API group: "" (core), "apps", "batch", "networking.k8s.io", a CRD group...');
  v.check(Array.isArray(rule.resources) && resources.length > 0, `${field}.resources`, rule.resources, 'at least one resource');
  v.check(Array.isArray(rule.verbs) && verbs.length > 0, `${field}.verbs`, rule.verbs, 'at least one verb');
  resources.forEach((r, i) => {
    if (v.check(typeof r === 'string' && r.length <= 253 && RESOURCE.test(r), `${field}.resources[${i}]`, r,
      'a plural lower-case resource such as "pods" or "pods/log"') && typeof rule.apiGroup === 'string') {
      const problem = resourceGroupProblem(rule.apiGroup, r as string);
      v.check(problem === undefined, `${field}.resources[${i}]`, r, `a resource of API group "${rule.apiGroup}" (${problem})`);
    }
  });
  v.unique(`${field}.resources`, resources, (r) => String(r), 'a resource');
  verbs.forEach((verb, i) => v.check(typeof verb === 'string' && ALL_VERBS.includes(verb), `${field}.verbs[${i}]`, verb, `one of ${ALL_VERBS.join(', ')}`));
  v.unique(`${field}.verbs`, verbs, (x) => String(x), 'a verb');
  if (wildcards && rule.wildcard === undefined) {
    const where = verbs.includes('*') ? 'verbs' : resources.includes('*') ? 'resources' : 'apiGroup';
    v.fail(`${field}.${where}`, where === 'apiGroup' ? rule.apiGroup : rule[where], 'explicit names, or "*" with `wildcard: { reason }`');
  }
  if (rule.resourceNames !== undefined) {
    if (!v.check(Array.isArray(rule.resourceNames) && rule.resourceNames.length > 0, `${field}.resourceNames`, rule.resourceNames,
      'a list of at least one object name, or no resourceNames at all')) {
      return;
    }
    // The API server refuses names it cannot put in a URL path segment: with "/" or "%", or "." and "..".
    rule.resourceNames.forEach((n, i) => v.check(typeof n === 'string' && n.length > 0 && n.length <= 253 && /^[^/%]+$/.test(n) && n !== '.' && n !== '..'
      && n.trim() === n, `${field}.resourceNames[${i}]`, n, 'an object name (no "/", "%", spaces at either end, "." or "..")'));
    v.unique(`${field}.resourceNames`, rule.resourceNames, (n) => String(n), 'a name');
    // Requests that create objects or delete a collection carry no object name, so RBAC never matches them by name.
    const unnamed = verbs.filter((verb) => UNNAMED_VERBS.includes(verb as string));
    v.check(unnamed.length === 0, `${field}.verbs`, unnamed, 'no create or deletecollection with resourceNames (those requests carry no name, so the rule would never match)');
  }
}

/** The Kubernetes form of a rule. @internal */
export function renderAccessRule(rule: AccessRule): k8s.PolicyRule {
  return {
    apiGroups: [rule.apiGroup],
    resources: [...rule.resources],
    verbs: [...rule.verbs],
    resourceNames: rule.resourceNames ? [...rule.resourceNames] : undefined,
  };
}
