import { App } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AwsLoadBalancerController, ClusterAutoscaler, EfsCsiDriver, EksCluster, ExternalDns, ExternalSecretsOperator, Karpenter, MetricsServer,
  PlatformStack, Route53Zone, StateBackend, VpcNetwork, terraformApp,
} from '../../../../lib/aws';
import { AppStack } from '../../../../lib/core/app-stack';
import { BadInput, describeBadInputs } from '../../../helpers/bad-input';
import { GOOD_PLATFORM_APP } from '../../../helpers/terraform';

/** What a bad case builds on: the stack "bad" with a VPC and the cluster "demo", and the AppStack "bad". */
interface Scope {
  readonly stack: PlatformStack;
  readonly kubernetes: Construct;
  readonly network: VpcNetwork;
  readonly cluster: EksCluster;
  readonly app: App;
}

const inCluster = (build: (s: Scope) => void) => (app: App) => {
  const kubernetes = new AppStack(app, 'bad');
  const stack = new PlatformStack(terraformApp(app), 'bad', { region: 'us-west-2', backend: StateBackend.local() });
  const network = new VpcNetwork(stack, 'net', { name: 'demo', availabilityZones: ['us-west-2a', 'us-west-2b'], natGateways: 'single' });
  const cluster = new EksCluster(stack, 'cluster', { name: 'demo', network, admins: ['arn:aws:iam::123456789012:role/admin'] });
  build({ stack, kubernetes, network, cluster, app });
};
const zone = (s: Scope) => new Route53Zone(s.stack, 'zone', { zoneName: 'mydomain.com' });
const any = (x: unknown): any => x;
const base = (s: Scope) => ({ cluster: s.cluster, kubernetes: s.kubernetes });
const alb = (s: Scope) => ({ ...base(s), network: s.network });

