import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ADMISSION_POLICY_REASON_ANNOTATION } from '../core/annotations';
import { celExpressionProblem } from '../core/cel';
import { ANNOTATION_KEY, Format, LABEL_KEY, LABEL_VALUE } from '../core/formats';
import { MAX_OBJECT_BYTES } from '../core/limits';
import { Resource, RESOURCE_ID, propNames } from '../core/resource';
import { checkUnique, isObject, requireProps } from '../core/validator';
import { QUALIFIED_NAME, checkStringMap } from './checks';
import { WebhookOperation, validateWebhookRule } from './webhook-rule';

/** What the API server does with a request whose validation fails. */
export type ValidationAction = 'Deny' | 'Warn' | 'Audit';

/** The HTTP status reason of a denial. */
export type ValidationReason = 'Unauthorized' | 'Forbidden' | 'Invalid' | 'RequestEntityTooLarge';

/** The requests a policy intercepts: every combination of the listed groups, versions, resources and operations. */
export interface PolicyMatchRule {
  /** API groups of the resources, `""` for the core group, e.g. `[""]` or `["apps"]`. */
  readonly apiGroups: string[];
  /**
   * API versions, e.g. `["v1"]`.
   * @default ["*"]
   */
  readonly apiVersions?: string[];
  /** Resources, lowercase plural, optionally with a subresource: `["pods", "pods/ephemeralcontainers"]`. */
  readonly resources: string[];
  /** Operations intercepted. */
  readonly operations: WebhookOperation[];
}

/** A named CEL expression, evaluated once per request and readable as `variables.<name>`. */
export interface PolicyVariable {
  /** A CEL identifier, unique in the policy. */
  readonly name: string;
  /** The CEL expression; may use `object`, `oldObject`, `request`, `namespaceObject` and earlier variables. */
  readonly expression: string;
}

/** A CEL precondition: the policy only validates requests for which every condition is true. */
export interface PolicyMatchCondition {
  /** A qualified name (like a label key), unique in the policy. */
  readonly name: string;
  /** A CEL expression that evaluates to a bool. */
  readonly expression: string;
}

/** One rule: a CEL expression that must be true for the request to pass. */
export interface PolicyValidation {
  /** A CEL expression that evaluates to a bool. */
  readonly expression: string;
  /** What the user is told when the expression is false; one line. */
  readonly message: string;
  /**
   * HTTP status reason of the denial.
   * @default "Invalid" (the API server's default)
   */
  readonly reason?: ValidationReason;
}

/** Props of a {@link ValidatingPolicy}. */
export interface ValidatingPolicyProps {
  /**
   * Name of the ValidatingAdmissionPolicy and of its binding.
   * @default the construct id
   */
  readonly name?: string;
  /** The requests the policy applies to; at least one rule. */
  readonly matchRules: PolicyMatchRule[];
  /**
   * CEL preconditions that narrow the matched requests further.
   * @default none
   */
  readonly matchConditions?: PolicyMatchCondition[];
  /**
   * Variables shared by the validations.
   * @default none
   */
  readonly variables?: PolicyVariable[];
  /** The rules; at least one. */
  readonly validations: PolicyValidation[];
  /**
   * What happens when an expression cannot be evaluated (or the policy is misconfigured). "Ignore" needs `reason`.
   * @default "Fail"
   */
  readonly failurePolicy?: 'Fail' | 'Ignore';
  /**
   * What the binding does with a failed validation. Without "Deny" (a dry run with Warn and/or Audit), `reason` is needed.
   * @default ["Deny"]
   */
  readonly validationActions?: ValidationAction[];
  /**
   * Labels of the namespaces the binding applies the policy in.
   * @default every namespace
   */
  readonly namespaceSelector?: Record<string, string>;
  /**
   * Why the policy may let failing requests through (failurePolicy "Ignore", or no "Deny"); recorded on the policy.
   * @default none
   */
  readonly reason?: string;
  /**
   * Annotations of the ValidatingAdmissionPolicy, e.g. a decision recorded by the construct that builds it.
   * @default none
   */
  readonly annotations?: Record<string, string>;
}

const PROPS = propNames<ValidatingPolicyProps>()({
  name: true, matchRules: true, matchConditions: true, variables: true, validations: true, failurePolicy: true, validationActions: true,
  namespaceSelector: true, reason: true, annotations: true,
});
const RULE_PROPS = propNames<PolicyMatchRule>()({ apiGroups: true, apiVersions: true, resources: true, operations: true });
const CONDITION_PROPS = propNames<PolicyMatchCondition>()({ name: true, expression: true });
const VARIABLE_PROPS = propNames<PolicyVariable>()({ name: true, expression: true });
const VALIDATION_PROPS = propNames<PolicyValidation>()({ expression: true, message: true, reason: true });

/** The API server refuses a policy (or webhook) with more match conditions than this. */
export const MAX_MATCH_CONDITIONS = 64;

