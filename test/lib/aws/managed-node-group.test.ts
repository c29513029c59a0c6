import { ManagedNodeGroup, ManagedNodeGroupProps, PlatformStack } from '../../../lib/aws';
import { NODE_GROUP_LABEL } from '../../../lib/aws/managed-node-group';
import { TerraformJson, addressOf, policyFindings, resource, resources, synthStack } from '../../helpers/terraform';

const BASE: ManagedNodeGroupProps = {
  clusterName: 'demo', clusterDisplayName: 'demo', subnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
  vpcId: 'vpc-0123456789abcdef0', clusterSecurityGroupId: 'sg-0123456789abcdef0',
};

function nodes(props: Partial<ManagedNodeGroupProps> = {}, more?: (stack: PlatformStack) => void): { tf: TerraformJson; group: ManagedNodeGroup } {
  let group!: ManagedNodeGroup;
  const tf = synthStack((stack) => {
    group = new ManagedNodeGroup(stack, 'general', { ...BASE, ...props });
    more?.(stack);
  });
  return { tf, group };
}

describe('ManagedNodeGroup replacement without an outage', () => {
  const { tf } = nodes();
  const group = resource(tf, 'aws_eks_node_group');
  const template = resource(tf, 'aws_launch_template');

  test('the group has a name prefix and is created before the old one is destroyed', () => {
    expect(group.node_group_name_prefix).toBe('general-');
    expect(group.node_group_name).toBeUndefined();
    expect(group.lifecycle).toEqual({ create_before_destroy: true, ignore_changes: ['scaling_config[0].desired_size'] });
  });

  test('so is its launch template, which the group uses by id and latest version', () => {
    expect(template.name_prefix).toBe('demo-general-');
    expect(template.name).toBeUndefined();
    expect(template.lifecycle).toEqual({ create_before_destroy: true });
    const address = addressOf(tf, 'aws_launch_template');
    expect(group.launch_template).toEqual({ id: `\${${address}.id}`, version: `\${${address}.latest_version}` });
  });

  test('a third of the nodes are replaced at once during updates (terraform-aws-eks v21), or a given count', () => {
    expect(group.update_config).toEqual({ max_unavailable_percentage: 33 });
    expect(resource(nodes({ maxUnavailable: 2 }).tf, 'aws_eks_node_group').update_config).toEqual({ max_unavailable: 2 });
    expect(resource(nodes({ maxUnavailablePercentage: 50 }).tf, 'aws_eks_node_group').update_config).toEqual({ max_unavailable_percentage: 50 });
  });

  test('passes the replacement check and the other Terraform checks', () => {
    expect(policyFindings(tf)).toEqual([]);
  });
});

describe('ManagedNodeGroup labels and nodeSelector', () => {
  test('every node has the keelson.dev/node-group label with the group name, which selects the group when it has no labels', () => {
    const { tf, group } = nodes();
    expect(resource(tf, 'aws_eks_node_group').labels).toEqual({ [NODE_GROUP_LABEL]: 'general' });
    expect(group.nodeSelector).toEqual({ 'keelson.dev/node-group': 'general' });
  });

  test('the group labels are kept beside it and select the group', () => {
    const { tf, group } = nodes({ name: 'batch', labels: { workload: 'batch' } });
    expect(resource(tf, 'aws_eks_node_group').labels).toEqual({ 'workload': 'batch', 'keelson.dev/node-group': 'batch' });
    expect(group.nodeSelector).toEqual({ workload: 'batch' });
  });
});

describe('ManagedNodeGroup security group', () => {
  const { tf, group } = nodes();
  const sg = resource(tf, 'aws_security_group');
  const sgAddress = addressOf(tf, 'aws_security_group');

  test('the nodes have a security group of their own beside the cluster security group (which EKS no longer adds itself)', () => {
    expect(resource(tf, 'aws_launch_template').vpc_security_group_ids).toEqual(['sg-0123456789abcdef0', `\${${sgAddress}.id}`]);
    expect(group.securityGroupId).toContain('${TfToken[');
  });

  test('it is in the VPC, has no rules of its own, and is replaced create-before-destroy', () => {
    expect(sg).toMatchObject({ vpc_id: 'vpc-0123456789abcdef0', name_prefix: 'demo-general-node-', revoke_rules_on_delete: true, lifecycle: { create_before_destroy: true } });
    expect(sg.ingress).toBeUndefined();
    expect(sg.egress).toBeUndefined();
    expect(resources(tf, 'aws_vpc_security_group_ingress_rule')).toEqual([]);
  });
});

describe('ManagedNodeGroup node role', () => {
  const { tf, group } = nodes();
  const role = resource(tf, 'aws_iam_role');

  test('worker, ECR pull-only and SSM policies in the stack\'s partition; the VPC CNI policy is no longer on the node', () => {
    const partition = addressOf({ resource: tf.data }, 'aws_partition').replace(/^/, 'data.');
    expect(resources(tf, 'aws_iam_role_policy_attachment').map((a) => a.policy_arn).sort()).toEqual([
      `arn:\${${partition}.partition}:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly`,
      `arn:\${${partition}.partition}:iam::aws:policy/AmazonEKSWorkerNodePolicy`,
      `arn:\${${partition}.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore`,
    ]);
  });

  test('EC2 of the stack\'s partition (ec2.amazonaws.com, ec2.amazonaws.com.cn in China) assumes it', () => {
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([{
      Effect: 'Allow', Principal: { Service: 'ec2.${data.aws_partition.partition.dns_suffix}' }, Action: ['sts:AssumeRole'],
    }]);
    expect(group.role).toBeDefined();
  });

  test('its ARN and name, and the security group, are outputs named after the group', () => {
    const roleAddress = addressOf(tf, 'aws_iam_role');
    expect(tf.output).toEqual({
      general_node_role_arn: { value: `\${${roleAddress}.arn}`, description: 'ARN of the IAM role of the nodes of demo-general' },
      general_node_role_name: { value: `\${${roleAddress}.name}`, description: 'Name of the IAM role of the nodes of demo-general' },
      general_security_group_id: { value: `\${${addressOf(tf, 'aws_security_group')}.id}`, description: 'Security group of the nodes of demo-general alone' },
    });
  });

  test('a group name with "-" gives outputs with "_", and outputPrefix replaces it', () => {
    expect(Object.keys(nodes({ name: 'spot-batch' }).tf.output)).toEqual(['spot_batch_node_role_arn', 'spot_batch_node_role_name', 'spot_batch_security_group_id']);
    expect(Object.keys(nodes({ outputPrefix: 'workers' }).tf.output)).toEqual(['workers_node_role_arn', 'workers_node_role_name', 'workers_security_group_id']);
  });

  test('two groups of one name in two clusters of a stack can write their outputs with different prefixes', () => {
    const { tf: two } = nodes({}, (stack) => new ManagedNodeGroup(stack, 'other', { ...BASE, name: 'general', clusterName: 'other', clusterDisplayName: 'other', outputPrefix: 'other_general' }));
    expect(Object.keys(two.output).sort()).toEqual(['general_node_role_arn', 'general_node_role_name', 'general_security_group_id',
      'other_general_node_role_arn', 'other_general_node_role_name', 'other_general_security_group_id']);
  });
});
