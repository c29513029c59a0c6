import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppStack } from '../../../lib/core/app-stack';
import { AppDefinition, synthApps } from '../../../lib/output/synth-apps';
import { runCheckCli } from '../../../lib/policy/check-cli';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { parse } from 'yaml';
import { expectSchemaValid } from '../../helpers/schemas';
import { readTree, tempDir } from '../../helpers/tmp';

describe('synthApps', () => {
  // Determinism (two synths in different processes, working directories, time zones and locales give the same
  // bytes) is tested through the cdk8s CLI in test/cdk8s-cli.test.ts, which runs the example apps' full synth.

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
