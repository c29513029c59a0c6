import fs = require('node:fs');
import fsAlias = require('fs');
import * as path from 'node:path';
import { App as K8sApp } from 'cdk8s';
import { Annotations, App, Aspects, TerraformAsset, TerraformOutput } from 'cdktf';
import { IConstruct } from 'constructs';
import { eksPlatformApp } from '../../../apps/eks-platform';
import { PlatformStack, StateBackend, StateBucket, terraformApp } from '../../../lib/aws';
import { AppStack } from '../../../lib/core/app-stack';
import { artifactSources } from '../../../lib/output/artifacts';
import { synthPlatform } from '../../helpers/terraform';
import { readTree, tempDir } from '../../helpers/tmp';
import { errorOf } from '../../helpers/errors';

type Build = (tf: App) => void;

/** Synthesizes the Terraform of a fresh app through keelson's artifact source, as the synthesizer does. */
function inMemory(build: Build, k8s = new K8sApp()): Map<string, string> {
  build(terraformApp(k8s));
  const sources = artifactSources(k8s);
  expect(sources.map((s) => s.folder)).toEqual(['terraform']);
  try {
    return sources[0].synthesize();
  } finally {
    sources[0].dispose();
  }
}

/** Re-serializes JSON with sorted keys, two-space indentation and a final newline (keelson's file format). */
function sortedJson(text: string): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) {
      return v.map(sort);
    }
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])]));
    }
    return v;
  };
  return `${JSON.stringify(sort(JSON.parse(text)), null, 2)}\n`;
}

/** The same constructs, synthesized by cdktf itself (App.synth() into a temporary directory), in keelson's format. */
function withCdktf(build: Build): Map<string, string> {
  const outdir = path.join(tempDir(), 'cdktf.out');
  const app = new App({ outdir, stackTraces: false });
  build(app);
  app.synth();
  return new Map(Object.entries(readTree(outdir)).map(([file, text]) => [file.split(path.sep).join('/'), sortedJson(text)]));
}


/** The error cdktf's App.synth() throws for the constructs (it may write some files first, into a temporary directory). */
function cdktfError(build: Build): Error {
  const app = new App({ outdir: path.join(tempDir(), 'cdktf.out'), stackTraces: false });
  build(app);
  return errorOf(() => app.synth());
}

/** The files cdktf itself writes: all but keelson's `versions.tf` (see terraform-version.test.ts). */
function cdktfFiles(files: ReadonlyMap<string, string>): Map<string, string> {
  return new Map([...files].filter(([file]) => !file.endsWith('/versions.tf')));
}

/** Functions of fs that create, change or remove files and directories. */
const WRITERS = [
  'mkdtempSync', 'mkdirSync', 'writeFileSync', 'appendFileSync', 'copyFileSync', 'cpSync', 'rmSync', 'rmdirSync', 'unlinkSync',
  'renameSync', 'symlinkSync', 'linkSync', 'truncateSync', 'createWriteStream',
  'mkdtemp', 'mkdir', 'writeFile', 'appendFile', 'copyFile', 'cp', 'rm', 'rmdir', 'unlink', 'rename',
] as const;

/** Runs `fn` with every file-system writer of 'fs', 'node:fs' and fs.promises spied on; returns the calls made. */
function fsWrites(fn: () => void): string[] {
  const targets = new Set<object>([fs, fsAlias, fs.promises]);
  const spies = [...targets].flatMap((target) => WRITERS
    .filter((name) => typeof (target as unknown as Record<string, unknown>)[name] === 'function')
    .map((name) => [name, jest.spyOn(target as unknown as Record<string, () => unknown>, name)] as const));
  try {
    fn();
    return spies.flatMap(([name, spy]) => spy.mock.calls.map((args) => `${name}(${String((args as unknown[])[0])})`));
  } finally {
    spies.forEach(([, spy]) => spy.mockRestore());
  }
}

/**
 * Three stacks: "state" with the state bucket, "app" reading the bucket's ARN from it (a cross-stack reference:
 * an output in "state", remote state in "app" and a dependency), "extra" depending on both explicitly.
 * Plus an info and a warning annotation, which go into manifest.json, and an aspect describing the outputs.
 */
