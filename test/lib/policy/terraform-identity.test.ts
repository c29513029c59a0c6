import { runPolicy } from '../../../lib/policy/engine';
import { TERRAFORM_IDENTITY_CHECKS } from '../../../lib/policy/checks/terraform-identity';
import { BUILTIN_CHECKS } from '../../../lib/policy/registry';
import { PolicyTarget } from '../../../lib/policy/types';
import { tf } from './fixtures';
import { CONDITIONS, TERRAFORM_IDENTITY_CASES, nodeGroup, podRole, rotation, secret, skipped } from './terraform-identity-cases';

const messages = (id: string, targets: PolicyTarget[]) =>
  runPolicy(targets, { checks: TERRAFORM_IDENTITY_CHECKS.filter((c) => c.id === id) }).findings.map((f) => f.message);

describe('Terraform identity checks', () => {
  test('are registered, each with a case and a reference', () => {
    for (const check of TERRAFORM_IDENTITY_CHECKS) {
      expect(BUILTIN_CHECKS).toContain(check);
      expect(check.references!.length).toBeGreaterThan(0);
    }
    expect(Object.keys(TERRAFORM_IDENTITY_CASES)).toEqual(TERRAFORM_IDENTITY_CHECKS.map((c) => c.id));
    expect(TERRAFORM_IDENTITY_CHECKS.map((c) => [c.id, c.severity, c.references])).toEqual([
      ['secretsmanager-kms', 'error', ['CKV_AWS_149']],
      ['secretsmanager-rotation', 'error', ['CKV2_AWS_57']],
      ['pod-identity-trust-conditions', 'error', expect.any(Array)],
      ['iam-hardcoded-partition', 'warning', expect.any(Array)],
      ['eks-node-group-create-before-destroy', 'warning', expect.any(Array)],
    ]);
  });

  test.each(TERRAFORM_IDENTITY_CHECKS.map((c) => [c.id, c] as const))('%s passes its compliant case and fails its violating one', (id, check) => {
    const c = TERRAFORM_IDENTITY_CASES[id];
    expect(runPolicy(c.pass, { checks: [check] }).findings).toEqual([]);
    const findings = runPolicy(c.fail, { checks: [check] }).findings;
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.checkId === id && f.severity === check.severity)).toBe(true);
    expect(findings.map((f) => f.message).join('\n')).toContain(c.message);
  });
});

describe('secretsmanager-kms (Checkov CKV_AWS_149)', () => {
  test('an AWS managed key alias fails, an empty id fails, a recorded Checkov skip passes', () => {
    expect(messages('secretsmanager-kms', tf(secret({ kms_key_id: 'alias/aws/secretsmanager' })))).toEqual(['kms_key_id alias/aws/secretsmanager is an AWS managed key']);
    expect(messages('secretsmanager-kms', tf(secret({ kms_key_id: ' ' })))).toHaveLength(1);
    expect(messages('secretsmanager-kms', tf(secret({ ...skipped('CKV_AWS_149', 'a replica in a region without the key') })))).toEqual([]);
  });
});

describe('secretsmanager-rotation (Checkov CKV2_AWS_57)', () => {
  test('only a rotation that references this very secret counts (any argument, as Checkov\'s graph connects)', () => {
    expect(messages('secretsmanager-rotation', tf(secret(undefined, rotation('${aws_secretsmanager_secret.db2.id}'))))).toHaveLength(1);
    expect(messages('secretsmanager-rotation', tf(secret(undefined, rotation('shop/db'))))).toHaveLength(1);
    expect(messages('secretsmanager-rotation', tf(secret(undefined, rotation('${aws_secretsmanager_secret.db.arn}'))))).toEqual([]);
  });

  test('a skip of another check, or a skip without a reason, does not count', () => {
    expect(messages('secretsmanager-rotation', tf(secret({ kms_key_id: 'k', ...skipped('CKV_AWS_149') })))).toHaveLength(1);
    expect(messages('secretsmanager-rotation', tf(secret({ kms_key_id: 'k', ...skipped('CKV2_AWS_57', ' ') })))).toHaveLength(1);
  });
});

