import { ruleGroupProblems } from '../../core/api-resources';
import { defineCheck } from '../define';
import { listOf, mapsOf } from '../pods';
import { isMap } from '../selectors';
import { PolicyCheck } from '../types';

/** The kinds that register admission webhooks. */
const WEBHOOK_KINDS = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

/** The annotations through which cert-manager's CA injector fills `caBundle`. */
const CA_INJECTION_ANNOTATIONS = ['cert-manager.io/inject-ca-from', 'cert-manager.io/inject-ca-from-secret', 'cert-manager.io/inject-apiserver-ca'];

/** The label every namespace carries with its own name. */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** The webhooks of a configuration with their position; entries that are no map are skipped (the API server refuses them). */
const webhooksOf = (t: { object: any }): Array<{ w: Record<string, any>; i: number }> => listOf(t.object?.webhooks)
  .flatMap((w, i) => (isMap(w) ? [{ w, i }] : []));
const label = (w: Record<string, any>, i: number) => `webhook "${w.name ?? i}"`;

/** Whether a namespace selector leaves out the namespace `ns` by name. */
function excludes(selector: any, ns: string): boolean {
  const byLabel = isMap(selector?.matchLabels) ? selector.matchLabels[NAMESPACE_NAME_LABEL] : undefined;
  if (byLabel !== undefined && byLabel !== ns) {
    return true;
  }
  return mapsOf(selector?.matchExpressions).some((e) => e.key === NAMESPACE_NAME_LABEL
    && ((e.operator === 'NotIn' && listOf(e.values).includes(ns)) || (e.operator === 'In' && !listOf(e.values).includes(ns))));
}

/**
 * Why a rule ({apiGroups, resources}) names a resource that none of its groups serves; one message per resource.
 * The API server matches every group with every resource, so a resource is only wrong when no group has it.
 */
const ruleProblems = (rule: any): string[] => (isMap(rule) ? ruleGroupProblems(strings(rule.apiGroups), strings(rule.resources)) : []);

/** The strings of a list field (a group or resource that is no string is refused by the API server). */
const strings = (value: unknown): string[] => listOf(value).filter((v): v is string => typeof v === 'string');

export const ADMISSION_CHECKS: PolicyCheck[] = [
  defineCheck({
    id: 'webhook-tls-trust',
    domain: 'kubernetes',
    kinds: WEBHOOK_KINDS,
    description: 'Admission webhooks are called over HTTPS, and a webhook behind a Service names the CA that signed its certificate.',
    remediation: 'Point clientConfig at a Service (or an https:// URL), and set clientConfig.caBundle or the cert-manager.io/inject-ca-from annotation.',
    severity: 'error',
    references: ['Cloud Native with Kubernetes S02 (A01)'],
    check: (t) => {
      const annotations = isMap(t.object?.metadata?.annotations) ? t.object.metadata.annotations : {};
      const injected = CA_INJECTION_ANNOTATIONS.some((a) => annotations[a]);
      return webhooksOf(t).flatMap(({ w, i }) => {
        const url: unknown = w.clientConfig?.url;
        if (url !== undefined) {
          if (typeof url !== 'string') {
            return [`${label(w, i)} has a clientConfig.url that is no string, so it calls no https:// URL`];
          }
          return /^https:\/\//i.test(url) ? [] : [`${label(w, i)} calls ${url}, not an https:// URL`];
        }
        return w.clientConfig?.caBundle || injected ? [] : [`${label(w, i)} calls its Service without a CA bundle or CA injection, so the API server cannot verify it`];
      });
    },
  }),
  defineCheck({
    id: 'webhook-side-effects',
    domain: 'kubernetes',
    kinds: WEBHOOK_KINDS,
    description: 'Admission webhooks declare sideEffects None or NoneOnDryRun, so dry-run requests change nothing.',
    remediation: 'Set sideEffects: None (or NoneOnDryRun, and skip side effects when request.dryRun is true).',
    severity: 'error',
    references: ['Cloud Native with Kubernetes S02 (A01)', 'admissionregistration.k8s.io/v1'],
    check: (t) => webhooksOf(t).flatMap(({ w, i }) => (['None', 'NoneOnDryRun'].includes(w.sideEffects) ? []
      : [`${label(w, i)} has sideEffects ${w.sideEffects ?? '(not set)'}`])),
  }),
  defineCheck({
    id: 'webhook-failure-timeout',
    domain: 'kubernetes',
    kinds: WEBHOOK_KINDS,
    description: 'Admission webhooks state their failurePolicy and timeoutSeconds instead of relying on defaults.',
    remediation: 'Set failurePolicy (Fail for a policy webhook) and a short timeoutSeconds (1-30, e.g. 5).',
    severity: 'error',
    references: ['Cloud Native with Kubernetes S02 (A01)'],
    check: (t) => webhooksOf(t).flatMap(({ w, i }) => [
      ...(w.failurePolicy === undefined ? [`${label(w, i)} leaves failurePolicy to the default`] : []),
      ...(w.timeoutSeconds === undefined ? [`${label(w, i)} leaves timeoutSeconds to the default`] : []),
    ]),
  }),
  defineCheck({
    id: 'webhook-excludes-system',
    domain: 'kubernetes',
    kinds: WEBHOOK_KINDS,
    description: 'Admission webhooks leave out kube-system and the namespace of their own server, so they cannot block the control plane or their own pods.',
    remediation: 'Add a namespaceSelector expression: kubernetes.io/metadata.name NotIn [kube-system, <webhook namespace>].',
    severity: 'error',
    references: ['Cloud Native with Kubernetes S02 (A01)'],
    check: (t) => webhooksOf(t).flatMap(({ w, i }) => {
      const ownNamespace: unknown = w.clientConfig?.service?.namespace;
      const own = typeof ownNamespace === 'string' ? ownNamespace : undefined;
      return [...new Set(['kube-system', ...(own ? [own] : [])])].filter((ns) => !excludes(w.namespaceSelector, ns))
        .map((ns) => `${label(w, i)} applies to namespace ${ns}${ns === own ? ', where its own server runs' : ''}`);
    }),
  }),
  defineCheck({
    id: 'admission-rule-api-group',
    domain: 'kubernetes',
    kinds: [...WEBHOOK_KINDS, 'ValidatingAdmissionPolicy'],
    description: 'Admission rules list each built-in resource with an API group that serves it (deployments are in "apps", not "").',
    remediation: 'Move the resource to a rule whose apiGroups contain its group, e.g. apiGroups ["apps"] for deployments.',
    severity: 'error',
    references: ['Cloud Native with Kubernetes S02 (A02)'],
    check: (t) => {
      if (t.kind === 'ValidatingAdmissionPolicy') {
        const mc = isMap(t.object?.spec?.matchConstraints) ? t.object.spec.matchConstraints : {};
        return (['resourceRules', 'excludeResourceRules'] as const).flatMap((field) => listOf(mc[field])
          .flatMap((r, j) => ruleProblems(r).map((p) => `matchConstraints.${field}[${j}]: ${p}`)));
      }
      return webhooksOf(t).flatMap(({ w, i }) => listOf(w.rules).flatMap((r, j) => ruleProblems(r).map((p) => `${label(w, i)} rule ${j}: ${p}`)));
    },
  }),
];
