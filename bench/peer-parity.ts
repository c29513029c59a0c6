// Measures keelson against the peers' own fixtures (Polaris, kube-score, kube-linter): for each fixture whose
// expected outcome is known (bench/peer-cases.ts), whether keelson's equivalent checks (lib/policy/peers.ts) flag
// it. Each file is read on its own with the loader of `keelson check` and checked alone.
// Usage: npm run bench:peers [-- --fixtures DIR] [--quiet]   (default DIR: $PEER_FIXTURES or ../shared/peer-policy-fixtures)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { loadAll } from 'js-yaml';
import { runPolicy } from '../lib/policy/engine';
import { PEER_CHECKS, PeerCheck, PeerTool, peerCheck, stricterChecks } from '../lib/policy/peers';
import { annotationSuppressions } from '../lib/policy/suppressions';
import { loadPaths } from '../lib/policy/targets';
import { Finding } from '../lib/policy/types';
import { KUBE_LINTER_NOT_CHECKS, KUBE_SCORE_NOT_CHECKS, ObjectSelector, PeerCase, allPeerCases } from './peer-cases';

/** Where the fixtures are unless told otherwise. */
export function defaultFixturesDir(): string {
  let dir = __dirname; // bench/ or build/bench/: the repository is where package.json is
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) {
    dir = path.dirname(dir);
  }
  return process.env.PEER_FIXTURES ?? path.join(dir, '../shared/peer-policy-fixtures');
}

/** What keelson reports for one fixture file. */
export interface FileResult {
  /** The objects read, in order, with the index of their YAML document. */
  readonly objects: ReadonlyArray<{ readonly object: any; readonly doc?: number }>;
  /** Findings (not suppressed), each with the index of its object in `objects`. */
  readonly findings: ReadonlyArray<{ readonly finding: Finding; readonly object: number }>;
  /** Documents the loader could not check (no name, unreadable, ...). */
  readonly problems: readonly string[];
}

/** Reads one fixture file with `keelson check`'s loader and runs the built-in checks over its objects alone. */
export function checkFixtureFile(full: string): FileResult {
  const loaded = loadPaths([full]);
  let docs: unknown[] = [];
  try {
    docs = loadAll(fs.readFileSync(full, 'utf8'));
  } catch {
    docs = [];
  }
  const texts = docs.map((d) => JSON.stringify(d));
  let next = 0;
  const objects = loaded.targets.map((t) => {
    const text = JSON.stringify(t.object);
    const at = texts.indexOf(text, next);
    if (at >= 0) {
      next = at + 1;
    }
    return { object: t.object, doc: at >= 0 ? at : undefined };
  });
  const targets = loaded.targets.map((t, i) => ({ ...t, constructPath: `#${i}` }));
  const report = runPolicy(targets, { suppressions: annotationSuppressions(targets) });
  const findings = report.findings
    .filter((f) => f.constructPath?.startsWith('#'))
    .map((finding) => ({ finding, object: Number(finding.constructPath!.slice(1)) }));
  return { objects, findings, problems: [...loaded.problems, ...loaded.skipped].map((p) => p.message) };
}

function selects(sel: ObjectSelector, o: { object: any; doc?: number }): boolean {
  const m = o.object;
  if (m?.kind !== sel.kind || (sel.name !== undefined && m?.metadata?.name !== sel.name)
    || (sel.apiVersion !== undefined && m?.apiVersion !== sel.apiVersion) || (sel.doc !== undefined && o.doc !== sel.doc)) {
    return false;
  }
  if (sel.container === undefined) {
    return true;
  }
  const spec = m.kind === 'Pod' ? m.spec : m.kind === 'CronJob' ? m.spec?.jobTemplate?.spec?.template?.spec : m.spec?.template?.spec;
  return [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])].some((c: any) => c?.name === sel.container);
}