const CASES: BadInput[] = [
  // The shared props (cloud-addon.ts).
  { title: 'a cluster that is not an EksCluster', build: inCluster((s) => new ClusterAutoscaler(s.stack, 'ca', { cluster: any({ name: 'demo' }), kubernetes: s.kubernetes })),
    where: '[bad/ca] cluster: got {"name":"demo"}', expected: 'an EksCluster of this app' },
  { title: 'a Kubernetes scope that is a Terraform construct', build: inCluster((s) => new ClusterAutoscaler(s.stack, 'ca', { cluster: s.cluster, kubernetes: s.stack })),
    where: '[bad/ca] kubernetes: got "PlatformStack bad"', expected: 'a construct of the Kubernetes side (an AppStack)' },
  { title: 'an add-on inside a Kubernetes chart', build: inCluster((s) => new ClusterAutoscaler(s.kubernetes, 'ca', { cluster: s.cluster, kubernetes: s.kubernetes })),
    where: '[bad/ca] scope: got "AppStack bad"', expected: 'a construct inside a Terraform stack' },
  { title: 'a namespace that is not a DNS label', build: inCluster((s) => new ClusterAutoscaler(s.stack, 'ca', { cluster: s.cluster, kubernetes: s.kubernetes, namespace: 'Kube_System' })),
    where: '[bad/ca] namespace: got "Kube_System"', expected: 'a DNS-1123 label: 1-63 lowercase letters' },
  { title: 'a chart version range', build: inCluster((s) => new ClusterAutoscaler(s.stack, 'ca', { cluster: s.cluster, kubernetes: s.kubernetes, chartVersion: '^9.56' })),
    where: '[bad/ca] chartVersion: got "^9.56"', expected: 'an exact chart version' },
  { title: 'two autoscalers for one cluster', build: inCluster((s) => {
    new ClusterAutoscaler(s.stack, 'ca', { cluster: s.cluster, kubernetes: s.kubernetes });
    new ClusterAutoscaler(s.stack, 'ca2', { cluster: s.cluster, kubernetes: s.kubernetes });
  }), where: '[bad/ca2] cluster: got "EksCluster bad/cluster"', expected: 'a cluster that has no cluster-autoscaler yet (one per cluster) (bad/ca has it already)' },
  { title: 'an unknown prop', build: inCluster((s) => new ClusterAutoscaler(s.stack, 'ca', any({ cluster: s.cluster, kubernetes: s.kubernetes, replicas: 3 }))),
    where: '[bad/ca] replicas: got 3', expected: 'a known prop' },
  // AwsLoadBalancerController.
  { title: 'ALB controller without the VPC', build: inCluster((s) => new AwsLoadBalancerController(s.stack, 'alb', { cluster: s.cluster, kubernetes: s.kubernetes, network: any(undefined) })),
    where: '[bad/alb] network: got undefined', expected: 'the cluster\'s VpcNetwork' },
  { title: 'ALB scheme that does not exist', build: inCluster((s) => new AwsLoadBalancerController(s.stack, 'alb', { ...alb(s), ingressClass: { scheme: any('public') } })),
    where: '[bad/alb] ingressClass.scheme: got "public"', expected: '"internal" (reachable inside the VPC only) or "internet-facing"' },
  { title: 'ALB group name with capitals', build: inCluster((s) => new AwsLoadBalancerController(s.stack, 'alb', { ...alb(s), ingressClass: { groupName: 'Web' } })),
    where: '[bad/alb] ingressClass.groupName: got "Web"', expected: 'an IngressGroup name' },
  { title: 'ALB IngressClass name that is not an object name', build: inCluster((s) => new AwsLoadBalancerController(s.stack, 'alb', { ...alb(s), ingressClass: { name: 'ALB!' } })),
    where: '[bad/alb] ingressClass.name: got "ALB!"', expected: 'an object name: 1-63 lowercase letters' },
  { title: 'ALB zero replicas', build: inCluster((s) => new AwsLoadBalancerController(s.stack, 'alb', { ...alb(s), replicas: 0 })),
    where: '[bad/alb] replicas: got 0', expected: 'an integer from 1 to 10' },
  // Route53Zone and ExternalDns.
  { title: 'a zone of one label', build: inCluster((s) => new Route53Zone(s.stack, 'zone', { zoneName: 'com' })),
    where: '[bad/zone] zoneName: got "com"', expected: 'a domain name of two or more dot-separated labels' },
  { title: 'a zone under cluster.local', build: inCluster((s) => new Route53Zone(s.stack, 'zone', { zoneName: 'svc.cluster.local' })),
    where: '[bad/zone] zoneName: got "svc.cluster.local"', expected: 'a domain outside cluster.local' },
  { title: 'a zone with a network that is not a VpcNetwork', build: inCluster((s) => new Route53Zone(s.stack, 'zone', { zoneName: 'mydomain.com', network: any('vpc-0123') })),
    where: '[bad/zone] network: got "vpc-0123"', expected: 'a VpcNetwork for a private zone, or nothing for a public one' },
  { title: 'a zone allowed to be destroyed without a reason', build: inCluster((s) => new Route53Zone(s.stack, 'zone', { zoneName: 'mydomain.com', allowDestroy: { reason: '' } })),
    where: '[bad/zone] allowDestroy.reason: got ""', expected: 'a reason why terraform destroy may delete the zone' },
  { title: 'external-dns without a zone', build: inCluster((s) => new ExternalDns(s.stack, 'dns', { cluster: s.cluster, kubernetes: s.kubernetes, zone: any('mydomain.com') })),
    where: '[bad/dns] zone: got "mydomain.com"', expected: 'a Route53Zone of this app' },
  { title: 'external-dns with a zone of another stack', build: inCluster((s) => {
    const other = new PlatformStack(s.stack.node.scope!, 'dns', { region: 'us-east-1', backend: StateBackend.local() });
    new ExternalDns(s.stack, 'dns', { ...base(s), zone: new Route53Zone(other, 'zone', { zoneName: 'mydomain.com' }) });
  }), where: '[bad/dns] zone: got "Route53Zone dns/zone"', expected: 'a Route53Zone of the same stack as external-dns' },
  { title: 'external-dns domain outside the zone', build: inCluster((s) => new ExternalDns(s.stack, 'dns', { ...base(s), zone: zone(s), domainFilters: ['other.com'] })),
    where: '[bad/dns] domainFilters[0]: got "other.com"', expected: 'the zone\'s domain "mydomain.com" or a name under it' },
  { title: 'external-dns sync without a reason', build: inCluster((s) => new ExternalDns(s.stack, 'dns', { ...base(s), zone: zone(s), allowDeletes: any({}) })),
    where: '[bad/dns] allowDeletes.reason: got undefined', expected: 'a reason why external-dns may delete records' },
  { title: 'external-dns owner id with a space', build: inCluster((s) => new ExternalDns(s.stack, 'dns', { ...base(s), zone: zone(s), txtOwnerId: 'my cluster' })),
    where: '[bad/dns] txtOwnerId: got "my cluster"', expected: 'an owner id of 1-63 letters' },
  { title: 'external-dns unknown source', build: inCluster((s) => new ExternalDns(s.stack, 'dns', { ...base(s), zone: zone(s), sources: any(['pod']) })),
    where: '[bad/dns] sources[0]: got "pod"', expected: 'one of service, ingress, gateway-httproute' },
  { title: 'external-dns repeated source', build: inCluster((s) => new ExternalDns(s.stack, 'dns', { ...base(s), zone: zone(s), sources: ['service', 'service'] })),
    where: '[bad/dns] sources[1]: got "service"', expected: 'a source' },
  // ExternalSecretsOperator.
  { title: 'ESO reading every secret', build: inCluster((s) => new ExternalSecretsOperator(s.stack, 'eso', { ...base(s), secretPrefixes: ['*'], store: { namespaces: ['shop'] } })),
    where: '[bad/eso] secretPrefixes[0]: got "*"', expected: 'a secret name prefix of 1-500 letters' },
  { title: 'ESO without prefixes', build: inCluster((s) => new ExternalSecretsOperator(s.stack, 'eso', { ...base(s), secretPrefixes: [], store: { namespaces: ['shop'] } })),
    where: '[bad/eso] secretPrefixes: got []', expected: '1-20 prefixes' },
  { title: 'ESO without a store', build: inCluster((s) => new ExternalSecretsOperator(s.stack, 'eso', { ...base(s), secretPrefixes: ['shop/'], store: any(undefined) })),
    where: '[bad/eso] store: got undefined', expected: 'the ClusterSecretStore' },
  // Karpenter.
  { title: 'Karpenter with an unknown instance type', build: inCluster((s) => new Karpenter(s.stack, 'karpenter', { ...base(s), nodePool: { instanceTypes: ['t3-medium'] } })),
    where: '[bad/karpenter] nodePool.instanceTypes[0]: got "t3-medium"', expected: 'an EC2 instance type' },
  { title: 'Karpenter with types and categories', build: inCluster((s) => new Karpenter(s.stack, 'karpenter', { ...base(s), nodePool: { instanceTypes: ['t3.medium'], instanceCategories: ['m'] } })),
    where: '[bad/karpenter] nodePool.instanceCategories: got ["m"]', expected: 'no categories when instanceTypes are given' },
  { title: 'Karpenter with an unknown capacity type', build: inCluster((s) => new Karpenter(s.stack, 'karpenter', { ...base(s), nodePool: { capacityTypes: any(['reserved']) } })),
    where: '[bad/karpenter] nodePool.capacityTypes[0]: got "reserved"', expected: '"on-demand" or "spot"' },
  { title: 'Karpenter with no CPU', build: inCluster((s) => new Karpenter(s.stack, 'karpenter', { ...base(s), nodePool: { cpuLimit: 0 } })),
    where: '[bad/karpenter] nodePool.cpuLimit: got 0', expected: 'an integer from 1 to 100000' },
  { title: 'Karpenter on an AL2 AMI', build: inCluster((s) => new Karpenter(s.stack, 'karpenter', { ...base(s), nodePool: { amiAlias: 'al2@latest' } })),
    where: '[bad/karpenter] nodePool.amiAlias: got "al2@latest"', expected: 'an Amazon Linux 2023 alias' },
  // EKS add-ons.
  { title: 'metrics-server with a version range', build: inCluster((s) => new MetricsServer(s.stack, 'metrics', { cluster: s.cluster, version: '>=0.8' })),
    where: '[bad/metrics] version: got ">=0.8"', expected: 'an add-on version of the form "vX.Y.Z-eksbuild.N"' },
  { title: 'EFS driver with a node group that is not one', build: inCluster((s) => new EfsCsiDriver(s.stack, 'efs', { cluster: s.cluster, nodeGroups: any(['general']) })),
    where: '[bad/efs] nodeGroups[0]: got "general"', expected: 'a ManagedNodeGroup of the cluster' },
  { title: 'EFS driver twice', build: inCluster((s) => {
    new EfsCsiDriver(s.stack, 'efs', { cluster: s.cluster });
    new EfsCsiDriver(s.stack, 'efs2', { cluster: s.cluster });
  }), where: '[bad/efs2] cluster: got "EksCluster bad/cluster"', expected: 'a cluster that has no aws-efs-csi-driver add-on yet' },
];

describeBadInputs('cloud add-ons: bad inputs', GOOD_PLATFORM_APP, CASES);
