import { kindKey } from './kinds';
import { namespaceLevelSuppressions } from './namespace-levels';
import { ObjectIndex } from './object-index';
import { appendTo } from './multi-map';
import { defaultRegistry } from './registry';
import { describeTarget } from './suppressions';
import { Finding, PolicyCheck, PolicyReport, PolicyTarget, Severity, SuppressedFinding, Suppression } from './types';

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
  /**
   * Run only the checks with these ids (see PolicyConfig.include).
   * @default every check
   */
  readonly include?: readonly string[];
  /**
   * Do not run the checks with these ids.
   * @default none
   */
  readonly exclude?: readonly string[];
  /**
   * The severity of a check by id, over its own: "off" does not run it. Findings and `report.checks` carry the
   * severity set here.
   * @default each check's own
   */
  readonly severity?: Readonly<Record<string, Severity | 'off'>>;
}

/** The checks to run after `include`, `exclude` and severity overrides; an id that names no check is an error. */
function configuredChecks(checks: readonly PolicyCheck[], options: PolicyOptions): readonly PolicyCheck[] {
  if (options.include === undefined && options.exclude === undefined && options.severity === undefined) {
    return checks;
  }
  const ids = new Set(checks.map((c) => c.id));
  const named = [...(options.include ?? []), ...(options.exclude ?? []), ...Object.keys(options.severity ?? {})];
  const unknown = named.filter((id) => !ids.has(id));
  if (unknown.length > 0) {
    throw new Error(`policy options name unknown check id(s) ${unknown.map((id) => `"${id}"`).join(', ')}; expected ids of the checks that run`);
  }
  const include = options.include === undefined ? undefined : new Set(options.include);
  const exclude = new Set(options.exclude ?? []);
  const severity = options.severity ?? {};
  return checks
    .filter((c) => (include === undefined || include.has(c.id)) && !exclude.has(c.id) && severity[c.id] !== 'off')
    .map((c) => {
      const s = severity[c.id];
      if (s === undefined || s === 'off' || s === c.severity) {
        return c;
      }
      // A new object, so that the registered check keeps its own severity; its check runs as registered.
      const effective: PolicyCheck = {
        id: c.id, description: c.description, remediation: c.remediation, severity: s, domain: c.domain, kinds: c.kinds,
        references: c.references, podSecurityLevel: c.podSecurityLevel, check: (t, index) => c.check(t, index),
      };
      return effective;
    });
}

const CHECK_FAILED_REMEDIATION = 'The object has a shape the check did not expect: compare it with the API reference of its kind. '
  + 'If the object is valid, report the check as a keelson bug, with the object.';

const NO_MESSAGES: ReadonlyArray<{ message: string; failed: boolean }> = Object.freeze([]);

/**
 * Runs one check over one object. A check that throws (on a shape of foreign YAML it did not foresee) does not stop
 * the run: the object gets an error finding of that check saying so, so that nothing passes unchecked.
 */
function runCheck(c: PolicyCheck, t: PolicyTarget, index: ObjectIndex): ReadonlyArray<{ message: string; failed: boolean }> {
  try {
    const messages = c.check(t, index);
    // Most calls find nothing: they share one empty result instead of allocating their own.
    return Array.isArray(messages) && messages.length > 0 ? messages.map((message) => ({ message: String(message), failed: false })) : NO_MESSAGES;
  } catch (err) {
    const what = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    return [{ message: `the check could not read this object (${what.split('\n')[0]})`, failed: true }];
  }
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
 *
 * `include`, `exclude` and `severity` select the checks and set their severity (see PolicyConfig); a suppression of
 * a check that does not run is not reported as unused.
 */
export function runPolicy(targets: readonly PolicyTarget[], options: PolicyOptions = {}): PolicyReport {
  const registered = options.checks ?? defaultRegistry().all();
  const checks = configuredChecks(registered, options);
  const index = new ObjectIndex(targets);
  const byKind = new Map<string, PolicyCheck[]>();
  for (const c of checks) {
    for (const k of c.kinds) {
      appendTo(byKind, `${c.domain}:${k}`, c);
    }
  }

  // The checks of each domain and kind, with those of every kind of the domain after them: built once per kind.
  const applicableTo = new Map<string, PolicyCheck[]>();
  const applicable = (t: PolicyTarget): PolicyCheck[] => {
    const key = `${t.domain}:${kindKey(t)}`;
    let found = applicableTo.get(key);
    if (found === undefined) {
      found = [...(byKind.get(key) ?? []), ...(byKind.get(`${t.domain}:*`) ?? [])];
      applicableTo.set(key, found);
    }
    return found;
  };
  const raw: Array<{ finding: Finding; target: PolicyTarget }> = [];
  for (const t of targets) {
    for (const c of applicable(t)) {
      for (const { message, failed } of runCheck(c, t, index)) {
        raw.push({
          finding: {
            checkId: c.id, severity: failed ? 'error' : c.severity, message,
            remediation: failed ? CHECK_FAILED_REMEDIATION : c.remediation,
            object: describeTarget(t), constructPath: t.constructPath, file: t.file,
          },
          target: t,
        });
      }
    }
  }

  const known = new Set(registered.map((c) => c.id));
  const ran = new Set(checks.map((c) => c.id));
  const suppressions = options.suppressions ?? [];
  const waivers = namespaceLevelSuppressions(index, checks);
  const used = new Set<Suppression>();
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  // Suppressions by check id, in their order: a finding is matched against those of its check only.
  const byCheck = new Map<string, Suppression[]>();
  for (const x of suppressions.filter((y) => y.reason.trim() !== '')) {
    appendTo(byCheck, x.checkId, x);
  }
  for (const { finding: f, target } of raw) {
    const s = byCheck.get(f.checkId)?.find((x) => matches(x, f, target)) ?? waivers.find((x) => matches(x, f, target));
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
    } else if (!used.has(s) && ran.has(s.checkId)) {
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
