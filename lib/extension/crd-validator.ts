import type Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { describeValue } from '../core/errors';
import { isObject } from '../core/validator';
import { nearestName } from '../output/schema-errors';
import { NUMBER_FORMAT_TESTS, STRING_FORMAT_TESTS, UNCHECKED_FORMATS } from './crd-formats';
import { CustomResourceVersion, JsonSchemaProps } from './custom-resource-type';

// The offline check of custom resources against their CRD version's openAPIV3Schema, with ajv. The schema is turned
// into a strict JSON schema as the API server reads it:
// - an object node that lists `properties` rejects other fields (the API server prunes them, or refuses them with
//   fieldValidation=Strict), unless it says x-kubernetes-preserve-unknown-fields;
// - x-kubernetes-int-or-string accepts an integer or a string; `nullable` accepts null besides the type;
// - the top level, and every x-kubernetes-embedded-resource node, has apiVersion, kind and a metadata holding the
//   fields of an ObjectMeta only (an embedded resource also needs apiVersion and kind set);
// - defaults are applied to a copy before the check, as the API server defaults before it validates;
// - x-kubernetes-list-type "set" holds each value once, and "map" each key (x-kubernetes-list-map-keys) once;
// - `format`s are checked as the API server checks them (see crd-formats.ts); formats it does not know are ignored.
// What this does not check: CEL rules (x-kubernetes-validations), a few formats (UNCHECKED_FORMATS), and patterns
// written in RE2 syntax that JavaScript cannot read. {@link unsupportedFeatures} lists them for a schema.

/** One way a custom resource breaks its schema. */
export interface InstanceProblem {
  /** Where, as a field path of the object, e.g. "spec.delaySeconds" or "spec.ports[0].name". */
  readonly path: string;
  /** The value there (undefined for a missing field). */
  readonly value: unknown;
  /** What the schema allows there, e.g. `type integer` or `one of "RSA", "ECDSA"`. */
  readonly expected: string;
}

/** A part of a schema whose rule the validator does not check. */
export interface UnsupportedFeature {
  /** Where in the openAPIV3Schema, as a dotted path, e.g. "properties.spec.x-kubernetes-validations". */
  readonly path: string;
  /** What it is and why it is not checked. */
  readonly feature: string;
}

const LIST_TYPE = 'x-kubernetes-list-type';
const MAX_DEPTH = 64;

/** The strict fields of an ObjectMeta: what a custom resource's (or an embedded resource's) metadata may hold. */
function objectMeta(name?: object): object {
  const strings = { type: 'object', additionalProperties: { type: 'string' } };
  return {
    type: 'object',
    additionalProperties: false,
    properties: {
      name: name ?? { type: 'string' }, generateName: { type: 'string' }, namespace: { type: 'string' }, labels: strings, annotations: strings,
      finalizers: { type: 'array', items: { type: 'string' } }, ownerReferences: { type: 'array', items: { type: 'object' } },
      uid: { type: 'string' }, resourceVersion: { type: 'string' }, generation: { type: 'integer' }, selfLink: { type: 'string' },
      creationTimestamp: { type: ['string', 'null'] }, deletionTimestamp: { type: 'string' }, deletionGracePeriodSeconds: { type: 'integer' },
      managedFields: { type: 'array', items: { type: 'object' } },
    },
  };
}

/** Whether a pattern is a JavaScript regular expression (ajv reads patterns with the "u" flag). */
function jsPattern(pattern: unknown): boolean {
  try {
    new RegExp(String(pattern), 'u');
    return typeof pattern === 'string';
  } catch {
    return false;
  }
}

/** Keywords the API server reads that are no JSON Schema validation (dropped from the compiled schema). */
const DROPPED = ['x-kubernetes-validations', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-int-or-string', 'x-kubernetes-embedded-resource',
  'x-kubernetes-map-type', 'nullable', 'example', 'externalDocs', 'description', 'title'];

