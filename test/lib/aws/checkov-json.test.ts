/*
 * Can Checkov scan keelson's Terraform output? What its terraform_json framework does with a `*.tf.json` file, as read
 * in bridgecrewio/checkov (re-implemented as rules, not code, in test/helpers/checkov-json.ts):
 *
 * - checkov/terraform_json/utils.py, get_scannable_file_paths: only names ending with ".tf.json" are read.
 *   create_definitions: a file whose parse gives nothing is listed as a parsing error and not scanned.
 * - checkov/terraform_json/parser.py, loads: a text lacking the word "resource" or "provider" gives nothing (a parsing
 *   error). Otherwise the text is loaded as YAML by checkov/common/parsers/yaml/loader.py (PyYAML's SafeLoader, plus
 *   start/end line keys in every mapping; a load failure gives nothing); a list document stands for its first item.
 * - parser.py, prepare_definition: for every top-level key but "//", it walks the value's entries with `.items()`, so
 *   the value must be an object. Under "resource" each entry is type -> name -> body; under "provider" each entry is
 *   iterated as a list of bodies (cdktf writes `"aws": [{...}]`; an object there is iterated by its keys); under every
 *   other key ("terraform", "data", "variable", "output", "locals", ...) each entry is a body. Every body goes through
 *   `hclify`, which raises a plain Exception ("this method receives only dicts") for anything but an object.
 *   parse() only catches I/O, decoding and YAML errors, so that exception ends the run: Checkov crashes.
 * - Hence the crash on `"terraform": { "required_version": ">= 1.10", ... }`: "required_version" is an entry of the
 *   "terraform" block type whose value is a string, not an object. Reported as bridgecrewio/checkov#7454 (open) for
 *   any CDKTF stack with addOverride("terraform.required_version", ...); #5504/#5509 fixed the "data" blocks only.
 *   keelson no longer writes it (see PlatformStack); Terraform before 1.10 still refuses the S3 backend's
 *   `use_lockfile`, which is the version floor that matters.
 * - hclify keeps a "//" key untouched, turns scalars into one-element lists and "true"/"false" into booleans.
 * - Skips: checkov/terraform_json/runner.py, run_block, scans every block with an empty skip list, and its graph-check
 *   path never looks for one: Checkov reads no inline skip from Terraform JSON. The form proposed for CDKTF in
 *   bridgecrewio/checkov#4634 (closed without a change) is `"//": { "checkov": { "skip": [{ "id", "comment" }] } }`,
 *   the shape of Checkov's CloudFormation `Metadata.checkov.skip`; suppressCheckov writes exactly that, plus keelson's
 *   own `"checkov_skip_reasons"`. A CI scan has to pass those ids with --skip-check or a --baseline file.
 *
 * Real Checkov is not installed here (`python3 -c 'import checkov'` fails) and cannot be: this workplace reaches the
 * npm registry and Debian only, and Debian has no Checkov package. The test that runs it is therefore skipped unless
 * checkov is importable. The PyYAML step (Checkov's loader) and Terraform's acceptance of the "//" form run for real
 * when python3 with PyYAML, and terraform, are on the machine.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXAMPLE_APPS } from '../../../apps';
import { PlatformStack, StateBackend, StateBucket, suppressCheckov, terraformApp } from '../../../lib/aws';
import { AppStack } from '../../../lib/core/app-stack';
import { AppDefinition, synthesizeDefinition } from '../../../lib/output/synth-apps';
import { checkovSkipReason, checkovSkips } from '../../../lib/policy/checkov-skips';
import { validationMessage } from '../../helpers/bad-input';
import { CheckovJsonCrash, hclify, parseLikeCheckov, scannedResource } from '../../helpers/checkov-json';
import { GOOD_PLATFORM_APP } from '../../helpers/terraform';
import { tempDir } from '../../helpers/tmp';

/** Every `.tf.json` file an app writes, by "<folder>/<file>". */
function terraformFiles(def: AppDefinition): Map<string, string> {
  const out = new Map<string, string>();
  for (const folder of synthesizeDefinition(def).folders) {
    for (const [file, text] of folder.files) {
      if (file.endsWith('.tf.json')) {
        out.set(`${folder.name}/${file}`, text);
      }
    }
  }
  return out;
}

