import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { Manifest, apiGroup, objectId } from './manifest';
import { describeErrors } from './schema-errors';
import { InternedSchema, internSchema } from './schema-intern';

/** Options of a {@link SchemaValidator}. */
export interface SchemaValidatorOptions {
  /**
   * Folder under `<root>/kubernetes/` with the strict schemas of the Kubernetes version to check against.
   * @default the newest `*-standalone-strict` folder
   */
  readonly kubernetesVersion?: string;
  /**
   * Schemas of kinds that have none under the root, by "<apiVersion>/<kind>" (e.g. the project's own for
   * `openfaas.com/v1/Function`); they take precedence over files.
   * @default none
   */
  readonly extraSchemas?: Readonly<Record<string, object>>;
  /**
   * A folder where compiled validators are kept as JavaScript, keyed by a hash of the schema, so that each large
   * schema (a Deployment's takes about half a second) is compiled once across processes, e.g. test files. Created
   * when missing; never inside the repository's tracked files (`node_modules/.cache/...` is the usual place).
   * @default no cache: compile in memory
   */
  readonly cacheDir?: string;
}

/** One way an object breaks its schema. */
export interface SchemaProblem {
  /** JSON pointer of the offending value, e.g. "/spec/template/spec/containers/0/imagePullPolice" ("" for the object). */
  readonly path: string;
  /** What is wrong and what the schema allows there, e.g. `unknown field "x" (did you mean "y"?); allowed fields: ...`. */
  readonly message: string;
}

/** The outcome of validating one object (see {@link SchemaValidator.check}). */
export interface SchemaOutcome {
  /** The schema used: its file relative to the root, or the label of a given schema; undefined when there is none. */
  readonly schema?: string;
  /** When no schema exists for the kind: where it was looked for (relative to the root). */
  readonly missing?: string;
  /** Empty when the object is valid (or has no schema). */
  readonly problems: readonly SchemaProblem[];
}

/** A schema given for one object instead of the root's file, e.g. derived from a CustomResourceDefinition. */
export interface GivenSchema {
  /** Named in {@link SchemaOutcome.schema}, e.g. "CustomResourceDefinition widgets.example.com (v1)". */
  readonly label: string;
  readonly schema: object;
}

/** The compile-cache key of each given schema object, so that each is hashed once. */
const GIVEN_KEYS = new WeakMap<object, string>();

/** What the compiled code and its cache key depend on besides the schema. */
const CACHE_VERSION = `ajv ${require('ajv/package.json').version}, ajv-formats ${require('ajv-formats/package.json').version}, v3 interned`;

/**
 * Validates manifests offline against strict JSON schemas laid out as kubeconform expects:
 * - `<root>/kubernetes/<version>-standalone-strict/<kind>-<group prefix>-<version>.json` for built-in kinds
 *   (`<kind>-<version>.json` for the core group), and
 * - `<root>/crds/<group>/<kind>_<version>.json` for custom resources.
 *
 * The schemas reject unknown fields. Each schema is compiled once, on first use; subschemas that several kinds share
 * (the PodSpec of every pod-bearing kind) are compiled once for all of them (see internSchema).
 */
export class SchemaValidator {
  private compiler?: Ajv;
  private readonly cache = new Map<string, ValidateFunction | undefined>();
  /** The schema objects behind the compiled validators, parsed only to describe errors. */
  private readonly sources = new Map<string, object | undefined>();
  /** The interned subschemas the compiler holds, by id. */
  private readonly parts = new Set<string>();
  /** The schema file of each apiVersion and kind seen. */
  private readonly paths = new Map<string, string>();
  private readonly kubernetesDir: string;
  private readonly extraSchemas: Readonly<Record<string, object>>;
  private readonly cacheDir?: string;

  /**
   * @param root the schema root (holding `kubernetes/` and `crds/`)
   * @param options the Kubernetes version folder, extra schemas and a compiled-schema cache (see SchemaValidatorOptions);
   *   for compatibility, a string is the Kubernetes version folder, followed by the extra schemas
   */
  public constructor(private readonly root: string, options: SchemaValidatorOptions | string = {}, extraSchemas?: Readonly<Record<string, object>>) {
    const opts: SchemaValidatorOptions = typeof options === 'string' ? { kubernetesVersion: options, extraSchemas } : { extraSchemas, ...options };
    const kubernetesVersion = opts.kubernetesVersion;
    this.extraSchemas = opts.extraSchemas ?? {};
    this.cacheDir = opts.cacheDir;
    const k8sRoot = path.join(root, 'kubernetes');
    if (!fs.existsSync(k8sRoot)) {
      throw new Error(`no schemas at ${root}: expected a "kubernetes" folder in kubeconform layout (set KUBE_SCHEMAS to the schema root)`);
    }
    const versions = fs.readdirSync(k8sRoot).filter((d) => d.endsWith('-standalone-strict')).sort();
    const chosen = kubernetesVersion ?? versions[versions.length - 1];
    if (!chosen || !versions.includes(chosen)) {
      throw new Error(`no strict schema folder "${kubernetesVersion ?? '*-standalone-strict'}" in ${k8sRoot} (found: ${versions.join(', ') || 'none'})`);
    }
    this.kubernetesDir = path.join(k8sRoot, chosen);
  }