/** The keelson findings that answer a case: of the mapped checks, on the selected object (and container). */
export function flaggingFindings(result: FileResult, keelson: readonly string[], object?: ObjectSelector): Finding[] {
  const ids = new Set(keelson);
  const chosen = new Set(result.objects.map((o, i) => (object === undefined || selects(object, o) ? i : -1)).filter((i) => i >= 0));
  return result.findings
    .filter((f) => ids.has(f.finding.checkId) && chosen.has(f.object))
    .filter((f) => object?.container === undefined || f.finding.message.includes(`"${object.container}"`))
    .map((f) => f.finding);
}

/** How one case came out. */
export interface CaseOutcome {
  readonly case: PeerCase;
  readonly peer?: PeerCheck;
  /** Not measured, and why. */
  readonly skipped?: string;
  readonly flagged: boolean;
  /** The expectation met. */
  readonly agrees: boolean;
  /** A passing fixture flagged for a reason the map records as keelson being stricter by design. */
  readonly stricter: boolean;
  /** The selected object is not among those keelson read. */
  readonly notLoaded: boolean;
  /** Why the loader did not read it (its problem report), when it says. */
  readonly problem?: string;
  readonly findings: readonly Finding[];
}

/** Runs every case (each file checked once). */
export function runCases(root: string, cases: readonly PeerCase[]): CaseOutcome[] {
  const results = new Map<string, FileResult>();
  const result = (file: string) => {
    if (!results.has(file)) {
      results.set(file, checkFixtureFile(path.join(root, file)));
    }
    return results.get(file)!;
  };
  return cases.map((c): CaseOutcome => {
    const peer = peerCheck(c.tool, c.check);
    const skip = c.skip ?? (peer === undefined ? 'not enabled by default and not in the peer map' : peer.keelson.length === 0 ? `no keelson equivalent: ${peer.none}` : undefined);
    if (skip !== undefined || !fs.existsSync(path.join(root, c.file))) {
      return { case: c, peer, skipped: skip ?? 'fixture file missing', flagged: false, agrees: false, stricter: false, notLoaded: false, findings: [] };
    }
    const r = result(c.file);
    const findings = flaggingFindings(r, peer!.keelson, c.object);
    const flagged = findings.length > 0;
    const notLoaded = c.object !== undefined && !r.objects.some((o) => selects(c.object!, o));
    const problem = notLoaded ? r.problems.find((x) => x.includes(`${c.object!.kind} has no metadata`)) ?? r.problems[0] : undefined;
    return {
      case: c, peer, flagged, agrees: flagged === (c.expect === 'fail'), findings, notLoaded, problem,
      stricter: c.expect === 'pass' && flagged && findings.every((f) => stricterChecks(peer!).includes(f.checkId)),
    };
  });
}