// Checks the state bucket satisfies, so that no construct suppresses them itself: the test is about the written form.
const FIRST = { id: 'CKV_AWS_21', comment: 'test: the first skip of the bucket' };
const SECOND = { id: 'CKV2_AWS_6', comment: 'test: the second skip of the bucket' };
/** A state bucket with two Checkov skips; `more` may add to its bucket. */
const suppressedApp = (more: (bucket: StateBucket['bucket']) => void = () => undefined): AppDefinition => ({
  name: 'suppressed',
  description: '',
  build: (app) => {
    new AppStack(app, 'suppressed');
    const stack = new PlatformStack(terraformApp(app), 'suppressed', { region: 'us-west-2', backend: StateBackend.s3({ bucket: 'acme-bootstrap-state' }) });
    const state = new StateBucket(stack, 'state', { bucketName: 'acme-state' });
    suppressCheckov(state.bucket, FIRST.id, { reason: FIRST.comment });
    suppressCheckov(state.bucket, SECOND.id, { reason: SECOND.comment });
    more(state.bucket);
  },
});
const SUPPRESSED_APP = suppressedApp();

const ALL = new Map<string, string>();
for (const def of [...EXAMPLE_APPS, GOOD_PLATFORM_APP, SUPPRESSED_APP]) {
  terraformFiles(def).forEach((text, file) => ALL.set(file, text));
}
const suppressedFile = [...ALL.keys()].find((f) => f.startsWith('terraform/suppressed/'))!;
const suppressed = JSON.parse(ALL.get(suppressedFile)!);
const bucketName = Object.keys(suppressed.resource.aws_s3_bucket).find((n) => suppressed.resource.aws_s3_bucket[n].bucket === 'acme-state')!;

