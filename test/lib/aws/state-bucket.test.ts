import { PlatformStack, StateBackend, StateBucket, StateBucketProps, terraformApp } from '../../../lib/aws';
import { AppStack } from '../../../lib/core/app-stack';
import { policyFindings, resources, synthPlatform, synthStack, TerraformJson } from '../../helpers/terraform';

const ACCOUNT = '${data.aws_caller_identity.caller-identity.account_id}';
const KEY = 'arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const REPLICA_KEY = 'arn:aws:kms:us-east-1:123456789012:key/9876abcd-12ab-34cd-56ef-1234567890ab';

/** The resource of `type` that construct `path` (under the stack "test") defined. */
function at(tf: TerraformJson, type: string, path: string): any {
  const found = resources(tf, type).filter((r) => r['//']?.metadata?.path === `test/${path}`);
  if (found.length !== 1) {
    throw new Error(`expected one ${type} at ${path}, found ${found.length}`);
  }
  return found[0];
}
/** `${<type>.<name>.<attribute>}` of the resource of `type` at `path`. */
function ref(tf: TerraformJson, type: string, path: string, attribute: string): string {
  return `\${${type}.${at(tf, type, path)['//'].metadata.uniqueId}.${attribute}}`;
}
const docOf = (tf: TerraformJson, path: string) => tf.data.aws_iam_policy_document[at(tf, 'aws_s3_bucket_policy', path).policy.match(/aws_iam_policy_document\.([^.]+)\./)[1]];
const bucketIn = (build: (props: StateBucketProps) => StateBucketProps = (p) => p) =>
  synthStack((stack) => new StateBucket(stack, 'state', build({ namePrefix: 'terraform-state' })));

describe('StateBucket with a name prefix', () => {
  const tf = bucketIn();
  const bucket = ref(tf, 'aws_s3_bucket', 'state/bucket', 'id');
  const logBucket = ref(tf, 'aws_s3_bucket', 'state/access-logs/bucket', 'id');

  test('is named after the account id and region, protected from destroy, and its name is the state_bucket output', () => {
    expect(at(tf, 'aws_s3_bucket', 'state/bucket')).toMatchObject({ bucket: `terraform-state-${ACCOUNT}-us-west-2`, lifecycle: { prevent_destroy: true } });
    expect(Object.keys(tf.data.aws_caller_identity)).toEqual(['caller-identity']);
    expect(tf.output).toEqual({ state_bucket: { value: ref(tf, 'aws_s3_bucket', 'state/bucket', 'bucket'), description: 'The name of the Terraform state bucket' } });
  });

  test('is versioned, KMS-encrypted with a bucket key, private, owner-enforced and HTTPS-only', () => {
    expect(at(tf, 'aws_s3_bucket', 'state/bucket')).not.toHaveProperty('acl');
    expect(at(tf, 'aws_s3_bucket_versioning', 'state/versioning')).toMatchObject({ bucket, versioning_configuration: { status: 'Enabled' } });
    expect(at(tf, 'aws_s3_bucket_server_side_encryption_configuration', 'state/encryption').rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms' }, bucket_key_enabled: true },
    ]);
    expect(at(tf, 'aws_s3_bucket_public_access_block', 'state/public-access-block')).toMatchObject({
      bucket, block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true,
    });
    expect(at(tf, 'aws_s3_bucket_ownership_controls', 'state/ownership').rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
    expect(docOf(tf, 'state/policy').statement).toEqual([expect.objectContaining({
      effect: 'Deny', actions: ['s3:*'], condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
    })]);
  });

  test('expires noncurrent versions after 90 days but keeps the 10 newest, and ends incomplete uploads', () => {
    expect(at(tf, 'aws_s3_bucket_lifecycle_configuration', 'state/lifecycle')).toMatchObject({
      bucket,
      depends_on: [expect.stringMatching(/^aws_s3_bucket_versioning\.state_versioning_/)],
      rule: [{
        id: 'expire-old-state-versions', status: 'Enabled', filter: [{}],
        noncurrent_version_expiration: [{ noncurrent_days: 90, newer_noncurrent_versions: 10 }],
        expiration: [{ expired_object_delete_marker: true }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      }],
    });
    // An empty filter (every object): the only kind of rule Checkov's CKV_AWS_300 counts.
    expect(at(tf, 'aws_s3_bucket_lifecycle_configuration', 'state/lifecycle').rule[0].filter).toEqual([{}]);
    expect(at(tf, 'aws_s3_bucket_lifecycle_configuration', 'state/access-logs/lifecycle').rule.map((r: any) => r.filter)).toEqual([[{}], [{}]]);
  });

  test('logs its requests to a log bucket that only the S3 logging service of this bucket and account may write to', () => {
    expect(at(tf, 'aws_s3_bucket_logging', 'state/access-logs/logging')).toMatchObject({
      bucket, target_bucket: logBucket, target_prefix: 'access-logs/',
      target_object_key_format: { partitioned_prefix: { partition_date_source: 'EventTime' } },
    });
    const [tls, logging] = docOf(tf, 'state/access-logs/policy').statement;
    expect(tls).toMatchObject({ sid: 'DenyInsecureTransport', effect: 'Deny' });
    expect(logging).toEqual({
      sid: 'S3ServerAccessLogsPolicy', effect: 'Allow', actions: ['s3:PutObject'],
      resources: [`${ref(tf, 'aws_s3_bucket', 'state/access-logs/bucket', 'arn')}/access-logs/*`],
      principals: [{ type: 'Service', identifiers: ['logging.s3.amazonaws.com'] }],
      condition: [
        { test: 'ArnLike', variable: 'aws:SourceArn', values: [ref(tf, 'aws_s3_bucket', 'state/bucket', 'arn')] },
        { test: 'StringEquals', variable: 'aws:SourceAccount', values: [ACCOUNT] },
      ],
    });
  });

  test('the log bucket: named likewise, protected, versioned, SSE-S3, private, logs kept a year, the skipped Checkov checks explained', () => {
    const logs = at(tf, 'aws_s3_bucket', 'state/access-logs/bucket');
    expect(logs).toMatchObject({ bucket: `terraform-state-logs-${ACCOUNT}-us-west-2`, lifecycle: { prevent_destroy: true } });
    expect(at(tf, 'aws_s3_bucket_versioning', 'state/access-logs/versioning').versioning_configuration).toEqual({ status: 'Enabled' });
    expect(at(tf, 'aws_s3_bucket_server_side_encryption_configuration', 'state/access-logs/encryption').rule)
      .toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }]);
    expect(at(tf, 'aws_s3_bucket_public_access_block', 'state/access-logs/public-access-block')).toMatchObject({ bucket: logBucket, restrict_public_buckets: true });
    expect(at(tf, 'aws_s3_bucket_lifecycle_configuration', 'state/access-logs/lifecycle').rule).toEqual([
      expect.objectContaining({ id: 'expire-logs', expiration: [{ days: 365 }], noncurrent_version_expiration: [{ noncurrent_days: 30 }] }),
      expect.objectContaining({ id: 'remove-expired-delete-markers', expiration: [{ expired_object_delete_marker: true }] }),
    ]);
    expect(logs['//'].checkov.skip.map((s: any) => s.id)).toEqual(['CKV_AWS_18', 'CKV_AWS_145', 'CKV_AWS_144', 'CKV2_AWS_62']);
    expect(Object.keys(logs['//'].checkov_skip_reasons).sort()).toEqual(['CKV2_AWS_62', 'CKV_AWS_144', 'CKV_AWS_145', 'CKV_AWS_18']);
  });

  test('publishes object events to EventBridge; replication is off, and the Checkov check for it skipped with the reason', () => {
    expect(at(tf, 'aws_s3_bucket_notification', 'state/notifications')).toMatchObject({ bucket, eventbridge: true });
    expect(tf.resource.aws_s3_bucket_replication_configuration).toBeUndefined();
    expect(at(tf, 'aws_s3_bucket', 'state/bucket')['//'].checkov.skip).toEqual([{ id: 'CKV_AWS_144', comment: expect.stringContaining('replication is optional') }]);
  });

  test('passes every policy check, with no warnings', () => {
    expect(policyFindings(tf)).toEqual([]);
  });
});

