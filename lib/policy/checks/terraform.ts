import { inStandardSupport, standardSupportVersions } from '../../aws/eks-versions';
import { checkovSkipReason } from '../checkov-skips';
import { defineCheck } from '../define';
import { ObjectIndex } from '../object-index';
import { listOf } from '../pods';
import { isMap } from '../selectors';
import { PolicyCheck, PolicyTarget } from '../types';
import { coveredFamilies } from './cidr-cover';
import { IAM_CHECKS } from './iam';

const ALL_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

/** The companion resources of `type` in the same stack that point at `target` (by reference or by literal name). */
function companions(index: ObjectIndex, target: PolicyTarget, type: string, attribute: string): PolicyTarget[] {
  const ref = `${target.kind}.${target.name}.`;
  return index.terraform(type).filter((c) => c.stack === target.stack
    && typeof c.object?.[attribute] === 'string' && (c.object[attribute].includes(ref) || c.object[attribute] === target.object?.bucket));
}

/** A Terraform boolean as written by cdktf (true, or the string "true"). */
const isTrue = (v: unknown) => v === true || v === 'true';
/** A Terraform boolean false as written by cdktf (false, or the string "false"). */
const isFalse = (v: unknown) => v === false || v === 'false';

/** The vpc_config block of an aws_eks_cluster (an object, or a one-element list in hand-written JSON); {} when absent. */
function vpcConfig(cluster: any): Record<string, any> {
  const vpc = Array.isArray(cluster?.vpc_config) ? cluster.vpc_config[0] : cluster?.vpc_config;
  return isMap(vpc) ? vpc : {};
}

