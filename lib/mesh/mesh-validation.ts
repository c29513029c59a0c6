import { BYTE_QUANTITY, CPU_QUANTITY, Format, parseQuantity } from '../core/formats';
import { PropsValidator, isObject } from '../core/validator';

/*
 * Type-first checks shared by the mesh constructs. Props come from TypeScript and from JavaScript alike, so every
 * value is checked for its type before it is used: a list that is a string, a map that is a number or `null`, an
 * enum value that is a symbol all become a ValidationError naming the field, never a TypeError from deep inside.
 * Internal: not exported from the package.
 */

/** "A, B or C". */
export function alternatives(values: readonly string[]): string {
  return values.length <= 1 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

/**
 * The items of a list prop, or [] when it is absent or not a list (recorded as a problem when it is not a list, or
 * when it is absent but `required`, or has fewer than `min` items). `what` completes "a list of ...".
 */
export function listAt(v: PropsValidator, field: string, value: unknown, what: string, options: { required?: boolean; min?: number } = {}): unknown[] {
  const min = options.min ?? 0;
  const expected = min === 1 ? `a non-empty list of ${what}` : min > 1 ? `a list of at least ${min} ${what}` : `a list of ${what}`;
  if (value === undefined && !options.required) {
    return [];
  }
  if (!Array.isArray(value)) {
    v.fail(field, value, expected);
    return [];
  }
  v.check(value.length >= min, field, value, expected);
  return value;
}

/**
 * The object at `field`, or undefined when it is absent or not a plain object (a problem unless absent and not
 * `required`). Its keys are checked against `known` when given.
 */
export function objectAt(v: PropsValidator, field: string, value: unknown, what: string, options: { required?: boolean; known?: readonly string[] } = {}):
  Record<string, any> | undefined {
  if (value === undefined && !options.required) {
    return undefined;
  }
  if (!isObject(value)) {
    v.fail(field, value, what);
    return undefined;
  }
  if (options.known) {
    v.knownProps(field, value, options.known);
  }
  return value;
}

/** Checks that `value` is one of `allowed` (absent passes unless `required`); returns whether it is. */
export function oneOf(v: PropsValidator, field: string, value: unknown, allowed: readonly string[], required = false): boolean {
  if (value === undefined && !required) {
    return true;
  }
  return v.check(typeof value === 'string' && allowed.includes(value), field, value, alternatives(allowed));
}

/** Checks an optional boolean. */
export function booleanAt(v: PropsValidator, field: string, value: unknown): boolean {
  return v.check(value === undefined || typeof value === 'boolean', field, value, 'true or false');
}

/** Checks a label map (labels, selectors): an object whose keys and values have the given formats. */
export function stringMapAt(v: PropsValidator, field: string, value: unknown, keyFormat: Format, valueFormat: Format, options: { required?: boolean; min?: number } = {}): boolean {
  if (value === undefined && !options.required) {
    return true;
  }
  if (!isObject(value)) {
    v.fail(field, value, 'a map of label keys to label values, e.g. { app: "web" }');
    return false;
  }
  const before = v.issues.length;
  v.map(field, value as Record<string, string>, keyFormat, valueFormat);
  if (options.min !== undefined) {
    v.check(Object.keys(value).length >= options.min, field, value, `at least ${options.min === 1 ? 'one' : options.min} entry`);
  }
  return v.issues.length === before;
}

/** Checks a string with a format, after its type: a non-string fails with the format's description. */
export function stringAt(v: PropsValidator, field: string, value: unknown, format: Format, required = false): boolean {
  return v.format(field, value as string | undefined, format, required);
}

/**
 * Checks the requests and limits of a sidecar container: known keys, CPU amounts in cores or millicores, memory in
 * whole bytes, and no request above its limit.
 */
export function checkSidecarResources(v: PropsValidator, field: string, value: unknown): void {
  const r = objectAt(v, field, value, 'requests and/or limits, e.g. { requests: { cpu: "50m", memory: "64Mi" } }', { known: ['requests', 'limits'] });
  if (!r) {
    return;
  }
  const amounts: Partial<Record<'requests' | 'limits', Record<string, unknown>>> = {};
  for (const kind of ['requests', 'limits'] as const) {
    const a = objectAt(v, `${field}.${kind}`, r[kind], 'an object with cpu and/or memory', { known: ['cpu', 'memory'] });
    if (a) {
      v.format(`${field}.${kind}.cpu`, a.cpu, CPU_QUANTITY);
      v.format(`${field}.${kind}.memory`, a.memory, BYTE_QUANTITY);
      v.check(!(parseQuantity(a.cpu) === 0), `${field}.${kind}.cpu`, a.cpu, 'a CPU amount above 0');
      v.check(!(parseQuantity(a.memory) === 0), `${field}.${kind}.memory`, a.memory, 'an amount of memory above 0');
      amounts[kind] = a;
    }
  }
  for (const res of ['cpu', 'memory'] as const) {
    const req = parseQuantity(amounts.requests?.[res] as string);
    const lim = parseQuantity(amounts.limits?.[res] as string);
    if (req !== undefined && lim !== undefined) {
      v.check(req <= lim, `${field}.requests.${res}`, amounts.requests?.[res], `a request no larger than the limit (${amounts.limits?.[res]})`);
    }
  }
}