describe('StateBucket options', () => {
  test('an exact name keeps the old addresses; the log bucket is "<name>-logs"; destroy can be allowed with a reason', () => {
    const tf = synthStack((stack) => new StateBucket(stack, 'state', { bucketName: 'acme-scratch', allowDestroy: { reason: 'throwaway workshop account' } }));
    expect(Object.keys(tf.resource.aws_s3_bucket).sort()).toEqual(['state_access-logs_bucket_8C81354E', 'state_bucket_803B4E61']);
    expect(at(tf, 'aws_s3_bucket', 'state/bucket')).toMatchObject({ bucket: 'acme-scratch', lifecycle: { prevent_destroy: false } });
    expect(at(tf, 'aws_s3_bucket', 'state/access-logs/bucket')).toMatchObject({ bucket: 'acme-scratch-logs', lifecycle: { prevent_destroy: false } });
    expect(tf.data.aws_caller_identity).toBeDefined(); // the log bucket policy names the account
  });

  test('retention, log bucket name and expiry, and a customer managed key', () => {
    const tf = bucketIn((p) => ({
      ...p, kmsKeyArn: KEY, noncurrentVersions: { expireAfterDays: 30, keepNewest: 3 }, accessLogs: { bucketName: 'acme-state-logs', expireAfterDays: 90 },
    }));
    expect(at(tf, 'aws_s3_bucket_server_side_encryption_configuration', 'state/encryption').rule[0].apply_server_side_encryption_by_default)
      .toEqual({ sse_algorithm: 'aws:kms', kms_master_key_id: KEY });
    expect(at(tf, 'aws_s3_bucket_lifecycle_configuration', 'state/lifecycle').rule[0].noncurrent_version_expiration)
      .toEqual([{ noncurrent_days: 30, newer_noncurrent_versions: 3 }]);
    expect(at(tf, 'aws_s3_bucket', 'state/access-logs/bucket').bucket).toBe('acme-state-logs');
    expect(at(tf, 'aws_s3_bucket_lifecycle_configuration', 'state/access-logs/lifecycle').rule[0].expiration).toEqual([{ days: 90 }]);
  });

  describe('replication', () => {
    const tf = bucketIn((p) => ({
      ...p, kmsKeyArn: KEY,
      replication: { destinationBucketArn: 'arn:aws:s3:::acme-state-replica', destinationKmsKeyArn: REPLICA_KEY, storageClass: 'STANDARD_IA' },
    }));
    const arn = ref(tf, 'aws_s3_bucket', 'state/bucket', 'arn');

    test('replicates every KMS-encrypted state object, re-encrypted with the destination key; deletions stay in the source', () => {
      expect(at(tf, 'aws_s3_bucket_replication_configuration', 'state/replication')).toMatchObject({
        bucket: ref(tf, 'aws_s3_bucket', 'state/bucket', 'id'),
        role: ref(tf, 'aws_iam_role', 'state/replication-role', 'arn'),
        depends_on: [expect.stringMatching(/^aws_s3_bucket_versioning\./), expect.stringMatching(/^aws_iam_role_policy\./)],
        rule: [{
          id: 'replicate-state', status: 'Enabled', filter: {},
          delete_marker_replication: { status: 'Disabled' },
          source_selection_criteria: { sse_kms_encrypted_objects: { status: 'Enabled' } },
          destination: { bucket: 'arn:aws:s3:::acme-state-replica', storage_class: 'STANDARD_IA', encryption_configuration: { replica_kms_key_id: REPLICA_KEY } },
        }],
      });
      expect(at(tf, 'aws_s3_bucket', 'state/bucket')['//']).not.toHaveProperty('checkov');
    });

    test('the role: assumed by S3 for this bucket and account only; reads the source versions, writes replicas, uses the two keys', () => {
      const docs = tf.data.aws_iam_policy_document;
      const trust = Object.entries(docs).find(([name]) => name.startsWith('state_replication-trust'))![1] as any;
      expect(trust.statement[0]).toMatchObject({
        actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['s3.amazonaws.com'] }],
        condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [ACCOUNT] }, { test: 'ArnLike', variable: 'aws:SourceArn', values: [arn] }],
      });
      expect(at(tf, 'aws_iam_role', 'state/replication-role')).toMatchObject({ name_prefix: 'state-replication-' });
      const permissions = Object.entries(docs).find(([name]) => name.startsWith('state_replication-permissions'))![1] as any;
      expect(permissions.statement.map((s: any) => [s.sid, s.resources])).toEqual([
        ['ReadReplicationConfiguration', [arn]],
        ['ReadSourceVersions', [`${arn}/*`]],
        ['WriteReplicas', ['arn:aws:s3:::acme-state-replica/*']],
        ['DecryptSource', [KEY]],
        ['EncryptReplicas', [REPLICA_KEY]],
      ]);
      expect(permissions.statement[3].condition).toEqual([
        { test: 'StringLike', variable: 'kms:ViaService', values: ['s3.us-west-2.amazonaws.com'] },
        { test: 'StringLike', variable: 'kms:EncryptionContext:aws:s3:arn', values: [arn, `${arn}/*`] },
      ]);
    });

    test('passes every policy check', () => {
      expect(policyFindings(tf)).toEqual([]);
    });
  });
});

