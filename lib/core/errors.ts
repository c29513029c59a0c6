/**
 * One thing wrong with the input of a construct: where (construct path and field), what was given, and what
 * would have been accepted.
 */
export interface ValidationIssue {
  /** Path of the construct that received the bad input, e.g. `counter-mysql/counter-mysql/mysql`. */
  readonly constructPath: string;
  /** The prop or field, in dotted form, e.g. `claims[0].size`; empty when the message names it already. */
  readonly field: string;
  /** What is wrong and what is allowed, e.g. `got "10Gb"; expected a positive Kubernetes quantity ...`. */
  readonly message: string;
}

/** The standard message for a rejected value: `got <value>; expected <allowed form>`. */
export function rejectedValue(value: unknown, expected: string): string {
  return `got ${describeValue(value)}; expected ${expected}`;
}

/**
 * Thrown when construct props (or the construct tree at synth time) are invalid. The message names every issue
 * with its construct path, field, rejected value and allowed form, so it can be shown to a user as is.
 */
export class ValidationError extends Error {
  public readonly issues: readonly ValidationIssue[];

  public constructor(issues: readonly ValidationIssue[]) {
    super(formatIssues(issues));
    this.name = 'ValidationError';
    this.issues = issues;
  }
}

/**
 * Renders a value for an error message, so that the user recognises what they wrote: JSON where JSON says it truly
 * (not `null` for NaN or Infinity), `-0`, `123n`, functions and symbols by name, a circular object marked as such,
 * and invisible or direction-changing characters escaped (`"web\u200b"`), truncated so a huge value does not flood
 * the terminal.
 */
export function describeValue(value: unknown): string {
  const text = renderValue(value);
  if (text.length <= 120) {
    return text;
  }
  const size = typeof value === 'string' ? ` (${value.length} characters)` : '';
  return `${text.slice(0, 117)}...${size}`;
}

function renderValue(value: unknown): string {
  switch (typeof value) {
    case 'undefined': return 'undefined';
    case 'number': return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint': return `${value}n`;
    case 'symbol': return value.toString();
    case 'function': return `a function${value.name ? ` (${value.name})` : ''}`;
    // Only the start of a long string can show (see describeValue): escaping the rest would be wasted on a huge one.
    case 'string': return quote(value.length > 200 ? value.slice(0, 200) : value);
    default: break;
  }
  const seen = new WeakSet<object>();
  try {
    const text = JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === 'number' && !Number.isFinite(v)) {
        return `\u0000${String(v)}`;
      }
      if (typeof v === 'bigint') {
        return `\u0000${v}n`;
      }
      if (typeof v === 'function' || typeof v === 'symbol') {
        return `\u0000${typeof v}`;
      }
      if (v !== null && typeof v === 'object') {
        if (seen.has(v)) {
          return '\u0000[circular]';
        }
        seen.add(v);
      }
      return v;
    });
    // Markers (strings starting with NUL) print bare: NaN, Infinity, 12n, [circular].
    return escapeInvisible((text ?? String(value)).replace(/"\\u0000([^"]*)"/g, '$1'));
  } catch {
    return escapeInvisible(String(value));
  }
}

/** A string in double quotes, JSON-escaped, with invisible characters spelled out. */
function quote(s: string): string {
  return escapeInvisible(JSON.stringify(s));
}

/** Zero-width, bidirectional, other format and non-ASCII space characters. */
const INVISIBLE = /[\u00a0\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb]/g;

/**
 * `text` with invisible characters as `\uXXXX`: "web\u200b" must not print as "web", nor a right-to-left override
 * reorder the message around it.
 */
export function escapeInvisible(text: string): string {
  return text.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Formats an issue without its construct path: `field: got value; expected form`. */
export function describeIssue(issue: Pick<ValidationIssue, 'field' | 'message'>): string {
  return issue.field === '' ? issue.message : `${issue.field}: ${issue.message}`;
}

/** Formats one issue as `[path] field: got value; expected form`. */
export function formatIssue(issue: ValidationIssue): string {
  const where = issue.constructPath === '' ? '<app>' : issue.constructPath;
  return `[${where}] ${describeIssue(issue)}`;
}

function formatIssues(issues: readonly ValidationIssue[]): string {
  const lines = issues.map((i) => `  - ${formatIssue(i)}`);
  const noun = issues.length === 1 ? 'problem' : 'problems';
  return `Invalid configuration (${issues.length} ${noun}):\n${lines.join('\n')}`;
}
