import * as fs from 'node:fs';
import * as path from 'node:path';
import { ObjectIndex } from '../policy/object-index';
import { PolicyConfigError } from '../policy/policy-config';
import { hasSchemaSource } from '../policy/resource-scope';
import { kubernetesTarget } from '../policy/targets';
import type { PolicyCheck, PolicyTarget } from '../policy/types';
import { Manifest, objectId } from './manifest';
import type { GivenSchema, SchemaOutcome, SchemaValidator } from './schema-validator';
import { isObject } from '../core/validator';
import { strictObjectSchema } from '../extension/crd-validator';

// Strict schema validation as two policy checks, so that its errors fail the synth and `keelson check` like any
// other error, carry the file, object and construct path, and take suppressions and severity overrides. Nothing
// here loads ajv or the schemas unless a schema folder is configured.

/** Every object matches the strict schema of its kind. */
export const SCHEMA_VALID_CHECK = 'schema-valid';
/** Every kind has a schema (in the schema folder, or from a CustomResourceDefinition among the objects). */
export const SCHEMA_MISSING_CHECK = 'schema-missing';
/** The ids of the schema checks, known to the policy configuration whether or not a schema folder is configured. */
export const SCHEMA_CHECK_IDS: readonly string[] = [SCHEMA_VALID_CHECK, SCHEMA_MISSING_CHECK];

/** A schema folder and where its setting came from ("--schemas", "KUBE_SCHEMAS", "policy config keelson.policy.json"). */
export interface SchemaFolder {
  readonly root: string;
  readonly source: string;
}

/** Printed once per process by a synth that validates nothing because no schema folder is configured. */
export const SCHEMA_HINT = 'note: schema validation is off: no schema folder is configured. To validate every object against strict '
  + 'schemas (unknown fields are errors), get a folder in kubeconform\'s layout (e.g. the "*-standalone-strict" folder of '
  + 'github.com/yannh/kubernetes-json-schema under <dir>/kubernetes/, CRD schemas under <dir>/crds/<group>/) and pass '
  + '--schemas <dir>, set KUBE_SCHEMAS=<dir>, or name it as "schemas" in the policy config (--config FILE).';

/**
 * The schema folder to validate against: `explicit` (the `--schemas` flag or `schemas` option; `false` turns
 * validation off), else the environment's `KUBE_SCHEMAS`, else the first policy config that names one.
 */
export function resolveSchemaFolder(
  explicit: string | false | undefined,
  env: Readonly<Record<string, string | undefined>>,
  configured: ReadonlyArray<{ readonly schemas?: string; readonly source: string }> = [],
): SchemaFolder | undefined {
  if (explicit === false) {
    return undefined;
  }
  if (explicit !== undefined) {
    return { root: explicit, source: 'the schemas option (--schemas)' };
  }
  if (env.KUBE_SCHEMAS) {
    return { root: env.KUBE_SCHEMAS, source: 'the environment variable KUBE_SCHEMAS' };
  }
  const c = configured.find((x) => x.schemas !== undefined);
  return c ? { root: c.schemas!, source: c.source } : undefined;
}

/** The default compiled-schema cache: `node_modules/.cache/keelson-schemas` of the working directory, if it has node_modules. */
export function defaultSchemaCacheDir(): string | undefined {
  const modules = path.resolve('node_modules');
  return fs.existsSync(modules) ? path.join(modules, '.cache', 'keelson-schemas') : undefined;
}

/** One validator per schema folder and process: each schema is compiled (or read from the cache) once. */
const VALIDATORS = new Map<string, SchemaValidator>();

/** The validator of a folder; throws an error naming where the setting came from when the folder is no schema folder. */
export function schemaValidatorFor(folder: SchemaFolder, cacheDir = defaultSchemaCacheDir()): SchemaValidator {
  const root = path.resolve(folder.root);
  const key = `${root}\u0000${cacheDir ?? ''}`;
  let validator = VALIDATORS.get(key);
  if (!validator) {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { SchemaValidator: Validator } = require('./schema-validator') as typeof import('./schema-validator');
    const { SERVERLESS_SCHEMAS } = require('../serverless/schemas') as typeof import('../serverless/schemas');
    /* eslint-enable @typescript-eslint/no-require-imports */
    try {
      validator = new Validator(root, { extraSchemas: SERVERLESS_SCHEMAS, cacheDir });
    } catch (err) {
      throw new PolicyConfigError(`schema folder ${folder.root} (from ${folder.source}): ${(err as Error).message}`);
    }
    VALIDATORS.set(key, validator);
  }
  return validator;
}


