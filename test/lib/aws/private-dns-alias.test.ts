import { Token } from 'cdktf';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { EksCluster, ElastiCacheRedis, ElastiCacheRedisProps, PrivateDnsAlias, PrivateDnsZone, VpcNetwork } from '../../../lib/aws';
import type { IExternalHost } from '../../../lib/networking/external-host';
import { TerraformJson, addressOf, resources, synthStack } from '../../helpers/terraform';

interface Built {
  tf: TerraformJson;
  aliases: PrivateDnsAlias[];
}

/** A VPC, a cluster, a Redis and the zone counter.internal; `build` adds aliases. */
function platform(build: (zone: PrivateDnsZone, redis: ElastiCacheRedis, network: VpcNetwork) => PrivateDnsAlias[], redisProps: Partial<ElastiCacheRedisProps> = {}): Built {
  let aliases: PrivateDnsAlias[] = [];
  const tf = synthStack((stack) => {
    const network = new VpcNetwork(stack, 'network');
    const cluster = new EksCluster(stack, 'cluster', { name: 'demo', network, admins: ['arn:aws:iam::123456789012:role/admin'] });
    const redis = new ElastiCacheRedis(stack, 'redis', { network, clients: [cluster.addManagedNodeGroup('cache-clients')], ...redisProps });
    const zone = new PrivateDnsZone(stack, 'zone', { zoneName: 'counter.internal', network });
    aliases = build(zone, redis, network);
  });
  return { tf, aliases };
}

function recordNamed(tf: TerraformJson, name: string): any {
  const found = resources(tf, 'aws_route53_record').filter((r) => r.name === name);
  expect(found).toHaveLength(1);
  return found[0];
}

describe('PrivateDnsAlias', () => {
  describe('ElastiCacheRedis.alias', () => {
    const { tf, aliases: [alias] } = platform((zone, redis) => [redis.alias(zone, 'redis')]);
    const zoneId = `\${${addressOf(tf, 'aws_route53_zone')}.zone_id}`;
    const primary = `\${${addressOf(tf, 'aws_elasticache_replication_group')}.primary_endpoint_address}`;

    test('a CNAME redis.counter.internal in the zone, pointing at the primary endpoint address (host only), TTL 60', () => {
      expect(recordNamed(tf, 'redis.counter.internal')).toMatchObject({ type: 'CNAME', zone_id: zoneId, records: [primary], ttl: 60 });
      expect(resources(tf, 'aws_route53_record')).toHaveLength(1);
    });

    test('hostname is a plain string known at synth time, with the cache port, usable as an IExternalHost', () => {
      const host: IExternalHost = alias;
      expect(host.hostname).toBe('redis.counter.internal');
      expect(Token.isUnresolved(host.hostname)).toBe(false);
      expect(host.port).toBe(6379);
    });

    test('the port of a cache on another port, a custom TTL, and the same name in a second zone', () => {
      const built = platform((zone, redis, network) => [
        redis.alias(zone, 'cache', { ttl: 300 }),
        redis.alias(new PrivateDnsZone(zone.node.scope!, 'other-zone', { zoneName: 'internal.example.com', network }), 'cache'),
      ], { port: 6380 });
      expect(built.aliases.map((a) => [a.hostname, a.port])).toEqual([['cache.counter.internal', 6380], ['cache.internal.example.com', 6380]]);
      expect(recordNamed(built.tf, 'cache.counter.internal').ttl).toBe(300);
      expect(recordNamed(built.tf, 'cache.internal.example.com').ttl).toBe(60);
      const zones = Object.entries(built.tf.resource.aws_route53_zone).map(([id, z]: [string, any]) => [z.name, `\${aws_route53_zone.${id}.zone_id}`]);
      for (const [name, id] of zones) {
        expect(recordNamed(built.tf, `cache.${name}`).zone_id).toBe(id);
      }
    });
  });

  describe('any Terraform value, e.g. an RDS address', () => {
    const { tf, aliases } = platform((zone) => {
      const db = new DbInstance(zone.node.scope!, 'db', {
        identifier: 'counter', engine: 'mysql', engineVersion: '8.4', instanceClass: 'db.t4g.micro', allocatedStorage: 20,
        username: 'counter', manageMasterUserPassword: true, storageEncrypted: true,
      });
      return [
        new PrivateDnsAlias(zone.node.scope!, 'mysql', { zone, name: 'mysql', target: db.address, port: 3306, ttl: 30 }),
        new PrivateDnsAlias(zone.node.scope!, 'legacy', { zone, name: 'db.legacy', target: 'legacy-db.example.com' }),
      ];
    });

    test('the record points at the instance address (not its host:port endpoint)', () => {
      expect(recordNamed(tf, 'mysql.counter.internal')).toMatchObject({
        type: 'CNAME', records: [`\${${addressOf(tf, 'aws_db_instance')}.address}`], ttl: 30,
      });
      expect(aliases[0].hostname).toBe('mysql.counter.internal');
      expect(aliases[0].port).toBe(3306);
    });

    test('a literal host name and a name of two labels; no port when none is given', () => {
      expect(recordNamed(tf, 'db.legacy.counter.internal')).toMatchObject({ type: 'CNAME', records: ['legacy-db.example.com'], ttl: 60 });
      expect(aliases[1].hostname).toBe('db.legacy.counter.internal');
      expect(aliases[1].port).toBeUndefined();
    });
  });
});
