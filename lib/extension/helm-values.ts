import { PropsValidator, isPlainMap } from '../core/validator';

/**
 * Helm stores every release revision (chart, values and rendered manifest) in a Secret of its namespace, and the
 * API server refuses a Secret whose data exceeds 1 MiB; values alone past that size can never install.
 */
export const MAX_VALUES_BYTES = 1024 * 1024;
/** Deeper than any chart's values; a deeper structure is a generated or self-referencing mistake. */
const MAX_DEPTH = 64;
/** Reported per values object, so a list of a million NaNs does not flood the terminal. */
const MAX_ISSUES = 10;
/** A UTF-16 half without its other half: it has no UTF-8 form, so Helm (Go) cannot read it back. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/**
 * Checks that `values` is data a values file can carry (a map of JSON values: strings, finite numbers, booleans,
 * null, lists and maps, without cycles) and returns a deep copy of it, so that nothing the caller changes later
 * reaches the helmfile; undefined when it is absent or invalid. Every problem names its path inside `field`
 * (e.g. `values.controller.replicas`). Undefined map entries are left out (as JSON does); undefined list items
 * are refused (a list has no "absent" item).
 */
export function checkedHelmValues(v: PropsValidator, field: string, values: unknown): Record<string, unknown> | undefined {
  if (values === undefined) {
    return undefined;
  }
  const walk = new ValuesWalk(v);
  let copy: unknown;
  try {
    if (!isPlainMap(values)) {
      walk.fail(field, values, 'a map of chart values, as in a values file (e.g. { replicaCount: 2 })');
      return undefined;
    }
    copy = walk.copy(field, values, 0);
  } catch (err) {
    // A getter or a Proxy that throws while the values are read.
    walk.fail(field, values, `plain data whose properties can be read (reading them threw: ${(err as Error)?.message ?? String(err)})`);
  }
  if (walk.failed) {
    return undefined;
  }
  const bytes = Buffer.byteLength(JSON.stringify(copy), 'utf8');
  if (!v.check(bytes <= MAX_VALUES_BYTES, field, `${bytes} bytes of values`,
    `at most ${MAX_VALUES_BYTES} bytes (1 MiB): Helm stores each release with its values in a Secret, which the API server limits to 1 MiB`)) {
    return undefined;
  }
  return copy as Record<string, unknown>;
}

class ValuesWalk {
  private count = 0;
  private readonly ancestors = new Set<object>();

  public constructor(private readonly v: PropsValidator) {}

  public get failed(): boolean {
    return this.count > 0;
  }

  public fail(path: string, value: unknown, expected: string): void {
    if (this.count++ < MAX_ISSUES) {
      this.v.fail(path, value, expected);
    }
  }

  public copy(path: string, value: unknown, depth: number): unknown {
    switch (typeof value) {
      case 'string':
        if (LONE_SURROGATE.test(value)) {
          this.fail(path, value, 'a string of whole Unicode characters (a lone UTF-16 surrogate has no UTF-8 form, so Helm cannot read it)');
        }
        return value;
      case 'boolean':
        return value;
      case 'number':
        if (!Number.isFinite(value)) {
          this.fail(path, value, 'a finite number (JSON and Helm values have no NaN or Infinity)');
        }
        return Object.is(value, -0) ? 0 : value;
      case 'bigint':
        this.fail(path, value, `a number or a string (JSON has no BigInt: write ${value} or "${value}")`);
        return undefined;
      case 'undefined':
        this.fail(path, value, 'a value (a list item cannot be undefined; use null, or leave the item out)');
        return undefined;
      case 'function':
      case 'symbol':
        this.fail(path, value, 'data (a string, number, boolean, null, list or map), not a function or symbol');
        return undefined;
      default:
        break;
    }
    if (value === null) {
      return null;
    }
    const obj = value as object;
    if (this.ancestors.has(obj)) {
      this.fail(path, obj, 'data without cycles (this object contains itself, which no values file can say)');
      return undefined;
    }
    if (depth >= MAX_DEPTH) {
      this.fail(path, obj, `data nested at most ${MAX_DEPTH} levels deep`);
      return undefined;
    }
    if (!Array.isArray(obj) && !isPlainMap(obj)) {
      const name = (obj as { constructor?: { name?: unknown } }).constructor?.name;
      this.fail(path, typeof name === 'string' && name !== '' ? `a ${name}` : obj,
        'plain data (a list or a map of JSON values); convert class instances first, e.g. date.toISOString()');
      return undefined;
    }
    this.ancestors.add(obj);
    try {
      return Array.isArray(obj) ? this.copyList(path, obj, depth) : this.copyMap(path, obj as Record<string, unknown>, depth);
    } finally {
      this.ancestors.delete(obj);
    }
  }

  private copyList(path: string, list: readonly unknown[], depth: number): unknown[] {
    const out: unknown[] = [];
    for (let i = 0; i < list.length; i++) {
      out.push(this.copy(`${path}[${i}]`, Object.hasOwn(list, i) ? list[i] : undefined, depth + 1));
    }
    return out;
  }

  private copyMap(path: string, map: Record<string, unknown>, depth: number): Record<string, unknown> {
    if (Object.getOwnPropertySymbols(map).length > 0) {
      this.fail(path, map, 'a map with string keys only (symbol keys are not data)');
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(map)) {
      const at = PLAIN_KEY.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
      if (key === '__proto__') {
        this.fail(at, key, 'a key other than "__proto__" (JavaScript readers of the helmfile, this library\'s checks among them, take it for the object\'s prototype)');
        continue;
      }
      if (LONE_SURROGATE.test(key)) {
        this.fail(at, key, 'a key of whole Unicode characters (a lone UTF-16 surrogate has no UTF-8 form)');
        continue;
      }
      const item = map[key];
      if (item !== undefined) {
        out[key] = this.copy(at, item, depth + 1);
      }
    }
    return out;
  }
}
