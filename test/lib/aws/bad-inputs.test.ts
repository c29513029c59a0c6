import { App } from 'cdk8s';
import { Construct } from 'constructs';
import {
  EksCluster, EksClusterProps, EksEndpointAccess, ElastiCacheRedis, ManagedNodeGroupOptions, PlatformStack, StateBackend,
  StateBucket, VpcNetwork, VpcNetworkProps, terraformApp,
} from '../../../lib/aws';
import { AppStack } from '../../../lib/core/app-stack';
import { synthApps } from '../../../lib/output/synth-apps';
import { readTree, tempDir } from '../../helpers/tmp';
import { GOOD_PLATFORM_APP } from '../../helpers/terraform';
import { BadInput, describeBadInputs } from '../../helpers/bad-input';

const ADMIN = 'arn:aws:iam::123456789012:role/admin';

function stack(scope: Construct): PlatformStack {
  return new PlatformStack(scope, 'bad', { region: 'us-west-2', backend: StateBackend.local() });
}
function network(scope: Construct, props: VpcNetworkProps = {}): VpcNetwork {
  return new VpcNetwork(stack(scope), 'network', props);
}
function cluster(scope: Construct, props: Partial<EksClusterProps> = {}, nodes?: ManagedNodeGroupOptions): void {
  const s = stack(scope);
  const c = new EksCluster(s, 'cluster', { name: 'demo', network: new VpcNetwork(s, 'network'), admins: [ADMIN], ...props });
  if (nodes) {
    c.addManagedNodeGroup('nodes', nodes);
  }
}

/** Each case builds its stacks in the cdktf App of the app "bad". */
const inTerraform = (build: (tf: Construct) => void) => (app: App) => {
  new AppStack(app, 'bad');
  build(terraformApp(app));
};

