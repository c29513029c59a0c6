import { AppDefinition, synthApps, synthesizeDefinition } from '../../../lib/output/synth-apps';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { AppStack } from '../../../lib/core/app-stack';
import { readTree, tempDir } from '../../helpers/tmp';
import { validationMessage } from '../../helpers/bad-input';

const good: AppDefinition = { name: 'shop', description: 'the shop', build: (app) => new SecureNamespace(new AppStack(app, 'shop'), 'shop') };

describe('synthApps refuses what it cannot act on, before building anything', () => {
  const outdir = tempDir();
  synthApps([good], outdir, { schemas: false });
  const before = readTree(outdir);

  test.each([
    ['a misspelt option', [good], { stict: true }, '[<apps>] options.stict: got true; expected a known prop (did you mean "strict"?)'],
    ['strict given as a string', [good], { strict: 'yes' }, '[<apps>] options.strict: got "yes"; expected true or false'],
    ['only given as a string', [good], { only: 'shop' }, '[<apps>] options.only: got "shop"; expected an array of app names'],
    ['a negative timeout', [good], { timeoutMs: -1 }, '[<apps>] options.timeoutMs: got -1; expected a whole number of milliseconds'],
    ['schemas as true', [good], { schemas: true }, '[<apps>] options.schemas: got true; expected the path of a schema folder, or false for none'],
    ['an app name with a space', [{ ...good, name: 'shop app' }], {}, '[<apps>] apps[0].name: got "shop app"; expected a DNS-1123 label'],
    ['a description over two lines', [{ ...good, description: 'a\nb' }], {}, '[<apps>] apps[0].description: got "a\\nb"; expected one line of text'],
    ['no description', [{ name: 'shop', build: good.build }], {}, '[<apps>] apps[0].description: got undefined; expected one line of text'],
    ['an unknown key in an app', [{ ...good, polcy: {} }], {}, '[<apps>] apps[0].polcy: got {}; expected a known prop (did you mean "policy"?)'],
    ['a null app', [null], {}, '[<apps>] apps[0]: got null; expected an app definition { name, description, build }'],
    ['apps not an array', good, {}, '[<apps>] apps: got {"name":"shop","description":"the shop","build":function}; expected an array of app definitions'],
  ])('%s', (_title, apps, options, message) => {
    expect(validationMessage(() => synthApps(apps as any, outdir, options as any))).toContain(message);
    expect(readTree(outdir)).toEqual(before);
  });

  test('an empty outdir', () => {
    expect(validationMessage(() => synthApps([good], ''))).toContain('[<apps>] outdir: got ""; expected the path of the output folder');
  });
});

describe('synthesizeDefinition', () => {
  test('checks the definition and its options', () => {
    expect(validationMessage(() => synthesizeDefinition({ ...good, name: 'Shop' }))).toContain('[<app>] app.name: got "Shop"');
    expect(validationMessage(() => synthesizeDefinition(good, { policyErrors: 'ignore' } as any)))
      .toContain('[<app>] options.policyErrors: got "ignore"; expected "throw" or "report"');
  });

  test('a valid definition synthesizes', () => {
    expect(synthesizeDefinition(good, { schemas: false }).manifests.length).toBeGreaterThan(0);
  });
});
