import { App } from 'cdk8s';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { PlatformStack, StateBackend, StateBucket, StateBucketProps, terraformApp } from '../../../lib/aws';
import { AppStack } from '../../../lib/core/app-stack';
import { BadInput, describeBadInputs, withUnknownProps } from '../../helpers/bad-input';
import { GOOD_PLATFORM_APP } from '../../helpers/terraform';

const KEY = 'arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const REPLICA_KEY = 'arn:aws:kms:us-east-1:123456789012:key/9876abcd-12ab-34cd-56ef-1234567890ab';
const REPLICA = 'arn:aws:s3:::acme-state-replica';

function stack(scope: Construct, region = 'us-west-2'): PlatformStack {
  return new PlatformStack(scope, 'bad', { region, backend: StateBackend.local() });
}
/** A StateBucket "bad/state" with these props. */
const bucket = (props: StateBucketProps) => (tf: Construct) => new StateBucket(stack(tf), 'state', props);
/** A StateBucket with a name prefix and these props besides. */
const prefixed = (props: Partial<StateBucketProps>) => bucket({ namePrefix: 'terraform-state', ...props });
const replicated = (replication: Record<string, unknown>, props: Partial<StateBucketProps> = { kmsKeyArn: KEY }) =>
  prefixed({ ...props, replication: { destinationBucketArn: REPLICA, destinationKmsKeyArn: REPLICA_KEY, ...replication } as never });

/** Each case builds its stacks in the cdktf App of the app "bad". */
const inTerraform = (build: (tf: Construct) => void) => (app: App) => {
  new AppStack(app, 'bad');
  build(terraformApp(app));
};

