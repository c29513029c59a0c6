import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { Ec2Tag } from '@cdktf/provider-aws/lib/ec2-tag';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { OBJECT_NAME } from '../../core/formats';
import { boundedName } from '../../core/names';
import { propNames } from '../../core/resource';
import { isObject } from '../../core/validator';
import { INSTANCE_TYPE } from '../aws-formats';
import { awsManagedPolicy, serviceRole } from '../iam';
import { awsPartition } from '../platform-stack';
import { checkList } from '../prop-checks';
import { CloudAddon, CloudAddonProps } from './cloud-addon';
import { karpenterControllerStatements } from './karpenter-policy';

/** The nodes Karpenter may launch. */
export interface KarpenterNodePoolOptions {
  /**
   * Name of the NodePool and its EC2NodeClass.
   * @default "default"
   */
  readonly name?: string;
  /**
   * Exact instance types (e.g. ["t3.medium"]); when given, `instanceCategories` is not used.
   * @default any type of the instance categories
   */
  readonly instanceTypes?: string[];
  /**
   * EC2 instance categories (c compute, m general purpose, r memory), generation 5 or newer.
   * @default ["c", "m", "r"]
   */
  readonly instanceCategories?: string[];
  /**
   * Capacity types: on-demand, spot (interruptions arrive through the queue), or both.
   * @default ["on-demand"]
   */
  readonly capacityTypes?: ('on-demand' | 'spot')[];
  /**
   * Total vCPUs the pool may launch, a brake on runaway scaling.
   * @default 100
   */
  readonly cpuLimit?: number;
  /**
   * The AMI alias of the EC2NodeClass: Amazon Linux 2023, `@latest` or a pinned release such as "al2023@v20251120".
   * @default "al2023@latest"
   */
  readonly amiAlias?: string;
}

/** Props of a {@link Karpenter}. */
export interface KarpenterProps extends CloudAddonProps {
  /**
   * The NodePool and EC2NodeClass.
   * @default { name: "default", instanceCategories: ["c", "m", "r"], capacityTypes: ["on-demand"], cpuLimit: 100 }
   */
  readonly nodePool?: KarpenterNodePoolOptions;
}

const PROPS = propNames<KarpenterProps>()({ cluster: true, kubernetes: true, namespace: true, chartVersion: true, nodePool: true });
const POOL_PROPS = propNames<KarpenterNodePoolOptions>()({ name: true, instanceTypes: true, instanceCategories: true, capacityTypes: true, cpuLimit: true, amiAlias: true });

/** Karpenter chart 1.11.1 (oci://public.ecr.aws/karpenter/karpenter), which supports Kubernetes 1.29-1.35. */
export const KARPENTER_CHART_VERSION = '1.11.1';
/** The tag by which the EC2NodeClass finds the cluster's private subnets and security group. */
export const KARPENTER_DISCOVERY_TAG = 'karpenter.sh/discovery';

/** The EventBridge events that announce an interruption or a change of a node Karpenter launched. */
const INTERRUPTION_EVENTS: ReadonlyArray<[id: string, source: string, detailType: string]> = [
  ['scheduled-change', 'aws.health', 'AWS Health Event'],
  ['spot-interruption', 'aws.ec2', 'EC2 Spot Instance Interruption Warning'],
  ['rebalance', 'aws.ec2', 'EC2 Instance Rebalance Recommendation'],
  ['instance-state-change', 'aws.ec2', 'EC2 Instance State-change Notification'],
];

/**
 * Karpenter v1 for one cluster, declared once. Terraform: the controller's pod identity with the upstream v1 policy
 * (every write scoped by the cluster's tags), the node role with an EKS access entry of type EC2_LINUX, the
 * interruption queue (SSE, TLS only, only EventBridge may send) fed by EventBridge rules for spot interruptions,
 * rebalance recommendations, instance state changes and scheduled health events, and the `karpenter.sh/discovery`
 * tag on the cluster's private subnets and security group. Kubernetes: the ServiceAccount, the pinned chart, and a
 * NodePool with its EC2NodeClass (Amazon Linux 2023, IMDSv2 with hop limit 1, encrypted gp3 root volume).
 */
