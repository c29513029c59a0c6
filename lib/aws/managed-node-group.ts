import { ITerraformDependable, TerraformOutput, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { LABEL_KEY, LABEL_VALUE } from '../core/formats';
import { NODE_GROUP_LABEL } from '../core/labels';
import { boundedName } from '../core/names';
import { propNames } from '../core/resource';
import { PropsValidator, checkUnique, isObject } from '../core/validator';
import { TaintEffect, Toleration } from '../workloads/scheduling';
import { AWS_NAME, INSTANCE_TYPE, SECURITY_GROUP_ID, SUBNET_ID, TERRAFORM_NAME, VPC_ID } from './aws-formats';
import { awsManagedPolicy, serviceRole } from './iam';
import { awsDnsSuffix } from './platform-stack';
import { checkList, checkUniqueName, claimName, describedConstruct, readProps, terraformScope, terraformString } from './prop-checks';

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
   * Nodes replaced at once during updates, as a count (instead of maxUnavailablePercentage).
   * @default maxUnavailablePercentage
   */
  readonly maxUnavailable?: number;
  /**
   * Share of the nodes replaced at once during updates, in percent (as terraform-aws-eks v21).
   * @default 33
   */
  readonly maxUnavailablePercentage?: number;
  /**
   * Prefix of the Terraform outputs (`<prefix>_node_role_arn`, `_node_role_name`, `_security_group_id`).
   * @default the group name, with "_" for "-"
   */
  readonly outputPrefix?: string;
}

/** Props of a {@link ManagedNodeGroup}. */
export interface ManagedNodeGroupProps extends ManagedNodeGroupOptions {
  /** Cluster name (a Terraform reference). */
  readonly clusterName: string;
  /** Cluster name as a plain string, for naming. */
  readonly clusterDisplayName: string;
  /** Subnets of the nodes (private). */
  readonly subnetIds: string[];
  /** The VPC of the nodes, for their own security group. */
  readonly vpcId: string;
  /** The cluster security group (EksCluster.clusterSecurityGroupId), which the nodes keep beside their own. */
  readonly clusterSecurityGroupId: string;
  /**
   * Resources the nodes must wait for, such as the VPC CNI add-on.
   * @default none
   */
  readonly dependsOn?: ITerraformDependable[];
}

const PROPS = propNames<ManagedNodeGroupProps>()({
  name: true, instanceTypes: true, minSize: true, desiredSize: true, maxSize: true, amiType: true, capacityType: true, diskSizeGiB: true,
  labels: true, taints: true, maxUnavailable: true, maxUnavailablePercentage: true, outputPrefix: true, clusterName: true, clusterDisplayName: true,
  subnetIds: true, vpcId: true, clusterSecurityGroupId: true, dependsOn: true,
});

export { NODE_GROUP_LABEL } from '../core/labels';

/**
 * Terraform makes the name from `<name>-` and a 26-character unique suffix (name_prefix), and EKS node group names
 * have at most 63 characters: the name itself may have 36.
 */
const GROUP_NAME = { ...AWS_NAME, test: (v: unknown) => AWS_NAME.test(v as string) && (v as string).length <= 36,
  description: 'a name of 1-36 letters, digits or "-", starting with a letter, without "--" or a trailing "-" (Terraform adds a 27-character suffix)' };
const OUTPUT_PREFIX = { ...TERRAFORM_NAME, description: 'a Terraform output name prefix of at most 64 lowercase letters, digits and "_", starting with a letter' };

/** An EKS cluster name: 1-100 letters, digits, "-" or "_", a letter or digit first. */
const EKS_CLUSTER_NAME = {
  test: (v: unknown) => typeof v === 'string' && /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/.test(v),
  description: 'an EKS cluster name (1-100 letters, digits, "-" or "_") or its Terraform reference, such as EksCluster.clusterName',
};

const AMI_TYPE = /^(AL2023_(x86_64|ARM_64)_(STANDARD|NVIDIA|NEURON)|BOTTLEROCKET_(x86_64|ARM_64)(_NVIDIA|_FIPS)?)$/;