const CASES: BadInput[] = ([
  { title: 'neither a prefix nor a name', build: bucket({}),
    where: '[bad/state] namePrefix: got undefined', expected: 'either namePrefix (the name is made unique with the account id and region) or bucketName' },
  { title: 'both a prefix and a name', build: bucket({ namePrefix: 'terraform-state', bucketName: 'acme-state' }),
    where: '[bad/state] namePrefix: got "terraform-state"', expected: 'either namePrefix' },
  { title: 'a prefix with upper case', build: prefixed({ namePrefix: 'Terraform' }),
    where: '[bad/state] namePrefix: got "Terraform"', expected: '1-35 lowercase letters, digits or "-"' },
  { title: 'a prefix with a dot', build: prefixed({ namePrefix: 'acme.state' }),
    where: '[bad/state] namePrefix: got "acme.state"', expected: '1-35 lowercase letters, digits or "-"' },
  { title: 'a prefix ending with "-"', build: prefixed({ namePrefix: 'state-' }),
    where: '[bad/state] namePrefix: got "state-"', expected: '1-35 lowercase letters, digits or "-", starting and ending with a letter or digit' },
  { title: 'a prefix too long for the account id, region and "-logs"', build: prefixed({ namePrefix: 'a'.repeat(36) }),
    where: `[bad/state] namePrefix: got "${'a'.repeat(36)}"`, expected: '1-35 lowercase letters, digits or "-", starting and ending with a letter or digit, such as "terraform-state" (the name adds "-logs" for the log bucket, "-<12-digit account id>-us-west-2" and S3 allows 63 characters)' },
  { title: 'a prefix S3 reserves', build: prefixed({ namePrefix: 'xn--state' }),
    where: '[bad/state] namePrefix: got "xn--state-000000000000-us-west-2"', expected: 'an S3 bucket name' },
  { title: 'a prefix outside a PlatformStack (no region)', build: (tf) => new StateBucket(new TerraformStack(tf, 'plain'), 'state', { namePrefix: 'terraform-state' }),
    where: '[plain/state] namePrefix: got "terraform-state"', expected: 'a bucket in a PlatformStack (the name ends with the stack\'s region); outside one, give bucketName' },
  { title: 'two buckets of the same prefix in one region', build: (tf) => {
    new StateBucket(stack(tf), 'state', { namePrefix: 'terraform-state' });
    new StateBucket(new PlatformStack(tf, 'second', { region: 'us-west-2', backend: StateBackend.local() }), 'state', { namePrefix: 'terraform-state' });
  }, where: '[second/state] namePrefix: got "terraform-state"', expected: 'a bucket name no other StateBucket of this app has (bad/state has it already)' },
  { title: 'a prefix that names the log bucket of another', build: (tf) => {
    new StateBucket(stack(tf), 'state', { namePrefix: 'acme' });
    new StateBucket(new PlatformStack(tf, 'second', { region: 'us-west-2', backend: StateBackend.local() }), 'state', { namePrefix: 'acme-logs' });
  }, where: '[second/state] namePrefix: got "acme-logs"', expected: 'a bucket name no other StateBucket of this app has (bad/state has it already)' },
  { title: 'a name whose log bucket is another state bucket', build: (tf) => {
    new StateBucket(stack(tf), 'state', { bucketName: 'acme-state-logs' });
    new StateBucket(new PlatformStack(tf, 'second', { region: 'us-west-2', backend: StateBackend.local() }), 'state', { bucketName: 'acme-state' });
  }, where: '[second/state] bucketName: got "acme-state"', expected: 'a name whose log bucket "acme-state-logs" no other StateBucket of this app has (bad/state has it already)' },
  { title: 'two state buckets in one stack', build: (tf) => {
    const s = stack(tf);
    new StateBucket(s, 'one', { namePrefix: 'one' });
    new StateBucket(s, 'two', { namePrefix: 'two' });
  }, where: '[bad/two] scope: got "bad"', expected: 'a stack without another StateBucket (the bucket name is the stack\'s one "state_bucket" output)' },
  { title: 'a name too long for "<name>-logs"', build: bucket({ bucketName: 'a'.repeat(59) }),
    where: `[bad/state] bucketName: got "${'a'.repeat(59)}"`, expected: 'a name of at most 58 characters, so that the log bucket "<bucketName>-logs" fits in 63, or give accessLogs.bucketName' },
  { title: 'a key alias for the state key', build: prefixed({ kmsKeyArn: 'arn:aws:kms:us-west-2:123456789012:alias/state' }),
    where: '[bad/state] kmsKeyArn: got "arn:aws:kms:us-west-2:123456789012:alias/state"', expected: 'a KMS key ARN such as' },
  // cdktf numbers tokens per process: a small number may be a real token of another app built earlier in the process.
  { title: 'an unknown Terraform value for the key', build: prefixed({ kmsKeyArn: '${TfToken[TOKEN.999999999]}' }),
    where: '[bad/state] kmsKeyArn: got "${TfToken[TOKEN.999999999]}"', expected: 'a KMS key ARN such as "arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", or a Terraform reference (a Terraform value must be one of this app\'s' },
  { title: 'no noncurrent version retention', build: prefixed({ noncurrentVersions: { expireAfterDays: 0 } }),
    where: '[bad/state] noncurrentVersions.expireAfterDays: got 0', expected: 'an integer from 1 to 3650' },
  { title: 'more kept versions than S3 allows', build: prefixed({ noncurrentVersions: { keepNewest: 101 } }),
    where: '[bad/state] noncurrentVersions.keepNewest: got 101', expected: 'an integer from 1 to 100' },
  { title: 'a retention option it does not have', build: prefixed({ noncurrentVersions: { days: 30 } as never }),
    where: '[bad/state] noncurrentVersions.days: got 30', expected: 'a known prop; the props are expireAfterDays, keepNewest' },
  { title: 'a log bucket named like the state bucket', build: bucket({ bucketName: 'acme-state', accessLogs: { bucketName: 'acme-state' } }),
    where: '[bad/state] accessLogs.bucketName: got "acme-state"', expected: 'a bucket other than the state bucket' },
  { title: 'an invalid log bucket name', build: prefixed({ accessLogs: { bucketName: 'Logs' } }),
    where: '[bad/state] accessLogs.bucketName: got "Logs"', expected: 'an S3 bucket name' },
  { title: 'logs kept for half a day', build: prefixed({ accessLogs: { expireAfterDays: 0.5 } }),
    where: '[bad/state] accessLogs.expireAfterDays: got 0.5', expected: 'an integer from 1 to 3650' },
  { title: 'a log option it does not have', build: prefixed({ accessLogs: { enabled: false } as never }),
    where: '[bad/state] accessLogs.enabled: got false', expected: 'a known prop; the props are bucketName, expireAfterDays' },
  { title: 'replication without a state key of its own', build: replicated({}, {}),
    where: '[bad/state] kmsKeyArn: got undefined', expected: 'a customer managed KMS key ARN when replication is on' },
  { title: 'replication to a bucket name instead of its ARN', build: replicated({ destinationBucketArn: 'acme-state-replica' }),
    where: '[bad/state] replication.destinationBucketArn: got "acme-state-replica"', expected: 'an S3 bucket ARN such as' },
  { title: 'replication to the state bucket itself', build: (tf) => new StateBucket(stack(tf), 'state', {
    bucketName: 'acme-state', kmsKeyArn: KEY, replication: { destinationBucketArn: 'arn:aws:s3:::acme-state', destinationKmsKeyArn: REPLICA_KEY },
  }), where: '[bad/state] replication.destinationBucketArn: got "arn:aws:s3:::acme-state"', expected: 'a bucket other than the state bucket itself' },
  { title: 'replication without a destination key', build: replicated({ destinationKmsKeyArn: undefined }),
    where: '[bad/state] replication.destinationKmsKeyArn: got undefined', expected: 'a KMS key ARN such as' },
  { title: 'replicas in an archive class', build: replicated({ storageClass: 'DEEP_ARCHIVE' }),
    where: '[bad/state] replication.storageClass: got "DEEP_ARCHIVE"', expected: 'one of STANDARD, STANDARD_IA, INTELLIGENT_TIERING, GLACIER_IR' },
  { title: 'a replication option it does not have', build: replicated({ deleteMarkers: true }),
    where: '[bad/state] replication.deleteMarkers: got true', expected: 'a known prop; the props are destinationBucketArn, destinationKmsKeyArn, storageClass' },
  { title: 'replication as a string', build: prefixed({ replication: 'us-east-1' as never }),
    where: '[bad/state] replication: got "us-east-1"', expected: 'an object of props' },
  { title: 'destroy allowed without a reason', build: prefixed({ allowDestroy: { reason: ' ' } }),
    where: '[bad/state] allowDestroy.reason: got " "', expected: 'a reason why terraform destroy may delete the bucket' },
  { title: 'a prop it does not have', build: (tf) => new StateBucket(stack(tf), 'state', withUnknownProps({ namePrefix: 'terraform-state' }, { versioning: false })),
    where: '[bad/state] versioning: got false', expected: 'a known prop; the props are accessLogs, allowDestroy, bucketName, kmsKeyArn, namePrefix, noncurrentVersions, replication' },
] as Array<Omit<BadInput, 'build'> & { build: (tf: Construct) => void }>).map((c) => ({ ...c, build: inTerraform(c.build) }));

describeBadInputs('bad StateBucket input is rejected at synth time with a clear error and no output', GOOD_PLATFORM_APP, CASES);
