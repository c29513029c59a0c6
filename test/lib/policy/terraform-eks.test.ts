import { EksCluster, VpcNetwork } from '../../../lib/aws';
import { runPolicy } from '../../../lib/policy/engine';
import { BUILTIN_CHECKS } from '../../../lib/policy/registry';
import { terraformTargets } from '../../../lib/policy/targets';
import { PolicyTarget } from '../../../lib/policy/types';
import { TERRAFORM_EKS_CHECKS } from '../../../lib/policy/checks/terraform-eks';
import { TerraformJson, synthStack } from '../../helpers/terraform';
import { tf } from './fixtures';
import { addon, guardedEks, kmsKey, logGroup } from './terraform-eks-cases';

function messages(id: string, targets: PolicyTarget[]): string[] {
  const check = TERRAFORM_EKS_CHECKS.find((c) => c.id === id)!;
  return runPolicy(targets, { checks: [check] }).findings.map((f) => f.message);
}

const skip = (id: string, reason = 'recorded') => ({ checkov: { skip: [{ id, comment: reason }] }, checkov_skip_reasons: { [id]: reason } });

describe('the EKS guard checks', () => {
  test('are registered, with their Checkov ids where Checkov has the check', () => {
    expect(TERRAFORM_EKS_CHECKS.map((c) => [c.id, c.severity, c.references?.filter((r) => r.startsWith('CKV'))])).toEqual([
      ['eks-upgrade-policy', 'warning', []],
      ['eks-deletion-protection', 'warning', []],
      ['cloudwatch-log-retention', 'error', ['CKV_AWS_338']],
      ['cloudwatch-log-kms', 'error', ['CKV_AWS_158']],
      ['kms-key-policy', 'error', ['CKV2_AWS_64']],
      ['eks-addon-version', 'warning', []],
    ]);
    for (const c of TERRAFORM_EKS_CHECKS) {
      expect(BUILTIN_CHECKS).toContain(c);
    }
  });

  describe('eks-upgrade-policy', () => {
    test.each([
      ['STANDARD', guardedEks()],
      ['STANDARD as a one-element list (hand-written JSON)', guardedEks((c) => { c.upgrade_policy = [{ support_type: 'STANDARD' }]; })],
      ['EXTENDED with the reason keelson records', guardedEks((c) => { c.upgrade_policy = { support_type: 'EXTENDED' }; c['//'] = { extended_support_reason: 'vendor certification' }; })],
    ])('passes %s', (_t, r) => expect(messages('eks-upgrade-policy', tf(r))).toEqual([]));

    test.each([
      ['no upgrade_policy', guardedEks((c) => { delete c.upgrade_policy; }), 'no upgrade_policy'],
      ['an empty block', guardedEks((c) => { c.upgrade_policy = [{}]; }), 'no upgrade_policy'],
      ['EXTENDED without a reason', guardedEks((c) => { c.upgrade_policy = { support_type: 'EXTENDED' }; }), 'support_type EXTENDED without a recorded reason'],
      ['EXTENDED with an empty reason', guardedEks((c) => { c.upgrade_policy = { support_type: 'EXTENDED' }; c['//'] = { extended_support_reason: ' ' }; }), 'without a recorded reason'],
    ])('reports %s', (_t, r, message) => expect(messages('eks-upgrade-policy', tf(r)).join('\n')).toContain(message));
  });

  describe('eks-deletion-protection', () => {
    test.each([
      ['true', guardedEks()],
      ['"true" (a string, as cdktf may write it)', guardedEks((c) => { c.deletion_protection = 'true'; })],
      ['a variable', guardedEks((c) => { c.deletion_protection = '${var.protect}'; })],
      ['false with the reason keelson records', guardedEks((c) => { c.deletion_protection = false; c['//'] = { allow_deletion_reason: 'nightly preview' }; })],
    ])('passes %s', (_t, r) => expect(messages('eks-deletion-protection', tf(r))).toEqual([]));

    test.each([
      ['false', guardedEks((c) => { c.deletion_protection = false; })],
      ['absent (the provider\'s default is false)', guardedEks((c) => { delete c.deletion_protection; })],
    ])('reports %s', (_t, r) => expect(messages('eks-deletion-protection', tf(r))).toEqual([expect.stringContaining('deletion protection is off')]));
  });

  describe('cloudwatch-log-retention (Checkov CKV_AWS_338: 0 or at least 365)', () => {
    test.each([
      ['365', logGroup()],
      ['3653', logGroup((g) => { g.retention_in_days = 3653; })],
      ['0 (never expire)', logGroup((g) => { g.retention_in_days = 0; })],
      ['"400" as a string', logGroup((g) => { g.retention_in_days = '400'; })],
      ['a variable (known only at plan time; Checkov: unknown)', logGroup((g) => { g.retention_in_days = '${var.days}'; })],
      ['90 with a Checkov skip and its reason', logGroup((g) => { g.retention_in_days = 90; g['//'] = skip('CKV_AWS_338'); })],
    ])('passes %s', (_t, r) => expect(messages('cloudwatch-log-retention', tf(r))).toEqual([]));

    test.each([
      ['90', logGroup((g) => { g.retention_in_days = 90; }), 'retention_in_days is 90, less than a year'],
      ['364', logGroup((g) => { g.retention_in_days = 364; }), 'retention_in_days is 364'],
      ['no retention (the events never expire, but Checkov fails it)', logGroup((g) => { delete g.retention_in_days; }), 'retention_in_days is not set'],
      ['a skip of another check', logGroup((g) => { g.retention_in_days = 30; g['//'] = skip('CKV_AWS_158'); }), 'retention_in_days is 30'],
    ])('reports %s', (_t, r, message) => expect(messages('cloudwatch-log-retention', tf(r)).join('\n')).toContain(message));
  });

  describe('cloudwatch-log-kms (Checkov CKV_AWS_158: kms_key_id present)', () => {
    test.each([
      ['a key reference', logGroup()],
      ['a key ARN', logGroup((g) => { g.kms_key_id = 'arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'; })],
      ['no key, with a Checkov skip and its reason', logGroup((g) => { delete g.kms_key_id; g['//'] = skip('CKV_AWS_158'); })],
    ])('passes %s', (_t, r) => expect(messages('cloudwatch-log-kms', tf(r))).toEqual([]));

    test.each([
      ['no kms_key_id', logGroup((g) => { delete g.kms_key_id; })],
      ['an empty kms_key_id', logGroup((g) => { g.kms_key_id = ''; })],
    ])('reports %s', (_t, r) => expect(messages('cloudwatch-log-kms', tf(r))).toEqual([expect.stringContaining('no kms_key_id')]));
  });

  describe('kms-key-policy (Checkov CKV2_AWS_64: a policy, inline or a connected aws_kms_key_policy)', () => {
    test.each([
      ['an inline policy (JSON string)', kmsKey()],
      ['an inline policy (cdktf jsonencode)', kmsKey((k) => { k.policy = '${jsonencode({"Version" = "2012-10-17", "Statement" = []})}'; })],
      ['an aws_kms_key_policy for the key', { ...kmsKey((k) => { delete k.policy; }), aws_kms_key_policy: { p: { key_id: '${aws_kms_key.k.id}', policy: '${data.aws_iam_policy_document.key.json}' } } }],
      ['no policy, with a Checkov skip and its reason', kmsKey((k) => { delete k.policy; k['//'] = skip('CKV2_AWS_64'); })],
    ])('passes %s', (_t, r) => expect(messages('kms-key-policy', tf(r))).toEqual([]));

    test.each([
      ['no policy', kmsKey((k) => { delete k.policy; })],
      ['an empty policy', kmsKey((k) => { k.policy = ' '; })],
      ['an aws_kms_key_policy of another key', { ...kmsKey((k) => { delete k.policy; }), aws_kms_key_policy: { p: { key_id: '${aws_kms_key.other.id}', policy: '{}' } } }],
    ])('reports %s', (_t, r) => expect(messages('kms-key-policy', tf(r))).toEqual(['the key has no key policy']));
  });

  describe('eks-addon-version', () => {
    test.each([
      ['a default-version look-up', addon()],
      ['a pinned version', addon((a) => { a.addon_version = 'v1.12.4-eksbuild.1'; })],
    ])('passes %s', (_t, r) => expect(messages('eks-addon-version', tf(r))).toEqual([]));

    test('reports an add-on without a version', () => {
      expect(messages('eks-addon-version', tf(addon((a) => { delete a.addon_version; })))).toEqual([
        'add-on coredns has no addon_version: EKS picks one when it is created, and the plan never shows it',
      ]);
    });
  });
});

