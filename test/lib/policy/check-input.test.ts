import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCheckCli } from '../../../lib/policy/check-cli';
import type * as engine from '../../../lib/policy/engine';
import { loadPaths } from '../../../lib/policy/targets';
import { tempDir } from '../../helpers/tmp';

const COMPLIANT = path.resolve(__dirname, '..', '..', 'fixtures', 'policy', 'compliant', 'app.yaml');

function run(args: string[]) {
  const lines = { log: [] as string[], error: [] as string[] };
  const code = runCheckCli(args, { log: (l) => lines.log.push(l), error: (l) => lines.error.push(l) });
  return { code, out: lines.log.join('\n'), err: lines.error.join('\n') };
}

/** A directory holding the files given (name → content). */
function dirWith(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** A YAML "billion laughs": `levels` anchors, each a list of `fan` aliases of the one before. */
function laughs(levels: number, fan: number, first = 'lol'): string[] {
  const lines = [`l0: &l0 ["${first}"]`];
  for (let i = 1; i < levels; i++) {
    lines.push(`l${i}: &l${i} [${Array(fan).fill(`*l${i - 1}`).join(', ')}]`);
  }
  return lines;
}

const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: shop}\ndata: {mode: prod}\n';

describe('keelson check reports every object it reads', () => {
  test('an object without metadata.name is an input problem in text, json and sarif, and fails the check', () => {
    const dir = dirWith({ 'app.yaml': `${CONFIG_MAP}---\n# the second object\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  namespace: shop\ndata: {a: b}\n` });
    const text = run([dir]);
    expect(text.code).toBe(1);
    // The nameless object is checked as well, under a placeholder name.
    expect(text.out).toContain('2 objects checked');
    expect(text.out).toContain('  1 input problem(s): each fails the check');
    expect(text.out).toContain('  UNREADABLE app.yaml:7: document 2: ConfigMap has no metadata.name');

    const json = run([dir, '--format', 'json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out).unreadable).toEqual([{ file: 'app.yaml', line: 7, document: 1, message: 'document 2: ConfigMap has no metadata.name' }]);

    const sarif = run([dir, '--format', 'sarif']);
    expect(sarif.code).toBe(1);
    const log = JSON.parse(sarif.out);
    expect(log.runs[0].tool.driver.rules.map((r: any) => r.id)).toContain('input-unreadable');
    expect(log.runs[0].results.filter((r: any) => r.ruleId === 'input-unreadable')).toEqual([{
      ruleId: 'input-unreadable', level: 'error', message: { text: 'document 2: ConfigMap has no metadata.name' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'app.yaml' }, region: { startLine: 7 } } }],
    }]);
  });

  test('an object without a name is still checked, as (unnamed document N), so its findings show beside the input problem', () => {
    const dir = dirWith({ 'app.yaml': `${CONFIG_MAP}---\napiVersion: v1\nkind: Pod\nmetadata: {namespace: shop}\nspec:\n  containers: [{name: app, image: "nginx:1.27", securityContext: {privileged: true}}]\n` });
    const { code, out } = run([dir]);
    expect(code).toBe(1);
    expect(out).toContain('2 objects checked');
    expect(out).toContain('  ERROR pss-privileged: Pod shop/(unnamed document 2) (file app.yaml)');
    expect(out).toContain('  UNREADABLE app.yaml:6: document 2: Pod has no metadata.name');
  });

  test('documents that are not objects, lack apiVersion or kind, or only have a generateName are each reported', () => {
    const dir = dirWith({
      'mixed.yaml': [
        'just a string', '---', 'kind: Deployment\nmetadata: {name: web}', '---', 'apiVersion: batch/v1\nkind: Job\nmetadata: {generateName: migrate-}', '---', '- a\n- list',
      ].join('\n'),
    });
    const { code, out } = run([dir]);
    expect(code).toBe(1);
    expect(out).toContain('UNREADABLE mixed.yaml:1: document 1: a string, not a Kubernetes object');
    expect(out).toContain('UNREADABLE mixed.yaml:3: document 2: not a Kubernetes object: no apiVersion');
    expect(out).toContain('UNREADABLE mixed.yaml:6: document 3: Job has no metadata.name (only generateName migrate-: the API server picks the name)');
    expect(out).toContain('UNREADABLE mixed.yaml:10: document 4: a list, not a Kubernetes object');
  });

  test('List items are checked one by one; an item that is not an object is reported by its index', () => {
    const list = {
      apiVersion: 'v1', kind: 'List',
      items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'shop' } }, { kind: 'ConfigMap' }, 3],
    };
    const dir = dirWith({ 'list.json': JSON.stringify(list), 'bad-list.yaml': 'apiVersion: v1\nkind: List\nitems: {}\n' });
    const { code, out } = run([dir, '--format', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(out);
    expect(report.summary.objects).toBe(1);
    expect(report.unreadable.map((p: any) => `${p.file}: ${p.message}`)).toEqual([
      'bad-list.yaml: document 1: a List without an items array',
      'list.json: document 1, item 2 of the List: not a Kubernetes object: no apiVersion',
      'list.json: document 1, item 3 of the List: a number, not a Kubernetes object',
    ]);
  });

  test('a file without objects (empty, only comments, only ---) is an error, and so is a directory without files', () => {
    const dir = dirWith({ 'empty.yaml': '', 'comments.yaml': '# nothing here yet\n', 'separators.yaml': '---\n---\n', 'empty.json': '  \n' });
    const { code, out } = run([dir]);
    expect(code).toBe(1);
    for (const file of ['comments.yaml', 'empty.json', 'empty.yaml', 'separators.yaml']) {
      expect(out).toContain(`UNREADABLE ${file}: holds no Kubernetes objects (the file is empty, or only comments and ---)`);
    }
    const none = run([tempDir()]);
    expect(none.code).toBe(1);
    expect(none.out).toMatch(/UNREADABLE .*keelson-test-\w+: no \.yaml, \.yml or \.json files in this directory/);
    // Empty documents between objects (as in `helm template` output) are not objects and not problems.
    expect(run([dirWith({ 'app.yaml': `---\n# Source: chart/templates/empty.yaml\n---\n${CONFIG_MAP}---\n` })]).code).toBe(0);
  });
});