const threeStacks: Build = (tf) => {
  const [state, app, extra] = threeStacksWithoutAspects(tf);
  // cdktf applies the aspects of each stack (not those of the App).
  const describeOutputs = {
    visit: (node: IConstruct) => {
      if (node instanceof TerraformOutput) {
        node.description = 'described by an aspect';
      }
    },
  };
  [state, app, extra].forEach((stack) => Aspects.of(stack).add(describeOutputs));
};

/** The stacks of threeStacks, without the aspect: keelson then resolves each element once (stack-resolution.ts). */
function threeStacksWithoutAspects(tf: App): PlatformStack[] {
  const state = new PlatformStack(tf, 'state', { region: 'eu-west-1', backend: StateBackend.local() });
  const bucket = new StateBucket(state, 'bucket', { bucketName: 'acme-terraform-state' });
  const app = new PlatformStack(tf, 'app', { region: 'eu-west-1', backend: StateBackend.s3({ bucket: 'acme-terraform-state' }) });
  new TerraformOutput(app, 'state-bucket-arn', { value: bucket.bucket.arn });
  const extra = new PlatformStack(tf, 'extra', { region: 'eu-west-1', backend: StateBackend.s3({ bucket: 'acme-terraform-state' }) });
  new TerraformOutput(extra, 'region', { value: extra.region });
  extra.addDependency(app);
  extra.addDependency(state);
  Annotations.of(bucket).addWarning('a warning kept in the manifest');
  Annotations.of(app).addInfo('an info kept in the manifest');
  return [state, app, extra];
}

/** A stack "bad" with a state bucket, which `spoil` then spoils. */
function badStack(spoil: (bucket: StateBucket, tf: App) => void): Build {
  return (tf) => {
    const stack = new PlatformStack(tf, 'bad', { region: 'eu-west-1', backend: StateBackend.local() });
    spoil(new StateBucket(stack, 'state', { bucketName: 'acme-terraform-state' }), tf);
  };
}

describe('terraformApp synthesizes in memory', () => {
  test('the spies see cdktf writing: its own App constructor creates the outdir and its stacks folder', () => {
    const outdir = path.join(tempDir(), 'cdktf.out');
    expect(fsWrites(() => new App({ outdir }))).toEqual([`mkdirSync(${outdir})`, `mkdirSync(${path.join(outdir, 'stacks')})`]);
  });

  test('building and synthesizing an app with Terraform stacks creates no file or directory', () => {
    let files = new Map<string, string>();
    expect(fsWrites(() => {
      files = inMemory(threeStacks);
    })).toEqual([]);
    // Beside cdktf's files, keelson's versions.tf for the stacks on the S3 backend (use_lockfile: Terraform >= 1.10).
    expect([...files.keys()]).toEqual(['manifest.json', 'stacks/app/cdk.tf.json', 'stacks/app/versions.tf', 'stacks/extra/cdk.tf.json',
      'stacks/extra/versions.tf', 'stacks/state/cdk.tf.json']);
  });

  test('neither does the eks-platform app (its Terraform part)', () => {
    let files = new Map<string, string>();
    expect(fsWrites(() => {
      const k8s = new K8sApp();
      eksPlatformApp.build(k8s);
      const [source] = artifactSources(k8s);
      files = source.synthesize();
      source.dispose();
    })).toEqual([]);
    expect([...files.keys()]).toEqual(['manifest.json', 'stacks/eks-platform-state/cdk.tf.json', 'stacks/eks-platform/cdk.tf.json', 'stacks/eks-platform/versions.tf']);
  });

  test('an app without Terraform stacks gets a manifest without stacks', () => {
    const files = inMemory(() => undefined);
    expect(JSON.parse(files.get('manifest.json')!)).toEqual({ stacks: {}, version: require('cdktf/package.json').version });
  });

  test('cdktf\'s own synth() of the App is refused, writing nothing', () => {
    const tf = terraformApp(new K8sApp());
    threeStacks(tf);
    expect(fsWrites(() => expect(() => tf.synth()).toThrow(/cdktf App\.synth\(\): keelson synthesizes this cdktf App in memory/))).toEqual([]);
    expect(fsWrites(() => expect(() => tf.manifest.writeToFile()).toThrow(/keelson synthesizes this cdktf App in memory/))).toEqual([]);
  });
});

