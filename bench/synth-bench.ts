// `npm run bench [-- --sizes 100,1000,3000 --runs 5]`: how fast keelson synthesizes, against two references.
//
// For the synthetic stack (bench/synthetic-stack.ts) at each size, three whole processes, each into a fresh temp dir:
// - keelson: synthApps([syntheticApp(n)], outdir), as `npm run synth` does for one app;
// - the serialization floor (bench/serialization-floor.ts): the same objects, read from a JSON fixture prepared
//   beforehand, written with plain js-yaml, one file each, with no construct tree;
// - cdk8s-plus (bench/cdk8s-plus-equivalent.ts): the same stack in plain cdk8s + cdk8s-plus-27, one Chart per
//   namespace, written by app.synth() with cdk8s's default output (one file per chart).
// The runs are paired: each round runs keelson, floor, cdk8s-plus in turn, so that drifts in load hit all three
// alike; times are the medians of the whole-process wall clock seen by this process, RSS the max over the runs (each
// child reports its own process.resourceUsage().maxRSS). Then: the time of keelson's write phase when it synthesizes
// again over unchanged output, and the example apps (one process per app, plus `synth.js` over all of them).
//
// Options: --sizes 100,1000,3000 (pairs); --runs N (default 5 up to 1000 pairs, 3 above); --resynth-pairs 1000
// (0 skips it); --skip-examples; --tmpdir DIR (where the outputs go, default the OS temp dir: e.g. /dev/shm to leave
// the disk out). Child modes: --scenario NAME --outdir DIR (keelson), --write-phase N --outdir DIR,
// --floor-fixture N --out FILE. Timings are printed, never asserted. On ext4, creating files soon after many were
// deleted is slow (see `fresh`): a bench run right after another (which deleted its outputs at the end) or after a
// big `rm -rf` shows it in the sys CPU column.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXAMPLE_APPS } from '../apps';
import { OutputPlan, writeOutput } from '../lib/output/output-writer';
import { AppDefinition, synthApps, synthesizeDefinition } from '../lib/output/synth-apps';
import { benchArgs } from './bench-args';
import { writeFloorFixture } from './floor-fixture';
import { describeCensus, kindCensus, sameCensus, terraformCount, total } from './output-census';
import { syntheticApp } from './synthetic-stack';

/** What every child reports of itself at its end (process.resourceUsage()). */
interface ProcessUsage {
  readonly peakRssMb: number;
  /** CPU seconds in user space and in the kernel (creating files is kernel time). */
  readonly userSeconds: number;
  readonly systemSeconds: number;
}

/** The usage of this process so far. */
function usage(): ProcessUsage {
  const u = process.resourceUsage();
  return { peakRssMb: u.maxRSS / 1024, userSeconds: u.userCPUTime / 1e6, systemSeconds: u.systemCPUTime / 1e6 };
}

/** What the keelson child reports. */
interface SynthMeasurement extends ProcessUsage {
  /** Kubernetes objects written. */
  readonly objects: number;
  /** In the process: building, synthesizing and writing the app (synthApps), module loading excluded. */
  readonly seconds: number;
}

/** What the write-phase child reports. */
interface WriteMeasurement {
  /** Building and synthesizing the app in memory (synthesizeDefinition). */
  readonly synthSeconds: number;
  /** writeOutput alone: wall clock, and CPU seconds in user space and in the kernel. */
  readonly writeSeconds: number;
  readonly writeUserSeconds: number;
  readonly writeSystemSeconds: number;
  readonly files: number;
  readonly changes: number;
}

/** What the floor and cdk8s-plus children report. */
interface ChildReport extends ProcessUsage {
  readonly objects?: number;
}

const FLOOR_SCRIPT = path.join(__dirname, 'serialization-floor.js');
const PLUS_SCRIPT = path.join(__dirname, 'cdk8s-plus-equivalent.js');
const SYNTH_SCRIPT = path.join(__dirname, '..', 'bin', 'synth.js');

const now = () => process.hrtime.bigint();
const since = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

