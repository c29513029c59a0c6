import { PolicyTarget } from '../../../lib/policy/types';
import { tf } from './fixtures';

/** Objects that pass a VPC check, objects that fail it, and a text the failure's message contains. */
interface CheckCase {
  readonly pass: PolicyTarget[];
  readonly fail: PolicyTarget[];
  readonly message: string;
}

/** A VPC "main", with a flow log whose vpc_id is `vpcId` when given, and more resources. */
export const vpc = (vpcId?: string, more: Record<string, Record<string, any>> = {}, vpcConfig: Record<string, any> = {}): Record<string, Record<string, any>> => ({
  aws_vpc: { main: { cidr_block: '10.0.0.0/16', ...vpcConfig } },
  ...(vpcId === undefined ? {} : { aws_flow_log: { main: { vpc_id: vpcId, traffic_type: 'ALL', log_destination_type: 'cloud-watch-logs' } } }),
  ...more,
});

export const TERRAFORM_VPC_CASES: Record<string, CheckCase> = {
  'vpc-flow-logs': {
    pass: [
      ...tf(vpc('${aws_vpc.main.id}')),
      // A VPC left without a flow log, with the reason keelson records (VpcNetwork withoutFlowLogs).
      ...terraformIn('other', vpc(undefined, {}, { '//': { checkov_skip_reasons: { CKV2_AWS_11: 'a throw-away test network' } } })),
    ],
    // A flow log of another VPC (a data source of the same name) does not log this one.
    fail: tf(vpc('${data.aws_vpc.main.id}')),
    message: 'no aws_flow_log refers to this VPC: its traffic is not logged',
  },
};

/** Policy targets of a Terraform configuration in the stack `stack`. */
function terraformIn(stack: string, resources: Record<string, Record<string, any>>): PolicyTarget[] {
  return tf(resources).map((t) => ({ ...t, stack }));
}
