import { App } from 'cdk8s';
import { Construct } from 'constructs';
import {
  EksCluster, EksClusterProps, ElastiCacheRedis, ElastiCacheRedisProps, ManagedNodeGroup, ManagedSecret, PlatformStack, PodIdentity,
  StateBackend, StateBucket, VpcNetwork, awsManagedPolicy, terraformApp,
} from '../../../lib/aws';
import { AppStack } from '../../../lib/core/app-stack';
import { GOOD_PLATFORM_APP } from '../../helpers/terraform';
import { BadInput, describeBadInputs, withUnknownProps } from '../../helpers/bad-input';

// What `terraform apply` (or AWS behind it) would refuse, refused when keelson synthesizes instead: each case names
// the construct path, the prop the user wrote, the value, and what AWS accepts.

const ADMIN = 'arn:aws:iam::123456789012:role/admin';
const SG = 'sg-0123456789abcdef0';

function stack(scope: Construct, id = 'bad', region = 'us-west-2'): PlatformStack {
  return (scope.node.tryFindChild(id) as PlatformStack | undefined) ?? new PlatformStack(scope, id, { region, backend: StateBackend.local() });
}
function network(s: PlatformStack): VpcNetwork {
  return (s.node.tryFindChild('network') as VpcNetwork | undefined) ?? new VpcNetwork(s, 'network', { azCount: 2 });
}
function cluster(scope: Construct, props: Partial<EksClusterProps> = {}, id = 'cluster'): EksCluster {
  const s = stack(scope);
  return new EksCluster(s, id, { name: 'demo', network: network(s), admins: [ADMIN], ...props });
}
function redis(scope: Construct, props: Partial<ElastiCacheRedisProps> = {}, id = 'redis'): ElastiCacheRedis {
  const s = stack(scope);
  return new ElastiCacheRedis(s, id, { network: network(s), clients: [SG], ...props });
}
const identity = { namespace: 'shop', serviceAccount: 'reader', cluster: { clusterName: 'demo', name: 'demo' } };

/** Each case builds its stacks in the cdktf App of the app "bad". */
const inTerraform = (build: (tf: Construct, k8s: Construct) => void) => (app: App) => {
  build(terraformApp(app), new AppStack(app, 'bad'));
};

