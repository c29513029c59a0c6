import { TerraformOutput, TerraformVariable } from 'cdktf';
import { PlatformStack, StateBackend, StateBucket, terraformApp } from '../../../lib/aws';
import { AppStack } from '../../../lib/core/app-stack';
import { validationMessage } from '../../helpers/bad-input';
import { synthPlatform } from '../../helpers/terraform';

describe('StateBackend.s3Partial: the bucket is given at terraform init', () => {
  const out = synthPlatform({
    name: 'partial',
    description: '',
    build: (app) => {
      new AppStack(app, 'partial');
      const tf = terraformApp(app);
      const state = new PlatformStack(tf, 'state', { region: 'eu-west-1', backend: StateBackend.local() });
      new StateBucket(state, 'bucket', { namePrefix: 'terraform-state' });
      new PlatformStack(tf, 'cluster', { region: 'eu-west-1', backend: StateBackend.s3Partial() });
      new PlatformStack(tf, 'other', { region: 'eu-west-1', backend: StateBackend.s3Partial({ key: 'platform/other.tfstate', region: 'us-east-1' }) });
    },
  });

  test('the backend has everything but the bucket: key, region, encryption and the lock file', () => {
    expect(out.stacks.cluster.terraform.backend).toEqual({ s3: { key: 'cluster/terraform.tfstate', region: 'eu-west-1', encrypt: true, use_lockfile: true } });
    expect(out.stacks.other.terraform.backend).toEqual({ s3: { key: 'platform/other.tfstate', region: 'us-east-1', encrypt: true, use_lockfile: true } });
  });

  test('the state stack outputs the bucket name that `terraform init -backend-config` takes', () => {
    expect(Object.keys(out.stacks.state.output)).toEqual(['state_bucket']);
    expect(out.stacks.state.terraform.backend).toEqual({ local: { path: 'terraform.tfstate' } });
  });

  test('it has no bucket to compare; s3 still reports its own', () => {
    expect(StateBackend.s3Partial().bucket).toBeUndefined();
    expect(StateBackend.s3({ bucket: 'acme-state' }).bucket).toBe('acme-state');
  });

  test.each([
    ['a bucket (that is StateBackend.s3)', () => StateBackend.s3Partial({ bucket: 'acme-state' } as never), '[StateBackend.s3Partial] options.bucket: got "acme-state"; expected a known prop; the props are key, region'],
    ['a key with "//"', () => StateBackend.s3Partial({ key: 'a//b' }), '[StateBackend.s3Partial] options.key: got "a//b"; expected a relative object key'],
    ['an unknown region', () => StateBackend.s3Partial({ region: 'moon-1' }), '[StateBackend.s3Partial] options.region: got "moon-1"; expected an AWS region code'],
    ['a string for the options', () => StateBackend.s3Partial('acme-state' as never), '[StateBackend.s3Partial] options: got "acme-state"; expected an object of props'],
    ['s3 without options', () => StateBackend.s3(undefined as never), '[StateBackend.s3] options: got undefined; expected { bucket, key?, region? }'],
  ])('bad options are refused: %s', (_title, build, message) => {
    expect(validationMessage(build)).toContain(message);
  });
});

test('a stack whose bucket is given at init cannot be read by another stack (its remote state would lack the bucket)', () => {
  const message = validationMessage(() => synthPlatform({
    name: 'cross',
    description: '',
    build: (app) => {
      new AppStack(app, 'cross');
      const tf = terraformApp(app);
      const cluster = new PlatformStack(tf, 'cluster', { region: 'eu-west-1', backend: StateBackend.s3Partial() });
      const reader = new PlatformStack(tf, 'reader', { region: 'eu-west-1', backend: StateBackend.s3Partial() });
      new TerraformOutput(reader, 'region', { value: new TerraformVariable(cluster, 'zone', { type: 'string' }).stringValue });
    },
  }));
  expect(message).toContain('[cluster] backend: got "StateBackend.s3Partial()"; expected a backend that names its bucket (StateBackend.s3({ bucket })), '
    + 'since stack "reader" reads outputs of this stack');
});
