import { ElastiCacheRedis, ElastiCacheRedisProps, EksCluster, VpcNetwork } from '../../../lib/aws';
import { addressOf, resource, resources, synthStack } from '../../helpers/terraform';

function redis(props: Partial<ElastiCacheRedisProps> = {}) {
  return synthStack((stack) => {
    const network = new VpcNetwork(stack, 'network');
    const cluster = new EksCluster(stack, 'cluster', { name: 'demo', network, admins: ['arn:aws:iam::123456789012:role/admin'] });
    new ElastiCacheRedis(stack, 'redis', { replicationGroupId: 'redis-cluster', network, allowedSecurityGroupIds: [cluster.clusterSecurityGroupId], ...props });
  });
}

describe('ElastiCacheRedis', () => {
  const tf = redis({ publishEndpoint: { secretName: 'counter/elasticache', property: 'address' } });
  const group = resource(tf, 'aws_elasticache_replication_group');

  test('a multi-AZ replication group with failover, encrypted at rest and in transit', () => {
    expect(group).toMatchObject({
      replication_group_id: 'redis-cluster', engine: 'redis', engine_version: '7.1', parameter_group_name: 'default.redis7',
      node_type: 'cache.t4g.small', num_cache_clusters: 2, port: 6379,
      automatic_failover_enabled: true, multi_az_enabled: true,
      at_rest_encryption_enabled: 'true', transit_encryption_enabled: true, transit_encryption_mode: 'required',
      snapshot_retention_limit: 1,
    });
  });

  test('in a subnet group of the private subnets', () => {
    const subnets = resource(tf, 'aws_elasticache_subnet_group');
    expect(group.subnet_group_name).toBe(`\${${addressOf(tf, 'aws_elasticache_subnet_group')}.name}`);
    const privateIds = Object.entries(tf.resource.aws_subnet).filter(([, s]: any) => s.tags['kubernetes.io/role/internal-elb']).map(([n]) => `\${aws_subnet.${n}.id}`);
    expect(subnets.subnet_ids).toEqual(privateIds);
  });

  test('its security group admits only the cluster security group, on 6379', () => {
    const sg = addressOf(tf, 'aws_security_group');
    expect(group.security_group_ids).toEqual([`\${${sg}.id}`]);
    expect(resource(tf, 'aws_security_group').ingress).toBeUndefined();
    expect(resources(tf, 'aws_vpc_security_group_ingress_rule')).toEqual([expect.objectContaining({
      security_group_id: `\${${sg}.id}`,
      referenced_security_group_id: `\${${addressOf(tf, 'aws_eks_cluster')}.vpc_config[0].cluster_security_group_id}`,
      ip_protocol: 'tcp', from_port: 6379, to_port: 6379,
    })]);
    expect(JSON.stringify(tf.resource.aws_vpc_security_group_ingress_rule)).not.toContain('0.0.0.0/0');
  });

  test('publishes host:port to Secrets Manager and as the output redis_address', () => {
    const address = `\${${addressOf(tf, 'aws_elasticache_replication_group')}.primary_endpoint_address}:6379`;
    expect(tf.output.redis_address.value).toBe(address);
    expect(resource(tf, 'aws_secretsmanager_secret')).toMatchObject({ name: 'counter/elasticache', recovery_window_in_days: 7 });
    expect(resource(tf, 'aws_secretsmanager_secret_version').secret_string)
      .toBe(`\${jsonencode({"address" = "${address}"})}`);
  });

  test('plain-text clients need a reason; valkey gets its own defaults', () => {
    const tf2 = redis({ transitEncryption: { mode: 'preferred', reason: 'legacy client' }, engine: 'valkey', nodes: 3 });
    expect(resource(tf2, 'aws_elasticache_replication_group')).toMatchObject({
      transit_encryption_mode: 'preferred', transit_encryption_enabled: true, engine: 'valkey', engine_version: '8.0',
      parameter_group_name: 'default.valkey8', num_cache_clusters: 3,
    });
    expect(tf2.resource.aws_secretsmanager_secret).toBeUndefined();
  });

  test('the replication group survives a synth that would destroy it, unless a reason says it may go', () => {
    expect(group.lifecycle).toEqual({ prevent_destroy: true });
    const tf2 = redis({ allowDestroy: { reason: 'a cache of data that is rebuilt on start' } });
    const mayGo = resource(tf2, 'aws_elasticache_replication_group');
    expect(mayGo.lifecycle).toEqual({ prevent_destroy: false });
    expect(mayGo['//']).toMatchObject({ allow_destroy_reason: 'a cache of data that is rebuilt on start' });
  });

  test('the default parameter group of each pinned engine version', () => {
    const groupOf = (props: Partial<ElastiCacheRedisProps>) => resource(redis(props), 'aws_elasticache_replication_group').parameter_group_name;
    expect(groupOf({ engineVersion: '6.2' })).toBe('default.redis6.x');
    expect(groupOf({ engine: 'valkey', engineVersion: '9.0' })).toBe('default.valkey9');
  });
});
