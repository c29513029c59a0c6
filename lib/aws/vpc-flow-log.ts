import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { AcceptedRisk } from '../core/risk';
import { PropsValidator, isObject } from '../core/validator';
import { suppressCheckov } from './checkov';
import { awsAccountId, awsDnsSuffix, awsPartition } from './platform-stack';
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
}

const OPTIONS = ['retentionDays', 'shortRetention', 'maxAggregationInterval'];
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
}

/** Checks the `field` (e.g. "flowLogs") options of a flow log; returns them with their defaults. */
export function checkFlowLogOptions(v: PropsValidator, field: string, options: unknown): CheckedFlowLogOptions {
  if (options === undefined) {
    return { retentionDays: MIN_RETENTION_DAYS, maxAggregationInterval: 600 };
  }
  if (!v.check(isObject(options), field, options, 'an object of flow log options { retentionDays?, shortRetention?, maxAggregationInterval? }')
    || !v.knownProps(field, options, OPTIONS)) {
    return { retentionDays: MIN_RETENTION_DAYS, maxAggregationInterval: 600 };
  }
  const o = options as VpcFlowLogOptions;
  const retentionDays = o.retentionDays ?? MIN_RETENTION_DAYS;
  const interval = o.maxAggregationInterval ?? 600;
  if (v.check(RETENTION_DAYS.includes(retentionDays), `${field}.retentionDays`, retentionDays,
    `one of the CloudWatch Logs retention periods: ${RETENTION_DAYS.join(', ')}`)) {
    if (v.risk(`${field}.shortRetention`, o.shortRetention, `flow log records may be kept less than ${MIN_RETENTION_DAYS} days (Checkov CKV_AWS_338 asks for a year)`)) {
      v.check(retentionDays >= MIN_RETENTION_DAYS || o.shortRetention !== undefined, `${field}.retentionDays`, retentionDays,
        `at least ${MIN_RETENTION_DAYS} days (Checkov CKV_AWS_338), or a shorter period with ${field}.shortRetention: { reason }`);
      v.check(retentionDays < MIN_RETENTION_DAYS || o.shortRetention === undefined, `${field}.shortRetention`, o.shortRetention,
        `no shortRetention: retentionDays (${retentionDays}) is already at least ${MIN_RETENTION_DAYS} days`);
    }
  }
  // EC2 accepts 60 or 600 seconds; a flow log on a Nitro instance's interface is aggregated every 60 s at most anyway.
  v.check(interval === 60 || interval === 600, `${field}.maxAggregationInterval`, interval, '60 or 600 (seconds)');
  return { retentionDays, shortRetention: o.shortRetention, maxAggregationInterval: interval };
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
 * packet's flow (traffic type ALL) to a CloudWatch Logs group named after the VPC, encrypted with its own rotating
 * KMS key, through a role only this account's flow logs can assume, allowed to write to that group only.
 */
export class VpcFlowLog extends Construct {
  /** The `aws_flow_log`. */
  public readonly flowLog: FlowLog;
  /** The log group that receives the records. */
  public readonly logGroup: CloudwatchLogGroup;

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
    // service may use the key for this group only. The policy is written inline (jsonencode) rather than through an
    // aws_iam_policy_document, whose statements Checkov would read as an identity policy granting kms:* on "*".
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
          {
            Sid: 'CloudWatchLogsEncryptsTheFlowLogGroup',
            Effect: 'Allow',
            Principal: { Service: `logs.${region}.${awsDnsSuffix(this)}` },
            Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
            Resource: '*',
            Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': arn('logs', `log-group:${logGroupName}`) } },
          },
        ],
      }),
      tags: { Name: `${name}-flow-logs` },
    });

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
      vpcId: vpc.id,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: this.logGroup.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: options.maxAggregationInterval,
      tags: { Name: name },
      // Records are delivered only once the role may write to the group.
      dependsOn: [policy],
    });
  }
}