describe('pod-identity-trust-conditions', () => {
  test('each missing key is named; keys match whatever the operator and case', () => {
    expect(messages('pod-identity-trust-conditions', tf(podRole({ StringEquals: CONDITIONS.StringEquals }))))
      .toEqual(['trust statement 0 lets EKS Pod Identity assume the role without aws:SourceArn']);
    expect(messages('pod-identity-trust-conditions', tf(podRole({ StringLike: { 'AWS:SourceAccount': '1', 'aws:sourcearn': 'arn:*' } })))).toEqual([]);
  });

  test('a trust policy as an object or as jsonencode is read too; one that cannot be read is not judged', () => {
    const doc = { Statement: [{ Effect: 'Allow', Principal: { Service: ['pods.eks.amazonaws.com'] }, Action: 'sts:AssumeRole' }] };
    expect(messages('pod-identity-trust-conditions', tf({ aws_iam_role: { r: { assume_role_policy: doc } } }))).toHaveLength(1);
    expect(messages('pod-identity-trust-conditions', tf({ aws_iam_role: { r: {
      assume_role_policy: '${jsonencode({"Statement" = [{"Effect" = "Allow", "Principal" = {"Service" = "pods.eks.amazonaws.com"}, "Action" = "sts:AssumeRole"}]})}' } } }))).toHaveLength(1);
    expect(messages('pod-identity-trust-conditions', tf({ aws_iam_role: { r: { assume_role_policy: '${data.aws_iam_policy_document.trust.json}' } } }))).toEqual([]);
  });

  test('a Deny statement needs no conditions', () => {
    const deny = JSON.stringify({ Statement: [{ Effect: 'Deny', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    expect(messages('pod-identity-trust-conditions', tf({ aws_iam_role: { r: { assume_role_policy: deny } } }))).toEqual([]);
  });
});

describe('iam-hardcoded-partition', () => {
  test('reads policy ARNs, managed_policy_arns lists, documents and EKS access policies; other partitions and references pass', () => {
    expect(messages('iam-hardcoded-partition', tf({ aws_iam_role: { r: { assume_role_policy: '{}', managed_policy_arns: ['arn:${data.aws_partition.p.partition}:iam::aws:policy/A', 'arn:aws:iam::aws:policy/B'] } } })))
      .toEqual(['managed_policy_arns names the "aws" partition literally (arn:aws:iam::aws:policy/B)']);
    expect(messages('iam-hardcoded-partition', tf({ aws_iam_policy: { p: { policy: '{"Statement":[{"Resource":"arn:aws:s3:::b/*"}]}' } } })))
      .toEqual(['policy names the "aws" partition literally (arn:aws:s3:::b/*)']);
    expect(messages('iam-hardcoded-partition', tf({ aws_eks_access_policy_association: { a: { policy_arn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy' } } })))
      .toHaveLength(1);
    expect(messages('iam-hardcoded-partition', tf({ aws_iam_role_policy_attachment: { a: { policy_arn: 'arn:aws-us-gov:iam::aws:policy/A' } } }))).toEqual([]);
  });
});

describe('eks-node-group-create-before-destroy', () => {
  test('a fixed name is reported even with create_before_destroy (the new group could not be created)', () => {
    expect(messages('eks-node-group-create-before-destroy', tf(nodeGroup({ node_group_name: 'general', lifecycle: { create_before_destroy: true } }))))
      .toEqual(['the fixed node_group_name general cannot exist twice, so a replacement must destroy the group first (use node_group_name_prefix)']);
    expect(messages('eks-node-group-create-before-destroy', tf(nodeGroup({ node_group_name_prefix: 'g-', lifecycle: [{ create_before_destroy: 'true' }] })))).toEqual([]);
  });
});
