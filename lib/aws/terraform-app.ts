import * as os from 'node:os';
import * as path from 'node:path';
import { App as K8sApp } from 'cdk8s';
import { AnnotationMetadataEntryType, App, DISABLE_STACK_TRACE_IN_METADATA, Manifest, StackAnnotation, TerraformStack } from 'cdktf';
import { appValidationFailure, encounteredAnnotationWithLevelError } from 'cdktf/lib/errors';
import { StackSynthesizer, invokeAspects } from 'cdktf/lib/synthesize/synthesizer';
import { ValidateTerraformVersion } from 'cdktf/lib/validations/validate-terraform-version';
import { Construct, ConstructOrder, IConstruct } from 'constructs';
import { PropsValidator } from '../core/validator';
import { IArtifactSource, artifactSources, registerArtifactSource } from '../output/artifacts';
import { toStableJson } from '../output/json';
import { VERSIONS_FILE } from '../output/terraform-workspace';
import { PreparedStacks } from './stack-resolution';
import { versionsFile } from './terraform-version';
import { switchOffTokenCreationStacks } from './token-creation-stacks';

// This file replicates, in memory, what cdktf 0.21's App constructor, App.synth() and StackSynthesizer.synthesize()
// do (node_modules/cdktf/lib/app.js, synthesize/synthesizer.js, manifest.js), minus every file-system access.
// test/lib/aws/terraform-app.test.ts compares the result with cdktf's own App.synth(), to catch drift on upgrades.

/** The cdktf version, as cdktf itself reads it (App context "cdktfVersion" and manifest.json "version"). */
const CDKTF_VERSION: string = (require('cdktf/package.json') as { version: string }).version;

/**
 * The App's (and manifest's) `outdir`. Nothing is ever written there: keelson never calls App.synth() nor runs
 * custom synthesis hooks. It is below the null device, so that any write to it fails instead of landing somewhere.
 */
const NO_OUTDIR = path.join(os.devNull, 'keelson-cdktf-in-memory');

/** cdktf's (unexported) marker of constructs that do their own synthesis, e.g. TerraformAsset copying files. */
const CUSTOM_SYNTHESIS = Symbol.for('cdktf/customSynthesis');

/** Message of the validation that cdktf adds to stacks that move resources. */
const RESOURCE_MOVE_HINT = 'Resource move functionality is only supported for Terraform >=1.5. Please upgrade your Terraform version.';

const ANNOTATION_LEVELS: readonly string[] = [AnnotationMetadataEntryType.INFO, AnnotationMetadataEntryType.WARN, AnnotationMetadataEntryType.ERROR];

function failWrite(what: string): never {
  throw new Error(`${what}: keelson synthesizes this cdktf App in memory, as part of its cdk8s app (see terraformApp), and writes no files of its own`);
}

/**
 * A cdktf App that never touches the file system. `new App()` creates its outdir and `<outdir>/stacks` (the
 * latter in cdktf's Manifest constructor), so this runs only the Construct constructor and sets up the rest as
 * App's constructor does with `{ stackTraces: false }` (no stack traces in the metadata: they would carry absolute
 * paths of this machine). HCL output (SYNTH_HCL_OUTPUT) is ignored: keelson always writes JSON.
 */
function inMemoryApp(): App {
  const app = Reflect.construct(Object.getPrototypeOf(App) as new (scope: undefined, id: string) => App, [undefined, ''], App) as App;
  Object.defineProperty(app, Symbol.for('cdktf/App'), { value: true });
  Object.assign(app, {
    outdir: NO_OUTDIR,
    hclOutput: false,
    targetStackId: process.env.CDKTF_TARGET_STACK_ID,
    skipValidation: false,
    skipBackendValidation: false,
  });
  // Context from the environment (CDKTF_CONTEXT_JSON), as App's constructor loads it.
  (app as unknown as { loadContext(defaults?: Record<string, unknown>): void }).loadContext();
  app.node.setContext(DISABLE_STACK_TRACE_IN_METADATA, true);
  app.node.setContext('cdktfVersion', CDKTF_VERSION);

  // cdktf's Manifest without its constructor (which creates <outdir>/stacks): forStack() builds the stack entries.
  const manifest = Object.assign(Object.create(Manifest.prototype) as Manifest, {
    version: CDKTF_VERSION,
    outdir: NO_OUTDIR,
    hclOutput: false,
    stacks: {},
    stackFileName: 'cdk.tf.json',
  });
  Object.defineProperty(manifest, 'writeToFile', { value: () => failWrite('cdktf Manifest.writeToFile()') });
  Object.assign(app, { manifest });
  Object.defineProperty(app, 'synth', { value: () => failWrite('cdktf App.synth()') });
  return app;
}

