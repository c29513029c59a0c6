import { ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { LABEL_KEY, LABEL_VALUE } from '../core/formats';
import { boundedName } from '../core/names';
import { PropsValidator } from '../core/validator';
import { TaintEffect, Toleration } from '../workloads/scheduling';
import { AWS_NAME, INSTANCE_TYPE } from './aws-formats';
import { awsManagedPolicy, serviceRole } from './iam';

/** A node taint. */
export interface NodeTaint {
  /** Taint key. */
  readonly key: string;
  /**
   * Taint value.
   * @default none
   */
  readonly value?: string;
  /** What happens to pods that do not tolerate it. */
  readonly effect: 'NO_SCHEDULE' | 'NO_EXECUTE' | 'PREFER_NO_SCHEDULE';
}

/** The Kubernetes names of the EKS taint effects. */
const TAINT_EFFECTS: Record<NodeTaint['effect'], TaintEffect> = { NO_SCHEDULE: 'NoSchedule', NO_EXECUTE: 'NoExecute', PREFER_NO_SCHEDULE: 'PreferNoSchedule' };

/** Options of a managed node group (see {@link ManagedNodeGroupProps}). */
export interface ManagedNodeGroupOptions {
  /**
   * Node group name.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * Instance types; several give the (spot) allocator room.
   * @default ["m7i.large"] (2 vCPU, 8 GiB, general purpose)
   */
  readonly instanceTypes?: string[];
  /**
   * Fewest nodes.
   * @default 2
   */
  readonly minSize?: number;
  /**
   * Nodes to start with.
   * @default minSize
   */
  readonly desiredSize?: number;
  /**
   * Most nodes.
   * @default 4
   */
  readonly maxSize?: number;
  /**
   * AMI type: Amazon Linux 2023 or Bottlerocket (AL2 AMIs ended in November 2025).
   * @default "AL2023_x86_64_STANDARD"
   */
  readonly amiType?: string;
  /**
   * On-demand or spot capacity.
   * @default "ON_DEMAND"
   */
  readonly capacityType?: 'ON_DEMAND' | 'SPOT';
  /**
   * Size of each node's encrypted gp3 root volume, in GiB.
   * @default 50
   */
  readonly diskSizeGiB?: number;
  /**
   * Kubernetes labels of the nodes.
   * @default none
   */
  readonly labels?: Record<string, string>;
  /**
   * Kubernetes taints of the nodes.
   * @default none
   */
  readonly taints?: NodeTaint[];
  /**
   * Nodes replaced at once during updates.
   * @default 1
   */
  readonly maxUnavailable?: number;
}

/** Props of a {@link ManagedNodeGroup}. */
export interface ManagedNodeGroupProps extends ManagedNodeGroupOptions {
  /** Cluster name (a Terraform reference). */
  readonly clusterName: string;
  /** Cluster name as a plain string, for naming. */
  readonly clusterDisplayName: string;
  /** Subnets of the nodes (private). */
  readonly subnetIds: string[];
  /**
   * Resources the nodes must wait for, such as the VPC CNI add-on.
   * @default none
   */
  readonly dependsOn?: ITerraformDependable[];
}

const AMI_TYPE = /^(AL2023_(x86_64|ARM_64)_(STANDARD|NVIDIA|NEURON)|BOTTLEROCKET_(x86_64|ARM_64)(_NVIDIA|_FIPS)?)$/;

/**
 * An EKS managed node group on Amazon Linux 2023 (or Bottlerocket), following terraform-aws-eks v21: its own
 * node role (worker, ECR pull-only and VPC CNI policies), and a launch template that requires IMDSv2 with a hop
 * limit of 1 (pods cannot borrow the node's credentials) and encrypts the root volume. No SSH access is
 * configured (Checkov CKV_AWS_100).
 */
export class ManagedNodeGroup extends Construct {
  /** The node group. */
  public readonly nodeGroup: EksNodeGroup;
  /**
   * Labels that select this group's nodes, for a workload's `nodeSelector`: the group's `labels`, or else the
   * `eks.amazonaws.com/nodegroup` label that EKS puts on every node of a managed group.
   */
  public readonly nodeSelector: Record<string, string>;
  /** Tolerations of the group's taints, for a workload's `tolerations` (empty when the group has no taints). */
  public readonly tolerations: Toleration[];

  public constructor(scope: Construct, id: string, props: ManagedNodeGroupProps) {
    super(scope, id);
    const name = props.name ?? id;
    this.nodeSelector = Object.keys(props.labels ?? {}).length > 0 ? { ...props.labels } : { 'eks.amazonaws.com/nodegroup': name };
    this.tolerations = (props.taints ?? []).map((t) => ({
      key: t.key,
      operator: t.value === undefined ? 'Exists' : 'Equal',
      ...(t.value === undefined ? {} : { value: t.value }),
      effect: TAINT_EFFECTS[t.effect],
    }));
    const min = props.minSize ?? 2;
    const max = props.maxSize ?? 4;
    const desired = props.desiredSize ?? min;
    const instanceTypes = props.instanceTypes ?? ['m7i.large'];
    const amiType = props.amiType ?? 'AL2023_x86_64_STANDARD';

    const v = PropsValidator.of(this);
    v.format('name', name, AWS_NAME, true);
    v.check(instanceTypes.length > 0, 'instanceTypes', instanceTypes, 'at least one instance type');
    instanceTypes.forEach((t, i) => v.format(`instanceTypes[${i}]`, t, INSTANCE_TYPE, true));
    const sizesOk = [v.integer('minSize', min, 0, 1000), v.integer('maxSize', max, 1, 1000), v.integer('desiredSize', desired, 0, 1000)].every(Boolean);
    if (sizesOk) {
      v.check(min <= max, 'minSize', min, `at most maxSize (${max})`);
      v.check(desired >= min && desired <= max, 'desiredSize', desired, `between minSize (${min}) and maxSize (${max})`);
    }
    v.check(AMI_TYPE.test(amiType), 'amiType', amiType, 'an AL2023 or Bottlerocket AMI type such as "AL2023_x86_64_STANDARD" (AL2 is end of life)');
    v.check(props.capacityType === undefined || ['ON_DEMAND', 'SPOT'].includes(props.capacityType), 'capacityType', props.capacityType, '"ON_DEMAND" or "SPOT"');
    v.integer('diskSizeGiB', props.diskSizeGiB, 20, 16384);
    v.integer('maxUnavailable', props.maxUnavailable, 1, 100);
    v.map('labels', props.labels, LABEL_KEY, LABEL_VALUE);
    (props.taints ?? []).forEach((t, i) => {
      v.format(`taints[${i}].key`, t.key, LABEL_KEY, true);
      v.format(`taints[${i}].value`, t.value, LABEL_VALUE);
      v.check(['NO_SCHEDULE', 'NO_EXECUTE', 'PREFER_NO_SCHEDULE'].includes(t.effect), `taints[${i}].effect`, t.effect, '"NO_SCHEDULE", "NO_EXECUTE" or "PREFER_NO_SCHEDULE"');
    });
    v.check(props.subnetIds.length >= 2, 'subnetIds', props.subnetIds, 'subnets in at least two availability zones');
    v.throwIfInvalid();

    const fullName = `${props.clusterDisplayName}-${name}`;
    const { role, permissions } = serviceRole(this, {
      name: boundedName(`${fullName}-node`, 64),
      service: 'ec2.amazonaws.com',
      trustActions: ['sts:AssumeRole'],
      managedPolicyArns: [
        awsManagedPolicy('AmazonEKSWorkerNodePolicy'),
        awsManagedPolicy('AmazonEC2ContainerRegistryPullOnly'),
        awsManagedPolicy('AmazonEKS_CNI_Policy'),
      ],
    });

    const template = new LaunchTemplate(this, 'launch-template', {
      name: fullName,
      description: `Nodes of ${fullName}: IMDSv2 only, hop limit 1, encrypted root volume`,
      updateDefaultVersion: true,
      metadataOptions: {
        httpEndpoint: 'enabled',
        httpTokens: 'required',
        httpPutResponseHopLimit: 1,
        instanceMetadataTags: 'disabled',
      },
      blockDeviceMappings: [{
        deviceName: amiType.startsWith('BOTTLEROCKET') ? '/dev/xvdb' : '/dev/xvda',
        ebs: { volumeSize: props.diskSizeGiB ?? 50, volumeType: 'gp3', encrypted: 'true', deleteOnTermination: 'true' },
      }],
      tagSpecifications: ['instance', 'volume'].map((resourceType) => ({ resourceType, tags: { Name: fullName } })),
    });

    this.nodeGroup = new EksNodeGroup(this, 'node-group', {
      clusterName: props.clusterName,
      nodeGroupName: name,
      nodeRoleArn: role.arn,
      subnetIds: props.subnetIds,
      amiType,
      capacityType: props.capacityType ?? 'ON_DEMAND',
      instanceTypes,
      scalingConfig: { minSize: min, maxSize: max, desiredSize: desired },
      updateConfig: { maxUnavailable: props.maxUnavailable ?? 1 },
      launchTemplate: { id: template.id, version: Token.asString(template.latestVersion) },
      labels: props.labels,
      taint: props.taints?.map((t) => ({ key: t.key, value: t.value, effect: t.effect })),
      dependsOn: [...permissions, ...(props.dependsOn ?? [])],
      // The autoscaler (not Terraform) owns the current size once the group runs.
      lifecycle: { ignoreChanges: ['scaling_config[0].desired_size'] },
    });
  }
}
