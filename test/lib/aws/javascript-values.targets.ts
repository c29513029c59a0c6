import { App as K8sApp } from 'cdk8s';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import {
  EksCluster, EksEndpointAccess, ManagedNodeGroup, ManagedSecret, PlatformStack, PodIdentity, PrivateDnsAlias,
  PrivateDnsZone, StateBackend, StateBucket, VpcNetwork, awsManagedPolicy, serviceRole, terraformApp,
} from '../../../lib/aws';
import { JavaScriptValueTarget } from '../../helpers/javascript-values';
import { Placeholder, testStack, tfApp } from './values-harness';
import { ELASTICACHE_TARGETS } from './elasticache.values';
import { synthesizeDeclared } from '../../helpers/terraform';

// Whatever a JavaScript caller passes to any prop of the AWS constructs, or to their methods and factories, they answer
// with a ValidationError, or with Terraform output whose every reference is declared: never a TypeError from cdktf.

const ADMIN = 'arn:aws:iam::123456789012:role/admin';
const SUBNETS = ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'];

const NETWORK = new Placeholder('a VpcNetwork');
const ZONE = new Placeholder('a PrivateDnsZone');
const KUBERNETES = new Placeholder('the Kubernetes scope');
const THE_APP = new Placeholder('the cdk8s App');

/** Replaces the placeholders at the top of `props` (a hostile value stays as it is). */
function resolved(s: Construct, stack: PlatformStack, props: unknown): any {
  if (props === null || typeof props !== 'object' || Array.isArray(props)) {
    return props;
  }
  const replace = (v: unknown): unknown => {
    switch (v) {
      case NETWORK: return (stack.node.tryFindChild('net') as VpcNetwork | undefined) ?? new VpcNetwork(stack, 'net', { availabilityZones: ['us-west-2a', 'us-west-2b'], natGateways: 'single' });
      case ZONE: return (stack.node.tryFindChild('zone') as PrivateDnsZone | undefined)
        ?? new PrivateDnsZone(stack, 'zone', { zoneName: 'acme.internal', network: replace(NETWORK) as VpcNetwork });
      case KUBERNETES: return s;
      case THE_APP: return s.node.root;
      default: return v;
    }
  };
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, replace(v)]));
}

/**
 * A build in the platform stack that then synthesizes the Terraform, as the app's synth would, and fails (with a plain
 * Error, which the harness reports) when the accepted output references something it does not declare.
 */
function inStack(make: (stack: PlatformStack, props: any, s: Construct) => void): (s: Construct, props: any) => void {
  return (s, props) => {
    const stack = testStack(s);
    make(stack, resolved(s, stack, props), s);
    synthesizeDeclared(s);
  };
}

const cluster = (stack: PlatformStack): EksCluster => (stack.node.tryFindChild('cluster') as EksCluster | undefined)
  ?? new EksCluster(stack, 'cluster', { name: 'demo', network: resolved(stack, stack, { n: NETWORK }).n, admins: [ADMIN] });

/**
 * Targets that build a VPC (and a cluster) for every value: they take explicit paths and {@link SLOW_TARGET_VALUES},
 * one value of each kind, to keep the family's value tests within seconds.
 */
export const SLOW_TARGETS: ReadonlySet<string> = new Set([
  'EksCluster', 'EksCluster methods', 'ElastiCacheRedis', 'ElastiCacheRedis.alias', 'PrivateDnsZone', 'PrivateDnsAlias',
]);

/** One value of each kind among HOSTILE_VALUES: absent, not a number, a number of the wrong kind, strings that hide or flood, prototype keys, a token, wrong types. */
export const SLOW_TARGET_VALUES: readonly unknown[] = [
  null, undefined, NaN, -0, 1.5, '', 'web\u200b', 'x'.repeat(300_000), '__proto__', '${TfToken[TOKEN.1]}', true, [], {},
  JSON.parse('{"__proto__": {"polluted": "yes"}}'), 10n,
];

