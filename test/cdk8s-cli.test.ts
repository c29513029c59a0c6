import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { EXAMPLE_APPS } from '../apps';
import { synthApps } from '../lib/output/synth-apps';
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

function cdk8sSynth(cwd: string, ...args: string[]) {
  return spawnSync(path.join(ROOT, 'node_modules', '.bin', 'cdk8s'), ['synth', ...args], {
    cwd, env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', CDK8S_OUTDIR: '' }, encoding: 'utf8',
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

  test('`cdk8s synth` writes the same dist/ as `npm run synth`, shows the summary, and lists the files', () => {
    const dir = project();
    const result = cdk8sSynth(dir);
    expect(result.stderr).toContain('counter-redis: ');
    expect(result.status).toBe(0);
    const direct = tempDir();
    synthApps(EXAMPLE_APPS, direct);
    expect(readTree(path.join(dir, 'dist'))).toEqual(readTree(direct));
    // The CLI lists the YAML it finds in its output folder: the files written to dist/, linked there.
    expect(result.stdout).toContain('  - cdk8s.out/counter-redis/namespace_core__counter-redis.yaml');
    expect(readTree(path.join(dir, 'cdk8s.out', 'counter-redis'))).toEqual(readTree(path.join(direct, 'counter-redis')));
  }, 60_000);

  test('through `cdk8s synth`, a failed synth leaves the committed dist/ byte-identical; warnings are shown', () => {
    const dir = project();
    fs.writeFileSync(path.join(dir, 'apps.ts'), `
import { AppStack, SecureNamespace, WebService, runSynthCli, suppressCheck } from ${JSON.stringify(path.join(ROOT, 'lib'))};
const good = { name: 'good', description: '', build: (app: any) => {
  const stack = new AppStack(app, 'good');
  new WebService(new SecureNamespace(stack, 'good'), 'web', { image: 'ghcr.io/acme/web:1.0.0' });
  suppressCheck(stack, 'rbac-wildcard', 'a stale suppression, to raise a warning');
} };
const bad = { name: 'bad', description: '', build: (app: any) => new WebService(new SecureNamespace(new AppStack(app, 'bad'), 'bad'), 'web', { image: 'nginx' }) };
process.exitCode = runSynthCli(process.argv.slice(2), process.env.BREAK ? [good, bad] : [good]);
`);
    const app = `${path.join(ROOT, 'node_modules', '.bin', 'tsx')} apps.ts --outdir dist`;
    const first = cdk8sSynth(dir, '--app', app);
    expect(first.status).toBe(0);
    expect(first.stderr).toContain('WARNING policy-suppression: good (construct good)');
    const committed = readTree(path.join(dir, 'dist'));
    expect(Object.keys(committed).length).toBeGreaterThan(5);

    const broken = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'cdk8s'), ['synth', '--app', app], {
      cwd: dir, env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', BREAK: '1' }, encoding: 'utf8',
    });
    expect(broken.status).not.toBe(0);
    expect(broken.stderr).toContain('Synthesis failed; the previous output was left untouched.');
    expect(broken.stderr).toContain('[bad/bad/web] image: got "nginx"');
    expect(readTree(path.join(dir, 'dist'))).toEqual(committed);
  }, 60_000);
});
