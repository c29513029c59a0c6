import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { webhookApp } from '../../../apps/security/webhook-stack';
import { AppStack } from '../../../lib/core/app-stack';
import { celExpressionProblem } from '../../../lib/core/cel';
import { describeValue } from '../../../lib/core/errors';
import { AdmissionWebhook, AdmissionWebhookProps, WebhookOptions } from '../../../lib/security/admission-webhook';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { ValidatingPolicy, ValidatingPolicyProps } from '../../../lib/security/validating-policy';
import { WebhookTls } from '../../../lib/security/webhook-tls';
import { WebhookRule } from '../../../lib/security/webhook-rule';
import { BadInput, describeBadInputs, withUnknownProps } from '../../helpers/bad-input';

// What the API server refuses in admission policies and webhooks, or cannot evaluate within its CEL cost limit: each
// is refused when the construct is created, naming the prop the user wrote.

const PODS: WebhookRule = { operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] };
const RULE = { apiGroups: [''], apiVersions: ['v1'], resources: ['pods'], operations: ['CREATE' as const] };
const VALIDATION = { expression: 'object.spec.containers.size() < 10', message: 'at most 9 containers' };
const vp = (s: Construct, props: Partial<ValidatingPolicyProps>) => new ValidatingPolicy(s, 'vp', { matchRules: [RULE], validations: [VALIDATION], ...props });
const AT = '[bad/hooks/hook]';
const hook = (props: Partial<AdmissionWebhookProps> = {}, webhook: Partial<WebhookOptions> = {}) => (s: Construct) =>
  new AdmissionWebhook(new SecureNamespace(s, 'hooks'), 'hook', {
    type: 'validating', image: 'registry.example.com/hook:1.0.0', tls: WebhookTls.certManager(), webhooks: [{ rules: [PODS], ...webhook }], ...props,
  });
const inStack = (build: (stack: Construct) => void) => (app: App) => build(new AppStack(app, 'bad'));

/** An expression of about `n` characters that is valid CEL. */
const longExpression = (n: number) => `object.metadata.name != "${'a'.repeat(n)}"`;
/** Three comprehensions nested inside one another: a cost of n³ per evaluation. */
const NESTED = 'object.spec.containers.all(c, object.spec.initContainers.all(i, object.spec.volumes.exists(v, v.name == c.name + i.name)))';
/** Sixteen validations of 100,000 characters each: 1.6 MB of CEL in one policy. */
const HUGE = Array.from({ length: 16 }, (_, i) => ({ expression: longExpression(99_000 + i), message: `rule ${i}` }));
const HUGE_BYTES = HUGE.reduce((n, x) => n + x.expression.length + x.message.length, 0);
const TOO_LONG = longExpression(100_000);
const DEEP = `${'('.repeat(300)}true${')'.repeat(300)}`;
const conditions = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `c${i}`, expression: 'true' }));

