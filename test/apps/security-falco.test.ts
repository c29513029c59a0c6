import { parse } from 'yaml';
import { PLATFORM } from '../../apps/eks-platform/platform';
import { EXAMPLE_APPS } from '../../apps';
import { ALLOWED_IMAGE_REPOSITORIES, BOOK_K8S_AUDIT_RULES, BOOK_SYSCALL_RULES, falcoApp } from '../../apps/security/falco-stack';
import { synthApps, synthesizeDefinition } from '../../lib/output/synth-apps';
import { renderFalcoRuleFile } from '../../lib/security/falco-rules';
import { synthYaml } from '../helpers/app-output';
import { readTree, tempDir } from '../helpers/tmp';

describe('security-falco: Falco with the book\'s rules (Cloud Native with Kubernetes ch. 12, A4)', () => {
  const objects = synthYaml(falcoApp);
  const { folders, policy } = synthesizeDefinition(falcoApp);
  const helmfile = parse(folders.find((f) => f.name === 'helm/security-falco')!.files.get('helmfile.yaml')!);
  const [falco, audit] = helmfile.releases;

  test('the YAML holds only the privileged falco namespace; Falco itself is two pinned releases of the falcosecurity chart', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Namespace/falco']);
    expect(objects[0].metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(helmfile.repositories).toEqual([{ name: 'falcosecurity', url: 'https://falcosecurity.github.io/charts' }]);
    expect(helmfile.releases.map((r: any) => [r.name, r.namespace, r.chart, r.version])).toEqual([
      ['falco', 'falco', 'falcosecurity/falco', '9.1.0'],
      ['falco-k8saudit', 'falco', 'falcosecurity/falco', '9.1.0'],
    ]);
  });

  test('the DaemonSet runs the book\'s syscall rules, with the modern eBPF probe and capabilities only', () => {
    const values = falco.values[0];
    expect(values.driver).toEqual({ enabled: true, kind: 'modern_ebpf', modernEbpf: { leastPrivileged: true } });
    expect(values.customRules).toEqual({ 'my-rules.yaml': renderFalcoRuleFile(BOOK_SYSCALL_RULES) });
    const rule = parse(values.customRules['my-rules.yaml'])[0];
    expect(rule).toMatchObject({ rule: 'Launch Privileged Container', priority: 'INFORMATIONAL', tags: ['container', 'cis', 'mitre_privilege_escalation', 'mitre_lateral_movement'] });
  });

  test('the audit instance reads the platform cluster\'s audit log from CloudWatch and runs the book\'s k8s_audit rules', () => {
    const values = audit.values[0];
    expect(values.falco.plugins[0]).toEqual({ name: 'k8saudit-eks', library_path: 'libk8saudit-eks.so', init_config: { region: PLATFORM.region }, open_params: PLATFORM.clusterName });
    expect(values.controller).toEqual({ kind: 'deployment', deployment: { replicas: 1 } });
    expect(values.serviceAccount).toEqual({ create: true, name: 'falco-k8saudit' });
    expect(values.customRules).toEqual({ 'my-k8s-audit-rules.yaml': renderFalcoRuleFile(BOOK_K8S_AUDIT_RULES) });
    const rules = parse(values.customRules['my-k8s-audit-rules.yaml']).filter((i: any) => i.rule);
    expect(rules.map((r: any) => [r.rule, r.priority, r.source, r.tags])).toEqual([
      ['Create Disallowed Pod', 'WARNING', 'k8s_audit', ['k8s']],
      ['Create HostNetwork Pod', 'WARNING', 'k8s_audit', ['k8s']],
    ]);
  });

  test('policy: no errors, no warnings, nothing suppressed', () => {
    expect(policy.errors).toBe(0);
    expect(policy.objects).toBeGreaterThan(0);
    expect(policy.findings).toEqual([]);
    expect(policy.suppressed).toEqual([]);
  });

  test('npm run synth writes helm/security-falco/helmfile.yaml beside the YAML, the same bytes every time', () => {
    const [a, b] = [tempDir(), tempDir()];
    synthApps([falcoApp], a);
    synthApps([falcoApp], b);
    const tree = readTree(a);
    expect(Object.keys(tree).filter((f) => f.startsWith('helm/'))).toEqual(['helm/security-falco/helmfile.yaml']);
    expect(Object.keys(tree).some((f) => f.startsWith('security-falco/'))).toBe(true);
    expect(tree).toEqual(readTree(b));
  });

  test('"Create Disallowed Pod" stays quiet for every image the example apps deploy', () => {
    const images = EXAMPLE_APPS.flatMap((def) => [...synthesizeDefinition(def).folders[0].files.values()])
      .flatMap((text) => [...text.matchAll(/^\s*(?:- )?image: (\S+)$/gm)].map((m) => m[1]));
    const repositories = [...new Set(images.map((image) => image.replace(/[@:][^/]*$/, '')))].sort();
    expect(repositories.length).toBeGreaterThan(5);
    expect(repositories.filter((r) => !ALLOWED_IMAGE_REPOSITORIES.includes(r))).toEqual([]);
  });
});
