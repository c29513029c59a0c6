import { POD_SECURITY_REASON_ANNOTATION } from '../core/annotations';
import { ObjectIndex } from './object-index';
import { PolicyCheck, Suppression } from './types';

/** The Pod Security Admission label of a Namespace that names the level it enforces. */
export const POD_SECURITY_ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';

/** The Pod Security Admission modes: `enforce` refuses pods; `audit` and `warn` only record and warn. */
export const POD_SECURITY_MODES = ['enforce', 'audit', 'warn'] as const;

/** The Pod Security Standards levels, from the least strict to the most. */
export const POD_SECURITY_LEVELS = ['privileged', 'baseline', 'restricted'] as const;

/** How strict a Pod Security level is (0 for privileged, 2 for restricted), or -1 for a value that is not a level. */
export function podSecurityStrictness(level: unknown): number {
  return (POD_SECURITY_LEVELS as readonly unknown[]).indexOf(level);
}

/** Whether a value is a Pod Security version Pod Security Admission accepts: "latest" or a minor version such as "v1.32". */
export function isPodSecurityVersion(version: unknown): boolean {
  return typeof version === 'string' && /^(latest|v1\.(0|[1-9]\d*))$/.test(version);
}

/** The levels of Pod Security Standards checks that a namespace enforcing a weaker level waives. */
const WAIVED_LEVELS: Readonly<Record<string, ReadonlyArray<PolicyCheck['podSecurityLevel']>>> = {
  privileged: ['baseline', 'restricted'],
  baseline: ['restricted'],
};

/**
 * The suppressions that the Namespace objects among the checked ones declare through their Pod Security level: a
 * namespace that enforces "privileged" (or "baseline") and records why in {@link POD_SECURITY_REASON_ANNOTATION}
 * waives, for the objects in it, every check of a stricter level (see `PolicyCheck.podSecurityLevel`). The reason
 * of each says so: "namespace logging enforces Pod Security privileged: <reason>".
 *
 * A weaker level without a reason waives nothing (the findings stay), nor does an unknown level; objects whose
 * Namespace object is not among the checked ones are held to "restricted". Only the enforce label counts: the audit
 * and warn levels (`pod-security.kubernetes.io/audit`, `.../warn`) refuse nothing, so they never waive a check.
 */
export function namespaceLevelSuppressions(index: ObjectIndex, checks: readonly PolicyCheck[]): Suppression[] {
  return index.ofKind('Namespace', undefined).flatMap((ns) => {
    const level = ns.object.metadata?.labels?.[POD_SECURITY_ENFORCE_LABEL];
    const reason = String(ns.object.metadata?.annotations?.[POD_SECURITY_REASON_ANNOTATION] ?? '').trim();
    const waived = Object.prototype.hasOwnProperty.call(WAIVED_LEVELS, level) ? WAIVED_LEVELS[level] : [];
    if (reason === '' || waived.length === 0) {
      return [];
    }
    return checks.filter((c) => c.podSecurityLevel !== undefined && waived.includes(c.podSecurityLevel))
      .map((c) => ({ checkId: c.id, reason: `namespace ${ns.name} enforces Pod Security ${level}: ${reason}`, namespace: ns.name }));
  });
}