/**
 * An EKS managed node group on Amazon Linux 2023 (or Bottlerocket), following terraform-aws-eks v21: its own
 * node role (worker, ECR pull-only and SSM policies; the VPC CNI gets its permissions through pod identity), its own
 * security group beside the cluster security group, and a launch template that requires IMDSv2 with a hop limit of
 * 1 (pods cannot borrow the node's credentials) and encrypts the root volume. No SSH access is configured (Checkov
 * CKV_AWS_100); SSM Session Manager reaches the nodes instead.
 *
 * The group is replaced without an outage: its name is a prefix (Terraform adds a unique suffix) and Terraform
 * creates the new group before it destroys the old one (create_before_destroy), so a change of instance types,
 * capacity type, AMI type or subnets starts the new nodes first; EKS then deletes the old group, draining each of its
 * nodes before terminating it (forced after 5 minutes, per the EKS user guide). Workloads select the nodes by the
 * `keelson.dev/node-group` label, which keeps its value across the replacement.
 */
export class ManagedNodeGroup extends Construct {
  /** The node group. */
  public readonly nodeGroup: EksNodeGroup;
  /** The IAM role of the nodes. */
  public readonly role: IamRole;
  /** The security group of this group's nodes alone (they also have the cluster security group): allow it where only these nodes may connect. */
  public readonly securityGroupId: string;
  /**
   * Labels that select this group's nodes, for a workload's `nodeSelector`: the group's `labels`, or else the
   * `keelson.dev/node-group: <name>` label keelson puts on every node of the group (it survives a replacement of the
   * group, unlike the `eks.amazonaws.com/nodegroup` label, whose value has Terraform's suffix).
   */
  public readonly nodeSelector: Record<string, string>;
  /** Tolerations of the group's taints, for a workload's `tolerations` (empty when the group has no taints). */
  public readonly tolerations: Toleration[];