/** StackSynthesizer.synthesize() of one stack, in memory: returns the stack's file path and its Terraform JSON. */
function synthesizeStack(stack: TerraformStack, manifest: Manifest, skipValidation: boolean, prepared: PreparedStacks): [string, Record<string, any>] {
  if (stack.synthesizer.constructor !== StackSynthesizer) {
    throw new Error(`keelson does not support custom stack synthesizers (Terraform stack "${stack.node.path}"): `
      + 'it synthesizes stacks in memory, as cdktf\'s StackSynthesizer would');
  }
  invokeAspects(stack);
  if (stack.hasResourceMove()) {
    stack.node.addValidation(new ValidateTerraformVersion('>=1.5', RESOURCE_MOVE_HINT));
  }
  if (!skipValidation) {
    stack.runAllValidations();
  }
  const stackManifest = manifest.forStack(stack);

  // cdktf runs these hooks here, and they write into the output directory (TerraformAsset copies files).
  const hooked = stack.node.findAll(ConstructOrder.POSTORDER).filter((c) => CUSTOM_SYNTHESIS in c);
  if (hooked.length > 0) {
    const list = hooked.map((c) => `${c.constructor.name} at "${c.node.path}"`).join(', ');
    throw new Error(`keelson does not support ${list} in Terraform stacks: constructs with a cdktf custom synthesis hook `
      + '(such as TerraformAsset) write files during synthesis, and keelson synthesizes Terraform in memory');
  }

  const annotations: StackAnnotation[] = stack.node.findAll().flatMap((c: IConstruct) => c.node.metadata
    .filter((m) => ANNOTATION_LEVELS.includes(m.type))
    .map((m) => ({ constructPath: c.node.path, level: m.type as AnnotationMetadataEntryType, message: m.data, stacktrace: m.trace })));
  // Readonly in cdktf's types, but this is where cdktf itself sets it.
  (stackManifest as { annotations: StackAnnotation[] }).annotations = annotations;
  const errors = annotations.filter((a) => a.level === AnnotationMetadataEntryType.ERROR);
  // The cdktf CLI sets this variable to report the error annotations from manifest.json itself.
  if (process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS === undefined && errors.length > 0) {
    throw encounteredAnnotationWithLevelError(errors.map((a) => `[${a.constructPath}] ${a.message}`).join('\n'));
  }
  return [posix(stackManifest.synthesizedStackPath), prepared.toTerraform(stack)];
}

function posix(file: string): string {
  return file.split(path.sep).join('/');
}

class TerraformArtifacts implements IArtifactSource {
  public readonly folder = 'terraform';

  public constructor(public readonly root: App) {}

  /** What App.synth() does, in memory: cdktf's layout, `manifest.json` and `stacks/<stack>/cdk.tf.json`. */
  public synthesize(): Map<string, string> {
    const app = this.root;
    const stacks = app.node.findAll().filter(TerraformStack.isStack);
    const prepared = PreparedStacks.prepare(app, stacks);
    const files = new Map<string, string>();
    for (const stack of stacks) {
      const [file, tf] = synthesizeStack(stack, app.manifest, app.skipValidation, prepared);
      files.set(file, toStableJson(tf));
      // Not cdktf's: the Terraform version the stack needs, in HCL beside it (see terraform-version.ts).
      const versions = versionsFile(tf);
      if (versions !== undefined) {
        files.set(path.posix.join(path.posix.dirname(file), VERSIONS_FILE), versions);
      }
    }
    if (!app.skipValidation) {
      const validations = app.node.validate();
      if (validations.length > 0) {
        throw appValidationFailure(validations.join('\n  '));
      }
    }
    files.set(Manifest.fileName, toStableJson(app.manifest.buildManifest()));
    return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  /** Nothing to release: synthesis keeps everything in memory. */
  public dispose(): void {}
}

/**
 * The cdktf App that holds the Terraform stacks of an app. Its output (cdktf's layout: `manifest.json` and
 * `stacks/<stack>/cdk.tf.json`, keys sorted) is written to `<outdir>/terraform/<app name>/`, next to the app's YAML,
 * and only if the whole app synthesizes. Stacks (see PlatformStack) are defined inside it. The App is synthesized
 * in memory with the app: it writes no files (no temporary directory either), so its own `synth()` is disabled and
 * constructs that write files during synthesis (TerraformAsset) are refused. cdktf's token creation stacks are switched
 * off for the process (see switchOffTokenCreationStacks; `KEELSON_CDKTF_CREATION_STACKS=1` keeps them).
 */
export function terraformApp(k8sApp: K8sApp): App {
  const v = new PropsValidator('terraformApp');
  if (v.check(Construct.isConstruct(k8sApp), 'app', k8sApp, 'the cdk8s App that the app definition\'s build receives')) {
    v.check(!artifactSources(k8sApp).some((s) => s instanceof TerraformArtifacts), 'app', k8sApp.node.path === '' ? 'the app' : k8sApp.node.path,
      'an app without a Terraform App yet: call terraformApp(app) once and define every stack in the App it returned');
  }
  v.throwIfInvalid();
  switchOffTokenCreationStacks();
  const app = inMemoryApp();
  registerArtifactSource(k8sApp, new TerraformArtifacts(app));
  return app;
}
