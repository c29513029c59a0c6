import { kindKey } from './kinds';
import { namespaceLevelSuppressions } from './namespace-levels';
import { ObjectIndex } from './object-index';
import { defaultRegistry } from './registry';
import { describeTarget } from './suppressions';
import { Finding, PolicyCheck, PolicyReport, PolicyTarget, SuppressedFinding, Suppression } from './types';

/** Options of {@link runPolicy}. */
export interface PolicyOptions {
  /**
   * The checks to run.
   * @default the built-in checks
   */
  readonly checks?: readonly PolicyCheck[];
  /**
   * Suppressions (from constructs and annotations).
   * @default none
   */
  readonly suppressions?: readonly Suppression[];
}

/** Id of the findings about suppressions themselves (missing reason, unknown check, unused). */
export const SUPPRESSION_CHECK_ID = 'policy-suppression';

function matches(s: Suppression, f: Finding, t: PolicyTarget): boolean {
  if (s.checkId !== f.checkId) {
    return false;
  }
  if (s.object !== undefined) {
    return s.object === f.object;
  }
  if (s.namespace !== undefined) {
    return t.domain === 'kubernetes' && t.namespace === s.namespace;
  }
  const path = s.constructPath ?? '';
  return f.constructPath !== undefined && (path === '' || f.constructPath === path || f.constructPath.startsWith(`${path}/`));
}

/**
 * Runs the checks over the objects and applies the suppressions. Each check sees only the kinds it declares;
 * cross-reference checks look other objects up in a shared index. Findings come sorted, errors first.
 *
 * Besides the suppressions given, the Namespace objects among the targets waive the Pod Security checks of levels
 * stricter than the one they enforce, with their recorded reason (see {@link namespaceLevelSuppressions}); the
 * findings so waived are listed as suppressed. A suppression given for the finding (on its construct or object)
 * takes precedence, being the more specific. Waivers are derived here, from the objects, so that the synth and
 * `keelson check` over the written output reach the same verdict; no waiver is ever reported as unused.
 */
export function runPolicy(targets: readonly PolicyTarget[], options: PolicyOptions = {}): PolicyReport {
  const checks = options.checks ?? defaultRegistry().all();
  const index = new ObjectIndex(targets);
  const byKind = new Map<string, PolicyCheck[]>();
  for (const c of checks) {
    for (const k of c.kinds) {
      const key = `${c.domain}:${k}`;
      byKind.set(key, [...(byKind.get(key) ?? []), c]);
    }
  }

  const raw: Array<{ finding: Finding; target: PolicyTarget }> = [];
  for (const t of targets) {
    const applicable = [...(byKind.get(`${t.domain}:${kindKey(t)}`) ?? []), ...(byKind.get(`${t.domain}:*`) ?? [])];
    for (const c of applicable) {
      for (const message of c.check(t, index)) {
        raw.push({
          finding: {
            checkId: c.id, severity: c.severity, message, remediation: c.remediation,
            object: describeTarget(t), constructPath: t.constructPath, file: t.file,
          },
          target: t,
        });
      }
    }
  }

  const known = new Set(checks.map((c) => c.id));
  const suppressions = options.suppressions ?? [];
  const waivers = namespaceLevelSuppressions(index, checks);
  const used = new Set<Suppression>();
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const { finding: f, target } of raw) {
    const s = suppressions.find((x) => x.reason.trim() !== '' && matches(x, f, target)) ?? waivers.find((x) => matches(x, f, target));
    if (s) {
      used.add(s);
      suppressed.push({ finding: f, reason: s.reason, suppression: s });
    } else {
      findings.push(f);
    }
  }
  for (const s of suppressions) {
    const where = s.object ?? s.constructPath ?? (s.namespace !== undefined ? `namespace ${s.namespace}` : '<app>');
    const base = { checkId: SUPPRESSION_CHECK_ID, object: where, constructPath: s.constructPath };
    if (s.reason.trim() === '') {
      findings.push({ ...base, severity: 'error', message: `the suppression of ${s.checkId} has no reason`, remediation: 'Write why the finding is acceptable.' });
    } else if (!known.has(s.checkId)) {
      findings.push({ ...base, severity: 'error', message: `the suppression names unknown check ${s.checkId}`, remediation: 'Use the id of a registered check.' });
    } else if (!used.has(s)) {
      findings.push({ ...base, severity: 'warning', message: `the suppression of ${s.checkId} matches no finding`, remediation: 'Remove the stale suppression.' });
    }
  }

  const order = (f: Finding) => `${f.severity === 'error' ? 0 : 1}\u0000${f.checkId}\u0000${f.object}\u0000${f.message}`;
  findings.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
  suppressed.sort((a, b) => (order(a.finding) < order(b.finding) ? -1 : 1));
  return {
    findings,
    suppressed,
    objects: targets.length,
    checks,
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
  };
}
