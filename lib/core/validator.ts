import { Construct, IConstruct } from 'constructs';
import { ValidationError, ValidationIssue, describeIssue, rejectedValue } from './errors';
import { Format, PORT_NAME, PORT_NUMBER } from './formats';

/** More unknown props than this are reported as one problem. */
const MAX_REPORTED_UNKNOWN = 20;

/**
 * Collects the problems of one construct's props, then throws them all at once as a {@link ValidationError}.
 * Every check names the field, so the error points at exactly what to fix.
 */
export class PropsValidator {
  private readonly found: ValidationIssue[] = [];

  public constructor(private readonly constructPath: string) {}

  /** A validator for the props of `scope`; errors carry its construct path. */
  public static of(scope: IConstruct): PropsValidator {
    return new PropsValidator(scope.node.path);
  }

  /** The issues found so far. */
  public get issues(): readonly ValidationIssue[] {
    return this.found;
  }

  /** Records that `field` has the unacceptable `value`; `expected` describes what is allowed. */
  public fail(field: string, value: unknown, expected: string): void {
    this.found.push({ constructPath: this.constructPath, field, message: rejectedValue(value, expected) });
  }

  /** Records a failure unless `condition` holds. Returns the condition. */
  public check(condition: boolean, field: string, value: unknown, expected: string): boolean {
    if (!condition) {
      this.fail(field, value, expected);
    }
    return condition;
  }

  /** Checks a value against a format; `undefined` passes unless `required`. */
  public format<T>(field: string, value: T | undefined, format: Format<T>, required = false): boolean {
    if (value === undefined || value === null) {
      return this.check(!required, field, value, format.description);
    }
    return this.check(format.test(value), field, value, format.description);
  }

  /** Checks an optional integer against inclusive bounds. */
  public integer(field: string, value: number | undefined, min: number, max = Number.MAX_SAFE_INTEGER): boolean {
    if (value === undefined) {
      return true;
    }
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;
    return this.check(Number.isInteger(value) && value >= min && value <= max, field, value, range);
  }

  /** Checks a port given by number or by IANA name. */
  public portRef(field: string, value: number | string | undefined, required = false): boolean {
    return typeof value === 'number' ? this.format(field, value, PORT_NUMBER, required) : this.format(field, value, PORT_NAME, required);
  }

  /** Checks that a list has no duplicate entries (by `key`); `what` names an entry, e.g. "a port name". */
  public unique<T>(field: string, items: readonly T[], key: (item: T) => string, what: string): void {
    recordDuplicates(this, field, items, key, what, false);
  }

  /**
   * Checks that `map` is an object (or undefined), and every key and value against the given formats. A null or
   * undefined value is refused too (it would vanish from the output without a word: an unset environment variable
   * passed as a label value, say).
   */
  public map(field: string, map: Readonly<Record<string, string>> | undefined, keyFormat: Format, valueFormat?: Format): void {
    if (!this.check(map === undefined || isObject(map), field, map, 'an object of keys to values')) {
      return;
    }
    for (const [k, v] of Object.entries(map ?? {})) {
      this.format(`${field} key`, k, keyFormat);
      if (valueFormat) {
        this.format(`${field}["${k}"]`, v, valueFormat, true);
      }
    }
  }

  /**
   * Checks that `props` is an object whose every key is one of `known`: a prop the construct does not have (a typo,
   * or a prop of another construct, passed from JavaScript or `as any`) is an error naming it, never silently
   * dropped. `prefix` names the props object (e.g. "ingress"); "" for the construct's own props.
   */
  public knownProps(prefix: string, props: unknown, known: readonly string[]): boolean {
    const where = prefix === '' ? 'props' : prefix;
    if (!this.check(props === undefined || isObject(props), where, props, 'an object of props')) {
      return false;
    }
    const unknown = Object.keys(props ?? {}).filter((k) => !known.includes(k));
    // A handful is enough to act on; an object with thousands of stray keys must not take minutes to report.
    if (unknown.length > MAX_REPORTED_UNKNOWN) {
      this.fail(prefix === '' ? 'props' : prefix, `${unknown.length} unknown props (${unknown.slice(0, 3).join(', ')}, ...)`,
        `only the known props: ${[...known].sort().join(', ')}`);
      return false;
    }
    for (const k of unknown) {
      const near = k.length > 64 ? [] : known.filter((name) => editDistance(name.toLowerCase(), k.toLowerCase()) <= 2);
      const hint = near.length > 0 ? ` (did you mean ${near.map((n) => `"${n}"`).join(' or ')}?)` : '';
      this.fail(prefix === '' ? k : `${prefix}.${k}`, (props as Record<string, unknown>)[k],
        `a known prop${hint}; the props are ${[...known].sort().join(', ')}`);
    }
    return unknown.length === 0;
  }

  /**
   * Checks an accepted risk (`{ reason }`, see AcceptedRisk) given for `field`: `undefined` passes; otherwise it must
   * be an object with a non-empty reason (and only the `extra` keys besides it). `why` completes "a reason why ...".
   */
  public risk(field: string, risk: unknown, why: string, extra: readonly string[] = []): boolean {
    if (risk === undefined) {
      return true;
    }
    const reason = (risk as { reason?: unknown } | null)?.reason;
    const ok = this.check(risk !== null && typeof risk === 'object' && typeof reason === 'string' && reason.trim().length > 0,
      `${field}.reason`, reason, `a reason why ${why}, given as { reason: "..." }`);
    return ok && this.knownProps(field, risk, ['reason', ...extra]);
  }

