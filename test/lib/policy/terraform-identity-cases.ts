import { PolicyTarget } from '../../../lib/policy/types';
import { tf } from './fixtures';

/** Objects that pass a Terraform identity check, objects that fail it, and a text the failure's message contains. */
interface CheckCase {
  readonly pass: PolicyTarget[];
  readonly fail: PolicyTarget[];
  readonly message: string;
}

const KEY = '${aws_kms_key.secret.arn}';

/** A secret "db" with these attributes, and more resources. */
export const secret = (attributes: Record<string, any> = { kms_key_id: KEY }, more: Record<string, Record<string, any>> = {}): Record<string, Record<string, any>> => ({
  aws_secretsmanager_secret: { db: { name: 'shop/db', ...attributes } },
  ...more,
});

/** A rotation of the secret named by `secretId`. */
export const rotation = (secretId: string): Record<string, Record<string, any>> => ({
  aws_secretsmanager_secret_rotation: { db: { secret_id: secretId, rotation_lambda_arn: 'arn:aws:lambda:us-west-2:123456789012:function:rotate', rotation_rules: { automatically_after_days: 30 } } },
});

/** A skip of Checkov check `id` with a reason, as suppressCheckov writes it. */
export const skipped = (id: string, reason = 'in-cluster MySQL') => ({ '//': { checkov: { skip: [{ id, comment: reason }] }, checkov_skip_reasons: { [id]: reason } } });

/** A pod identity role whose trust statement has `condition`. */
export const podRole = (condition?: Record<string, unknown>, service = 'pods.eks.amazonaws.com'): Record<string, Record<string, any>> => ({
  aws_iam_role: {
    reader: {
      name: 'demo-shop-reader',
      assume_role_policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: ['sts:AssumeRole', 'sts:TagSession'], ...(condition ? { Condition: condition } : {}) }],
      }),
    },
  },
});

export const CONDITIONS = {
  StringEquals: { 'aws:SourceAccount': '${data.aws_caller_identity.current.account_id}' },
  ArnEquals: { 'aws:SourceArn': 'arn:${data.aws_partition.current.partition}:eks:us-west-2:${data.aws_caller_identity.current.account_id}:cluster/demo' },
};

/** A node group with these attributes. */
export const nodeGroup = (attributes: Record<string, any>): Record<string, Record<string, any>> => ({
  aws_eks_node_group: { general: { cluster_name: 'demo', node_role_arn: '${aws_iam_role.nodes.arn}', ...attributes } },
});

export const TERRAFORM_IDENTITY_CASES: Record<string, CheckCase> = {
  'secretsmanager-kms': {
    pass: [...tf(secret()), ...tf({ aws_secretsmanager_secret: { other: { kms_key_id: 'arn:aws:kms:us-west-2:123456789012:key/1234abcd' } } })],
    fail: tf(secret({})), message: 'the secret has no kms_key_id: Secrets Manager uses the AWS managed key aws/secretsmanager',
  },
  'secretsmanager-rotation': {
    pass: [...tf(secret({ kms_key_id: KEY }, rotation('${aws_secretsmanager_secret.db.id}'))), ...tf(secret({ kms_key_id: KEY, ...skipped('CKV2_AWS_57') }))],
    fail: tf(secret()), message: 'no aws_secretsmanager_secret_rotation rotates the secret, and no reason for that is recorded',
  },
  'pod-identity-trust-conditions': {
    pass: [...tf(podRole(CONDITIONS)), ...tf(podRole(undefined, 'ec2.amazonaws.com'))],
    fail: tf(podRole()), message: 'trust statement 0 lets EKS Pod Identity assume the role without aws:SourceAccount and aws:SourceArn',
  },
  'iam-hardcoded-partition': {
    pass: tf({ aws_iam_role_policy_attachment: { a: { role: '${aws_iam_role.r.name}', policy_arn: 'arn:${data.aws_partition.current.partition}:iam::aws:policy/ReadOnlyAccess' } } }),
    fail: tf({ aws_iam_role_policy_attachment: { a: { role: '${aws_iam_role.r.name}', policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' } } }),
    message: 'policy_arn names the "aws" partition literally (arn:aws:iam::aws:policy/ReadOnlyAccess)',
  },
  'eks-node-group-create-before-destroy': {
    pass: tf(nodeGroup({ node_group_name_prefix: 'general-', lifecycle: { create_before_destroy: true } })),
    fail: tf(nodeGroup({ node_group_name: 'general' })), message: 'the node group is destroyed before its replacement is created (no lifecycle create_before_destroy)',
  },
};
