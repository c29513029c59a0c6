import { App } from 'cdk8s';
import { ValidationError } from '../core/errors';
import { PropsValidator } from '../core/validator';
import { runPolicy } from '../policy/engine';
import { configuredPolicy } from '../policy/configured-policy';
import { PolicyConfig, policyConfigSource, validatePolicyConfig } from '../policy/policy-config';
import { PolicyError } from '../policy/policy-error';
import { annotationSuppressions, constructSuppressions } from '../policy/suppressions';
import { artifactTargetsFromFiles, kubernetesTarget } from '../policy/targets';
import { PolicyReport, PolicyTarget, Suppression } from '../policy/types';
import { checkAppDefinition, checkSynthOptions } from './app-definitions';
import { RESERVED_FOLDERS, artifactSources } from './artifacts';
import { GitOpsDeliveryOptions, deliveryFolder, deliveryManifests, validateDeliveryOptions } from './gitops-delivery';
import { Manifest, manifestFileName } from './manifest';
import { SCHEMA_HINT, SchemaFolder } from './schema-checks';
import { OutputLockOptions } from './output-lock';
import { OutputChange } from './output-state';
import { OutputFolder, writeOutput } from './output-writer';
import { recordSuppressions } from './suppression-output';
import { SynthesizedManifest, renderManifest, synthesizeApp } from './synthesize';
import { toYaml } from './yaml';

/** An application that the synthesizer writes into its own output folder. */
export interface AppDefinition {
  /** Folder name under the output directory; a DNS label. */
  readonly name: string;
  /** One line shown by `--list`. */
  readonly description: string;
  /**
   * Defines the app's constructs (usually one AppStack) in a fresh cdk8s App. Called only when this app is
   * synthesized, so listing apps or synthesizing one app never builds the others.
   */
  build(app: App): void;
  /**
   * The app's policy configuration: checks included, excluded or with another severity, the checks to run, the
   * schema folder (see PolicyConfig). It applies over the synth's (`synthApps(..., { policy })`, `--config FILE`).
   * @default the synth's
   */
  readonly policy?: PolicyConfig;
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
  /** The schema folder its objects were validated against (the checks schema-valid and schema-missing); none when undefined. */
  readonly schemas?: SchemaFolder;
}

