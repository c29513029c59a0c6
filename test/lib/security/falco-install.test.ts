import { App } from 'cdk8s';
import { parse } from 'yaml';
import { BOOK_K8S_AUDIT_RULES, BOOK_SYSCALL_RULES } from '../../../apps/security/falco-stack';
import { AppStack } from '../../../lib/core/app-stack';
import { AppDefinition, synthesizeDefinition } from '../../../lib/output/synth-apps';
import { FALCO_CHART_VERSION, FalcoInstall, FalcoInstallProps } from '../../../lib/security/falco-install';
import { renderFalcoRuleFile } from '../../../lib/security/falco-rules';
import { expectSchemaValid } from '../../helpers/schemas';

/** Synthesizes a FalcoInstall alone; returns its objects (schema-checked) and helmfile releases. */
function install(props: FalcoInstallProps = {}): { objects: any[]; releases: any[]; falco: FalcoInstall } {
  let falco: FalcoInstall | undefined;
  const def: AppDefinition = { name: 'sec', description: '', build: (app: App) => { falco = new FalcoInstall(new AppStack(app, 'sec'), 'falco', props); } };
  const { folders } = synthesizeDefinition(def);
  const objects = [...folders.find((f) => f.name === 'sec')!.files.values()].map((t) => parse(t));
  expectSchemaValid(objects);
  const helmfile = parse(folders.find((f) => f.name === 'helm/sec')!.files.get('helmfile.yaml')!);
  expect(helmfile.repositories).toEqual([{ name: 'falcosecurity', url: 'https://falcosecurity.github.io/charts' }]);
  return { objects, releases: helmfile.releases, falco: falco! };
}

describe('FalcoInstall', () => {
  test('defaults: one DaemonSet release of the pinned chart, modern eBPF with capabilities only, stable rules without live updates', () => {
    const { releases, objects } = install();
    expect(releases).toHaveLength(1);
    const [r] = releases;
    expect(r).toMatchObject({ name: 'falco', namespace: 'falco', chart: 'falcosecurity/falco', version: '9.1.0', createNamespace: true });
    expect(FALCO_CHART_VERSION).toBe('9.1.0');
    expect(r.values).toEqual([{
      driver: { enabled: true, kind: 'modern_ebpf', modernEbpf: { leastPrivileged: true } },
      falcoctl: { artifact: { follow: { enabled: false } }, config: { artifact: { install: { refs: ['falco-rules:5'] } } } },
      falco: { rules_files: ['/etc/falco/falco_rules.yaml', '/etc/falco/falco_rules.local.yaml', '/etc/falco/rules.d'] },
    }]);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Namespace/falco']);
  });

  test('the namespace is privileged and has no default deny, each for a stated reason', () => {
    const ns = install().objects[0];
    expect(ns.metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'privileged', 'pod-security.kubernetes.io/warn': 'privileged' });
    expect(ns.metadata.annotations['keelson.dev/pod-security-reason']).toMatch(/^Falco mounts host paths .* CAP_BPF, CAP_PERFMON, CAP_SYS_RESOURCE and CAP_SYS_PTRACE$/);
    expect(ns.metadata.annotations['keelson.dev/network-policy-reason']).toContain('falcoctl downloads the rulesets and plugins from ghcr.io');
  });

  test('syscall rules files become customRules of the DaemonSet release, byte for byte the rendered file', () => {
    const { releases } = install({ ruleFiles: [BOOK_SYSCALL_RULES], namespace: 'runtime-security' });
    expect(releases[0].namespace).toBe('runtime-security');
    expect(releases[0].values[0].customRules).toEqual({ 'my-rules.yaml': renderFalcoRuleFile(BOOK_SYSCALL_RULES) });
    expect(parse(releases[0].values[0].customRules['my-rules.yaml'])[0].priority).toBe('INFORMATIONAL');
  });

  test('k8saudit-eks: a one-replica Deployment without driver reads CloudWatch, with the k8saudit ruleset and the audit rules files', () => {
    const { releases, falco } = install({
      ruleFiles: [BOOK_SYSCALL_RULES, BOOK_K8S_AUDIT_RULES],
      k8sAudit: { plugin: 'k8saudit-eks', clusterName: 'demo', region: 'eu-west-1' },
    });
    expect(releases.map((r: any) => `${r.namespace}/${r.name}@${r.version}`)).toEqual(['falco/falco@9.1.0', 'falco/falco-k8saudit@9.1.0']);
    expect(Object.keys(releases[0].values[0].customRules)).toEqual(['my-rules.yaml']);
    expect(falco.auditServiceAccount).toBe('falco-k8saudit');
    expect(releases[1].values).toEqual([{
      driver: { enabled: false },
      collectors: { enabled: false },
      controller: { kind: 'deployment', deployment: { replicas: 1 } },
      serviceAccount: { create: true, name: 'falco-k8saudit' },
      falcoctl: { artifact: { follow: { enabled: false } }, config: { artifact: { install: { refs: ['k8saudit-rules:0.16', 'k8saudit-eks:0.9', 'json:0.7'] } } } },
      falco: {
        rules_files: ['/etc/falco/k8s_audit_rules.yaml', '/etc/falco/rules.d'],
        load_plugins: ['k8saudit-eks', 'json'],
        plugins: [
          { name: 'k8saudit-eks', library_path: 'libk8saudit-eks.so', init_config: { region: 'eu-west-1' }, open_params: 'demo' },
          { name: 'json', library_path: 'libjson.so' },
        ],
        plugins_hostinfo: false,
      },
      customRules: { 'my-k8s-audit-rules.yaml': renderFalcoRuleFile(BOOK_K8S_AUDIT_RULES) },
    }]);
  });

  test('k8saudit: a ClusterIP webhook on 9765, the plain-text reason recorded on the pods', () => {
    const { releases } = install({ k8sAudit: { plugin: 'k8saudit', plaintextWebhook: { reason: 'lab cluster; the API server and Falco share a private node network' } } });
    const values = releases[1].values[0];
    expect(values.falco.load_plugins).toEqual(['k8saudit', 'json']);
    expect(values.falco.plugins[0]).toEqual({ name: 'k8saudit', library_path: 'libk8saudit.so', open_params: 'http://:9765/k8s-audit' });
    expect(values.falcoctl.config.artifact.install.refs).toEqual(['k8saudit-rules:0.16', 'k8saudit:0.16', 'json:0.7']);
    expect(values.services).toEqual([{ name: 'k8saudit-webhook', type: 'ClusterIP', ports: [{ port: 9765, protocol: 'TCP' }] }]);
    expect(values.podAnnotations).toEqual({ 'keelson.dev/plaintext-webhook-reason': 'lab cluster; the API server and Falco share a private node network' });
    expect(values.customRules).toBeUndefined();
  });

  test('the kernel module runs privileged, for a reason recorded on the namespace', () => {
    const { releases, objects } = install({ driver: 'kmod', privileged: { reason: 'the nodes run kernel 4.18' } });
    expect(releases[0].values[0].driver).toEqual({ enabled: true, kind: 'kmod' });
    expect(objects[0].metadata.annotations['keelson.dev/pod-security-reason']).toMatch(/; its container is privileged: the nodes run kernel 4\.18$/);
    const modern = install({ privileged: { reason: 'perf_event_paranoid is 3 on these nodes' } }).releases[0].values[0];
    expect(modern.driver.modernEbpf).toEqual({ leastPrivileged: false });
  });
});
