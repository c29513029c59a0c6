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
  readonly objects: number;
  readonly seconds: number;
  readonly peakRssMb: number;
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
  const [result] = synthApps([def], outdir);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  fs.rmSync(outdir, { recursive: true, force: true });
  const m: Measurement = { objects: result.objects, seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 };
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
  console.log(`Node ${process.version}, ${os.cpus().length} CPUs, ${runs} runs per scenario (median time, max peak RSS)`);
  console.log(`${'scenario'.padEnd(18)} ${'objects'.padStart(8)} ${'synth s'.padStart(9)} ${'objects/s'.padStart(10)} ${'peak RSS MB'.padStart(12)}`);
  for (const name of scenarios) {
    const results: Measurement[] = [];
    for (let i = 0; i < runs; i++) {
      const stdout = execFileSync(process.execPath, [__filename, '--scenario', name], { encoding: 'utf8', maxBuffer: 1 << 20 });
      results.push(JSON.parse(stdout));
    }
    const t = median(results.map((r) => r.seconds));
    const rss = Math.max(...results.map((r) => r.peakRssMb));
    console.log(`${name.padEnd(18)} ${String(results[0].objects).padStart(8)} ${t.toFixed(3).padStart(9)} ${Math.round(results[0].objects / t).toString().padStart(10)} ${rss.toFixed(0).padStart(12)}`);
  }
}

main();