/** Options of {@link synthesizeDefinition}. */
export interface SynthesizeDefinitionOptions {
  /**
   * Treat policy warnings as errors.
   * @default false
   */
  readonly strict?: boolean;
  /**
   * What to do when the policy checks find errors: "throw" a {@link PolicyError}, or "report" them in the result
   * (as `keelson/testing` does, so that tests can assert them).
   * @default "throw"
   */
  readonly policyErrors?: 'throw' | 'report';
  /**
   * The policy configuration of the synth; the app's own (`AppDefinition.policy`) applies over it.
   * @default none: every built-in check at its own severity
   */
  readonly policy?: PolicyConfig;
  /**
   * The strict schema folder (kubeconform layout) to validate every object against, or `false` for none. When not
   * given: the environment's `KUBE_SCHEMAS`, else the `schemas` of the app's policy config, else the synth's.
   * @default from the environment or the policy config; no validation when none names a folder
   */
  readonly schemas?: string | false;
  /**
   * Where compiled schemas are kept across processes.
   * @default `node_modules/.cache/keelson-schemas` of the working directory, when it has `node_modules`
   */
  readonly schemaCacheDir?: string;
  /**
   * The environment (`KUBE_SCHEMAS` is read).
   * @default process.env
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** An app synthesized in memory: its output folders, its objects and its policy report. */
export interface SynthesizedDefinition {
  /** The YAML folder first, then one folder per artifact source. */
  readonly folders: OutputFolder[];
  /** The Kubernetes objects with the construct that defined each (suppressions recorded as annotations). */
  readonly manifests: readonly SynthesizedManifest[];
  readonly policy: PolicyReport;
  /** The schema folder the objects were validated against; undefined when none is configured (nothing validated). */
  readonly schemas?: SchemaFolder;
}

/**
 * Builds and synthesizes one app in memory: its YAML folder (`<name>`) and one folder per artifact source it
 * registered (e.g. `terraform/<name>`). See {@link synthesizeTree}.
 */
export function synthesizeDefinition(def: AppDefinition, options: SynthesizeDefinitionOptions = {}): SynthesizedDefinition {
  // The construct tree is let go once its objects are collected, before the checks and the YAML (about a third of
  // the peak memory of a large app).
  const v = new PropsValidator('<app>');
  if (checkAppDefinition(v, 'app', def)) {
    checkSynthOptions(v, options, false);
  }
  v.throwIfInvalid();
  if (def.policy !== undefined) {
    validatePolicyConfig(def.policy, policyConfigSource(def.policy, `of app "${def.name}"`));
  }
  return checkAndRender(buildAndCollect(def), def.name, options, def.policy);
}

function buildAndCollect(def: AppDefinition): CollectedTree {
  const app = new App();
  try {
    def.build(app);
  } catch (err) {
    artifactSources(app).forEach((s) => s.dispose());
    if (err instanceof ValidationError) {
      throw err;
    }
    throw new Error(`app "${def.name}" could not be built: ${(err as Error)?.message ?? String(err)}`, { cause: err });
  }
  return collectTree(app, def.name);
}

/**
 * Synthesizes a construct tree that is already built (`app` is its root) as the app `name`, in memory: the YAML
 * folder (`<name>`) and one folder per artifact source (e.g. `terraform/<name>`). Then runs the policy checks over
 * all of it. Suppressions declared in code are written into the objects they cover (the annotation
 * `suppress.policy.keelson.dev/<check>`), so that `keelson check` over the output reaches the same verdict. Error
 * findings (after suppressions) throw a {@link PolicyError} with the report, unless `policyErrors` is "report".
 */
export function synthesizeTree(app: App, name: string, options: SynthesizeDefinitionOptions = {}): SynthesizedDefinition {
  return checkAndRender(collectTree(app, name), name, options);
}

/** What a construct tree produced, as plain data: no reference into the tree. */
interface CollectedTree {
  readonly manifests: SynthesizedManifest[];
  readonly artifacts: OutputFolder[];
  readonly targets: PolicyTarget[];
  readonly codeSuppressions: Suppression[];
}

function collectTree(app: App, name: string): CollectedTree {
  const sources = artifactSources(app);
  try {
    const manifests = synthesizeApp(app);
    const artifacts: OutputFolder[] = sources.map((source) => ({ name: `${source.folder}/${name}`, files: source.synthesize() }));
    const targets = [
      ...manifests.map((m) => kubernetesTarget(m.manifest, { constructPath: m.constructPath, file: `${name}/${m.fileName}` })),
      ...artifacts.flatMap((f) => artifactTargetsFromFiles(f.files, `${f.name}/`)),
    ];
    const codeSuppressions = constructSuppressions([...new Set([app, ...sources.map((s) => s.root)])]);
    return { manifests, artifacts, targets, codeSuppressions };
  } finally {
    sources.forEach((s) => s.dispose());
  }
}

/**
 * The checks and their configuration for one app: the synth's policy config, then the app's; the schema checks over
 * the schema folder that the options, the environment or a config name (inert when none does).
 */
function policySetup(name: string, options: SynthesizeDefinitionOptions, appPolicy?: PolicyConfig) {
  if (options.policy !== undefined) {
    validatePolicyConfig(options.policy, policyConfigSource(options.policy, 'given to the synth'));
  }
  return configuredPolicy({
    configs: [{ config: options.policy, source: 'given to the synth' }, { config: appPolicy, source: `of app "${name}"` }],
    schemas: options.schemas, env: options.env ?? process.env, schemaCacheDir: options.schemaCacheDir,
  });
}

function checkAndRender(tree: CollectedTree, name: string, options: SynthesizeDefinitionOptions, appPolicy?: PolicyConfig): SynthesizedDefinition {
  const { manifests, artifacts, targets } = tree;
  const { schemas, ...setup } = policySetup(name, options, appPolicy);
  const policy = runPolicy(targets, { ...setup, suppressions: [...tree.codeSuppressions, ...annotationSuppressions(targets)] });
  const written = recordSuppressions(policy, targets, artifacts);
  if (options.policyErrors !== 'report' && (policy.errors > 0 || (options.strict && policy.warnings > 0))) {
    throw new PolicyError(name, policy, options.strict);
  }
  const yaml: OutputFolder = { name, files: new Map(manifests.map((m) => [m.fileName, renderManifest(m)])) };
  return { folders: [yaml, ...written], manifests, policy, schemas };
}

/** Options of {@link synthApps}. */
export interface SynthAppsOptions extends OutputLockOptions {
  /**
   * Build and write only these apps; the folders of the other apps stay as they are.
   * @default every app
   */
  readonly only?: readonly string[];
  /**
   * Write nothing; report in `changes` what a synth would add, change or remove (the CI drift gate).
   * @default false
   */
  readonly check?: boolean;
  /**
   * Treat policy warnings as errors.
   * @default false
   */
  readonly strict?: boolean;
  /**
   * Also write an Argo CD Application or Flux Kustomization per app (into its own folder, default `delivery/`).
   * @default no delivery objects
   */
  readonly delivery?: GitOpsDeliveryOptions;
  /**
   * The policy configuration of every app (each app's own `policy` applies over it); e.g. from
   * `loadPolicyConfig("keelson.policy.json")`.
   * @default none: every built-in check at its own severity
   */
  readonly policy?: PolicyConfig;
  /**
   * The strict schema folder (kubeconform layout) to validate every object against, or `false` for none.
   * @default `KUBE_SCHEMAS`, else the `schemas` of the app's or the synth's policy config; none: nothing validated
   */
  readonly schemas?: string | false;
  /**
   * The environment (`KUBE_SCHEMAS` is read).
   * @default process.env
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Where compiled schemas are kept across processes.
   * @default `node_modules/.cache/keelson-schemas` of the working directory, when it has `node_modules`
   */
  readonly schemaCacheDir?: string;
  /**
   * Where notes go, such as how to get a schema folder when none is configured (once per process by default).
   * @default standard error
   */
  readonly note?: (line: string) => void;
}

let hinted = false;

/** What {@link synthApps} did. */
export interface SynthSummary {
  /** Each app built in this run. */
  readonly apps: readonly AppSynthResult[];
  /** Files added, changed or removed (with `check`: that would be), by path under the output directory, sorted. */
  readonly changes: readonly OutputChange[];
  /** True when `check` was set: nothing was written. */
  readonly checked: boolean;
  /** The folder of the GitOps delivery objects, when `delivery` was set. */
  readonly deliveryFolder?: string;
}

function renderDeliveryManifest(m: Manifest): [string, string] {
  return [manifestFileName(m), `# Generated by keelson: GitOps delivery (synth option "delivery"). Change the options, not this file.\n${toYaml(m)}`];
}

/** The owner key of the delivery folder in `.keelson.json`; not a DNS label, so no app can be called so. */
const DELIVERY_OWNER = '(delivery)';

function validateApps(apps: readonly AppDefinition[], outdir: string, options: SynthAppsOptions): void {
  const v = new PropsValidator('<apps>');
  v.check(Array.isArray(apps), 'apps', apps, 'an array of app definitions');
  v.check(typeof outdir === 'string' && outdir.trim() !== '', 'outdir', outdir, 'the path of the output folder');
  checkSynthOptions(v, options, true);
  v.throwIfInvalid();
  const defined = apps.filter((a, i) => checkAppDefinition(v, `apps[${i}]`, a));
  if (defined.length === apps.length) {
    v.unique('apps', apps, (a) => String(a.name), 'an app name');
  }
  const names = apps.map((a) => a?.name);
  (options.only ?? []).forEach((name, i) => v.check(names.includes(name), `only[${i}]`, name, `the name of an app: ${names.join(', ')}`));
  if (options.delivery) {
    const folder = deliveryFolder(options.delivery);
    v.check(!names.includes(folder) && !RESERVED_FOLDERS.includes(folder), 'delivery.folder', folder,
      `a folder name other than an app's and other than ${RESERVED_FOLDERS.join(', ')}`);
  }
  v.throwIfInvalid();
  if (options.delivery) {
    validateDeliveryOptions(options.delivery);
  }
}

/**
 * Synthesizes the apps and writes each into `outdir/<name>/`, one file per object, plus their artifact folders
 * (`terraform/<name>`, `helm/<name>`, ...). Nothing is written unless every app synthesizes cleanly; then only
 * folders that changed are replaced, each as a whole. `outdir/.keelson.json` records the folders of each app, so
 * that the folders of an app removed from `apps` are removed; folders keelson did not write are never touched.
 * With `check`, nothing is written and `changes` lists the drift.
 */
export function synthApps(apps: readonly AppDefinition[], outdir: string, options: SynthAppsOptions = {}): SynthSummary {
  validateApps(apps, outdir, options);
  const selected = options.only ? apps.filter((a) => options.only!.includes(a.name)) : apps;
  const built = selected.map((def) => ({
    def, ...synthesizeDefinition(def, {
      strict: options.strict, policy: options.policy, schemas: options.schemas, env: options.env, schemaCacheDir: options.schemaCacheDir,
    }),
  }));
  if (built.some((b) => b.schemas === undefined) && options.schemas !== false) {
    if (options.note) {
      options.note(SCHEMA_HINT);
    } else if (!hinted) {
      hinted = true;
      process.stderr.write(`${SCHEMA_HINT}\n`);
    }
  }

  const folders = built.flatMap((r) => r.folders);
  const owners = new Map<string, readonly string[]>(built.map((r) => [r.def.name, r.folders.map((f) => f.name)]));
  const keep = apps.filter((a) => !selected.includes(a)).map((a) => a.name);
  let folder: string | undefined;
  if (options.delivery) {
    folder = deliveryFolder(options.delivery);
    const manifests = deliveryManifests(apps.map((a) => a.name), options.delivery);
    const policy = runPolicy(manifests.map((m) => kubernetesTarget(m, { file: `${folder}/${manifestFileName(m)}` })));
    if (policy.errors > 0 || (options.strict && policy.warnings > 0)) {
      throw new PolicyError('(delivery objects)', policy, options.strict);
    }
    folders.push({ name: folder, files: new Map(manifests.map((m) => renderDeliveryManifest(m))) });
    owners.set(DELIVERY_OWNER, [folder]);
  }
  const changes = writeOutput(outdir, { folders, owners, keep }, { check: options.check, timeoutMs: options.timeoutMs, foreignStaleMs: options.foreignStaleMs });
  return {
    apps: built.map(({ def, folders: f, policy, schemas }) => ({ name: def.name, objects: f[0].files.size, artifacts: f.slice(1).map((x) => x.name), policy, schemas })),
    changes,
    checked: options.check === true,
    deliveryFolder: folder,
  };
}
