import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { Manifest, apiGroup, objectId } from './manifest';

/**
 * Validates manifests offline against strict JSON schemas laid out as kubeconform expects:
 * - `<root>/kubernetes/<version>-standalone-strict/<kind>-<group prefix>-<version>.json` for built-in kinds
 *   (`<kind>-<version>.json` for the core group), and
 * - `<root>/crds/<group>/<kind>_<version>.json` for custom resources.
 *
 * The schemas reject unknown fields. Each schema is compiled once, on first use.
 */
export class SchemaValidator {
  private readonly ajv: Ajv;
  private readonly cache = new Map<string, ValidateFunction | undefined>();
  private readonly kubernetesDir: string;

  /**
   * @param root the schema root (holding `kubernetes/` and `crds/`)
   * @param kubernetesVersion folder under `kubernetes/`; defaults to the only `*-standalone-strict` folder present
   * @param extraSchemas schemas of kinds that have none under `root`, by "<apiVersion>/<kind>" (e.g. the
   *   project's own for `openfaas.com/v1/Function`); they take precedence over files
   */
  public constructor(private readonly root: string, kubernetesVersion?: string, private readonly extraSchemas: Readonly<Record<string, object>> = {}) {
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
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
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
      this.cache.set(key, this.ajv.compile(schema));
    }
    return this.cache.get(key)!;
  }

  private compile(file: string): ValidateFunction | undefined {
    if (!this.cache.has(file)) {
      let fn: ValidateFunction | undefined;
      if (fs.existsSync(file)) {
        const schema = JSON.parse(fs.readFileSync(file, 'utf8'));
        // The files name a draft-04-style meta-schema URI that ajv does not bundle; the keywords are compatible.
        delete schema.$schema;
        delete schema.id;
        fn = this.ajv.compile(schema);
      }
      this.cache.set(file, fn);
    }
    return this.cache.get(file);
  }
}
