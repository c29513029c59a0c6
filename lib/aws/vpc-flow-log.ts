import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { AcceptedRisk } from '../core/risk';
import { PropsValidator, isObject } from '../core/validator';
import { suppressCheckov } from './checkov';
import { awsAccountId, awsDnsSuffix, awsPartition } from './platform-stack';
import { logExpiryRules, privateBucket } from './private-bucket-parts';
import { regionOf } from './prop-checks';

/** Options of the flow log of a {@link VpcNetwork} (all traffic, to an encrypted CloudWatch Logs group). */
export interface VpcFlowLogOptions {
  /**
   * Days CloudWatch Logs keeps the flow log records, one of its retention periods (1, 3, 5, 7, 14, 30, 60, 90, 120,
   * 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653).
   * @default 365
   */
  readonly retentionDays?: number;
  /**
   * Accepts a retention under 365 days, with the reason; required for one (Checkov CKV_AWS_338 asks for a year).
   * @default none
   */
  readonly shortRetention?: AcceptedRisk;
  /**
   * Longest time in seconds over which packets of a flow are aggregated into one record: 60 or 600.
   * @default 600
   */
  readonly maxAggregationInterval?: number;
  /**
   * Where the records go: "cloudwatch", a log group encrypted with the flow log's key (search it with Logs Insights),
   * or "s3", a private bucket of this stack encrypted with that key, holding Parquet files partitioned by hour (query
   * them with Athena; far cheaper than CloudWatch Logs at volume).
   * @default "cloudwatch"
   */
  readonly destination?: FlowLogDestination;
}

/** Where a VPC flow log delivers its records. */
export type FlowLogDestination = 'cloudwatch' | 's3';

const OPTIONS = ['retentionDays', 'shortRetention', 'maxAggregationInterval', 'destination'];
const DESTINATIONS: readonly string[] = ['cloudwatch', 's3'];
/** The retention periods CloudWatch Logs accepts (PutRetentionPolicy), "never expire" aside. */
const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
/** Checkov CKV_AWS_338 wants log groups to keep their records for at least a year. */
const MIN_RETENTION_DAYS = 365;

/** Checked flow log options, with their defaults. */
export interface CheckedFlowLogOptions {
  /** Days the log group keeps the records. */
  readonly retentionDays: number;
  /** The reason for a retention under a year, when there is one. */
  readonly shortRetention?: AcceptedRisk;
  /** Seconds over which a flow is aggregated into one record. */
  readonly maxAggregationInterval: number;
  /** Where the records go. */
  readonly destination: FlowLogDestination;
}

/** Checks the `field` (e.g. "flowLogs") options of a flow log; returns them with their defaults. */
export function checkFlowLogOptions(v: PropsValidator, field: string, options: unknown): CheckedFlowLogOptions {
  const defaults: CheckedFlowLogOptions = { retentionDays: MIN_RETENTION_DAYS, maxAggregationInterval: 600, destination: 'cloudwatch' };
  if (options === undefined) {
    return defaults;
  }
  if (!v.check(isObject(options), field, options, 'an object of flow log options { retentionDays?, shortRetention?, maxAggregationInterval?, destination? }')
    || !v.knownProps(field, options, OPTIONS)) {
    return defaults;
  }
  const o = options as VpcFlowLogOptions;
  const retentionDays = o.retentionDays ?? MIN_RETENTION_DAYS;
  const interval = o.maxAggregationInterval ?? 600;
  const destination = o.destination ?? 'cloudwatch';
  v.check(DESTINATIONS.includes(destination), `${field}.destination`, destination, '"cloudwatch" (a log group) or "s3" (a bucket)');
  // CloudWatch Logs keeps records for one of its periods; an S3 lifecycle rule expires objects after any whole number of days.
  const retentionOk = destination === 's3'
    ? v.integer(`${field}.retentionDays`, retentionDays, 1, 36500)
    : v.check(RETENTION_DAYS.includes(retentionDays), `${field}.retentionDays`, retentionDays, `one of the CloudWatch Logs retention periods: ${RETENTION_DAYS.join(', ')}`);
  if (retentionOk) {
    if (v.risk(`${field}.shortRetention`, o.shortRetention, `flow log records may be kept less than ${MIN_RETENTION_DAYS} days (Checkov CKV_AWS_338 asks for a year)`)) {
      v.check(retentionDays >= MIN_RETENTION_DAYS || o.shortRetention !== undefined, `${field}.retentionDays`, retentionDays,
        `at least ${MIN_RETENTION_DAYS} days (Checkov CKV_AWS_338), or a shorter period with ${field}.shortRetention: { reason }`);
      v.check(retentionDays < MIN_RETENTION_DAYS || o.shortRetention === undefined, `${field}.shortRetention`, o.shortRetention,
        `no shortRetention: retentionDays (${retentionDays}) is already at least ${MIN_RETENTION_DAYS} days`);
    }
  }
  // EC2 accepts 60 or 600 seconds; a flow log on a Nitro instance's interface is aggregated every 60 s at most anyway.
  v.check(interval === 60 || interval === 600, `${field}.maxAggregationInterval`, interval, '60 or 600 (seconds)');
  return { retentionDays, shortRetention: o.shortRetention, maxAggregationInterval: interval, destination: destination === 's3' ? 's3' : 'cloudwatch' };
}

