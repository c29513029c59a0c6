import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { load } from 'js-yaml';
import { Manifest, apiGroup, objectId } from '../output/manifest';
import { validateObjects } from '../output/schema-checks';
import { SchemaValidator } from '../output/schema-validator';
import { AppDefinition, SynthesizedDefinition, synthesizeDefinition, synthesizeTree } from '../output/synth-apps';
import { Finding, PolicyReport } from '../policy/types';
import { SERVERLESS_SCHEMAS } from '../serverless/schemas';

/** A synthesized Kubernetes object; fields other than apiVersion, kind and metadata are untyped, for easy assertions. */
export interface SynthesizedObject extends Manifest {
  readonly [key: string]: any;
}

/** How to pick objects: any of kind, name, namespace and API group ("" for core). */
export interface ObjectFilter {
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly group?: string;
}

/** How to pick policy findings. */
export interface FindingFilter {
  /** The check id, e.g. "rbac-wildcard". */
  readonly check?: string;
  /** A construct (or construct path): findings on objects it or its children defined. */
  readonly construct?: IConstruct | string;
  /**
   * Also return findings that a suppression silenced.
   * @default false
   */
  readonly includeSuppressed?: boolean;
}

/** Options of {@link SynthesizedApp.validateSchemas}. */
export interface SchemaOptions {
  /**
   * Folder under `<root>/kubernetes/` with the strict schemas of the Kubernetes version to check against.
   * @default the only (or newest) `*-standalone-strict` folder
   */
  readonly kubernetesVersion?: string;
  /**
   * Where compiled validators are kept, so that each large schema is compiled once across test files and runs.
   * @default `node_modules/.cache/keelson-schemas` in the working directory when it has `node_modules`, else none
   */
  readonly cacheDir?: string;
}

/** The default compiled-schema cache: `node_modules/.cache/keelson-schemas` of the project the tests run in. */
function defaultCacheDir(): string | undefined {
  const modules = path.resolve('node_modules');
  return fs.existsSync(modules) ? path.join(modules, '.cache', 'keelson-schemas') : undefined;
}

const VALIDATORS = new Map<string, SchemaValidator>();

const pathOf = (c: IConstruct | string) => (typeof c === 'string' ? c : c.node.path);
const under = (path: string | undefined, scope: string) => path !== undefined && (scope === '' || path === scope || path.startsWith(`${scope}/`));

/**
 * An app synthesized in memory for a test, exactly as the synth would write it: the objects parsed back from the
 * YAML, every output file, the Terraform stacks, the helmfile and the policy report. Finders throw an error that
 * lists what exists when they do not find exactly what was asked, so a failing test says why.
 */
export class SynthesizedApp {
  /** Every file the synth would write, by path under the output directory (e.g. "shop/service_core_shop_web.yaml"). */
  public readonly files: ReadonlyMap<string, string>;
  /** The Kubernetes objects, in file order, parsed from the YAML that would be written. */
  public readonly objects: readonly SynthesizedObject[];
  /** The construct path that defined each object. */
  private readonly paths: ReadonlyMap<SynthesizedObject, string>;
  /** The policy report: errors are reported here, not thrown, so tests can assert them. */
  public readonly policy: PolicyReport;

  /** @internal */
  public constructor(public readonly name: string, synthesized: SynthesizedDefinition, scope?: string) {
    this.files = new Map(synthesized.folders.flatMap((f) => [...f.files].map(([file, text]): [string, string] => [`${f.name}/${file}`, text])));
    const kept = synthesized.manifests.filter((m) => scope === undefined || under(m.constructPath, scope));
    const parsed = kept.map((m) => [load(this.files.get(`${name}/${m.fileName}`)!) as SynthesizedObject, m.constructPath] as const);
    this.objects = parsed.map(([m]) => m);
    this.paths = new Map(parsed);
    this.policy = synthesized.policy;
  }

  /** The objects that match every given field of the filter. */
  public findAll(filter: ObjectFilter = {}): SynthesizedObject[] {
    return this.objects.filter((m) => (filter.kind === undefined || m.kind === filter.kind) && (filter.name === undefined || m.metadata.name === filter.name)
      && (filter.namespace === undefined || m.metadata.namespace === filter.namespace) && (filter.group === undefined || apiGroup(m) === filter.group));
  }

  /** The one object of `kind` named `name` (narrowed by namespace or group when several match); throws otherwise. */
  public find(kind: string, name: string, filter: Omit<ObjectFilter, 'kind' | 'name'> = {}): SynthesizedObject {
    const found = this.findAll({ ...filter, kind, name });
    if (found.length !== 1) {
      const all = this.objects.map(objectId).join(', ') || 'none';
      throw new Error(`expected one ${kind} "${name}"${filter.namespace ? ` in namespace ${filter.namespace}` : ''} in app "${this.name}", found ${found.length}; the app has: ${all}`);
    }
    return found[0];
  }

  /** The construct path that defined an object of this app. */
  public constructPathOf(object: Manifest): string {
    const path = this.paths.get(object as SynthesizedObject);
    if (path === undefined) {
      throw new Error(`${objectId(object)} is not an object of app "${this.name}" (use the objects returned by find or findAll)`);
    }
    return path;
  }

