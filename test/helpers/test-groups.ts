// `npm test` runs the test files in groups: each group is one jest test file (test/groups/<name>.test.ts) that loads
// its test files one after another into one module registry. Loading keelson, cdk8s, cdktf and the AWS provider's
// resource modules costs about 0.2 s per registry; once per group instead of once per file, the suite keeps every
// test and takes a third less time on two cores. Each file's tests sit in a describe block named after the file, so
// its hooks stay its own. `npm test -- <path>` (or plain `npx jest`) runs test files one by one, as jest does.
import * as fs from 'node:fs';
import * as path from 'node:path';

const TEST_ROOT = path.resolve(__dirname, '..');

/**
 * The groups, in order: a test file belongs to the first group whose pattern matches its path (relative to the
 * repository, with forward slashes). The last group takes whatever the others do not, so no file is ever left out.
 * Sizes are about even, so that jest's two workers finish together; the CLI test waits on child processes and
 * stands alone.
 */
export const TEST_GROUPS: ReadonlyArray<readonly [name: string, pattern: RegExp]> = [
  ['cli', /^test\/cdk8s-cli\.test\.ts$/],
  ['aws-values', /^test\/lib\/aws\/(javascript-values|[\w-]*bad-inputs)/],
  ['aws', /^test\/lib\/aws\//],
  ['policy', /^test\/lib\/policy\//],
  ['security', /^test\/lib\/security\//],
  ['apps', /^test\/apps\//],
  ['output', /^test\/lib\/output\//],
  ['workloads', /^test\/lib\/workloads\//],
  ['networking', /^test\/lib\/networking\//],
  ['mesh', /^test\/lib\/mesh\//],
  ['serverless-storage', /^test\/lib\/(serverless|storage|extension)\//],
  ['rest', /./],
];

/** Every test file of the project, relative to the repository root, sorted (not the user's project in test/consumer). */
export function testFiles(): string[] {
  const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      return e.name === 'consumer' || e.name === 'groups' || e.name === 'node_modules' ? [] : walk(full);
    }
    return e.name.endsWith('.test.ts') ? [full] : [];
  });
  return walk(TEST_ROOT).map((f) => path.relative(path.dirname(TEST_ROOT), f).split(path.sep).join('/')).sort();
}

/** The group a test file belongs to. */
export function groupOf(file: string): string {
  return TEST_GROUPS.find(([, pattern]) => pattern.test(file))![0];
}

/** Declares the tests of every file of the group, each file in a describe block named after its path. */
export function describeTestGroup(name: string): void {
  if (!TEST_GROUPS.some(([n]) => n === name)) {
    throw new Error(`no test group named "${name}" (test/helpers/test-groups.ts)`);
  }
  // The temporary-folder helper removes its folders after all tests of the registry: load it at the top level, so
  // that its hook belongs to the group, not to the first file that happens to use it.
  require('./tmp');
  for (const file of testFiles().filter((f) => groupOf(f) === name)) {
    describe(file, () => {
      require(path.join(path.dirname(TEST_ROOT), file));
    });
  }
}