const ACTIONS: readonly string[] = ['Deny', 'Warn', 'Audit'];
const REASONS: readonly string[] = ['Unauthorized', 'Forbidden', 'Invalid', 'RequestEntityTooLarge'];

const CEL_IDENTIFIER: Format = {
  test: (v) => typeof v === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(v),
  description: 'a CEL identifier: letters, digits and "_", not starting with a digit',
};

/** The `variables.<name>` references of an expression, outside string literals. */
export function referencedVariables(expression: string): string[] {
  const code = expression.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
  return [...new Set([...code.matchAll(/\bvariables\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]))];
}

/**
 * A Kubernetes `ValidatingAdmissionPolicy` and its `ValidatingAdmissionPolicyBinding` (admissionregistration.k8s.io/v1,
 * GA in 1.30): CEL rules the API server itself evaluates on every matching request, with no webhook to run. Every
 * expression is parsed when the construct is created, so a typo fails the synth instead of the first request; each
 * resource is checked against its API group, since a resource under the wrong group silently matches nothing.
 *
 * Secure by default: failures deny (failurePolicy "Fail", action "Deny"); a dry run or a fail-open policy needs a reason.
 *
 * Its main object (child `Resource`) is the ValidatingAdmissionPolicy; the binding is the child `binding`.
 */
