import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { EksCluster, ElastiCacheRedis, ElastiCacheRedisProps, ManagedNodeGroup, PlatformStack, StateBackend, VpcNetwork, terraformApp } from '../../../lib/aws';
import { AppStack } from '../../../lib/core/app-stack';
import { GOOD_PLATFORM_APP } from '../../helpers/terraform';
import { BadInput, describeBadInputs, withUnknownProps } from '../../helpers/bad-input';

// The props of ElastiCacheRedis that decide who may connect and how: clients, authToken and kmsKeyArn. Each case names
// the construct path, the prop the user wrote, the value, and what is allowed.

const SG = 'sg-0123456789abcdef0';
const KEY = 'arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const CLIENTS = 'a list of clients: ManagedNodeGroups, security group ids, or { everyNodeOf: cluster, reason }';

function stack(scope: Construct): PlatformStack {
  return (scope.node.tryFindChild('bad') as PlatformStack | undefined) ?? new PlatformStack(scope, 'bad', { region: 'us-west-2', backend: StateBackend.local() });
}
function network(s: PlatformStack): VpcNetwork {
  return (s.node.tryFindChild('network') as VpcNetwork | undefined) ?? new VpcNetwork(s, 'network', { azCount: 2 });
}
function cluster(s: PlatformStack): EksCluster {
  return (s.node.tryFindChild('cluster') as EksCluster | undefined)
    ?? new EksCluster(s, 'cluster', { name: 'demo', network: network(s), admins: ['arn:aws:iam::123456789012:role/admin'] });
}
/** A cache "redis" in the stack "bad"; `clients` may use the cluster and its node group "clients". */
function redis(tf: Construct, props: Partial<ElastiCacheRedisProps> = {},
  clients?: (c: EksCluster, group: ManagedNodeGroup) => unknown[]): void {
  const s = stack(tf);
  const c = clients ? cluster(s) : undefined;
  const list = clients && c ? clients(c, c.addManagedNodeGroup('clients')) : [SG];
  new ElastiCacheRedis(s, 'redis', { network: network(s), clients: list as ElastiCacheRedisProps['clients'], ...props });
}

/** Each case builds its stacks in the cdktf App of the app "bad". */
const inTerraform = (build: (tf: Construct) => void) => (app: App) => {
  new AppStack(app, 'bad');
  build(terraformApp(app));
};

