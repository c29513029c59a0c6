import { PolicyTarget } from '../../../lib/policy/types';
import { eks, tf } from './fixtures';

/** Objects that pass an EKS guard check, objects that fail it, and a text the failure's message contains. */
interface CheckCase {
  readonly pass: PolicyTarget[];
  readonly fail: PolicyTarget[];
  readonly message: string;
}

/** The compliant cluster of the fixtures with the guards of issue 18 (standard support, deletion protection), then `edit`. */
export function guardedEks(edit: (c: any) => void = () => undefined): Record<string, any> {
  return eks((c) => {
    c.upgrade_policy = { support_type: 'STANDARD' };
    c.deletion_protection = true;
    edit(c);
  });
}

/** A control plane log group kept a year and encrypted, then `edit`. */
export function logGroup(edit: (g: any) => void = () => undefined): Record<string, any> {
  const g: any = { name: '/aws/eks/demo/cluster', retention_in_days: 365, kms_key_id: '${aws_kms_key.k.arn}' };
  edit(g);
  return { aws_cloudwatch_log_group: { logs: g } };
}

/** A KMS key with an inline policy, then `edit`. */
export function kmsKey(edit: (k: any) => void = () => undefined): Record<string, any> {
  const k: any = {
    enable_key_rotation: true,
    policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'KeyUsage', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:role/demo-cluster' }, Action: ['kms:Decrypt'], Resource: '*' }] }),
  };
  edit(k);
  return { aws_kms_key: { k } };
}

/** An add-on with a version from the default-version look-up, then `edit`. */
export function addon(edit: (a: any) => void = () => undefined): Record<string, any> {
  const a: any = { addon_name: 'coredns', cluster_name: '${aws_eks_cluster.c.name}', addon_version: '${data.aws_eks_addon_version.coredns.version}' };
  edit(a);
  return { aws_eks_addon: { coredns: a } };
}

export const TERRAFORM_EKS_CASES: Record<string, CheckCase> = {
  'eks-upgrade-policy': {
    pass: tf(guardedEks()),
    // terraform-aws-eks v21 and the book leave upgrade_policy out: AWS's default is EXTENDED.
    fail: tf(eks()),
    message: 'no upgrade_policy: when standard support ends, EKS moves the cluster to extended support',
  },
  'eks-deletion-protection': {
    pass: tf(guardedEks()),
    fail: tf(guardedEks((c) => { delete c.deletion_protection; })),
    message: 'deletion protection is off',
  },
  'cloudwatch-log-retention': {
    pass: tf(logGroup()),
    // terraform-aws-eks v21's default, and keelson's before issue 18.
    fail: tf(logGroup((g) => { g.retention_in_days = 90; })),
    message: 'retention_in_days is 90, less than a year',
  },
  'cloudwatch-log-kms': {
    pass: tf(logGroup()),
    fail: tf(logGroup((g) => { delete g.kms_key_id; })),
    message: 'the log group is not encrypted with a customer managed KMS key (no kms_key_id)',
  },
  'kms-key-policy': {
    pass: tf(kmsKey()),
    fail: tf(kmsKey((k) => { delete k.policy; })),
    message: 'the key has no key policy',
  },
  'eks-addon-version': {
    pass: tf(addon()),
    fail: tf(addon((a) => { delete a.addon_version; })),
    message: 'add-on coredns has no addon_version',
  },
};
