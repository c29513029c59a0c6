import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { EXAMPLE_APPS } from '../../../apps';
import { AppStack } from '../../../lib/core/app-stack';
import { AppDefinition, synthApps } from '../../../lib/output/synth-apps';
import { runCheckCli } from '../../../lib/policy/check-cli';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
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
    expect(() => synthApps([{ name: 'a', description: '', build }, null as any, { name: 'c', description: '' } as any], out))
      .toThrow(/apps\[1\]: got null; expected an app definition[\s\S]*apps\[2\]\.build: got undefined; expected a function/);
    expect(() => synthApps([{ name: 'a', description: '', build }], out, { only: ['b'] })).toThrow('only[0]: got "b"; expected the name of an app: a');
    expect(fs.readdirSync(out)).toEqual([]);
  });

  test('writes one GitOps delivery object per app into its own folder, and removes it when the option goes', () => {
    const out = tempDir();
    const app = (name: string): AppDefinition => ({ name, description: '', build: (a) => new SecureNamespace(new AppStack(a, name), name) });
    const delivery = { tool: 'argocd' as const, repoURL: 'https://github.com/acme/platform.git', path: 'deploy', revision: 'main' };
    const summary = synthApps([app('shop'), app('blog')], out, { delivery, only: ['shop'] });
    expect(summary.deliveryFolder).toBe('delivery');
    const files = readTree(path.join(out, 'delivery'));
    const objects = Object.values(files).map((text) => parse(text));
    expectSchemaValid(objects);
    // Every app of the list is delivered, also those not selected with `only`; each points at its own folder.
    expect(objects.map((o) => [o.kind, o.metadata.name, o.spec.source.path, o.spec.source.targetRevision]))
      .toEqual([['Application', 'blog', 'deploy/blog', 'main'], ['Application', 'shop', 'deploy/shop', 'main']]);
    expect(Object.keys(readTree(path.join(out, 'shop'))).some((f) => f.startsWith('application_'))).toBe(false);
    expect(runCheckCli([path.join(out, 'delivery')], { log: () => undefined, error: () => undefined })).toBe(0);

    expect(() => synthApps([app('shop'), app('delivery')], tempDir(), { delivery }))
      .toThrow(/delivery\.folder: got "delivery"; expected a folder name other than an app's/);
    synthApps([app('shop'), app('blog')], out);
    expect(fs.existsSync(path.join(out, 'delivery'))).toBe(false);
  });
});