  /** The schema compiler, loaded on first use: a validator read from the cache needs none. */
  private get ajv(): Ajv {
    if (!this.compiler) {
      /* eslint-disable @typescript-eslint/no-require-imports */
      const { default: AjvClass, _ } = require('ajv') as typeof import('ajv');
      const addFormats = (require('ajv-formats') as typeof import('ajv-formats')).default;
      /* eslint-enable @typescript-eslint/no-require-imports */
      // With a cache, the validators are compiled to standalone code, whose formats come from ajv-formats at run time.
      // Without ajv's code optimization: the standalone Kubernetes schemas inline every definition (a pod-bearing kind is
      // 650 KB of schema), and compiling them takes half the time, for validators about 15 % slower (a few µs an object).
      this.compiler = new AjvClass({
        // Interned subschemas are called, never inlined, so that each is compiled once.
        strict: false, allErrors: true, inlineRefs: false,
        code: { optimize: false, ...(this.cacheDir ? { source: true, formats: _`require("ajv-formats/dist/formats").fullFormats` } : {}) },
      });
      addFormats(this.compiler);
    }
    return this.compiler;
  }

  /** The schema file for a kind, whether or not it exists (looked up once per apiVersion and kind). */
  public schemaPath(m: Pick<Manifest, 'apiVersion' | 'kind'>): string {
    const key = `${m.apiVersion}\u0000${m.kind}`;
    let file = this.paths.get(key);
    if (file === undefined) {
      file = this.findSchema(m);
      this.paths.set(key, file);
    }
    return file;
  }

  private findSchema(m: Pick<Manifest, 'apiVersion' | 'kind'>): string {
    const group = apiGroup(m);
    const version = m.apiVersion.slice(m.apiVersion.indexOf('/') + 1);
    const kind = m.kind.toLowerCase();
    const builtIn = group === '' || !group.includes('.') || group.endsWith('.k8s.io');
    if (builtIn) {
      const prefix = group === '' ? '' : `-${group.split('.')[0]}`;
      const file = path.join(this.kubernetesDir, `${kind}${prefix}-${version}.json`);
      if (fs.existsSync(file) || !group.includes('.')) {
        return file;
      }
    }
    return path.join(this.root, 'crds', group, `${kind}_${version}.json`);
  }

  /** Problems of one manifest; empty when it is valid. A kind without a schema is a problem too. */
  public validate(m: Manifest): string[] {
    if (typeof m?.apiVersion !== 'string' || typeof m?.kind !== 'string' || typeof m?.metadata?.name !== 'string') {
      return [`not a Kubernetes object (apiVersion, kind and metadata.name are required): ${JSON.stringify(m)?.slice(0, 80)}`];
    }
    const extra = this.extraSchemas[`${m.apiVersion}/${m.kind}`];
    const file = extra ? `extra:${m.apiVersion}/${m.kind}` : this.schemaPath(m);
    const validate = extra ? this.compileExtra(file, extra) : this.compile(file);
    if (!validate) {
      return [`${objectId(m)}: no schema for ${m.apiVersion} ${m.kind} (looked for ${path.relative(this.root, file)})`];
    }
    if (validate(m)) {
      return [];
    }
    return (validate.errors ?? []).map((e) => {
      const extra = e.keyword === 'additionalProperties' ? ` "${(e.params as { additionalProperty: string }).additionalProperty}"` : '';
      return `${objectId(m)}: ${e.instancePath || '/'} ${e.message}${extra}`;
    });
  }

  /**
   * Validates one object against its schema (or `given`, which takes precedence over files and extra schemas) and
   * describes each problem by JSON path with what the schema allows there. A kind without a schema is reported in
   * `missing`, not as a problem, so that callers decide how bad that is.
   */
  public check(m: Manifest, given?: GivenSchema): SchemaOutcome {
    if (typeof m?.apiVersion !== 'string' || typeof m?.kind !== 'string' || typeof m?.metadata?.name !== 'string') {
      return { problems: [{ path: '', message: `not a Kubernetes object (apiVersion, kind and metadata.name are required): ${JSON.stringify(m)?.slice(0, 80)}` }] };
    }
    const extra = given ? undefined : this.extraSchemas[`${m.apiVersion}/${m.kind}`];
    let key: string;
    let label: string;
    let validate: ValidateFunction | undefined;
    if (given) {
      key = GIVEN_KEYS.get(given.schema) ?? `given:${createHash('sha256').update(JSON.stringify(given.schema)).digest('hex')}`;
      GIVEN_KEYS.set(given.schema, key);
      label = given.label;
      validate = this.compileExtra(key, given.schema);
    } else if (extra) {
      key = `extra:${m.apiVersion}/${m.kind}`;
      label = `the schema of ${m.apiVersion} ${m.kind} given to the validator`;
      validate = this.compileExtra(key, extra);
    } else {
      key = this.schemaPath(m);
      label = path.relative(this.root, key);
      validate = this.compile(key);
    }
    if (!validate) {
      return { missing: label, problems: [] };
    }
    if (validate(m)) {
      return { schema: label, problems: [] };
    }
    return { schema: label, problems: describeErrors(validate.errors ?? [], m, () => this.sourceOf(key)) };
  }

