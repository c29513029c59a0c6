import { App } from 'cdk8s';
import { ValidationError } from '../core/errors';
import { DNS_LABEL } from '../core/formats';
import { PropsValidator } from '../core/validator';
import { OutputFolder, writeOutputFolders } from './output-writer';
import { renderManifest, synthesizeApp } from './synthesize';

/** An application that the synthesizer writes into its own output folder. */
export interface AppDefinition {
  /** Folder name under the output directory; a DNS label. */
  readonly name: string;
  /** One line shown by `--list`. */
  readonly description: string;
  /** Defines the app's constructs (usually one AppStack) in a fresh cdk8s App. */
  build(app: App): void;
}

/** What one app produced. */
export interface AppSynthResult {
  /** The app name (and folder). */
  readonly name: string;
  /** Number of objects written. */
  readonly objects: number;
}

/** Builds and synthesizes one app in memory, returning its output folder. */
export function synthesizeDefinition(def: AppDefinition): OutputFolder {
  const app = new App();
  try {
    def.build(app);
  } catch (err) {
    if (err instanceof ValidationError) {
      throw err;
    }
    throw new Error(`app "${def.name}" could not be built: ${(err as Error).message}`, { cause: err });
  }
  const manifests = synthesizeApp(app);
  return { name: def.name, files: new Map(manifests.map((m) => [m.fileName, renderManifest(m)])) };
}

/**
 * Synthesizes every app and writes each into `outdir/<name>/`, one file per object. Nothing is written unless
 * every app synthesizes cleanly; then each app folder is replaced as a whole (stale files disappear).
 */
export function synthApps(apps: readonly AppDefinition[], outdir: string): AppSynthResult[] {
  const v = new PropsValidator('<apps>');
  apps.forEach((a, i) => v.format(`apps[${i}].name`, a.name, DNS_LABEL, true));
  v.unique('apps', apps, (a) => a.name, 'an app name');
  v.throwIfInvalid();

  const folders = apps.map(synthesizeDefinition);
  writeOutputFolders(outdir, folders);
  return folders.map((f) => ({ name: f.name, objects: f.files.size }));
}
