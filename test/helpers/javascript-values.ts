import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { AppStack } from '../../lib/core/app-stack';
import { ValidationError } from '../../lib/core/errors';
import { synthesizeApp } from '../../lib/output/synthesize';
import { schemaValidator } from './schemas';

/**
 * What JavaScript and TypeScript callers pass by mistake, for every prop: the empty and absent values, the numbers
 * JSON cannot say, strings that look empty or hide characters, huge strings, prototype keys, and every wrong type.
 */
export const HOSTILE_VALUES: readonly unknown[] = [
  null, undefined, NaN, Infinity, -0, -1, 1.5,
  '', ' ', 'web\u200b', '\u202eweb', 'x'.repeat(300_000), 'constructor', '${TfToken[TOKEN.1]}',
  true, [], [null], {}, JSON.parse('{"__proto__": {"polluted": "yes"}}'), 10n,
];

/**
 * The values fed into nested paths (below a top-level prop): one of each kind of mistake, so that the property test
 * stays affordable on every path while the top-level props and the whole props object get all of HOSTILE_VALUES.
 */
export const NESTED_VALUES: readonly unknown[] = [
  null, undefined, NaN, -1, 1.5, '', 'web\u200b', 'x'.repeat(300_000), true, [], {}, 10n,
];

/** A construct whose props are fed JavaScript values: its valid props, the paths into them to replace, and how to build it. */
export interface JavaScriptValueTarget {
  /** The name of the describe block. */
  readonly name: string;
  /** Valid props (a fresh object each call). */
  readonly props: () => any;
  /**
   * Paths into the props, dot-separated, numbers for array items, e.g. "listeners.0.tls".
   * @default every path into `props()`, through plain objects and arrays (class instances are leaves)
   */
  readonly paths?: string[];
  /** Builds the construct(s) with the props. */
  readonly build: (s: Construct, props: any) => void;
  /** The public construct classes (or methods, by name) this target exercises, for the coverage test. */
  readonly covers?: readonly string[];
}

/**
 * Builds in a fresh app and synthesizes it. Returns a description of what went wrong, prefixed with the value that
 * caused it: an error that is not a ValidationError (a TypeError from deep inside), or accepted output that fails the
 * strict schemas. Undefined when the value was refused with a ValidationError or gave valid output.
 */
export function rawError(build: (s: Construct) => void, value: unknown): string | undefined {
  const app = new App();
  let manifests;
  try {
    build(new AppStack(app, 'test'));
    manifests = synthesizeApp(app).map((m) => m.manifest);
  } catch (err) {
    return err instanceof ValidationError ? undefined : `${show(value)}: ${(err as Error)?.message ?? String(err)}`;
  }
  const invalid = manifests.flatMap((m) => schemaValidator().validate(m));
  return invalid.length === 0 ? undefined : `${show(value)}: accepted, but the output is invalid: ${invalid.slice(0, 3).join('; ')}`;
}

function show(value: unknown): string {
  if (typeof value === 'string') {
    return value.length > 40 ? `"${value.slice(0, 20)}..." (${value.length} characters)` : JSON.stringify(value);
  }
  try {
    return typeof value === 'bigint' ? `${value}n` : Number.isNaN(value) ? 'NaN' : JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Every path into plain objects and arrays of `props`, parents before children; class instances are leaves. */
export function propPaths(props: unknown, prefix = ''): string[] {
  if (!isPlain(props) && !Array.isArray(props)) {
    return [];
  }
  return Object.entries(props as object).flatMap(([k, v]) => {
    const path = prefix === '' ? k : `${prefix}.${k}`;
    return [path, ...propPaths(v, path)];
  });
}

/**
 * Declares, for each target, that its unchanged props build into valid output, and that every one of `values` at each
 * of its paths (NESTED_VALUES below the top level, when `values` is the default) is accepted with valid output or
 * refused with a ValidationError, never with another error.
 */
export function describeJavaScriptValues(targets: readonly JavaScriptValueTarget[], values: readonly unknown[] = HOSTILE_VALUES): void {
  describe.each(targets)('$name', (target) => {
    test('the unchanged props build into valid output', () => {
      expect(rawError((s) => target.build(s, target.props()), 'the unchanged props')).toBeUndefined();
    });

    test.each(target.paths ?? propPaths(target.props()))('any JavaScript value at %s is accepted or refused with a ValidationError', (path) => {
      const fed = path.includes('.') && values === HOSTILE_VALUES ? NESTED_VALUES : values;
      const raw = fed.map((value) => rawError((s) => target.build(s, withValue(target.props(), path, value)), value));
      expect(raw.filter((r) => r !== undefined)).toEqual([]);
    });

    test('the whole props object may be any value', () => {
      const raw = values.map((value) => rawError((s) => target.build(s, value), value));
      expect(raw.filter((r) => r !== undefined)).toEqual([]);
    });
  });
}

/**
 * `props` with `value` at `path`: the maps and lists along the path are copied (so that props shared between calls
 * are never changed), everything beside it is shared.
 */
function withValue(props: any, path: string, value: unknown): any {
  const keys = path.split('.');
  const copy = shallowCopy(props);
  let at = copy;
  for (const k of keys.slice(0, -1)) {
    at = at[k] = shallowCopy(at[k]);
  }
  at[keys[keys.length - 1]] = value;
  return copy;
}

function isPlain(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype;
}

/** A copy of a plain object or array, one level deep; anything else (class instances: constructs, secrets, TLS sources) as it is. */
function shallowCopy(x: any): any {
  return Array.isArray(x) ? [...x] : isPlain(x) ? { ...x } : x;
}
