import { checkovSkipReason } from '../checkov-skips';
import { defineCheck } from '../define';
import { isMap } from '../selectors';
import { PolicyCheck, PolicyTarget } from '../types';
import { policyDocument } from './iam';

// Checks of secrets, trust and replacement in Terraform: Secrets Manager encryption and rotation (Checkov CKV_AWS_149,
// CKV2_AWS_57), the confused deputy conditions of EKS Pod Identity roles, ARNs that name the commercial partition, and
// node groups that are replaced without an outage.

/** The statements of a policy document, as a list. */
function statementsOf(doc: any): any[] {
  return (Array.isArray(doc?.Statement) ? doc.Statement : [doc?.Statement]).filter(isMap);
}

/** The values of a one-or-many field (Principal.Service, Action...). */
const oneOrMany = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The condition keys of a statement, lowercased (IAM compares them case-insensitively), whatever the operator. */
function conditionKeys(statement: any): string[] {
  const condition = isMap(statement.Condition) ? statement.Condition : {};
  return Object.values(condition).filter(isMap).flatMap((byKey) => Object.keys(byKey as object).map((k) => k.toLowerCase()));
}

/** Whether a Terraform value names the resource `type.name` by reference ("${aws_x.name.id}", "aws_x.name.arn"). */
const references = (value: unknown, type: string, name: string): boolean => typeof value === 'string' && value.includes(`${type}.${name}.`);

