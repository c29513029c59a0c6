import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { runCheckCli } from '../../../lib/policy/check-cli';
import { tempDir } from '../../helpers/tmp';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'policy');

function run(args: string[]) {
  const lines = { log: [] as string[], error: [] as string[] };
  const code = runCheckCli(args, { log: (l) => lines.log.push(l), error: (l) => lines.error.push(l) });
  return { code, out: lines.log.join('\n'), err: lines.error.join('\n') };
}

describe('keelson check DIR', () => {
  test('the book\'s MySQL manifests and Terraform fail, with the expected findings', () => {
    const { code, out } = run([path.join(FIXTURES, 'book-mysql'), '--format', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(out);
    const ids = (object: string) => report.findings.filter((f: any) => f.object === object).map((f: any) => f.checkId).sort();
    expect(ids('StatefulSet mysql')).toEqual(expect.arrayContaining([
      'env-secret-literal', 'pss-run-as-non-root', 'statefulset-headless-service', 'pod-network-policy', 'default-service-account',
    ]));
    expect(ids('Secret mysql-secret-config')).toEqual(['explicit-namespace', 'secret-values']);
    expect(ids('aws_eks_cluster.demo (stack terraform)')).toEqual([
      'eks-control-plane-logging', 'eks-deletion-protection', 'eks-public-endpoint', 'eks-public-endpoint-open', 'eks-secrets-encryption', 'eks-supported-version',
      'eks-upgrade-policy',
    ]);
    expect(ids('aws_s3_bucket.my_bucket (stack terraform)')).toEqual(['s3-access-logging', 's3-encryption', 's3-lifecycle', 's3-public-access-block', 's3-versioning']);
    // Among them: each pod's writable root file system (read-only-root-filesystem), and so its unbounded disk use (resources-ephemeral-storage).
    expect(report.summary).toEqual({ errors: 24, warnings: 26, suppressed: 0, objects: 7 });
    expect(report.findings.find((f: any) => f.checkId === 'env-secret-literal').file).toBe('mysql.yaml');
  });

  test('the books\' serverless installs fail: exposed FaaS control plane, no auth, a Trigger to a broker that is not a Broker', () => {
    const { code, out } = run([path.join(FIXTURES, 'book-openfaas'), '--format', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(out);
    const ids = (object: string) => report.findings.filter((f: any) => f.object === object && f.severity === 'error').map((f: any) => f.checkId).sort();
    for (const svc of ['Service default/gateway', 'Service default/gateway-lb', 'Service default/faas-netesd']) {
      expect(ids(svc)).toContain('faas-control-plane-exposed');
    }
    // Read from helmfile.yaml: the chart defaults (exposeServices, NodePort) plus basic_auth: false.
    const release = report.findings.filter((f: any) => f.object === 'HelmRelease default/openfaas');
    expect(release.map((f: any) => [f.checkId, f.file])).toEqual([['openfaas-gateway-secured', 'helmfile.yaml'], ['openfaas-gateway-secured', 'helmfile.yaml']]);
    expect(release.map((f: any) => f.message).join('\n')).toMatch(/basic_auth is false[\s\S]*exposed as a NodePort Service/);
    // The book's "kind: broker" is not a Broker, so the Trigger has none; its subscriber Service is not in the files either.
    expect(ids('Trigger default/my-trigger')).toEqual(['knative-reference-exists', 'knative-trigger-broker']);
    expect(ids('Deployment default/gateway')).toContain('removed-api-version');
  });

  test('the books\' security objects fail with one finding per defect', () => {
    const { code, out } = run([path.join(FIXTURES, 'book-security'), '--format', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(out);
    const ids = (object: string) => [...new Set(report.findings.filter((f: any) => f.object === object && f.severity === 'error').map((f: any) => f.checkId))].sort();
    expect(ids('PodSecurityPolicy psp-example')).toEqual(['removed-api-version']);
    expect(ids('ClusterRole privileged-role')).toEqual(['rbac-rule-api-group']);
    expect(ids('ClusterRoleBinding privileged-crb')).toEqual(['rbac-broad-subject']);
    expect(ids('RoleBinding workshop/test-role-binding')).toEqual(['rbac-role-ref-exists']);
    expect(ids('NetworkPolicy development/allow-all-egress')).toEqual(['networkpolicy-allow-all']);
    expect(ids('NetworkPolicy development/specific-ip-policy')).toEqual(['networkpolicy-ipblock-except']);
    expect(ids('MutatingWebhookConfiguration my-service-webhook')).toEqual([
      'admission-rule-api-group', 'webhook-excludes-system', 'webhook-failure-timeout', 'webhook-side-effects', 'webhook-tls-trust',
    ]);
  });

  test('a compliant directory passes; its annotation suppression is reported with the reason', () => {
    const { code, out } = run([path.join(FIXTURES, 'compliant')]);
    expect(code).toBe(0);
    expect(out).toContain('0 error(s), 0 warning(s), 1 suppressed, 5 objects checked');
    expect(out).toContain('SUPPRESSED resources-cpu-limit: Deployment shop/web (file app.yaml): CPU limits throttle');
  });

  test('SARIF to a file', () => {
    const file = path.join(tempDir(), 'reports', 'policy.sarif');
    const { code, out } = run([path.join(FIXTURES, 'book-mysql'), '--format', 'sarif', '--output', file]);
    expect(code).toBe(1);
    expect(out).toBe(`24 error(s), 26 warning(s); report written to ${file}`);
    const sarif = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(sarif.runs[0].results).toHaveLength(50);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toMatch(/\.(yaml|json)$/);
  });

  test('unreadable files fail the check; usage errors exit 2', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'broken.yaml'), 'kind: [unclosed');
    const broken = run([dir]);
    expect(broken.code).toBe(1);
    expect(broken.out).toContain('UNREADABLE broken.yaml:');
    expect(run([]).code).toBe(2);
    expect(run([path.join(dir, 'missing')]).err).toContain('is not a file or directory');
    expect(run([dir, '--format', 'xml']).code).toBe(2);
  });

  test('"-" reads the manifests from standard input, once, and names them <stdin>', () => {
    const mysql = fs.readFileSync(path.join(FIXTURES, 'book-mysql', 'mysql.yaml'), 'utf8');
    let reads = 0;
    const lines: string[] = [];
    const code = runCheckCli(['-', '-', '--format', 'json'], { log: (l) => lines.push(l), error: (l) => lines.push(l) }, () => {
      reads += 1;
      return mysql;
    });
    expect([code, reads]).toEqual([1, 1]);
    const report = JSON.parse(lines.join('\n'));
    expect(report.findings.find((f: any) => f.checkId === 'env-secret-literal').file).toBe('<stdin>');
    // What a file would give: the same findings as the file itself.
    const fromFile = JSON.parse(run([path.join(FIXTURES, 'book-mysql', 'mysql.yaml'), '--format', 'json']).out);
    expect(report.findings.map((f: any) => `${f.checkId} ${f.object}`)).toEqual(fromFile.findings.map((f: any) => `${f.checkId} ${f.object}`));
  });

  test('"-" with empty or unreadable input is an input problem, not a crash', () => {
    const lines: string[] = [];
    expect(runCheckCli(['-'], { log: (l) => lines.push(l), error: (l) => lines.push(l) }, () => '')).toBe(1);
    expect(lines.join('\n')).toContain('<stdin>');
    expect(lines.join('\n')).toContain('holds no Kubernetes objects');
    const broken: string[] = [];
    expect(runCheckCli(['-'], { log: (l) => broken.push(l), error: (l) => broken.push(l) }, () => 'kind: [')).toBe(1);
    expect(broken.join('\n')).toContain('UNREADABLE <stdin>:1: YAML syntax error');
  });

  test('the keelson binary reads standard input', () => {
    const input = fs.readFileSync(path.join(FIXTURES, 'book-mysql', 'mysql.yaml'), 'utf8');
    const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'bin', 'keelson.ts'), 'check', '-'], { encoding: 'utf8', input });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('<stdin>');
    expect(result.stdout).toContain('env-secret-literal');
  }, 20_000);

  test('the keelson binary runs the command', () => {
    const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'bin', 'keelson.ts'), 'check', path.join(FIXTURES, 'compliant')], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('1 suppressed');
  }, 20_000);
});