export const TERRAFORM_CHECKS: PolicyCheck[] = [
  defineCheck({
    id: 'eks-control-plane-logging',
    domain: 'terraform',
    kinds: ['aws_eks_cluster'],
    description: 'EKS sends all control plane log types to CloudWatch.',
    remediation: `Set enabled_cluster_log_types to ${ALL_LOG_TYPES.join(', ')}.`,
    severity: 'error',
    references: ['CKV_AWS_37'],
    check: (t) => {
      const missing = ALL_LOG_TYPES.filter((l) => !listOf(t.object?.enabled_cluster_log_types).includes(l));
      return missing.length > 0 ? [`log types ${missing.join(', ')} are not enabled`] : [];
    },
  }),
  defineCheck({
    id: 'eks-public-endpoint-open',
    domain: 'terraform',
    kinds: ['aws_eks_cluster'],
    description: 'A public EKS endpoint is not open to the whole internet (0.0.0.0/0, the default, or split ranges that together cover it).',
    remediation: 'Disable endpoint_public_access, or set public_access_cidrs to your networks.',
    severity: 'error',
    references: ['CKV_AWS_38'],
    check: (t) => {
      // Open to everyone on purpose: EksEndpointAccess's allowAnywhere records its reason as a Checkov skip.
      if (checkovSkipReason(t.object, 'CKV_AWS_38') !== undefined) {
        return [];
      }
      const vpc = vpcConfig(t.object);
      if (isFalse(vpc.endpoint_public_access)) {
        return [];
      }
      const cidrs = vpc.public_access_cidrs;
      if (cidrs === undefined || (Array.isArray(cidrs) && cidrs.includes('0.0.0.0/0'))) {
        return ['the public endpoint accepts 0.0.0.0/0'];
      }
      // A list is checked; anything else (an expression) is not known here.
      return Array.isArray(cidrs) && coveredFamilies(cidrs).includes('IPv4')
        ? [`the public endpoint accepts every address: public_access_cidrs ${cidrs.join(', ')} together cover 0.0.0.0/0`] : [];
    },
  }),
  defineCheck({
    id: 'eks-public-endpoint',
    domain: 'terraform',
    kinds: ['aws_eks_cluster'],
    description: 'The EKS API server has no public endpoint.',
    remediation: 'Set endpoint_public_access: false and reach the API from the VPC (VPN, bastion, CI runners inside).',
    severity: 'warning',
    references: ['CKV_AWS_39'],
    check: (t) => (!isFalse(vpcConfig(t.object).endpoint_public_access) ? ['the API server endpoint is public'] : []),
  }),
  defineCheck({
    id: 'eks-secrets-encryption',
    domain: 'terraform',
    kinds: ['aws_eks_cluster'],
    description: 'Kubernetes Secrets are encrypted with a KMS key.',
    remediation: 'Add encryption_config { resources = ["secrets"], provider { key_arn } }.',
    severity: 'error',
    references: ['CKV_AWS_58'],
    check: (t) => {
      const enc = t.object?.encryption_config;
      return listOf(enc?.resources).includes('secrets') && enc?.provider?.key_arn ? [] : ['secrets are not encrypted with a KMS key'];
    },
  }),
  defineCheck({
    id: 'eks-node-group-ssh',
    domain: 'terraform',
    kinds: ['aws_eks_node_group'],
    description: 'Node groups do not allow SSH from anywhere.',
    remediation: 'Remove remote_access, or restrict it with source_security_group_ids; prefer SSM Session Manager.',
    severity: 'error',
    references: ['CKV_AWS_100'],
    check: (t) => (t.object?.remote_access && !(listOf(t.object.remote_access.source_security_group_ids).length > 0 || typeof t.object.remote_access.source_security_group_ids === 'string')
      ? ['remote_access allows SSH from 0.0.0.0/0'] : []),
  }),
  defineCheck({
    id: 'eks-supported-version',
    domain: 'terraform',
    kinds: ['aws_eks_cluster'],
    description: 'EKS runs a Kubernetes version in standard support.',
    remediation: `Use one of ${standardSupportVersions().join(', ')}.`,
    severity: 'error',
    references: ['CKV_AWS_339'],
    check: (t) => (inStandardSupport(t.object?.version) ? [] : [`version ${t.object?.version ?? '(unset)'} is not in EKS standard support`]),
  }),
  defineCheck({
    id: 'launch-template-imdsv2',
    domain: 'terraform',
    kinds: ['aws_launch_template'],
    description: 'Instances require IMDSv2 with a hop limit of 1, so pods cannot use the node\'s credentials.',
    remediation: 'Set metadata_options { http_tokens = "required", http_put_response_hop_limit = 1 }.',
    severity: 'error',
    references: ['CKV_AWS_79', 'terraform-aws-eks v21'],
    check: (t) => {
      const m = isMap(t.object?.metadata_options) ? t.object.metadata_options : {};
      return [
        ...(m.http_tokens !== 'required' ? ['IMDSv1 is allowed (http_tokens is not "required")'] : []),
        ...((m.http_put_response_hop_limit ?? 1) > 1 ? [`the metadata hop limit is ${m.http_put_response_hop_limit}`] : []),
      ];
    },
  }),
  defineCheck({
    id: 'elasticache-encryption',
    domain: 'terraform',
    kinds: ['aws_elasticache_replication_group'],
    description: 'ElastiCache encrypts data at rest and in transit.',
    remediation: 'Set at_rest_encryption_enabled and transit_encryption_enabled.',
    severity: 'error',
    references: ['CKV_AWS_29', 'CKV_AWS_30'],
    check: (t) => [
      ...(!isTrue(t.object?.at_rest_encryption_enabled) ? ['encryption at rest is off'] : []),
      ...(!isTrue(t.object?.transit_encryption_enabled) ? ['encryption in transit is off'] : []),
    ],
  }),
  defineCheck({
    id: 's3-versioning',
    domain: 'terraform',
    kinds: ['aws_s3_bucket'],
    description: 'S3 buckets are versioned, so overwritten or deleted objects (and state) can be recovered.',
    remediation: 'Add an aws_s3_bucket_versioning with status Enabled.',
    severity: 'error',
    references: ['CKV_AWS_21'],
    check: (t, index) => (companions(index, t, 'aws_s3_bucket_versioning', 'bucket').some((v) => v.object?.versioning_configuration?.status === 'Enabled')
      ? [] : ['versioning is not enabled']),
  }),
  defineCheck({
    id: 's3-encryption',
    domain: 'terraform',
    kinds: ['aws_s3_bucket'],
    description: 'S3 buckets encrypt objects by default.',
    remediation: 'Add an aws_s3_bucket_server_side_encryption_configuration (aws:kms).',
    severity: 'error',
    references: ['CKV_AWS_19', 'CKV_AWS_145'],
    check: (t, index) => (companions(index, t, 'aws_s3_bucket_server_side_encryption_configuration', 'bucket').length > 0
      ? [] : ['no server-side encryption configuration']),
  }),
  defineCheck({
    id: 's3-public-access-block',
    domain: 'terraform',
    kinds: ['aws_s3_bucket'],
    description: 'S3 buckets block every form of public access.',
    remediation: 'Add an aws_s3_bucket_public_access_block with all four settings true.',
    severity: 'error',
    references: ['CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56'],
    check: (t, index) => {
      const keys = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];
      return companions(index, t, 'aws_s3_bucket_public_access_block', 'bucket').some((b) => keys.every((k) => isTrue(b.object?.[k])))
        ? [] : ['public access is not fully blocked'];
    },
  }),
  ...IAM_CHECKS,
];