/** A literal ARN of the commercial partition, "arn:aws:..." (a partition reference is "arn:${data.aws_partition...}"). */
const LITERAL_PARTITION = /arn:aws:[^\s"',\\]*/;

/** The attributes that hold IAM ARNs or policy documents, by resource type. */
const PARTITION_ATTRIBUTES: Record<string, readonly string[]> = {
  aws_iam_role_policy_attachment: ['policy_arn'],
  aws_iam_user_policy_attachment: ['policy_arn'],
  aws_iam_group_policy_attachment: ['policy_arn'],
  aws_iam_policy_attachment: ['policy_arn'],
  aws_iam_role: ['assume_role_policy', 'managed_policy_arns', 'permissions_boundary'],
  aws_iam_policy: ['policy'],
  aws_iam_role_policy: ['policy'],
  aws_eks_access_policy_association: ['policy_arn'],
  aws_kms_key: ['policy'],
};

export const TERRAFORM_IDENTITY_CHECKS: PolicyCheck[] = [
  defineCheck({
    id: 'secretsmanager-kms',
    domain: 'terraform',
    kinds: ['aws_secretsmanager_secret'],
    description: 'Secrets Manager secrets are encrypted with a customer managed KMS key (not the AWS managed aws/secretsmanager key), '
      + 'whose policy and rotation the account controls.',
    remediation: 'Set kms_key_id to a customer managed key (ManagedSecret makes one, or takes kmsKeyArn).',
    severity: 'error',
    references: ['CKV_AWS_149'],
    check: (t) => {
      const key = t.object?.kms_key_id;
      if (checkovSkipReason(t.object, 'CKV_AWS_149') !== undefined) {
        return [];
      }
      if (typeof key !== 'string' || key.trim() === '') {
        return ['the secret has no kms_key_id: Secrets Manager uses the AWS managed key aws/secretsmanager'];
      }
      return key.includes('alias/aws/') ? [`kms_key_id ${key} is an AWS managed key`] : [];
    },
  }),
  defineCheck({
    id: 'secretsmanager-rotation',
    domain: 'terraform',
    kinds: ['aws_secretsmanager_secret'],
    description: 'Secrets Manager secrets are rotated automatically, or the reason they are not is recorded (a Checkov skip of CKV2_AWS_57).',
    remediation: 'Add an aws_secretsmanager_secret_rotation (ManagedSecret rotation: { lambdaArn, afterDays }), or give noRotation: { reason }.',
    severity: 'error',
    references: ['CKV2_AWS_57'],
    check: (t, index) => {
      if (checkovSkipReason(t.object, 'CKV2_AWS_57') !== undefined) {
        return [];
      }
      // As in Checkov's graph, a reference from any argument of the rotation connects it to the secret.
      const rotated = index.terraform('aws_secretsmanager_secret_rotation')
        .some((r) => r.stack === t.stack && references(JSON.stringify({ ...r.object, '//': undefined }), t.kind, t.name));
      return rotated ? [] : ['no aws_secretsmanager_secret_rotation rotates the secret, and no reason for that is recorded'];
    },
  }),
  defineCheck({
    id: 'pod-identity-trust-conditions',
    domain: 'terraform',
    kinds: ['aws_iam_role'],
    description: 'An IAM role that trusts EKS Pod Identity (pods.eks.amazonaws.com) requires aws:SourceAccount and aws:SourceArn, so that '
      + 'only its own account and cluster can have it assumed (the confused deputy guard of the EKS user guide).',
    remediation: 'Add Condition { StringEquals: { "aws:SourceAccount": <account> }, ArnEquals: { "aws:SourceArn": <cluster ARN> } } to the trust '
      + 'statement (keelson\'s PodIdentity writes them).',
    severity: 'error',
    references: ['AWS: Cross-service confused deputy prevention in Amazon EKS', 'AWS: EKS Pod Identity role trust policy'],
    check: (t) => {
      const doc = policyDocument(t.object?.assume_role_policy);
      return statementsOf(doc)
        .filter((s) => String(s.Effect ?? '').toLowerCase() === 'allow' && oneOrMany(s.Principal?.Service).includes('pods.eks.amazonaws.com'))
        .flatMap((s, i) => {
          const keys = conditionKeys(s);
          const missing = ['aws:SourceAccount', 'aws:SourceArn'].filter((k) => !keys.includes(k.toLowerCase()));
          return missing.length > 0 ? [`trust statement ${i} lets EKS Pod Identity assume the role without ${missing.join(' and ')}`] : [];
        });
    },
  }),
  defineCheck({
    id: 'iam-hardcoded-partition',
    domain: 'terraform',
    kinds: Object.keys(PARTITION_ATTRIBUTES),
    description: 'IAM ARNs and policies take the partition from data.aws_partition instead of a literal "arn:aws:", so the configuration also '
      + 'works in the China and GovCloud partitions.',
    remediation: 'Write arn:${data.aws_partition.current.partition}:... (keelson\'s roles rewrite awsManagedPolicy ARNs; elsewhere use managedPolicyArn(scope, name)).',
    severity: 'warning',
    references: ['terraform-aws-eks v21 (data.aws_partition)'],
    check: (t: PolicyTarget) => (PARTITION_ATTRIBUTES[t.kind] ?? []).flatMap((attribute) => {
      const value = t.object?.[attribute];
      const texts = typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
      const literal = texts.map((text) => LITERAL_PARTITION.exec(text)).find((m) => m !== null);
      return literal ? [`${attribute} names the "aws" partition literally (${literal[0]})`] : [];
    }),
  }),
  defineCheck({
    id: 'eks-node-group-create-before-destroy',
    domain: 'terraform',
    kinds: ['aws_eks_node_group'],
    description: 'A node group is replaced without an outage: it has a name prefix and lifecycle create_before_destroy, so a new instance type, '
      + 'capacity type, AMI type or subnet list brings up the new group before the old one (and the pods on it) goes away.',
    remediation: 'Use node_group_name_prefix instead of node_group_name and set lifecycle { create_before_destroy = true }.',
    severity: 'warning',
    references: ['terraform-aws-eks v21 (eks-managed-node-group: use_name_prefix, create_before_destroy)'],
    check: (t) => {
      const lifecycle = Array.isArray(t.object?.lifecycle) ? t.object.lifecycle[0] : t.object?.lifecycle;
      const cbd = lifecycle?.create_before_destroy === true || lifecycle?.create_before_destroy === 'true';
      return [
        ...(!cbd ? ['the node group is destroyed before its replacement is created (no lifecycle create_before_destroy)'] : []),
        ...(typeof t.object?.node_group_name === 'string'
          ? [`the fixed node_group_name ${t.object.node_group_name} cannot exist twice, so a replacement must destroy the group first (use node_group_name_prefix)`] : []),
      ];
    },
  }),
];
