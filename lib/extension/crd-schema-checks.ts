// The API server's rules for a CRD version's schema, checked at synth on the rendered JSON so that nodes built with
// CrdSchema and nodes written as JSON (CrdSchema.fromJson) are held to the same rules. In short (apiextensions'
// validation and its structural schema rules):
// - every node has a type (string, number, integer, boolean, array, object), except one that keeps unknown fields
//   (x-kubernetes-preserve-unknown-fields: true) or is int-or-string, which has none; "null" is spelled `nullable`;
// - `properties` (a struct) and `additionalProperties` (a map) exclude each other; arrays have one `items` schema;
// - keywords the API server does not support (patternProperties, dependencies, definitions, $ref, uniqueItems...)
//   are refused; list types are atomic, set (of scalars) or map (keyed by required scalar item fields);
// - defaults must be valid for their node, and are pruned like objects, so a default with unknown fields fails;
// - CEL rules (x-kubernetes-validations) must parse, messages are one line, reasons one of four.
// keelson adds: keywords must fit the node's type (a `maximum` on a string is never checked), formats must be ones
// the API server knows (an unknown format is silently ignored there), and patterns must also be JavaScript regular
// expressions (the offline validator of custom resources is ajv), without what RE2 lacks (lookaround, backreferences).
import { celExpressionProblem } from '../core/cel';
import { describeValue } from '../core/errors';
import { PropsValidator, isObject } from '../core/validator';
import { CrdSchema } from './crd-schema';
import { MAX_DEPTH, Node, intOrString, nonNegativeInt, patternProblem, preserves, schemaAt, typeOf, valueProblem } from './crd-schema-values';

const TYPES = ['string', 'number', 'integer', 'boolean', 'array', 'object'];
/** Formats the API server checks on strings (its strfmt registry); others are ignored there, so refused here. */
export const STRING_FORMATS = ['bsonobjectid', 'uri', 'email', 'hostname', 'ipv4', 'ipv6', 'cidr', 'mac', 'uuid', 'uuid3', 'uuid4', 'uuid5',
  'isbn', 'isbn10', 'isbn13', 'creditcard', 'ssn', 'hexcolor', 'rgbcolor', 'byte', 'password', 'date', 'duration', 'datetime', 'date-time'];
const NUMBER_FORMATS: Record<string, readonly string[]> = { integer: ['int32', 'int64'], number: ['float', 'double'] };
const REASONS = ['FieldValueInvalid', 'FieldValueForbidden', 'FieldValueRequired', 'FieldValueDuplicate'];
const RULE_KEYS = ['rule', 'message', 'messageExpression', 'reason', 'fieldPath', 'optionalOldSelf'];
/** The keywords of the API server's JSONSchemaProps that keelson checks and writes. */
const KEYWORDS = ['type', 'format', 'title', 'description', 'default', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum', 'maxLength',
  'minLength', 'pattern', 'maxItems', 'minItems', 'multipleOf', 'enum', 'maxProperties', 'minProperties', 'required', 'items', 'properties',
  'additionalProperties', 'nullable', 'example', 'externalDocs', 'allOf', 'anyOf', 'oneOf', 'not', 'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource', 'x-kubernetes-int-or-string', 'x-kubernetes-list-map-keys', 'x-kubernetes-list-type', 'x-kubernetes-map-type',
  'x-kubernetes-validations'];
/** Keywords the API server refuses in a CRD schema, with why. */
const UNSUPPORTED: Record<string, string> = {
  'id': 'no "id" (the API server does not support it)', '$schema': 'no "$schema" (the API server does not support it)',
  '$ref': 'no "$ref": write the referenced schema in place', 'additionalItems': 'no "additionalItems" (not supported): one "items" schema',
  'patternProperties': 'no "patternProperties" (not supported): use additionalProperties for a map', 'definitions': 'no "definitions" (not supported)',
  'dependencies': 'no "dependencies" (not supported)', 'uniqueItems': 'no "uniqueItems" (refused: its cost is quadratic); use x-kubernetes-list-type "set"',
};
/** Which keywords need which type: a keyword on another type is never checked. */
const NEEDS_TYPE: Record<string, readonly string[]> = {
  format: ['string', 'integer', 'number', ''], pattern: ['string', ''], minLength: ['string'], maxLength: ['string'],
  minimum: ['integer', 'number'], maximum: ['integer', 'number'], exclusiveMinimum: ['integer', 'number'], exclusiveMaximum: ['integer', 'number'],
  multipleOf: ['integer', 'number'], minItems: ['array'], maxItems: ['array'], items: ['array'], minProperties: ['object'], maxProperties: ['object'],
  properties: ['object'], additionalProperties: ['object'], required: ['object'], 'x-kubernetes-list-type': ['array'],
  'x-kubernetes-list-map-keys': ['array'], 'x-kubernetes-map-type': ['object'], 'x-kubernetes-embedded-resource': ['object'],
};

