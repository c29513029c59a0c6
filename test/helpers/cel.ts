import { isCelError, parse, plan, celEnv } from '@bufbuild/cel';
import { Manifest } from '../../lib/output/manifest';

// Evaluates a synthesized ValidatingAdmissionPolicy (and its binding) against an object the way the API server
// does: match the request (resource rules, namespace selectors, match conditions), then evaluate the variables
// in order and every validation, with real CEL.

/** A request as the admission chain sees it. */
export interface AdmissionRequest {
  /** The object being admitted. */
  readonly object: any;
  /** The object before an UPDATE. */
  readonly oldObject?: any;
  /** @default "CREATE" */
  readonly operation?: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  /** The resource requested; @default derived from the object's apiVersion and kind ("pods" for a Pod) */
  readonly resource?: { readonly group: string; readonly version: string; readonly resource: string; readonly subResource?: string };
  /** Labels of the object's namespace (kubernetes.io/metadata.name is added). @default none */
  readonly namespaceLabels?: Record<string, string>;
}

/** What the API server would do. */
export interface AdmissionOutcome {
  /** Whether the policy applies to the request at all (rules, namespace, match conditions). */
  readonly matched: boolean;
  /** Whether the request is admitted. */
  readonly allowed: boolean;
  /** Messages of the validations that evaluated to false. */
  readonly denied: string[];
  /** Validations (or variables, match conditions) that could not be evaluated, as "<what>: <error>". */
  readonly errors: string[];
}

/** Converts JSON to CEL values: integers become int (bigint), objects become maps. */
export function toCel(value: any): any {
  if (Array.isArray(value)) {
    return value.map(toCel);
  }
  if (value !== null && typeof value === 'object') {
    return new Map(Object.entries(value).map(([k, x]) => [k, toCel(x)]));
  }
  return Number.isInteger(value) ? BigInt(value) : value;
}

const env = celEnv();

/** Evaluates one expression; a CEL error is returned as an Error. */
function evaluate(expression: string, bindings: Record<string, unknown>): unknown {
  try {
    const result = plan(env, parse(expression))(bindings as any);
    return isCelError(result) ? new Error(result.message) : result;
  } catch (err) {
    return err as Error;
  }
}

const PLURALS: Record<string, string> = { Pod: 'pods', Deployment: 'deployments', ConfigMap: 'configmaps', Service: 'services', Secret: 'secrets' };

function resourceOf(req: AdmissionRequest) {
  if (req.resource) {
    return req.resource;
  }
  const [group, version] = String(req.object.apiVersion ?? 'v1').includes('/') ? req.object.apiVersion.split('/') : ['', req.object.apiVersion ?? 'v1'];
  return { group, version, resource: PLURALS[req.object.kind] ?? `${String(req.object.kind).toLowerCase()}s`, subResource: undefined };
}

const listMatches = (list: string[] | undefined, value: string) => (list ?? []).some((x) => x === '*' || x === value);

function resourceMatches(list: string[] | undefined, resource: string, subResource: string | undefined): boolean {
  const full = subResource ? `${resource}/${subResource}` : resource;
  return (list ?? []).some((r) => r === full || r === '*/*' || (r === '*' && !subResource) || (subResource && r === `${resource}/*`) || (subResource && r === `*/${subResource}`));
}

/** A label selector (matchLabels and matchExpressions) against labels; an absent selector matches everything. */
export function selectorMatches(selector: any, labels: Record<string, string>): boolean {
  if (!selector) {
    return true;
  }
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpression = (selector.matchExpressions ?? []).every((e: any) => {
    switch (e.operator) {
      case 'In': return e.key in labels && e.values.includes(labels[e.key]);
      case 'NotIn': return !(e.key in labels) || !e.values.includes(labels[e.key]);
      case 'Exists': return e.key in labels;
      case 'DoesNotExist': return !(e.key in labels);
      default: throw new Error(`unknown selector operator ${e.operator}`);
    }
  });
  return byLabel && byExpression;
}