export class ValidatingPolicy extends Resource {
  public constructor(scope: Construct, id: string, props: ValidatingPolicyProps) {
    super(scope, id, props, { props: PROPS });
    const v = this.validator;
    requireProps(v, props);
    const failurePolicy = props.failurePolicy ?? 'Fail';
    const actions = props.validationActions ?? ['Deny'];

    const list = <T>(field: string, value: T[] | undefined, what: string, required: boolean): T[] => {
      if (value === undefined && !required) {
        return [];
      }
      return v.check(Array.isArray(value) && (!required || value.length > 0), field, value, required ? `a list of at least one ${what}` : `a list of ${what}s`)
        ? value! : [];
    };
    const matchRules = list('matchRules', props.matchRules, 'rule', true);
    // The same checks as a webhook's rules, the API group of each resource included.
    matchRules.forEach((r, i) => {
      if (v.knownProps(`matchRules[${i}]`, r, RULE_PROPS) && v.check(isObject(r), `matchRules[${i}]`, r, '{ apiGroups, resources, operations }')) {
        validateWebhookRule(v, `matchRules[${i}]`, { ...r, apiVersions: r.apiVersions ?? ['*'] });
      }
    });

    let textBytes = 0;
    // A policy over etcd's limit is refused below whatever its expressions say: parsing megabytes of CEL first would
    // only make the refusal slow.
    const lists: unknown[] = [props.validations, props.variables, props.matchConditions];
    const oversized = lists.flatMap((l) => (Array.isArray(l) ? l : [])).map((x) => (x as { expression?: unknown } | null)?.expression)
      .reduce((n: number, e) => n + (typeof e === 'string' ? e.length : 0), 0) > MAX_OBJECT_BYTES;
    const expression = (field: string, text: unknown): boolean => {
      if (!v.check(typeof text === 'string' && text.trim().length > 0, field, text, 'a CEL expression')) {
        return false;
      }
      textBytes += Buffer.byteLength(text as string, 'utf8');
      if (oversized) {
        return true;
      }
      const problem = celExpressionProblem(text);
      return v.check(problem === undefined, field, text, `a valid CEL expression the API server accepts; ${problem}`);
    };
    const declared = new Set<string>();
    const knownVariables = (field: string, text: string, allowed: ReadonlySet<string>) => {
      const missing = referencedVariables(text).filter((n) => !allowed.has(n));
      v.check(missing.length === 0, field, text, `an expression that uses only declared variables (${allowed.size > 0 ? [...allowed].join(', ') : 'none'}); `
        + `${missing.map((n) => `variables.${n}`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} not declared${field.startsWith('variables') ? ' before it' : ''}`);
    };
    const entry = (field: string, x: unknown, known: readonly string[], shape: string): boolean =>
      v.knownProps(field, x, known) && v.check(isObject(x), field, x, shape);
    list('variables', props.variables, 'variable', false).forEach((x, i) => {
      if (!entry(`variables[${i}]`, x, VARIABLE_PROPS, '{ name, expression }')) {
        return;
      }
      v.format(`variables[${i}].name`, x.name, CEL_IDENTIFIER, true);
      v.check(!declared.has(x.name), `variables[${i}].name`, x.name, 'a variable name that is not already used');
      if (expression(`variables[${i}].expression`, x.expression)) {
        // A variable may use the variables declared before it.
        knownVariables(`variables[${i}].expression`, x.expression, new Set(declared));
      }
      declared.add(x.name);
    });
    const conditions = list('matchConditions', props.matchConditions, 'match condition', false);
    // The API server refuses more than 64 match conditions, and names that are not qualified names (as label keys).
    v.check(conditions.length <= MAX_MATCH_CONDITIONS, 'matchConditions', conditions.length, `at most ${MAX_MATCH_CONDITIONS} match conditions (the API server refuses more)`);
    conditions.forEach((c, i) => {
      if (!entry(`matchConditions[${i}]`, c, CONDITION_PROPS, '{ name, expression }')) {
        return;
      }
      v.format(`matchConditions[${i}].name`, c.name, QUALIFIED_NAME, true);
      if (expression(`matchConditions[${i}].expression`, c.expression)) {
        // Match conditions are evaluated before the variables exist.
        knownVariables(`matchConditions[${i}].expression`, c.expression, new Set());
      }
    });
    checkUnique(v, 'matchConditions', conditions, (c) => (isObject(c) && typeof c.name === 'string' ? c.name : undefined), 'a match condition name');
    list('validations', props.validations, 'validation', true).forEach((x, i) => {
      if (!entry(`validations[${i}]`, x, VALIDATION_PROPS, '{ expression, message }')) {
        return;
      }
      if (expression(`validations[${i}].expression`, x.expression)) {
        knownVariables(`validations[${i}].expression`, x.expression, declared);
      }
      // The API server refuses a message with a line break, or one of only spaces.
      if (v.check(typeof x.message === 'string' && x.message.trim().length > 0 && !/[\r\n]/.test(x.message), `validations[${i}].message`, x.message,
        'a one-line message telling the user what to fix')) {
        textBytes += Buffer.byteLength(x.message, 'utf8');
      }
      v.check(x.reason === undefined || REASONS.includes(x.reason), `validations[${i}].reason`, x.reason, REASONS.join(', '));
    });
    // etcd stores no object over 1.5 MiB: expressions and messages over that can never make a policy the API server keeps.
    v.check(textBytes <= MAX_OBJECT_BYTES, 'validations', `${textBytes} bytes of expressions and messages`,
      `at most ${MAX_OBJECT_BYTES} bytes (1.5 MiB) of CEL and messages in one policy, the most etcd stores in one object; split the policy`);

    v.check(['Fail', 'Ignore'].includes(failurePolicy), 'failurePolicy', failurePolicy, '"Fail" or "Ignore"');
    if (v.check(Array.isArray(actions) && actions.length > 0, 'validationActions', actions, 'a list of at least one of Deny, Warn, Audit')) {
      actions.forEach((a, i) => v.check(ACTIONS.includes(a), `validationActions[${i}]`, a, 'Deny, Warn or Audit'));
      v.unique('validationActions', actions, (a) => String(a), 'an action');
      v.check(!(actions.includes('Deny') && actions.includes('Warn')), 'validationActions', actions,
        'Deny or Warn, not both (the API server rejects the pair: a denial already tells the user)');
    }
    const failsOpen = failurePolicy === 'Ignore' || !Array.isArray(actions) || !actions.includes('Deny');
    v.check(props.reason === undefined || typeof props.reason === 'string', 'reason', props.reason, 'a reason, given as a string');
    v.check(!failsOpen || (typeof props.reason === 'string' && props.reason.trim().length > 0), 'reason', props.reason,
      'a reason why failing requests may be admitted, since failurePolicy is "Ignore" or validationActions has no "Deny"');
    checkStringMap(v, 'namespaceSelector', props.namespaceSelector, LABEL_KEY, LABEL_VALUE);
    checkStringMap(v, 'annotations', props.annotations, ANNOTATION_KEY);
    v.throwIfInvalid();

    const annotations = { ...props.annotations, ...(failsOpen ? { [ADMISSION_POLICY_REASON_ANNOTATION]: props.reason! } : {}) };
    new ApiObject(this, RESOURCE_ID, {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: this.name, annotations: Object.keys(annotations).length > 0 ? annotations : undefined },
      spec: {
        failurePolicy,
        matchConstraints: {
          resourceRules: props.matchRules.map((r) => ({
            apiGroups: [...r.apiGroups],
            apiVersions: [...(r.apiVersions ?? ['*'])],
            operations: [...r.operations],
            resources: [...r.resources],
          })),
        },
        matchConditions: props.matchConditions?.map((c) => ({ name: c.name, expression: c.expression })),
        variables: props.variables?.map((x) => ({ name: x.name, expression: x.expression })),
        validations: props.validations.map((x) => ({ expression: x.expression, message: x.message, reason: x.reason })),
      },
    });
    const selector = props.namespaceSelector;
    new ApiObject(this, 'binding', {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: this.name },
      spec: {
        policyName: this.name,
        validationActions: [...actions],
        matchResources: selector && Object.keys(selector).length > 0 ? { namespaceSelector: { matchLabels: { ...selector } } } : undefined,
      },
    });
  }
}
