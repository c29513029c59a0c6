import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { OBJECT_NAME } from '../../core/formats';
import { propNames } from '../../core/resource';
import { isObject } from '../../core/validator';
import { ALB_INGRESS_CONTROLLER, IngressController } from '../../networking/ingress-controller';
import { AWS_NLB_CLASS } from '../../networking/load-balancer';
import { awsPartition } from '../platform-stack';
import { describedConstruct } from '../prop-checks';
import { VpcNetwork } from '../vpc-network';
import { AddonStatement, CloudAddon, CloudAddonProps } from './cloud-addon';

/** The `spec.loadBalancerClass` of Services whose NLB the AWS Load Balancer Controller provisions. */
export const NLB_LOAD_BALANCER_CLASS = AWS_NLB_CLASS;
export { ALB_INGRESS_CONTROLLER } from '../../networking/ingress-controller';

/** The IngressClass of the controller and the ALB settings every Ingress of that class shares. */
export interface AlbIngressClassOptions {
  /**
   * IngressClass (and IngressClassParams) name, which Ingresses name in `ingressClassName`.
   * @default "alb"
   */
  readonly name?: string;
  /**
   * Whether the ALBs are reachable from the internet or only inside the VPC.
   * @default "internal"
   */
  readonly scheme?: 'internet-facing' | 'internal';
  /**
   * IngressGroup: Ingresses of the class share one ALB (fewer load balancers, one DNS name).
   * @default each Ingress gets its own ALB
   */
  readonly groupName?: string;
}

/** Props of an {@link AwsLoadBalancerController}. */
export interface AwsLoadBalancerControllerProps extends CloudAddonProps {
  /**
   * The cluster's VPC: the controller finds it by its Name tag (`vpcTags`), since pods cannot read the instance
   * metadata (IMDSv2 with hop limit 1 on the nodes).
   */
  readonly network: VpcNetwork;
  /**
   * The IngressClass `alb` with its IngressClassParams.
   * @default { name: "alb", scheme: "internal" }
   */
  readonly ingressClass?: AlbIngressClassOptions;
  /**
   * Controller replicas (leader election keeps one active; two survive a node loss).
   * @default 2
   */
  readonly replicas?: number;
}

const PROPS = propNames<AwsLoadBalancerControllerProps>()({
  cluster: true, kubernetes: true, namespace: true, chartVersion: true, network: true, ingressClass: true, replicas: true,
});
const CLASS_PROPS = propNames<AlbIngressClassOptions>()({ name: true, scheme: true, groupName: true });

/**
 * eks-charts `aws-load-balancer-controller` 1.17.0 (controller v2.17.0), listed among the chart's releases; the IAM policy
 * below follows that release's docs/install/iam_policy.json.
 */
export const AWS_LOAD_BALANCER_CONTROLLER_CHART_VERSION = '1.17.0';

/** An IngressGroup name: at most 63 lowercase letters, digits, "-" or ".", a letter or digit at each end (the controller's rule). */
const GROUP_NAME = /^[a-z0-9](?:[a-z0-9.-]{0,61}[a-z0-9])?$/;

const CLUSTER_TAG = 'elbv2.k8s.aws/cluster';
/** The controller tags what it creates with elbv2.k8s.aws/cluster; these conditions keep it to those resources. */
const REQUEST_TAGGED = { test: 'Null', variable: `aws:RequestTag/${CLUSTER_TAG}`, values: ['false'] };
const RESOURCE_TAGGED = { test: 'Null', variable: `aws:ResourceTag/${CLUSTER_TAG}`, values: ['false'] };
const NOT_RETAGGING = { test: 'Null', variable: `aws:RequestTag/${CLUSTER_TAG}`, values: ['true'] };

/**
 * The controller's policy, as upstream publishes it for v2.17 (statement ids are keelson's), with ARNs of `partition`
 * (a Terraform reference from awsPartition, or "aws").
 */
