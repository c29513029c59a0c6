import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { webhookApp } from '../../../apps/security/webhook-stack';
import { AppStack } from '../../../lib/core/app-stack';
import { AdmissionWebhook, AdmissionWebhookProps, WebhookOptions } from '../../../lib/security/admission-webhook';
import { PrivateCertificateAuthority } from '../../../lib/security/private-ca';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { TlsCertificate } from '../../../lib/security/tls-certificate';
import { WebhookTls } from '../../../lib/security/webhook-tls';
import { WebhookRule } from '../../../lib/security/webhook-rule';
import { BadInput, describeBadInputs, withUnknownProps } from '../../helpers/bad-input';

const PODS: WebhookRule = { operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] };
const AT = '[bad/hooks/hook]';
/** A "CA bundle" that also holds a private key (shown shortened in the error). */
const WITH_KEY = Buffer.from('-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\n').toString('base64');

/** A webhook "hook" in the SecureNamespace "hooks", with `props` and (unless replaced) one webhook changed by `webhook`. */
const hook = (props: Partial<AdmissionWebhookProps> = {}, webhook: Partial<WebhookOptions> = {}) => (s: Construct) =>
  new AdmissionWebhook(new SecureNamespace(s, 'hooks'), 'hook', {
    type: 'mutating',
    image: 'registry.example.com/hook:1.0.0',
    tls: WebhookTls.certManager(),
    webhooks: [{ rules: [PODS], ...webhook }],
    ...props,
  });
const rule = (r: Partial<WebhookRule>) => hook({}, { rules: [{ ...PODS, ...r }] });
const inStack = (build: (stack: Construct) => void) => (app: App) => build(new AppStack(app, 'bad'));

