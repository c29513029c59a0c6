// Checks of what the cloud add-ons (lib/aws/addons) write: the Terraform of Karpenter's interruption queue and the
// EC2NodeClass that says how Karpenter's nodes are launched.
import { checkovSkipReason } from '../checkov-skips';
import { defineCheck } from '../define';
import { isMap } from '../selectors';
import { PolicyCheck } from '../types';

/** The EBS devices of an EC2NodeClass that are not encrypted, by device name. */
function unencryptedDevices(spec: any): string[] {
  const mappings = Array.isArray(spec?.blockDeviceMappings) ? spec.blockDeviceMappings : [];
  return mappings.filter((m: any) => isMap(m) && isMap(m.ebs) && m.ebs.encrypted !== true)
    .map((m: any, i: number) => String(m.deviceName ?? `blockDeviceMappings[${i}]`));
}

export const CLOUD_ADDON_CHECKS: PolicyCheck[] = [
  defineCheck({
    id: 'sqs-queue-encryption',
    domain: 'terraform',
    kinds: ['aws_sqs_queue'],
    description: 'SQS queues encrypt their messages at rest: SQS managed SSE (sqs_managed_sse_enabled) or a KMS key (kms_master_key_id).',
    remediation: 'Set sqs_managed_sse_enabled = true (Karpenter\'s interruption queue has it), or kms_master_key_id to a KMS key.',
    severity: 'error',
    references: ['CKV_AWS_27', 'Karpenter v1 getting started: interruption queue with SqsManagedSseEnabled'],
    check: (t) => {
      const o = isMap(t.object) ? t.object : {};
      if (checkovSkipReason(o, 'CKV_AWS_27') !== undefined) {
        return [];
      }
      const kms = typeof o.kms_master_key_id === 'string' && o.kms_master_key_id !== '';
      return o.sqs_managed_sse_enabled === true || kms ? [] : ['messages are stored unencrypted: neither sqs_managed_sse_enabled nor kms_master_key_id is set'];
    },
  }),
  defineCheck({
    id: 'karpenter-node-imdsv2',
    domain: 'kubernetes',
    kinds: ['karpenter.k8s.aws/EC2NodeClass'],
    description: 'Karpenter\'s nodes require IMDSv2 tokens with a response hop limit of 1, so pods cannot read the node role\'s credentials '
      + '(Karpenter\'s defaults when metadataOptions is left out).',
    remediation: 'Leave spec.metadataOptions out, or set httpTokens: required and httpPutResponseHopLimit: 1 (Karpenter construct: the default).',
    severity: 'error',
    references: ['CKV_AWS_341', 'CKV_AWS_79', 'EKS best practices: restrict access to the instance profile assigned to the worker node'],
    check: (t) => {
      const md = t.object?.spec?.metadataOptions;
      if (!isMap(md)) {
        return [];
      }
      const problems: string[] = [];
      if (md.httpTokens === 'optional') {
        problems.push('spec.metadataOptions.httpTokens is "optional": IMDSv1 answers without a token');
      }
      if (typeof md.httpPutResponseHopLimit === 'number' && md.httpPutResponseHopLimit > 1 && md.httpEndpoint !== 'disabled') {
        problems.push(`spec.metadataOptions.httpPutResponseHopLimit is ${md.httpPutResponseHopLimit}: pods (one hop further) can reach the metadata service`);
      }
      return problems;
    },
  }),
  defineCheck({
    id: 'karpenter-node-encrypted-volumes',
    domain: 'kubernetes',
    kinds: ['karpenter.k8s.aws/EC2NodeClass'],
    description: 'The EBS volumes of Karpenter\'s nodes are encrypted (every blockDeviceMappings[].ebs has encrypted: true).',
    remediation: 'Set encrypted: true on every spec.blockDeviceMappings[].ebs (the Karpenter construct does).',
    severity: 'error',
    references: ['CKV_AWS_8', 'EKS best practices: encrypt node volumes'],
    check: (t) => unencryptedDevices(t.object?.spec).map((d) => `the EBS volume ${d} is not encrypted`),
  }),
];
