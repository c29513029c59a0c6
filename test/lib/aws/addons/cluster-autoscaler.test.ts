import { ClusterAutoscaler, EfsCsiDriver, MetricsServer } from '../../../../lib/aws';
import { resources } from '../../../helpers/terraform';
import { objectOf, policyStatements, releaseOf, synthAddons } from './addon-synth';

describe('ClusterAutoscaler, MetricsServer and EfsCsiDriver', () => {
  const out = synthAddons(({ stack, kubernetes, cluster }) => {
    const nodes = cluster.addManagedNodeGroup('general', { instanceTypes: ['t3.medium'], minSize: 1, desiredSize: 1, maxSize: 3 });
    new ClusterAutoscaler(stack, 'autoscaler', { cluster, kubernetes });
    new MetricsServer(stack, 'metrics', { cluster, nodeGroups: [nodes] });
    new EfsCsiDriver(stack, 'efs', { cluster, version: 'v2.1.0-eksbuild.1', nodeGroups: [nodes] });
  });

  test('the autoscaler may resize only the Auto Scaling groups of its cluster', () => {
    const statements = policyStatements(out.tf, 'demo-cluster-autoscaler');
    const resize = statements.find((s: any) => s.actions.includes('autoscaling:SetDesiredCapacity'));
    expect(resize.actions).toEqual(['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup']);
    expect(resize.condition).toEqual([
      { test: 'StringEquals', variable: 'aws:ResourceTag/k8s.io/cluster-autoscaler/enabled', values: ['true'] },
      { test: 'StringEquals', variable: 'aws:ResourceTag/k8s.io/cluster-autoscaler/demo', values: ['owned'] },
    ]);
    const writes = statements.flatMap((s: any) => s.actions).filter((a: string) => !/:(Describe|Get)/.test(a));
    expect(writes.sort()).toEqual(['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup']);
  });

  test('the chart finds the groups by the cluster name and uses the emitted ServiceAccount', () => {
    const values = releaseOf(out.helmfile, 'cluster-autoscaler').values[0];
    expect(values).toMatchObject({ cloudProvider: 'aws', awsRegion: 'us-west-2', autoDiscovery: { clusterName: 'demo' },
      rbac: { serviceAccount: { create: false, name: 'cluster-autoscaler' } } });
    expect(objectOf(out.yaml, 'ServiceAccount', 'cluster-autoscaler').metadata.namespace).toBe('kube-system');
  });

  test('metrics-server and the EFS CSI driver are EKS add-ons that wait for the nodes', () => {
    const addons = Object.fromEntries(resources(out.tf, 'aws_eks_addon').map((a) => [a.addon_name, a]));
    expect(addons['metrics-server'].addon_version).toMatch(/^\$\{data\.aws_eks_addon_version\./);
    expect(addons['metrics-server'].depends_on.some((d: string) => d.startsWith('aws_eks_node_group.'))).toBe(true);
    const lookup = /data\.aws_eks_addon_version\.([\w-]+)\.version/.exec(addons['metrics-server'].addon_version)![1];
    expect(out.tf.data.aws_eks_addon_version[lookup]).toMatchObject({ addon_name: 'metrics-server', kubernetes_version: '1.35', most_recent: false });
    expect(addons['metrics-server'].preserve).toBe(true);
    expect(addons['aws-efs-csi-driver'].addon_version).toBe('v2.1.0-eksbuild.1');
    expect(addons['aws-efs-csi-driver'].depends_on.some((d: string) => d.startsWith('aws_eks_pod_identity_association.'))).toBe(true);
  });

  test('the EFS controller has the AWS managed EFS CSI policy through its pod identity', () => {
    const assoc = resources(out.tf, 'aws_eks_pod_identity_association').find((a) => a.service_account === 'efs-csi-controller-sa');
    expect(assoc.namespace).toBe('kube-system');
    expect(resources(out.tf, 'aws_iam_role_policy_attachment').map((a) => a.policy_arn))
      .toContainEqual(expect.stringMatching(/^arn:\$\{data\.aws_partition\.[\w-]+\.partition\}:iam::aws:policy\/service-role\/AmazonEFSCSIDriverPolicy$/));
  });
});
