import { checkovSkipReason } from '../checkov-skips';
import { defineCheck } from '../define';
import { ObjectIndex } from '../object-index';
import { isMap } from '../selectors';
import { PolicyCheck, PolicyTarget } from '../types';

/** Nesting deeper than this is not searched for references (Terraform arguments are a few levels deep). */
const MAX_DEPTH = 16;

/** Whether a string, list or map (a resource's arguments, its `//` comment object aside) holds a reference matching `ref`. */
function refersTo(value: unknown, ref: RegExp, depth = 0): boolean {
  if (typeof value === 'string') {
    return ref.test(value);
  }
  if (depth >= MAX_DEPTH) {
    return false;
  }
  if (Array.isArray(value)) {
    return value.some((v) => refersTo(v, ref, depth + 1));
  }
  return isMap(value) && Object.entries(value).some(([k, v]) => k !== '//' && refersTo(v, ref, depth + 1));
}

/** A pattern for references to the resource `target` (`aws_vpc.main.id`, not `data.aws_vpc.main.id` or `aws_vpc.main2.id`). */
function referenceTo(target: PolicyTarget): RegExp {
  const name = String(target.name ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\w.-])${target.kind}\\.${name}\\.`);
}

/**
 * The resources of `type` in the stack of `target` that refer to it in any argument, as Checkov's graph checks
 * connect two resources (an aws_flow_log's vpc_id, usually).
 */
function connected(index: ObjectIndex, target: PolicyTarget, type: string): PolicyTarget[] {
  const ref = referenceTo(target);
  return index.terraform(type).filter((c) => c.stack === target.stack && refersTo(c.object, ref));
}

/** Checks of the Terraform that VpcNetwork writes, mirroring Checkov's VPC checks. */
export const TERRAFORM_VPC_CHECKS: PolicyCheck[] = [
  defineCheck({
    id: 'vpc-flow-logs',
    domain: 'terraform',
    kinds: ['aws_vpc'],
    description: 'Every VPC has a flow log (an aws_flow_log that refers to it), so that accepted and rejected traffic can be investigated, '
      + 'or a recorded reason why not.',
    remediation: 'Add an aws_flow_log with vpc_id = aws_vpc.<name>.id and traffic_type "ALL" (VpcNetwork has one by default), '
      + 'or leave it out with a reason (VpcNetwork withoutFlowLogs: { reason }, recorded as a CKV2_AWS_11 skip).',
    severity: 'error',
    references: ['CKV2_AWS_11', 'EKS best practices: network security (VPC flow logs)'],
    check: (t, index) => {
      if (checkovSkipReason(t.object, 'CKV2_AWS_11') !== undefined) {
        return [];
      }
      return connected(index, t, 'aws_flow_log').length > 0 ? [] : ['no aws_flow_log refers to this VPC: its traffic is not logged'];
    },
  }),
];