describe('PlatformStack backends', () => {
  const out = synthPlatform({
    name: 'backends',
    description: '',
    build: (app) => {
      new AppStack(app, 'backends');
      const tf = terraformApp(app);
      new PlatformStack(tf, 'local-state', { region: 'eu-west-1', backend: StateBackend.local('state/terraform.tfstate') });
      new PlatformStack(tf, 'shared', { region: 'eu-west-1', backend: StateBackend.s3({ bucket: 'acme-terraform-state' }), tags: { Team: 'platform' } });
    },
  });

  test('a local backend keeps its relative path; S3 is encrypted and locked with a lock file', () => {
    expect(out.stacks['local-state'].terraform.backend).toEqual({ local: { path: 'state/terraform.tfstate' } });
    expect(out.stacks.shared.terraform.backend).toEqual({
      s3: { bucket: 'acme-terraform-state', key: 'shared/terraform.tfstate', region: 'eu-west-1', encrypt: true, use_lockfile: true },
    });
  });

  test('the AWS provider is pinned, in the stack region, with default tags', () => {
    expect(out.stacks.shared.terraform.required_providers.aws).toEqual({ source: 'aws', version: '6.25.0' });
    expect(out.stacks.shared.provider.aws).toEqual([{ region: 'eu-west-1', default_tags: [{ tags: { ManagedBy: 'keelson', Stack: 'shared', Team: 'platform' } }] }]);
  });

  test('the output carries no absolute path', () => {
    const text = [...out.files.values()].join('\n');
    expect(text).not.toMatch(/"\/(tmp|home|root|work|Users)\//);
    expect(text).not.toContain(process.cwd());
  });
});