export const TARGETS: JavaScriptValueTarget[] = [
  {
    name: 'PlatformStack',
    props: () => ({ region: 'eu-west-1', backend: StateBackend.s3({ bucket: 'acme-state' }), tags: { Team: 'platform', CostCenter: 'a1' } }),
    build: (s, props) => {
      new PlatformStack(tfApp(s), 'platform', props);
      inStack(() => undefined)(s, {});
    },
    covers: ['PlatformStack'],
  },
  {
    name: 'PlatformStack methods',
    props: () => ({ name: 'admin_arn', description: 'the admin role', pattern: 'counter/*', logGroup: '/aws/eks/demo/cluster' }),
    build: inStack((stack, p) => {
      const values = [stack.stringVariable(p?.name, p?.description), stack.secretsManagerArn(p?.pattern), stack.logGroupArn(p?.logGroup)];
      new TerraformOutput(stack, 'values', { value: values });
    }),
    covers: ['PlatformStack.stringVariable', 'PlatformStack.secretsManagerArn', 'PlatformStack.logGroupArn'],
  },
  {
    name: 'StateBackend.s3',
    props: () => ({ bucket: 'acme-state', key: 'platform/terraform.tfstate', region: 'eu-west-1' }),
    build: (s, props) => {
      new PlatformStack(tfApp(s), 'platform', { region: 'us-west-2', backend: StateBackend.s3(props) });
      inStack(() => undefined)(s, {});
    },
    covers: ['StateBackend', 'StateBackend.s3'],
  },
  {
    name: 'StateBackend.local',
    props: () => ({ path: 'state/terraform.tfstate' }),
    build: (s, props) => {
      new PlatformStack(tfApp(s), 'platform', { region: 'us-west-2', backend: StateBackend.local(props?.path) });
      inStack(() => undefined)(s, {});
    },
    covers: ['StateBackend.local'],
  },
  {
    name: 'terraformApp',
    props: () => ({ app: THE_APP }),
    build: (s, props) => {
      const tf = terraformApp(props?.app === THE_APP ? s.node.root as K8sApp : props?.app);
      new PlatformStack(tf, 'platform', { region: 'us-west-2', backend: StateBackend.local() });
    },
    covers: ['terraformApp'],
  },
  {
    name: 'StateBucket',
    props: () => ({ bucketName: 'acme-state', allowDestroy: { reason: 'a test bucket' } }),
    build: inStack((stack, p) => new StateBucket(stack, 'state', p)),
    covers: ['StateBucket'],
  },
  {
    name: 'VpcNetwork',
    props: () => ({
      name: 'net', cidr: '10.1.0.0/16', availabilityZones: ['us-west-2a', 'us-west-2b'], privateSubnetCidrs: ['10.1.0.0/19', '10.1.32.0/19'],
      publicSubnetCidrs: ['10.1.96.0/24', '10.1.97.0/24'], natGateways: 'single',
    }),
    build: inStack((stack, p) => new VpcNetwork(stack, 'vpc', p)),
    covers: ['VpcNetwork'],
  },
  {
    name: 'VpcNetwork with a zone count',
    props: () => ({ azCount: 2 }),
    build: inStack((stack, p) => new VpcNetwork(stack, 'vpc', p)),
  },
  {
    name: 'EksCluster',
    props: () => ({
      name: 'demo', version: '1.33', extendedSupport: { reason: 'upgrade next quarter' }, network: NETWORK,
      endpoint: EksEndpointAccess.publicAndPrivate(['203.0.113.0/24']), admins: [ADMIN, 'arn:aws:iam::123456789012:user/ops'],
      logTypes: ['api', 'audit'], partialLogging: { reason: 'cost' }, logRetentionDays: 30, shortLogRetention: { reason: 'cost' }, addonVersions: { 'coredns': 'v1.12.4-eksbuild.1' },
      outputPrefix: 'demo',
    }),
    paths: ['name', 'version', 'network', 'admins.1', 'logTypes.0', 'addonVersions.coredns', 'outputPrefix'],
    build: inStack((stack, p) => new EksCluster(stack, 'eks', p)),
    covers: ['EksCluster'],
  },
  {
    name: 'EksEndpointAccess.publicAndPrivate',
    props: () => ({ cidrs: ['203.0.113.0/24', '0.0.0.0/0'], options: { allowAnywhere: { reason: 'a public demo' } } }),
    build: (_s, props) => {
      const endpoint = EksEndpointAccess.publicAndPrivate(props?.cidrs, props?.options);
      expect(endpoint.isPublic).toBe(true);
    },
    covers: ['EksEndpointAccess', 'EksEndpointAccess.publicAndPrivate'],
  },
  {
    name: 'EksCluster methods',
    props: () => ({
      admin: { id: 'ops', principalArn: 'arn:aws:iam::123456789012:user/ops' },
      nodes: { id: 'nodes', options: { instanceTypes: ['m7i.large'], minSize: 1, desiredSize: 1, maxSize: 2 } },
      identity: { id: 'reader', props: { namespace: 'shop', serviceAccount: 'reader', managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] } },
    }),
    paths: ['admin.principalArn', 'nodes.options', 'identity.props'],
    build: inStack((stack, p) => {
      const eks = cluster(stack);
      eks.grantClusterAdmin(p?.admin?.id, p?.admin?.principalArn);
      eks.addManagedNodeGroup(p?.nodes?.id, p?.nodes?.options);
      eks.addPodIdentity(p?.identity?.id, p?.identity?.props);
    }),
    covers: ['EksCluster.grantClusterAdmin', 'EksCluster.addManagedNodeGroup', 'EksCluster.addPodIdentity'],
  },
  {
    name: 'ManagedNodeGroup',
    props: () => ({
      name: 'general', instanceTypes: ['m7i.large', 'm6i.large'], minSize: 1, desiredSize: 2, maxSize: 3, amiType: 'BOTTLEROCKET_x86_64',
      capacityType: 'SPOT', diskSizeGiB: 40, labels: { workload: 'batch' }, taints: [{ key: 'dedicated', value: 'batch', effect: 'NO_SCHEDULE' }],
      maxUnavailable: 1, clusterName: 'demo', clusterDisplayName: 'demo', subnetIds: [...SUBNETS], vpcId: 'vpc-0123456789abcdef0',
      clusterSecurityGroupId: 'sg-0123456789abcdef0',
    }),
    paths: ['name', 'instanceTypes', 'instanceTypes.0', 'minSize', 'desiredSize', 'maxSize', 'amiType', 'capacityType', 'diskSizeGiB', 'labels',
      'labels.workload', 'taints', 'taints.0', 'taints.0.key', 'taints.0.effect', 'clusterName', 'subnetIds', 'subnetIds.0', 'dependsOn'],
    build: inStack((stack, p) => new ManagedNodeGroup(stack, 'nodes', p)),
    covers: ['ManagedNodeGroup'],
  },
  {
    name: 'PodIdentity',
    props: () => ({
      cluster: { clusterName: 'demo', name: 'demo' }, namespace: 'shop', serviceAccount: 'reader', managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
      statements: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::acme/*'], effect: 'Allow' }], kubernetesScope: KUBERNETES,
      automountToken: { reason: 'a controller' },
    }),
    build: inStack((stack, p) => new PodIdentity(stack, 'reader', p)),
    covers: ['PodIdentity'],
  },
  {
    name: 'ManagedSecret',
    props: () => ({ secretName: 'shop/db', description: 'the database password, set by an operator', recoveryWindowInDays: 7, noRotation: { reason: 'a test' } }),
    build: inStack((stack, p) => new ManagedSecret(stack, 'db', p)),
    covers: ['ManagedSecret'],
  },
  ...ELASTICACHE_TARGETS,
  {
    name: 'PrivateDnsZone',
    props: () => ({ zoneName: 'acme.internal', network: NETWORK, allowDestroy: { reason: 'a test zone' } }),
    paths: ['zoneName', 'network', 'allowDestroy'],
    build: inStack((stack, p) => new PrivateDnsZone(stack, 'z', p)),
    covers: ['PrivateDnsZone'],
  },
  {
    name: 'PrivateDnsAlias',
    props: () => ({ zone: ZONE, name: 'db', target: 'db.example.com', port: 5432, ttl: 300 }),
    paths: ['zone', 'name', 'target'],
    build: inStack((stack, p) => new PrivateDnsAlias(stack, 'db', p)),
    covers: ['PrivateDnsAlias'],
  },
  {
    name: 'serviceRole and awsManagedPolicy',
    props: () => ({ name: 'ops-role', service: 'ec2.amazonaws.com', trustActions: ['sts:AssumeRole'], policy: 'service-role/AmazonEBSCSIDriverPolicy' }),
    build: inStack((stack, p) => {
      const { policy, ...props } = p !== null && typeof p === 'object' ? p : { policy: p };
      serviceRole(new Construct(stack, 'ops'), { ...props, managedPolicyArns: [awsManagedPolicy(policy)] });
    }),
    covers: ['serviceRole', 'awsManagedPolicy'],
  },
];
