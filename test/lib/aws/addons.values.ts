import { App as K8sApp } from 'cdk8s';
import { App } from 'cdktf';
import { Construct } from 'constructs';
import {
  AwsLoadBalancerController, ClusterAutoscaler, EfsCsiDriver, EksCluster, ExternalDns, ExternalSecretsOperator, Karpenter, MetricsServer,
  PlatformStack, Route53Zone, StateBackend, VpcNetwork, terraformApp,
} from '../../../lib/aws';
import { JavaScriptValueTarget } from '../../helpers/javascript-values';
import { synthesizeDeclared } from '../../helpers/terraform';

// Value targets of issue 18's cloud add-ons (lib/aws/addons; merged by the lead into javascript-values.targets.ts).
// Every target builds a VPC and a cluster, so each takes explicit, small paths.

/** Stand-ins for constructs in valid props, replaced by real ones when the build runs. */
class Placeholder {
  public constructor(public readonly what: string) {}
}
const CLUSTER = new Placeholder('the EksCluster');
const NETWORK = new Placeholder('the VpcNetwork');
const KUBERNETES = new Placeholder('the Kubernetes scope');
const ZONE = new Placeholder('a Route53Zone');

/** The platform stack "test" (us-west-2, local state) of the test app, with the VPC "net" and the cluster "demo", made once. */
function platform(s: Construct): { stack: PlatformStack; network: VpcNetwork; cluster: EksCluster } {
  const root = s.node.root;
  const tf = (root.node.tryFindChild('addons-terraform-app') as unknown as { app: App } | undefined)?.app
    ?? Object.assign(new Construct(root, 'addons-terraform-app'), { app: terraformApp(root as K8sApp) }).app;
  const stack = (tf.node.tryFindChild('test') as PlatformStack | undefined) ?? new PlatformStack(tf, 'test', { region: 'us-west-2', backend: StateBackend.local() });
  const network = (stack.node.tryFindChild('net') as VpcNetwork | undefined)
    ?? new VpcNetwork(stack, 'net', { name: 'demo', availabilityZones: ['us-west-2a', 'us-west-2b'], natGateways: 'single' });
  const cluster = (stack.node.tryFindChild('cluster') as EksCluster | undefined)
    ?? new EksCluster(stack, 'cluster', { name: 'demo', network, admins: ['arn:aws:iam::123456789012:role/admin'] });
  return { stack, network, cluster };
}

/** Replaces the placeholders at the top of `props` (a hostile value stays as it is). */
function resolved(s: Construct, props: unknown): any {
  if (props === null || typeof props !== 'object' || Array.isArray(props)) {
    return props;
  }
  const { stack, network, cluster } = platform(s);
  const replace = (v: unknown): unknown => {
    switch (v) {
      case CLUSTER: return cluster;
      case NETWORK: return network;
      case KUBERNETES: return s;
      case ZONE: return (stack.node.tryFindChild('zone') as Route53Zone | undefined) ?? new Route53Zone(stack, 'zone', { zoneName: 'mydomain.com' });
      default: return v;
    }
  };
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, replace(v)]));
}

/** Builds in the platform stack, then fails (a plain Error) when the accepted Terraform references what it does not declare. */
function inStack(make: (stack: PlatformStack, props: any) => void): (s: Construct, props: any) => void {
  return (s, props) => {
    const p = resolved(s, props);
    make(platform(s).stack, p);
    synthesizeDeclared(s);
  };
}

export const ADDONS_TARGETS: JavaScriptValueTarget[] = [
  {
    name: 'ClusterAutoscaler (the shared add-on props)',
    props: () => ({ cluster: CLUSTER, kubernetes: KUBERNETES, namespace: 'autoscaling', chartVersion: '9.56.0' }),
    paths: ['cluster', 'kubernetes', 'namespace', 'chartVersion'],
    build: inStack((stack, p) => new ClusterAutoscaler(stack, 'ca', p)),
    covers: ['ClusterAutoscaler', 'CloudAddon'],
  },
  {
    name: 'AwsLoadBalancerController',
    props: () => ({ cluster: CLUSTER, kubernetes: KUBERNETES, network: NETWORK, ingressClass: { name: 'alb', scheme: 'internet-facing', groupName: 'web' }, replicas: 2 }),
    paths: ['network', 'ingressClass.name', 'ingressClass.scheme', 'replicas'],
    build: inStack((stack, p) => new AwsLoadBalancerController(stack, 'alb', p)),
    covers: ['AwsLoadBalancerController'],
  },
  {
    name: 'Route53Zone',
    props: () => ({ zoneName: 'mydomain.com', network: NETWORK, allowDestroy: { reason: 'a test zone' } }),
    paths: ['zoneName', 'network', 'allowDestroy'],
    build: inStack((stack, p) => new Route53Zone(stack, 'z', p)),
    covers: ['Route53Zone'],
  },
  {
    name: 'ExternalDns',
    props: () => ({
      cluster: CLUSTER, kubernetes: KUBERNETES, zone: ZONE, allowDeletes: { reason: 'the cluster owns the zone' }, txtOwnerId: 'demo',
      domainFilters: ['app.mydomain.com'], sources: ['service', 'gateway-httproute'],
    }),
    paths: ['zone', 'allowDeletes', 'txtOwnerId', 'domainFilters.0', 'sources.0'],
    build: inStack((stack, p) => new ExternalDns(stack, 'dns', p)),
    covers: ['ExternalDns'],
  },
  {
    name: 'ExternalSecretsOperator',
    props: () => ({ cluster: CLUSTER, kubernetes: KUBERNETES, secretPrefixes: ['counter/'], secretKeyArns: ['arn:aws:kms:us-west-2:123456789012:key/0123abcd-0123-4567-89ab-0123456789ab'], store: { namespaceLabels: { 'secrets.example.com/allowed': 'true' } } }),
    paths: ['secretPrefixes.0', 'store', 'store.namespaceLabels', 'secretKeyArns'],
    build: inStack((stack, p) => new ExternalSecretsOperator(stack, 'eso', p)),
    covers: ['ExternalSecretsOperator'],
  },
  {
    name: 'Karpenter',
    props: () => ({
      cluster: CLUSTER, kubernetes: KUBERNETES,
      nodePool: { name: 'general', instanceTypes: ['t3.medium'], capacityTypes: ['on-demand', 'spot'], cpuLimit: 16, amiAlias: 'al2023@latest' },
    }),
    paths: ['nodePool', 'nodePool.name', 'nodePool.instanceTypes.0', 'nodePool.capacityTypes.0', 'nodePool.cpuLimit', 'nodePool.amiAlias'],
    build: inStack((stack, p) => new Karpenter(stack, 'karpenter', p)),
    covers: ['Karpenter'],
  },
  {
    name: 'MetricsServer and EfsCsiDriver',
    props: () => ({ cluster: CLUSTER, version: 'v0.8.0-eksbuild.1', nodeGroups: [] }),
    paths: ['cluster', 'version', 'nodeGroups'],
    build: inStack((stack, p) => {
      new MetricsServer(stack, 'metrics', p);
      new EfsCsiDriver(stack, 'efs', p);
    }),
    covers: ['MetricsServer', 'EfsCsiDriver'],
  },
];
