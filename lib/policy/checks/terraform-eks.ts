// Terraform checks for the cost, deletion and encryption guards of an EKS cluster (keelson issue 18): support type,
// deletion protection, control plane log retention and encryption, the KMS key policy, and pinned add-on versions.
import { checkovSkipReason } from '../checkov-skips';
import { defineCheck } from '../define';
import { isMap } from '../selectors';
import { PolicyCheck, PolicyTarget } from '../types';

/** A nested block as cdktf writes it (an object) or as hand-written JSON may (a one-element list); {} when absent. */
function block(value: unknown): Record<string, any> {
  const b = Array.isArray(value) ? value[0] : value;
  return isMap(b) ? b : {};
}

/** A Terraform boolean true as written by cdktf (true, or the string "true"). */
const isTrue = (v: unknown) => v === true || v === 'true';

/** A reason keelson recorded in the resource's `//` comment object under `key` (non-empty), or undefined. */
function recordedReason(object: unknown, key: string): string | undefined {
  const comment = isMap(object) ? (object as Record<string, unknown>)['//'] : undefined;
  const reason = isMap(comment) ? (comment as Record<string, unknown>)[key] : undefined;
  return typeof reason === 'string' && reason.trim() !== '' ? reason : undefined;
}

/** Whether a value is a Terraform expression ("${...}"), whose value is known only at plan time. */
const isExpression = (v: unknown) => typeof v === 'string' && v.includes('${');

/** A non-empty string or a non-empty object (an inline policy document). */
const present = (v: unknown) => (typeof v === 'string' && v.trim() !== '') || (isMap(v) && Object.keys(v).length > 0);

/** Whether an `aws_kms_key_policy` of the same stack points at this key (Checkov counts such a connected resource too). */
function hasKeyPolicyResource(target: PolicyTarget, policies: readonly PolicyTarget[]): boolean {
  const ref = `aws_kms_key.${target.name}.`;
  return policies.some((p) => p.stack === target.stack && typeof p.object?.key_id === 'string' && p.object.key_id.includes(ref) && present(p.object?.policy));
}

export const TERRAFORM_EKS_CHECKS: PolicyCheck[] = [
  defineCheck({
    id: 'eks-upgrade-policy',
    domain: 'terraform',
    kinds: ['aws_eks_cluster'],
    description: 'An EKS cluster says what happens when standard support ends: STANDARD (EKS upgrades it), or EXTENDED only with a recorded reason.',
    remediation: 'Set upgrade_policy { support_type = "STANDARD" }; with keelson, extended support takes extendedSupport: { reason }.',
    severity: 'warning',
    references: ['terraform-aws-eks v21 upgrade_policy', 'EKS version lifecycle (extended support is billed at about six times the hourly price)'],
    check: (t) => {
      const type = block(t.object?.upgrade_policy).support_type;
      if (type === undefined || type === null || type === '') {
        return ['no upgrade_policy: when standard support ends, EKS moves the cluster to extended support, billed at about six times the hourly price'];
      }
      return type === 'EXTENDED' && recordedReason(t.object, 'extended_support_reason') === undefined
        ? ['upgrade_policy support_type EXTENDED without a recorded reason (extended support costs about six times the hourly price)'] : [];
    },
  }),
  defineCheck({
    id: 'eks-deletion-protection',
    domain: 'terraform',
    kinds: ['aws_eks_cluster'],
    description: 'An EKS cluster has deletion protection, unless a reason for turning it off is recorded.',
    remediation: 'Set deletion_protection = true; with keelson, a deletable cluster takes allowDeletion: { reason }.',
    severity: 'warning',
    references: ['aws_eks_cluster deletion_protection (AWS provider 6)'],
    check: (t) => (isTrue(t.object?.deletion_protection) || isExpression(t.object?.deletion_protection) || recordedReason(t.object, 'allow_deletion_reason') !== undefined
      ? [] : ['deletion protection is off: one delete call (or a plan that replaces the cluster) removes it with all its workloads']),
  }),
  defineCheck({
    id: 'cloudwatch-log-retention',
    domain: 'terraform',
    kinds: ['aws_cloudwatch_log_group'],
    description: 'CloudWatch log groups keep their events at least a year (or forever).',
    remediation: 'Set retention_in_days to 365 or more (or 0, never expire); with keelson\'s EksCluster, a shorter retention takes shortLogRetention: { reason }.',
    severity: 'error',
    references: ['CKV_AWS_338'],
    check: (t) => {
      const days = t.object?.retention_in_days;
      if (isExpression(days) || checkovSkipReason(t.object, 'CKV_AWS_338') !== undefined) {
        return []; // known only at plan time (Checkov: UNKNOWN), or skipped with a recorded reason
      }
      const n = typeof days === 'string' && /^\d+$/.test(days) ? Number(days) : days;
      if (n === undefined || n === null) {
        return ['retention_in_days is not set'];
      }
      return Number.isInteger(n) && (n === 0 || (n as number) >= 365) ? [] : [`retention_in_days is ${typeof days === 'string' ? JSON.stringify(days) : String(days)}, less than a year`];
    },
  }),
  defineCheck({
    id: 'cloudwatch-log-kms',
    domain: 'terraform',
    kinds: ['aws_cloudwatch_log_group'],
    description: 'CloudWatch log groups are encrypted with a customer managed KMS key.',
    remediation: 'Set kms_key_id to the ARN of a KMS key whose policy lets logs.<region>.amazonaws.com use it for this log group.',
    severity: 'error',
    references: ['CKV_AWS_158'],
    check: (t) => (present(t.object?.kms_key_id) || checkovSkipReason(t.object, 'CKV_AWS_158') !== undefined
      ? [] : ['the log group is not encrypted with a customer managed KMS key (no kms_key_id)']),
  }),
  defineCheck({
    id: 'kms-key-policy',
    domain: 'terraform',
    kinds: ['aws_kms_key'],
    description: 'KMS keys have an explicit key policy (without one, AWS\'s default hands the key to every principal whose IAM policies allow KMS).',
    remediation: 'Set policy on the aws_kms_key (or add an aws_kms_key_policy) naming the key administrators and the principals that use the key.',
    severity: 'error',
    references: ['CKV2_AWS_64'],
    check: (t, index) => (present(t.object?.policy) || hasKeyPolicyResource(t, index.terraform('aws_kms_key_policy'))
      || checkovSkipReason(t.object, 'CKV2_AWS_64') !== undefined ? [] : ['the key has no key policy']),
  }),
  defineCheck({
    id: 'eks-addon-version',
    domain: 'terraform',
    kinds: ['aws_eks_addon'],
    description: 'EKS add-ons name their version (pinned, or looked up for the cluster\'s Kubernetes version), so version changes show in the plan.',
    remediation: 'Set addon_version, e.g. from data "aws_eks_addon_version" with most_recent = false (the default version), or a pinned "vX.Y.Z-eksbuild.N".',
    severity: 'warning',
    references: ['terraform-aws-eks v21 addons (addon_version)'],
    check: (t) => (present(t.object?.addon_version) ? [] : [`add-on ${String(t.object?.addon_name ?? t.name)} has no addon_version: EKS picks one when it is created, and the plan never shows it`]),
  }),
];