/** Evaluates `policy` (bound by `binding`) for a request. */
export function admit(policy: any, binding: any, req: AdmissionRequest): AdmissionOutcome {
  expect(policy.kind).toBe('ValidatingAdmissionPolicy');
  expect(binding.kind).toBe('ValidatingAdmissionPolicyBinding');
  expect(binding.spec.policyName).toBe(policy.metadata.name);
  const spec = policy.spec;
  const operation = req.operation ?? 'CREATE';
  const res = resourceOf(req);
  const namespace = req.object.metadata?.namespace ?? 'default';
  const nsLabels = { ...req.namespaceLabels, 'kubernetes.io/metadata.name': namespace };
  const notMatched: AdmissionOutcome = { matched: false, allowed: true, denied: [], errors: [] };

  const ruleMatches = (spec.matchConstraints?.resourceRules ?? []).some((r: any) => listMatches(r.apiGroups, res.group)
    && listMatches(r.apiVersions, res.version) && listMatches(r.operations, operation) && resourceMatches(r.resources, res.resource, res.subResource));
  if (!ruleMatches
    || !selectorMatches(spec.matchConstraints?.namespaceSelector, nsLabels)
    || !selectorMatches(binding.spec.matchResources?.namespaceSelector, nsLabels)
    || !selectorMatches(spec.matchConstraints?.objectSelector, req.object.metadata?.labels ?? {})) {
    return notMatched;
  }

  const bindings: Record<string, unknown> = {
    object: toCel(req.object),
    oldObject: req.oldObject === undefined ? null : toCel(req.oldObject),
    request: toCel({ operation, namespace, name: req.object.metadata?.name ?? '', kind: { group: res.group, version: res.version, kind: req.object.kind },
      resource: { group: res.group, version: res.version, resource: res.resource }, subResource: res.subResource ?? '' }),
    namespaceObject: toCel({ metadata: { name: namespace, labels: nsLabels } }),
  };
  const failClosed = (spec.failurePolicy ?? 'Fail') === 'Fail';
  const errors: string[] = [];

  // Match conditions: any false skips the policy; an error counts as a failure of the policy.
  for (const c of spec.matchConditions ?? []) {
    const r = evaluate(c.expression, bindings);
    if (r instanceof Error || typeof r !== 'boolean') {
      errors.push(`matchConditions ${c.name}: ${r instanceof Error ? r.message : `not a bool: ${String(r)}`}`);
    } else if (!r) {
      return notMatched;
    }
  }
  if (errors.length > 0) {
    return { matched: true, allowed: !failClosed, denied: [], errors };
  }

  // Variables, in order; each may use the earlier ones. A failed variable fails the validations that use it.
  const variables = new Map<string, unknown>();
  const failedVariables = new Map<string, string>();
  for (const x of spec.variables ?? []) {
    const r = evaluate(x.expression, { ...bindings, variables });
    if (r instanceof Error) {
      failedVariables.set(x.name, r.message);
    } else {
      variables.set(x.name, r);
    }
  }

  const denied: string[] = [];
  (spec.validations ?? []).forEach((x: any, i: number) => {
    const usedFailure = [...failedVariables].find(([name]) => new RegExp(`\\bvariables\\.${name}\\b`).test(x.expression));
    const r = usedFailure ? new Error(`variables.${usedFailure[0]}: ${usedFailure[1]}`) : evaluate(x.expression, { ...bindings, variables });
    if (r instanceof Error || typeof r !== 'boolean') {
      errors.push(`validations[${i}]: ${r instanceof Error ? r.message : `not a bool: ${String(r)}`}`);
    } else if (!r) {
      denied.push(x.message);
    }
  });
  const enforced = (binding.spec.validationActions ?? []).includes('Deny');
  const allowed = !enforced || (denied.length === 0 && (errors.length === 0 || !failClosed));
  return { matched: true, allowed, denied, errors };
}

/** Evaluates the policy named `name` in `manifests`, with its one binding. */
export function admitBy(manifests: readonly Manifest[], name: string, req: AdmissionRequest): AdmissionOutcome {
  const policies = manifests.filter((m) => m.kind === 'ValidatingAdmissionPolicy' && m.metadata.name === name);
  const bindings = manifests.filter((m) => m.kind === 'ValidatingAdmissionPolicyBinding' && (m as any).spec.policyName === name);
  expect([policies.length, bindings.length]).toEqual([1, 1]);
  return admit(policies[0], bindings[0], req);
}
