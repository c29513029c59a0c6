import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { AppStack } from '../../lib/core/app-stack';
import { Manifest, apiGroup } from '../../lib/output/manifest';
import { SynthesizedManifest, synthesizeApp } from '../../lib/output/synthesize';
import { expectSchemaValid } from './schemas';

/**
 * Builds constructs in a fresh app, synthesizes them like `npm run synth` does, validates every object against
 * the strict schemas, and returns the manifests. Every test that synthesizes goes through here.
 */
export function synth(build: (stack: Chart, app: App) => void): Manifest[] {
  const app = new App();
  const stack = new AppStack(app, 'test');
  build(stack, app);
  const manifests = synthesizeApp(app).map((m) => m.manifest);
  expectSchemaValid(manifests);
  return manifests;
}

/**
 * Like {@link synth}, with the construct path of each object (the path its file's header names), to check where an
 * object sits in the tree, e.g. that a construct's main object is its child `Resource`.
 */
export function synthWithPaths(build: (stack: Chart, app: App) => void): SynthesizedManifest[] {
  const app = new App();
  build(new AppStack(app, 'test'), app);
  const out = synthesizeApp(app);
  expectSchemaValid(out.map((m) => m.manifest));
  return out;
}

/** The one object of `kind` in the output of {@link synthWithPaths}, with its construct path (fields untyped, for assertions). */
export function findWithPath(out: readonly SynthesizedManifest[], kind: string): { readonly constructPath: string; readonly manifest: any } {
  const found = out.filter((m) => m.manifest.kind === kind);
  if (found.length !== 1) {
    throw new Error(`expected one ${kind}, found ${found.length}`);
  }
  return found[0];
}

/** Builds an app with `build`, expecting construction or synthesis to fail; returns the error. */
export function synthError(build: (stack: Construct) => void): Error {
  const app = new App();
  try {
    build(new AppStack(app, 'test'));
    synthesizeApp(app);
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the synthesis to fail, but it succeeded');
}

/** The one manifest of `kind` (and API group, default any) named `name`. */
export function find(manifests: readonly Manifest[], kind: string, name: string, group?: string): any {
  const found = manifests.filter((m) => m.kind === kind && m.metadata.name === name && (group === undefined || apiGroup(m) === group));
  if (found.length !== 1) {
    throw new Error(`expected one ${kind} "${name}", found ${found.length}: ${manifests.map((m) => `${m.kind}/${m.metadata.name}`).join(', ')}`);
  }
  return found[0];
}

/** All manifests of a kind. */
export function all(manifests: readonly Manifest[], kind: string): any[] {
  return manifests.filter((m) => m.kind === kind);
}
