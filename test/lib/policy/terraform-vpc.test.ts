import { runPolicy } from '../../../lib/policy/engine';
import { TERRAFORM_VPC_CHECKS } from '../../../lib/policy/checks/terraform-vpc';
import { BUILTIN_CHECKS } from '../../../lib/policy/registry';
import { terraformTargets } from '../../../lib/policy/targets';
import { tf } from './fixtures';
import { TERRAFORM_VPC_CASES, vpc } from './terraform-vpc-cases';

const check = TERRAFORM_VPC_CHECKS.find((c) => c.id === 'vpc-flow-logs')!;
const findings = (targets: ReturnType<typeof tf>) => runPolicy(targets, { checks: [check] }).findings;

describe('vpc-flow-logs (Checkov CKV2_AWS_11)', () => {
  test('is registered, references CKV2_AWS_11, and has a case', () => {
    expect(BUILTIN_CHECKS).toContain(check);
    expect(check.references).toContain('CKV2_AWS_11');
    expect(Object.keys(TERRAFORM_VPC_CASES)).toEqual(TERRAFORM_VPC_CHECKS.map((c) => c.id));
  });

  test('passes the compliant VPCs, fails the one without a flow log', () => {
    const c = TERRAFORM_VPC_CASES['vpc-flow-logs'];
    expect(findings(c.pass)).toEqual([]);
    const failed = findings(c.fail);
    expect(failed.map((f) => [f.checkId, f.severity, f.object])).toEqual([['vpc-flow-logs', 'error', 'aws_vpc.main (stack stack)']]);
    expect(failed[0].message).toContain(c.message);
  });

  test('a VPC with no aws_flow_log at all fails', () => {
    expect(findings(tf(vpc()))).toHaveLength(1);
  });

  test('only a reference to this very VPC counts: not a VPC whose name extends it, nor a literal id', () => {
    expect(findings(tf(vpc('${aws_vpc.main2.id}', { aws_vpc: { main: {}, main2: {} } })))
      .map((f) => f.object)).toEqual(['aws_vpc.main (stack stack)']);
    expect(findings(tf(vpc('vpc-0123456789abcdef0')))).toHaveLength(1);
  });

  test('a reference in any argument of the flow log connects it, as in Checkov\'s graph (e.g. inside an expression)', () => {
    expect(findings(tf(vpc('${element([aws_vpc.main.id], 0)}')))).toEqual([]);
    expect(findings(tf({ aws_vpc: { main: {} }, aws_flow_log: { f: { tags: { Vpc: '${aws_vpc.main.id}' } } } }))).toEqual([]);
  });

  test('a flow log in another stack does not log this stack\'s VPC', () => {
    const targets = [...terraformTargets({ resource: { aws_vpc: { main: {} } } }, 'a'), ...terraformTargets({ resource: vpc('${aws_vpc.main.id}') }, 'b')];
    expect(findings(targets).map((f) => f.object)).toEqual(['aws_vpc.main (stack a)']);
  });

  test('a recorded skip needs a non-empty reason', () => {
    expect(findings(tf(vpc(undefined, {}, { '//': { checkov_skip_reasons: { CKV2_AWS_11: ' ' } } })))).toHaveLength(1);
    expect(findings(tf(vpc(undefined, {}, { '//': { checkov_skip_reasons: { CKV_AWS_130: 'other check' } } })))).toHaveLength(1);
  });

  test('odd shapes are read without a crash', () => {
    for (const odd of [null, 'x', [], {}, { vpc_id: null }, { vpc_id: ['${aws_vpc.main.id}'] }]) {
      const out = runPolicy(tf({ aws_vpc: { main: odd as any }, aws_flow_log: { f: odd as any } }), { checks: [check] }).findings;
      expect(out.every((f) => f.checkId === 'vpc-flow-logs' && !f.message.includes('could not read'))).toBe(true);
    }
  });
});