const CASES: BadInput[] = ([
  // Principals and ARNs
  { title: 'the same admin twice (EKS has one access entry per principal)', build: (tf) => cluster(tf, { admins: [ADMIN, ADMIN] }),
    where: `[bad/cluster] admins[1]: got "${ADMIN}"`, expected: 'an IAM principal that is not already used in admins' },
  { title: 'a grant to a principal that is already admin', build: (tf) => cluster(tf).grantClusterAdmin('again', ADMIN),
    where: `[bad/cluster] grantClusterAdmin(principalArn): got "${ADMIN}"`, expected: 'an IAM principal that is not already a cluster admin' },
  { title: 'a grant to something that is not an ARN', build: (tf) => cluster(tf).grantClusterAdmin('x', 'not-an-arn'),
    where: '[bad/cluster] grantClusterAdmin(principalArn): got "not-an-arn"', expected: 'an IAM role or user ARN' },
  { title: 'a grant under an id the admins already use', build: (tf) => cluster(tf).grantClusterAdmin('admin-0', 'arn:aws:iam::123456789012:user/ops'),
    where: '[bad/cluster] grantClusterAdmin(id): got "admin-0"', expected: 'an id of 1-63 letters, digits, "_", "." or "-" that no other grant' },
  { title: 'an admin ARN of another service', build: (tf) => cluster(tf, { admins: ['arn:aws:s3:::admins'] }),
    where: '[bad/cluster] admins[0]: got "arn:aws:s3:::admins"', expected: 'an IAM role or user ARN' },
  { title: 'an admin role name longer than IAM allows', build: (tf) => cluster(tf, { admins: [`arn:aws:iam::123456789012:role/${'a'.repeat(65)}`] }),
    where: `[bad/cluster] admins[0]: got "arn:aws:iam::123456789012:role/${'a'.repeat(65)}"`, expected: 'an IAM role or user ARN' },
  { title: 'a policy name where a policy ARN belongs', build: (tf) => new PodIdentity(stack(tf), 'reader', { ...identity, managedPolicyArns: ['ReadOnlyAccess'] }),
    where: '[bad/reader] managedPolicyArns[0]: got "ReadOnlyAccess"', expected: 'an IAM policy ARN' },
  { title: 'a statement resource that is not an ARN', build: (tf) => new PodIdentity(stack(tf), 'reader', {
    ...identity, statements: [{ actions: ['s3:GetObject'], resources: ['my-bucket/*'] }] }),
  where: '[bad/reader] statements[0].resources[0]: got "my-bucket/*"', expected: '"*" or an ARN of the form arn:partition:service:region:account:resource' },
  { title: 'an AWS managed policy name that cannot be one', build: () => awsManagedPolicy('Read Only'),
    where: '[awsManagedPolicy] name: got "Read Only"', expected: 'the name of an AWS managed policy' },
  // Add-on versions
  { title: 'add-on version "latest"', build: (tf) => cluster(tf, { addonVersions: { coredns: 'latest' } }),
    where: '[bad/cluster] addonVersions.coredns: got "latest"', expected: 'an add-on version of the form "vX.Y.Z-eksbuild.N"' },
  { title: 'an add-on version without its EKS build', build: (tf) => cluster(tf, { addonVersions: { 'vpc-cni': 'v1.19.2' } }),
    where: '[bad/cluster] addonVersions.vpc-cni: got "v1.19.2"', expected: 'an add-on version of the form "vX.Y.Z-eksbuild.N"' },
  { title: 'a version of an add-on the cluster does not have', build: (tf) => cluster(tf, { addonVersions: { 'metrics-server': 'v0.7.2-eksbuild.1' } as never }),
    where: '[bad/cluster] addonVersions.metrics-server: got "v0.7.2-eksbuild.1"', expected: 'a known prop; the props are' },
  // EC2 ids
  { title: 'a security group id that is not sg-…', build: (tf) => redis(tf, { clients: ['sg-123'] }),
    where: '[bad/redis] clients[0]: got "sg-123"', expected: 'a security group id of "sg-" and 8 or 17 lowercase hex digits' },
  { title: 'a security group name where its id belongs', build: (tf) => redis(tf, { clients: ['eks-nodes'] }),
    where: '[bad/redis] clients[0]: got "eks-nodes"', expected: 'a security group id' },
  { title: 'the same security group twice (a duplicate ingress rule)', build: (tf) => redis(tf, { clients: [SG, SG] }),
    where: `[bad/redis] clients[1]: got "${SG}"`, expected: 'a security group that is not already used in clients' },
  { title: 'a subnet id that is not subnet-…', build: (tf) => new ManagedNodeGroup(stack(tf), 'nodes', {
    clusterName: 'demo', clusterDisplayName: 'demo', subnetIds: ['subnet-1', 'subnet-0123456789abcdef0'], vpcId: 'vpc-0123456789abcdef0', clusterSecurityGroupId: SG }),
  where: '[bad/nodes] subnetIds[0]: got "subnet-1"', expected: 'a subnet id of "subnet-" and 8 or 17 lowercase hex digits' },
  // ElastiCache versions and protection
  { title: 'a Redis version ElastiCache does not offer', build: (tf) => redis(tf, { engineVersion: '7.3' }),
    where: '[bad/redis] engineVersion: got "7.3"', expected: 'a Redis OSS version ElastiCache offers: 6.2, 7.0, 7.1' },
  { title: 'a Redis version given to Valkey', build: (tf) => redis(tf, { engine: 'valkey', engineVersion: '7.1' }),
    where: '[bad/redis] engineVersion: got "7.1"', expected: 'a Valkey version ElastiCache offers: 7.2, 8.0, 8.1, 8.2, 9.0, 9.1' },
  { title: 'a patch version where ElastiCache takes major.minor', build: (tf) => redis(tf, { engineVersion: '7.1.0' }),
    where: '[bad/redis] engineVersion: got "7.1.0"', expected: 'a Redis OSS version ElastiCache offers' },
  { title: 'destroyable cache data without a reason', build: (tf) => redis(tf, { allowDestroy: { reason: '' } }),
    where: '[bad/redis] allowDestroy.reason: got ""', expected: 'a reason why terraform destroy (or a change that replaces the group) may delete the cached data' },
  { title: 'a port that is not a number', build: (tf) => redis(tf, { port: Infinity }),
    where: '[bad/redis] port: got Infinity', expected: 'an integer port number from 1 to 65535' },
  // Regions and zones
  { title: 'zones of another region than the stack\'s', build: (tf) => new VpcNetwork(stack(tf, 'eu', 'eu-west-1'), 'network', { availabilityZones: ['us-east-1a', 'us-east-1b'] }),
    where: '[eu/network] availabilityZones[0]: got "us-east-1a"', expected: 'a zone of the stack\'s region eu-west-1, such as "eu-west-1a"' },
  // Names unique in an app
  { title: 'two secrets of the same name', build: (tf) => {
    new ManagedSecret(stack(tf), 'db', { secretName: 'shop/db', description: 'the password', noRotation: { reason: 'a test' } });
    new ManagedSecret(stack(tf), 'db-copy', { secretName: 'shop/db', description: 'the password again', noRotation: { reason: 'a test' } });
  }, where: '[bad/db-copy] secretName: got "shop/db"', expected: 'a secret name that no other secret of this app in us-west-2 has (bad/db has it already)' },
  { title: 'an endpoint published under a secret name already used', build: (tf) => {
    new ManagedSecret(stack(tf), 'db', { secretName: 'shop/redis', description: 'the password', noRotation: { reason: 'a test' } });
    redis(tf, { publishEndpoint: { secretName: 'shop/redis', property: 'address' } });
  }, where: '[bad/redis] publishEndpoint.secretName: got "shop/redis"', expected: 'a secret name that no other secret of this app in us-west-2 has' },
  { title: 'two clusters of the same name in two stacks', build: (tf) => {
    cluster(tf);
    const other = stack(tf, 'other');
    new EksCluster(other, 'cluster', { name: 'demo', network: network(other), admins: [ADMIN] });
  }, where: '[other/cluster] name: got "demo"', expected: 'a cluster name no other EksCluster of this app has (bad/cluster has it already)' },
  { title: 'two clusters writing the same outputs', build: (tf) => {
    cluster(tf);
    cluster(tf, { name: 'demo2' }, 'cluster2');
  }, where: '[bad/cluster2] outputPrefix: got "cluster"', expected: 'a prefix whose outputs (cluster_name, cluster_arn, cluster_endpoint, cluster_certificate_authority_data, cluster_kubeconfig, cluster_security_group_id, cluster_oidc_issuer_url, cluster_kms_key_arn) no other construct in this stack writes (bad/cluster has it already)' },
  { title: 'a cache output named like a cluster output', build: (tf) => {
    cluster(tf);
    redis(tf, { outputName: 'cluster_endpoint' });
  }, where: '[bad/redis] outputName: got "cluster_endpoint"', expected: 'an output name no other construct in this stack has (bad/cluster has it already)' },
  { title: 'two caches of the same replication group id', build: (tf) => {
    redis(tf, { replicationGroupId: 'cache', outputName: 'a' });
    redis(tf, { replicationGroupId: 'cache', outputName: 'b' }, 'redis2');
  }, where: '[bad/redis2] replicationGroupId: got "cache"', expected: 'a replication group id that no other ElastiCacheRedis of this app in us-west-2 has' },
  { title: 'two node groups of the same name in a cluster', build: (tf) => {
    const c = cluster(tf);
    c.addManagedNodeGroup('a', { name: 'general' });
    c.addManagedNodeGroup('b', { name: 'general' });
  }, where: '[bad/cluster/b] name: got "general"', expected: 'a node group name no other node group of this cluster has' },
  { title: 'two pod identities for one ServiceAccount', build: (tf) => {
    const c = cluster(tf);
    c.addPodIdentity('one', { namespace: 'shop', serviceAccount: 'reader', managedPolicyArns: [awsManagedPolicy('ReadOnlyAccess')] });
    c.addPodIdentity('two', { namespace: 'shop', serviceAccount: 'reader', managedPolicyArns: [awsManagedPolicy('ReadOnlyAccess')] });
  }, where: '[bad/cluster/two] serviceAccount: got "reader"', expected: 'a ServiceAccount of namespace "shop" that no other PodIdentity of this cluster has' },
  // State
  { title: 'state kept in the bucket the same stack creates', build: (tf) => {
    const s = new PlatformStack(tf, 'bad', { region: 'us-west-2', backend: StateBackend.s3({ bucket: 'acme-state' }) });
    new StateBucket(s, 'state', { bucketName: 'acme-state' });
  }, where: '[bad/state] bucketName: got "acme-state"', expected: 'a bucket other than the one stack "bad" keeps its own state in (StateBackend.s3): Terraform cannot keep its state in a bucket the same stack creates; create the bucket in a separate bootstrap stack' },
  { title: 'a state key that starts with "/"', build: () => StateBackend.s3({ bucket: 'acme-state', key: '/platform.tfstate' }),
    where: '[StateBackend.s3] options.key: got "/platform.tfstate"', expected: 'a relative object key' },
  { title: 'a state backend option it does not have', build: () => StateBackend.s3({ bucket: 'acme-state', dynamodbTable: 'locks' } as never),
    where: '[StateBackend.s3] options.dynamodbTable: got "locks"', expected: 'a known prop; the props are bucket, key, region' },
  { title: 'terraformApp twice for one app', build: (_tf, k8s) => terraformApp(k8s.node.root as App),
    where: '[terraformApp] app: got "the app"', expected: 'an app without a Terraform App yet' },
  { title: 'a stack in a Kubernetes chart', build: (_tf, k8s) => new PlatformStack(k8s, 'tf', { region: 'us-west-2', backend: StateBackend.local() }),
    where: '[bad/tf] scope: got "AppStack bad"', expected: 'the App of terraformApp(app)' },
  { title: 'a Terraform resource in a Kubernetes chart', build: (_tf, k8s) => new ManagedSecret(k8s, 'db', { secretName: 'shop/db', description: 'd' }),
    where: '[bad/db] scope: got "AppStack bad"', expected: 'a construct inside a Terraform stack' },
  // Unknown props of the older constructs
  ...([
    ['StateBucket', (tf: Construct) => new StateBucket(stack(tf), 'state', withUnknownProps({ bucketName: 'acme-state' }, { bucket: 'x' })), '[bad/state] bucket: got "x"', 'a known prop; the props are accessLogs, allowDestroy, bucketName, kmsKeyArn, namePrefix, noncurrentVersions, replication'],
    ['ManagedSecret', (tf: Construct) => new ManagedSecret(stack(tf), 'db', withUnknownProps({ secretName: 'a', description: 'd' }, { name: 'a' })), '[bad/db] name: got "a"', 'a known prop'],
    ['VpcNetwork', (tf: Construct) => new VpcNetwork(stack(tf), 'net', withUnknownProps({}, { azs: 2 })), '[bad/net] azs: got 2', 'a known prop'],
    ['EksCluster', (tf: Construct) => cluster(tf, withUnknownProps({}, { adminArns: [ADMIN] })), `[bad/cluster] adminArns: got ["${ADMIN}"]`, 'a known prop; the props are addonVersions, admins'],
    ['ElastiCacheRedis', (tf: Construct) => redis(tf, withUnknownProps({}, { engine_version: '7.1' })), '[bad/redis] engine_version: got "7.1"', 'a known prop (did you mean "engineVersion"?)'],
    ['PlatformStack', (tf: Construct) => new PlatformStack(tf, 'p', withUnknownProps({ region: 'us-west-2', backend: StateBackend.local() }, { regoin: 'x' })), '[p] regoin: got "x"', 'a known prop (did you mean "region"?)'],
    ['a node group', (tf: Construct) => cluster(tf).addManagedNodeGroup('nodes', withUnknownProps({}, { instanceType: 'm7i.large' })), '[bad/cluster/nodes] instanceType: got "m7i.large"', 'a known prop (did you mean "instanceTypes"?)'],
  ] as const).map(([what, build, where, expected]) => ({ title: `an unknown prop of ${what}`, build, where, expected })),
  // Tags and numbers
  { title: 'a tag key in the aws: namespace', build: (tf) => new PlatformStack(tf, 'p', { region: 'us-west-2', backend: StateBackend.local(), tags: { 'aws:owner': 'me' } }),
    where: '[p] tags key: got "aws:owner"', expected: 'a tag key of 1-128 letters, digits, spaces or _.:/=+-@, not starting with "aws:"' },
  { title: 'a tag value with a character AWS refuses', build: (tf) => new PlatformStack(tf, 'p', { region: 'us-west-2', backend: StateBackend.local(), tags: { Team: 'a#b' } }),
    where: '[p] tags["Team"]: got "a#b"', expected: 'a tag value of at most 256' },
  { title: 'a tag value that is a number', build: (tf) => new PlatformStack(tf, 'p', { region: 'us-west-2', backend: StateBackend.local(), tags: { Cost: 5 as never } }),
    where: '[p] tags["Cost"]: got 5', expected: 'a tag value of at most 256' },
  { title: 'a node count that is NaN', build: (tf) => cluster(tf).addManagedNodeGroup('nodes', { minSize: NaN }),
    where: '[bad/cluster/nodes] minSize: got NaN', expected: 'an integer from 0 to 1000' },
  { title: 'a fractional desired size', build: (tf) => cluster(tf).addManagedNodeGroup('nodes', { desiredSize: 2.5 }),
    where: '[bad/cluster/nodes] desiredSize: got 2.5', expected: 'an integer from 0 to 1000' },
  { title: 'a taint key longer than EKS allows', build: (tf) => cluster(tf).addManagedNodeGroup('nodes', { taints: [{ key: `example.com/${'k'.repeat(60)}`, effect: 'NO_SCHEDULE' }] }),
    where: `[bad/cluster/nodes] taints[0].key: got "example.com/${'k'.repeat(60)}"`, expected: 'a taint key of at most 63 characters' },
  // Methods and versions
  { title: 'a variable name Terraform reserves', build: (tf) => stack(tf).stringVariable('count', 'how many'),
    where: '[bad] stringVariable(name): got "count"', expected: 'a name other than source, version, providers, count' },
  { title: 'the same variable twice', build: (tf) => {
    stack(tf).stringVariable('admin_arn', 'the admin');
    stack(tf).stringVariable('admin_arn', 'the admin again');
  }, where: '[bad] stringVariable(name): got "admin_arn"', expected: 'a name not already used in this stack' },
  { title: 'a log group name with a space', build: (tf) => stack(tf).logGroupArn('/aws/eks/my cluster'),
    where: '[bad] logGroupArn(logGroup): got "/aws/eks/my cluster"', expected: 'a log group name of 1-512 letters' },
  { title: 'a Kubernetes version that is a prototype key', build: (tf) => cluster(tf, { version: 'constructor' }),
    where: '[bad/cluster] version: got "constructor"', expected: 'an EKS version: ' },
  { title: 'a token automount without the ServiceAccount it applies to', build: (tf) => cluster(tf).addPodIdentity('reader', {
    namespace: 'shop', serviceAccount: 'reader', managedPolicyArns: [awsManagedPolicy('ReadOnlyAccess')], automountToken: { reason: 'a controller' } }),
  where: '[bad/cluster/reader] automountToken: got {"reason":"a controller"}', expected: 'no automountToken without a kubernetesScope' },
] as Array<Omit<BadInput, 'build'> & { build: (tf: Construct, k8s: Construct) => void }>).map((c) => ({ ...c, build: inTerraform(c.build) }));

const good = GOOD_PLATFORM_APP;

describeBadInputs('what terraform apply would refuse is refused at synth time, naming the prop', good, CASES);
