import { Format } from '../core/formats';
import { PropsValidator, isObject } from '../core/validator';

// Checks the serverless constructs share: each looks at the type of a value before using it, so a JavaScript
// caller's null, number or string in the wrong place is a ValidationError naming the prop, never a TypeError.

/** Checks that an optional (or `required`) value is a plain object; true when it is one. */
export function objectProp(v: PropsValidator, field: string, value: unknown, expected: string, required = false): value is Record<string, any> {
  if (value === undefined && !required) {
    return false;
  }
  return v.check(isObject(value), field, value, expected);
}

/**
 * Checks a map of strings: an object whose keys match `keyFormat` and whose values match `valueFormat` (or are
 * strings). `field key` names a bad key, `field["key"]` a bad value. True when the map may be used.
 */
export function stringMap(v: PropsValidator, field: string, value: unknown, keyFormat: Format, valueFormat?: Format): value is Record<string, string> {
  if (value === undefined) {
    return false;
  }
  if (!v.check(isObject(value), field, value, `an object of strings (${keyFormat.description} as keys)`)) {
    return false;
  }
  const before = v.issues.length;
  for (const [k, x] of Object.entries(value as Record<string, unknown>)) {
    v.format(`${field} key`, k, keyFormat);
    if (valueFormat) {
      v.format(`${field}["${k}"]`, x as string, valueFormat as Format<string>, true);
    } else {
      v.check(typeof x === 'string', `${field}["${k}"]`, x, 'a string');
    }
  }
  return v.issues.length === before;
}

/** Checks an optional (or `required`) string against a pattern; true when it is a string that matches. */
export function text(v: PropsValidator, field: string, value: unknown, pattern: RegExp, expected: string, required = false): value is string {
  if (value === undefined && !required) {
    return false;
  }
  return v.check(typeof value === 'string' && pattern.test(value), field, value, expected);
}

/** A plain array, checked: true when `value` is an array (an absent optional one is false without a problem). */
export function arrayProp(v: PropsValidator, field: string, value: unknown, expected: string, required = false): value is unknown[] {
  if (value === undefined && !required) {
    return false;
  }
  return v.check(Array.isArray(value), field, value, expected);
}
