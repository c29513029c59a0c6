import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { AppStack } from '../../lib/core/app-stack';
import { ValidationError } from '../../lib/core/errors';
import { synthesizeApp } from '../../lib/output/synthesize';

/** A construct whose props are fed JavaScript values: its valid props, the paths into them to replace, and how to build it. */
export interface JavaScriptValueTarget {
  /** The name of the describe block. */
  readonly name: string;
  /** Valid props (a fresh object each call). */
  readonly props: () => any;
  /** Paths into the props, dot-separated, numbers for array items, e.g. "listeners.0.tls". */
  readonly paths: string[];
  /** Builds the construct(s) with the props. */
  readonly build: (s: Construct, props: any) => void;
}

/**
 * Builds in a fresh app and synthesizes it; returns the message of an error that is not a ValidationError (a
 * TypeError from deep inside, say), prefixed with the value that caused it, or undefined.
 */
export function rawError(build: (s: Construct) => void, value: unknown): string | undefined {
  const app = new App();
  try {
    build(new AppStack(app, 'test'));
    synthesizeApp(app);
  } catch (err) {
    if (!(err instanceof ValidationError)) {
      return `${JSON.stringify(value)}: ${(err as Error).message}`;
    }
  }
  return undefined;
}

/**
 * Declares, for each target, that its unchanged props build, and that every one of `values` at each of its paths is
 * accepted or refused with a ValidationError that names the field, never with another error.
 */
export function describeJavaScriptValues(targets: readonly JavaScriptValueTarget[], values: readonly unknown[]): void {
  describe.each(targets)('$name', (target) => {
    test('the unchanged props build', () => {
      const app = new App();
      target.build(new AppStack(app, 'test'), target.props());
      expect(() => synthesizeApp(app)).not.toThrow();
    });

    test.each(target.paths)('any JavaScript value at %s is accepted or refused with a ValidationError', (path) => {
      const raw = values.map((value) => rawError((s) => target.build(s, withValue(target.props(), path, value)), value));
      expect(raw.filter((r) => r !== undefined)).toEqual([]);
    });
  });
}

/** A copy of `props` with `value` at `path`. */
function withValue(props: any, path: string, value: unknown): any {
  const copy = clonePlain(props);
  const keys = path.split('.');
  let at = copy;
  for (const k of keys.slice(0, -1)) {
    at = at[k];
  }
  at[keys[keys.length - 1]] = value;
  return copy;
}

/** A deep copy of plain objects and arrays; anything else (class instances: constructs, secrets, TLS sources) is kept as it is. */
function clonePlain(x: any): any {
  if (Array.isArray(x)) {
    return x.map(clonePlain);
  }
  if (x !== null && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype) {
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, clonePlain(v)]));
  }
  return x;
}
