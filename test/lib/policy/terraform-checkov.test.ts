import { PlatformStack, StateBackend, StateBucket, suppressCheckov, terraformApp } from '../../../lib/aws';
import { AppStack } from '../../../lib/core/app-stack';
import { TERRAFORM_CHECKOV_CHECKS } from '../../../lib/policy/checks/terraform-checkov';
import { runPolicy } from '../../../lib/policy/engine';
import { BUILTIN_CHECKS } from '../../../lib/policy/registry';
import { policyFindings, synthPlatform } from '../../helpers/terraform';
import { tf } from './fixtures';

const check = TERRAFORM_CHECKOV_CHECKS.find((c) => c.id === 'checkov-skip-reason')!;
const messages = (comment: unknown) => runPolicy(tf({ aws_vpc: { v: { 'cidr_block': '10.0.0.0/16', '//': comment } } }), { checks: [check] })
  .findings.map((f) => `${f.severity} ${f.object}: ${f.message}`);

describe('checkov-skip-reason', () => {
  test('is registered', () => {
    expect(BUILTIN_CHECKS).toContain(check);
  });

  test('passes skips that name a check and give a reason, and resources without any', () => {
    expect(messages({ checkov: { skip: [{ id: 'CKV2_AWS_11', comment: 'flow logs go to the central account' }] },
      checkov_skip_reasons: { CKV2_AWS_11: 'flow logs go to the central account' }, metadata: { path: 'x/y' } })).toEqual([]);
    expect(messages({ metadata: { path: 'x/y' } })).toEqual([]);
    expect(messages(undefined)).toEqual([]);
  });

  test('reports a skip without a reason, with a bad id, or in another shape, on any resource type', () => {
    expect(messages({ checkov: { skip: [{ id: 'CKV2_AWS_11', comment: ' ' }, { id: 'ckv2_aws_11', comment: 'x' }, 'CKV_AWS_1'] } })).toEqual([
      'error aws_vpc.v (stack stack): Checkov skip 1 does not name a Checkov check (got "ckv2_aws_11")',
      'error aws_vpc.v (stack stack): Checkov skip 2 does not name a Checkov check (got "CKV_AWS_1")',
      'error aws_vpc.v (stack stack): the Checkov skip of CKV2_AWS_11 gives no reason',
    ]);
    const other = tf({ aws_kms_key: { k: { '//': { checkov: { skip: [{ id: 'CKV2_AWS_64' }] } } } } });
    expect(runPolicy(other, { checks: [check] }).findings.map((f) => `${f.object}: ${f.message}`))
      .toEqual(['aws_kms_key.k (stack stack): the Checkov skip of CKV2_AWS_64 gives no reason']);
    expect(messages({ checkov: { skip: 'CKV2_AWS_11' } })).toEqual(['error aws_vpc.v (stack stack): "//".checkov has no "skip" list of { id, comment } entries']);
    expect(messages({ checkov_skip_reasons: { CKV2_AWS_11: '' } })).toEqual(['error aws_vpc.v (stack stack): the recorded reason for skipping CKV2_AWS_11 is empty']);
    expect(messages({ checkov_skip_reasons: ['CKV2_AWS_11'] }))
      .toEqual(['error aws_vpc.v (stack stack): "//".checkov_skip_reasons is not an object of check ids to reasons']);
  });

  test('passes what suppressCheckov writes', () => {
    const out = synthPlatform({
      name: 'skips',
      description: '',
      build: (app) => {
        new AppStack(app, 'skips');
        const stack = new PlatformStack(terraformApp(app), 'skips', { region: 'us-west-2', backend: StateBackend.local() });
        suppressCheckov(new StateBucket(stack, 'state', { bucketName: 'acme-skips' }).bucket, 'CKV_AWS_21', { reason: 'a test' });
      },
    });
    expect(out.stacks.skips.resource.aws_s3_bucket).toBeDefined();
    expect(policyFindings(out.stacks.skips).filter((f) => f.endsWith('checkov-skip-reason'))).toEqual([]);
  });
});