describe('keelson check on input that is not plain manifests', () => {
  test('a Helm template gets one hint to render it first, at the line of its first {{ }}', () => {
    const dir = dirWith({
      'templates/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n',
      'templates/deployment.yaml': '{{- if .Values.enabled }}\napiVersion: apps/v1\nkind: Deployment\n{{- end }}\n',
    });
    const { code, out } = run([dir]);
    expect(code).toBe(1);
    const hint = 'looks like a Helm template ({{ ... }}): render it first and check the output (helm template RELEASE CHART | keelson check -)';
    expect(out.split('\n').filter((l) => l.includes('UNREADABLE'))).toEqual([
      `  UNREADABLE templates/deployment.yaml:1: ${hint}`,
      `  UNREADABLE templates/service.yaml:4: ${hint}`,
    ]);
  });

  test('{{ }} inside a valid object (a Prometheus rule, say) is just text', () => {
    const rule = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: alerts, namespace: shop}\ndata:\n  summary: "{{ $labels.instance }} is down"\n';
    expect(run([dirWith({ 'rules.yaml': rule })]).code).toBe(0);
  });

  test('a YAML syntax error is reported with its line; a missing --- (a duplicate key) says so', () => {
    const dir = dirWith({
      'two.yaml': `${CONFIG_MAP}apiVersion: v1\nkind: ConfigMap\nmetadata: {name: other, namespace: shop}\n`,
      'broken.yaml': `${CONFIG_MAP}---\napiVersion: v1\nkind: [unclosed\n`,
      'broken.json': '{\n  "apiVersion": "v1",\n  "kind": "ConfigMap",\n}\n',
    });
    const { code, out } = run([dir]);
    expect(code).toBe(1);
    expect(out).toContain('UNREADABLE two.yaml:5: YAML syntax error: duplicated mapping key (is a --- missing between two objects?)');
    expect(out).toMatch(/UNREADABLE broken\.yaml:7: YAML syntax error: /);
    expect(out).toMatch(/UNREADABLE broken\.json:4: JSON syntax error: /);
  });

  test('a single file is checked on its own, whatever its extension, and named as given', () => {
    const dir = dirWith({ 'app.yaml': CONFIG_MAP, 'rendered.txt': CONFIG_MAP, 'other.yaml': 'kind: [' });
    const yaml = run([path.join(dir, 'app.yaml'), '--format', 'json']);
    expect(yaml.code).toBe(0);
    expect(JSON.parse(yaml.out).summary.objects).toBe(1);
    const txt = run([path.join(dir, 'rendered.txt')]);
    expect(txt.code).toBe(0);
    expect(txt.out).toContain('1 objects checked');
    const bad = run([path.join(dir, 'other.yaml')]);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(`UNREADABLE ${path.join(dir, 'other.yaml').split(path.sep).join('/')}:1: YAML syntax error`);
  });

  test('several paths (files and directories) are checked together, each file once, named by its path', () => {
    const a = dirWith({ 'app.yaml': fs.readFileSync(COMPLIANT, 'utf8') });
    const b = dirWith({ 'settings.yaml': CONFIG_MAP, 'nameless.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n' });
    const { code, out } = run([a, path.join(b, 'settings.yaml'), path.join(a, 'app.yaml'), '--format', 'json']);
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.summary.objects).toBe(6);
    expect(report.suppressed.map((s: any) => s.file)).toEqual([`${a.split(path.sep).join('/')}/app.yaml`]);
    const both = run([a, b]);
    expect(both.code).toBe(1);
    expect(both.out).toContain(`UNREADABLE ${b.split(path.sep).join('/')}/nameless.yaml:1: document 1: ConfigMap has no metadata.name`);
  });

  test('paths that are neither a file nor a directory are usage errors', () => {
    const dir = tempDir();
    expect(run([dir, path.join(dir, 'missing')])).toMatchObject({ code: 2, err: `keelson check: ${path.join(dir, 'missing')} is not a file or directory` });
    expect(run([path.join(dir, 'missing', 'deeper')]).code).toBe(2);
  });

  test('tools\' own files in a synth output (cdktf manifest, faas-cli stack file) are listed as skipped, not failed', () => {
    const dir = dirWith({
      'app.yaml': CONFIG_MAP,
      'terraform/manifest.json': JSON.stringify({ version: '0.21.0', stacks: { platform: { synthesizedStackPath: 'stacks/platform/cdk.tf.json' } } }),
      'faas/stack.yml': 'version: 1.0\nprovider: {name: openfaas}\nfunctions: {hello: {lang: python3}}\n',
    });
    const { code, out } = run([dir]);
    expect(code).toBe(0);
    expect(out).toContain('  SKIPPED faas/stack.yml: an OpenFaaS stack file (faas-cli), not Kubernetes objects');
    expect(out).toContain('  SKIPPED terraform/manifest.json: a cdktf manifest (its stacks/<stack>/cdk.tf.json files are checked)');
  });

  test('Helm chart files and other linters\' configurations are listed as skipped, with what to do; objects in such files are checked', () => {
    const dir = dirWith({
      'app.yaml': CONFIG_MAP,
      'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
      'chart/values.yaml': 'replicaCount: 2\nimage: {repository: nginx}\n',
      'chart/values-prod.yaml': 'replicaCount: 4\n',
      'kube-linter.yaml': 'checks:\n  addAllBuiltIn: true\n  exclude: [unset-cpu-requirements]\n',
      'polaris.yaml': 'checks:\n  hostIPCSet: danger\n  cpuLimitsMissing: warning\n',
      'polaris-checks/limits.yaml': 'successMessage: ok\nfailureMessage: not ok\ncategory: Resources\ntarget: Container\nschema: {type: object}\n',
      'values/values.yaml': CONFIG_MAP.replace('name: settings', 'name: values'),
    });
    const { code, out } = run([dir]);
    expect(code).toBe(0);
    expect(out).toContain('  SKIPPED chart/Chart.yaml: a Helm chart\'s Chart.yaml: to check what the chart makes, render it first (helm template RELEASE DIR | keelson check -)');
    expect(out).toContain('  SKIPPED chart/values.yaml: Helm values (not Kubernetes objects)');
    expect(out).toContain('  SKIPPED chart/values-prod.yaml: Helm values (not Kubernetes objects)');
    expect(out).toContain('  SKIPPED kube-linter.yaml: a kube-linter configuration, not Kubernetes objects');
    expect(out).toContain('  SKIPPED polaris.yaml: a Polaris configuration, not Kubernetes objects');
    expect(out).toContain('  SKIPPED polaris-checks/limits.yaml: a Polaris custom check, not Kubernetes objects');
    // A file named values.yaml that holds objects is checked like any other.
    expect(out).not.toContain('SKIPPED values/values.yaml');
    expect(out).toContain('2 objects checked');
  });

  test('paths holding only other tools\' files fail: a check that read nothing does not pass', () => {
    const dir = dirWith({ 'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n', 'chart/values.yaml': 'replicaCount: 2\n' });
    const { code, out } = run([dir]);
    expect(code).toBe(1);
    expect(out).toContain('nothing to check: every file is listed as skipped below; render what they describe and check that');
    expect(out).toContain('SKIPPED chart/Chart.yaml');
  });

  test('Terraform in HCL is named as not read: skipped beside manifests, a failing input problem when named alone', () => {
    const hcl = 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n';
    const dir = dirWith({ 'app.yaml': CONFIG_MAP, 'infra/main.tf': hcl, 'infra/.terraform/modules/x.tf': hcl });
    const mixed = run([dir]);
    expect(mixed.code).toBe(0);
    expect(mixed.out).toContain('  SKIPPED infra/main.tf: Terraform in HCL, which keelson check does not read: it checks Terraform JSON configuration (.tf.json');
    expect(mixed.out).not.toContain('.terraform/');
    const alone = run([path.join(dir, 'infra', 'main.tf')]);
    expect(alone.code).toBe(1);
    expect(alone.out).toMatch(/UNREADABLE .*main\.tf: Terraform in HCL, which keelson check does not read/);
  });

  test('a valid multi-document file with a JSON file next to it still passes', () => {
    const dir = dirWith({ 'app.yaml': fs.readFileSync(COMPLIANT, 'utf8'), 'settings.json': JSON.stringify(JSON.parse(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'shop' }, data: { mode: 'prod' } }))) });
    const { code, out } = run([dir]);
    expect(code).toBe(0);
    expect(out).toContain('0 error(s), 0 warning(s), 1 suppressed, 6 objects checked');
    expect(out).not.toContain('UNREADABLE');
  });
});

