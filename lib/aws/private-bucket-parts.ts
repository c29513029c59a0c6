// The settings every bucket keelson creates shares (the state bucket and its access log bucket): versioning, default
// encryption, all public access blocked, ACLs disabled, a policy that refuses plain HTTP, and a lifecycle
// configuration. Internal: not exported from keelson/aws.
import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration, S3BucketLifecycleConfigurationRule } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA as S3BucketServerSideEncryptionConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA as S3BucketVersioning } from '@cdktf/provider-aws/lib/s3-bucket-versioning';

/** How a private bucket is set up. */
export interface PrivateBucketOptions {
  /** The bucket name (a literal or a Terraform value). */
  readonly name: string;
  /** Whether `terraform destroy` is refused. */
  readonly preventDestroy: boolean;
  /** Default encryption: SSE-KMS (with a key ARN, or the AWS managed key aws/s3), or SSE-S3 ("AES256"). */
  readonly encryption: { readonly algorithm: 'aws:kms'; readonly kmsKeyArn?: string } | { readonly algorithm: 'AES256' };
  /** The lifecycle rules. */
  readonly lifecycleRules: S3BucketLifecycleConfigurationRule[];
  /** Statements of the bucket policy besides the one that denies plain HTTP (given the bucket's ARN). */
  readonly policyStatements?: (bucketArn: string) => DataAwsIamPolicyDocumentStatement[];
}

/** The resources of a private bucket that others refer to. */
export interface PrivateBucket {
  readonly bucket: S3Bucket;
  readonly versioning: S3BucketVersioning;
  readonly policy: S3BucketPolicy;
}

/**
 * Creates the bucket and its settings as children of `scope`, under the construct ids StateBucket has always used
 * (so that their Terraform addresses do not change).
 */
export function privateBucket(scope: Construct, options: PrivateBucketOptions): PrivateBucket {
  const bucket = new S3Bucket(scope, 'bucket', { bucket: options.name, lifecycle: { preventDestroy: options.preventDestroy } });
  const bucketId = bucket.id;
  const versioning = new S3BucketVersioning(scope, 'versioning', { bucket: bucketId, versioningConfiguration: { status: 'Enabled' } });
  const enc = options.encryption;
  new S3BucketServerSideEncryptionConfiguration(scope, 'encryption', {
    bucket: bucketId,
    rule: [enc.algorithm === 'aws:kms'
      // A bucket key cuts the KMS requests (and their cost) by reusing a bucket-level data key for a while.
      ? { applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', ...(enc.kmsKeyArn ? { kmsMasterKeyId: enc.kmsKeyArn } : {}) }, bucketKeyEnabled: true }
      : { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
  });
  const block = new S3BucketPublicAccessBlock(scope, 'public-access-block', {
    bucket: bucketId,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new S3BucketOwnershipControls(scope, 'ownership', { bucket: bucketId, rule: { objectOwnership: 'BucketOwnerEnforced' } });
  // The rules act on noncurrent versions: the provider's documentation has versioning set up before them.
  new S3BucketLifecycleConfiguration(scope, 'lifecycle', { bucket: bucketId, rule: options.lifecycleRules, dependsOn: [versioning] });
  const doc = new DataAwsIamPolicyDocument(scope, 'tls-only', {
    statement: [
      {
        sid: 'DenyInsecureTransport',
        effect: 'Deny',
        actions: ['s3:*'],
        resources: [bucket.arn, `${bucket.arn}/*`],
        principals: [{ type: '*', identifiers: ['*'] }],
        condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
      },
      ...(options.policyStatements?.(bucket.arn) ?? []),
    ],
  });
  // S3 refuses concurrent changes to a bucket's policy and its public access block (OperationAborted): one at a time.
  const policy = new S3BucketPolicy(scope, 'policy', { bucket: bucketId, policy: doc.json, dependsOn: [block] });
  return { bucket, versioning, policy };
}

/** A rule that ends incomplete multipart uploads after 7 days (their parts are billed but never visible), CKV_AWS_300. */
export const ABORT_INCOMPLETE_UPLOADS = { abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }] };

/**
 * The lifecycle of a log bucket: objects expire after `days` (the rule named `id`), a deleted or expired object's
 * version is kept 30 more days, incomplete uploads end after 7, and a delete marker goes once no older version remains.
 */
export function logExpiryRules(id: string, days: number): S3BucketLifecycleConfigurationRule[] {
  return [
    { id, status: 'Enabled', filter: [{}], expiration: [{ days }], noncurrentVersionExpiration: [{ noncurrentDays: 30 }], ...ABORT_INCOMPLETE_UPLOADS },
    { id: 'remove-expired-delete-markers', status: 'Enabled', filter: [{}], expiration: [{ expiredObjectDeleteMarker: true }] },
  ];
}