/**
 * A CRD version's openAPIV3Schema made strict, the one way keelson does it (also for CustomResource): an object schema
 * that lists its properties rejects others unless it preserves unknown fields; int-or-string and nullable become JSON
 * Schema; the top level (and embedded resources) take apiVersion, kind and a strict ObjectMeta, with the CRD's own
 * rules on metadata.name; the branches of allOf/anyOf/oneOf are left open (they often list a subset of the fields);
 * CEL rules and formats the API server does not know are left out.
 */
export function strictCrdSchema(node: unknown): any {
  return isObject(node) ? strictObjectSchema(node) : node;
}

/** What the CustomResourceDefinitions among the objects declare: "group/Kind" -> served version -> schema (or none). */
type CrdKinds = Map<string, { readonly crd: string; readonly versions: Map<string, GivenSchema | undefined> }>;

function crdKinds(index: ObjectIndex): CrdKinds {
  const kinds: CrdKinds = new Map();
  for (const t of index.allOfKind('CustomResourceDefinition')) {
    const spec = t.object?.spec;
    const group = spec?.group;
    const kind = spec?.names?.kind;
    if (t.group !== 'apiextensions.k8s.io' || typeof group !== 'string' || typeof kind !== 'string') {
      continue;
    }
    const versions = new Map<string, GivenSchema | undefined>();
    const listed = Array.isArray(spec.versions) ? spec.versions : typeof spec.version === 'string' ? [{ name: spec.version }] : [];
    for (const v of listed) {
      if (!isObject(v) || typeof v.name !== 'string' || v.served === false) {
        continue;
      }
      const schema = v.schema?.openAPIV3Schema ?? spec.validation?.openAPIV3Schema;
      versions.set(v.name, isObject(schema) ? { label: `CustomResourceDefinition ${t.name} (version ${v.name})`, schema: strictCrdSchema(schema) } : undefined);
    }
    kinds.set(`${group}/${kind}`, { crd: t.name, versions });
  }
  return kinds;
}

/**
 * How one object is checked against the schemas: against the CustomResourceDefinition among the objects that
 * declares its kind, else against the validator's folder. The schema checks of the policy engine and
 * `keelson/testing`'s `validateSchemas` both use it. @internal
 */
export function schemaOutcome(validator: SchemaValidator, t: PolicyTarget, index: ObjectIndex, kinds: CrdKinds = crdKinds(index)): SchemaOutcome | { readonly crdProblem: string } {
  const declared = kinds.get(`${t.group}/${t.kind}`);
  const version = typeof t.object.apiVersion === 'string' ? t.object.apiVersion.slice(t.object.apiVersion.indexOf('/') + 1) : '';
  if (declared && !declared.versions.has(version)) {
    const served = [...declared.versions.keys()].join(', ') || 'none';
    return { crdProblem: `apiVersion ${t.object.apiVersion}: the CustomResourceDefinition ${declared.crd} among the objects serves no version "${version}" (served: ${served})` };
  }
  return validator.check(t.object as Manifest, declared?.versions.get(version));
}

/** The CRD kinds of an index, computed once per index. @internal */
export function crdKindsOf(index: ObjectIndex): CrdKinds {
  let kinds = CRD_KINDS.get(index);
  if (!kinds) {
    kinds = crdKinds(index);
    CRD_KINDS.set(index, kinds);
  }
  return kinds;
}
const CRD_KINDS = new WeakMap<ObjectIndex, CrdKinds>();

/**
 * Validates objects strictly, as the synth's schema checks do: a kind that a CustomResourceDefinition among them
 * declares against that CRD's schema, others against the validator's folder, where a kind without a schema is a
 * problem unless the object records the vendor CRD it was checked against at synth (keelson.dev/schema-source).
 * Returns one line per problem, prefixed with the object. @internal
 */