export function awsLoadBalancerControllerStatements(partition: string): AddonStatement[] {
  const ELB = `arn:${partition}:elasticloadbalancing:*:*`;
  const SECURITY_GROUPS = `arn:${partition}:ec2:*:*:security-group/*`;
  const BALANCERS = [`${ELB}:targetgroup/*/*`, `${ELB}:loadbalancer/net/*/*`, `${ELB}:loadbalancer/app/*/*`];
  return [
  { sid: 'CreateElbServiceLinkedRole', actions: ['iam:CreateServiceLinkedRole'], resources: ['*'],
    conditions: [{ test: 'StringEquals', variable: 'iam:AWSServiceName', values: ['elasticloadbalancing.amazonaws.com'] }] },
  { sid: 'Describe', resources: ['*'], actions: [
    'ec2:DescribeAccountAttributes', 'ec2:DescribeAddresses', 'ec2:DescribeAvailabilityZones', 'ec2:DescribeInternetGateways',
    'ec2:DescribeVpcs', 'ec2:DescribeVpcPeeringConnections', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups', 'ec2:DescribeInstances',
    'ec2:DescribeNetworkInterfaces', 'ec2:DescribeTags', 'ec2:GetCoipPoolUsage', 'ec2:DescribeCoipPools', 'ec2:GetSecurityGroupsForVpc',
    'ec2:DescribeIpamPools', 'ec2:DescribeRouteTables', 'elasticloadbalancing:DescribeLoadBalancers',
    'elasticloadbalancing:DescribeLoadBalancerAttributes', 'elasticloadbalancing:DescribeListeners', 'elasticloadbalancing:DescribeListenerCertificates',
    'elasticloadbalancing:DescribeSSLPolicies', 'elasticloadbalancing:DescribeRules', 'elasticloadbalancing:DescribeTargetGroups',
    'elasticloadbalancing:DescribeTargetGroupAttributes', 'elasticloadbalancing:DescribeTargetHealth', 'elasticloadbalancing:DescribeTags',
    'elasticloadbalancing:DescribeTrustStores', 'elasticloadbalancing:DescribeListenerAttributes', 'elasticloadbalancing:DescribeCapacityReservation',
  ] },
  { sid: 'CertificatesFirewallsShield', resources: ['*'], actions: [
    'cognito-idp:DescribeUserPoolClient', 'acm:ListCertificates', 'acm:DescribeCertificate', 'iam:ListServerCertificates', 'iam:GetServerCertificate',
    'waf-regional:GetWebACL', 'waf-regional:GetWebACLForResource', 'waf-regional:AssociateWebACL', 'waf-regional:DisassociateWebACL',
    'wafv2:GetWebACL', 'wafv2:GetWebACLForResource', 'wafv2:AssociateWebACL', 'wafv2:DisassociateWebACL',
    'shield:GetSubscriptionState', 'shield:DescribeProtection', 'shield:CreateProtection', 'shield:DeleteProtection',
  ] },
  // The node security group's rules (the controller opens it to its load balancers); EC2 cannot scope these by tag.
  { sid: 'NodeSecurityGroupRules', actions: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'], resources: ['*'] },
  { sid: 'CreateSecurityGroup', actions: ['ec2:CreateSecurityGroup'], resources: ['*'] },
  { sid: 'TagSecurityGroupOnCreate', actions: ['ec2:CreateTags'], resources: [SECURITY_GROUPS],
    conditions: [{ test: 'StringEquals', variable: 'ec2:CreateAction', values: ['CreateSecurityGroup'] }, REQUEST_TAGGED] },
  { sid: 'RetagOwnSecurityGroups', actions: ['ec2:CreateTags', 'ec2:DeleteTags'], resources: [SECURITY_GROUPS],
    conditions: [NOT_RETAGGING, RESOURCE_TAGGED] },
  { sid: 'ManageOwnSecurityGroups', actions: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress', 'ec2:DeleteSecurityGroup'],
    resources: ['*'], conditions: [RESOURCE_TAGGED] },
  { sid: 'CreateTaggedLoadBalancers', actions: ['elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:CreateTargetGroup'],
    resources: ['*'], conditions: [REQUEST_TAGGED] },
  { sid: 'ListenersAndRules', resources: ['*'], actions: [
    'elasticloadbalancing:CreateListener', 'elasticloadbalancing:DeleteListener', 'elasticloadbalancing:CreateRule', 'elasticloadbalancing:DeleteRule',
  ] },
  { sid: 'RetagOwnLoadBalancers', actions: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'], resources: BALANCERS,
    conditions: [NOT_RETAGGING, RESOURCE_TAGGED] },
  { sid: 'TagListenersAndRules', actions: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'], resources: [
    `${ELB}:listener/net/*/*/*`, `${ELB}:listener/app/*/*/*`, `${ELB}:listener-rule/net/*/*/*`, `${ELB}:listener-rule/app/*/*/*`,
  ] },
  { sid: 'ManageOwnLoadBalancers', resources: ['*'], conditions: [RESOURCE_TAGGED], actions: [
    'elasticloadbalancing:ModifyLoadBalancerAttributes', 'elasticloadbalancing:SetIpAddressType', 'elasticloadbalancing:SetSecurityGroups',
    'elasticloadbalancing:SetSubnets', 'elasticloadbalancing:DeleteLoadBalancer', 'elasticloadbalancing:ModifyTargetGroup',
    'elasticloadbalancing:ModifyTargetGroupAttributes', 'elasticloadbalancing:DeleteTargetGroup', 'elasticloadbalancing:ModifyListenerAttributes',
    'elasticloadbalancing:ModifyCapacityReservation', 'elasticloadbalancing:ModifyIpPools',
  ] },
  { sid: 'TagLoadBalancersOnCreate', actions: ['elasticloadbalancing:AddTags'], resources: BALANCERS, conditions: [
    { test: 'StringEquals', variable: 'elasticloadbalancing:CreateAction', values: ['CreateTargetGroup', 'CreateLoadBalancer'] }, REQUEST_TAGGED,
  ] },
  { sid: 'RegisterTargets', actions: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
    resources: [`${ELB}:targetgroup/*/*`] },
  { sid: 'ListenerSettings', resources: ['*'], actions: [
    'elasticloadbalancing:SetWebAcl', 'elasticloadbalancing:ModifyListener', 'elasticloadbalancing:AddListenerCertificates',
    'elasticloadbalancing:RemoveListenerCertificates', 'elasticloadbalancing:ModifyRule', 'elasticloadbalancing:SetRulePriorities',
  ] },
  ];
}