export class Karpenter extends CloudAddon {
  /** The node role (its name is in the EC2NodeClass). */
  public readonly nodeRole: IamRole;
  /** The interruption queue. */
  public readonly queue: SqsQueue;
  /** The NodePool name. */
  public readonly nodePoolName: string;

  public constructor(scope: Construct, id: string, props: KarpenterProps) {
    super(scope, id, props, 'karpenter', PROPS, { namespace: 'kube-system', chartVersion: KARPENTER_CHART_VERSION });
    props = props ?? {}; // undefined props: the base reported what is missing
    const v = this.validator;
    const pool = props.nodePool ?? {};
    if (v.check(isObject(pool), 'nodePool', pool, 'an object of NodePool options') && v.knownProps('nodePool', pool, POOL_PROPS)) {
      v.format('nodePool.name', pool.name, OBJECT_NAME);
      const types = checkList(v, 'nodePool.instanceTypes', pool.instanceTypes, false, 'a list of instance types such as ["t3.medium"]',
        (f, t) => v.format(f, t as string, INSTANCE_TYPE, true));
      v.check(types === undefined || types.length > 0, 'nodePool.instanceTypes', types, 'at least one instance type');
      v.check(types === undefined || pool.instanceCategories === undefined, 'nodePool.instanceCategories', pool.instanceCategories,
        'no categories when instanceTypes are given (the types decide)');
      const cats = checkList(v, 'nodePool.instanceCategories', pool.instanceCategories, false, 'a list of instance categories such as ["c", "m", "r"]',
        (f, c) => v.check(typeof c === 'string' && /^[a-z]{1,3}$/.test(c), f, c, 'an instance category of 1-3 lowercase letters, such as "m"'));
      v.check(cats === undefined || cats.length > 0, 'nodePool.instanceCategories', cats, 'at least one category');
      const caps = checkList(v, 'nodePool.capacityTypes', pool.capacityTypes, false, 'a list of "on-demand" and/or "spot"',
        (f, c) => v.check(c === 'on-demand' || c === 'spot', f, c, '"on-demand" or "spot"'));
      v.check(caps === undefined || (caps.length > 0 && new Set(caps).size === caps.length), 'nodePool.capacityTypes', caps, 'one or both of "on-demand" and "spot", each once');
      v.integer('nodePool.cpuLimit', pool.cpuLimit, 1, 100_000);
      v.check(pool.amiAlias === undefined || (typeof pool.amiAlias === 'string' && /^al2023@(latest|v\d{8})$/.test(pool.amiAlias)), 'nodePool.amiAlias', pool.amiAlias,
        'an Amazon Linux 2023 alias: "al2023@latest" or a release such as "al2023@v20251120"');
    }
    v.throwIfInvalid();
    const cluster = this.cluster;
    this.nodePoolName = pool.name ?? 'default';

    // Nodes: the role EC2 instances assume, and the access entry that lets them join the cluster.
    const nodeRoleName = boundedName(`${cluster.name}-karpenter-node`, 64);
    const node = serviceRole(new Construct(this, 'node'), {
      name: nodeRoleName,
      service: 'ec2.amazonaws.com',
      trustActions: ['sts:AssumeRole'],
      managedPolicyArns: ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', 'AmazonEC2ContainerRegistryPullOnly', 'AmazonSSMManagedInstanceCore']
        .map((n) => awsManagedPolicy(n)),
    });
    this.nodeRole = node.role;
    new EksAccessEntry(this, 'node-access', { clusterName: cluster.clusterName, principalArn: node.role.arn, type: 'EC2_LINUX' });

    // Interruptions: EventBridge → SQS (encrypted, TLS only, five minutes: older notices are stale) → Karpenter.
    const queueName = boundedName(`${cluster.name}-karpenter`, 80);
    this.queue = new SqsQueue(this, 'queue', { name: queueName, messageRetentionSeconds: 300, sqsManagedSseEnabled: true });
    const queuePolicy = new DataAwsIamPolicyDocument(this, 'queue-policy-document', {
      statement: [
        { sid: 'EventBridgeSends', effect: 'Allow', actions: ['sqs:SendMessage'], resources: [this.queue.arn],
          principals: [{ type: 'Service', identifiers: ['events.amazonaws.com', 'sqs.amazonaws.com'] }] },
        { sid: 'DenyHTTP', effect: 'Deny', actions: ['sqs:*'], resources: [this.queue.arn], principals: [{ type: '*', identifiers: ['*'] }],
          condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }] },
      ],
    });
    new SqsQueuePolicy(this, 'queue-policy', { queueUrl: this.queue.url, policy: queuePolicy.json });
    for (const [eventId, source, detailType] of INTERRUPTION_EVENTS) {
      const rule = new CloudwatchEventRule(this, `${eventId}-rule`, {
        name: boundedName(`${cluster.name}-karpenter-${eventId}`, 64),
        description: `${detailType} events for Karpenter of cluster ${cluster.name}`,
        eventPattern: JSON.stringify({ 'source': [source], 'detail-type': [detailType] }),
      });
      new CloudwatchEventTarget(this, `${eventId}-target`, { rule: rule.name, targetId: 'KarpenterInterruptionQueue', arn: this.queue.arn });
    }

    // Discovery: the EC2NodeClass selects the private subnets and the cluster security group by this tag.
    // The subnets' tags are set on the subnets themselves: an aws_ec2_tag beside a resource that manages its own tags
    // would make every plan show a change.
    cluster.network.tagSubnets('private', { [KARPENTER_DISCOVERY_TAG]: cluster.name });
    new Ec2Tag(this, 'security-group-discovery', { resourceId: cluster.clusterSecurityGroupId, key: KARPENTER_DISCOVERY_TAG, value: cluster.name });

    const objects = this.install({
      serviceAccount: 'karpenter',
      statements: karpenterControllerStatements({
        clusterName: cluster.name, region: this.region, partition: awsPartition(this), clusterArn: cluster.resource.arn, queueArn: this.queue.arn, nodeRoleArn: node.role.arn,
      }),
      tokenReason: 'Karpenter watches pods and manages nodes and NodeClaims through the API server',
      chart: {
        repository: { name: 'karpenter', url: 'oci://public.ecr.aws/karpenter' },
        name: 'karpenter',
        release: 'karpenter',
        values: { settings: { clusterName: cluster.name, interruptionQueue: queueName } },
      },
    });

    const discovery = [{ tags: { [KARPENTER_DISCOVERY_TAG]: cluster.name } }];
    new ApiObject(objects, 'node-class', {
      apiVersion: 'karpenter.k8s.aws/v1',
      kind: 'EC2NodeClass',
      metadata: { name: this.nodePoolName },
      spec: {
        role: nodeRoleName,
        amiSelectorTerms: [{ alias: pool.amiAlias ?? 'al2023@latest' }],
        subnetSelectorTerms: discovery,
        securityGroupSelectorTerms: discovery,
        // IMDSv2 only, one hop: pods cannot reach the node role's credentials.
        metadataOptions: { httpEndpoint: 'enabled', httpProtocolIPv6: 'disabled', httpPutResponseHopLimit: 1, httpTokens: 'required' },
        blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeSize: '20Gi', volumeType: 'gp3', encrypted: true, deleteOnTermination: true } }],
      },
    });
    const requirements = [
      { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] },
      { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
      { key: 'karpenter.sh/capacity-type', operator: 'In', values: [...(pool.capacityTypes ?? ['on-demand'])] },
      ...(pool.instanceTypes
        ? [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: [...pool.instanceTypes] }]
        : [{ key: 'karpenter.k8s.aws/instance-category', operator: 'In', values: [...(pool.instanceCategories ?? ['c', 'm', 'r'])] },
          { key: 'karpenter.k8s.aws/instance-generation', operator: 'Gt', values: ['4'] }]),
    ];
    new ApiObject(objects, 'node-pool', {
      apiVersion: 'karpenter.sh/v1',
      kind: 'NodePool',
      metadata: { name: this.nodePoolName },
      spec: {
        template: {
          spec: {
            nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: this.nodePoolName },
            requirements,
            // Nodes are replaced after 30 days, so they pick up new AMIs.
            expireAfter: '720h',
          },
        },
        limits: { cpu: String(pool.cpuLimit ?? 100) },
        disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '1m' },
      },
    });
  }
}