describe('terraformApp output', () => {
  const out = synthPlatform({
    name: 'three',
    description: 'three stacks',
    build: (app) => {
      new AppStack(app, 'three');
      threeStacks(terraformApp(app));
    },
  });
  const manifest = JSON.parse(out.files.get('manifest.json')!);

  test('manifest.json lists each stack with cdktf\'s paths; each stack file parses and holds its resources', () => {
    expect(Object.keys(manifest.stacks)).toEqual(['app', 'extra', 'state']);
    expect(manifest.stacks.state).toEqual({
      name: 'state',
      constructPath: 'state',
      workingDirectory: 'stacks/state',
      synthesizedStackPath: 'stacks/state/cdk.tf.json',
      stackMetadataPath: 'stacks/state/metadata.json',
      annotations: [{ constructPath: 'state/bucket', level: '@cdktf/warn', message: 'a warning kept in the manifest' }],
      dependencies: [],
    });
    for (const stack of Object.values(manifest.stacks) as { name: string; synthesizedStackPath: string }[]) {
      expect(out.stacks[stack.name]).toEqual(JSON.parse(out.files.get(stack.synthesizedStackPath)!));
    }
    expect(Object.keys(out.stacks.state.resource).sort()).toEqual([
      'aws_s3_bucket', 'aws_s3_bucket_lifecycle_configuration', 'aws_s3_bucket_logging', 'aws_s3_bucket_notification', 'aws_s3_bucket_ownership_controls',
      'aws_s3_bucket_policy', 'aws_s3_bucket_public_access_block', 'aws_s3_bucket_server_side_encryption_configuration', 'aws_s3_bucket_versioning',
    ]);
    // The state bucket and its access log bucket.
    expect(Object.values(out.stacks.state.resource.aws_s3_bucket).map((b: any) => b.bucket).sort()).toEqual(['acme-terraform-state', 'acme-terraform-state-logs']);
    expect(out.stacks.extra.output.region).toEqual({ value: 'eu-west-1', description: 'described by an aspect' });
  });

  test('a cross-stack reference becomes an output, remote state and a dependency', () => {
    const [outputName] = Object.keys(out.stacks.state.output).filter((o) => o !== 'state_bucket');
    expect(out.stacks.state.output[outputName].value).toMatch(/^\$\{aws_s3_bucket\.[\w]+\.arn\}$/);
    expect(Object.keys(out.stacks.app.data.terraform_remote_state)).toHaveLength(1);
    expect(out.stacks.app.output['state-bucket-arn'].value).toMatch(new RegExp(`^\\$\\{data\\.terraform_remote_state\\.[\\w-]+\\.outputs\\.${outputName}\\}$`));
    expect(manifest.stacks.app.dependencies).toEqual(['state']);
  });

  test('files are JSON with sorted keys, two-space indentation and a final newline', () => {
    for (const [file, text] of cdktfFiles(out.files)) {
      expect([file, text]).toEqual([file, sortedJson(text)]);
    }
  });

  test('the files are byte-identical to what cdktf\'s App.synth() writes, dependencies and annotations included', () => {
    const ours = cdktfFiles(inMemory(threeStacks));
    const theirs = withCdktf(threeStacks);
    expect([...ours.keys()]).toEqual([...theirs.keys()].sort());
    expect(Object.fromEntries(ours)).toEqual(Object.fromEntries(theirs));
    const dependencies = Object.fromEntries(Object.entries(JSON.parse(ours.get('manifest.json')!).stacks).map(([name, s]) => [name, (s as { dependencies: string[] }).dependencies]));
    expect(dependencies).toEqual({ app: ['state'], extra: ['app', 'state'], state: [] });
  });

  test('so are they without aspects, where keelson resolves each element once: cross-stack reference included', () => {
    const build: Build = (tf) => {
      threeStacksWithoutAspects(tf);
    };
    const ours = cdktfFiles(inMemory(build));
    expect(Object.fromEntries(ours)).toEqual(Object.fromEntries(withCdktf(build)));
    expect(JSON.parse(ours.get('stacks/app/cdk.tf.json')!).data.terraform_remote_state).toBeDefined();
  });

  test('so are they with overrides of the stack itself: plain values, a removal, and a token (which cdktf resolves)', () => {
    const withOverrides = (token: boolean): Build => (tf) => {
      const [state, app] = threeStacksWithoutAspects(tf);
      state.addOverride('//.note', 'kept as written');
      state.addOverride('terraform.required_providers.aws.version', undefined);
      app.addOverride('locals', { names: ['a', 'b'], count: 2, on: true, none: null });
      if (token) {
        app.addOverride('output.region_again.value', app.region);
        state.addOverride('locals.bucket', (state.node.findAll().find((c) => c instanceof StateBucket) as StateBucket).bucket.arn);
      }
    };
    for (const token of [false, true]) {
      const ours = cdktfFiles(inMemory(withOverrides(token)));
      expect(Object.fromEntries(ours)).toEqual(Object.fromEntries(withCdktf(withOverrides(token))));
      const state = JSON.parse(ours.get('stacks/state/cdk.tf.json')!);
      expect(state['//'].note).toBe('kept as written');
      expect(state.terraform.required_providers.aws.version).toBeUndefined();
      expect(JSON.parse(ours.get('stacks/app/cdk.tf.json')!).locals).toMatchObject({ names: ['a', 'b'], count: 2, on: true, none: null });
      if (token) {
        expect(state.locals.bucket).toMatch(/^\$\{aws_s3_bucket\.\w+\.arn\}$/);
      }
    }
  });

  test('each element is built once without aspects (cdktf builds it twice), and as cdktf does with one', () => {
    const calls = (withAspect: boolean): number => {
      const spy = jest.spyOn(TerraformOutput.prototype, 'toTerraform');
      try {
        inMemory((tf) => {
          const stacks = threeStacksWithoutAspects(tf);
          if (withAspect) {
            Aspects.of(stacks[2]).add({ visit: () => undefined });
          }
        });
        return spy.mock.calls.length;
      } finally {
        spy.mockRestore();
      }
    };
    // Three outputs declared (the state bucket's own, "state-bucket-arn", "region"), plus the cross-stack output that
    // preparing "app" adds to "state", which is built only when the stacks are written: 4 once, or 3 twice and 1 once.
    expect(calls(false)).toBe(4);
    expect(calls(true)).toBe(7);
  });

  test('so are those of the eks-platform app', () => {
    const k8s = new K8sApp();
    eksPlatformApp.build(k8s);
    const ours = cdktfFiles(artifactSources(k8s)[0].synthesize());

    // The same app with terraformApp() returning a plain cdktf App (in a separate module registry), synthesized by cdktf.
    const outdir = path.join(tempDir(), 'cdktf.out');
    let cdktfApp: App | undefined;
    jest.isolateModules(() => {
      jest.doMock('../../../lib/aws/terraform-app', () => ({
        terraformApp: () => (cdktfApp = new (require('cdktf') as typeof import('cdktf')).App({ outdir, stackTraces: false })),
      }));
      const isolated = require('../../../apps/eks-platform') as typeof import('../../../apps/eks-platform');
      isolated.eksPlatformApp.build(new (require('cdk8s') as typeof import('cdk8s')).App());
    });
    jest.dontMock('../../../lib/aws/terraform-app');
    cdktfApp!.synth();
    const theirs = Object.entries(readTree(outdir)).map(([file, text]) => [file.split(path.sep).join('/'), sortedJson(text)]);
    expect(theirs.map(([file]) => file).sort()).toEqual([...ours.keys()]);
    expect(Object.fromEntries(ours)).toEqual(Object.fromEntries(theirs));
  });
});