describe('keelson\'s EksCluster output against the EKS guard checks', () => {
  const out = synthStack((stack) => {
    new EksCluster(stack, 'cluster', { name: 'demo', network: new VpcNetwork(stack, 'network'), admins: ['arn:aws:iam::123456789012:role/admin'] });
  });
  const ids = (config: TerraformJson) => runPolicy(terraformTargets(config, 'test'), { checks: TERRAFORM_EKS_CHECKS }).findings.map((f) => f.checkId);
  /** keelson's output with the one resource of `type` named by `match` changed by `edit`. */
  const without = (type: string, match: (r: any) => boolean, edit: (r: any) => void): TerraformJson => {
    const copy = JSON.parse(JSON.stringify({ resource: out.resource }));
    Object.values(copy.resource[type]).filter(match).forEach(edit);
    return copy;
  };
  const isCluster = () => true;
  const isControlPlaneLogs = (g: any) => g.name === '/aws/eks/demo/cluster';
  const isClusterKey = (k: any) => String(k.description).includes('EKS cluster demo');

  test('passes every one of them', () => {
    expect(ids({ resource: out.resource })).toEqual([]);
  });

  test.each([
    ['upgrade_policy removed', 'eks-upgrade-policy', without('aws_eks_cluster', isCluster, (c) => { delete c.upgrade_policy; })],
    ['deletion protection off', 'eks-deletion-protection', without('aws_eks_cluster', isCluster, (c) => { c.deletion_protection = false; })],
    ['the old 90 days retention', 'cloudwatch-log-retention', without('aws_cloudwatch_log_group', isControlPlaneLogs, (g) => { g.retention_in_days = 90; })],
    ['the log group key removed', 'cloudwatch-log-kms', without('aws_cloudwatch_log_group', isControlPlaneLogs, (g) => { delete g.kms_key_id; })],
    ['the key policy removed', 'kms-key-policy', without('aws_kms_key', isClusterKey, (k) => { delete k.policy; })],
    ['an add-on version removed', 'eks-addon-version', without('aws_eks_addon', (a) => a.addon_name === 'vpc-cni', (a) => { delete a.addon_version; })],
  ])('fails with %s', (_t, id, config) => {
    expect(ids(config)).toEqual([id]);
  });
});