  public constructor(scope: Construct, id: string, props: ManagedNodeGroupProps) {
    super(terraformScope(scope, id), id);
    const v = PropsValidator.of(this);
    const p = readProps(v, props, PROPS);
    const name = p.name ?? id;
    const min = p.minSize ?? 2;
    const max = p.maxSize ?? 4;
    const desired = p.desiredSize ?? min;
    const instanceTypes = p.instanceTypes ?? ['m7i.large'];
    const amiType = p.amiType ?? 'AL2023_x86_64_STANDARD';

    v.format('name', name, GROUP_NAME, true);
    checkList(v, 'instanceTypes', instanceTypes, true, 'a list of instance types such as ["m7i.large"]', (f, t) => v.format(f, t as string, INSTANCE_TYPE, true));
    if (Array.isArray(instanceTypes)) {
      // EKS takes up to 20 instance types per node group, each once.
      v.check(instanceTypes.length > 0 && instanceTypes.length <= 20, 'instanceTypes', instanceTypes, '1-20 instance types');
      checkUnique(v, 'instanceTypes', instanceTypes, (t) => (typeof t === 'string' ? t : undefined), 'an instance type');
    }
    const sizesOk = [v.integer('minSize', min, 0, 1000), v.integer('maxSize', max, 1, 1000), v.integer('desiredSize', desired, 0, 1000)].every(Boolean);
    if (sizesOk) {
      v.check(min <= max, 'minSize', min, `at most maxSize (${max})`);
      v.check(desired >= min && desired <= max, 'desiredSize', desired, `between minSize (${min}) and maxSize (${max})`);
    }
    v.check(typeof amiType === 'string' && AMI_TYPE.test(amiType), 'amiType', amiType, 'an AL2023 or Bottlerocket AMI type such as "AL2023_x86_64_STANDARD" (AL2 is end of life)');
    v.check(p.capacityType === undefined || ['ON_DEMAND', 'SPOT'].includes(p.capacityType), 'capacityType', p.capacityType, '"ON_DEMAND" or "SPOT"');
    v.integer('diskSizeGiB', p.diskSizeGiB, 20, 16384);
    v.integer('maxUnavailable', p.maxUnavailable, 1, 100);
    v.integer('maxUnavailablePercentage', p.maxUnavailablePercentage, 1, 100);
    v.check(p.maxUnavailable === undefined || p.maxUnavailablePercentage === undefined, 'maxUnavailablePercentage', p.maxUnavailablePercentage,
      'no maxUnavailablePercentage beside maxUnavailable (EKS takes one of the two)');
    if (p.labels !== undefined && v.check(isObject(p.labels), 'labels', p.labels, 'an object of Kubernetes node labels')) {
      v.map('labels', p.labels, LABEL_KEY, LABEL_VALUE);
      v.check(!Object.hasOwn(p.labels, NODE_GROUP_LABEL), `labels["${NODE_GROUP_LABEL}"]`, p.labels[NODE_GROUP_LABEL],
        `no ${NODE_GROUP_LABEL} label (keelson sets it to the group name)`);
      for (const [k, value] of Object.entries(p.labels)) {
        v.check(typeof value === 'string', `labels["${k}"]`, value, 'a label value (a string)');
      }
    }
    // EKS: at most 50 taints per node group, keys of 1-63 characters, values of at most 63, each key and effect once.
    const taints = checkList(v, 'taints', p.taints, false, 'a list of taints { key, value?, effect }', (f, t) => {
      if (v.knownProps(f, t, ['key', 'value', 'effect']) && v.check(isObject(t), f, t, 'a taint { key, value?, effect }')) {
        const taint = t as NodeTaint;
        v.check(LABEL_KEY.test(taint.key) && taint.key.length <= 63, `${f}.key`, taint.key, 'a taint key of at most 63 characters: a Kubernetes label key such as "dedicated"');
        v.format(`${f}.value`, taint.value, LABEL_VALUE);
        v.check(Object.hasOwn(TAINT_EFFECTS, taint.effect as string), `${f}.effect`, taint.effect, '"NO_SCHEDULE", "NO_EXECUTE" or "PREFER_NO_SCHEDULE"');
      }
    });
    if (taints) {
      v.check(taints.length <= 50, 'taints', taints, 'at most 50 taints');
      checkUnique(v, 'taints', taints, (t) => (isObject(t) && typeof t.key === 'string' ? `${t.key}:${String(t.effect)}` : undefined), 'a taint key and effect');
    }
    const clusterOk = terraformString(v, 'clusterName', p.clusterName, EKS_CLUSTER_NAME);
    v.format('clusterDisplayName', p.clusterDisplayName, AWS_NAME, true);
    const subnets = checkList(v, 'subnetIds', p.subnetIds, true, 'a list of subnet ids', (f, x) => terraformString(v, f, x, SUBNET_ID));
    v.check(subnets === undefined || subnets.length >= 2, 'subnetIds', p.subnetIds, 'subnets in at least two availability zones');
    terraformString(v, 'vpcId', p.vpcId, VPC_ID);
    terraformString(v, 'clusterSecurityGroupId', p.clusterSecurityGroupId, SECURITY_GROUP_ID);
    const outputPrefix = p.outputPrefix ?? (typeof name === 'string' ? name.toLowerCase().replace(/-/g, '_') : name);
    const outputs = ['node_role_arn', 'node_role_name', 'security_group_id'].map((suffix) => `${String(outputPrefix)}_${suffix}`);
    const outputRegistry = `Terraform outputs of ${TerraformStack.of(this).node.path}`;
    if (v.format('outputPrefix', outputPrefix, OUTPUT_PREFIX)) {
      // Two outputs of the same name in one stack: the second would replace the first.
      outputs.every((o) => checkUniqueName(this, v, outputRegistry, o, 'outputPrefix', outputPrefix,
        `a prefix whose outputs (${outputs.join(', ')}) no other construct in this stack writes (two node groups of the same name need an outputPrefix)`));
    }
    checkList(v, 'dependsOn', p.dependsOn, false, 'a list of Terraform resources to wait for',
      (f, d) => v.check(isObject(d) && typeof (d as { fqn?: unknown }).fqn === 'string', f, describedConstruct(d), 'a Terraform resource (such as an EksAddon)'));
    // Node group names are unique in their cluster.
    const registryKey = `${String(p.clusterName)}/${String(name)}`;
    if (clusterOk) {
      checkUniqueName(this, v, 'EKS node group names', registryKey, 'name', name, 'a node group name no other node group of this cluster has');
    }
    v.throwIfInvalid();
    claimName(this, 'EKS node group names', registryKey);
    outputs.forEach((o) => claimName(this, outputRegistry, o));
    this.nodeSelector = Object.keys(p.labels ?? {}).length > 0 ? { ...p.labels } : { [NODE_GROUP_LABEL]: name };
    this.tolerations = (p.taints ?? []).map((t) => ({
      key: t.key,
      operator: t.value === undefined ? 'Exists' : 'Equal',
      ...(t.value === undefined ? {} : { value: t.value }),
      effect: TAINT_EFFECTS[t.effect],
    }));

    const fullName = `${p.clusterDisplayName}-${name}`;
    const { role, permissions } = serviceRole(this, {
      name: boundedName(`${fullName}-node`, 64),
      // The EC2 principal has the partition's DNS suffix (amazonaws.com.cn in China), as in terraform-aws-eks.
      service: `ec2.${awsDnsSuffix(this)}`,
      trustActions: ['sts:AssumeRole'],
      // The VPC CNI's policy is not here: EksCluster gives the aws-node ServiceAccount its own pod identity, so
      // other pods on the node cannot manage ENIs (EKS best practices). SSM replaces SSH for access to the nodes.
      managedPolicyArns: [
        awsManagedPolicy('AmazonEKSWorkerNodePolicy'),
        awsManagedPolicy('AmazonEC2ContainerRegistryPullOnly'),
        awsManagedPolicy('AmazonSSMManagedInstanceCore'),
      ],
    });
    this.role = role;

    // The group's own security group, with no rules: the cluster security group (which EKS stops adding once a
    // launch template names security groups, so it is named here too) carries the traffic to the control plane and
    // between nodes, and all egress. This one exists so that a resource can admit these nodes alone.
    const securityGroup = new SecurityGroup(this, 'security-group', {
      namePrefix: `${fullName}-node-`,
      description: `Nodes of EKS node group ${fullName}; rules that admit these nodes elsewhere reference it`,
      vpcId: p.vpcId!,
      revokeRulesOnDelete: true,
      tags: { Name: `${fullName}-node` },
      lifecycle: { createBeforeDestroy: true },
    });
    this.securityGroupId = securityGroup.id;

    const template = new LaunchTemplate(this, 'launch-template', {
      namePrefix: `${fullName}-`,
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
        ebs: { volumeSize: p.diskSizeGiB ?? 50, volumeType: 'gp3', encrypted: 'true', deleteOnTermination: 'true' },
      }],
      vpcSecurityGroupIds: [p.clusterSecurityGroupId!, securityGroup.id],
      tagSpecifications: ['instance', 'volume', 'network-interface'].map((resourceType) => ({ resourceType, tags: { Name: fullName } })),
      lifecycle: { createBeforeDestroy: true },
    });

    this.nodeGroup = new EksNodeGroup(this, 'node-group', {
      clusterName: p.clusterName!,
      nodeGroupNamePrefix: `${name}-`,
      nodeRoleArn: role.arn,
      subnetIds: p.subnetIds!,
      amiType,
      capacityType: p.capacityType ?? 'ON_DEMAND',
      instanceTypes,
      scalingConfig: { minSize: min, maxSize: max, desiredSize: desired },
      updateConfig: p.maxUnavailable !== undefined ? { maxUnavailable: p.maxUnavailable } : { maxUnavailablePercentage: p.maxUnavailablePercentage ?? 33 },
      launchTemplate: { id: template.id, version: Token.asString(template.latestVersion) },
      labels: { ...p.labels, [NODE_GROUP_LABEL]: name },
      taint: p.taints?.map((t) => ({ key: t.key, value: t.value, effect: t.effect })),
      dependsOn: [...permissions, ...(p.dependsOn ?? [])],
      // The new group is created before the old one is destroyed; the autoscaler (not Terraform) owns the current size.
      lifecycle: { createBeforeDestroy: true, ignoreChanges: ['scaling_config[0].desired_size'] },
    });

    const output = (suffix: string, value: string, description: string) =>
      new TerraformOutput(this, `output-${suffix}`, { value, description }).overrideLogicalId(`${outputPrefix}_${suffix}`);
    output('node_role_arn', role.arn, `ARN of the IAM role of the nodes of ${fullName}`);
    output('node_role_name', role.name, `Name of the IAM role of the nodes of ${fullName}`);
    output('security_group_id', securityGroup.id, `Security group of the nodes of ${fullName} alone`);
  }
}