describe('terraformApp synthesis errors, as cdktf reports them', () => {
  test('an error annotation fails synthesis with cdktf\'s message, naming the construct path', () => {
    const build = badStack((bucket) => Annotations.of(bucket).addError('the bucket is not allowed here'));
    const err = errorOf(() => inMemory(build));
    expect(err.message).toContain('Encountered Annotations with level "ERROR":\n[bad/state] the bucket is not allowed here');
    expect(err.message).toBe(cdktfError(build).message);
  });

  test('a failing construct validation fails synthesis with cdktf\'s message, naming the construct path', () => {
    const build = badStack((bucket) => bucket.node.addValidation({ validate: () => ['the bucket must not be here'] }));
    const err = errorOf(() => inMemory(build));
    expect(err.message).toContain('Validation failed with the following errors:\n  [bad/state] the bucket must not be here');
    expect(err.message).toBe(cdktfError(build).message);
  });

  test('a failing validation of the App itself fails synthesis with cdktf\'s message', () => {
    const build = badStack((_bucket, tf) => tf.node.addValidation({ validate: () => ['the app is incomplete'] }));
    const err = errorOf(() => inMemory(build));
    expect(err.message).toContain('App-level validation failed with the following errors:\n  the app is incomplete');
    expect(err.message).toBe(cdktfError(build).message);
  });

  test('a TerraformAsset (which copies files during synthesis) is refused, and nothing is written', () => {
    const build = badStack((bucket) => new TerraformAsset(bucket, 'asset', { path: __filename }));
    let err: Error | undefined;
    expect(fsWrites(() => {
      err = errorOf(() => inMemory(build));
    })).toEqual([]);
    expect(err?.message).toMatch(/^keelson does not support TerraformAsset at "bad\/state\/asset" in Terraform stacks/);
  });

  test('a custom stack synthesizer is refused', () => {
    const build: Build = (tf) => {
      const stack = new PlatformStack(tf, 'custom', { region: 'eu-west-1', backend: StateBackend.local() });
      stack.synthesizer = { synthesize: () => undefined };
      new TerraformOutput(stack, 'x', { value: 'y' });
    };
    expect(errorOf(() => inMemory(build)).message).toMatch(/^keelson does not support custom stack synthesizers \(Terraform stack "custom"\)/);
  });
});

