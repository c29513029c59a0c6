// Checks the security constructs share for values a JavaScript caller may pass in any shape: string maps, lists of
// strings, qualified names. Each records a problem on the validator instead of throwing a TypeError.
import { Format, LABEL_KEY } from '../core/formats';
import { PropsValidator, isObject } from '../core/validator';

/** A qualified name, as the API server checks match condition names: an optional DNS-subdomain prefix and "/", then a name. */
export const QUALIFIED_NAME: Format = {
  test: LABEL_KEY.test,
  description: 'a qualified name: optional "prefix/" (a DNS subdomain) and a name of 1-63 letters, digits, "-", "_" or "." starting and ending alphanumeric',
};

/** Secret types: "Opaque", "kubernetes.io/tls", "example.com/custom"... */
export const SECRET_TYPE = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?(\/[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;


/**
 * Checks an optional map of strings: an object (not a list, not a class instance), every key of `keyFormat`, every
 * value a string (of `valueFormat`, when given). Returns whether it is usable.
 */
export function checkStringMap(v: PropsValidator, field: string, map: unknown, keyFormat: Format, valueFormat?: Format): boolean {
  if (map === undefined) {
    return true;
  }
  if (!v.check(isObject(map) && Object.getPrototypeOf(map) === Object.prototype, field, map, `an object of strings by key (${keyFormat.description})`)) {
    return false;
  }
  const before = v.issues.length;
  for (const [k, value] of Object.entries(map as Record<string, unknown>)) {
    v.format(`${field} key`, k, keyFormat);
    if (valueFormat) {
      v.format(`${field}["${k}"]`, value as string, valueFormat, true);
    } else {
      v.check(typeof value === 'string', `${field}["${k}"]`, value, 'a string');
    }
  }
  return v.issues.length === before;
}

/**
 * Checks a list of strings: an array (at least one entry when `nonEmpty`), each a string of `format`. Returns the
 * list when it is usable, else an empty list.
 */
export function checkStringList(v: PropsValidator, field: string, list: unknown, format: Format, nonEmpty = false): string[] {
  if (!v.check(Array.isArray(list) && (!nonEmpty || list.length > 0), field, list,
    `a list of ${nonEmpty ? 'at least one ' : ''}${format.description.replace(/^an? /, '')}`)) {
    return [];
  }
  const items = list as unknown[];
  const before = v.issues.length;
  items.forEach((x, i) => v.format(`${field}[${i}]`, x as string, format, true));
  return v.issues.length === before ? items as string[] : [];
}

/** Checks an optional, non-empty string with a description; returns whether it is one. */
export function checkText(v: PropsValidator, field: string, value: unknown, expected: string, required = false, max = 1024): boolean {
  if (value === undefined && !required) {
    return true;
  }
  return v.check(typeof value === 'string' && value.trim().length > 0 && value.length <= max && !/[\u0000-\u001f\u007f]/.test(value), field, value,
    `${expected} (1-${max} characters on one line)`);
}

/**
 * `format` (an amount of bytes), its description completed with what a value such as "500m" probably meant: "m" is
 * milli, so memory "500m" is half a byte, and the API server refuses it where whole bytes are required.
 */
export function bytesFormatFor(format: Format, value: unknown): Format {
  const m = typeof value === 'string' ? /^(\d+(?:\.\d+)?)m$/.exec(value) : null;
  return m ? { test: format.test, description: `${format.description}; did you mean "${m[1]}Mi"?` } : format;
}