/**
 * The AWS Load Balancer Controller, declared once: its least-privilege policy (upstream's, scoped by the
 * `elbv2.k8s.aws/cluster` tag it puts on what it creates) on a pod identity, the ServiceAccount, the pinned eks-charts
 * release, and an IngressClass (`alb` by default) with IngressClassParams that fix the scheme, IP targets and a TLS 1.3
 * policy for every Ingress of the class. Services of type LoadBalancer get an NLB with `loadBalancerClass:
 * service.k8s.aws/nlb` ({@link NLB_LOAD_BALANCER_CLASS}, keelson's default). The controller places ALBs and NLBs in
 * the subnets tagged `kubernetes.io/role/elb` (public) or `kubernetes.io/role/internal-elb` (private), which
 * VpcNetwork writes.
 */
export class AwsLoadBalancerController extends CloudAddon {
  /** The IngressClass name Ingresses use (`ingressClassName`). */
  public readonly ingressClassName: string;
  /** The load balancer class of NLB Services. */
  public readonly loadBalancerClass = NLB_LOAD_BALANCER_CLASS;
  /**
   * The IngressClass as an IngressController, for `WebIngress`, a `WebService`'s `ingress` and
   * `NetworkPeer.ingressController`: NetworkPolicies admit the subnets the ALBs of its scheme run in (public for
   * internet-facing, private for internal), from which they send to the pods' IPs.
   */
  public readonly ingressController: IngressController;

