import * as fs from 'node:fs';
import * as path from 'node:path';

// What a bench run wrote: objects by apiVersion and kind, and Terraform resources, so that the tools compared are
// seen to emit the same output.

/** Resources and data sources in the Terraform stacks under `dir`. */
export function terraformCount(dir: string): number {
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

/**
 * "apiVersion kind" → count over the YAML files under `dir` (one or more documents each). Reads the top-level
 * `apiVersion:` and `kind:` lines, which all three writers put at the start of a line.
 */
export function kindCensus(dir: string): Map<string, number> {
  const census = new Map<string, number>();
  for (const entry of fs.readdirSync(dir, { recursive: true }) as string[]) {
    if (!entry.endsWith('.yaml')) {
      continue;
    }
    for (const doc of fs.readFileSync(path.join(dir, entry), 'utf8').split(/^---$/m)) {
      const apiVersion = /^apiVersion: (.+)$/m.exec(doc)?.[1];
      const kind = /^kind: (.+)$/m.exec(doc)?.[1];
      if (apiVersion && kind) {
        const key = `${apiVersion} ${kind}`;
        census.set(key, (census.get(key) ?? 0) + 1);
      }
    }
  }
  return census;
}

/** Objects in a census. */
export const total = (census: Map<string, number>) => [...census.values()].reduce((a, b) => a + b, 0);

/** Whether two censuses count the same objects of each apiVersion and kind. */
export function sameCensus(a: Map<string, number>, b: Map<string, number>): boolean {
  return a.size === b.size && [...a].every(([k, n]) => b.get(k) === n);
}

/** A census as text: "2 apps/v1 Deployment, 4 v1 Service". */
export function describeCensus(census: Map<string, number>): string {
  return [...census].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => `${n} ${k}`).join(', ');
}
