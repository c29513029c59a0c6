// Cross-region replication of a StateBucket: the role S3 assumes and the replication rule. Internal: StateBucket
// validates the options and calls it.
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketReplicationConfigurationA as S3BucketReplicationConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-replication-configuration';
import type { StateBucketReplication } from './state-bucket';

/** What the replication of one bucket needs besides its options. */
export interface ReplicationSource {
  readonly bucket: S3Bucket;
  /** The KMS key that encrypts the source objects. */
  readonly kmsKeyArn: string;
  /** The account id of the stack (a Terraform value). */
  readonly accountId: string;
  /** The source region ("*" when the stack has none). */
  readonly region: string;
  /** What must exist first (versioning: S3 refuses replication on an unversioned bucket). */
  readonly dependsOn: ITerraformDependable[];
}

/** The replication role, its policy and the replication configuration, as children of `scope`. */
export function replicateState(scope: Construct, source: ReplicationSource, options: StateBucketReplication): S3BucketReplicationConfiguration {
  const arn = source.bucket.arn;
  const destination = options.destinationBucketArn;
  const trust = new DataAwsIamPolicyDocument(scope, 'replication-trust', {
    statement: [{
      effect: 'Allow',
      actions: ['sts:AssumeRole'],
      principals: [{ type: 'Service', identifiers: ['s3.amazonaws.com'] }],
      // Only S3 acting for this bucket of this account may assume the role (the confused deputy problem).
      condition: [
        { test: 'StringEquals', variable: 'aws:SourceAccount', values: [source.accountId] },
        { test: 'ArnLike', variable: 'aws:SourceArn', values: [arn] },
      ],
    }],
  });
  // IAM role name prefixes are at most 38 characters; Terraform appends a unique suffix.
  const role = new IamRole(scope, 'replication-role', { namePrefix: 'state-replication-', assumeRolePolicy: trust.json });
  // With a bucket key, the KMS encryption context is the bucket's ARN; without one, the object's.
  const context = (bucketArn: string) => ({ test: 'StringLike', variable: 'kms:EncryptionContext:aws:s3:arn', values: [bucketArn, `${bucketArn}/*`] });
  const permissions = new DataAwsIamPolicyDocument(scope, 'replication-permissions', {
    statement: [
      { sid: 'ReadReplicationConfiguration', effect: 'Allow', actions: ['s3:GetReplicationConfiguration', 's3:ListBucket'], resources: [arn] },
      {
        sid: 'ReadSourceVersions',
        effect: 'Allow',
        actions: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
        resources: [`${arn}/*`],
      },
      { sid: 'WriteReplicas', effect: 'Allow', actions: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'], resources: [`${destination}/*`] },
      {
        sid: 'DecryptSource',
        effect: 'Allow',
        actions: ['kms:Decrypt'],
        resources: [source.kmsKeyArn],
        condition: [{ test: 'StringLike', variable: 'kms:ViaService', values: [`s3.${source.region}.amazonaws.com`] }, context(arn)],
      },
      {
        sid: 'EncryptReplicas',
        effect: 'Allow',
        actions: ['kms:Encrypt', 'kms:GenerateDataKey'],
        resources: [options.destinationKmsKeyArn],
        condition: [{ test: 'StringLike', variable: 'kms:ViaService', values: ['s3.*.amazonaws.com'] }, context(destination)],
      },
    ],
  });
  const policy = new IamRolePolicy(scope, 'replication-policy', { role: role.name, name: 'replicate-state', policy: permissions.json });
  return new S3BucketReplicationConfiguration(scope, 'replication', {
    bucket: source.bucket.id,
    role: role.arn,
    rule: [{
      id: 'replicate-state',
      status: 'Enabled',
      filter: {},
      // A deleted state file stays readable in the replica: deletions are not replicated.
      deleteMarkerReplication: { status: 'Disabled' },
      // Every state object is SSE-KMS encrypted; S3 replicates such objects only when asked, re-encrypting them with
      // a key of the destination region.
      sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } },
      destination: {
        bucket: destination,
        storageClass: options.storageClass ?? 'STANDARD',
        encryptionConfiguration: { replicaKmsKeyId: options.destinationKmsKeyArn },
      },
    }],
    dependsOn: [...source.dependsOn, policy],
  });
}