  public constructor(scope: Construct, id: string, props: AwsLoadBalancerControllerProps) {
    super(scope, id, props, 'aws-load-balancer-controller', PROPS, { namespace: 'kube-system', chartVersion: AWS_LOAD_BALANCER_CONTROLLER_CHART_VERSION });
    props = props ?? {}; // undefined props: the base reported what is missing
    const v = this.validator;
    v.check(props.network instanceof VpcNetwork, 'network', describedConstruct(props.network), 'the cluster\'s VpcNetwork (the controller finds the VPC by its Name tag)');
    const cls = props.ingressClass ?? {};
    if (v.check(isObject(cls), 'ingressClass', cls, 'an object { name?, scheme?, groupName? }') && v.knownProps('ingressClass', cls, CLASS_PROPS)) {
      v.format('ingressClass.name', cls.name, OBJECT_NAME);
      v.check(cls.scheme === undefined || cls.scheme === 'internal' || cls.scheme === 'internet-facing', 'ingressClass.scheme', cls.scheme,
        '"internal" (reachable inside the VPC only) or "internet-facing"');
      v.check(cls.groupName === undefined || (typeof cls.groupName === 'string' && GROUP_NAME.test(cls.groupName)), 'ingressClass.groupName', cls.groupName,
        'an IngressGroup name: 1-63 lowercase letters, digits, "-" or ".", starting and ending with a letter or digit');
    }
    v.integer('replicas', props.replicas, 1, 10);
    const vpcName = props.network instanceof VpcNetwork ? (props.network.vpc.tagsInput as Record<string, string> | undefined)?.Name : undefined;
    v.throwIfInvalid();
    this.ingressClassName = cls.name ?? 'alb';
    // Internet-facing ALBs run in the public subnets (which hold no pods), internal ones in the private subnets.
    const subnets = (cls.scheme ?? 'internal') === 'internet-facing' ? props.network.publicSubnetCidrs : props.network.privateSubnetCidrs;
    this.ingressController = IngressController.awsLoadBalancer({ className: this.ingressClassName, sourceCidrs: [...subnets] });

    const objects = this.install({
      serviceAccount: 'aws-load-balancer-controller',
      statements: awsLoadBalancerControllerStatements(awsPartition(this)),
      tokenReason: 'the AWS Load Balancer Controller watches Ingresses, Services and its custom resources through the API server',
      chart: {
        repository: { name: 'eks', url: 'https://aws.github.io/eks-charts' },
        name: 'aws-load-balancer-controller',
        release: 'aws-load-balancer-controller',
        values: {
          clusterName: this.cluster.name,
          region: this.region,
          // No instance metadata for pods: the VPC is found by its Name tag (the controller's --aws-vpc-tags).
          vpcTags: { Name: vpcName },
          replicaCount: props.replicas ?? 2,
          // keelson writes the IngressClass below; Services must name the NLB class themselves (no mutating webhook).
          createIngressClassResource: false,
          enableServiceMutatorWebhook: false,
        },
      },
    });

    new ApiObject(objects, 'ingress-class-params', {
      apiVersion: 'elbv2.k8s.aws/v1beta1',
      kind: 'IngressClassParams',
      metadata: { name: this.ingressClassName },
      spec: {
        scheme: cls.scheme ?? 'internal',
        targetType: 'ip',
        // TLS 1.3 and 1.2 only (the ELB policy AWS recommends).
        sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
        group: cls.groupName ? { name: cls.groupName } : undefined,
      },
    });
    new ApiObject(objects, 'ingress-class', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name: this.ingressClassName },
      spec: { controller: ALB_INGRESS_CONTROLLER, parameters: { apiGroup: 'elbv2.k8s.aws', kind: 'IngressClassParams', name: this.ingressClassName } },
    });
  }
}