  /** The Terraform stacks of the app by stack name, parsed (`cdk.tf.json`); empty when it has none. */
  public get terraform(): Record<string, any> {
    const stacks: Record<string, any> = {};
    for (const [file, text] of this.files) {
      const m = new RegExp(`^terraform/${this.name}/stacks/([^/]+)/cdk\\.tf\\.json$`).exec(file);
      if (m) {
        stacks[m[1]] = JSON.parse(text);
      }
    }
    return stacks;
  }

  /** The app's helmfile (its PinnedHelmReleases), parsed; undefined when it has none. */
  public get helmfile(): any {
    const text = this.files.get(`helm/${this.name}/helmfile.yaml`);
    return text === undefined ? undefined : load(text);
  }

  /** The policy findings that match the filter (unsuppressed ones only, unless `includeSuppressed`). */
  public findings(filter: FindingFilter = {}): Finding[] {
    const all = [...this.policy.findings, ...(filter.includeSuppressed ? this.policy.suppressed.map((s) => s.finding) : [])];
    const scope = filter.construct === undefined ? undefined : pathOf(filter.construct);
    return all.filter((f) => (filter.check === undefined || f.checkId === filter.check) && (scope === undefined || under(f.constructPath, scope)));
  }

  /** Throws unless check `check` fired on `construct` (or an object it defined); returns those findings. */
  public expectFinding(check: string, construct: IConstruct | string): Finding[] {
    const found = this.findings({ check, construct });
    if (found.length === 0) {
      const fired = this.policy.findings.map((f) => `${f.checkId} on ${f.constructPath ?? f.object}`).join('; ') || 'none';
      throw new Error(`expected check ${check} to fire on ${pathOf(construct)} in app "${this.name}"; findings: ${fired}`);
    }
    return found;
  }

  /** Throws with the report when the policy checks found errors (or warnings too, with `strict`). */
  public expectPolicyClean(strict = false): void {
    if (this.policy.errors > 0 || (strict && this.policy.warnings > 0)) {
      const lines = this.policy.findings.map((f) => `  ${f.severity} ${f.checkId}: ${f.object} (${f.constructPath ?? f.file}): ${f.message}`);
      throw new Error(`app "${this.name}" has ${this.policy.errors} policy error(s) and ${this.policy.warnings} warning(s):\n${lines.join('\n')}`);
    }
  }

  /**
   * Validates every object against strict JSON schemas in kubeconform's layout under `root` (unknown fields are
   * errors, and so is a kind without a schema). Returns the problems; empty when all objects are valid. Each schema
   * is compiled once per process, and kept compiled on disk for the next test files (see SchemaOptions.cacheDir).
   */
  public validateSchemas(root: string, options: SchemaOptions = {}): string[] {
    const key = `${root}\u0000${options.kubernetesVersion ?? ''}`;
    let validator = VALIDATORS.get(key);
    if (!validator) {
      validator = new SchemaValidator(root, { kubernetesVersion: options.kubernetesVersion, extraSchemas: SERVERLESS_SCHEMAS, cacheDir: options.cacheDir ?? defaultCacheDir() });
      VALIDATORS.set(key, validator);
    }
    return validateObjects(validator, this.objects);
  }

  /** Throws with every problem unless all objects validate against the schemas under `root` (see validateSchemas). */
  public expectSchemaValid(root: string, options: SchemaOptions = {}): void {
    const problems = this.validateSchemas(root, options);
    if (problems.length > 0) {
      throw new Error(`app "${this.name}": ${problems.length} object(s) do not match the schemas in ${root}:\n  ${problems.join('\n  ')}`);
    }
  }
}

/**
 * Synthesizes an app in memory, as `synth` would write it, without touching the file system. Accepts an app
 * definition or just a build function (the app is then called "test"). Invalid props still throw their
 * ValidationError; policy findings are reported in `policy`, not thrown. The app's policy config applies; the
 * environment's `KUBE_SCHEMAS` does not (validate with {@link SynthesizedApp.expectSchemaValid}, or name the schema
 * folder in the app's policy config).
 */
export function synthApp(app: AppDefinition | ((app: App) => void)): SynthesizedApp {
  const def: AppDefinition = typeof app === 'function' ? { name: 'test', description: '', build: app } : app;
  // KUBE_SCHEMAS is not read here: tests validate schemas explicitly (expectSchemaValid), or through the app's policy config.
  return new SynthesizedApp(def.name, synthesizeDefinition(def, { policyErrors: 'report', env: {} }));
}

/**
 * Synthesizes the app that holds an already built stack (like cdk8s's `Testing.synth`), in memory, and keeps the
 * objects that the stack defines. The policy checks see the whole app, as in a real synth.
 */
export function synthStack(stack: Chart): SynthesizedApp {
  return new SynthesizedApp(stack.node.id, synthesizeTree(App.of(stack), stack.node.id, { policyErrors: 'report', env: {} }), stack.node.path);
}
