// The rules of ResourceQuotas (quota-rules.ts) and LimitRanges (limit-range-rules.ts): what the API server refuses
// (pkg/apis/core/validation and the LimitRange defaults it fills in before validating), and the combinations it
// accepts but that no pod can satisfy. Pure functions over the API shape, so that the ResourceQuota and LimitRange
// constructs (at construction) and the policy checks (over any YAML, lib/policy/checks/governance.ts) apply the same
// rules. This module holds what both share: the problems they report and how they read quantities.
import { parseQuantity } from './formats';

/** One thing wrong: the field (named by the caller), the value found, and what is allowed. */
export interface GovernanceProblem {
  readonly field: string;
  readonly value: unknown;
  readonly expected: string;
}

/** The value of a quantity given as a string or (in hand-written YAML) a number; undefined when it is none. */
export function quantityValue(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : undefined;
  }
  return typeof value === 'string' ? parseQuantity(value) : undefined;
}

/** A quantity for messages, as it was written: `"500m"`, or `2` for a number. */
export function showQuantity(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}
