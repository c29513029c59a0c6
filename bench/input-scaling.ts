// `npm run bench:scaling`: synth time against the size of one input, to show it grows linearly. For labels on a
// stack (which land on every object), annotations, ConfigMap entries and env variables, it times synthesizeApp at
// n and 2n and prints the ratio: about 2 is linear, about 4 quadratic. Then the same for the policy checks over one
// namespace of n services, where every check that joins objects by label selectors (Services and their pods,
// NetworkPolicies, budgets) would go quadratic if it scanned. Timings are printed, never asserted; the smallest of
// three runs counts, after a warm-up.
import { App } from 'cdk8s';
import { AppStack } from '../lib/core/app-stack';
import { synthesizeApp } from '../lib/output/synthesize';
import { runPolicy } from '../lib/policy/engine';
import { kubernetesTarget } from '../lib/policy/targets';
import { SecureNamespace } from '../lib/security/secure-namespace';
import { ConfigMap } from '../lib/workloads/config-map';
import { StatefulService } from '../lib/workloads/stateful-service';
import { WebService } from '../lib/workloads/web-service';

const many = (n: number, prefix: string): Record<string, string> =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, `v${i}`]));

const SCENARIOS: Record<string, (app: App, n: number) => void> = {
  'stack labels': (app, n) => {
    const ns = new SecureNamespace(new AppStack(app, 'shop', { labels: many(n, 'team.example.com/l') }), 'shop');
    new WebService(ns, 'web', { image: 'ghcr.io/acme/web:1.0.0' });
  },
  'ConfigMap entries': (app, n) => {
    const ns = new SecureNamespace(new AppStack(app, 'shop'), 'shop');
    new ConfigMap(ns, 'settings', { data: many(n, 'key') });
  },
  'env variables': (app, n) => {
    const ns = new SecureNamespace(new AppStack(app, 'shop'), 'shop');
    new WebService(ns, 'web', { image: 'ghcr.io/acme/web:1.0.0', env: many(n, 'VAR_') });
  },
};

function millis(build: (app: App, n: number) => void, n: number): number {
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    const start = process.hrtime.bigint();
    const app = new App();
    build(app, n);
    synthesizeApp(app);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return best;
}

/** One namespace of `n` web services, each with its own database and the policies between them. */
function oneNamespace(app: App, n: number): void {
  const ns = new SecureNamespace(new AppStack(app, 'shop'), 'shop');
  for (let i = 0; i < n; i++) {
    const web = new WebService(ns, `web-${i}`, { image: 'ghcr.io/acme/web:1.0.0' });
    const db = new StatefulService(ns, `db-${i}`, {
      image: 'postgres:17.2', ports: [{ name: 'postgres', port: 5432 }],
      claims: [{ name: 'data', mountPath: '/var/lib/postgresql/data', size: '10Gi' }],
    });
    ns.allowTraffic({ from: web, to: db, ports: ['postgres'] });
  }
}

/** The policy checks alone over the objects of `build` at size n (the best of three runs). */
function policyMillis(build: (app: App, n: number) => void, n: number): number {
  const app = new App();
  build(app, n);
  const targets = synthesizeApp(app).map((m) => kubernetesTarget(m.manifest, { constructPath: m.constructPath, file: m.fileName }));
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    const start = process.hrtime.bigint();
    runPolicy(targets);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return best;
}

for (const [name, build] of Object.entries(SCENARIOS)) {
  millis(build, 100);
  const [small, large] = [2000, 4000].map((n) => millis(build, n));
  console.log(`${name.padEnd(18)} 2000: ${small.toFixed(0).padStart(5)} ms   4000: ${large.toFixed(0).padStart(5)} ms   ratio ${(large / small).toFixed(2)}`);
}

policyMillis(oneNamespace, 500);
const [fewer, more] = [1000, 2000].map((n) => policyMillis(oneNamespace, n));
console.log(`policy over one namespace of services 1000: ${fewer.toFixed(0).padStart(5)} ms   2000: ${more.toFixed(0).padStart(5)} ms   ratio ${(more / fewer).toFixed(2)}`);
