import { ElastiCacheRedis, ElastiCacheRedisProps, EksCluster, ManagedNodeGroup, VpcNetwork } from '../../../lib/aws';
import { CHECKOV_SKIP_REASONS_KEY } from '../../../lib/policy/checkov-skips';
import { runPolicy } from '../../../lib/policy/engine';
import { annotationSuppressions } from '../../../lib/policy/suppressions';
import { terraformTargets } from '../../../lib/policy/targets';
import { addressOf, policyFindings, resource, resources, synthStack } from '../../helpers/terraform';

const KEY_ARN = 'arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** A stack with a VPC, a cluster with a node group "cache-clients", and the cache; `clients` picks from them. */
function redis(props: Partial<ElastiCacheRedisProps> = {}, clients = (group: ManagedNodeGroup, _cluster: EksCluster): ElastiCacheRedisProps['clients'] => [group]) {
  return synthStack((stack) => {
    const network = new VpcNetwork(stack, 'network');
    const cluster = new EksCluster(stack, 'cluster', { name: 'demo', network, admins: ['arn:aws:iam::123456789012:role/admin'] });
    const group = cluster.addManagedNodeGroup('cache-clients');
    new ElastiCacheRedis(stack, 'redis', { replicationGroupId: 'redis-cluster', network, clients: clients(group, cluster), ...props });
  });
}

/**
 * The ElastiCache findings of the output as `keelson check` judges it (with the suppressions written into it), and the
 * ids of the suppressed ones with their reasons.
 */
function verdict(tf: any): { findings: string[]; suppressed: string[] } {
  const targets = terraformTargets(tf, 'test');
  const report = runPolicy(targets, { suppressions: annotationSuppressions(targets) });
  return {
    findings: report.findings.map((f) => f.checkId).filter((id) => id.startsWith('elasticache')),
    suppressed: report.suppressed.map((x) => `${x.finding.checkId}: ${x.reason}`).filter((x) => x.startsWith('elasticache')),
  };
}

/** The `${...}` reference to an attribute of the one resource of `type`. */
const ref = (tf: any, type: string, attribute: string) => `\${${addressOf(tf, type)}.${attribute}}`;
/** The resources of `type` that the cache made (not the cluster), with their Terraform name as `logical`. */
const ofCache = (tf: any, type: string) => Object.entries(tf.resource[type] ?? {})
  .filter(([, r]: any) => String(r['//']?.metadata?.path).startsWith('test/redis/')).map(([logical, r]) => ({ ...(r as object), logical })) as any[];

