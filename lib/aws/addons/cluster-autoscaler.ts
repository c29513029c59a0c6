import { Construct } from 'constructs';
import { propNames } from '../../core/resource';
import { awsPartition } from '../platform-stack';
import { AddonStatement, CloudAddon, CloudAddonProps } from './cloud-addon';

/** Props of a {@link ClusterAutoscaler}. */
export type ClusterAutoscalerProps = CloudAddonProps;

const PROPS = propNames<ClusterAutoscalerProps>()({ cluster: true, kubernetes: true, namespace: true, chartVersion: true });

/** kubernetes/autoscaler `cluster-autoscaler` chart 9.56.0 (released 2026-03-02 with the project's chart releases). */
export const CLUSTER_AUTOSCALER_CHART_VERSION = '9.56.0';

/** The tag keys by which Cluster Autoscaler discovers (and may resize) the Auto Scaling groups of a cluster. */
export function clusterAutoscalerTags(clusterName: string): Record<string, string> {
  return { 'k8s.io/cluster-autoscaler/enabled': 'true', [`k8s.io/cluster-autoscaler/${clusterName}`]: 'owned' };
}

/**
 * Cluster Autoscaler for the cluster's managed node groups, declared once: a pod identity with the least-privilege
 * policy of its AWS docs (reads on every resource; SetDesiredCapacity and TerminateInstanceInAutoScalingGroup only on
 * Auto Scaling groups tagged `k8s.io/cluster-autoscaler/enabled: true` and `k8s.io/cluster-autoscaler/<cluster>:
 * owned`), its ServiceAccount and the pinned chart with auto-discovery by those tags. EKS puts both tags on the Auto
 * Scaling group of every managed node group, so each group's minSize/maxSize bound what the autoscaler does.
 */
export class ClusterAutoscaler extends CloudAddon {
  public constructor(scope: Construct, id: string, props: ClusterAutoscalerProps) {
    super(scope, id, props, 'cluster-autoscaler', PROPS, { namespace: 'kube-system', chartVersion: CLUSTER_AUTOSCALER_CHART_VERSION });
    this.validator.throwIfInvalid();
    const name = this.cluster.name;
    const statements: AddonStatement[] = [
      { sid: 'Discover', resources: ['*'], actions: [
        'autoscaling:DescribeAutoScalingGroups', 'autoscaling:DescribeAutoScalingInstances', 'autoscaling:DescribeLaunchConfigurations',
        'autoscaling:DescribeScalingActivities', 'autoscaling:DescribeTags', 'ec2:DescribeImages', 'ec2:DescribeInstanceTypes',
        'ec2:DescribeLaunchTemplateVersions', 'ec2:GetInstanceTypesFromInstanceRequirements',
      ] },
      { sid: 'DescribeNodeGroups', actions: ['eks:DescribeNodegroup'], resources: [`arn:${awsPartition(this)}:eks:${this.region}:*:nodegroup/${name}/*/*`] },
      // Resizes only the groups of this cluster.
      { sid: 'ResizeOwnGroups', actions: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'], resources: ['*'],
        conditions: Object.entries(clusterAutoscalerTags(name)).map(([k, value]) => ({ test: 'StringEquals', variable: `aws:ResourceTag/${k}`, values: [value] })) },
    ];
    this.install({
      serviceAccount: 'cluster-autoscaler',
      statements,
      tokenReason: 'Cluster Autoscaler watches pods and nodes and evicts pods through the API server',
      chart: {
        repository: { name: 'autoscaler', url: 'https://kubernetes.github.io/autoscaler' },
        name: 'cluster-autoscaler',
        release: 'cluster-autoscaler',
        serviceAccountPath: ['rbac', 'serviceAccount'],
        values: {
          cloudProvider: 'aws',
          awsRegion: this.region,
          autoDiscovery: { clusterName: name },
          extraArgs: { 'balance-similar-node-groups': true, 'skip-nodes-with-local-storage': false },
        },
      },
    });
  }
}