  /** Throws a {@link ValidationError} listing every issue, if there are any. */
  public throwIfInvalid(): void {
    if (this.found.length > 0) {
      throw new ValidationError(this.found);
    }
  }
}

/**
 * Like {@link PropsValidator.unique}, for lists where some items have no key (an unnamed port, an entry that is not an
 * object): items whose key is undefined are skipped, as their own checks report them. Every other item whose key an
 * earlier item has is a problem, named by its index in the full list.
 */
export function checkUnique<T>(v: PropsValidator, field: string, items: readonly T[], key: (item: T) => string | undefined, what: string): void {
  recordDuplicates(v, field, items, key, what, true);
}

/** The one implementation of both: `skipUnkeyed` skips items whose key is undefined (else undefined is a key too). */
function recordDuplicates<T>(v: PropsValidator, field: string, items: readonly T[], key: (item: T) => string | undefined, what: string,
  skipUnkeyed: boolean): void {
  const seen = new Set<string | undefined>();
  items.forEach((item, i) => {
    const k = key(item);
    if (skipUnkeyed && k === undefined) {
      return;
    }
    v.check(!seen.has(k), `${field}[${i}]`, k, `${what} that is not already used in ${field}`);
    seen.add(k);
  });
}

/** Whether `x` is a plain object (not null, not an array). */
export function isObject(x: unknown): x is Record<string, any> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

/** A map as JSON and YAML know it: a plain object (or one without prototype), not an array or a class instance. */
export function isPlainMap(x: unknown): x is Record<string, unknown> {
  if (!isObject(x)) {
    return false;
  }
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** The Levenshtein distance of two short strings, to suggest the name a typo meant. */
export function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length];
}

/**
 * Registers checks that can only run once the construct tree is complete (e.g. after `add*` calls).
 * They run when the app is synthesized and fail it with the same kind of message as constructor checks.
 */
export function addLateValidation(scope: IConstruct, check: (v: PropsValidator) => void): void {
  scope.node.addValidation({
    validate: () => {
      const v = PropsValidator.of(scope);
      check(v);
      // The synthesizer prefixes the construct path itself.
      return v.issues.map(describeIssue);
    },
  });
}

/**
 * `scope`, once it is known to be a construct in which `id` is still free: pass it to `super(checkedScope(scope, id), id)`.
 * A scope that is not a construct (`undefined`, a props object given first), an id that is not a non-empty string,
 * or an id a sibling already has (two `new WebService(ns, 'web')`) is a {@link ValidationError} naming the parent's
 * path, instead of a TypeError or the constructs library's bare message.
 */
export function checkedScope<T extends IConstruct>(scope: T, id: string): T {
  if (!Construct.isConstruct(scope)) {
    throw new ValidationError([{ constructPath: typeof id === 'string' ? id : '', field: 'scope', message: rejectedValue(scope,
      'the construct to define this one in (an AppStack, a SecureNamespace or another construct) as the first argument') }]);
  }
  const where = scope.node.path;
  if (typeof id !== 'string' || id.length === 0) {
    throw new ValidationError([{ constructPath: where, field: 'id', message: rejectedValue(id, 'a non-empty string that names the construct among its siblings') }]);
  }
  // The constructs library writes "/" in an id as "--".
  if (scope.node.tryFindChild(id.replace(/\//g, '--')) !== undefined) {
    throw new ValidationError([{ constructPath: where, field: 'id', message: rejectedValue(id,
      `an id that no other construct in ${where === '' ? 'the app' : `"${where}"`} has (ids are unique among siblings; name the second one differently)`) }]);
  }
  return scope;
}

/**
 * Builds a child construct from a prop the user wrote, and reports the child's problems as problems of that prop:
 * a user who set `ingress.host` on a WebService reads `[shop/web] ingress.host: ...`, not the child's own path and
 * field names. `field` turns the child's field into the user's (e.g. `(f) => f === 'rules[0].host' ? 'ingress.host'
 * : `ingress.${f}``). Problems of the child's own children stay as they are.
 */
export function reportUnder<T>(owner: IConstruct, child: string, field: (childField: string) => string, build: () => T): T {
  try {
    return build();
  } catch (err) {
    if (!(err instanceof ValidationError)) {
      throw err;
    }
    const childPath = owner.node.path === '' ? child : `${owner.node.path}/${child}`;
    throw new ValidationError(err.issues.map((issue) => (issue.constructPath === childPath
      ? { ...issue, constructPath: owner.node.path, field: field(issue.field) }
      : issue)));
  }
}

/**
 * Ends the checks of a construct whose props are not an object (`null`, a string, a list; `undefined` too when the
 * construct has `required` props): every later check reads them. `undefined` is recorded here (a Resource's
 * knownProps records the other non-objects), and everything found so far is thrown. Call right after the base
 * constructor.
 */
export function requireProps(v: PropsValidator, props: unknown, required = true): void {
  if (!isObject(props) && (props !== undefined || required)) {
    if (props === undefined) {
      v.fail('props', props, 'an object of props');
    }
    v.throwIfInvalid();
  }
}