function scenario(name: string): AppDefinition {
  const synthetic = /^synthetic-(\d+)$/.exec(name);
  const def = synthetic ? syntheticApp(Number(synthetic[1])) : EXAMPLE_APPS.find((a) => a.name === name);
  if (!def) {
    throw new Error(`unknown scenario ${name}`);
  }
  return def;
}

/** Child mode: synthesize one scenario into `outdir` (the parent inspects it) and print the measurement. */
function measureScenario(name: string, outdir: string): void {
  const def = scenario(name);
  const start = now();
  // The note on how to turn schema validation on is for users: a bench child would print it on every run.
  const [result] = synthApps([def], outdir, { note: () => undefined }).apps;
  const seconds = since(start);
  const m: SynthMeasurement = { objects: result.objects, seconds, ...usage() };
  process.stdout.write(JSON.stringify(m));
}

/**
 * Child mode: build and synthesize `syntheticApp(pairs)` in memory, then time only writeOutput into `outdir`, with
 * the plan synthApps would pass (the app's folders, owned by the app, nothing kept).
 */
function measureWritePhase(pairs: number, outdir: string): void {
  const def = syntheticApp(pairs);
  let start = now();
  const built = synthesizeDefinition(def);
  const synthSeconds = since(start);
  const plan: OutputPlan = { folders: built.folders, owners: new Map([[def.name, built.folders.map((f) => f.name)]]), keep: [] };
  start = now();
  const cpu = process.cpuUsage();
  const changes = writeOutput(outdir, plan);
  const writeSeconds = since(start);
  const { user, system } = process.cpuUsage(cpu);
  const m: WriteMeasurement = {
    synthSeconds, writeSeconds, writeUserSeconds: user / 1e6, writeSystemSeconds: system / 1e6,
    files: built.folders.reduce((n, f) => n + f.files.size, 0), changes: changes.length,
  };
  process.stdout.write(JSON.stringify(m));
}