/** A CRD schema node as a strict JSON schema (see the file's comment). `branch`: inside allOf/anyOf/oneOf/not, left open. */
function strict(node: unknown, depth: number, branch: boolean): any {
  if (!isObject(node) || depth > MAX_DEPTH) {
    return isObject(node) ? {} : node;
  }
  const out: Record<string, any> = {};
  for (const [k, v] of Object.entries(node)) {
    if (DROPPED.includes(k)) {
      continue;
    }
    if (k === 'properties' && isObject(v)) {
      out.properties = Object.fromEntries(Object.entries(v).map(([name, s]) => [name, strict(s, depth + 1, branch)]));
    } else if (k === 'items' || k === 'additionalProperties' || k === 'not') {
      out[k] = isObject(v) ? strict(v, depth + 1, branch || k === 'not') : v;
    } else if ((k === 'allOf' || k === 'anyOf' || k === 'oneOf') && Array.isArray(v)) {
      out[k] = v.map((s) => strict(s, depth + 1, true));
    } else if (k === 'format') {
      if (typeof v === 'string' && (STRING_FORMAT_TESTS[v] !== undefined || NUMBER_FORMAT_TESTS[v] !== undefined)) {
        out.format = v;
      }
    } else if (k === 'pattern') {
      if (jsPattern(v)) {
        out.pattern = v;
      }
    } else {
      out[k] = v;
    }
  }
  if (node['x-kubernetes-int-or-string'] === true && out.anyOf === undefined && out.oneOf === undefined) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (node['x-kubernetes-embedded-resource'] === true) {
    out.properties = { ...(isObject(out.properties) ? out.properties : {}), apiVersion: { type: 'string', minLength: 1 }, kind: { type: 'string', minLength: 1 },
      metadata: objectMeta() };
    out.required = [...new Set([...(Array.isArray(out.required) ? out.required : []), 'apiVersion', 'kind'])];
  }
  if (!branch && isObject(out.properties) && out.additionalProperties === undefined && node['x-kubernetes-preserve-unknown-fields'] !== true) {
    out.additionalProperties = false;
  }
  if (node.nullable === true) {
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
    } else if (Array.isArray(out.anyOf)) {
      out.anyOf = [...out.anyOf, { type: 'null' }];
    }
    if (Array.isArray(out.enum) && !out.enum.includes(null)) {
      out.enum = [...out.enum, null];
    }
  }
  return out;
}

/** The whole object's strict schema: the version's schema, with apiVersion, kind and a strict ObjectMeta at the top. */
export function strictObjectSchema(schema: JsonSchemaProps): object {
  const root = strict(schema, 0, false);
  const declared = isObject(schema.properties) && isObject(schema.properties.metadata) ? schema.properties.metadata : undefined;
  // A CRD may restrict metadata.name and metadata.generateName (nothing else of metadata).
  const name = declared && isObject(declared.properties) && isObject(declared.properties.name) ? strict(declared.properties.name, 1, false) : undefined;
  root.type = 'object';
  root.properties = { ...(isObject(root.properties) ? root.properties : {}), apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: objectMeta(name) };
  if (schema['x-kubernetes-preserve-unknown-fields'] !== true) {
    root.additionalProperties = false;
  }
  return root;
}

/**
 * The parts of a version's schema that {@link validateCustomObject} does not check: CEL rules, unchecked formats and
 * patterns JavaScript cannot read.
 */
export function unsupportedFeatures(schema: unknown, path = '', depth = 0): UnsupportedFeature[] {
  if (!isObject(schema) || depth > MAX_DEPTH) {
    return [];
  }
  const at = (k: string) => (path === '' ? k : `${path}.${k}`);
  const found: UnsupportedFeature[] = [];
  const rules = schema['x-kubernetes-validations'];
  if (Array.isArray(rules) && rules.length > 0) {
    found.push({ path: at('x-kubernetes-validations'), feature: `${rules.length} CEL rule${rules.length === 1 ? '' : 's'} (x-kubernetes-validations), which keelson does not evaluate on custom resources` });
  }
  if (typeof schema.format === 'string' && UNCHECKED_FORMATS.includes(schema.format)) {
    found.push({ path: at('format'), feature: `format "${schema.format}", which the API server checks and keelson does not` });
  }
  if (schema.pattern !== undefined && !jsPattern(schema.pattern)) {
    found.push({ path: at('pattern'), feature: `pattern ${describeValue(schema.pattern)}, which JavaScript cannot read (RE2 syntax such as (?i)), so keelson does not check it` });
  }
  if (isObject(schema.properties)) {
    for (const [name, s] of Object.entries(schema.properties)) {
      found.push(...unsupportedFeatures(s, at(`properties.${name}`), depth + 1));
    }
  }
  for (const k of ['items', 'additionalProperties', 'not']) {
    found.push(...unsupportedFeatures(schema[k], at(k), depth + 1));
  }
  for (const k of ['allOf', 'anyOf', 'oneOf']) {
    if (Array.isArray(schema[k])) {
      schema[k].forEach((s: unknown, i: number) => found.push(...unsupportedFeatures(s, at(`${k}[${i}]`), depth + 1)));
    }
  }
  return found;
}

let compiler: Ajv | undefined;

