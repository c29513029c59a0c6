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

/** Renders a value for an error message: JSON, truncated so a huge object does not flood the terminal. */
export function describeValue(value: unknown): string {
  if (value === undefined) {
    return 'undefined';
  }
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
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
