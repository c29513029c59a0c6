// The KMS key of an EksCluster and its key policy. Kept apart from eks-cluster.ts, which builds the cluster itself.
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { awsAccountId, awsDnsSuffix, awsPartition } from './platform-stack';
import { regionOf } from './prop-checks';

/** What {@link clusterKey} needs: names, and who may use and administer the key. */
export interface ClusterKeyProps {
  /** The cluster name (a plain string). */
  readonly clusterName: string;
  /** ARN of the cluster role, the one key user. */
  readonly clusterRoleArn: string;
  /** Name of the control plane log group, whose log events CloudWatch Logs encrypts with the key. */
  readonly logGroupName: string;
  /** Principals that administer the key besides the account (ARNs or Terraform references). */
  readonly keyAdministrators: readonly string[];
}

/** The key, and the AWS facts its policy was written with (for other ARNs of the cluster). */
export interface ClusterKey {
  readonly key: KmsKey;
  /** The AWS partition ("aws", "aws-cn", "aws-us-gov"), as a Terraform reference. */
  readonly partition: string;
  /** The account id, as a Terraform reference. */
  readonly accountId: string;
  /** The region of the stack (a Terraform reference when the stack does not name it). */
  readonly region: string;
}

/**
 * Key administration: manage, tag, rotate, enable, disable, schedule deletion. Deliberately no kms:Create* (which
 * includes CreateGrant, a way to hand oneself decrypt rights) and no cryptographic operation.
 */
const ADMIN_ACTIONS = [
  'kms:CancelKeyDeletion', 'kms:CreateAlias', 'kms:DeleteAlias', 'kms:Describe*', 'kms:Disable*', 'kms:Enable*', 'kms:Get*', 'kms:List*',
  'kms:Put*', 'kms:Revoke*', 'kms:RotateKeyOnDemand', 'kms:ScheduleKeyDeletion', 'kms:TagResource', 'kms:UntagResource', 'kms:Update*',
];
/** What the key users (the cluster role) may do: the key user statement of terraform-aws-eks v21's KMS module, plus ListGrants. */
const USER_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ListGrants', 'kms:ReEncrypt*'];
/** What CloudWatch Logs needs to encrypt a log group with a customer managed key (CloudWatch Logs user guide, "Encrypt log data"). */
const LOGS_ACTIONS = ['kms:Decrypt*', 'kms:Describe*', 'kms:Encrypt*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'];

/**
 * The rotating KMS key that encrypts the cluster's Kubernetes Secrets and its control plane logs, with an explicit key
 * policy. Without one, AWS applies its default policy, which hands the key to IAM: every principal of the account whose
 * IAM policies allow KMS actions could decrypt with it (Checkov CKV2_AWS_64 asks for a policy).
 *
 * terraform-aws-eks v21 keeps that default statement (`kms_key_enable_default_policy = true` since v20, after lock-outs
 * when the administrators' roles were replaced, its issue #2816), makes the Terraform caller the key administrator and
 * the cluster role the key user. keelson keeps the account as administrator (so the key can always be recovered) but
 * gives it administration only; only the cluster role (and CloudWatch Logs, for this log group's events) may use it.
 * The caller is not named in the policy, so plans do not change with whoever runs them (issue #2526 there).
 */
export function clusterKey(scope: Construct, props: ClusterKeyProps): ClusterKey {
  // Partition and account from the provider (one data source each per stack): the same output works in any partition.
  const partition = awsPartition(scope);
  const accountId = awsAccountId(scope);
  const region = regionOf(scope) ?? new DataAwsRegion(scope, 'region').region;
  const arn = (service: string, regional: boolean, resource: string) => `arn:${partition}:${service}:${regional ? region : ''}:${accountId}:${resource}`;

  const policy = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'KeyAdministration', Effect: 'Allow', Principal: { AWS: [arn('iam', false, 'root'), ...props.keyAdministrators] }, Action: ADMIN_ACTIONS, Resource: '*' },
      // EKS creates a grant for itself with the credentials of whoever creates the cluster; grants for anything else are refused.
      {
        Sid: 'GrantsForAwsServices', Effect: 'Allow', Principal: { AWS: [arn('iam', false, 'root'), ...props.keyAdministrators] },
        Action: ['kms:CreateGrant'], Resource: '*', Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      },
      { Sid: 'KeyUsage', Effect: 'Allow', Principal: { AWS: props.clusterRoleArn }, Action: USER_ACTIONS, Resource: '*' },
      // CloudWatch Logs may use the key only for the events of this one log group (the encryption context names it).
      {
        Sid: 'ControlPlaneLogs', Effect: 'Allow', Principal: { Service: `logs.${region}.${awsDnsSuffix(scope)}` }, Action: LOGS_ACTIONS, Resource: '*',
        Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': arn('logs', true, `log-group:${props.logGroupName}`) } },
      },
    ],
  };
  const key = new KmsKey(scope, 'secrets-key', {
    description: `Encrypts Kubernetes Secrets and control plane logs of EKS cluster ${props.clusterName}`,
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    policy: Fn.jsonencode(policy),
  });
  new KmsAlias(scope, 'secrets-key-alias', { name: `alias/eks/${props.clusterName}`, targetKeyId: key.keyId });
  return { key, partition, accountId, region };
}
