// One policy configuration for the synth (per app and global) and `keelson check`: include, exclude, severity
// overrides (shown in reports), custom checks in code, the schema folder; clear errors for unknown keys and ids.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApiObject, JsonPatch } from 'cdk8s';
import { AppStack } from '../../../lib/core/app-stack';
import { AppDefinition, synthApps, synthesizeDefinition } from '../../../lib/output/synth-apps';
import { runSynthCli } from '../../../lib/output/synth-cli';
import { runCheckCli } from '../../../lib/policy/check-cli';
import { defineCheck } from '../../../lib/policy/define';
import { PolicyConfig, PolicyConfigError, loadPolicyConfig } from '../../../lib/policy/policy-config';
import { PolicyError } from '../../../lib/policy/policy-error';
import { defaultRegistry } from '../../../lib/policy/registry';
import { reportToSarif } from '../../../lib/policy/report';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { WebService } from '../../../lib/workloads/web-service';
import { SCHEMA_ROOT } from '../../helpers/schemas';
import { readTree, tempDir } from '../../helpers/tmp';

/** A web app whose Deployment has an unpinned image (error image-tag-pinned) and no limits (two warnings). */
function sloppyApp(policy?: PolicyConfig): AppDefinition {
  return {
    name: 'shop',
    description: '',
    policy,
    build: (app) => {
      const web = new WebService(new SecureNamespace(new AppStack(app, 'shop'), 'shop'), 'web', { image: 'ghcr.io/acme/web:1.0.0' });
      ApiObject.of(web.resource).addJsonPatch(JsonPatch.remove('/spec/template/spec/containers/0/resources/limits'));
      ApiObject.of(web.resource).addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/image', 'ghcr.io/acme/web:latest'));
    },
  };
}

const quiet = { env: {}, note: () => undefined };
const found = (def: AppDefinition, policy?: PolicyConfig) => synthesizeDefinition(def, { policyErrors: 'report', env: {}, policy })
  .policy.findings.map((f) => `${f.severity} ${f.checkId}`);

function capture() {
  const lines: string[] = [];
  return { lines, out: { log: (l: string) => lines.push(l), error: (l: string) => lines.push(l) } };
}

function writeConfig(config: unknown): string {
  const file = path.join(tempDir(), 'keelson.policy.json');
  fs.writeFileSync(file, JSON.stringify(config));
  return file;
}

