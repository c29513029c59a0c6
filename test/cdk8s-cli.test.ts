import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { EXAMPLE_APPS } from '../apps';
import { AppStack } from '../lib/core/app-stack';
import { AppDefinition, synthApps } from '../lib/output/synth-apps';
import { runSynthCli } from '../lib/output/synth-cli';
import { SecureNamespace } from '../lib/security/secure-namespace';
import { WebService } from '../lib/workloads/web-service';
import { expectSchemaValid } from './helpers/schemas';
import { readTree, tempDir } from './helpers/tmp';

const ROOT = path.resolve(__dirname, '..');

/** A copy of the project as a user's checkout would hold it: cdk8s.yaml and sources (linked), a committed dist/. */
function project(): string {
  const dir = tempDir();
  for (const entry of ['node_modules', 'lib', 'apps', 'bin', 'tsconfig.json', 'package.json']) {
    fs.symlinkSync(path.join(ROOT, entry), path.join(dir, entry));
  }
  fs.copyFileSync(path.join(ROOT, 'cdk8s.yaml'), path.join(dir, 'cdk8s.yaml'));
  return dir;
}

function cdk8sSynth(cwd: string, env: Record<string, string> = {}, ...args: string[]) {
  return spawnSync(path.join(ROOT, 'node_modules', '.bin', 'cdk8s'), ['synth', ...args], {
    cwd, env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', CDK8S_OUTDIR: '', ...env }, encoding: 'utf8',
  });
}

describe('cdk8s.yaml', () => {
  test('runs the synthesizer without ts-node, writing dist/ itself and giving the CLI a scratch output', () => {
    const config = parse(fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8'));
    expect(config.language).toBe('typescript');
    expect(config.app).not.toMatch(/ts-node/);
    expect(config.app).toMatch(/\btsx\b|^node /);
    expect(config.app).toMatch(/--outdir dist$/);
    expect(config.output).not.toBe('dist');
  });

  test('`cdk8s synth` writes the same dist/ as a synth in this process, whatever the working directory, time zone, locale or key sorting', () => {
    const dir = project();
    const result = cdk8sSynth(dir, { TZ: 'Pacific/Kiritimati', LANG: 'tr_TR.UTF-8', CDK8S_DISABLE_SORT: '1' });
    expect(result.stderr).toContain('counter-redis: ');
    expect(result.status).toBe(0);
    const direct = tempDir();
    synthApps(EXAMPLE_APPS, direct);
    const written = readTree(path.join(dir, 'dist'));
    expect(written).toEqual(readTree(direct));
    // The CLI lists the YAML it finds in its output folder: the files written to dist/, linked there.
    expect(result.stdout).toContain('  - cdk8s.out/counter-redis/namespace_core__counter-redis.yaml');
    expect(readTree(path.join(dir, 'cdk8s.out', 'counter-redis'))).toEqual(readTree(path.join(direct, 'counter-redis')));

    // No machine-specific paths or timestamps; every object valid; every kind of output folder present.
    const text = Object.values(written).join('\n');
    expect(text).not.toContain(ROOT);
    expect(text).not.toContain(dir);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    expectSchemaValid(Object.entries(written).filter(([file]) => file.endsWith('.yaml') && !/^(helm|openfaas)\//.test(file)).map(([, t]) => parse(t)));
    expect(Object.keys(written).filter((f) => f.startsWith('terraform/')).length).toBeGreaterThan(0);
    expect(Object.keys(written).filter((f) => f.startsWith('helm/'))).toEqual(['helm/eks-platform/helmfile.yaml', 'helm/knative/helmfile.yaml', 'helm/mesh/helmfile.yaml', 'helm/openfaas-hello/helmfile.yaml', 'helm/security-falco/helmfile.yaml']);
    expect(Object.keys(written).filter((f) => f.startsWith('openfaas/')))
      .toEqual(['openfaas/openfaas-hello/hello/handler.py', 'openfaas/openfaas-hello/hello/requirements.txt', 'openfaas/openfaas-hello/stack.yml']);
  }, 60_000);

  test('through `cdk8s synth`, a failed synth leaves the committed dist/ byte-identical; its report (warnings too) is shown', () => {
    const dir = project();
    // The committed output, written in this process: one web service.
    const good: AppDefinition = {
      name: 'good', description: '', build: (app) => new WebService(new SecureNamespace(new AppStack(app, 'good'), 'good'), 'web', { image: 'ghcr.io/acme/web:1.0.0' }),
    };
    expect(runSynthCli(['--outdir', path.join(dir, 'dist')], [good], { out: { log: () => undefined, error: () => undefined }, env: {} })).toBe(0);
    const committed = readTree(path.join(dir, 'dist'));
    expect(Object.keys(committed).length).toBeGreaterThan(5);

    // The pipeline's synth, with an app that breaks policy (a wildcard role) and has a stale suppression (a warning).
    fs.writeFileSync(path.join(dir, 'apps.ts'), `
import { AppStack, Probe, SecureNamespace, WebService, runSynthCli, suppressCheck } from ${JSON.stringify(path.join(ROOT, 'lib'))};
const good = { name: 'good', description: '', build: (app: any) => new WebService(new SecureNamespace(new AppStack(app, 'good'), 'good'), 'web', { image: 'ghcr.io/acme/web:1.0.0' }) };
const bad = { name: 'bad', description: '', build: (app: any) => {
  const stack = new AppStack(app, 'bad');
  new WebService(new SecureNamespace(stack, 'bad'), 'web', { image: 'ghcr.io/acme/web:2.0.0', readiness: Probe.http('/reset-cache', 'http') });
  suppressCheck(stack, 'rbac-wildcard', { reason: 'a stale suppression' });
} };
process.exitCode = runSynthCli(process.argv.slice(2), [good, bad]);
`);
    const broken = cdk8sSynth(dir, {}, '--app', `${path.join(ROOT, 'node_modules', '.bin', 'tsx')} apps.ts --outdir dist`);
    expect(broken.status).not.toBe(0);
    expect(broken.stderr).toContain('Synthesis failed; the previous output was left untouched.');
    expect(broken.stderr).toContain('ERROR probe-mutating-endpoint: Deployment bad/web (construct bad/bad/web/Resource)');
    expect(broken.stderr).toContain('WARNING policy-suppression: bad (construct bad)');
    expect(readTree(path.join(dir, 'dist'))).toEqual(committed);
  }, 60_000);
});