/** Props of a {@link VpcFlowLog}. */
export interface VpcFlowLogProps {
  /** The VPC whose traffic is logged. */
  readonly vpc: Vpc;
  /** Name prefix of the resources' Name tags. */
  readonly name: string;
  /** The checked options. */
  readonly options: CheckedFlowLogOptions;
}

/**
 * The flow log of a VpcNetwork's VPC, built by it from checked options (not exported from `keelson/aws`): every
 * packet's flow (traffic type ALL), encrypted with a rotating KMS key of its own, to a CloudWatch Logs group named after
 * the VPC (written through a role only this account's flow logs can assume, allowed to write to that group only), or
 * to a private bucket that only this account's log delivery may write to.
 */
export class VpcFlowLog extends Construct {
  /** The `aws_flow_log`. */
  public readonly flowLog: FlowLog;
  /** The log group that receives the records (destination "cloudwatch"). */
  public readonly logGroup?: CloudwatchLogGroup;
  /** The bucket that receives the records (destination "s3"). */
  public readonly bucket?: S3Bucket;

  public constructor(scope: Construct, id: string, props: VpcFlowLogProps) {
    super(scope, id);
    const { vpc, name, options } = props;
    // The stack's partition (aws, aws-cn, aws-us-gov) and its DNS suffix, rather than a hard-coded "arn:aws".
    const partition = awsPartition(this);
    const account = awsAccountId(this);
    const region = regionOf(this) ?? new DataAwsRegion(this, 'region').region;
    const arn = (service: string, resource: string) => `arn:${partition}:${service}:${region}:${account}:${resource}`;

    // terraform-aws-vpc names the group after the VPC id: unique, and known before the group exists, so the key
    // policy below can name the group's ARN without waiting for it.
    const logGroupName = `/aws/vpc-flow-log/${vpc.id}`;
    // CloudWatch Logs passes the log group's ARN as encryption context (kms:EncryptionContext:aws:logs:arn): the
    // service may use the key for this group only. S3 log delivery is limited to this account's log deliveries (the
    // confused-deputy conditions AWS documents for flow logs). The policy is written inline (jsonencode) rather than
    // through an aws_iam_policy_document, whose statements Checkov would read as an identity policy granting kms:* on "*".
    const service = options.destination === 's3'
      ? {
        Sid: 'LogDeliveryEncryptsTheFlowLogObjects',
        Effect: 'Allow',
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': account }, ArnLike: { 'aws:SourceArn': arn('logs', '*') } },
      }
      : {
        Sid: 'CloudWatchLogsEncryptsTheFlowLogGroup',
        Effect: 'Allow',
        Principal: { Service: `logs.${region}.${awsDnsSuffix(this)}` },
        Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        Resource: '*',
        Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': arn('logs', `log-group:${logGroupName}`) } },
      };
    const key = new KmsKey(this, 'key', {
      description: `Encrypts the VPC flow logs of ${name}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: Fn.jsonencode({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AccountAdministersTheKey',
            Effect: 'Allow',
            Principal: { AWS: `arn:${partition}:iam::${account}:root` },
            Action: 'kms:*',
            Resource: '*',
          },
          service,
        ],
      }),
      tags: { Name: `${name}-flow-logs` },
    });

    const common = { vpcId: vpc.id, trafficType: 'ALL', maxAggregationInterval: options.maxAggregationInterval, tags: { Name: name } };
    if (options.destination === 's3') {
      const { bucket, policy } = flowLogBucket(this, { name: `${vpc.id}-flow-logs`, kmsKeyArn: key.arn, account, logsArn: arn('logs', '*'), options });
      this.bucket = bucket;
      this.flowLog = new FlowLog(this, 'flow-log', {
        ...common,
        logDestinationType: 's3',
        logDestination: bucket.arn,
        // Parquet is smaller and faster to query than text; Hive-style hourly partitions let Athena read only the hours asked.
        destinationOptions: { fileFormat: 'parquet', hiveCompatiblePartitions: true, perHourPartition: true },
        // Records are delivered only once the bucket's policy lets the delivery service in.
        dependsOn: [policy],
      });
      return;
    }

    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: logGroupName,
      retentionInDays: options.retentionDays,
      kmsKeyId: key.arn,
      tags: { Name: `${name}-flow-logs` },
    });
    if (options.shortRetention) {
      suppressCheckov(this.logGroup, 'CKV_AWS_338', options.shortRetention);
    }

    // Only flow logs of this account and region may assume the role (the confused-deputy conditions AWS recommends;
    // the flow log's id is not known before it exists, hence the wildcard).
    const trust = new DataAwsIamPolicyDocument(this, 'trust', {
      statement: [{
        sid: 'FlowLogsOfThisAccount',
        effect: 'Allow',
        actions: ['sts:AssumeRole'],
        principals: [{ type: 'Service', identifiers: ['vpc-flow-logs.amazonaws.com'] }],
        condition: [
          { test: 'StringEquals', variable: 'aws:SourceAccount', values: [account] },
          { test: 'ArnLike', variable: 'aws:SourceArn', values: [arn('ec2', 'vpc-flow-log/*')] },
        ],
      }],
    });
    // IAM role names are unique per account: the VPC id makes this one so, whatever the network's name.
    const role = new IamRole(this, 'role', { name: `${vpc.id}-flow-logs`, assumeRolePolicy: trust.json, tags: { Name: `${name}-flow-logs` } });
    // The service creates streams in the group and writes to them; it looks the group up with DescribeLogGroups,
    // a list action that can be narrowed to this account's groups in the region but not to one group. The group
    // exists already, so no logs:CreateLogGroup.
    const permissions = new DataAwsIamPolicyDocument(this, 'permissions', {
      statement: [
        {
          sid: 'WriteToTheFlowLogGroup',
          effect: 'Allow',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          resources: [`${this.logGroup.arn}:*`],
        },
        {
          sid: 'FindTheFlowLogGroup',
          effect: 'Allow',
          actions: ['logs:DescribeLogGroups'],
          resources: [arn('logs', 'log-group:*')],
        },
      ],
    });
    const policy = new IamRolePolicy(this, 'role-policy', { role: role.name, name: 'write-flow-logs', policy: permissions.json });

    this.flowLog = new FlowLog(this, 'flow-log', {
      ...common,
      logDestinationType: 'cloud-watch-logs',
      logDestination: this.logGroup.arn,
      iamRoleArn: role.arn,
      // Records are delivered only once the role may write to the group.
      dependsOn: [policy],
    });
  }
}

/**
 * The private bucket of an S3 flow log: encrypted with the flow log's key, records expired after the retention, and a
 * policy that lets only this account's log deliveries write under AWSLogs/ (and check the bucket's ACL, as they do).
 */
function flowLogBucket(scope: Construct, o: { name: string; kmsKeyArn: string; account: string; logsArn: string; options: CheckedFlowLogOptions }) {
  const delivery = [{ type: 'Service', identifiers: ['delivery.logs.amazonaws.com'] }];
  const thisAccount = [
    { test: 'StringEquals', variable: 'aws:SourceAccount', values: [o.account] },
    { test: 'ArnLike', variable: 'aws:SourceArn', values: [o.logsArn] },
  ];
  const parts = privateBucket(scope, {
    name: o.name,
    // Like the log group, the records go with the VPC; S3 refuses to delete a bucket that still holds objects.
    preventDestroy: false,
    encryption: { algorithm: 'aws:kms', kmsKeyArn: o.kmsKeyArn },
    lifecycleRules: logExpiryRules('expire-flow-logs', o.options.retentionDays),
    policyStatements: (bucketArn) => [
      {
        sid: 'AWSLogDeliveryWrite',
        effect: 'Allow',
        actions: ['s3:PutObject'],
        resources: [`${bucketArn}/AWSLogs/${o.account}/*`],
        principals: delivery,
        condition: [...thisAccount, { test: 'StringEquals', variable: 's3:x-amz-acl', values: ['bucket-owner-full-control'] }],
      },
      { sid: 'AWSLogDeliveryAclCheck', effect: 'Allow', actions: ['s3:GetBucketAcl'], resources: [bucketArn], principals: delivery, condition: thisAccount },
    ],
  });
  if (o.options.shortRetention) {
    parts.bucket.addOverride('//.short_retention_reason', o.options.shortRetention.reason);
  }
  suppressCheckov(parts.bucket, 'CKV_AWS_18', {
    reason: 'this bucket holds VPC flow logs, themselves a log: its own access logs would log the log delivery',
  });
  suppressCheckov(parts.bucket, 'CKV_AWS_144', {
    reason: 'flow logs describe this region\'s VPC and expire after their retention; a copy in another region adds cost, not recovery',
  });
  suppressCheckov(parts.bucket, 'CKV2_AWS_62', {
    reason: 'the only writer is the log delivery service, every few minutes: events about new log objects carry no signal',
  });
  return parts;
}