/**
 * Checks a version's schema (a CrdSchema) below `field`: the builder's options by name, then the rendered JSON
 * against the API server's rules. Returns the JSON, or undefined when `schema` is no CrdSchema.
 */
export function checkSchema(v: PropsValidator, field: string, schema: unknown): Node | undefined {
  if (!v.check(schema instanceof CrdSchema, field, schema, 'a schema built with CrdSchema, e.g. CrdSchema.object({ image: CrdSchema.string() })')) {
    return undefined;
  }
  checkOptions(v, field, schema as CrdSchema, 0);
  const json = (schema as CrdSchema).toJson();
  checkNode(v, field, json, 0, false);
  return json;
}

function checkOptions(v: PropsValidator, field: string, node: CrdSchema, depth: number): void {
  const known = node.knownOptions;
  if (known !== undefined && node.options !== undefined) {
    v.knownProps(field, node.options, known);
  }
  if (depth < MAX_DEPTH) {
    node.children().forEach(([path, child]) => child instanceof CrdSchema && checkOptions(v, `${field}.${path}`, child, depth + 1));
  }
}

function checkNode(v: PropsValidator, f: string, n: unknown, depth: number, insideMeta: boolean): void {
  if (!v.check(isObject(n), f, n, 'a schema node built with CrdSchema (or a JSON schema object)')) {
    return;
  }
  if (!v.check(depth <= MAX_DEPTH, f, `a schema ${depth} levels deep`, `at most ${MAX_DEPTH} levels of nesting`)) {
    return;
  }
  const node = n as Node;
  for (const key of Object.keys(node)) {
    if (UNSUPPORTED[key] !== undefined && !(key === 'uniqueItems' && node[key] === false)) {
      v.fail(`${f}.${key}`, node[key], UNSUPPORTED[key]);
    } else if (!KEYWORDS.includes(key) && UNSUPPORTED[key] === undefined) {
      v.fail(`${f}.${key}`, node[key], 'a keyword of a CRD schema (the API server\'s JSONSchemaProps)');
    }
  }
  const type = typeOf(node);
  checkType(v, f, node, type);
  for (const [key, types] of Object.entries(NEEDS_TYPE)) {
    if (node[key] !== undefined && !types.includes(intOrString(node) ? '' : type)) {
      v.fail(`${f}.${key}`, node[key], `a keyword of a node of type ${types.filter((t) => t !== '').join(' or ')} (this node is ${type === '' ? 'untyped' : `"${type}"`}, so it would never be checked)`);
    }
  }
  v.check(node.description === undefined || typeof node.description === 'string', `${f}.description`, node.description, 'a string');
  v.check(node.nullable === undefined || typeof node.nullable === 'boolean', `${f}.nullable`, node.nullable, 'true or false');
  checkBounds(v, f, node, type);
  if (type === 'object' || type === '') {
    checkObject(v, f, node, depth, insideMeta);
  }
  if (type === 'array' && v.check(node.items !== undefined, `${f}.items`, node.items, 'the schema of the items (an array node needs one)')) {
    checkNode(v, `${f}.items`, node.items, depth + 1, insideMeta);
    checkListType(v, f, node);
  }
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    if (node[key] !== undefined && v.check(Array.isArray(node[key]), `${f}.${key}`, node[key], 'a list of schemas')) {
      (node[key] as unknown[]).forEach((s, i) => checkValueValidation(v, `${f}.${key}[${i}]`, s));
    }
  }
  if (node.not !== undefined) {
    checkValueValidation(v, `${f}.not`, node.not);
  }
  checkRules(v, f, node);
  if (node.enum !== undefined && v.check(Array.isArray(node.enum) && node.enum.length > 0, `${f}.enum`, node.enum, 'a non-empty list of values')) {
    const seen = new Set<string>();
    (node.enum as unknown[]).forEach((e, i) => {
      const problem = valueProblem({ ...node, enum: undefined, default: undefined }, e);
      v.check(problem === undefined, `${f}.enum[${i}]`, e, `a value of the node's own schema; ${problem}`);
      const key = describeValue(e);
      v.check(!seen.has(key), `${f}.enum[${i}]`, e, 'a value not already in the enum');
      seen.add(key);
    });
  }
  if (node.default !== undefined) {
    if (v.check(!insideMeta, `${f}.default`, node.default, 'no default inside metadata (the API server refuses defaults there)')) {
      const problem = valueProblem(node, node.default);
      v.check(problem === undefined, `${f}.default`, node.default, `a default the node itself accepts; ${problem}`);
    }
  }
}

