import { PlatformStack, StateBackend, StateBucket, terraformApp } from '../../../lib/aws';
import { AppStack } from '../../../lib/core/app-stack';
import { addressOf, resource, synthPlatform, synthStack } from '../../helpers/terraform';

describe('StateBucket', () => {
  const tf = synthStack((stack) => new StateBucket(stack, 'state', { bucketName: 'acme-terraform-state' }));
  const bucket = `\${${addressOf(tf, 'aws_s3_bucket')}.id}`;

  test('is protected from destroy, versioned, KMS-encrypted, private and owner-enforced', () => {
    expect(resource(tf, 'aws_s3_bucket')).toMatchObject({ bucket: 'acme-terraform-state', lifecycle: { prevent_destroy: true } });
    expect(resource(tf, 'aws_s3_bucket')).not.toHaveProperty('acl');
    expect(resource(tf, 'aws_s3_bucket_versioning')).toEqual(expect.objectContaining({ bucket, versioning_configuration: { status: 'Enabled' } }));
    expect(resource(tf, 'aws_s3_bucket_server_side_encryption_configuration').rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms' }, bucket_key_enabled: true },
    ]);
    expect(resource(tf, 'aws_s3_bucket_public_access_block')).toMatchObject({
      bucket, block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true,
    });
    expect(resource(tf, 'aws_s3_bucket_ownership_controls').rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
  });

  test('denies requests without TLS', () => {
    const doc = Object.values(tf.data.aws_iam_policy_document)[0] as any;
    expect(doc.statement[0]).toMatchObject({
      effect: 'Deny', actions: ['s3:*'], condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
    });
    expect(resource(tf, 'aws_s3_bucket_policy').bucket).toBe(bucket);
  });

  test('destroy can be allowed with a reason', () => {
    const tf2 = synthStack((stack) => new StateBucket(stack, 'state', { bucketName: 'acme-scratch', allowDestroy: { reason: 'throwaway workshop account' } }));
    expect(resource(tf2, 'aws_s3_bucket').lifecycle).toEqual({ prevent_destroy: false });
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
    expect(out.stacks.shared.terraform.required_version).toBe('>= 1.10');
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
