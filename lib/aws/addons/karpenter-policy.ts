// The Karpenter v1 controller policy (karpenter.sh v1 docs, getting-started CloudFormation), as data: every EC2 and
// IAM write is scoped by the tags Karpenter puts on what it launches (kubernetes.io/cluster/<name>: owned,
// eks:eks-cluster-name, karpenter.sh/nodepool, karpenter.k8s.aws/ec2nodeclass).
import { AddonCondition, AddonStatement } from './cloud-addon';

/** What the controller policy is scoped to. */
export interface KarpenterPolicyScope {
  readonly clusterName: string;
  readonly region: string;
  /** The partition ("aws", or a Terraform reference from awsPartition). */
  readonly partition: string;
  /** ARN of the cluster (a Terraform reference). */
  readonly clusterArn: string;
  /** ARN of the interruption queue (a Terraform reference). */
  readonly queueArn: string;
  /** ARN of the node role (a Terraform reference). */
  readonly nodeRoleArn: string;
}

/** The controller's statements for one cluster. */
export function karpenterControllerStatements(s: KarpenterPolicyScope): AddonStatement[] {
  const ec2 = (type: string, account = '*'): string => `arn:${s.partition}:ec2:${s.region}:${account}:${type}/*`;
  const eq = (variable: string, ...values: string[]): AddonCondition => ({ test: 'StringEquals', variable, values });
  const like = (variable: string): AddonCondition => ({ test: 'StringLike', variable, values: ['*'] });
  const owned = (kind: 'Request' | 'Resource'): AddonCondition => eq(`aws:${kind}Tag/kubernetes.io/cluster/${s.clusterName}`, 'owned');
  const named = (kind: 'Request' | 'Resource'): AddonCondition => eq(`aws:${kind}Tag/eks:eks-cluster-name`, s.clusterName);
  const inRegion = (kind: 'Request' | 'Resource'): AddonCondition => eq(`aws:${kind}Tag/topology.kubernetes.io/region`, s.region);
  const launched = ['fleet', 'instance', 'volume', 'network-interface', 'launch-template', 'spot-instances-request'].map((t) => ec2(t));
  return [
    { sid: 'AllowScopedEC2InstanceAccessActions', actions: ['ec2:RunInstances', 'ec2:CreateFleet'],
      resources: [ec2('image', ''), ec2('snapshot', ''), ec2('security-group'), ec2('subnet'), ec2('capacity-reservation')] },
    { sid: 'AllowScopedEC2LaunchTemplateAccessActions', actions: ['ec2:RunInstances', 'ec2:CreateFleet'], resources: [ec2('launch-template')],
      conditions: [owned('Resource'), like('aws:ResourceTag/karpenter.sh/nodepool')] },
    { sid: 'AllowScopedEC2InstanceActionsWithTags', actions: ['ec2:RunInstances', 'ec2:CreateFleet', 'ec2:CreateLaunchTemplate'], resources: launched,
      conditions: [owned('Request'), named('Request'), like('aws:RequestTag/karpenter.sh/nodepool')] },
    { sid: 'AllowScopedResourceCreationTagging', actions: ['ec2:CreateTags'], resources: launched,
      conditions: [owned('Request'), named('Request'), eq('ec2:CreateAction', 'RunInstances', 'CreateFleet', 'CreateLaunchTemplate'),
        like('aws:RequestTag/karpenter.sh/nodepool')] },
    { sid: 'AllowScopedResourceTagging', actions: ['ec2:CreateTags'], resources: [ec2('instance')],
      conditions: [owned('Resource'), like('aws:ResourceTag/karpenter.sh/nodepool'),
        { test: 'StringEqualsIfExists', variable: 'aws:RequestTag/eks:eks-cluster-name', values: [s.clusterName] },
        { test: 'ForAllValues:StringEquals', variable: 'aws:TagKeys', values: ['eks:eks-cluster-name', 'karpenter.sh/nodeclaim', 'Name'] }] },
    { sid: 'AllowScopedDeletion', actions: ['ec2:TerminateInstances', 'ec2:DeleteLaunchTemplate'], resources: [ec2('instance'), ec2('launch-template')],
      conditions: [owned('Resource'), like('aws:ResourceTag/karpenter.sh/nodepool')] },
    { sid: 'AllowRegionalReadActions', resources: ['*'], conditions: [eq('aws:RequestedRegion', s.region)], actions: [
      'ec2:DescribeCapacityReservations', 'ec2:DescribeImages', 'ec2:DescribeInstances', 'ec2:DescribeInstanceTypeOfferings', 'ec2:DescribeInstanceTypes',
      'ec2:DescribeLaunchTemplates', 'ec2:DescribeSecurityGroups', 'ec2:DescribeSpotPriceHistory', 'ec2:DescribeSubnets',
    ] },
    { sid: 'AllowSSMReadActions', actions: ['ssm:GetParameter'], resources: [`arn:${s.partition}:ssm:${s.region}::parameter/aws/service/*`] },
    { sid: 'AllowPricingReadActions', actions: ['pricing:GetProducts'], resources: ['*'] },
    { sid: 'AllowInterruptionQueueActions', actions: ['sqs:DeleteMessage', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'], resources: [s.queueArn] },
    { sid: 'AllowPassingInstanceRole', actions: ['iam:PassRole'], resources: [s.nodeRoleArn],
      conditions: [eq('iam:PassedToService', 'ec2.amazonaws.com')] },
    { sid: 'AllowScopedInstanceProfileCreationActions', actions: ['iam:CreateInstanceProfile'], resources: [`arn:${s.partition}:iam::*:instance-profile/*`],
      conditions: [owned('Request'), named('Request'), inRegion('Request'), like('aws:RequestTag/karpenter.k8s.aws/ec2nodeclass')] },
    { sid: 'AllowScopedInstanceProfileTagActions', actions: ['iam:TagInstanceProfile'], resources: [`arn:${s.partition}:iam::*:instance-profile/*`],
      conditions: [owned('Resource'), inRegion('Resource'), owned('Request'), named('Request'), inRegion('Request'),
        like('aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass'), like('aws:RequestTag/karpenter.k8s.aws/ec2nodeclass')] },
    { sid: 'AllowScopedInstanceProfileActions', actions: ['iam:AddRoleToInstanceProfile', 'iam:RemoveRoleFromInstanceProfile', 'iam:DeleteInstanceProfile'],
      resources: [`arn:${s.partition}:iam::*:instance-profile/*`],
      conditions: [owned('Resource'), inRegion('Resource'), like('aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass')] },
    { sid: 'AllowInstanceProfileReadActions', actions: ['iam:GetInstanceProfile', 'iam:ListInstanceProfiles'], resources: ['*'] },
    { sid: 'AllowAPIServerEndpointDiscovery', actions: ['eks:DescribeCluster'], resources: [s.clusterArn] },
  ];
}
