import { Karpenter } from '../../../../lib/aws';
import { resources } from '../../../helpers/terraform';
import { objectOf, policyStatements, releaseOf, synthAddons } from './addon-synth';

describe('Karpenter', () => {
  const out = synthAddons(({ stack, kubernetes, cluster }) => {
    new Karpenter(stack, 'karpenter', { cluster, kubernetes, nodePool: { instanceTypes: ['t3.medium'], cpuLimit: 16 } });
  });
  const statements = policyStatements(out.tf, 'demo-karpenter');
  const bySid = Object.fromEntries(statements.map((s: any) => [s.sid, s]));

  test('every EC2 write that creates or deletes is scoped by the cluster tags', () => {
    for (const sid of ['AllowScopedEC2InstanceActionsWithTags', 'AllowScopedResourceCreationTagging']) {
      expect(bySid[sid].condition).toContainEqual({ test: 'StringEquals', variable: 'aws:RequestTag/kubernetes.io/cluster/demo', values: ['owned'] });
      expect(bySid[sid].condition).toContainEqual({ test: 'StringEquals', variable: 'aws:RequestTag/eks:eks-cluster-name', values: ['demo'] });
    }
    expect(bySid.AllowScopedDeletion.actions).toEqual(['ec2:TerminateInstances', 'ec2:DeleteLaunchTemplate']);
    expect(bySid.AllowScopedDeletion.condition).toContainEqual({ test: 'StringEquals', variable: 'aws:ResourceTag/kubernetes.io/cluster/demo', values: ['owned'] });
    expect(bySid.AllowRegionalReadActions.condition).toEqual([{ test: 'StringEquals', variable: 'aws:RequestedRegion', values: ['us-west-2'] }]);
    expect(bySid.AllowScopedInstanceProfileActions.condition).toContainEqual(
      { test: 'StringLike', variable: 'aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass', values: ['*'] });
  });

  test('it passes only its node role, to EC2, and reads only its queue and cluster', () => {
    const nodeRole = Object.entries(out.tf.resource.aws_iam_role).find(([, r]: any) => r.name === 'demo-karpenter-node')![0];
    expect(bySid.AllowPassingInstanceRole.resources).toEqual([`\${aws_iam_role.${nodeRole}.arn}`]);
    expect(bySid.AllowPassingInstanceRole.condition).toEqual([{ test: 'StringEquals', variable: 'iam:PassedToService', values: ['ec2.amazonaws.com'] }]);
    expect(bySid.AllowInterruptionQueueActions.resources).toEqual([expect.stringMatching(/^\$\{aws_sqs_queue\.[\w-]+\.arn\}$/)]);
    expect(bySid.AllowAPIServerEndpointDiscovery.resources).toEqual([expect.stringMatching(/^\$\{aws_eks_cluster\.[\w-]+\.arn\}$/)]);
  });

  test('the node role joins the cluster through an EC2_LINUX access entry', () => {
    const entry = resources(out.tf, 'aws_eks_access_entry').find((e) => e.type === 'EC2_LINUX');
    expect(entry.principal_arn).toMatch(/^\$\{aws_iam_role\.[\w-]+\.arn\}$/);
    const attached = resources(out.tf, 'aws_iam_role_policy_attachment').filter((a) => a.role.includes('karpenter_node')).map((a) => a.policy_arn.split('/').pop());
    expect(attached.sort()).toEqual(['AmazonEC2ContainerRegistryPullOnly', 'AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', 'AmazonSSMManagedInstanceCore']);
  });

  test('the interruption queue is encrypted, TLS only, and fed by four EventBridge rules', () => {
    const [queue] = resources(out.tf, 'aws_sqs_queue');
    expect(queue).toMatchObject({ name: 'demo-karpenter', sqs_managed_sse_enabled: true, message_retention_seconds: 300 });
    const doc = Object.values(out.tf.data.aws_iam_policy_document).find((d: any) => d.statement.some((s: any) => s.sid === 'DenyHTTP')) as any;
    expect(doc.statement.find((s: any) => s.sid === 'DenyHTTP').condition).toEqual([{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }]);
    const patterns = resources(out.tf, 'aws_cloudwatch_event_rule').map((r) => JSON.parse(r.event_pattern)['detail-type'][0]).sort();
    expect(patterns).toEqual(['AWS Health Event', 'EC2 Instance Rebalance Recommendation', 'EC2 Instance State-change Notification', 'EC2 Spot Instance Interruption Warning']);
    expect(resources(out.tf, 'aws_cloudwatch_event_target')).toHaveLength(4);
  });

  test('the private subnets and the cluster security group carry the discovery tag', () => {
    // The cluster security group, which EKS creates, through aws_ec2_tag; the subnets in their own tags (an aws_ec2_tag
    // beside a resource that manages its tags would show a change in every plan).
    const tags = resources(out.tf, 'aws_ec2_tag');
    expect(tags.map((t) => [t.key, t.value, t.resource_id.split('.')[0]])).toEqual([['karpenter.sh/discovery', 'demo', '${aws_eks_cluster']]);
    const subnets = resources(out.tf, 'aws_subnet');
    expect(subnets.filter((s) => s.tags['kubernetes.io/role/internal-elb']).map((s) => s.tags['karpenter.sh/discovery'])).toEqual(['demo', 'demo']);
    expect(subnets.filter((s) => s.tags['kubernetes.io/role/elb']).map((s) => s.tags['karpenter.sh/discovery'])).toEqual([undefined, undefined]);
  });

  test('the EC2NodeClass: AL2023, IMDSv2 with one hop, encrypted root volume, discovery selectors', () => {
    const spec = objectOf(out.yaml, 'EC2NodeClass', 'default').spec;
    expect(spec.role).toBe('demo-karpenter-node');
    expect(spec.amiSelectorTerms).toEqual([{ alias: 'al2023@latest' }]);
    expect(spec.metadataOptions).toMatchObject({ httpTokens: 'required', httpPutResponseHopLimit: 1 });
    expect(spec.blockDeviceMappings[0].ebs).toMatchObject({ encrypted: true, volumeType: 'gp3' });
    expect(spec.subnetSelectorTerms).toEqual([{ tags: { 'karpenter.sh/discovery': 'demo' } }]);
    expect(spec.securityGroupSelectorTerms).toEqual(spec.subnetSelectorTerms);
  });

  test('the NodePool launches the given types within the CPU limit', () => {
    const spec = objectOf(out.yaml, 'NodePool', 'default').spec;
    expect(spec.template.spec.nodeClassRef).toEqual({ group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' });
    expect(spec.template.spec.requirements).toContainEqual({ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['t3.medium'] });
    expect(spec.template.spec.requirements).toContainEqual({ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] });
    expect(spec.limits).toEqual({ cpu: '16' });
  });

  test('the chart is pinned (OCI) and knows the cluster and the queue', () => {
    const release = releaseOf(out.helmfile, 'karpenter');
    expect(release).toMatchObject({ namespace: 'kube-system', chart: 'karpenter/karpenter', version: '1.11.1' });
    expect(release.values[0]).toMatchObject({ settings: { clusterName: 'demo', interruptionQueue: 'demo-karpenter' }, serviceAccount: { create: false, name: 'karpenter' } });
    expect(out.helmfile.repositories).toContainEqual({ name: 'karpenter', url: 'public.ecr.aws/karpenter', oci: true });
  });
});
