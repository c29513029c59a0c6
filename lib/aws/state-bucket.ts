import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA as S3BucketServerSideEncryptionConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA as S3BucketVersioning } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { propNames } from '../core/resource';
import { PropsValidator } from '../core/validator';
import { S3_BUCKET_NAME } from './aws-formats';
import { checkUniqueName, claimName, readProps, stackOf, terraformScope } from './prop-checks';
import { StateBackend } from './state-backend';

const PROPS = propNames<StateBucketProps>()({ bucketName: true, allowDestroy: true });

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
    super(terraformScope(scope, id), id);
    const v = PropsValidator.of(this);
    const p = readProps(v, props, PROPS);
    if (v.format('bucketName', p.bucketName, S3_BUCKET_NAME, true)) {
      // Terraform reads the state before it creates anything: the stack that keeps its state in this bucket cannot
      // be the one that creates it.
      const stack = stackOf(this) as { backend?: unknown; node: { path: string } } | undefined;
      v.check(!(stack?.backend instanceof StateBackend) || stack.backend.bucket !== p.bucketName, 'bucketName', p.bucketName,
        `a bucket other than the one stack "${stack?.node.path}" keeps its own state in (StateBackend.s3): Terraform cannot keep its state in a `
        + 'bucket the same stack creates; create the bucket in a separate bootstrap stack with StateBackend.local(), as StateStack does');
      // S3 bucket names are global: a second bucket of the same name fails at apply time.
      checkUniqueName(this, v, 'S3 bucket names', p.bucketName!, 'bucketName', p.bucketName, 'a bucket name no other StateBucket of this app has');
    }
    v.risk('allowDestroy', p.allowDestroy, 'terraform destroy may delete the bucket that holds the state of other stacks');
    v.throwIfInvalid();
    this.bucketName = p.bucketName!;
    claimName(this, 'S3 bucket names', this.bucketName);

    this.bucket = new S3Bucket(this, 'bucket', {
      bucket: props.bucketName,
      lifecycle: { preventDestroy: p.allowDestroy === undefined },
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
