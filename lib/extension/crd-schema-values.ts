// Values against a CRD schema node: the node a JSON path reaches, and whether a value (a default, an enum entry)
// is one the API server would accept there. Shared by the schema checks and the checks of printer columns,
// selectable fields and scale paths.
import { describeValue } from '../core/errors';
import { codePoints } from '../core/limits';
import { isObject } from '../core/validator';

/** Deeper schemas than this are refused (and a circular JSON object stops here). */
export const MAX_DEPTH = 48;

export type Node = Record<string, any>;
export const typeOf = (n: Node): string => (typeof n.type === 'string' ? n.type : '');
export const preserves = (n: Node) => n['x-kubernetes-preserve-unknown-fields'] === true;
export const intOrString = (n: Node) => n['x-kubernetes-int-or-string'] === true;
export const nonNegativeInt = (x: unknown) => Number.isSafeInteger(x) && (x as number) >= 0;

/** Why a pattern cannot be used, or undefined. */
export function patternProblem(pattern: unknown): string | undefined {
  if (typeof pattern !== 'string') {
    return 'a pattern is a string';
  }
  if (/\(\?<?[=!]/.test(pattern)) {
    return 'RE2 has no lookahead or lookbehind';
  }
  if (/\\[1-9]/.test(pattern)) {
    return 'RE2 has no backreferences';
  }
  try {
    // V8 compiles on first use: a pattern too large to run fails here, not in the validation of a default.
    new RegExp(pattern, 'u').test('');
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/**
 * The schema node a simple JSON path (".spec.replicas", ".status.conditions[0].type" when `arrays`) reaches from
 * `root`, or undefined when it names a field the schema does not have. Below a node that keeps unknown fields every
 * path exists (and is untyped).
 */
export function schemaAt(root: Node, path: string, arrays: boolean): Node | undefined {
  if (!path.startsWith('.') || path === '.') {
    return undefined;
  }
  let node: Node | undefined = root;
  for (const part of path.slice(1).split('.')) {
    const m = (arrays ? /^([^[\]]+)((?:\[(?:\d+|\*)\])*)$/ : /^([^[\]]+)()$/).exec(part);
    if (!m || node === undefined) {
      return undefined;
    }
    node = child(node, m[1]);
    for (let i = 0; m[2] !== '' && i < m[2].split('[').length - 1; i++) {
      node = node !== undefined && typeOf(node) === 'array' && isObject(node.items) ? node.items : undefined;
    }
  }
  return node;
}

function child(node: Node, name: string): Node | undefined {
  if (isObject(node.properties) && isObject(node.properties[name])) {
    return node.properties[name];
  }
  if (isObject(node.additionalProperties)) {
    return node.additionalProperties;
  }
  return preserves(node) || node.additionalProperties === true ? UNCHECKED : undefined;
}

/** What is below a node that keeps unknown fields: anything, unchecked. */
const UNCHECKED: Node = Object.freeze({ 'x-kubernetes-preserve-unknown-fields': true });

/** Why `value` does not fit `node` (the API server's validation, as far as keelson can tell offline), or undefined. */
export function valueProblem(node: Node, value: unknown, at = '', depth = 0): string | undefined {
  const where = at === '' ? '' : ` at ${at}`;
  if (value === null) {
    return node.nullable === true ? undefined : `null${where}, but the node is not nullable`;
  }
  if (depth > MAX_DEPTH) {
    return `a value nested more than ${MAX_DEPTH} levels`;
  }
  if (Array.isArray(node.enum) && !node.enum.some((e: unknown) => describeValue(e) === describeValue(value))) {
    return `${describeValue(value)}${where} is not one of the enum values`;
  }
  const type = intOrString(node) ? 'int-or-string' : typeOf(node);
  const fits: Record<string, (x: unknown) => boolean> = {
    'string': (x) => typeof x === 'string', 'integer': (x) => Number.isSafeInteger(x), 'number': (x) => typeof x === 'number' && Number.isFinite(x),
    'boolean': (x) => typeof x === 'boolean', 'array': Array.isArray, 'object': (x) => isObject(x),
    'int-or-string': (x) => typeof x === 'string' || Number.isSafeInteger(x), '': () => true,
  };
  if (fits[type] && !fits[type](value)) {
    return `${describeValue(value)}${where} is not of type ${type}`;
  }
  if (typeof value === 'string') {
    const length = codePoints(value);
    if ((nonNegativeInt(node.minLength) && length < node.minLength) || (nonNegativeInt(node.maxLength) && length > node.maxLength)) {
      return `${describeValue(value)}${where} has ${length} characters, outside minLength/maxLength`;
    }
    if (typeof node.pattern === 'string' && patternProblem(node.pattern) === undefined && !new RegExp(node.pattern, 'u').test(value)) {
      return `${describeValue(value)}${where} does not match the pattern ${node.pattern}`;
    }
  }
  if (typeof value === 'number') {
    const below = typeof node.minimum === 'number' && (value < node.minimum || (node.exclusiveMinimum === true && value === node.minimum));
    const above = typeof node.maximum === 'number' && (value > node.maximum || (node.exclusiveMaximum === true && value === node.maximum));
    if (below || above) {
      return `${value}${where} is outside the minimum and maximum`;
    }
  }
  if (Array.isArray(value)) {
    if ((nonNegativeInt(node.minItems) && value.length < node.minItems) || (nonNegativeInt(node.maxItems) && value.length > node.maxItems)) {
      return `a list of ${value.length} items${where}, outside minItems/maxItems`;
    }
    for (let i = 0; i < value.length; i++) {
      const p = isObject(node.items) ? valueProblem(node.items, value[i], `${at}[${i}]`, depth + 1) : undefined;
      if (p !== undefined) return p;
    }
  }
  if (isObject(value) && type === 'object') {
    return objectProblem(node, value, at, depth);
  }
  return undefined;
}

function objectProblem(node: Node, value: Record<string, unknown>, at: string, depth: number): string | undefined {
  const where = at === '' ? '' : ` at ${at}`;
  for (const r of Array.isArray(node.required) ? node.required : []) {
    if (value[r] === undefined) {
      return `the required field "${r}" is missing${where}`;
    }
  }
  for (const [k, x] of Object.entries(value)) {
    const s = child(node, k);
    if (s === undefined) {
      return `unknown field "${k}"${where} (the API server would prune it)`;
    }
    const p = valueProblem(s, x, `${at}.${k}`, depth + 1);
    if (p !== undefined) return p;
  }
  return undefined;
}
