import { App } from 'cdk8s';
import { ValidationError } from '../core/errors';
import { DNS_LABEL } from '../core/formats';
import { PropsValidator } from '../core/validator';
import { runPolicy } from '../policy/engine';
import { PolicyError } from '../policy/policy-error';
import { annotationSuppressions, constructSuppressions } from '../policy/suppressions';
import { artifactTargetsFromFiles, kubernetesTarget } from '../policy/targets';
import { PolicyReport } from '../policy/types';
import { RESERVED_FOLDERS, artifactSources } from './artifacts';
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
  /** Number of Kubernetes objects written. */
  readonly objects: number;
  /** Other output folders written, e.g. "terraform/eks-platform". */
  readonly artifacts: readonly string[];
  /** The policy report (no errors, or the synth would have failed). */
  readonly policy: PolicyReport;
}

/** An app synthesized in memory: its output folders and its policy report. */
export interface SynthesizedDefinition {
  /** The YAML folder first, then one folder per artifact source. */
  readonly folders: OutputFolder[];
  readonly policy: PolicyReport;
}

/**
 * Builds and synthesizes one app in memory: its YAML folder (`<name>`) and one folder per artifact source it
 * registered (e.g. `terraform/<name>`). Then runs the policy checks over all of it; error findings (after
 * suppressions) throw a {@link PolicyError} with the report.
 */
export function synthesizeDefinition(def: AppDefinition): SynthesizedDefinition {
  const app = new App();
  try {
    try {
      def.build(app);
    } catch (err) {
      if (err instanceof ValidationError) {
        throw err;
      }
      throw new Error(`app "${def.name}" could not be built: ${(err as Error).message}`, { cause: err });
    }
    const manifests = synthesizeApp(app);
    const folders: OutputFolder[] = [{ name: def.name, files: new Map(manifests.map((m) => [m.fileName, renderManifest(m)])) }];
    for (const source of artifactSources(app)) {
      folders.push({ name: `${source.folder}/${def.name}`, files: source.synthesize() });
    }

    const targets = [
      ...manifests.map((m) => kubernetesTarget(m.manifest, { constructPath: m.constructPath, file: `${def.name}/${m.fileName}` })),
      ...folders.slice(1).flatMap((f) => artifactTargetsFromFiles(f.files, `${f.name}/`)),
    ];
    const policy = runPolicy(targets, {
      suppressions: [...constructSuppressions([...new Set([app, ...artifactSources(app).map((s) => s.root)])]), ...annotationSuppressions(targets)],
    });
    if (policy.errors > 0) {
      throw new PolicyError(def.name, policy);
    }
    return { folders, policy };
  } finally {
    artifactSources(app).forEach((s) => s.dispose());
  }
}

/**
 * Synthesizes every app and writes each into `outdir/<name>/`, one file per object. Nothing is written unless
 * every app synthesizes cleanly; then each app folder is replaced as a whole (stale files disappear).
 */
export function synthApps(apps: readonly AppDefinition[], outdir: string): AppSynthResult[] {
  const v = new PropsValidator('<apps>');
  apps.forEach((a, i) => {
    v.format(`apps[${i}].name`, a.name, DNS_LABEL, true);
    v.check(!RESERVED_FOLDERS.includes(a.name), `apps[${i}].name`, a.name, `a name other than ${RESERVED_FOLDERS.join(', ')} (reserved for other output)`);
  });
  v.unique('apps', apps, (a) => a.name, 'an app name');
  v.throwIfInvalid();

  const results = apps.map((def) => ({ def, ...synthesizeDefinition(def) }));
  writeOutputFolders(outdir, results.flatMap((r) => r.folders));
  return results.map(({ def, folders, policy }) => ({
    name: def.name,
    objects: folders[0].files.size,
    artifacts: folders.slice(1).map((f) => f.name),
    policy,
  }));
}
