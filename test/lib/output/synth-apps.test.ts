import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { EXAMPLE_APPS } from '../../../apps';
import { synthApps } from '../../../lib/output/synth-apps';
import { parse } from 'yaml';
import { expectSchemaValid } from '../../helpers/schemas';
import { readTree, tempDir } from '../../helpers/tmp';

const ROOT = path.resolve(__dirname, '..', '..', '..');

describe('synthApps', () => {
  test('two synths give byte-identical output', () => {
    const a = tempDir();
    const b = tempDir();
    synthApps(EXAMPLE_APPS, a);
    synthApps(EXAMPLE_APPS, b);
    const first = readTree(a);
    expect(Object.keys(first).length).toBeGreaterThan(20);
    expect(readTree(b)).toEqual(first);
    expectSchemaValid(Object.entries(first).filter(([file]) => file.endsWith('.yaml') && !file.startsWith('helm/')).map(([, text]) => parse(text)));
    expect(Object.keys(first).filter((f) => f.startsWith('terraform/')).length).toBeGreaterThan(0);
    expect(Object.keys(first).filter((f) => f.startsWith('helm/'))).toEqual(['helm/knative/helmfile.yaml', 'helm/mesh/helmfile.yaml', 'helm/openfaas-hello/helmfile.yaml', 'helm/security-falco/helmfile.yaml']);
    expect(Object.keys(first).filter((f) => f.startsWith('openfaas/')))
      .toEqual(['openfaas/openfaas-hello/hello/handler.py', 'openfaas/openfaas-hello/hello/requirements.txt', 'openfaas/openfaas-hello/stack.yml']);
  });

  test('the output does not depend on working directory, time zone, locale or cdk8s key sorting, and holds no paths or timestamps', () => {
    const inRepo = tempDir();
    synthApps(EXAMPLE_APPS, inRepo);
    const elsewhere = tempDir();
    const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'bin', 'synth.ts'), '--outdir', 'out'], {
      cwd: elsewhere, env: { ...process.env, TZ: 'Pacific/Kiritimati', LANG: 'tr_TR.UTF-8', CDK8S_OUTDIR: '', CDK8S_DISABLE_SORT: '1' }, encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const files = readTree(path.join(elsewhere, 'out'));
    expect(files).toEqual(readTree(inRepo));
    const text = Object.values(files).join('\n');
    expect(text).not.toContain(ROOT);
    expect(text).not.toContain(elsewhere);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  });

  test('app names must be unique DNS labels', () => {
    const out = tempDir();
    const build = () => undefined;
    expect(() => synthApps([{ name: 'A', description: '', build }, { name: 'b', description: '', build }, { name: 'b', description: '', build }], out))
      .toThrow(/\[<apps>\] apps\[0\]\.name: got "A"; expected a DNS-1123 label[\s\S]*apps\[2\]: got "b"; expected an app name that is not already used/);
    expect(fs.readdirSync(out)).toEqual([]);
  });
});
