// Prints synthesis time and peak memory for the example apps and for synthetic stacks of N services.
// Each scenario runs in its own Node process (so peak RSS is its own), three times; the median time is shown.
// Usage: npm run bench [-- --runs 3 --sizes 100,1000]
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { EXAMPLE_APPS } from '../apps';
import { AppDefinition, synthApps } from '../lib/output/synth-apps';
import { syntheticApp } from './synthetic-stack';

interface Measurement {
  /** Kubernetes objects written. */
  readonly objects: number;
  /** Terraform resources and data sources written. */
  readonly terraform: number;
  /** Process start to the end of the synth, module loading included. */
  readonly totalSeconds: number;
  /** Building, synthesizing and writing the app. */
  readonly seconds: number;
  readonly peakRssMb: number;
}

/** Resources and data sources in the Terraform stacks under `dir`. */
function terraformCount(dir: string): number {
  if (!fs.existsSync(dir)) {
    return 0;
  }
  let n = 0;
  for (const entry of fs.readdirSync(dir, { recursive: true }) as string[]) {
    if (entry.endsWith('cdk.tf.json')) {
      const tf = JSON.parse(fs.readFileSync(path.join(dir, entry), 'utf8'));
      for (const section of [tf.resource ?? {}, tf.data ?? {}]) {
        Object.values(section).forEach((byName) => { n += Object.keys(byName as object).length; });
      }
    }
  }
  return n;
}

function scenario(name: string): AppDefinition {
  const synthetic = /^synthetic-(\d+)$/.exec(name);
  const def = synthetic ? syntheticApp(Number(synthetic[1])) : EXAMPLE_APPS.find((a) => a.name === name);
  if (!def) {
    throw new Error(`unknown scenario ${name}`);
  }
  return def;
}

/** Child mode: synthesize one scenario into a temp dir and print the measurement as JSON. */
function measure(name: string): void {
  const def = scenario(name);
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'keelson-bench-'));
  const start = process.hrtime.bigint();
  const [result] = synthApps([def], outdir).apps;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const terraform = terraformCount(path.join(outdir, 'terraform'));
  fs.rmSync(outdir, { recursive: true, force: true });
  const m: Measurement = {
    objects: result.objects, terraform, seconds, totalSeconds: process.uptime(), peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(JSON.stringify(m));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function main(): void {
  const { values } = parseArgs({ options: { scenario: { type: 'string' }, runs: { type: 'string' }, sizes: { type: 'string' } } });
  if (values.scenario) {
    measure(values.scenario);
    return;
  }
  const runs = Number(values.runs ?? 3);
  const sizes = (values.sizes ?? '100,1000').split(',').map(Number);
  const scenarios = [...EXAMPLE_APPS.map((a) => a.name), ...sizes.map((n) => `synthetic-${n}`)];
  console.log(`Node ${process.version}, ${os.cpus().length} CPUs, ${runs} runs per scenario (median times, max peak RSS)`);
  console.log('synth s: build, synthesize and write the app; process s: the whole process, module loading included');
  console.log(`${'scenario'.padEnd(20)} ${'k8s objects'.padStart(11)} ${'tf resources'.padStart(12)} ${'synth s'.padStart(8)} ${'process s'.padStart(9)} ${'objects/s'.padStart(10)} ${'peak RSS MB'.padStart(12)}`);
  for (const name of scenarios) {
    const results: Measurement[] = [];
    for (let i = 0; i < runs; i++) {
      const stdout = execFileSync(process.execPath, [__filename, '--scenario', name], { encoding: 'utf8', maxBuffer: 1 << 20 });
      results.push(JSON.parse(stdout));
    }
    const t = median(results.map((r) => r.seconds));
    const total = median(results.map((r) => r.totalSeconds));
    const rss = Math.max(...results.map((r) => r.peakRssMb));
    const { objects, terraform } = results[0];
    console.log(`${name.padEnd(20)} ${String(objects).padStart(11)} ${String(terraform).padStart(12)} ${t.toFixed(3).padStart(8)} ${total.toFixed(3).padStart(9)} ${Math.round((objects + terraform) / t).toString().padStart(10)} ${rss.toFixed(0).padStart(12)}`);
  }
}

main();
