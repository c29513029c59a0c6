// The webhooks of an AdmissionWebhook (one entry of `webhooks` each), checked as the API server checks a
// MutatingWebhookConfiguration or ValidatingWebhookConfiguration, plus what keelson adds: a webhook never applies to its
// own namespace or kube-system.
import { celExpressionProblem } from '../core/cel';
import { DNS_LABEL, Format, HTTP_PATH } from '../core/formats';
import { propNames } from '../core/resource';
import { PropsValidator, checkUnique, isObject } from '../core/validator';
import { NAMESPACE_NAME_LABEL } from '../networking/network-peer';
import type { AdmissionWebhookType, WebhookMatchCondition, WebhookOptions } from './admission-webhook';
import { QUALIFIED_NAME, checkStringList } from './checks';
import { MAX_MATCH_CONDITIONS } from './validating-policy';
import { validateSelector, validateWebhookRule } from './webhook-rule';

const WEBHOOK_PROPS = propNames<WebhookOptions>()({
  name: true, path: true, rules: true, failurePolicy: true, failOpen: true, sideEffects: true, timeoutSeconds: true, matchPolicy: true,
  reinvocationPolicy: true, matchConditions: true, namespaceSelector: true, excludeNamespaces: true, objectSelector: true,
});

/** The namespace every admission webhook leaves out besides its own. */
const SYSTEM_NAMESPACE = 'kube-system';

const DNS_LABEL_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const WEBHOOK_NAME: Format = {
  test: (v) => typeof v === 'string' && v.length <= 253 && v.split('.').length >= 3 && v.split('.').every((p) => p.length <= 63 && DNS_LABEL_RE.test(p)),
  description: 'a fully qualified name of at least three dot-separated parts, such as "my-webhook.my-namespace.svc" or "pods.policy.example.com"',
};

const PATH_SEGMENT = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const WEBHOOK_PATH: Format = {
  test: (v) => HTTP_PATH.test(v) && (v === '/' || v.slice(1).replace(/\/$/, '').split('/').every((s) => PATH_SEGMENT.test(s))),
  description: 'an absolute path such as "/mutate" whose parts are lowercase letters, digits, "-" or "." (no query string)',
};

/** The webhook server's own namespace, kube-system and the extra ones of `w`: never sent to the webhook. */
export function excludedNamespaces(namespace: string, w: WebhookOptions): string[] {
  return [...new Set([namespace, SYSTEM_NAMESPACE, ...(Array.isArray(w.excludeNamespaces) ? w.excludeNamespaces : [])])];
}

/**
 * Checks the webhooks of an AdmissionWebhook whose server is `name` in `namespace`: names (unique, fully qualified),
 * paths on the Service (never a URL), rules, failure policy (fail-open only with a reason), side effects, timeout
 * (1-30 s), match conditions (at most 64, CEL the API server accepts), selectors and excluded namespaces.
 */
export function validateWebhookOptions(v: PropsValidator, type: AdmissionWebhookType, webhooks: readonly WebhookOptions[], serverName: string,
  namespace: string): void {
  if (!v.check(Array.isArray(webhooks) && webhooks.length > 0, 'webhooks', webhooks, 'at least one webhook')) {
    return;
  }
  const defaultName = `${serverName}.${namespace}.svc`;
  const seen = new Set<unknown>();
  webhooks.forEach((w, i) => {
    if (!isObject(w)) {
      return;
    }
    const name = w.name ?? defaultName;
    v.check(!seen.has(name), `webhooks[${i}].name`, name,
      `a name that no other webhook of the configuration has (give each webhook a \`name\` when there are several; the default is "${defaultName}")`);
    seen.add(name);
  });
  webhooks.forEach((w, i) => {
    const f = `webhooks[${i}]`;
    if (!v.knownProps(f, w, WEBHOOK_PROPS) || !v.check(isObject(w), f, w, 'a webhook: { rules, path?, failurePolicy?, ... }')) {
      return;
    }
    v.format(`${f}.name`, w.name, WEBHOOK_NAME);
    if (typeof w.path === 'string' && /^[a-z][a-z0-9+.-]*:/i.test(w.path)) {
      v.fail(`${f}.path`, w.path, `a path on the webhook's Service such as "/mutate": the API server calls the Service over HTTPS, never a URL${/^http:/i.test(w.path) ? ' (above all not a plain http one)' : ''}`);
    } else {
      v.format(`${f}.path`, w.path, WEBHOOK_PATH);
    }
    if (v.check(Array.isArray(w.rules) && w.rules.length > 0, `${f}.rules`, w.rules, 'at least one rule')) {
      w.rules.forEach((r, j) => validateWebhookRule(v, `${f}.rules[${j}]`, r));
    }
    v.check(w.failurePolicy === undefined || ['Fail', 'Ignore'].includes(w.failurePolicy), `${f}.failurePolicy`, w.failurePolicy, '"Fail" or "Ignore"');
    v.risk(`${f}.failOpen`, w.failOpen, 'requests may pass unchecked while the webhook is down');
    v.check(w.failurePolicy !== 'Ignore' || w.failOpen !== undefined, `${f}.failOpen`, w.failOpen,
      'a reason why requests may pass unchecked while the webhook is down (failurePolicy "Ignore"), as failOpen: { reason }');
    v.check(w.failurePolicy === 'Ignore' || w.failOpen === undefined, `${f}.failOpen`, w.failOpen, 'no failOpen unless failurePolicy is "Ignore"');
    v.check(w.sideEffects === undefined || ['None', 'NoneOnDryRun'].includes(w.sideEffects), `${f}.sideEffects`, w.sideEffects,
      '"None" or "NoneOnDryRun" (admissionregistration.k8s.io/v1 accepts no webhook that has side effects on dry runs)');
    v.integer(`${f}.timeoutSeconds`, w.timeoutSeconds, 1, 30);
    v.check(w.matchPolicy === undefined || ['Equivalent', 'Exact'].includes(w.matchPolicy), `${f}.matchPolicy`, w.matchPolicy, '"Equivalent" or "Exact"');
    if (type === 'validating') {
      v.check(w.reinvocationPolicy === undefined, `${f}.reinvocationPolicy`, w.reinvocationPolicy,
        'no reinvocationPolicy on a validating webhook (only mutating webhooks are called again)');
    } else {
      v.check(w.reinvocationPolicy === undefined || ['Never', 'IfNeeded'].includes(w.reinvocationPolicy), `${f}.reinvocationPolicy`,
        w.reinvocationPolicy, '"Never" or "IfNeeded"');
    }
    validateMatchConditions(v, f, w.matchConditions);
    if (w.excludeNamespaces !== undefined) {
      v.unique(`${f}.excludeNamespaces`, checkStringList(v, `${f}.excludeNamespaces`, w.excludeNamespaces, DNS_LABEL), (n) => n, 'a namespace');
    }
    validateSelector(v, `${f}.namespaceSelector`, w.namespaceSelector);
    validateSelector(v, `${f}.objectSelector`, w.objectSelector);
    validateNamespaceSelector(v, f, w, namespace);
  });
}

