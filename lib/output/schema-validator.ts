import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { Manifest, apiGroup, objectId } from './manifest';

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

/** What the compiled code and its cache key depend on besides the schema. */
const CACHE_VERSION = `ajv ${require('ajv/package.json').version}, ajv-formats ${require('ajv-formats/package.json').version}, v1`;

/**
 * Validates manifests offline against strict JSON schemas laid out as kubeconform expects:
 * - `<root>/kubernetes/<version>-standalone-strict/<kind>-<group prefix>-<version>.json` for built-in kinds
 *   (`<kind>-<version>.json` for the core group), and
 * - `<root>/crds/<group>/<kind>_<version>.json` for custom resources.
 *
 * The schemas reject unknown fields. Each schema is compiled once, on first use.
 */
export class SchemaValidator {
  private compiler?: Ajv;
  private readonly cache = new Map<string, ValidateFunction | undefined>();
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
      this.compiler = new AjvClass({ strict: false, allErrors: true, ...(this.cacheDir ? { code: { source: true, formats: _`require("ajv-formats/dist/formats").fullFormats` } } : {}) });
      addFormats(this.compiler);
    }
    return this.compiler;
  }

  /** The schema file for a kind, whether or not it exists. */
  public schemaPath(m: Pick<Manifest, 'apiVersion' | 'kind'>): string {
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

  private compileExtra(key: string, schema: object): ValidateFunction {
    if (!this.cache.has(key)) {
      this.cache.set(key, this.compileSchema(JSON.stringify(schema), schema));
    }
    return this.cache.get(key)!;
  }

  private compile(file: string): ValidateFunction | undefined {
    if (!this.cache.has(file)) {
      let fn: ValidateFunction | undefined;
      if (fs.existsSync(file)) {
        const text = fs.readFileSync(file, 'utf8');
        const schema = JSON.parse(text);
        // The files name a draft-04-style meta-schema URI that ajv does not bundle; the keywords are compatible.
        delete schema.$schema;
        delete schema.id;
        fn = this.compileSchema(text, schema);
      }
      this.cache.set(file, fn);
    }
    return this.cache.get(file);
  }

  /** Compiles a schema, or loads its compiled code from the cache folder (writing it there the first time). */
  private compileSchema(text: string, schema: object): ValidateFunction {
    if (!this.cacheDir) {
      return this.ajv.compile(schema);
    }
    const key = createHash('sha256').update(CACHE_VERSION).update('\0').update(text).digest('hex');
    const file = path.join(this.cacheDir, `${key}.js`);
    let code: string;
    try {
      code = fs.readFileSync(file, 'utf8');
    } catch {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const standaloneCode = (require('ajv/dist/standalone') as typeof import('ajv/dist/standalone')).default;
      code = standaloneCode(this.ajv, this.ajv.compile(schema));
      try {
        fs.mkdirSync(this.cacheDir, { recursive: true });
        const aside = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(aside, code);
        fs.renameSync(aside, file);
      } catch {
        // A read-only or full disk: keep validating, only slower next time.
      }
    }
    const module = { exports: {} as { default?: ValidateFunction } & ValidateFunction };
    // The code requires ajv's runtime helpers and ajv-formats, resolved from here (keelson's dependencies).
    new Function('module', 'exports', 'require', code)(module, module.exports, require);
    return (module.exports.default ?? module.exports) as ValidateFunction;
  }
}