/** Runs `node script ...args` and returns its wall-clock time, spawn to exit, and its standard output. */
function run(script: string, args: string[], quiet = false): { seconds: number; stdout: string } {
  const start = now();
  const stdout = execFileSync(process.execPath, [script, ...args], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', quiet ? 'ignore' : 'inherit'] });
  return { seconds: since(start), stdout };
}

/** Runs a child that prints one JSON report. */
function runJson<T>(script: string, args: string[]): { seconds: number; report: T } {
  const { seconds, stdout } = run(script, args);
  return { seconds, report: JSON.parse(stdout) as T };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const fmt = (x: number, digits = 3) => x.toFixed(digits);

/**
 * A fresh empty directory under `root`. Outputs stay until the end of the bench, when `root` is removed: on ext4,
 * creating files within a minute or more of deleting many (the allocator skips recently deleted inodes, one lookup
 * each) costs several times the kernel time, so deleting each run's output would slow down the next run.
 */
function fresh(root: string, prefix: string): string {
  return fs.mkdtempSync(path.join(root, `${prefix}-`));
}

type Tool = 'keelson' | 'floor' | 'plus';
const TOOLS: readonly Tool[] = ['keelson', 'floor', 'plus'];

/** Medians over the runs of one tool at one size (peak RSS: the max). */
interface ToolResult {
  readonly seconds: number;
  readonly userSeconds: number;
  readonly systemSeconds: number;
  readonly peakRssMb: number;
}

interface SizeResult {
  readonly pairs: number;
  readonly runs: number;
  /** Objects keelson wrote. */
  readonly objects: number;
  /** keelson's in-process synthApps time (median). */
  readonly keelsonSynthSeconds: number;
  readonly tools: Record<Tool, ToolResult>;
  /** Empty when the three wrote the same (apiVersion, kind) counts; otherwise what each wrote. */
  readonly mismatch: string[];
}

/** The paired runs of one size: keelson, floor, cdk8s-plus, keelson, floor, ... */
function measureSize(root: string, pairs: number, runs: number): SizeResult {
  const fixture = path.join(root, `floor-${pairs}.json`);
  run(__filename, ['--floor-fixture', String(pairs), '--out', fixture]);
  const commands: Record<Tool, (dir: string) => [string, string[]]> = {
    keelson: (dir) => [__filename, ['--scenario', `synthetic-${pairs}`, '--outdir', dir]],
    floor: (dir) => [FLOOR_SCRIPT, ['--fixture', fixture, '--outdir', dir]],
    plus: (dir) => [PLUS_SCRIPT, ['--pairs', String(pairs), '--outdir', dir]],
  };
  const seen: Record<Tool, { seconds: number; report: ChildReport & Partial<SynthMeasurement> }[]> = { keelson: [], floor: [], plus: [] };
  const census = new Map<Tool, Map<string, number>>();
  for (let r = 0; r < runs; r++) {
    for (const tool of TOOLS) {
      const dir = fresh(root, tool);
      const [script, args] = commands[tool](dir);
      seen[tool].push(runJson(script, args));
      // The census of the first round only: reading the files back is not timed, but takes a while at 3000 pairs.
      if (r === 0) {
        census.set(tool, kindCensus(dir));
      }
    }
  }
  const objects = seen.keelson[0].report.objects!;
  const [k, f, p] = TOOLS.map((tool) => census.get(tool)!);
  const mismatch = sameCensus(k, f) && sameCensus(k, p) && total(k) === objects ? []
    : [`keelson: ${describeCensus(k)}`, `floor: ${describeCensus(f)}`, `cdk8s-plus: ${describeCensus(p)}`];
  const summarize = (tool: Tool): ToolResult => ({
    seconds: median(seen[tool].map((m) => m.seconds)),
    userSeconds: median(seen[tool].map((m) => m.report.userSeconds)),
    systemSeconds: median(seen[tool].map((m) => m.report.systemSeconds)),
    peakRssMb: Math.max(...seen[tool].map((m) => m.report.peakRssMb)),
  });
  return {
    pairs, runs, objects, mismatch,
    keelsonSynthSeconds: median(seen.keelson.map((m) => m.report.seconds!)),
    tools: { keelson: summarize('keelson'), floor: summarize('floor'), plus: summarize('plus') },
  };
}

const COLUMNS: readonly [string, number][] = [
  ['pairs', 6], ['objects', 8], ['runs', 5], ['keelson s', 10], ['(synth s)', 10], ['floor s', 8], ['cdk8s+ s', 9],
  ['k/floor', 8], ['k/cdk8s+', 9], ['keelson MB', 11], ['floor MB', 9], ['cdk8s+ MB', 10],
  ['keelson cpu', 12], ['floor cpu', 12], ['cdk8s+ cpu', 12],
];

function row(cells: string[]): string {
  return cells.map((c, i) => c.padStart(COLUMNS[i][1])).join(' ');
}

/** "user+sys" CPU seconds. */
const cpu = (t: ToolResult) => `${fmt(t.userSeconds, 1)}+${fmt(t.systemSeconds, 1)}`;

function printRow(r: SizeResult): void {
  const { keelson: k, floor: f, plus: p } = r.tools;
  console.log(row([
    String(r.pairs), String(r.objects), String(r.runs), fmt(k.seconds), fmt(r.keelsonSynthSeconds), fmt(f.seconds), fmt(p.seconds),
    `${fmt(k.seconds / f.seconds, 2)}x`, `${fmt(k.seconds / p.seconds, 2)}x`,
    fmt(k.peakRssMb, 0), fmt(f.peakRssMb, 0), fmt(p.peakRssMb, 0), cpu(k), cpu(f), cpu(p),
  ]));
}

/** What follows the table: the object check, linearity and keelson's peak memory at the largest size. */
function printSummary(results: SizeResult[]): void {
  const mismatched = results.filter((r) => r.mismatch.length > 0);
  if (mismatched.length === 0) {
    console.log('Objects: keelson, the floor and cdk8s-plus wrote the same number of objects of each apiVersion and kind at every size.');
  }
  for (const r of mismatched) {
    console.log(`WARNING: at ${r.pairs} pairs the three did not write the same objects by apiVersion and kind:`);
    r.mismatch.forEach((line) => console.log(`  ${line}`));
  }
  const sorted = [...results].sort((a, b) => a.pairs - b.pairs);
  const ratio = (b: SizeResult, a: SizeResult, tool: Tool) => fmt(b.tools[tool].seconds / a.tools[tool].seconds, 2);
  for (let i = 1; i < sorted.length; i++) {
    const [a, b] = [sorted[i - 1], sorted[i]];
    const userRatio = fmt(b.tools.keelson.userSeconds / a.tools.keelson.userSeconds, 2);
    console.log(`Linearity, keelson: t(${b.pairs})/t(${a.pairs}) = ${ratio(b, a, 'keelson')} whole process, ${userRatio} user CPU`
      + ` (${fmt(b.pairs / a.pairs, 2)} if linear; floor: ${ratio(b, a, 'floor')}, cdk8s-plus: ${ratio(b, a, 'plus')})`);
  }
  const largest = sorted[sorted.length - 1];
  if (largest) {
    console.log(`Keelson's peak RSS at ${largest.pairs} pairs (${largest.objects} objects): ${fmt(largest.tools.keelson.peakRssMb, 0)} MB`);
  }
}

/** The write phase of a first synth into an empty dir, and of a second synth of the same app over that output. */
function printWritePhase(root: string, pairs: number, runs: number): void {
  const first: WriteMeasurement[] = [];
  const again: WriteMeasurement[] = [];
  for (let r = 0; r < runs; r++) {
    const dir = fresh(root, 'resynth');
    first.push(runJson<WriteMeasurement>(__filename, ['--write-phase', String(pairs), '--outdir', dir]).report);
    again.push(runJson<WriteMeasurement>(__filename, ['--write-phase', String(pairs), '--outdir', dir]).report);
  }
  const changes = Math.max(...again.map((m) => m.changes));
  console.log(`Write phase (writeOutput alone, timed in the process), ${pairs} pairs (${first[0].files} files), median of ${runs}:`);
  const line = (ms: WriteMeasurement[]) => `${fmt(median(ms.map((m) => m.writeSeconds)))} s (CPU ${fmt(median(ms.map((m) => m.writeUserSeconds)), 2)} user`
    + ` + ${fmt(median(ms.map((m) => m.writeSystemSeconds)), 2)} sys)`;
  console.log(`  first synth into an empty dir:                  ${line(first)}, ${first[0].changes} changes`);
  console.log(`  second synth, new process, unchanged output:    ${line(again)}, ${changes} changes`);
  console.log(`  for scale, building and synthesizing in memory: ${fmt(median([...first, ...again].map((m) => m.synthSeconds)))} s per run`);
}

function printExamples(root: string, runs: number): void {
  console.log(`Example apps: one process per app (synthApps of that app alone), ${runs} runs each`);
  console.log(`${'app'.padEnd(22)} ${'k8s objects'.padStart(11)} ${'tf resources'.padStart(12)} ${'synth s'.padStart(8)} ${'process s'.padStart(9)} ${'objects/s'.padStart(10)} ${'peak RSS MB'.padStart(12)}`);
  for (const { name } of EXAMPLE_APPS) {
    const synth: number[] = [];
    const proc: number[] = [];
    let rss = 0;
    let objects = 0;
    let terraform = 0;
    for (let r = 0; r < runs; r++) {
      const dir = fresh(root, 'example');
      const m = runJson<SynthMeasurement>(__filename, ['--scenario', name, '--outdir', dir]);
      synth.push(m.report.seconds);
      proc.push(m.seconds);
      rss = Math.max(rss, m.report.peakRssMb);
      objects = m.report.objects;
      terraform = terraformCount(path.join(dir, 'terraform'));
    }
    const t = median(synth);
    console.log(`${name.padEnd(22)} ${String(objects).padStart(11)} ${String(terraform).padStart(12)} ${fmt(t).padStart(8)} ${fmt(median(proc)).padStart(9)} ${Math.round((objects + terraform) / t).toString().padStart(10)} ${fmt(rss, 0).padStart(12)}`);
  }
  const all: number[] = [];
  const list: number[] = [];
  for (let r = 0; r < runs; r++) {
    const dir = fresh(root, 'synth-all');
    all.push(run(SYNTH_SCRIPT, ['--outdir', dir], true).seconds);
    list.push(run(SYNTH_SCRIPT, ['--list'], true).seconds);
  }
  console.log(`node build/bin/synth.js --outdir <tmp> (all ${EXAMPLE_APPS.length} example apps, one process): ${fmt(median(all))} s`);
  console.log(`node build/bin/synth.js --list:                                          ${fmt(median(list))} s`);
}

const LEGEND = `Legend:
  pairs       web + stateful service pairs of bench/synthetic-stack.ts (50 per namespace)
  objects     Kubernetes objects written (the same by apiVersion and kind for all three; checked on the first round)
  keelson s   whole process: synthApps([syntheticApp(n)], tmp), one file per object, module loading included
  (synth s)   the part of it inside synthApps (build, validate, policy checks, write), timed in the process
  floor s     whole process: the same objects read from a JSON fixture, written with js-yaml dump, one file each
  cdk8s+ s    whole process: the same stack in plain cdk8s + cdk8s-plus-27, app.synth(), one file per chart
              (one chart per namespace; cdk8s 2.x resolves and validates the whole app again for each chart, so
              its time grows with charts x objects)
  k/floor     keelson s / floor s;  k/cdk8s+: keelson s / cdk8s+ s (below 1: keelson is faster)
  ... MB      peak RSS of that process (process.resourceUsage().maxRSS), the max over the runs
  ... cpu     CPU seconds of that process, user+sys (medians). Creating files is kernel (sys) time, which on a
              busy or virtualized machine varies far more than user time: compare user times for the code itself
  Times are medians over the runs; a round runs keelson, floor and cdk8s-plus in turn, so load drifts hit all three.`;

const USAGE = `Usage: npm run bench [-- options]   (or node build/bench/synth-bench.js [options] after npm run build)
  --sizes 100,1000,3000   pairs of the synthetic stack to measure
  --runs N                rounds per size (default 5 up to 1000 pairs, 3 above)
  --resynth-pairs N       pairs for the re-synthesis write measurement (default 1000; 0 skips it)
  --skip-examples         leave out the example apps
  --tmpdir DIR            where the outputs go (default the OS temp dir; /dev/shm leaves the disk out)
Timings are printed, never asserted; see the header of bench/synth-bench.ts.
`;

function main(): void {
  const values = benchArgs({
    options: {
      scenario: { type: 'string' }, outdir: { type: 'string' }, 'write-phase': { type: 'string' }, 'floor-fixture': { type: 'string' },
      out: { type: 'string' }, runs: { type: 'string' }, sizes: { type: 'string' }, 'resynth-pairs': { type: 'string' },
      'skip-examples': { type: 'boolean' }, tmpdir: { type: 'string' }, help: { type: 'boolean' },
    },
  }, USAGE);
  if (values === undefined) {
    return;
  }
  if (values.scenario) {
    measureScenario(values.scenario, values.outdir!);
    return;
  }
  if (values['write-phase']) {
    measureWritePhase(Number(values['write-phase']), values.outdir!);
    return;
  }
  if (values['floor-fixture']) {
    writeFloorFixture(syntheticApp(Number(values['floor-fixture'])), values.out!);
    return;
  }
  const runsFor = (pairs: number) => (values.runs ? Number(values.runs) : pairs <= 1000 ? 5 : 3);
  const sizes = (values.sizes ?? '100,1000,3000').split(',').map(Number);
  const resynthPairs = Number(values['resynth-pairs'] ?? 1000);
  const root = fs.mkdtempSync(path.join(values.tmpdir ?? os.tmpdir(), 'keelson-bench-'));
  try {
    console.log(`Node ${process.version}, ${os.platform()} ${os.arch()}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}); output under ${root}`);
    console.log('');
    console.log('Synthetic stack: keelson against the serialization floor and cdk8s-plus-27, paired whole-process runs');
    console.log(row(COLUMNS.map(([name]) => name)));
    const results = sizes.map((n) => {
      const r = measureSize(root, n, runsFor(n));
      printRow(r);
      return r;
    });
    printSummary(results);
    console.log('');
    console.log(LEGEND);
    if (resynthPairs > 0) {
      console.log('');
      printWritePhase(root, resynthPairs, runsFor(resynthPairs));
    }
    if (!values['skip-examples']) {
      console.log('');
      printExamples(root, values.runs ? Number(values.runs) : 5);
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main();