describe('ElastiCacheRedis', () => {
  const tf = redis({ publishEndpoint: { secretName: 'counter/elasticache', property: 'address' } });
  const group = resource(tf, 'aws_elasticache_replication_group');
  const [key] = ofCache(tf, 'aws_kms_key');
  const keyArn = `\${aws_kms_key.${key.logical}.arn}`;

  test('a multi-AZ replication group with failover, encrypted at rest with its own key and in transit (TLS only)', () => {
    expect(group).toMatchObject({
      replication_group_id: 'redis-cluster', engine: 'redis', engine_version: '7.1', parameter_group_name: 'default.redis7',
      node_type: 'cache.t4g.small', num_cache_clusters: 2, port: 6379,
      automatic_failover_enabled: true, multi_az_enabled: true,
      at_rest_encryption_enabled: 'true', kms_key_id: keyArn, transit_encryption_enabled: true, transit_encryption_mode: 'required',
      snapshot_retention_limit: 1,
    });
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    // An explicit key policy (CKV2_AWS_64): the account's principals use the key only through ElastiCache and Secrets Manager.
    expect(key.policy).toMatch(/"Sid" = "UseThroughElastiCacheAndSecretsManager".*"kms:ViaService" = \["elasticache\.\$\{data\.aws_region\.[\w-]+\.region\}\.\$\{data\.aws_partition\.[\w-]+\.dns_suffix\}", "secretsmanager\./);
    expect(key.policy).toMatch(/"Sid" = "GrantsForElastiCache".*"kms:GrantIsForAWSResource" = "true"/);
    expect(ofCache(tf, 'aws_kms_alias')).toEqual([expect.objectContaining({ name: 'alias/elasticache/redis-cluster', target_key_id: `\${aws_kms_key.${key.logical}.key_id}` })]);
  });

  test('in a subnet group of the private subnets', () => {
    const subnets = resource(tf, 'aws_elasticache_subnet_group');
    expect(group.subnet_group_name).toBe(ref(tf, 'aws_elasticache_subnet_group', 'name'));
    const privateIds = Object.entries(tf.resource.aws_subnet).filter(([, s]: any) => s.tags['kubernetes.io/role/internal-elb']).map(([n]) => `\${aws_subnet.${n}.id}`);
    expect(subnets.subnet_ids).toEqual(privateIds);
  });

  test('its security group admits only the dedicated node group, on 6379: not the cluster security group on every node', () => {
    const [sg] = ofCache(tf, 'aws_security_group');
    const [nodes] = Object.entries(tf.resource.aws_security_group).filter(([, r]: any) => String(r['//']?.metadata?.path).includes('cache-clients'));
    expect(group.security_group_ids).toEqual([`\${aws_security_group.${sg.logical}.id}`]);
    expect(sg.ingress).toBeUndefined();
    expect(resources(tf, 'aws_vpc_security_group_ingress_rule').filter((r) => r.security_group_id === `\${aws_security_group.${sg.logical}.id}`)).toEqual([
      expect.objectContaining({ referenced_security_group_id: `\${aws_security_group.${nodes[0]}.id}`, ip_protocol: 'tcp', from_port: 6379, to_port: 6379 }),
    ]);
    expect(JSON.stringify(ofCache(tf, 'aws_vpc_security_group_ingress_rule'))).not.toMatch(/0\.0\.0\.0\/0|cluster_security_group_id/);
  });

  test('an AUTH token that Secrets Manager generates into a secret encrypted with the key, written only through a write-only argument', () => {
    const secret = ofCache(tf, 'aws_secretsmanager_secret').find((s) => s.name === 'elasticache/redis-cluster/auth-token');
    expect(secret).toMatchObject({ kms_key_id: keyArn, recovery_window_in_days: 7 });
    expect(tf.ephemeral.aws_secretsmanager_random_password).toEqual({
      'redis_cluster_auth_token': { password_length: 64, exclude_punctuation: true, require_each_included_type: true },
    });
    const [version] = ofCache(tf, 'aws_secretsmanager_secret_version').filter((v) => v.secret_id === `\${aws_secretsmanager_secret.${secret.logical}.id}`);
    expect(version).toMatchObject({
      secret_string_wo: '${ephemeral.aws_secretsmanager_random_password.redis_cluster_auth_token.random_password}', secret_string_wo_version: 1,
    });
    expect(version.secret_string).toBeUndefined();
    const [[dataName, data]] = Object.entries(tf.data.aws_secretsmanager_secret_version) as Array<[string, any]>;
    expect(data).toMatchObject({ secret_id: `\${aws_secretsmanager_secret_version.${version.logical}.secret_id}` });
    expect(data.depends_on).toBeUndefined();
    expect(group).toMatchObject({ auth_token: `\${data.aws_secretsmanager_secret_version.${dataName}.secret_string}`, auth_token_update_strategy: 'ROTATE' });
  });

  test('no token value anywhere in the output: every token and secret string is a Terraform reference', () => {
    const values: unknown[] = [];
    JSON.stringify(tf, (k, v) => {
      if (['auth_token', 'secret_string', 'secret_string_wo', 'random_password'].includes(k)) {
        values.push(v);
      }
      return v;
    });
    expect((values as string[]).sort()).toEqual([
      expect.stringMatching(/^\$\{data\.aws_secretsmanager_secret_version\.[\w-]+\.secret_string\}$/),
      expect.stringMatching(/^\$\{ephemeral\.aws_secretsmanager_random_password\.\w+\.random_password\}$/),
      expect.stringMatching(/^\$\{jsonencode\(\{"address" = "\$\{aws_elasticache_replication_group\.[\w-]+\.primary_endpoint_address\}:6379"\}\)\}$/),
    ]);
  });

  test('publishes host:port to a secret encrypted with the key, and as the output redis_address', () => {
    const address = `${ref(tf, 'aws_elasticache_replication_group', 'primary_endpoint_address')}:6379`;
    expect(tf.output.redis_address.value).toBe(address);
    const endpoint = ofCache(tf, 'aws_secretsmanager_secret').find((s) => s.name === 'counter/elasticache');
    expect(endpoint).toMatchObject({ recovery_window_in_days: 7, kms_key_id: keyArn });
    expect(ofCache(tf, 'aws_secretsmanager_secret_version').find((v) => v.secret_id === `\${aws_secretsmanager_secret.${endpoint.logical}.id}`).secret_string)
      .toBe(`\${jsonencode({"address" = "${address}"})}`);
  });

  test('passes keelson\'s ElastiCache checks (CKV_AWS_29/30/31/191, TLS only, not every node) with nothing suppressed', () => {
    expect(policyFindings(tf).filter((f) => f.includes('elasticache'))).toEqual([]);
    expect(verdict(tf)).toEqual({ findings: [], suppressed: [] });
  });

  test('the book\'s client: no TLS and no AUTH token, each with a reason written into the output', () => {
    const tf2 = redis({
      transitEncryption: { mode: 'preferred', reason: 'redigo without TLS' }, authToken: { mode: 'none', reason: 'redigo without a password' },
      engine: 'valkey', nodes: 3,
    });
    const plain = resource(tf2, 'aws_elasticache_replication_group');
    expect(plain).toMatchObject({
      transit_encryption_mode: 'preferred', transit_encryption_enabled: true, engine: 'valkey', engine_version: '8.0',
      parameter_group_name: 'default.valkey8', num_cache_clusters: 3,
    });
    expect(plain.auth_token).toBeUndefined();
    expect(plain['//']).toMatchObject({
      checkov: { skip: [{ id: 'CKV_AWS_31', comment: 'redigo without a password' }] },
      [CHECKOV_SKIP_REASONS_KEY]: { CKV_AWS_31: 'redigo without a password' },
      'suppress.policy.keelson.dev/elasticache-transit-required': 'redigo without TLS',
    });
    expect(tf2.ephemeral).toBeUndefined();
    expect(tf2.data.aws_secretsmanager_secret_version).toBeUndefined();
    expect(ofCache(tf2, 'aws_secretsmanager_secret')).toEqual([]);
    expect(verdict(tf2)).toEqual({ findings: [], suppressed: ['elasticache-transit-required: redigo without TLS'] });
  });

  test('every node of the cluster only with a reason, recorded on the rule', () => {
    const tf2 = redis({}, (_, cluster) => [{ everyNodeOf: cluster, reason: 'a workshop cluster with one app' }]);
    const [rule] = ofCache(tf2, 'aws_vpc_security_group_ingress_rule');
    expect(rule).toMatchObject({
      referenced_security_group_id: ref(tf2, 'aws_eks_cluster', 'vpc_config[0].cluster_security_group_id'),
      '//': expect.objectContaining({ 'suppress.policy.keelson.dev/elasticache-client-every-node': 'a workshop cluster with one app' }),
    });
    expect(verdict(tf2)).toEqual({ findings: [], suppressed: ['elasticache-client-every-node: a workshop cluster with one app'] });
  });

  test('a given KMS key, a named token secret, and security group ids as clients', () => {
    const tf2 = redis({ kmsKeyArn: KEY_ARN, authToken: { secretName: 'counter/redis-auth-token' } },
      (group) => [group, 'sg-0123456789abcdef0']);
    expect(ofCache(tf2, 'aws_kms_key')).toEqual([]);
    expect(resource(tf2, 'aws_elasticache_replication_group').kms_key_id).toBe(KEY_ARN);
    expect(ofCache(tf2, 'aws_secretsmanager_secret')).toEqual([expect.objectContaining({ name: 'counter/redis-auth-token', kms_key_id: KEY_ARN })]);
    expect(ofCache(tf2, 'aws_vpc_security_group_ingress_rule').map((r) => r.referenced_security_group_id))
      .toEqual([expect.stringMatching(/^\$\{aws_security_group\..*cache-clients.*\.id\}$/), 'sg-0123456789abcdef0']);
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