/** Fixture files that no case measures, with why. */
export function unmeasuredFiles(root: string, cases: readonly PeerCase[]): Array<{ file: string; why: string }> {
  const used = new Set(cases.map((c) => c.file));
  const walk = (dir: string): string[] => (fs.existsSync(path.join(root, dir)) ? (fs.readdirSync(path.join(root, dir), { recursive: true }) as string[]) : [])
    .map((f) => `${dir}/${f.split(path.sep).join('/')}`)
    .filter((f) => /\.ya?ml$/.test(f) && fs.statSync(path.join(root, f)).isFile());
  const files = [...walk('kube-score/score/testdata'), ...walk('kube-linter/tests'), ...walk('kube-linter/e2etests/testdata')];
  return files.filter((f) => !used.has(f)).map((file) => {
    const base = file.replace(/^kube-score\/score\/testdata\//, '').replace(/^kube-linter\/tests\/checks\//, '');
    const why = KUBE_SCORE_NOT_CHECKS[base] ?? KUBE_LINTER_NOT_CHECKS[base]
      ?? (/(^|\/)(Chart|values|kustomization)\.yaml$|\/(templates|base)\//.test(file) ? 'part of a Helm chart or kustomization (needs rendering)'
        : file.startsWith('kube-linter/e2etests/') ? 'a kube-linter configuration file' : 'expectation not derivable');
    return { file, why };
  });
}

interface Tally { fail: number; failFlagged: number; pass: number; passFlagged: number; stricter: number; skipped: number }
const tally = (): Tally => ({ fail: 0, failFlagged: 0, pass: 0, passFlagged: 0, stricter: 0, skipped: 0 });
function add(t: Tally, o: CaseOutcome): void {
  if (o.skipped !== undefined) {
    t.skipped++;
  } else if (o.case.expect === 'fail') {
    t.fail++;
    t.failFlagged += o.flagged ? 1 : 0;
  } else if (o.stricter) {
    t.stricter++;
  } else {
    t.pass++;
    t.passFlagged += o.flagged ? 1 : 0;
  }
}
const pct = (n: number, d: number) => (d === 0 ? '   -  ' : `${((100 * n) / d).toFixed(1).padStart(5)}%`);

/** A text report of the outcomes: per tool and peer check, totals against the goals, and the disagreements. */
export function formatParity(outcomes: readonly CaseOutcome[], unmeasured: ReadonlyArray<{ file: string; why: string }>, verbose = true): string {
  const lines: string[] = [];
  const label = (o: CaseOutcome) => `${o.case.file}${o.case.object ? ` [${[o.case.object.kind, o.case.object.name, o.case.object.apiVersion,
    o.case.object.doc !== undefined ? `doc ${o.case.object.doc}` : undefined, o.case.object.container ? `container ${o.case.object.container}` : undefined]
    .filter(Boolean).join(' ')}]` : ''}`;
  const overall = { all: tally(), mapped: tally() };
  for (const tool of ['Polaris', 'kube-score', 'kube-linter'] as PeerTool[]) {
    const mine = outcomes.filter((o) => o.case.tool === tool);
    const checks = [...new Set(mine.map((o) => o.case.check))].sort();
    lines.push('', `${tool}`, `  ${'peer check'.padEnd(58)} ${'keelson'.padEnd(44)} fail: flagged      pass: flagged    stricter skipped`);
    const toolTotal = tally();
    for (const check of checks) {
      const t = tally();
      const rows = mine.filter((o) => o.case.check === check);
      rows.forEach((o) => add(t, o));
      const peer = rows[0].peer;
      const measured = peer !== undefined && peer.keelson.length > 0;
      if (peer?.enabledByDefault) {
        rows.forEach((o) => add(toolTotal, o));
        // here a fixture of a check keelson has no equivalent of counts as not flagged (unless its case is skipped for another reason)
        rows.forEach((o) => add(overall.all, !measured && o.case.skip === undefined ? { ...o, skipped: undefined, flagged: false, stricter: false } : o));
        if (measured) {
          rows.forEach((o) => add(overall.mapped, o));
        }
      }
      const name = `${check}${peer === undefined ? ' (not default)' : peer.enabledByDefault ? '' : ' (off by default)'}`;
      const kids = peer === undefined ? '-' : peer.keelson.length > 0 ? peer.keelson.join(',') : 'none';
      lines.push(`  ${name.padEnd(58)} ${kids.slice(0, 44).padEnd(44)} ${String(t.failFlagged).padStart(3)}/${String(t.fail).padEnd(3)} ${pct(t.failFlagged, t.fail)}   ${String(t.passFlagged).padStart(3)}/${String(t.pass).padEnd(3)} ${pct(t.passFlagged, t.pass)}   ${String(t.stricter).padStart(3)}   ${String(t.skipped).padStart(4)}`);
    }
    const files = unmeasured.filter((u) => u.file.startsWith(`${tool.toLowerCase()}/`)).length;
    lines.push(`  ${'total of the checks on by default'.padEnd(103)} ${String(toolTotal.failFlagged).padStart(3)}/${String(toolTotal.fail).padEnd(3)} ${pct(toolTotal.failFlagged, toolTotal.fail)}   ${String(toolTotal.passFlagged).padStart(3)}/${String(toolTotal.pass).padEnd(3)} ${pct(toolTotal.passFlagged, toolTotal.pass)}   ${String(toolTotal.stricter).padStart(3)}   ${String(toolTotal.skipped).padStart(4)}${files ? ` (+${files} files without a case)` : ''}`);
  }
  const m = overall.mapped;
  const a = overall.all;
  lines.push('', 'Totals over the peers\' checks that are on by default:',
    `  with a keelson equivalent: failing fixtures flagged ${m.failFlagged}/${m.fail} = ${pct(m.failFlagged, m.fail).trim()} (goal >= 90%): ${m.fail > 0 && m.failFlagged / m.fail >= 0.9 ? 'met' : 'NOT met'}`,
    `                             passing fixtures flagged ${m.passFlagged}/${m.pass} = ${pct(m.passFlagged, m.pass).trim()} (goal <= 2%): ${m.pass > 0 && m.passFlagged / m.pass <= 0.02 ? 'met' : 'NOT met'}; ${m.stricter} more flagged, stricter by design`,
    `  all default checks (a check without equivalent counts as not flagging): failing fixtures flagged ${a.failFlagged}/${a.fail} = ${pct(a.failFlagged, a.fail).trim()}`,
    `  of the failing fixtures missed, ${outcomes.filter((o) => o.peer?.enabledByDefault && o.skipped === undefined && o.case.expect === 'fail' && o.notLoaded).length} are objects keelson check does not read (reported as input problems, e.g. no metadata.name)`,
    `  skipped cases: ${outcomes.filter((o) => o.skipped !== undefined).length}; fixture files without a case: ${unmeasured.length}`);

  const section = (title: string, list: readonly CaseOutcome[]) => {
    lines.push('', `${title} (${list.length}), by peer check:`);
    const byCheck = new Map<string, CaseOutcome[]>();
    list.forEach((o) => byCheck.set(`${o.case.tool}: ${o.case.check}`, [...(byCheck.get(`${o.case.tool}: ${o.case.check}`) ?? []), o]));
    for (const [key, group] of [...byCheck].sort()) {
      const peer = group[0].peer!;
      lines.push(`  ${key} -> ${peer.keelson.join(', ')}${peer.enabledByDefault ? '' : ' (off by default)'}${group[0].stricter ? `: ${peer.stricter}` : ''}`);
      for (const o of group) {
        if (o.case.expect === 'fail') {
          lines.push(`    missed:  ${label(o)}${o.notLoaded ? ` (not read by keelson check${o.problem ? `: ${o.problem}` : ''})` : ''}`);
        } else {
          const f = o.findings[0];
          lines.push(`    flagged: ${label(o)}${verbose && f ? ` — ${f.checkId}: ${f.message}` : ''}`);
        }
      }
    }
  };
  section('Disagreements', outcomes.filter((o) => o.skipped === undefined && !o.agrees && !o.stricter));
  section('Stricter by design', outcomes.filter((o) => o.skipped === undefined && o.stricter));
  return lines.join('\n');
}

function main(): void {
  const { values } = parseArgs({ options: { fixtures: { type: 'string' }, quiet: { type: 'boolean' } } });
  const root = values.fixtures ?? defaultFixturesDir();
  if (!fs.existsSync(root)) {
    console.error(`peer fixtures not found at ${root} (set PEER_FIXTURES or pass --fixtures DIR)`);
    process.exit(2);
  }
  const start = process.hrtime.bigint();
  const cases = allPeerCases(root);
  const outcomes = runCases(root, cases);
  const unmeasured = unmeasuredFiles(root, cases);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const files = new Set(cases.map((c) => c.file)).size;
  console.log(`keelson vs the peers' fixtures (${root}): ${cases.length} cases in ${files} files, ${PEER_CHECKS.length} mapped peer checks, ${seconds.toFixed(1)} s`);
  console.log(formatParity(outcomes, unmeasured, !values.quiet));
}

if (require.main === module) {
  main();
}