describe('policy configuration', () => {
  test('without configuration: the error and both warnings', () => {
    expect(found(sloppyApp())).toEqual([
      'error image-tag-pinned', 'warning image-pull-policy', 'warning resources-cpu-limit', 'warning resources-memory-limit',
    ]);
  });

  test('exclude drops checks; include runs only the checks named', () => {
    expect(found(sloppyApp({ exclude: ['image-tag-pinned', 'image-pull-policy'] }))).toEqual(['warning resources-cpu-limit', 'warning resources-memory-limit']);
    const report = synthesizeDefinition(sloppyApp({ include: ['resources-cpu-limit'] }), { policyErrors: 'report', env: {} }).policy;
    expect(report.findings.map((f) => f.checkId)).toEqual(['resources-cpu-limit']);
    // The schema checks stay (they find nothing without a schema folder); exclude or "off" drops them.
    expect(report.checks.map((c) => c.id)).toEqual(['resources-cpu-limit', 'schema-valid', 'schema-missing']);
  });

  test('lowering an error to a warning lets the synth pass; the report shows the warning', () => {
    expect(() => synthApps([sloppyApp()], tempDir(), quiet)).toThrow(PolicyError);
    const summary = synthApps([sloppyApp({ severity: { 'image-tag-pinned': 'warning' } })], tempDir(), quiet);
    expect(summary.apps[0].policy.findings.find((f) => f.checkId === 'image-tag-pinned')?.severity).toBe('warning');
    expect(summary.apps[0].policy.errors).toBe(0);
  });

  test('raising a warning to an error fails the synth, with ERROR in the report and in SARIF; "off" turns a check off', () => {
    const app = sloppyApp({ severity: { 'image-tag-pinned': 'off', 'resources-cpu-limit': 'error' } });
    let error: PolicyError | undefined;
    try {
      synthApps([app], tempDir(), quiet);
    } catch (err) {
      error = err as PolicyError;
    }
    expect(error?.message).toContain('Policy check of app "shop" failed: 1 error(s), 2 warning(s)');
    expect(error?.message).toContain('ERROR resources-cpu-limit: Deployment shop/web (construct shop/shop/web/Resource)\n    container "web" has no cpu limit');
    expect(error?.message).not.toContain('image-tag-pinned');
    const sarif: any = reportToSarif(error!.report);
    expect(sarif.runs[0].results.find((r: any) => r.ruleId === 'resources-cpu-limit').level).toBe('error');
    expect(sarif.runs[0].tool.driver.rules.find((r: any) => r.id === 'resources-cpu-limit').defaultConfiguration.level).toBe('error');
    // The registered check keeps its own severity.
    expect(defaultRegistry().get('resources-cpu-limit')?.severity).toBe('warning');
  });

  test('the app\'s configuration applies over the synth\'s', () => {
    const global: PolicyConfig = { severity: { 'image-tag-pinned': 'warning', 'resources-cpu-limit': 'off' }, exclude: ['image-pull-policy'] };
    expect(found(sloppyApp({ severity: { 'resources-cpu-limit': 'error' } }), global)).toEqual([
      'error resources-cpu-limit', 'warning image-tag-pinned', 'warning resources-memory-limit',
    ]);
  });

  test('custom checks are registered in code with a CheckRegistry, and configured like the built-in ones', () => {
    const teamLabel = defineCheck({
      id: 'team-label',
      description: 'Every Deployment names its owning team in the label "team".',
      remediation: 'Add the label team: <name>.',
      severity: 'error',
      domain: 'kubernetes',
      kinds: ['Deployment'],
      check: (t) => (t.object?.metadata?.labels?.team ? [] : [`Deployment ${t.name} has no "team" label`]),
    });
    const checks = defaultRegistry().register(teamLabel);
    const app = sloppyApp({ checks, severity: { 'image-tag-pinned': 'warning' } });
    expect(() => synthApps([app], tempDir(), quiet)).toThrow('ERROR team-label: Deployment shop/web (construct shop/shop/web/Resource)\n    Deployment web has no "team" label');
    expect(found(sloppyApp({ checks, severity: { 'team-label': 'warning' } }))).toContain('warning team-label');
    // A config file cannot load code.
    const file = writeConfig({ checks: ['./my-checks.js'] });
    expect(() => loadPolicyConfig(file)).toThrow(`policy config ${file}: unknown key "checks"; the keys are include, exclude, severity, schemas; custom checks are registered in code (the "checks" option, a CheckRegistry), never loaded from a file`);
  });

  test('unknown keys, unknown check ids and bad severities are clear errors naming the file, the key and the nearest id', () => {
    const typo = writeConfig({ severity: { 'image-tag-pined': 'warning' } });
    const expected = `policy config ${typo}: severity.image-tag-pined: unknown check id "image-tag-pined" (did you mean "image-tag-pinned"?)`;
    const synth = capture();
    expect(runSynthCli(['--outdir', tempDir(), '--config', typo], [sloppyApp()], { out: synth.out, env: {} })).toBe(1);
    expect(synth.lines.join('\n')).toContain(expected);
    expect(synth.lines.join('\n')).not.toContain('KEELSON_DEBUG');
    const check = capture();
    expect(runCheckCli([tempDir(), '--config', typo], check.out)).toBe(2);
    expect(check.lines.join('\n')).toContain(expected);

    expect(() => loadPolicyConfig(writeConfig({ severty: {} }))).toThrow(/unknown key "severty" \(did you mean "severity"\?\); the keys are include, exclude, severity, schemas$/);
    expect(() => loadPolicyConfig(writeConfig({ severity: { 'pod-probes': 'warn' } }))).toThrow(/severity\.pod-probes: got "warn"; expected "error", "warning" or "off" \(did you mean "warning"\?\)$/);
    expect(() => loadPolicyConfig(writeConfig({ exclude: 'pod-probes' }))).toThrow(/exclude: got "pod-probes"; expected an array of check ids$/);
    expect(() => loadPolicyConfig(writeConfig([]))).toThrow(PolicyConfigError);
    const broken = path.join(tempDir(), 'broken.json');
    fs.writeFileSync(broken, '{ "exclude": [');
    expect(() => loadPolicyConfig(broken)).toThrow(`policy config ${broken}: not valid JSON`);
    expect(() => synthesizeDefinition(sloppyApp({ include: ['resources-cpu-limt'] }), { env: {} }))
      .toThrow('policy config of app "shop": include[0]: unknown check id "resources-cpu-limt" (did you mean "resources-cpu-limit"?)');
    expect(() => synthApps([sloppyApp()], tempDir(), { ...quiet, policy: { exclude: ['resources-cpu'] } }))
      .toThrow('policy config given to the synth: exclude[0]: unknown check id "resources-cpu"');
    expect(() => synthesizeDefinition(sloppyApp({ excludes: [] } as PolicyConfig), { env: {} }))
      .toThrow('policy config of app "shop": unknown key "excludes" (did you mean "exclude"?)');
  });

  test('the same config file gives the synth and keelson check the same verdict', () => {
    const lenient = writeConfig({ severity: { 'image-tag-pinned': 'warning' }, exclude: ['resources-memory-limit'] });
    const strict = writeConfig({ severity: { 'image-tag-pinned': 'warning', 'resources-cpu-limit': 'error' }, exclude: ['resources-memory-limit'] });
    const dir = tempDir();
    const summary = synthApps([sloppyApp()], dir, { ...quiet, policy: loadPolicyConfig(lenient) });
    const synthVerdict = summary.apps[0].policy.findings.map((f) => `${f.severity} ${f.checkId} ${f.object}`);
    expect(synthVerdict).toEqual(['warning image-pull-policy Deployment shop/web', 'warning image-tag-pinned Deployment shop/web', 'warning resources-cpu-limit Deployment shop/web']);

    const checked = capture();
    expect(runCheckCli([dir, '--config', lenient, '--format', 'json'], checked.out)).toBe(0);
    expect(JSON.parse(checked.lines.join('\n')).findings.map((f: any) => `${f.severity} ${f.checkId} ${f.object}`)).toEqual(synthVerdict);

    const before = readTree(dir);
    const synth = capture();
    expect(runSynthCli(['--outdir', dir, '--config', strict], [sloppyApp()], { out: synth.out, env: {} })).toBe(1);
    expect(synth.lines.join('\n')).toContain('ERROR resources-cpu-limit: Deployment shop/web');
    expect(readTree(dir)).toEqual(before);
    const check = capture();
    expect(runCheckCli([dir, '--config', strict], check.out)).toBe(1);
    expect(check.lines.join('\n')).toContain('ERROR resources-cpu-limit: Deployment shop/web (file shop/deployment_apps_shop_web.yaml)');
  });

  test('"schemas" in a config file is relative to it, and validates in the synth and in keelson check', () => {
    const file = writeConfig({});
    fs.writeFileSync(file, JSON.stringify({ schemas: path.relative(path.dirname(file), SCHEMA_ROOT), severity: { 'image-tag-pinned': 'warning' } }));
    expect(loadPolicyConfig(file).schemas).toBe(path.resolve(SCHEMA_ROOT));
    const bogus = (def: AppDefinition): AppDefinition => ({
      ...def,
      build: (app) => {
        def.build(app);
        const web = app.node.findAll().find((c) => c instanceof WebService) as WebService;
        ApiObject.of(web.resource).addJsonPatch(JsonPatch.add('/spec/bogus', 1));
      },
    });
    const synth = capture();
    expect(runSynthCli(['--outdir', tempDir(), '--config', file], [bogus(sloppyApp())], { out: synth.out, env: {} })).toBe(1);
    expect(synth.lines.join('\n')).toContain('ERROR schema-valid: Deployment shop/web (construct shop/shop/web/Resource)\n    /spec/bogus: unknown field "bogus"');
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: app}\nbogus: 1\n');
    const check = capture();
    expect(runCheckCli([dir, '--config', file], check.out)).toBe(1);
    expect(check.lines.join('\n')).toContain('ERROR schema-valid: ConfigMap app/settings (file cm.yaml)\n    /bogus: unknown field "bogus"; allowed fields: apiVersion, binaryData, data, immutable, kind, metadata');
    expect(runCheckCli([dir], capture().out)).toBe(0);
    // The schema checks can be configured too.
    expect(found(bogus(sloppyApp({ schemas: SCHEMA_ROOT, severity: { 'schema-valid': 'warning', 'image-tag-pinned': 'off' } })))).toContain('warning schema-valid');
  });
});