const CASES: BadInput[] = ([
  // CEL the API server refuses or cannot evaluate.
  { title: 'a 1.6 MB CEL policy', build: (s) => vp(s, { validations: HUGE }),
    where: `[bad/vp] validations: got "${HUGE_BYTES} bytes of expressions and messages"`, expected: 'at most 1572864 bytes (1.5 MiB) of CEL and messages in one policy' },
  { title: 'an expression longer than the CEL parser takes', build: (s) => vp(s, { validations: [{ expression: TOO_LONG, message: 'm' }] }),
    where: `[bad/vp] validations[0].expression: got ${describeValue(TOO_LONG)}`,
    expected: 'a valid CEL expression the API server accepts; the expression has 100026 characters; the API server\'s CEL parser refuses more than 100000' },
  { title: 'three nested comprehensions in a validation', build: (s) => vp(s, { validations: [{ expression: NESTED, message: 'm' }] }),
    where: `[bad/vp] validations[0].expression: got ${describeValue(NESTED)}`, expected: 'a valid CEL expression the API server accepts; the expression nests 3 comprehensions' },
  { title: 'three nested comprehensions in a variable', build: (s) => vp(s, { variables: [{ name: 'names', expression: `[${NESTED}]` }] }),
    where: `[bad/vp] variables[0].expression: got ${describeValue(`[${NESTED}]`)}`,
    expected: 'a valid CEL expression the API server accepts; the expression nests 3 comprehensions (all, exists, exists_one, map, filter) inside one another; at most 2 stay within the API server\'s cost limit of 1,000,000 per evaluation' },
  { title: 'brackets nested deeper than the CEL parser goes', build: (s) => vp(s, { validations: [{ expression: DEEP, message: 'm' }] }),
    where: `[bad/vp] validations[0].expression: got ${describeValue(DEEP)}`,
    expected: 'a valid CEL expression the API server accepts; the expression nests 300 brackets deep; the API server\'s CEL parser refuses more than 250 levels' },
  { title: 'an expression that is not a string', build: (s) => vp(s, { validations: [{ expression: 42 as any, message: 'm' }] }),
    where: '[bad/vp] validations[0].expression: got 42', expected: 'a CEL expression' },
  // Match conditions: at most 64, qualified and unique names.
  { title: '65 match conditions on a policy', build: (s) => vp(s, { matchConditions: conditions(65) }),
    where: '[bad/vp] matchConditions: got 65', expected: 'at most 64 match conditions (the API server refuses more)' },
  { title: 'a match condition name that is not a qualified name', build: (s) => vp(s, { matchConditions: [{ name: 'not system', expression: 'true' }] }),
    where: '[bad/vp] matchConditions[0].name: got "not system"', expected: 'a qualified name: optional "prefix/" (a DNS subdomain)' },
  { title: 'two match conditions of the same name', build: (s) => vp(s, { matchConditions: [{ name: 'a', expression: 'true' }, { name: 'a', expression: 'false' }] }),
    where: '[bad/vp] matchConditions[1]: got "a"', expected: 'a match condition name that is not already used in matchConditions' },
  { title: 'match conditions given as an object', build: (s) => vp(s, { matchConditions: { name: 'a', expression: 'true' } as any }),
    where: '[bad/vp] matchConditions: got {"name":"a","expression":"true"}', expected: 'a list of match conditions' },
  // Validations, rules and the policy's props.
  { title: 'a validation message of spaces only', build: (s) => vp(s, { validations: [{ expression: 'true', message: '   ' }] }),
    where: '[bad/vp] validations[0].message: got "   "', expected: 'a one-line message telling the user what to fix' },
  { title: 'a validation that is null', build: (s) => vp(s, { validations: [null as any] }),
    where: '[bad/vp] validations[0]: got null', expected: 'an object of props' },
  { title: 'matchRules as one rule instead of a list', build: (s) => vp(s, { matchRules: RULE as any }),
    where: '[bad/vp] matchRules: got {"apiGroups":[""],"apiVersions":["v1"],"resources":["pods"],"operations":["CREATE"]}', expected: 'a list of at least one rule' },
  { title: 'a policy without props', build: (s) => new ValidatingPolicy(s, 'vp', undefined as any),
    where: '[bad/vp] props: got undefined', expected: 'an object of props' },
  { title: 'a namespace selector given as a list', build: (s) => vp(s, { namespaceSelector: ['team=shop'] as any }),
    where: '[bad/vp] namespaceSelector: got ["team=shop"]', expected: 'an object of strings by key' },
  // Webhooks: the same CEL limits, the webhook's own rules.
  { title: '65 match conditions on a webhook', build: hook({}, { matchConditions: conditions(65) }),
    where: `${AT} webhooks[0].matchConditions: got 65`, expected: 'at most 64 match conditions (the API server refuses more)' },
  { title: 'three nested comprehensions in a webhook match condition', build: hook({}, { matchConditions: [{ name: 'deep', expression: NESTED }] }),
    where: `${AT} webhooks[0].matchConditions[0].expression: got ${describeValue(NESTED)}`, expected: 'a CEL expression the API server accepts (the expression nests 3 comprehensions' },
  { title: 'a webhook match condition name with a space', build: hook({}, { matchConditions: [{ name: 'not a lease', expression: 'true' }] }),
    where: `${AT} webhooks[0].matchConditions[0].name: got "not a lease"`, expected: 'a qualified name' },
  { title: 'a webhook that is null', build: hook({ webhooks: [null as any] }),
    where: `${AT} webhooks[0]: got null`, expected: 'an object of props' },
  { title: 'a webhook prop the construct does not have', build: hook(withUnknownProps({}, { clientConfig: { url: 'https://hook.example.com' } })),
    where: `${AT} clientConfig: got {"url":"https://hook.example.com"}`, expected: 'a known prop; the props are' },
  { title: 'a webhook option it does not have', build: hook({}, withUnknownProps({}, { admissionReviewVersions: ['v1beta1'] })),
    where: `${AT} webhooks[0].admissionReviewVersions: got ["v1beta1"]`, expected: 'a known prop; the props are excludeNamespaces, failOpen' },
  { title: 'a timeout given as a string', build: hook({}, { timeoutSeconds: '5' as any }),
    where: `${AT} webhooks[0].timeoutSeconds: got "5"`, expected: 'an integer from 1 to 30' },
  { title: 'a timeout over 30 seconds', build: hook({}, { timeoutSeconds: 31 }),
    where: `${AT} webhooks[0].timeoutSeconds: got 31`, expected: 'an integer from 1 to 30' },
  { title: 'excludeNamespaces given as one string', build: hook({}, { excludeNamespaces: 'monitoring' as any }),
    where: `${AT} webhooks[0].excludeNamespaces: got "monitoring"`, expected: 'a list of DNS-1123 label' },
  { title: 'a rule that is null', build: hook({}, { rules: [null as any] }),
    where: `${AT} webhooks[0].rules[0]: got null`, expected: 'an object of props' },
  { title: 'a selector expression whose values are one string', build: hook({}, { objectSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: 'shop' as any }] } }),
    where: `${AT} webhooks[0].objectSelector.matchExpressions[0].values: got "shop"`, expected: 'a list of label values' },
  { title: 'an API server peer that is a CIDR string', build: hook({ apiServerPeers: ['10.0.0.0/16' as any] }),
    where: `${AT} apiServerPeers[0]: got "10.0.0.0/16"`, expected: 'a NetworkPeer, e.g. NetworkPeer.ipBlock("10.0.0.0/16")' },
  { title: 'WebhookTls.caBundle without options', build: hook({ tls: WebhookTls.caBundle('x', undefined as any) }),
    where: `${AT} tls.options: got undefined`, expected: '{ secretName }' },
  { title: 'WebhookTls.certManager with an option it does not have', build: hook({ tls: WebhookTls.certManager(withUnknownProps({}, { issuerRef: { name: 'ca' } })) }),
    where: `${AT} tls.options.issuerRef: got {"name":"ca"}`, expected: 'a known prop; the props are duration, issuer' },
  { title: 'a serving certificate valid for longer than Go can say', build: hook({ tls: WebhookTls.certManager({ duration: '9999999h' }) }),
    where: `${AT} tls.duration: got "9999999h"`, expected: 'hours such as "2160h" (at least "24h"), at most "2562047h" (the longest duration cert-manager parses)' },
] as Array<Omit<BadInput, 'build'> & { build: (stack: Construct) => void }>).map((c) => ({ ...c, build: inStack(c.build) }));

describeBadInputs('admission policies and webhooks beyond what the API server takes are refused with a clear error and no output', webhookApp, CASES);

describe('the CEL limits', () => {
  test('two nested comprehensions, and comprehensions side by side, are within the limit', () => {
    expect(celExpressionProblem('object.spec.containers.all(c, c.ports.all(p, p.containerPort > 1024))')).toBeUndefined();
    expect(celExpressionProblem('object.a.filter(x, x > 1).map(x, x * 2).all(x, object.b.exists(y, y == x))')).toBeUndefined();
  });

  test('a comprehension in the range of another does not multiply its cost', () => {
    expect(celExpressionProblem('object.a.filter(x, object.b.exists(y, y == x)).all(z, z > 0)')).toBeUndefined();
  });

  test('an expression of exactly 100,000 characters is accepted', () => {
    const text = longExpression(100_000 - 26);
    expect(text).toHaveLength(100_000);
    expect(celExpressionProblem(text)).toBeUndefined();
  });
});
