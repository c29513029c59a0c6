import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigMap } from 'cdk8s-plus-27';
import { AppStack } from '../../../lib/core/app-stack';
import { AppDefinition } from '../../../lib/output/synth-apps';
import { runSynthCli } from '../../../lib/output/synth-cli';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { WebService } from '../../../lib/workloads/web-service';
import { parse } from 'yaml';
import { expectSchemaValid } from '../../helpers/schemas';
import { readTree, tempDir } from '../../helpers/tmp';

function capture() {
  const lines = { log: [] as string[], error: [] as string[] };
  return { lines, out: { log: (l: string) => lines.log.push(l), error: (l: string) => lines.error.push(l) } };
}

const good: AppDefinition = {
  name: 'good',
  description: 'one web service',
  build: (app) => new WebService(new SecureNamespace(new AppStack(app, 'good'), 'good'), 'web', { image: 'ghcr.io/example/web:1.0.0' }),
};
const bad: AppDefinition = {
  name: 'bad',
  description: 'a bad image',
  build: (app) => new WebService(new SecureNamespace(new AppStack(app, 'bad'), 'bad'), 'web', { image: 'nginx:latest' }),
};
const broken: AppDefinition = {
  name: 'broken',
  description: 'a construct id clash',
  build: (app) => {
    const s = new AppStack(app, 'broken');
    new ConfigMap(s, 'x');
    new ConfigMap(s, 'x');
  },
};

describe('synth CLI', () => {
  test('writes every app and reports object counts', () => {
    const dir = tempDir();
    const { lines, out } = capture();
    expect(runSynthCli(['--outdir', dir], [good], out, {})).toBe(0);
    expect(lines.log).toEqual([`good: 7 objects -> ${dir}/good/`]);
    expect(fs.readdirSync(path.join(dir, 'good'))).toHaveLength(7);
    expectSchemaValid(Object.values(readTree(dir)).map((text) => parse(text)));
  });

  test('takes the output directory from CDK8S_OUTDIR, as the cdk8s CLI passes it', () => {
    const dir = tempDir();
    expect(runSynthCli([], [good], capture().out, { CDK8S_OUTDIR: dir })).toBe(0);
    expect(fs.existsSync(path.join(dir, 'good'))).toBe(true);
  });

  test('a validation error is printed without a stack trace, exits 1, and writes nothing', () => {
    const dir = tempDir();
    runSynthCli(['--outdir', dir], [good], capture().out, {});
    const before = readTree(dir);
    const { lines, out } = capture();
    expect(runSynthCli(['--outdir', dir], [good, bad], out, {})).toBe(1);
    const text = lines.error.join('\n');
    expect(text).toContain('Synthesis failed; the previous output was left untouched.');
    expect(text).toContain('[bad/bad/web] image: got "nginx:latest"; expected an image reference pinned by tag or digest');
    expect(text).not.toMatch(/\n\s+at /);
    expect(readTree(dir)).toEqual(before);
  });

  test('an unexpected error names the app and hints at KEELSON_DEBUG', () => {
    const { lines, out } = capture();
    expect(runSynthCli(['--outdir', tempDir()], [broken], out, {})).toBe(1);
    expect(lines.error[0]).toContain('app "broken" could not be built: There is already a Construct with name \'x\'');
    expect(lines.error[1]).toBe('(set KEELSON_DEBUG=1 for a stack trace)');
  });

  test('--list, --app selection and usage errors', () => {
    const listed = capture();
    expect(runSynthCli(['--list'], [good, bad], listed.out, {})).toBe(0);
    expect(listed.lines.log.map((l) => l.split(/\s+/)[0])).toEqual(['good', 'bad']);

    const dir = tempDir();
    expect(runSynthCli(['--outdir', dir, '--app', 'good'], [good, bad], capture().out, {})).toBe(0);
    expect(fs.readdirSync(dir)).toEqual(['good']);

    const unknown = capture();
    expect(runSynthCli(['--app', 'nope'], [good], unknown.out, {})).toBe(2);
    expect(unknown.lines.error).toEqual(['Unknown app "nope"; known apps: good']);

    const usage = capture();
    expect(runSynthCli(['--bogus'], [good], usage.out, {})).toBe(2);
    expect(usage.lines.error[0]).toContain("Unknown option '--bogus'");
  });
});
