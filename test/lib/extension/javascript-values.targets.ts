import { Construct } from 'constructs';
import { parse } from 'yaml';
import { PinnedHelmRelease } from '../../../lib/extension/pinned-helm-release';
import { IstioInstall } from '../../../lib/mesh/istio-install';
import { IngressController } from '../../../lib/networking/ingress-controller';
import { IngressTls } from '../../../lib/networking/ingress-tls';
import { artifactSources } from '../../../lib/output/artifacts';
import { FalcoInstall } from '../../../lib/security/falco-install';
import { ExistingSecret } from '../../../lib/security/secret-source';
import { KnativeInstall } from '../../../lib/serverless/knative-install';
import { OpenFaasInstall } from '../../../lib/serverless/openfaas-install';
import { JavaScriptValueTarget } from '../../helpers/javascript-values';
import { CRD_TARGETS } from './crd.values';
import { CUSTOM_RESOURCE_TARGETS } from './custom-resource.values';
import { OPERATOR_BUNDLE_TARGETS } from './operator-bundle.values';

// Helm releases and the installs built on them: whatever a JavaScript caller passes, they answer with a
// ValidationError or write a helmfile that Helm and helmfile accept (checked below), never with another error.

const RELEASE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SEMVER = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/**
 * Writes the app's helmfile (as the synth does after the YAML) and checks what helmfile and Helm would refuse;
 * a plain Error (a "raw" error for the harness) when it fails to write or is invalid.
 */
export function expectValidHelmfile(s: Construct): void {
  for (const source of artifactSources(s.node.root).filter((a) => a.folder === 'helm')) {
    const helmfile = parse(source.synthesize().get('helmfile.yaml')!);
    const problems: string[] = [];
    const repos = new Map<string, any>((helmfile.repositories ?? []).map((r: any) => [r.name, r]));
    for (const r of repos.values()) {
      const ok = r.oci === true ? /^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)*$/i.test(r.url) : /^https:\/\/[^\s@?#]+$/.test(r.url);
      if (!ok) problems.push(`repository ${r.name}: url ${r.url}`);
    }
    const names = new Set((helmfile.releases ?? []).map((r: any) => `${r.namespace}/${r.name}`));
    for (const r of helmfile.releases ?? []) {
      if (typeof r.name !== 'string' || r.name.length > 53 || !RELEASE_NAME.test(r.name)) problems.push(`release name ${r.name}`);
      if (typeof r.namespace !== 'string' || r.namespace.length > 63 || !RELEASE_NAME.test(r.namespace)) problems.push(`namespace ${r.namespace}`);
      if (typeof r.version !== 'string' || !SEMVER.test(r.version)) problems.push(`version ${r.version}`);
      const [repo, chart, ...rest] = String(r.chart).split('/');
      if (!repos.has(repo) || !chart || rest.length > 0) problems.push(`chart ${r.chart}`);
      for (const n of r.needs ?? []) {
        if (!names.has(n) || n === `${r.namespace}/${r.name}`) problems.push(`needs ${n}`);
      }
      if (r.values !== undefined && (!Array.isArray(r.values) || r.values.some((v: unknown) => v === null || typeof v !== 'object' || Array.isArray(v)))) {
        problems.push(`values of ${r.name}`);
      }
    }
    if (names.size !== (helmfile.releases ?? []).length) problems.push('a release twice');
    if (problems.length > 0) {
      throw new Error(`the helmfile is invalid: ${problems.join('; ')}`);
    }
  }
}

const isPlain = (x: unknown): x is Record<string, any> => x !== null && typeof x === 'object' && !Array.isArray(x);
const REPO = { name: 'jetstack', url: 'https://charts.jetstack.io' };
const rules = () => ({
  name: 'shell.yaml',
  items: [
    { rule: 'Shell', desc: 'A shell ran in a container.', condition: 'spawned_process and container and shell_procs and not proc.name in (my_tools)',
      output: 'Shell (user=%user.name container=%container.name)', priority: 'WARNING', tags: ['shell'] },
    { macro: 'shell_procs', condition: 'proc.name in (shell_binaries)' },
    { list: 'my_tools', items: ['debug-agent'] },
  ],
  externals: [{ from: 'falco_rules.yaml (falco-rules:5)', macros: ['spawned_process', 'container'], lists: ['shell_binaries'] }],
});
const auditRules = () => ({
  name: 'audit.yaml',
  items: [{ rule: 'Exec', desc: 'Someone ran kubectl exec.', condition: 'kevt and ka.verb = create', output: 'Exec (user=%ka.user.name)',
    priority: 'NOTICE', source: 'k8s_audit' }],
  externals: [{ from: 'k8s_audit_rules.yaml (k8saudit-rules:0.16)', macros: ['kevt'], lists: [] }],
});

