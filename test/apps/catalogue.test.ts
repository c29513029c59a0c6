// The catalogue loads app code only for the apps a run builds, and heavy modules only where an app needs them:
// `synth --list` loads no app module, and a Kubernetes-only app loads neither ajv (schema validation) nor cdktf.
// A module that must not load is replaced by one that throws when it is required.

import { SCHEMA_ROOT } from '../helpers/schemas';

const APP_MODULES = ['counter', 'mesh', 'serverless', 'cka', 'security', 'eks-platform'];
const refused: string[] = [];

/** Makes `require(name)` throw within the test; undone after it. */
function refuse(name: string, what = name): void {
  refused.push(name);
  jest.doMock(name, () => {
    throw new Error(`${what} was loaded`);
  });
}

afterEach(() => {
  refused.splice(0).forEach((name) => jest.dontMock(name));
});

function quietOut() {
  const lines: string[] = [];
  return { lines, out: { log: (l: string) => lines.push(l), error: (l: string) => lines.push(l) } };
}

test('--list names every app without loading any app module', () => {
  jest.isolateModules(() => {
    APP_MODULES.forEach((m) => refuse(`../../apps/${m}`, `apps/${m}`));
    const { EXAMPLE_APPS } = require('../../apps') as typeof import('../../apps');
    const { runSynthCli } = require('../../lib/output/synth-cli') as typeof import('../../lib/output/synth-cli');
    const { lines, out } = quietOut();
    expect(runSynthCli(['--list'], EXAMPLE_APPS, { out, env: {} })).toBe(0);
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(EXAMPLE_APPS.map((a) => a.name));
  });
});

test('a Kubernetes-only app builds without ajv, cdktf or the other apps', () => {
  jest.isolateModules(() => {
    refuse('ajv');
    refuse('cdktf');
    APP_MODULES.filter((m) => m !== 'counter').forEach((m) => refuse(`../../apps/${m}`, `apps/${m}`));
    const { EXAMPLE_APPS } = require('../../apps') as typeof import('../../apps');
    const { synthesizeDefinition } = require('../../lib/output/synth-apps') as typeof import('../../lib/output/synth-apps');
    const out = synthesizeDefinition(EXAMPLE_APPS.find((a) => a.name === 'counter-redis')!);
    expect(out.manifests.some((m) => m.manifest.kind === 'Deployment')).toBe(true);
  });
});

test('the refusals are real: the app with Terraform loads cdktf, a schema check loads ajv', () => {
  jest.isolateModules(() => {
    refuse('cdktf');
    refuse('ajv');
    const { EXAMPLE_APPS } = require('../../apps') as typeof import('../../apps');
    const { synthesizeDefinition } = require('../../lib/output/synth-apps') as typeof import('../../lib/output/synth-apps');
    const { SchemaValidator } = require('../../lib/output/schema-validator') as typeof import('../../lib/output/schema-validator');
    expect(() => synthesizeDefinition(EXAMPLE_APPS.find((a) => a.name === 'eks-platform')!)).toThrow(/cdktf was loaded/);
    const validator = new SchemaValidator(SCHEMA_ROOT);
    expect(() => validator.validate({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } })).toThrow(/ajv was loaded/);
  });
});
