import { PolicyTarget } from '../../../lib/policy/types';
import { k, obj } from './fixtures';

/** Objects that pass an admission check, objects that fail it, and a text the failure's message contains. */
interface CheckCase {
  readonly pass: PolicyTarget[];
  readonly fail: PolicyTarget[];
  readonly message: string;
}

const ADMISSION = 'admissionregistration.k8s.io/v1';
const INJECT = { 'cert-manager.io/inject-ca-from': 'hooks/hook-serving' };

/** A compliant webhook of the Service "hook" in namespace "hooks", changed by `edit`. */
function webhook(edit: (w: any) => void = () => undefined): any {
  const w: any = {
    name: 'hook.hooks.svc',
    admissionReviewVersions: ['v1'],
    clientConfig: { service: { name: 'hook', namespace: 'hooks', path: '/mutate', port: 443 } },
    rules: [
      { operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods', 'configmaps'] },
      { operations: ['CREATE'], apiGroups: ['apps'], apiVersions: ['v1'], resources: ['deployments'] },
    ],
    failurePolicy: 'Fail',
    sideEffects: 'None',
    timeoutSeconds: 5,
    namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['hooks', 'kube-system'] }] },
  };
  edit(w);
  return w;
}

/** A webhook configuration; by default cert-manager injects its CA, `{}` leaves the annotation out. */
const config = (kind: string) => (webhooks: any[], annotations: Record<string, string> = INJECT) =>
  obj(ADMISSION, kind, 'hook', undefined, { metadata: { name: 'hook', ...(Object.keys(annotations).length > 0 ? { annotations } : {}) }, webhooks });
const mutating = config('MutatingWebhookConfiguration');
const validating = config('ValidatingWebhookConfiguration');
const policy = (resourceRules: any[]) => obj(ADMISSION, 'ValidatingAdmissionPolicy', 'deny-me', undefined, {
  spec: { matchConstraints: { resourceRules }, validations: [{ expression: "!object.metadata.name.contains('deny-me')" }] },
});

/** The pass/fail cases of lib/policy/checks/admission.ts (ADMISSION_CHECKS), by check id. */
export const ADMISSION_CASES: Record<string, CheckCase> = {
  'webhook-tls-trust': {
    pass: k(
      mutating([webhook()]),
      validating([webhook((w) => { w.clientConfig.caBundle = 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t'; })], {}),
      validating([webhook((w) => { w.clientConfig = { url: 'https://hooks.example.com/validate' }; })], {}),
    ),
    // The book's S02 as far as TLS goes: a Service reference, and the CA left to someone pasting ${CA_PEM_B64}.
    fail: k(mutating([webhook()], {}), validating([webhook((w) => { w.clientConfig = { url: 'http://hooks.example.com/validate' }; })])),
    message: 'webhook "hook.hooks.svc" calls its Service without a CA bundle or CA injection',
  },
  'webhook-side-effects': {
    pass: k(mutating([webhook(), webhook((w) => { w.name = 'dry.hooks.svc'; w.sideEffects = 'NoneOnDryRun'; })])),
    fail: k(mutating([webhook((w) => { w.sideEffects = 'Some'; })]), validating([webhook((w) => { delete w.sideEffects; })])),
    message: 'webhook "hook.hooks.svc" has sideEffects Some',
  },
  'webhook-failure-timeout': {
    pass: k(mutating([webhook((w) => { w.failurePolicy = 'Ignore'; w.timeoutSeconds = 30; })])),
    fail: k(mutating([webhook((w) => { delete w.failurePolicy; })]), validating([webhook((w) => { delete w.timeoutSeconds; })])),
    message: 'webhook "hook.hooks.svc" leaves failurePolicy to the default',
  },
  'webhook-excludes-system': {
    pass: k(
      mutating([webhook()]),
      // Selecting namespaces by name with In leaves out every other one.
      validating([webhook((w) => { w.namespaceSelector = { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } }; })]),
      validating([webhook((w) => {
        w.clientConfig = { url: 'https://hooks.example.com/validate' };
        w.namespaceSelector = { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system'] }] };
      })]),
    ),
    fail: k(
      mutating([webhook((w) => { w.namespaceSelector.matchExpressions[0].values = ['kube-system']; })]),
      validating([webhook((w) => { delete w.namespaceSelector; })]),
    ),
    message: 'webhook "hook.hooks.svc" applies to namespace hooks, where its own server runs',
  },
  'admission-rule-api-group': {
    pass: k(
      mutating([webhook()]),
      // A rule may list several groups: every resource is served by one of them.
      validating([webhook((w) => { w.rules = [{ operations: ['*'], apiGroups: ['', 'apps'], apiVersions: ['v1'], resources: ['pods', 'deployments'] }]; })]),
      validating([webhook((w) => { w.rules = [{ operations: ['CREATE'], apiGroups: ['example.com'], apiVersions: ['*'], resources: ['widgets'] }]; })]),
      policy([{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }]),
    ),
    // The book's S02: deployments under the core group "", where they never match.
    fail: k(
      mutating([webhook((w) => { w.rules = [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods', 'deployments', 'configmaps'] }]; })]),
      policy([{ operations: ['CREATE'], apiGroups: ['apps'], apiVersions: ['v1'], resources: ['pods'] }]),
    ),
    message: 'webhook "hook.hooks.svc" rule 0: "deployments" is in API group "apps", not "" (core)',
  },
};