/** The one schema compiler, loaded on first use, with the API server's formats and list types. */
function ajv(): Ajv {
  if (!compiler) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { default: AjvClass } = require('ajv') as typeof import('ajv');
    // Without ajv's code optimization: compiling takes about half the time, which a synth pays for every CRD its
    // custom resources use; the validators run a few percent slower on the handful of objects each checks.
    const c = new AjvClass({ strict: false, allErrors: true, verbose: true, useDefaults: true, logger: false, code: { optimize: false } });
    for (const [name, test] of Object.entries(STRING_FORMAT_TESTS)) {
      c.addFormat(name, { type: 'string', validate: test });
    }
    for (const [name, test] of Object.entries(NUMBER_FORMAT_TESTS)) {
      c.addFormat(name, { type: 'number', validate: test });
    }
    c.addKeyword({ keyword: LIST_TYPE, schemaType: 'string', errors: true, validate: checkListType });
    compiler = c;
  }
  return compiler;
}

/** A value as a key of a set: equal JSON (objects with keys sorted) for equal values. */
function keyOf(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (isObject(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v)) ?? 'undefined';
}

/** x-kubernetes-list-type: a "set" holds each value once, a "map" each key (x-kubernetes-list-map-keys) once. */
function checkListType(this: unknown, type: string, data: unknown, parent?: any): boolean {
  const self = checkListType as unknown as { errors?: Partial<ErrorObject>[] };
  self.errors = [];
  if (!Array.isArray(data) || (type !== 'set' && type !== 'map')) {
    return true;
  }
  const keys: string[] = type === 'map' && Array.isArray(parent?.['x-kubernetes-list-map-keys']) ? parent['x-kubernetes-list-map-keys'] : [];
  const seen = new Map<string, number>();
  data.forEach((item, i) => {
    const key = type === 'set' ? keyOf(item) : keyOf(keys.map((k) => (isObject(item) ? item[k] : undefined)));
    const first = seen.get(key);
    if (first !== undefined) {
      const what = type === 'set' ? 'each value once (x-kubernetes-list-type: set)' : `each key ${keys.join(', ')} once (x-kubernetes-list-type: map)`;
      self.errors!.push({ keyword: LIST_TYPE, message: `a list that holds ${what} (items ${first} and ${i} are the same)`, params: { first, second: i } });
    } else {
      seen.set(key, i);
    }
  });
  return self.errors.length === 0;
}

/** Compiled validators, per version schema object: one per definition and version. */
const COMPILED = new WeakMap<object, ValidateFunction | string>();
/**
 * Compiled validators by the text of their strict schema: the same definition built again (in another app of the
 * same process, or in every test) is compiled once. Bounded: a process that builds many schemas starts over.
 */
const COMPILED_BY_TEXT = new Map<string, ValidateFunction>();
const COMPILED_BY_TEXT_LIMIT = 256;

function compileStrict(schema: Record<string, unknown>): ValidateFunction {
  const strict = strictObjectSchema(schema);
  const text = JSON.stringify(strict);
  let compiled = COMPILED_BY_TEXT.get(text);
  if (compiled === undefined) {
    compiled = ajv().compile(strict);
    // ajv keeps every schema object it compiled; the validator works on without that entry, and this cache is bounded.
    ajv().removeSchema(strict);
    if (COMPILED_BY_TEXT.size >= COMPILED_BY_TEXT_LIMIT) {
      COMPILED_BY_TEXT.clear();
    }
    COMPILED_BY_TEXT.set(text, compiled);
  }
  return compiled;
}

/** The validator of a version, or why its schema cannot be compiled. */
export function compileVersion(version: CustomResourceVersion): ValidateFunction | string {
  const schema = version.schema;
  if (!isObject(schema)) {
    return `the version's schema is ${describeValue(schema)}, not an object`;
  }
  let compiled = COMPILED.get(schema);
  if (compiled === undefined) {
    try {
      compiled = compileStrict(schema);
    } catch (err) {
      compiled = `the version's schema cannot be read: ${(err as Error).message}`;
    }
    COMPILED.set(schema, compiled);
  }
  return compiled;
}

/** A JSON pointer as a field path: "/spec/ports/0/name" -> "spec.ports[0].name". */
export function fieldPath(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(seg)) {
      out += `[${seg}]`;
    } else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) {
      out += out === '' ? seg : `.${seg}`;
    } else {
      out += `[${JSON.stringify(seg)}]`;
    }
  }
  return out;
}