const CASES: BadInput[] = ([
  // clients
  { title: 'no clients', build: (tf) => redis(tf, { clients: undefined }),
    where: '[bad/redis] clients: got undefined', expected: CLIENTS },
  { title: 'a cache open to nobody', build: (tf) => redis(tf, { clients: [] }),
    where: '[bad/redis] clients: got []', expected: 'at least one client allowed to connect' },
  { title: 'clients as one security group instead of a list', build: (tf) => redis(tf, { clients: SG as any }),
    where: `[bad/redis] clients: got "${SG}"`, expected: CLIENTS },
  { title: 'the cluster itself as a client (every node)', build: (tf) => redis(tf, {}, (c) => [c]),
    where: '[bad/redis] clients[0]: got "EksCluster bad/cluster"', expected: '{ everyNodeOf: cluster, reason: "..." }: the cluster security group is on every node' },
  { title: 'the cluster security group as an id (every node)', build: (tf) => redis(tf, {}, (c) => [c.clusterSecurityGroupId]),
    where: '[bad/redis] clients[0]: got "${aws_eks_cluster.cluster_A4C38409.vpc_config[0].cluster_security_group_id}"',
    expected: 'a security group that not every node carries; the EKS cluster security group is on every node, so give it as { everyNodeOf: cluster, reason }' },
  { title: 'every node without a reason', build: (tf) => redis(tf, {}, (c) => [{ everyNodeOf: c, reason: ' ' }]),
    where: '[bad/redis] clients[0].reason: got " "', expected: 'a reason why every pod on every node of the cluster may connect to the cache, given as { reason: "..." }' },
  { title: 'every node of something that is not a cluster', build: (tf) => redis(tf, {}, () => [{ everyNodeOf: 'demo', reason: 'one app' }]),
    where: '[bad/redis] clients[0].everyNodeOf: got "demo"', expected: 'an EksCluster' },
  { title: 'every node with an unknown key', build: (tf) => redis(tf, {}, (c) => [{ everyNodeOf: c, reason: 'one app', ports: [6379] }]),
    where: '[bad/redis] clients[0].ports: got [6379]', expected: 'a known prop' },
  { title: 'the same node group twice (a duplicate ingress rule)', build: (tf) => redis(tf, {}, (_, g) => [g, g]),
    where: '[bad/redis] clients[1]: got "${aws_security_group.cluster_clients_security-group_2B96F085.id}"', expected: 'a security group that is not already used in clients' },
  { title: 'the same security group id twice', build: (tf) => redis(tf, { clients: [SG, SG] }),
    where: `[bad/redis] clients[1]: got "${SG}"`, expected: 'a security group that is not already used in clients' },
  { title: 'a security group id that is not sg-…', build: (tf) => redis(tf, { clients: ['sg-123'] }),
    where: '[bad/redis] clients[0]: got "sg-123"', expected: 'a security group id of "sg-" and 8 or 17 lowercase hex digits' },
  { title: 'a number as a client', build: (tf) => redis(tf, { clients: [6379 as any] }),
    where: '[bad/redis] clients[0]: got 6379', expected: 'a ManagedNodeGroup, a security group id, or { everyNodeOf: cluster, reason }' },
  { title: 'the old prop allowedSecurityGroupIds', build: (tf) => redis(tf, withUnknownProps({}, { allowedSecurityGroupIds: [SG] })),
    where: '[bad/redis] allowedSecurityGroupIds: got ["sg-0123456789abcdef0"]', expected: 'a known prop' },
  // authToken
  { title: 'AUTH off in a mode that does not exist', build: (tf) => redis(tf, { authToken: { mode: 'off', reason: 'old client' } as any }),
    where: '[bad/redis] authToken.mode: got "off"', expected: '"none" (with a reason) to turn AUTH off, or no mode for a generated token' },
  { title: 'AUTH off without a reason', build: (tf) => redis(tf, { authToken: { mode: 'none' } as any }),
    where: '[bad/redis] authToken.reason: got undefined', expected: 'a reason why clients may connect without an AUTH token, given as { reason: "..." }' },
  { title: 'AUTH off as a string', build: (tf) => redis(tf, { authToken: 'none' as any }),
    where: '[bad/redis] authToken: got "none"', expected: '{ secretName }, or { mode: "none", reason } for clients that send no AUTH token' },
  { title: 'a token secret with a key the construct does not know', build: (tf) => redis(tf, { authToken: { secretname: 'counter/token' } as any }),
    where: '[bad/redis] authToken.secretname: got "counter/token"', expected: 'a known prop (did you mean "secretName"?)' },
  { title: 'a token secret name Secrets Manager refuses', build: (tf) => redis(tf, { authToken: { secretName: 'counter token' } }),
    where: '[bad/redis] authToken.secretName: got "counter token"', expected: 'a Secrets Manager name of 1-512 ASCII letters, digits or /_+=.@-' },
  { title: 'the token in the endpoint\'s secret', build: (tf) => redis(tf, {
    authToken: { secretName: 'counter/elasticache' }, publishEndpoint: { secretName: 'counter/elasticache', property: 'address' } }),
  where: '[bad/redis] publishEndpoint.secretName: got "counter/elasticache"', expected: 'a secret other than the AUTH token\'s' },
  { title: 'the default token secret name taken by another secret', build: (tf) => {
    const s = stack(tf);
    new ElastiCacheRedis(s, 'other', { network: network(s), clients: [SG], publishEndpoint: { secretName: 'elasticache/redis/auth-token', property: 'address' } });
    redis(tf);
  }, where: '[bad/redis] authToken.secretName: got "elasticache/redis/auth-token"',
  expected: 'a secret name that no other secret of this app in us-west-2 has (bad/other has it already)' },
  // kmsKeyArn
  { title: 'an AWS managed key alias instead of a key ARN', build: (tf) => redis(tf, { kmsKeyArn: 'alias/aws/elasticache' }),
    where: '[bad/redis] kmsKeyArn: got "alias/aws/elasticache"', expected: 'a KMS key ARN such as' },
  { title: 'an alias ARN', build: (tf) => redis(tf, { kmsKeyArn: 'arn:aws:kms:us-west-2:123456789012:alias/cache' }),
    where: '[bad/redis] kmsKeyArn: got "arn:aws:kms:us-west-2:123456789012:alias/cache"', expected: 'a KMS key ARN such as' },
  { title: 'a key in another region', build: (tf) => redis(tf, { kmsKeyArn: KEY.replace('us-west-2', 'eu-west-1') }),
    where: `[bad/redis] kmsKeyArn: got "${KEY.replace('us-west-2', 'eu-west-1')}"`, expected: 'a key in the cache\'s region us-west-2' },
  { title: 'a key ARN that is not a string', build: (tf) => redis(tf, { kmsKeyArn: { arn: KEY } as any }),
    where: `[bad/redis] kmsKeyArn: got {"arn":"${KEY}"}`, expected: 'a KMS key ARN such as' },
] as Array<Omit<BadInput, 'build'> & { build: (tf: Construct) => void }>).map((c) => ({ ...c, build: inTerraform(c.build) }));

describeBadInputs('ElastiCacheRedis clients, AUTH token and KMS key', GOOD_PLATFORM_APP, CASES);