describe('the in-memory App is set up like cdktf\'s own', () => {
  const real = new App({ outdir: path.join(tempDir(), 'cdktf.out'), stackTraces: false });
  const ours = terraformApp(new K8sApp());
  const keys = (o: object, except: string[]) => Reflect.ownKeys(o).filter((k) => !except.includes(String(k))).map(String).sort();

  test('same properties and values, except the outdir that is never written', () => {
    expect(keys(ours, ['synth'])).toEqual(keys(real, []));
    expect(App.isApp(ours)).toBe(true);
    expect(ours).toBeInstanceOf(App);
    for (const k of ['hclOutput', 'targetStackId', 'skipValidation', 'skipBackendValidation'] as const) {
      expect([k, ours[k]]).toEqual([k, real[k]]);
    }
    expect([ours.node.id, ours.node.path, ours.node.scope]).toEqual([real.node.id, real.node.path, real.node.scope]);
    // Context: the cdktf version and disabled stack traces (constructs keeps it in a private field).
    expect((ours.node as unknown as { _context: unknown })._context).toEqual((real.node as unknown as { _context: unknown })._context);
  });

  test('same manifest properties and values, except the outdir', () => {
    expect(keys(ours.manifest, ['writeToFile'])).toEqual(keys(real.manifest, []));
    expect(ours.manifest).toBeInstanceOf(real.manifest.constructor);
    for (const k of ['version', 'hclOutput', 'stackFileName', 'stacks'] as const) {
      expect([k, ours.manifest[k]]).toEqual([k, real.manifest[k]]);
    }
  });

  test('its outdir cannot be written to', () => {
    expect(ours.outdir).toBe(ours.manifest.outdir);
    expect(() => fs.mkdirSync(path.join(ours.outdir, 'stacks'), { recursive: true })).toThrow(/ENOTDIR/);
  });
});