function valueAt(root: unknown, pointer: string): unknown {
  let at: any = root;
  for (const seg of pointer.split('/').slice(1)) {
    at = at === null || typeof at !== 'object' ? undefined : at[seg.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return at;
}

const join = (path: string, name: string) => fieldPath(`${path}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`);
const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** What the schema allows where one ajv error is, in the words of "got <value>; expected ...". */
function expectation(e: ErrorObject, errors: readonly ErrorObject[]): string {
  const p = e.params as Record<string, any>;
  switch (e.keyword) {
    case 'type': return `type ${String(p.type).split(',').join(' or ')}`;
    case 'enum': return `one of ${(p.allowedValues as unknown[]).map((v) => describeValue(v)).join(', ')}`;
    case 'const': return `the value ${describeValue(p.allowedValue)}`;
    case 'pattern': return `a string matching the pattern ${p.pattern}`;
    case 'format': return `a value of format "${p.format}"`;
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum': return `a number ${p.comparison} ${p.limit}`;
    case 'multipleOf': return `a multiple of ${p.multipleOf}`;
    case 'minLength': return `a string of at least ${plural(p.limit, 'character')}`;
    case 'maxLength': return `a string of at most ${plural(p.limit, 'character')}`;
    case 'minItems': return `a list of at least ${plural(p.limit, 'item')}`;
    case 'maxItems': return `a list of at most ${plural(p.limit, 'item')}`;
    case 'minProperties': return `an object of at least ${plural(p.limit, 'field')}`;
    case 'maxProperties': return `an object of at most ${plural(p.limit, 'field')}`;
    case 'anyOf': case 'oneOf': {
      const branches = errors.filter((b) => b !== e && b.schemaPath.startsWith(`${e.schemaPath}/`));
      const types = branches.length > 0 && branches.every((b) => b.keyword === 'type' && b.instancePath === e.instancePath)
        ? [...new Set(branches.flatMap((b) => String((b.params as { type: string }).type).split(',')))] : undefined;
      return types ? `one of the types ${types.join(', ')}` : `a value that matches ${e.keyword === 'oneOf' ? 'exactly one' : 'at least one'} of the schemas of ${e.keyword}`;
    }
    default: return `a value the schema accepts (${e.message ?? e.keyword})`;
  }
}

/** Ajv's errors as problems by field path, each with the value and what the schema allows there. */
function describe(errors: readonly ErrorObject[], object: unknown): InstanceProblem[] {
  const alternatives = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  const problems: InstanceProblem[] = [];
  const seen = new Set<string>();
  const add = (path: string, value: unknown, expected: string) => {
    if (!seen.has(`${path}\u0000${expected}`)) {
      seen.add(`${path}\u0000${expected}`);
      problems.push({ path, value, expected });
    }
  };
  for (const e of errors) {
    if (alternatives.some((alt) => alt !== e && e.schemaPath.startsWith(`${alt.schemaPath}/`)) || e.keyword === 'if') {
      continue;
    }
    const p = e.params as Record<string, any>;
    const where = fieldPath(e.instancePath);
    const parent = where === '' ? 'the object' : where;
    if (e.keyword === 'additionalProperties') {
      const name = String(p.additionalProperty);
      const allowed = Object.keys((e.parentSchema as any)?.properties ?? {}).sort();
      const near = nearestName(name, allowed);
      add(join(e.instancePath, name), valueAt(object, `${e.instancePath}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`),
        `no field "${name}" here${near ? ` (did you mean "${near}"?)` : ''}: ${allowed.length > 0 ? `the fields of ${parent} are ${allowed.join(', ')}` : `${parent} has no fields`}`);
    } else if (e.keyword === 'required') {
      add(join(e.instancePath, String(p.missingProperty)), undefined, `a value: the schema requires "${p.missingProperty}" in ${parent}`);
    } else if (e.keyword === LIST_TYPE) {
      add(where, valueAt(object, e.instancePath), e.message ?? 'a list without duplicates');
    } else {
      add(where, valueAt(object, e.instancePath), expectation(e, errors));
    }
  }
  return problems;
}

/**
 * The problems of a custom resource (apiVersion, kind, metadata, spec) under a version's schema, by field path;
 * empty when it is valid. A copy of `object` is checked (with the schema's defaults applied), never `object` itself.
 */
export function validateCustomObject(version: CustomResourceVersion, object: unknown): InstanceProblem[] {
  const validate = compileVersion(version);
  if (typeof validate === 'string') {
    return [{ path: '', value: version.name, expected: `a version whose schema keelson can read (${validate})` }];
  }
  let copy: unknown;
  try {
    copy = JSON.parse(JSON.stringify(object) ?? 'null');
  } catch (err) {
    return [{ path: '', value: object, expected: `a JSON object (${(err as Error).message})` }];
  }
  return validate(copy) ? [] : describe(validate.errors ?? [], copy);
}