export function validateObjects(validator: SchemaValidator, manifests: readonly Manifest[]): string[] {
  const index = new ObjectIndex(manifests.map((m) => kubernetesTarget(m)));
  const kinds = crdKindsOf(index);
  return index.targets.flatMap((t) => {
    const m = t.object as Manifest;
    if (!isObject(m) || kinds.get(`${t.group}/${t.kind}`) === undefined) {
      const recorded = hasSchemaSource(t) && validator.check(m).missing !== undefined;
      return recorded ? [] : validator.validate(m);
    }
    const outcome = schemaOutcome(validator, t, index, kinds);
    return 'crdProblem' in outcome ? [`${objectId(m)}: ${outcome.crdProblem}`]
      : outcome.problems.map((p) => `${objectId(m)}: ${p.path || '/'} ${p.message} (schema ${outcome.schema})`);
  });
}

/** What a check found for one object: the validator's outcome, or a problem with the app's own CRD. */
type Outcome = SchemaOutcome | { readonly crdProblem: string };

/**
 * The schema checks over a folder: `schema-valid` (error) validates each Kubernetes object against the strict
 * schema of its kind (from a CustomResourceDefinition among the objects when one declares the kind, else from the
 * folder), and `schema-missing` (warning) names the objects whose kind has no schema. Without a folder both are
 * inert: they are registered (so configurations and suppressions may name them) but find nothing, and ajv is not
 * loaded. Each schema is compiled once per process (and kept compiled in `cacheDir`).
 */
export function schemaChecks(folder: SchemaFolder | undefined, options: { readonly cacheDir?: string } = {}): PolicyCheck[] {
  const validator = folder ? schemaValidatorFor(folder, options.cacheDir ?? defaultSchemaCacheDir()) : undefined;
  const outcomes = new WeakMap<PolicyTarget, Outcome>();
  const outcomeOf = (t: PolicyTarget, index: ObjectIndex): Outcome | undefined => {
    if (!validator || !isObject(t.object)) {
      return undefined;
    }
    let outcome = outcomes.get(t);
    if (!outcome) {
      outcome = schemaOutcome(validator, t, index, crdKindsOf(index));
      outcomes.set(t, outcome);
    }
    return outcome;
  };
  const where = (t: PolicyTarget) => (t.constructPath && t.file ? ` (file ${t.file})` : '');
  return [
    {
      id: SCHEMA_VALID_CHECK,
      description: 'Every Kubernetes object matches the strict schema of its kind (unknown fields are errors): the schema '
        + 'of a CustomResourceDefinition among the objects, else the one in the schema folder (--schemas, KUBE_SCHEMAS '
        + 'or "schemas" in the policy config).',
      remediation: 'Fix or remove the field at the JSON path named (the message lists what the schema allows there); in '
        + 'code, correct the escape-hatch patch or the props that produced it.',
      severity: 'error',
      domain: 'kubernetes',
      kinds: ['*'],
      check: (t, index) => {
        const outcome = outcomeOf(t, index);
        if (!outcome) {
          return [];
        }
        if ('crdProblem' in outcome) {
          return [`${outcome.crdProblem}${where(t)}`];
        }
        return outcome.problems.map((p) => `${p.path || '/'}: ${p.message} (schema ${outcome.schema})${where(t)}`);
      },
    },
    {
      id: SCHEMA_MISSING_CHECK,
      description: 'Every Kubernetes object has a schema to be validated against: in the schema folder, or from a '
        + 'CustomResourceDefinition among the objects.',
      remediation: 'Add the schema of the kind to the schema folder (crds/<group>/<kind>_<version>.json for a custom '
        + 'resource), include its CustomResourceDefinition, or set this check to "off" in the policy config.',
      severity: 'warning',
      domain: 'kubernetes',
      kinds: ['*'],
      check: (t, index) => {
        const outcome = outcomeOf(t, index);
        return outcome && 'missing' in outcome && outcome.missing !== undefined && !hasSchemaSource(t)
          ? [`no schema for ${t.object.apiVersion} ${t.object.kind} in ${folder!.root} (looked for ${outcome.missing}) and no CustomResourceDefinition among the objects declares it: not validated${where(t)}`]
          : [];
      },
    },
  ];
}
