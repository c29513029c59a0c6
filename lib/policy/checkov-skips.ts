// Reading the Checkov suppressions that `suppressCheckov` (keelson/aws) writes into a Terraform resource's `//` comment
// object. Kept free of cdktf so that the policy checks and `keelson check` can read them from plain JSON.

/** The `//` key under which keelson records why a Checkov check is skipped: `{ "CKV_AWS_144": "reason" }`. */
export const CHECKOV_SKIP_REASONS_KEY = 'checkov_skip_reasons';

/** A Checkov check id for AWS: `CKV_AWS_<n>` (resource checks) or `CKV2_AWS_<n>` (graph checks). */
export const CHECKOV_AWS_CHECK_ID = /^CKV2?_AWS_[1-9]\d{0,3}$/;

/** One Checkov skip, in the `{ id, comment }` form of Checkov's CloudFormation `Metadata.checkov.skip` list. */
export interface CheckovSkip {
  /** The Checkov check id, e.g. CKV_AWS_144. */
  readonly id: string;
  /** Why the check does not apply. */
  readonly comment: string;
}

function commentObject(resource: unknown): Record<string, unknown> {
  const comment = (resource as { '//'?: unknown } | null | undefined)?.['//'];
  return comment !== null && typeof comment === 'object' && !Array.isArray(comment) ? comment as Record<string, unknown> : {};
}

/**
 * The Checkov skips of a synthesized Terraform resource (its `"//": { "checkov": { "skip": [...] } }`), each with a
 * check id and a comment; malformed entries are left out.
 */
export function checkovSkips(resource: unknown): CheckovSkip[] {
  const checkov = commentObject(resource).checkov as { skip?: unknown } | undefined;
  const skip = checkov !== null && typeof checkov === 'object' ? checkov.skip : undefined;
  return (Array.isArray(skip) ? skip : [])
    .filter((s): s is CheckovSkip => typeof s?.id === 'string' && typeof s?.comment === 'string' && s.comment.trim() !== '')
    .map((s) => ({ id: s.id, comment: s.comment }));
}

/**
 * Why Checkov check `checkId` is skipped on a synthesized Terraform resource, from keelson's own record
 * (`"//": { "checkov_skip_reasons": { "<id>": "<reason>" } }`), or undefined when it is not skipped with a reason.
 * A keelson check that mirrors a Checkov check (see its `references`) can accept the same, recorded risk.
 */
export function checkovSkipReason(resource: unknown, checkId: string): string | undefined {
  const reasons = commentObject(resource)[CHECKOV_SKIP_REASONS_KEY];
  const reason = reasons !== null && typeof reasons === 'object' ? (reasons as Record<string, unknown>)[checkId] : undefined;
  return typeof reason === 'string' && reason.trim() !== '' ? reason : undefined;
}