const INSTALL_TARGETS: JavaScriptValueTarget[] = [
  {
    name: 'PinnedHelmRelease',
    covers: ['PinnedHelmRelease'],
    props: () => ({
      release: 'trust-manager', namespace: 'cert-manager', repository: { ...REPO }, chart: 'trust-manager', version: 'v0.20.2',
      values: { crds: { enabled: true }, controller: { replicas: 2, args: ['--log-level=info', 3, true, null] } }, needs: ['cert-manager'],
    }),
    // "cert-manager" in needs stands for the release declared first (props are plain data; the construct is made in build).
    build: (s, props) => {
      const first = new PinnedHelmRelease(s, 'cert-manager', { namespace: 'cert-manager', repository: REPO, chart: 'cert-manager', version: 'v1.19.1' });
      const needs = isPlain(props) && Array.isArray(props.needs) ? props.needs.map((n: unknown) => (n === 'cert-manager' ? first : n)) : props?.needs;
      new PinnedHelmRelease(s, 'trust', isPlain(props) ? { ...props, needs } : props);
      expectValidHelmfile(s);
    },
  },
  {
    name: 'PinnedHelmRelease from an OCI registry',
    covers: ['PinnedHelmRelease'],
    props: () => ({ namespace: 'envoy-gateway-system', repository: { name: 'envoyproxy', url: 'oci://docker.io/envoyproxy' }, chart: 'gateway-helm', version: '1.5.0' }),
    paths: ['repository.url', 'repository.name', 'chart', 'version'],
    build: (s, props) => {
      new PinnedHelmRelease(s, 'eg', props);
      expectValidHelmfile(s);
    },
  },
  {
    name: 'IstioInstall',
    covers: ['IstioInstall'],
    props: () => ({ version: '1.28.0', namespace: 'istio-system', gatewayNamespace: 'istio-ingress', replicas: 3 }),
    build: (s, props) => {
      new IstioInstall(s, 'istio', props);
      expectValidHelmfile(s);
    },
  },
  {
    name: 'KnativeInstall',
    covers: ['KnativeInstall'],
    props: () => ({ version: '1.23.0', serving: true, eventing: true, ingress: 'istio', domain: 'apps.example.com', replicas: 3 }),
    build: (s, props) => {
      new KnativeInstall(s, 'knative', props);
      expectValidHelmfile(s);
    },
  },
  {
    name: 'OpenFaasInstall',
    covers: ['OpenFaasInstall'],
    props: () => ({
      edition: 'pro', chartVersion: '14.2.132', namespace: 'openfaas', functionNamespace: 'openfaas-fn', gatewayReplicas: 2,
      ingress: { host: 'gw.example.com', controller: IngressController.TRAEFIK, tls: IngressTls.fromCertManager({ clusterIssuer: 'letsencrypt' }) },
      basicAuthSecret: ExistingSecret.named('basic-auth', { keys: ['basic-auth-user', 'basic-auth-password'] }),
      licenseSecret: ExistingSecret.named('openfaas-license'),
    }),
    build: (s, props) => {
      new OpenFaasInstall(s, 'openfaas', props);
      expectValidHelmfile(s);
    },
  },
  {
    name: 'OpenFaasInstall.addFunction',
    covers: ['OpenFaasInstall.addFunction'],
    props: () => ({ lang: 'python3-http', image: 'ghcr.io/acme/hello:0.1.0' }),
    build: (s, props) => {
      new OpenFaasInstall(s, 'openfaas').addFunction('hello', props);
      expectValidHelmfile(s);
    },
  },
  {
    name: 'FalcoInstall',
    covers: ['FalcoInstall'],
    props: () => ({
      chartVersion: '9.1.0', namespace: 'falco', driver: 'kmod', privileged: { reason: 'the kernel is older than 5.8' },
      ruleFiles: [rules(), auditRules()],
      k8sAudit: { plugin: 'k8saudit', plaintextWebhook: { reason: 'the API server reaches the webhook inside the cluster only' } },
    }),
    paths: ['chartVersion', 'namespace', 'driver', 'privileged', 'privileged.reason', 'ruleFiles', 'ruleFiles.0', 'ruleFiles.0.name', 'ruleFiles.0.items',
      'ruleFiles.0.items.0', 'ruleFiles.0.items.0.rule', 'ruleFiles.0.items.0.desc', 'ruleFiles.0.items.0.condition', 'ruleFiles.0.items.0.output',
      'ruleFiles.0.items.0.priority', 'ruleFiles.0.items.0.tags', 'ruleFiles.0.items.0.tags.0', 'ruleFiles.0.items.1', 'ruleFiles.0.items.1.macro',
      'ruleFiles.0.items.1.condition', 'ruleFiles.0.items.2', 'ruleFiles.0.items.2.list', 'ruleFiles.0.items.2.items', 'ruleFiles.0.items.2.items.0',
      'ruleFiles.0.externals', 'ruleFiles.0.externals.0', 'ruleFiles.0.externals.0.from', 'ruleFiles.0.externals.0.macros', 'ruleFiles.0.externals.0.macros.0',
      'ruleFiles.0.externals.0.lists', 'ruleFiles.0.externals.0.lists.0', 'ruleFiles.1', 'ruleFiles.1.items.0.source', 'k8sAudit', 'k8sAudit.plugin',
      'k8sAudit.plaintextWebhook', 'k8sAudit.plaintextWebhook.reason'],
    build: (s, props) => {
      new FalcoInstall(s, 'falco', props);
      expectValidHelmfile(s);
    },
  },
  {
    name: 'FalcoInstall on EKS',
    covers: ['FalcoInstall'],
    props: () => ({ k8sAudit: { plugin: 'k8saudit-eks', clusterName: 'demo', region: 'us-west-2' } }),
    build: (s, props) => {
      new FalcoInstall(s, 'falco', props);
      expectValidHelmfile(s);
    },
  },
];

/** Every value target of lib/extension: the installs, CRD authoring, custom resources and operators. */
export const TARGETS: JavaScriptValueTarget[] = [...INSTALL_TARGETS, ...CRD_TARGETS, ...CUSTOM_RESOURCE_TARGETS, ...OPERATOR_BUNDLE_TARGETS];