describe('keelson\'s Terraform JSON, read by the rules of Checkov\'s terraform_json parser', () => {
  test('the example apps write Terraform stacks (the platform and its state, and the test stacks)', () => {
    expect([...ALL.keys()]).toEqual(expect.arrayContaining([
      'terraform/eks-platform/stacks/eks-platform/cdk.tf.json',
      'terraform/eks-platform/stacks/eks-platform-state/cdk.tf.json',
      'terraform/good/stacks/good/cdk.tf.json',
    ]));
  });

  test.each([...ALL.keys()])('%s is scanned, with every resource', (file) => {
    const text = ALL.get(file)!;
    const outcome = parseLikeCheckov(path.basename(file), text);
    expect(outcome.kind).toBe('scanned');
    const json = JSON.parse(text);
    const resources = Object.entries(json.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName as object).map((n) => `${type}.${n}`));
    expect(resources.length).toBeGreaterThan(0);
    const scanned = outcome.kind === 'scanned' ? outcome.definitions.resource.flatMap((b) => Object.entries(b).map(([t, v]) => `${t}.${Object.keys(v as object)[0]}`)) : [];
    expect(scanned.sort()).toEqual(resources.sort());
    // The terraform block keeps its backend and providers, with no plain-string setting for the parser to trip on.
    expect(Object.keys(json.terraform).sort()).toEqual(['backend', 'required_providers']);
  });

  test('an S3 backend still locks with use_lockfile, which Terraform before 1.10 refuses', () => {
    const platform = JSON.parse(ALL.get('terraform/eks-platform/stacks/eks-platform/cdk.tf.json')!);
    expect(platform.terraform.backend.s3.use_lockfile).toBe(true);
    expect(suppressed.terraform.backend.s3.use_lockfile).toBe(true);
  });

  test('the old `terraform.required_version` crashes the parser, as in Checkov', () => {
    const old = { ...suppressed, terraform: { ...suppressed.terraform, required_version: '>= 1.10' } };
    expect(() => parseLikeCheckov('cdk.tf.json', JSON.stringify(old))).toThrow(CheckovJsonCrash);
    expect(() => parseLikeCheckov('cdk.tf.json', JSON.stringify(old))).toThrow('at terraform.required_version: a block body must be an object, got str ">= 1.10"');
  });

  test.each([
    ['a provider in object form', { provider: { aws: { region: 'us-west-2' } } }, 'provider.aws'],
    ['a local value that is a string', { locals: { name: 'demo' } }, 'locals.name'],
    ['a block type given as a list (import blocks)', { import: [{ to: 'aws_vpc.x', id: 'vpc-1' }] }, 'import'],
    ['a block type set to null', { variable: null }, 'variable'],
    ['a resource body that is not an object', { resource: { aws_vpc: { x: 'vpc' } } }, 'resource.aws_vpc.x'],
    ['a provider configuration that is not an object', { provider: { aws: ['us-west-2'] } }, 'provider.aws[0]'],
    ['terraform experiments (a list)', { terraform: { experiments: ['x'] } }, 'terraform.experiments'],
  ])('%s crashes it', (_, extra, at) => {
    const text = JSON.stringify({ ...suppressed, ...extra, resource: { ...suppressed.resource, ...(extra as any).resource } });
    expect(() => parseLikeCheckov('cdk.tf.json', text)).toThrow(`at ${at}:`);
  });

  test('files it does not read or cannot parse are not crashes', () => {
    expect(parseLikeCheckov('cdk.json', ALL.get(suppressedFile)!)).toEqual({ kind: 'ignored' });
    expect(parseLikeCheckov('versions.tf.json', '{"terraform": {"required_version": ">= 1.10"}}').kind).toBe('parsing-error');
    expect(parseLikeCheckov('cdk.tf.json', '{"resource": {}, "provider": ').kind).toBe('parsing-error');
  });

  test('bodies take the HCL parser\'s shape, and "//" passes through untouched', () => {
    expect(hclify({ a: 'x', b: 'TRUE', n: 2, l: ['p', 'q'], o: { k: 'v' }, d: [{ k: 1 }, 'dropped'], tags: { Name: 'n' }, '//': { keep: ['as', 'is'] } }, 'r'))
      .toEqual({ a: ['x'], b: [true], n: [2], l: [['p', 'q']], o: [{ k: ['v'] }], d: [{ k: [1] }], tags: [{ Name: 'n' }], '//': { keep: ['as', 'is'] } });
  });
});

describe('suppressCheckov', () => {
  const body = suppressed.resource.aws_s3_bucket[bucketName];

  test('writes Checkov\'s skip list and keelson\'s reasons into the resource\'s "//" object, beside cdktf\'s metadata', () => {
    const comment = body['//'];
    // After any skips the StateBucket itself wrote, in call order; each id once.
    expect(comment.checkov.skip.slice(-2)).toEqual([FIRST, SECOND]);
    expect(comment.checkov.skip.map((s: any) => s.id)).toEqual([...new Set(comment.checkov.skip.map((s: any) => s.id))]);
    expect(comment.checkov_skip_reasons).toMatchObject({ [FIRST.id]: FIRST.comment, [SECOND.id]: SECOND.comment });
    expect(Object.keys(comment.checkov_skip_reasons).sort()).toEqual(comment.checkov.skip.map((s: any) => s.id).sort());
    expect(comment.metadata).toEqual({ path: 'suppressed/state/bucket', uniqueId: bucketName });
    expect(checkovSkips(body).slice(-2)).toEqual([FIRST, SECOND]);
    expect(checkovSkipReason(body, FIRST.id)).toBe(FIRST.comment);
    expect(checkovSkipReason(body, 'CKV_AWS_20')).toBeUndefined();
  });

  test('only on that resource', () => {
    const others = Object.entries(suppressed.resource).flatMap(([type, byName]) => Object.entries(byName as object)
      .filter(([name]) => !(type === 'aws_s3_bucket' && name === bucketName)).map(([, b]) => b));
    expect(others.length).toBeGreaterThan(0);
    expect(others.filter((b) => checkovSkips(b).some((s) => [FIRST.id, SECOND.id].includes(s.id)) || checkovSkipReason(b, FIRST.id))).toEqual([]);
  });

  test('the suppressed resource is still scanned, its "//" as written', () => {
    const outcome = parseLikeCheckov('cdk.tf.json', ALL.get(suppressedFile)!);
    expect(scannedResource(outcome, 'aws_s3_bucket', bucketName)?.['//']).toEqual(body['//']);
  });

  test('the same check twice on a resource is refused', () => {
    const message = validationMessage(() => synthesizeDefinition(suppressedApp((bucket) => suppressCheckov(bucket, FIRST.id, { reason: 'again' }))));
    expect(message).toContain(`[suppressed/state/bucket] suppressCheckov(checkId): got "${FIRST.id}"; expected a check not already suppressed`);
  });
});