function checkType(v: PropsValidator, f: string, node: Node, type: string): void {
  if (node.type !== undefined) {
    v.check(typeof node.type === 'string' && TYPES.includes(node.type), `${f}.type`, node.type,
      node.type === 'null' ? 'a type other than "null" (write nullable: true instead)' : `one of ${TYPES.join(', ')}`);
  }
  for (const key of ['x-kubernetes-preserve-unknown-fields', 'x-kubernetes-int-or-string', 'x-kubernetes-embedded-resource']) {
    v.check(node[key] === undefined || node[key] === true, `${f}.${key}`, node[key], 'true or absent (the API server refuses false)');
  }
  if (intOrString(node)) {
    v.check(node.type === undefined, `${f}.type`, node.type, 'no type on an int-or-string node (x-kubernetes-int-or-string stands for the type)');
  } else if (node.type === undefined) {
    v.check(preserves(node), `${f}.type`, node.type, 'a type (structural schemas type every field; only int-or-string and '
      + 'x-kubernetes-preserve-unknown-fields nodes may leave it out)');
  }
  if (node['x-kubernetes-embedded-resource'] === true) {
    v.check(type === 'object' && (preserves(node) || isObject(node.properties)), f, 'an embedded resource without type object and fields',
      'type "object" with properties or x-kubernetes-preserve-unknown-fields on an embedded resource');
  }
  const format = node.format;
  if (format !== undefined && (type === 'string' || type === 'integer' || type === 'number' || intOrString(node))) {
    const formats = NUMBER_FORMATS[type] ?? STRING_FORMATS;
    v.check(typeof format === 'string' && formats.includes(format), `${f}.format`, format, `a format the API server checks: ${formats.join(', ')}`);
  }
}

