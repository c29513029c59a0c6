// The bucket that receives the S3 server access logs of a StateBucket. Internal: StateBucket creates it.
import { Construct } from 'constructs';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLoggingA as S3BucketLogging } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { suppressCheckov } from './checkov';
import { logExpiryRules, privateBucket } from './private-bucket-parts';

/** Where the logs go inside the log bucket; S3 appends account, region, source bucket and date (partitioned keys). */
export const ACCESS_LOG_PREFIX = 'access-logs/';

/** How the log bucket is made. */
export interface AccessLogBucketOptions {
  /** Its name (a literal or a Terraform value). */
  readonly name: string;
  /** The bucket whose requests are logged. */
  readonly source: S3Bucket;
  /** The account id of the stack (a Terraform value). */
  readonly accountId: string;
  /** Days a log object is kept. */
  readonly expireAfterDays: number;
  /** Whether `terraform destroy` is refused. */
  readonly preventDestroy: boolean;
}

/**
 * A private bucket for the access logs of one bucket (same account and region, as S3 requires), with the policy that
 * lets the S3 logging service write there only for that bucket and account, and the logging setting on the source.
 */
export class AccessLogBucket extends Construct {
  /** The log bucket. */
  public readonly bucket: S3Bucket;

  public constructor(scope: Construct, id: string, options: AccessLogBucketOptions) {
    super(scope, id);
    const source = options.source;
    const { bucket, policy } = privateBucket(this, {
      name: options.name,
      // The log is the trail of who read and wrote the state: it is kept as long as the state bucket is.
      preventDestroy: options.preventDestroy,
      // S3 delivers server access logs to buckets encrypted by default with SSE-S3; the AWS managed key aws/s3 cannot be
      // granted to the logging service, so logs sent to such a bucket would not arrive.
      encryption: { algorithm: 'AES256' },
      lifecycleRules: logExpiryRules('expire-logs', options.expireAfterDays),
      // The S3 logging service writes with a bucket policy (ACLs are disabled); the conditions stop it from writing
      // logs of any other bucket or account here (the confused deputy problem).
      policyStatements: (arn) => [{
        sid: 'S3ServerAccessLogsPolicy',
        effect: 'Allow',
        actions: ['s3:PutObject'],
        resources: [`${arn}/${ACCESS_LOG_PREFIX}*`],
        principals: [{ type: 'Service', identifiers: ['logging.s3.amazonaws.com'] }],
        condition: [
          { test: 'ArnLike', variable: 'aws:SourceArn', values: [source.arn] },
          { test: 'StringEquals', variable: 'aws:SourceAccount', values: [options.accountId] },
        ],
      }],
    });
    this.bucket = bucket;
    new S3BucketLogging(this, 'logging', {
      bucket: source.id,
      targetBucket: bucket.id,
      targetPrefix: ACCESS_LOG_PREFIX,
      // Date-partitioned keys (account/region/bucket/yyyy/mm/dd/) let Athena prune by day.
      targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: 'EventTime' } },
      // Logs are delivered only once the log bucket's policy lets them in: logging is turned on after it.
      dependsOn: [policy],
    });

    suppressCheckov(bucket, 'CKV_AWS_18', {
      reason: 'this is the access log bucket: S3 advises against logging a log bucket (to itself it would log its own deliveries without end)',
    });
    suppressCheckov(bucket, 'CKV_AWS_145', {
      reason: 'S3 server access log delivery supports SSE-S3 default encryption on the log bucket, not the AWS managed KMS key',
    });
    suppressCheckov(bucket, 'CKV_AWS_144', {
      reason: 'access logs are an audit trail of this region\'s state bucket; the state itself is what StateBucket replicates (replication prop)',
    });
    suppressCheckov(bucket, 'CKV2_AWS_62', {
      reason: 'the only writer is the S3 logging service, every few minutes: events about new log objects carry no signal',
    });
  }
}