const terraform = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;
const pyyaml = spawnSync('python3', ['-c', 'import yaml'], { encoding: 'utf8' }).status === 0;
const checkov = spawnSync('python3', ['-c', 'import checkov'], { encoding: 'utf8' }).status === 0;

describe('with the real tools, where the machine has them', () => {
  (terraform ? test : test.skip)('Terraform accepts the "//" form that suppressCheckov writes (terraform validate, offline)', () => {
    const dir = tempDir();
    // terraform_data needs no provider download; it carries the suppressed bucket's "//" object and the stack's own.
    fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify({
      '//': suppressed['//'],
      'terraform': { backend: { local: { path: 'terraform.tfstate' } } },
      'resource': { terraform_data: { bucket: { '//': suppressed.resource.aws_s3_bucket[bucketName]['//'], 'input': 'x' } } },
    }));
    const env = { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: path.join(dir, 'none.tfrc') };
    expect(spawnSync('terraform', [`-chdir=${dir}`, 'init', '-backend=false', '-input=false'], { env, encoding: 'utf8' }).status).toBe(0);
    const validate = spawnSync('terraform', [`-chdir=${dir}`, 'validate', '-json'], { env, encoding: 'utf8' });
    expect(JSON.parse(validate.stdout)).toMatchObject({ valid: true, error_count: 0 });
  });

  (pyyaml ? test : test.skip)('every stack loads with PyYAML\'s SafeLoader (Checkov\'s loader) to the same data as JSON', () => {
    const dir = tempDir();
    const names = [...ALL.keys()].map((file, i) => {
      fs.writeFileSync(path.join(dir, `${i}.tf.json`), ALL.get(file)!);
      return `${i}.tf.json`;
    });
    const script = 'import json, sys, yaml\nfor f in sys.argv[2:]:\n  t = open(sys.argv[1] + "/" + f).read()\n'
      + '  print(f, yaml.load(t, Loader=yaml.SafeLoader) == json.loads(t))\n';
    const run = spawnSync('python3', ['-c', script, dir, ...names], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim().split('\n')).toEqual(names.map((n) => `${n} True`));
  });

  (checkov ? test : test.skip)('real Checkov scans every stack without a parsing error', () => {
    const dir = tempDir();
    [...ALL.keys()].forEach((file, i) => fs.writeFileSync(path.join(dir, `${i}.tf.json`), ALL.get(file)!));
    const run = spawnSync('python3', ['-m', 'checkov.main', '-d', dir, '--framework', 'terraform_json', '-o', 'json', '--soft-fail', '--quiet'],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout);
    expect((Array.isArray(report) ? report : [report]).map((r: any) => r.summary.parsing_errors)).toEqual([0]);
  });
});