const CASES: BadInput[] = ([
  // TLS: the API server calls webhooks over HTTPS only.
  { title: 'no TLS at all', build: hook({ tls: undefined as any }),
    where: `${AT} tls: got undefined`, expected: 'WebhookTls.certManager() or WebhookTls.caBundle(...): the API server calls admission webhooks over HTTPS only' },
  { title: 'a plain http URL instead of a path on the Service', build: hook({}, { path: 'http://hook.hooks.svc/mutate' }),
    where: `${AT} webhooks[0].path: got "http://hook.hooks.svc/mutate"`,
    expected: 'a path on the webhook\'s Service such as "/mutate": the API server calls the Service over HTTPS, never a URL (above all not a plain http one)' },
  { title: 'a CA bundle that is not base64 of a PEM certificate', build: hook({ tls: WebhookTls.caBundle('not-a-certificate', { secretName: 'hook-tls' }) }),
    where: `${AT} tls.caBundle: got "not-a-certificate"`, expected: 'base64 of PEM CA certificates' },
  { title: 'a CA bundle that carries a private key',
    build: hook({ tls: WebhookTls.caBundle(WITH_KEY, { secretName: 'hook-tls' }) }),
    where: `${AT} tls.caBundle: got "${WITH_KEY.slice(0, 37)}..."`, expected: 'base64 of PEM CA certificates ("-----BEGIN CERTIFICATE-----"), without any private key' },
  { title: 'a serving certificate valid for days, not hours', build: hook({ tls: WebhookTls.certManager({ duration: '90d' }) }),
    where: `${AT} tls.duration: got "90d"`, expected: 'hours such as "2160h" (at least "24h")' },
  // Rules: the book's defect first.
  { title: 'deployments under the core group "" (the book\'s S02)', build: rule({ resources: ['pods', 'deployments', 'configmaps'] }),
    where: `${AT} webhooks[0].rules[0].resources[1]: got "deployments"`,
    expected: 'a resource of the rule\'s API groups ("deployments" is in API group "apps", not "" (core); list it in a rule with apiGroups ["apps"])' },
  { title: 'a typo in an operation', build: rule({ operations: ['CRAETE' as any] }),
    where: `${AT} webhooks[0].rules[0].operations[0]: got "CRAETE"`, expected: '"CREATE", "UPDATE", "DELETE", "CONNECT" or "*"' },
  { title: '"*" beside other operations', build: rule({ operations: ['*', 'CREATE'] }),
    where: `${AT} webhooks[0].rules[0].operations: got ["*","CREATE"]`, expected: '"*" alone, or a list of operations without it' },
  { title: 'a group/version where a version belongs', build: rule({ apiVersions: ['apps/v1'] }),
    where: `${AT} webhooks[0].rules[0].apiVersions[0]: got "apps/v1"`, expected: '"*" or a version such as "v1" or "v1beta1"' },
  { title: 'a singular, capitalised resource', build: rule({ resources: ['Pod'] }),
    where: `${AT} webhooks[0].rules[0].resources[0]: got "Pod"`, expected: 'a lowercase plural resource such as "pods"' },
  { title: 'a rule without resources', build: rule({ resources: [] }),
    where: `${AT} webhooks[0].rules[0].resources: got []`, expected: 'at least one resource' },
  { title: 'a typo in the scope', build: rule({ scope: 'Namespace' as any }),
    where: `${AT} webhooks[0].rules[0].scope: got "Namespace"`, expected: '"Namespaced", "Cluster" or "*"' },
  { title: 'a webhook without rules', build: hook({}, { rules: [] }),
    where: `${AT} webhooks[0].rules: got []`, expected: 'at least one rule' },
  // Webhook settings.
  { title: 'side effects "Some"', build: hook({}, { sideEffects: 'Some' as any }),
    where: `${AT} webhooks[0].sideEffects: got "Some"`, expected: '"None" or "NoneOnDryRun"' },
  { title: 'a timeout of 0 seconds', build: hook({}, { timeoutSeconds: 0 }),
    where: `${AT} webhooks[0].timeoutSeconds: got 0`, expected: 'an integer from 1 to 30' },
  { title: 'a timeout of 31 seconds', build: hook({}, { timeoutSeconds: 31 }),
    where: `${AT} webhooks[0].timeoutSeconds: got 31`, expected: 'an integer from 1 to 30' },
  { title: 'an unknown failure policy', build: hook({}, { failurePolicy: 'Retry' as any }),
    where: `${AT} webhooks[0].failurePolicy: got "Retry"`, expected: '"Fail" or "Ignore"' },
  { title: 'failing open without a reason', build: hook({}, { failurePolicy: 'Ignore' }),
    where: `${AT} webhooks[0].failOpen: got undefined`, expected: 'a reason why requests may pass unchecked while the webhook is down (failurePolicy "Ignore"), as failOpen: { reason }' },
  { title: 'a fail-open reason on a webhook that fails closed', build: hook({}, { failOpen: { reason: 'x' } }),
    where: `${AT} webhooks[0].failOpen: got {"reason":"x"}`, expected: 'no failOpen unless failurePolicy is "Ignore"' },
  { title: 'two webhooks with the same (default) name', build: hook({ webhooks: [{ rules: [PODS] }, { path: '/mutate-more', rules: [PODS] }] }),
    where: `${AT} webhooks[1].name: got "hook.hooks.svc"`, expected: 'a name that no other webhook of the configuration has' },
  { title: 'a webhook name with only two parts', build: hook({}, { name: 'hook.example' }),
    where: `${AT} webhooks[0].name: got "hook.example"`, expected: 'a fully qualified name of at least three dot-separated parts' },
  { title: 'a path with a space', build: hook({}, { path: '/mutate pods' }),
    where: `${AT} webhooks[0].path: got "/mutate pods"`, expected: 'an absolute path such as "/mutate"' },
  { title: 'a reinvocation policy on a validating webhook', build: hook({ type: 'validating' }, { reinvocationPolicy: 'IfNeeded' }),
    where: `${AT} webhooks[0].reinvocationPolicy: got "IfNeeded"`, expected: 'no reinvocationPolicy on a validating webhook' },
  { title: 'a match condition that is not CEL', build: hook({}, { matchConditions: [{ name: 'named', expression: "object.metadata.name.contains('deny-me'" }] }),
    where: `${AT} webhooks[0].matchConditions[0].expression: got "object.metadata.name.contains('deny-me'"`, expected: 'a CEL expression the API server accepts (' },
  { title: 'two match conditions with one name', build: hook({}, { matchConditions: [{ name: 'a', expression: 'true' }, { name: 'a', expression: 'false' }] }),
    where: `${AT} webhooks[0].matchConditions[1]: got "a"`, expected: 'a condition name that is not already used' },
  // Namespaces: the webhook can never block its own pods or the control plane.
  { title: 'a namespace selector that picks the webhook\'s own namespace',
    build: hook({}, { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'hooks' } } }),
    where: `${AT} webhooks[0].namespaceSelector.matchLabels["kubernetes.io/metadata.name"]: got "hooks"`,
    expected: 'a namespace other than "hooks", "kube-system": the webhook never applies to its own namespace (it would block its own pods)' },
  { title: 'a namespace selector that picks kube-system',
    build: hook({}, { namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['shop', 'kube-system'] }] } }),
    where: `${AT} webhooks[0].namespaceSelector.matchExpressions[0].values: got ["kube-system"]`, expected: 'a namespace other than "hooks", "kube-system"' },
  { title: 'a selector requirement In without values', build: hook({}, { objectSelector: { matchExpressions: [{ key: 'team', operator: 'In' }] } }),
    where: `${AT} webhooks[0].objectSelector.matchExpressions[0].values: got undefined`, expected: 'at least one value for operator In' },
  { title: 'an invalid namespace to exclude', build: hook({}, { excludeNamespaces: ['Monitoring'] }),
    where: `${AT} webhooks[0].excludeNamespaces[0]: got "Monitoring"`, expected: 'a DNS-1123 label' },
  // The server.
  { title: 'no webhooks', build: hook({ webhooks: [] }),
    where: `${AT} webhooks: got []`, expected: 'at least one webhook' },
  { title: 'a type that is neither mutating nor validating', build: hook({ type: 'admission' as any }),
    where: `${AT} type: got "admission"`, expected: '"mutating" or "validating"' },
  { title: 'an unpinned server image', build: hook({ image: 'registry.example.com/hook:latest' }),
    where: `${AT} image: got "registry.example.com/hook:latest"`, expected: 'an image reference pinned by tag or digest' },
  { title: 'a privileged server port', build: hook({ containerPort: 443 }),
    where: `${AT} containerPort: got 443`, expected: 'a port from 1025 to 65535' },
  { title: 'no API server peers at all', build: hook({ apiServerPeers: [] }),
    where: `${AT} apiServerPeers: got []`, expected: 'at least one peer (without any, the API server cannot reach the webhook' },
  { title: 'a name too long for the certificate objects', build: (s: Construct) => new AdmissionWebhook(new SecureNamespace(s, 'hooks'), 'hook', {
    name: `h${'o'.repeat(52)}k`, type: 'mutating', image: 'registry.example.com/hook:1.0.0', tls: WebhookTls.certManager(), webhooks: [{ rules: [PODS] }],
  }), where: `${AT} name: got "h${'o'.repeat(52)}k"`, expected: 'a name of at most 52 characters' },
  // The cert-manager objects a webhook's TLS can come from: unknown props are refused, never silently dropped.
  { title: 'a TlsCertificate with "dnsName" for "dnsNames"', build: (s) => new TlsCertificate(new SecureNamespace(s, 'hooks'), 'cert',
    withUnknownProps({ issuer: { name: 'ca' }, dnsNames: ['hook.hooks.svc'] }, { dnsName: 'hook.hooks.svc' })),
  where: '[bad/hooks/cert] dnsName: got "hook.hooks.svc"', expected: 'a known prop (did you mean "dnsNames"?)' },
  { title: 'an issuer reference with the cert-manager field "group"', build: (s) => new TlsCertificate(new SecureNamespace(s, 'hooks'), 'cert',
    { issuer: withUnknownProps({ name: 'ca' }, { group: 'cert-manager.io' }), dnsNames: ['hook.hooks.svc'] }),
  where: '[bad/hooks/cert] issuer.group: got "cert-manager.io"', expected: 'a known prop; the props are kind, name' },
  { title: 'a PrivateCertificateAuthority with "commonname" for "commonName"', build: (s) => new PrivateCertificateAuthority(new SecureNamespace(s, 'hooks'), 'ca',
    withUnknownProps({ commonName: 'hooks.internal' }, { commonname: 'hooks.internal' })),
  where: '[bad/hooks/ca] commonname: got "hooks.internal"', expected: 'a known prop (did you mean "commonName"?); the props are commonName, name, namespace' },
] as Array<Omit<BadInput, 'build'> & { build: (stack: Construct) => void }>).map((c) => ({ ...c, build: inStack(c.build) }));

describeBadInputs('bad admission webhook input is rejected at synth time with a clear error and no output', webhookApp, CASES);
