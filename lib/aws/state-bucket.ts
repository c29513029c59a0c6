import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA as S3BucketServerSideEncryptionConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA as S3BucketVersioning } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { PropsValidator } from '../core/validator';
import { S3_BUCKET_NAME } from './aws-formats';

/** Props of a {@link StateBucket}. */
export interface StateBucketProps {
  /** Globally unique bucket name. */
  readonly bucketName: string;
  /**
   * Lets `terraform destroy` delete the bucket. Needs a reason: the bucket holds the state of other stacks.
   * @default the bucket is protected (`prevent_destroy`)
   */
  readonly allowDestroy?: { readonly reason: string };
}

/**
 * An S3 bucket fit for Terraform state (The Kubernetes Workshop, Ex 12.01, done safely): versioned, encrypted
 * with KMS (bucket key on), all public access blocked, ACLs disabled (bucket owner enforced), plain-HTTP requests
 * denied, and protected from `terraform destroy`.
 */
export class StateBucket extends Construct {
  /** The bucket. */
  public readonly bucket: S3Bucket;
  /** Its name. */
  public readonly bucketName: string;

  public constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    const v = PropsValidator.of(this);
    v.format('bucketName', props.bucketName, S3_BUCKET_NAME, true);
    if (props.allowDestroy) {
      v.check(props.allowDestroy.reason?.trim().length > 0, 'allowDestroy.reason', props.allowDestroy.reason, 'a non-empty reason');
    }
    v.throwIfInvalid();
    this.bucketName = props.bucketName;

    this.bucket = new S3Bucket(this, 'bucket', {
      bucket: props.bucketName,
      lifecycle: { preventDestroy: props.allowDestroy === undefined },
    });
    const bucketId = this.bucket.id;
    new S3BucketVersioning(this, 'versioning', { bucket: bucketId, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketServerSideEncryptionConfiguration(this, 'encryption', {
      bucket: bucketId,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms' }, bucketKeyEnabled: true }],
    });
    const block = new S3BucketPublicAccessBlock(this, 'public-access-block', {
      bucket: bucketId,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'ownership', { bucket: bucketId, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    const tlsOnly = new DataAwsIamPolicyDocument(this, 'tls-only', {
      statement: [{
        sid: 'DenyInsecureTransport',
        effect: 'Deny',
        actions: ['s3:*'],
        resources: [this.bucket.arn, `${this.bucket.arn}/*`],
        principals: [{ type: '*', identifiers: ['*'] }],
        condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
      }],
    });
    new S3BucketPolicy(this, 'policy', { bucket: bucketId, policy: tlsOnly.json, dependsOn: [block] });
  }
}