const CASES: BadInput[] = ([
  { title: 'overlapping private subnets', build: (tf) => network(tf, { azCount: 2, privateSubnetCidrs: ['10.0.0.0/19', '10.0.16.0/20'], publicSubnetCidrs: ['10.0.96.0/24', '10.0.97.0/24'] }),
    where: '[bad/network] privateSubnetCidrs[1]: got "10.0.16.0/20"', expected: 'a block that does not overlap privateSubnetCidrs[0] (10.0.0.0/19)' },
  { title: 'public subnet overlapping a private one', build: (tf) => network(tf, { azCount: 2, privateSubnetCidrs: ['10.0.0.0/19', '10.0.32.0/19'], publicSubnetCidrs: ['10.0.96.0/24', '10.0.33.0/24'] }),
    where: '[bad/network] publicSubnetCidrs[1]: got "10.0.33.0/24"', expected: 'a block that does not overlap privateSubnetCidrs[1] (10.0.32.0/19)' },
  { title: 'private subnet too small for pods', build: (tf) => network(tf, { azCount: 2, privateSubnetCidrs: ['10.0.0.0/26', '10.0.0.64/26'], publicSubnetCidrs: ['10.0.96.0/24', '10.0.97.0/24'] }),
    where: '[bad/network] privateSubnetCidrs[0]: got "10.0.0.0/26"', expected: 'a block of at least /24 (every pod takes an address from it)' },
  { title: 'public subnet too small for load balancers', build: (tf) => network(tf, { azCount: 2, privateSubnetCidrs: ['10.0.0.0/19', '10.0.32.0/19'], publicSubnetCidrs: ['10.0.96.0/28', '10.0.97.0/24'] }),
    where: '[bad/network] publicSubnetCidrs[0]: got "10.0.96.0/28"', expected: 'a block of at least /27 (load balancers need one)' },
  { title: 'subnet outside the VPC', build: (tf) => network(tf, { azCount: 2, privateSubnetCidrs: ['10.0.0.0/19', '10.1.0.0/19'], publicSubnetCidrs: ['10.0.96.0/24', '10.0.97.0/24'] }),
    where: '[bad/network] privateSubnetCidrs[1]: got "10.1.0.0/19"', expected: 'a block inside the VPC CIDR 10.0.0.0/16' },
  { title: 'a subnet CIDR that is not a network address', build: (tf) => network(tf, { azCount: 2, privateSubnetCidrs: ['10.0.0.1/19', '10.0.32.0/19'] }),
    where: '[bad/network] privateSubnetCidrs[0]: got "10.0.0.1/19"', expected: 'an IPv4 CIDR block given by its network address' },
  { title: 'one subnet for three zones', build: (tf) => network(tf, { privateSubnetCidrs: ['10.0.0.0/19'] }),
    where: '[bad/network] privateSubnetCidrs: got ["10.0.0.0/19"]', expected: 'one CIDR per availability zone (3)' },
  { title: 'unknown AZ count', build: (tf) => network(tf, { azCount: 7 }),
    where: '[bad/network] azCount: got 7', expected: 'an integer from 2 to 6' },
  { title: 'a single AZ', build: (tf) => network(tf, { azCount: 1 }),
    where: '[bad/network] azCount: got 1', expected: 'an integer from 2 to 6' },
  { title: 'azCount contradicting the zones', build: (tf) => network(tf, { azCount: 3, availabilityZones: ['us-west-2a', 'us-west-2b'] }),
    where: '[bad/network] azCount: got 3', expected: 'the number of availabilityZones (2) or no azCount' },
  { title: 'a VPC too small for the default layout', build: (tf) => network(tf, { cidr: '10.0.0.0/23' }),
    where: '[bad/network] cidr: got "10.0.0.0/23"', expected: 'a VPC of at least /21 for the default subnet layout' },
  { title: 'a VPC larger than AWS allows', build: (tf) => network(tf, { cidr: '10.0.0.0/8' }),
    where: '[bad/network] cidr: got "10.0.0.0/8"', expected: 'a VPC CIDR from /16 to /24' },
  { title: 'min nodes above max', build: (tf) => cluster(tf, {}, { minSize: 5, maxSize: 3 }),
    where: '[bad/cluster/nodes] minSize: got 5', expected: 'at most maxSize (3)' },
  { title: 'desired nodes outside the range', build: (tf) => cluster(tf, {}, { minSize: 2, desiredSize: 9, maxSize: 4 }),
    where: '[bad/cluster/nodes] desiredSize: got 9', expected: 'between minSize (2) and maxSize (4)' },
  { title: 'an AL2 AMI type', build: (tf) => cluster(tf, {}, { amiType: 'AL2_x86_64' }),
    where: '[bad/cluster/nodes] amiType: got "AL2_x86_64"', expected: 'an AL2023 or Bottlerocket AMI type' },
  { title: 'a malformed instance type', build: (tf) => cluster(tf, {}, { instanceTypes: ['large'] }),
    where: '[bad/cluster/nodes] instanceTypes[0]: got "large"', expected: 'an EC2 instance type such as "m7i.large"' },
  { title: 'public endpoint open to the internet without opt-in', build: (tf) => cluster(tf, { endpoint: EksEndpointAccess.publicAndPrivate(['0.0.0.0/0']) }),
    where: '[EksEndpointAccess.publicAndPrivate] cidrs[0]: got "0.0.0.0/0"', expected: 'CIDRs narrower than the whole internet; to expose the API server to everyone, pass allowAnywhere: { reason }' },
  { title: 'public endpoint without CIDRs', build: (tf) => cluster(tf, { endpoint: EksEndpointAccess.publicAndPrivate([]) }),
    where: '[EksEndpointAccess.publicAndPrivate] cidrs: got []', expected: 'a list of 1-40 CIDRs allowed to reach the public endpoint' },
  { title: 'an unknown Kubernetes version', build: (tf) => cluster(tf, { version: '1.15' }),
    where: '[bad/cluster] version: got "1.15"', expected: 'an EKS version: 1.34, 1.35, 1.36, 1.37 (standard support)' },
  { title: 'an extended-support version without a reason', build: (tf) => cluster(tf, { version: '1.33' }),
    where: '[bad/cluster] version: got "1.33"', expected: 'a version in standard support (1.34, 1.35, 1.36, 1.37), or extendedSupport: { reason }' },
  { title: 'an extended-support version with an empty reason', build: (tf) => cluster(tf, { version: '1.33', extendedSupport: { reason: ' ' } }),
    where: '[bad/cluster] extendedSupport.reason: got " "', expected: 'a reason why a version in extended support is acceptable, given as { reason: "..." }' },
  { title: 'an admin that is not an IAM principal', build: (tf) => cluster(tf, { admins: ['admin@example.com'] }),
    where: '[bad/cluster] admins[0]: got "admin@example.com"', expected: 'an IAM role or user ARN' },
  { title: 'no admin', build: (tf) => cluster(tf, { admins: [] }),
    where: '[bad/cluster] admins: got []', expected: 'at least one IAM principal ARN granted cluster admin' },
  { title: 'control plane logs left out without a reason', build: (tf) => cluster(tf, { logTypes: ['api', 'audit'] }),
    where: '[bad/cluster] partialLogging: got undefined', expected: 'a reason for leaving control plane log types out, as partialLogging: { reason }' },
  { title: 'a log retention CloudWatch does not offer', build: (tf) => cluster(tf, { logRetentionDays: 100 }),
    where: '[bad/cluster] logRetentionDays: got 100', expected: 'one of the CloudWatch retention periods' },
  { title: 'an invalid bucket name', build: (tf) => new StateBucket(stack(tf), 'state', { bucketName: 'My_Bucket' }),
    where: '[bad/state] bucketName: got "My_Bucket"', expected: 'an S3 bucket name' },
  { title: 'an absolute local state path', build: (tf) => new PlatformStack(tf, 'abs', { region: 'us-west-2', backend: StateBackend.local('/home/me/terraform.tfstate') }),
    where: '[StateBackend.local] path: got "/home/me/terraform.tfstate"', expected: 'a relative file path inside the stack directory' },
  { title: 'an unknown region', build: (tf) => new PlatformStack(tf, 'region', { region: 'moon-1', backend: StateBackend.local() }),
    where: '[region] region: got "moon-1"', expected: 'an AWS region code such as "us-west-2"' },
  { title: 'a cache with one node', build: (tf) => {
    const s = stack(tf);
    new ElastiCacheRedis(s, 'redis', { network: new VpcNetwork(s, 'network'), clients: ['sg-0123456789abcdef0'], nodes: 1 });
  }, where: '[bad/redis] nodes: got 1', expected: 'an integer from 2 to 6' },
  { title: 'plain-text Redis without a reason', build: (tf) => {
    const s = stack(tf);
    new ElastiCacheRedis(s, 'redis', { network: new VpcNetwork(s, 'network'), clients: ['sg-0123456789abcdef0'], transitEncryption: { mode: 'preferred', reason: ' ' } });
  }, where: '[bad/redis] transitEncryption.reason: got " "', expected: 'a reason why plain-text clients must be accepted, given as { reason: "..." }' },
  { title: 'plain-text Redis in the old spelling', build: (tf) => {
    const s = stack(tf);
    new ElastiCacheRedis(s, 'redis', { network: new VpcNetwork(s, 'network'), clients: ['sg-0123456789abcdef0'], transitEncryption: { preferredBecause: 'old' } as any });
  }, where: '[bad/redis] transitEncryption: got {"preferredBecause":"old"}', expected: '"required", or { mode: "preferred", reason: "<reason>" }' },
  { title: 'a cache open to nobody', build: (tf) => {
    const s = stack(tf);
    new ElastiCacheRedis(s, 'redis', { network: new VpcNetwork(s, 'network'), clients: [] });
  }, where: '[bad/redis] clients: got []', expected: 'at least one client allowed to connect' },
] as Array<Omit<BadInput, 'build'> & { build: (tf: Construct) => void }>).map((c) => ({ ...c, build: inTerraform(c.build) }));

const good = GOOD_PLATFORM_APP;

describeBadInputs('bad AWS input is rejected at synth time with a clear error and no output', good, CASES);

test('the previous output these cases protect includes Terraform', () => {
  const dir = tempDir();
  synthApps([good], dir);
  expect(Object.keys(readTree(dir))).toContain('terraform/good/stacks/good/cdk.tf.json');
});
