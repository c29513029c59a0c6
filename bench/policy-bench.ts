// Prints how many objects per second the policy engine checks, single-threaded, for about 10,000 objects of a
// synthetic app (web + stateful services with their policies), and with --by-check the slowest checks.
// Usage: npm run bench:policy [-- --services 770 --runs 5 --by-check 15]
import { App } from 'cdk8s';
import { synthesizeApp } from '../lib/output/synthesize';
import { runPolicy } from '../lib/policy/engine';
import { defaultRegistry } from '../lib/policy/registry';
import { kubernetesTarget } from '../lib/policy/targets';
import { PolicyCheck, PolicyTarget } from '../lib/policy/types';
import { benchArgs } from './bench-args';
import { syntheticApp } from './synthetic-stack';

const USAGE = `Usage: npm run bench:policy [-- options]
  --services N    web + stateful service pairs of the synthetic app (default 770: about 10,000 objects)
  --runs N        runs of the whole engine; the median is printed (default 5)
  --by-check N    also time each check alone and print the N slowest (a check that builds a shared index, such as
                  the network model, is charged for it here)
  --help          this text
Timings are printed, never asserted.
`;

/** A positive integer option, or undefined after printing why not. */
function count(name: string, text: string | undefined, fallback: number): number | undefined {
  const n = Number(text ?? fallback);
  if (Number.isInteger(n) && n > 0) {
    return n;
  }
  process.stderr.write(`--${name}: got ${JSON.stringify(text)}; expected a positive integer\n${USAGE}`);
  process.exitCode = 2;
  return undefined;
}

/** Median seconds of `runs` calls of `fn`, and the last result. */
function median<T>(runs: number, fn: () => T): [number, T] {
  const times: number[] = [];
  let result: T | undefined;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    result = fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  times.sort((a, b) => a - b);
  return [times[Math.floor(times.length / 2)], result!];
}

function byCheck(targets: PolicyTarget[], checks: readonly PolicyCheck[], top: number, runs: number): void {
  // Each run indexes the objects afresh (a new list, so no index built for another check is reused); the engine's own
  // time, with no check, is measured the same way and taken off.
  const engine = median(runs, () => runPolicy([...targets], { checks: [] }))[0];
  const rows = checks.map((check) => [check.id, median(runs, () => runPolicy([...targets], { checks: [check] }))[0] - engine] as const)
    .sort((a, b) => b[1] - a[1]);
  const ms = (seconds: number) => `${(seconds * 1000).toFixed(1).padStart(8)} ms`;
  console.log(`\nthe engine with no check (indexing ${targets.length} objects): ${ms(engine).trim()}`);
  // A check's own time is a few milliseconds at most, near a garbage collection's: read the list as indicative.
  console.log(`the ${Math.min(top, rows.length)} slowest checks, each alone, less that (median of ${runs}; a collection can add ~10 ms to any):`);
  for (const [id, seconds] of rows.slice(0, top)) {
    console.log(`  ${ms(seconds)}  ${id}`);
  }
}

function main(): void {
  const values = benchArgs({ options: { services: { type: 'string' }, runs: { type: 'string' }, 'by-check': { type: 'string' }, help: { type: 'boolean' } } }, USAGE);
  if (values === undefined) {
    return;
  }
  const services = count('services', values.services, 770);
  const runs = count('runs', values.runs, 5);
  const top = values['by-check'] === undefined ? 0 : count('by-check', values['by-check'], 15);
  if (services === undefined || runs === undefined || top === undefined) {
    return;
  }

  const app = new App();
  syntheticApp(services).build(app);
  const targets = synthesizeApp(app).map((m) => kubernetesTarget(m.manifest, { constructPath: m.constructPath }));
  const checks = defaultRegistry().all();
  const [seconds, report] = median(runs, () => runPolicy(targets, { checks }));
  console.log(`Node ${process.version}, one thread, ${checks.length} checks, ${runs} runs (median)`);
  console.log(`objects checked: ${targets.length}`);
  console.log(`findings: ${report.errors} errors, ${report.warnings} warnings`);
  console.log(`time: ${seconds.toFixed(3)} s`);
  console.log(`throughput: ${Math.round(targets.length / seconds)} objects/s`);
  if (top > 0) {
    byCheck(targets, checks, top, runs);
  }
}

main();