function validateMatchConditions(v: PropsValidator, f: string, conditions: WebhookMatchCondition[] | undefined): void {
  if (conditions === undefined || !v.check(Array.isArray(conditions), `${f}.matchConditions`, conditions, 'a list of { name, expression }')) {
    return;
  }
  // The API server refuses more than 64 match conditions, names that are not qualified names, and duplicate names.
  v.check(conditions.length <= MAX_MATCH_CONDITIONS, `${f}.matchConditions`, conditions.length,
    `at most ${MAX_MATCH_CONDITIONS} match conditions (the API server refuses more)`);
  checkUnique(v, `${f}.matchConditions`, conditions, (c) => (isObject(c) && typeof c.name === 'string' ? c.name : undefined), 'a condition name');
  conditions.forEach((c, j) => {
    const field = `${f}.matchConditions[${j}]`;
    if (!v.knownProps(field, c, ['name', 'expression']) || !v.check(isObject(c), field, c, '{ name, expression }')) {
      return;
    }
    v.format(`${field}.name`, c.name, QUALIFIED_NAME, true);
    if (!v.check(typeof c.expression === 'string' && c.expression.trim().length > 0, `${field}.expression`, c.expression, 'a CEL expression')) {
      return;
    }
    const problem = celExpressionProblem(c.expression);
    v.check(problem === undefined, `${field}.expression`, c.expression, `a CEL expression the API server accepts (${problem})`);
  });
}

/** A selector that names an always-excluded namespace would select nothing there: reject it, so intent is clear. */
function validateNamespaceSelector(v: PropsValidator, f: string, w: WebhookOptions, namespace: string): void {
  const excluded = excludedNamespaces(namespace, w);
  const expected = `a namespace other than ${excluded.map((n) => `"${n}"`).join(', ')}: the webhook never applies to its own `
    + `namespace (it would block its own pods), to ${SYSTEM_NAMESPACE} or to excludeNamespaces`;
  if (!isObject(w.namespaceSelector)) {
    return;
  }
  const labels = w.namespaceSelector.matchLabels;
  const label = isObject(labels) && Object.prototype.hasOwnProperty.call(labels, NAMESPACE_NAME_LABEL) ? labels[NAMESPACE_NAME_LABEL] : undefined;
  if (label !== undefined) {
    v.check(!excluded.includes(label), `${f}.namespaceSelector.matchLabels["${NAMESPACE_NAME_LABEL}"]`, label, expected);
  }
  const expressions = w.namespaceSelector.matchExpressions;
  (Array.isArray(expressions) ? expressions : []).forEach((e, j) => {
    if (isObject(e) && e.key === NAMESPACE_NAME_LABEL && e.operator === 'In' && Array.isArray(e.values)) {
      const hit = e.values.filter((n) => excluded.includes(n));
      v.check(hit.length === 0, `${f}.namespaceSelector.matchExpressions[${j}].values`, hit, expected);
    }
  });
}