/** Bounds: lengths and counts are non-negative integers, numbers finite, and no minimum above its maximum. */
function checkBounds(v: PropsValidator, f: string, node: Node, type: string): void {
  for (const [min, max] of [['minLength', 'maxLength'], ['minItems', 'maxItems'], ['minProperties', 'maxProperties']]) {
    const okMin = node[min] === undefined || v.check(nonNegativeInt(node[min]), `${f}.${min}`, node[min], 'an integer >= 0');
    const okMax = node[max] === undefined || v.check(nonNegativeInt(node[max]), `${f}.${max}`, node[max], 'an integer >= 0');
    if (okMin && okMax && node[min] !== undefined && node[max] !== undefined) {
      v.check(node[min] <= node[max], `${f}.${min}`, node[min], `at most ${max} (${node[max]})`);
    }
  }
  const numeric = (key: string) => node[key] === undefined || v.check(typeof node[key] === 'number' && Number.isFinite(node[key])
    && (type !== 'integer' || key === 'multipleOf' || Number.isInteger(node[key])), `${f}.${key}`, node[key], type === 'integer' ? 'an integer' : 'a finite number');
  const okMin = numeric('minimum');
  const okMax = numeric('maximum');
  if (numeric('multipleOf') && node.multipleOf !== undefined) {
    v.check(node.multipleOf > 0, `${f}.multipleOf`, node.multipleOf, 'a number > 0');
  }
  for (const [flag, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']]) {
    if (node[flag] !== undefined && v.check(typeof node[flag] === 'boolean', `${f}.${flag}`, node[flag], 'true or false (OpenAPI v3.0 style)')) {
      v.check(node[flag] === false || node[bound] !== undefined, `${f}.${flag}`, node[flag], `${bound} set as well (the flag qualifies it)`);
    }
  }
  if (okMin && okMax && node.minimum !== undefined && node.maximum !== undefined) {
    const empty = node.minimum > node.maximum || (node.minimum === node.maximum && (node.exclusiveMinimum === true || node.exclusiveMaximum === true));
    v.check(!empty, `${f}.minimum`, node.minimum, `a minimum that leaves some values up to the maximum (${node.maximum})`);
  }
  if (type === 'integer' && node.format === 'int32') {
    for (const key of ['minimum', 'maximum']) {
      v.check(node[key] === undefined || typeof node[key] !== 'number' || Math.abs(node[key]) <= 2 ** 31, `${f}.${key}`, node[key], 'a value within int32 (the format)');
    }
  }
  if (node.pattern !== undefined) {
    const problem = patternProblem(node.pattern);
    v.check(problem === undefined, `${f}.pattern`, node.pattern, `a regular expression that RE2 (the API server) and JavaScript both accept; ${problem}`);
  }
}

function checkObject(v: PropsValidator, f: string, node: Node, depth: number, insideMeta: boolean): void {
  const props = node.properties;
  const hasProps = isObject(props) && Object.keys(props).length > 0;
  if (props !== undefined && v.check(isObject(props), `${f}.properties`, props, 'an object of field names to schemas')) {
    for (const [name, s] of Object.entries(props)) {
      v.check(name.length > 0, `${f}.properties`, name, 'non-empty field names');
      // An embedded resource's metadata is ObjectMeta: only its name and generateName may be constrained.
      const meta = node['x-kubernetes-embedded-resource'] === true && name === 'metadata';
      if (meta) {
        checkMetadata(v, `${f}.properties.metadata`, s);
      }
      checkNode(v, `${f}.properties.${name}`, s, depth + 1, insideMeta || meta);
    }
  }
  const extra = node.additionalProperties;
  if (extra !== undefined) {
    if (hasProps) {
      v.check(extra === true, `${f}.additionalProperties`, extra, 'no additionalProperties beside properties (a node is a struct with '
        + 'properties or a map with additionalProperties, never both; use CrdSchema.map for a map)');
    } else if (extra !== true && !(extra === false)) {
      checkNode(v, `${f}.additionalProperties`, extra, depth + 1, insideMeta);
    }
  }
  const required = node.required;
  if (required !== undefined && v.check(Array.isArray(required), `${f}.required`, required, 'a list of field names')) {
    const names = isObject(props) ? Object.keys(props) : [];
    (required as unknown[]).forEach((r, i) => v.check(typeof r === 'string' && (names.includes(r) || preserves(node)), `${f}.required[${i}]`, r,
      `a field of this object (${names.length > 0 ? names.join(', ') : 'it has none'})`));
    v.unique(`${f}.required`, required as string[], (r) => String(r), 'a field name');
  }
  const mapType = node['x-kubernetes-map-type'];
  v.check(mapType === undefined || mapType === 'atomic' || mapType === 'granular', `${f}.x-kubernetes-map-type`, mapType, '"atomic" or "granular"');
}

function checkMetadata(v: PropsValidator, f: string, meta: unknown): void {
  if (!isObject(meta)) {
    return;
  }
  const names = isObject(meta.properties) ? Object.keys(meta.properties) : [];
  v.check(names.every((n) => n === 'name' || n === 'generateName'), `${f}.properties`, names,
    'only name and generateName (the API server lets a schema constrain nothing else of an embedded object\'s metadata)');
}

function checkListType(v: PropsValidator, f: string, node: Node): void {
  const listType = node['x-kubernetes-list-type'];
  const keys = node['x-kubernetes-list-map-keys'];
  const items = isObject(node.items) ? node.items as Node : undefined;
  if (listType !== undefined && !v.check(['atomic', 'set', 'map'].includes(listType), `${f}.x-kubernetes-list-type`, listType, '"atomic", "set" or "map"')) {
    return;
  }
  if (keys !== undefined) {
    v.check(listType === 'map', `${f}.x-kubernetes-list-map-keys`, keys, 'keys only on a list of type "map"');
  }
  if (listType === 'set' && items) {
    v.check(['string', 'integer', 'number', 'boolean'].includes(typeOf(items)) || intOrString(items) || items['x-kubernetes-map-type'] === 'atomic',
      `${f}.items`, typeOf(items) || 'untyped', 'scalar items in a list of type "set" (or objects with x-kubernetes-map-type "atomic")');
    v.check(items.nullable !== true, `${f}.items.nullable`, items.nullable, 'items that are not nullable in a "set" list');
  }
  if (listType !== 'map') {
    return;
  }
  if (!v.check(items !== undefined && typeOf(items) === 'object', `${f}.items.type`, items?.type, '"object" (the items of a list of type "map")')) {
    return;
  }
  if (!v.check(Array.isArray(keys) && keys.length > 0, `${f}.x-kubernetes-list-map-keys`, keys, 'the item fields that identify an item (a list of type "map" needs them)')) {
    return;
  }
  const props: Node = isObject(items!.properties) ? items!.properties : {};
  const required: unknown[] = Array.isArray(items!.required) ? items!.required : [];
  (keys as unknown[]).forEach((k, i) => {
    const key = typeof k === 'string' ? props[k] : undefined;
    if (v.check(isObject(key), `${f}.x-kubernetes-list-map-keys[${i}]`, k, `a field of the items (${Object.keys(props).join(', ') || 'they have none'})`)) {
      v.check(!['object', 'array'].includes(typeOf(key)), `${f}.items.properties.${k}.type`, key.type, 'a scalar type (a key of a "map" list)');
      v.check(required.includes(k) || key.default !== undefined, `${f}.items.required`, required, `"${k}" among the required fields, or a default for it (a map key)`);
      v.check(key.nullable !== true, `${f}.items.properties.${k}.nullable`, key.nullable, 'a key that is not nullable');
    }
  });
  v.unique(`${f}.x-kubernetes-list-map-keys`, keys as string[], (k) => String(k), 'a key');
}

/** A branch of allOf/anyOf/oneOf/not: value validations only (no type, default, description, nullable or maps). */
function checkValueValidation(v: PropsValidator, f: string, s: unknown): void {
  if (!v.check(isObject(s), f, s, 'a schema object')) {
    return;
  }
  for (const key of ['type', 'default', 'description', 'nullable', 'additionalProperties', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-int-or-string',
    'x-kubernetes-embedded-resource', 'x-kubernetes-validations']) {
    v.check((s as Node)[key] === undefined, `${f}.${key}`, (s as Node)[key], `no ${key} inside allOf, anyOf, oneOf or not (structural schemas allow value checks only there)`);
  }
}

function checkRules(v: PropsValidator, f: string, node: Node): void {
  const rules = node['x-kubernetes-validations'];
  const field = `${f}.x-kubernetes-validations`;
  if (rules === undefined || !v.check(Array.isArray(rules), field, rules, 'a list of CEL rules { rule, message }')) {
    return;
  }
  (rules as unknown[]).forEach((r, i) => {
    const at = `${field}[${i}]`;
    if (!v.knownProps(at, r, RULE_KEYS) || !v.check(isObject(r), at, r, 'a CEL rule { rule, message }')) {
      return;
    }
    const rule = r as Node;
    const problem = celExpressionProblem(rule.rule);
    v.check(problem === undefined, `${at}.rule`, rule.rule, `a CEL expression the API server accepts; ${problem}`);
    const multiline = typeof rule.rule === 'string' && /[\r\n]/.test(rule.rule.trim());
    if (rule.message !== undefined || multiline) {
      v.check(typeof rule.message === 'string' && rule.message.trim().length > 0 && !/[\r\n]/.test(rule.message), `${at}.message`, rule.message,
        `a one-line message${multiline ? ' (a rule written on several lines needs one)' : ''}`);
    }
    if (rule.messageExpression !== undefined) {
      const msgProblem = celExpressionProblem(rule.messageExpression);
      v.check(msgProblem === undefined, `${at}.messageExpression`, rule.messageExpression, `a CEL expression that yields the message; ${msgProblem}`);
    }
    v.check(rule.reason === undefined || REASONS.includes(rule.reason), `${at}.reason`, rule.reason, REASONS.join(', '));
    v.check(rule.optionalOldSelf === undefined || typeof rule.optionalOldSelf === 'boolean', `${at}.optionalOldSelf`, rule.optionalOldSelf, 'true or false');
    if (rule.optionalOldSelf === true && typeof rule.rule === 'string') {
      v.check(/\boldSelf\b/.test(rule.rule), `${at}.optionalOldSelf`, true, 'only on a rule that uses oldSelf');
    }
    if (rule.fieldPath !== undefined) {
      const ok = typeof rule.fieldPath === 'string' && /^(\.[A-Za-z_][\w-]*|\['[^']+'\])+$/.test(rule.fieldPath)
        && schemaAt(node, rule.fieldPath.replace(/\['([^']+)'\]/g, '.$1'), false) !== undefined;
      v.check(ok, `${at}.fieldPath`, rule.fieldPath, 'a path to a field below this node, such as ".replicas" or ".labels[\'app\']"');
    }
  });
}