  /** The schema object behind a compiled validator (read again from its file when it came from the cache). */
  private sourceOf(key: string): object | undefined {
    if (!this.sources.has(key) && !key.startsWith('given:') && !key.startsWith('extra:')) {
      try {
        this.sources.set(key, readSchemaFile(key));
      } catch {
        this.sources.set(key, undefined);
      }
    }
    return this.sources.get(key);
  }

  private compileExtra(key: string, schema: object): ValidateFunction {
    this.sources.set(key, schema);
    if (!this.cache.has(key)) {
      this.cache.set(key, this.compileSchema(JSON.stringify(schema), () => internSchema(schema as Record<string, unknown>)));
    }
    return this.cache.get(key)!;
  }

  private compile(file: string): ValidateFunction | undefined {
    if (!this.cache.has(file)) {
      let fn: ValidateFunction | undefined;
      if (fs.existsSync(file)) {
        const text = fs.readFileSync(file, 'utf8');
        fn = this.compileSchema(text, () => internSchema(readSchemaFile(file, text)));
      }
      this.cache.set(file, fn);
    }
    return this.cache.get(file);
  }

  /**
   * Compiles an interned schema (`text` is the JSON of the original, the cache key), or loads its compiled code from
   * the cache folder (writing it there the first time).
   */
  private compileSchema(text: string, schema: () => InternedSchema): ValidateFunction {
    const build = () => {
      const { root, parts } = schema();
      for (const [id, part] of parts) {
        if (!this.parts.has(id)) {
          try {
            this.ajv.addSchema({ $id: id, ...part });
          } catch (err) {
            this.ajv.removeSchema(id); // ajv keeps an invalid schema it refused: the next compile would fail otherwise
            throw err;
          }
          this.parts.add(id);
        }
      }
      return this.ajv.compile(root);
    };
    if (!this.cacheDir) {
      return build();
    }
    const key = createHash('sha256').update(CACHE_VERSION).update('\0').update(text).digest('hex');
    const file = path.join(this.cacheDir, `${key}.js`);
    let code: string;
    let cached = true;
    try {
      code = fs.readFileSync(file, 'utf8');
    } catch {
      cached = false;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const standaloneCode = (require('ajv/dist/standalone') as typeof import('ajv/dist/standalone')).default;
      code = standaloneCode(this.ajv, build());
      try {
        fs.mkdirSync(this.cacheDir, { recursive: true });
        const aside = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(aside, code);
        fs.renameSync(aside, file);
      } catch {
        // A read-only or full disk: keep validating, only slower next time.
      }
    }
    return this.evaluate(file, code, cached);
  }

  /**
   * Compiles the cached code of a validator. The code of a pod-bearing kind is about 2 MB of JavaScript, which V8
   * takes about 0.1 s to compile: code read from the cache is compiled with V8's code cache, kept beside it
   * (`<hash>.v8`, written the first time the code is read back, rewritten when V8 rejects it, e.g. after a Node
   * upgrade), which takes a tenth of that.
   */
  private evaluate(file: string, code: string, cached: boolean): ValidateFunction {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const vm = require('node:vm') as typeof import('node:vm');
    const v8File = file.replace(/\.js$/, '.v8');
    let cachedData: Buffer | undefined;
    if (cached) {
      try {
        cachedData = fs.readFileSync(v8File);
      } catch {
        // Not yet written.
      }
    }
    const script = new vm.Script(`(function (module, exports, require) {${code}\n})`, { filename: file, cachedData });
    const module = { exports: {} as { default?: ValidateFunction } & ValidateFunction };
    // The code requires ajv's runtime helpers and ajv-formats, resolved from here (keelson's dependencies).
    script.runInThisContext()(module, module.exports, require);
    const validate = (module.exports.default ?? module.exports) as ValidateFunction;
    if (cached && (cachedData === undefined || script.cachedDataRejected)) {
      try {
        // V8 compiles a function on its first call: one call first puts the validator itself into the code cache.
        validate({});
        const aside = `${v8File}.${process.pid}.tmp`;
        fs.writeFileSync(aside, script.createCachedData());
        fs.renameSync(aside, v8File);
      } catch {
        // Only slower next time.
      }
    }
    return validate;
  }
}

/**
 * A schema file's schema, without the `$schema` and `id` the files carry: they name a draft-04-style meta-schema that ajv
 * does not bundle (the keywords are compatible).
 */
function readSchemaFile(file: string, text = fs.readFileSync(file, 'utf8')): Record<string, unknown> {
  const schema = JSON.parse(text);
  delete schema.$schema;
  delete schema.id;
  return schema;
}
