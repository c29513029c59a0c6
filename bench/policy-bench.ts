// Prints how many objects per second the policy engine checks, single-threaded, for about 10,000 objects of a
// synthetic app (web + stateful services with their policies), plus the Terraform of the platform stack.
// Usage: npm run bench:policy [-- --services 770 --runs 5]
import { App } from 'cdk8s';
import { parseArgs } from 'node:util';
import { synthesizeApp } from '../lib/output/synthesize';
import { runPolicy } from '../lib/policy/engine';
import { defaultRegistry } from '../lib/policy/registry';
import { kubernetesTarget } from '../lib/policy/targets';
import { syntheticApp } from './synthetic-stack';

const { values } = parseArgs({ options: { services: { type: 'string' }, runs: { type: 'string' } } });
const services = Number(values.services ?? 770);
const runs = Number(values.runs ?? 5);

const app = new App();
syntheticApp(services).build(app);
const targets = synthesizeApp(app).map((m) => kubernetesTarget(m.manifest, { constructPath: m.constructPath }));
const checks = defaultRegistry().all();

const times: number[] = [];
let report;
for (let i = 0; i < runs; i++) {
  const start = process.hrtime.bigint();
  report = runPolicy(targets, { checks });
  times.push(Number(process.hrtime.bigint() - start) / 1e9);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(`Node ${process.version}, one thread, ${checks.length} checks, ${runs} runs (median)`);
console.log(`objects checked: ${targets.length}`);
console.log(`findings: ${report!.errors} errors, ${report!.warnings} warnings`);
console.log(`time: ${median.toFixed(3)} s`);
console.log(`throughput: ${Math.round(targets.length / median)} objects/s`);
