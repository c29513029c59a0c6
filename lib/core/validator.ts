import { IConstruct } from 'constructs';
import { ValidationError, ValidationIssue, describeIssue, rejectedValue } from './errors';
import { Format, PORT_NAME, PORT_NUMBER } from './formats';

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

  /** Checks every key and value of a string map against the given formats. */
  public map(field: string, map: Readonly<Record<string, string>> | undefined, keyFormat: Format, valueFormat?: Format): void {
    for (const [k, v] of Object.entries(map ?? {})) {
      this.format(`${field} key`, k, keyFormat);
      if (valueFormat) {
        this.format(`${field}["${k}"]`, v, valueFormat);
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
    for (const k of unknown) {
      const near = known.filter((name) => editDistance(name.toLowerCase(), k.toLowerCase()) <= 2);
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