describe('keelson check on hostile input', () => {
  test('a 2 KB "billion laughs" in a Service selector fails fast with a clear message', () => {
    const text = [
      'apiVersion: v1', 'kind: Service', 'metadata: {name: lol, namespace: shop}',
      ...laughs(10, 10, 'lol'.repeat(450)),
      'spec:', '  ports: [{name: http, port: 80}]', '  selector:', '    app: *l9', '',
    ].join('\n');
    expect(text.length).toBeGreaterThan(1500);
    expect(text.length).toBeLessThan(2500);
    const dir = dirWith({ 'lol.yaml': text });
    const heap = process.memoryUsage().heapUsed;
    const start = Date.now();
    const { code, out } = run([dir]);
    expect(Date.now() - start).toBeLessThan(5000);
    expect(process.memoryUsage().heapUsed - heap).toBeLessThan(300 * 1024 * 1024);
    expect(code).toBe(1);
    expect(out).toContain('0 objects checked');
    expect(out).toMatch(/UNREADABLE lol\.yaml:1: document 1: its YAML aliases expand it to \d+ nodes \(aliases may add at most 100000; a "billion laughs"\?\)/);
  });

  test('two probes aliased to an expanding anchor fail fast; a probe shared by alias is read and checked', () => {
    const compliant = fs.readFileSync(COMPLIANT, 'utf8');
    const probes = '          readinessProbe: { httpGet: { path: /ready, port: http }, periodSeconds: 5 }\n'
      + '          livenessProbe: { httpGet: { path: /healthz, port: http }, periodSeconds: 10 }\n';
    expect(compliant).toContain(probes);
    const hostile = compliant
      .replace('kind: Deployment\n', `kind: Deployment\n${laughs(8, 10).join('\n')}\n`)
      .replace(probes, '          readinessProbe: &probe { httpGet: { path: /ready, port: http, httpHeaders: *l7 } }\n          livenessProbe: *probe\n');
    const start = Date.now();
    const bad = run([dirWith({ 'app.yaml': hostile })]);
    expect(Date.now() - start).toBeLessThan(5000);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/UNREADABLE app\.yaml:9: document 2: its YAML aliases expand it to \d+ nodes/);

    const shared = compliant.replace(probes, '          readinessProbe: &probe { httpGet: { path: /ready, port: http }, periodSeconds: 5 }\n          livenessProbe: *probe\n');
    const ok = run([dirWith({ 'app.yaml': shared }), '--format', 'json']);
    const report = JSON.parse(ok.out);
    expect(report.unreadable).toEqual([]);
    expect(report.findings.map((f: any) => `${f.checkId}: ${f.object}`)).toEqual(['probes-not-identical: Deployment shop/web']);
  });

  test('an alias inside its own node (a cycle), deep nesting and files over 10 MB are reported, not thrown', () => {
    const dir = dirWith({
      'cycle.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: c, namespace: shop}\nspec: &s {selector: *s}\n',
      'deep.yaml': `${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
      'deep.json': `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`,
      'big.yaml': `${CONFIG_MAP}# ${'x'.repeat(10 * 1024 * 1024)}\n`,
    });
    const start = Date.now();
    const { code, out } = run([dir]);
    expect(Date.now() - start).toBeLessThan(5000);
    expect(code).toBe(1);
    expect(out.split('\n').filter((l) => l.includes('UNREADABLE'))).toEqual([
      '  UNREADABLE big.yaml: is 10.0 MB; files over 10 MB are not read',
      '  UNREADABLE cycle.yaml:1: document 1 has an alias inside the node it refers to (a cycle)',
      '  UNREADABLE deep.json:1: document 1 nests deeper than 500 levels',
      '  UNREADABLE deep.yaml:1: nests deeper than 500 levels',
    ]);
  });

  test('a check that throws on an odd object ends in one line naming the file and the object, exit code 1', () => {
    // The CLI over an engine whose run throws on one object (the module replaced in an isolated registry).
    const engineModule = '../../../lib/policy/engine';
    let result: ReturnType<typeof run> | undefined;
    jest.isolateModules(() => {
      const real = jest.requireActual(engineModule) as typeof engine;
      jest.doMock(engineModule, () => ({
        ...real,
        runPolicy: (targets: Parameters<typeof engine.runPolicy>[0], options?: Parameters<typeof engine.runPolicy>[1]) => {
          if (targets.some((t) => t.name === 'boom')) {
            throw new TypeError("Cannot read properties of undefined (reading 'split')");
          }
          return real.runPolicy(targets, options);
        },
      }));
      const { runCheckCli: isolated } = require('../../../lib/policy/check-cli') as typeof import('../../../lib/policy/check-cli');
      const dir = dirWith({ 'a.yaml': CONFIG_MAP, 'b.yaml': CONFIG_MAP.replace('settings', 'boom') });
      const lines = { log: [] as string[], error: [] as string[] };
      const code = isolated([dir], { log: (l) => lines.log.push(l), error: (l) => lines.error.push(l) });
      result = { code, out: lines.log.join('\n'), err: lines.error.join('\n') };
    });
    jest.dontMock(engineModule);
    expect(result).toEqual({ code: 1, out: '', err: "keelson check: b.yaml: ConfigMap shop/boom: TypeError: Cannot read properties of undefined (reading 'split')" });
  });

  test('loadPaths never throws, whatever the bytes', () => {
    const samples = ['\u0000\u0001', '%YAML 9.9\n---\na: 1', '!!js/function "x"', '? [a, b]\n: c', 'a: !!binary AAAA', ':', '- - - -', '\uFEFF{"a": 1}', '"\\', '&a [*a]', '*nothing'];
    const dir = dirWith(Object.fromEntries(samples.map((s, i) => [`s${i}.yaml`, s])));
    const result = loadPaths([dir]);
    expect(result.targets).toEqual([]);
    expect(result.problems.map((p) => p.file)).toEqual(samples.map((_, i) => `s${i}.yaml`).sort());
  });
});
