import { App } from 'cdk8s';
import { TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import {
  ElastiCacheRedis, PlatformStack, PrivateDnsAlias, PrivateDnsAliasProps, PrivateDnsZone, PrivateDnsZoneProps, StateBackend, StateBucket,
  VpcNetwork, terraformApp,
} from '../../../lib/aws';
import { AppStack } from '../../../lib/core/app-stack';
import { describeValue } from '../../../lib/core/errors';
import { AppDefinition } from '../../../lib/output/synth-apps';
import { BadInput, describeBadInputs, withUnknownProps } from '../../helpers/bad-input';

/** A stack "bad" with a VPC "network", a zone "zone" (counter.internal) and a Redis "redis". */
function platform(tf: Construct) {
  const stack = new PlatformStack(tf, 'bad', { region: 'us-west-2', backend: StateBackend.local() });
  const network = new VpcNetwork(stack, 'network');
  const zone = new PrivateDnsZone(stack, 'zone', { zoneName: 'counter.internal', network });
  const redis = new ElastiCacheRedis(stack, 'redis', { network, clients: ['sg-0123456789abcdef0'] });
  return { stack, network, zone, redis };
}

/** A zone "z" in the stack "bad" with these props (the network is added unless given). */
function zone(tf: Construct, props: Partial<PrivateDnsZoneProps> | null): void {
  const { stack, network } = platform(tf);
  new PrivateDnsZone(stack, 'z', props === null ? null as any : { network, ...props } as PrivateDnsZoneProps);
}

/** An alias "a" in the stack "bad" with these props (zone and target are added unless given). */
function alias(tf: Construct, props: Partial<PrivateDnsAliasProps>): void {
  const { stack, zone: z } = platform(tf);
  new PrivateDnsAlias(stack, 'a', { zone: z, target: 'db.example.com', name: 'db', ...props });
}

const LONG_LABEL = 'a'.repeat(64);
const LONG_ZONE = `${'a'.repeat(60)}.`.repeat(4) + 'internal.example';
const LONG_NAME = `${'b'.repeat(60)}.`.repeat(3) + 'b'.repeat(60);
const ZONE_NAME = 'a domain name of two or more dot-separated labels (1-63 lowercase letters, digits or "-"';
const ALIAS_NAME = 'a name relative to the zone: one or more dot-separated labels of 1-63 lowercase letters, digits or "-", '
  + 'each starting and ending with a letter or digit, such as "redis" for "redis.counter.internal"';
const HOST_ONLY = 'the host name alone, without ":port" or a scheme: e.g. an ElastiCache replication group\'s primaryEndpointAddress';

const CASES: BadInput[] = ([
  // The zone
  { title: 'a zone of one label (a top-level domain)', build: (tf) => zone(tf, { zoneName: 'internal' }),
    where: '[bad/z] zoneName: got "internal"', expected: `${ZONE_NAME}` },
  { title: 'a zone name in capitals', build: (tf) => zone(tf, { zoneName: 'Counter.Internal' }),
    where: '[bad/z] zoneName: got "Counter.Internal"', expected: ZONE_NAME },
  { title: 'a zone name with a trailing dot', build: (tf) => zone(tf, { zoneName: 'counter.internal.' }),
    where: '[bad/z] zoneName: got "counter.internal."', expected: ZONE_NAME },
  { title: 'a zone name with an underscore', build: (tf) => zone(tf, { zoneName: 'my_zone.internal' }),
    where: '[bad/z] zoneName: got "my_zone.internal"', expected: ZONE_NAME },
  { title: 'a zone label longer than 63 characters', build: (tf) => zone(tf, { zoneName: `${LONG_LABEL}.internal` }),
    where: `[bad/z] zoneName: got "${LONG_LABEL}.internal"`, expected: ZONE_NAME },
  { title: 'a zone name longer than 253 characters', build: (tf) => zone(tf, { zoneName: LONG_ZONE }),
    where: `[bad/z] zoneName: got ${describeValue(LONG_ZONE)}`, expected: ZONE_NAME },
  { title: 'the cluster domain as a zone', build: (tf) => zone(tf, { zoneName: 'cluster.local' }),
    where: '[bad/z] zoneName: got "cluster.local"', expected: 'a domain outside cluster.local, which the cluster\'s DNS answers itself, such as "counter.internal"' },
  { title: 'a zone inside the cluster domain', build: (tf) => zone(tf, { zoneName: 'svc.cluster.local' }),
    where: '[bad/z] zoneName: got "svc.cluster.local"', expected: 'a domain outside cluster.local' },
  { title: 'a zone name that is a Terraform value', build: (tf) => {
    const { stack, network } = platform(tf);
    new PrivateDnsZone(stack, 'z', { zoneName: new TerraformVariable(stack, 'zone_name', { type: 'string' }).stringValue, network });
  }, where: '[bad/z] zoneName: got "${var.zone_name}"', expected: 'a domain name known when keelson synthesizes, such as "counter.internal", not a Terraform value' },
  { title: 'a zone without a name (from JavaScript)', build: (tf) => zone(tf, { zoneName: undefined }),
    where: '[bad/z] zoneName: got undefined', expected: ZONE_NAME },
  { title: 'a VPC id instead of the network', build: (tf) => zone(tf, { zoneName: 'counter.internal', network: 'vpc-0123' as any }),
    where: '[bad/z] network: got "vpc-0123"', expected: 'a VpcNetwork (the VPC whose resolver answers for the zone)' },
  { title: 'allowDestroy with an empty reason', build: (tf) => zone(tf, { zoneName: 'counter.internal', allowDestroy: { reason: ' ' } }),
    where: '[bad/z] allowDestroy.reason: got " "', expected: 'a reason why terraform destroy may delete the zone and every name in it, given as { reason: "..." }' },
  { title: 'allowDestroy: true (from JavaScript)', build: (tf) => zone(tf, { zoneName: 'counter.internal', allowDestroy: true as any }),
    where: '[bad/z] allowDestroy.reason: got undefined', expected: 'a reason why terraform destroy may delete the zone' },
  { title: 'an unknown zone prop (forceDestroy)', build: (tf) => zone(tf, withUnknownProps({ zoneName: 'counter.internal' }, { forceDestroy: true })),
    where: '[bad/z] forceDestroy: got true', expected: 'a known prop; the props are allowDestroy, network, zoneName' },
  { title: 'no zone props at all (null from JavaScript)', build: (tf) => zone(tf, null),
    where: '[bad/z] props: got null', expected: 'an object of props' },
  // The alias
  { title: 'an empty alias name', build: (tf) => alias(tf, { name: '' }),
    where: '[bad/a] name: got ""', expected: ALIAS_NAME },
  { title: 'the zone apex as "@"', build: (tf) => alias(tf, { name: '@' }),
    where: '[bad/a] name: got "@"', expected: ALIAS_NAME },
  { title: 'the zone\'s own name as the alias (a CNAME at the apex)', build: (tf) => alias(tf, { name: 'counter.internal' }),
    where: '[bad/a] name: got "counter.internal"', expected: 'a name inside the zone, such as "redis" for "redis.counter.internal" (a CNAME cannot be the zone\'s own name)' },
  { title: 'the full name instead of the name in the zone', build: (tf) => alias(tf, { name: 'db.counter.internal' }),
    where: '[bad/a] name: got "db.counter.internal"', expected: 'the name relative to the zone, without ".counter.internal": "db"' },
  { title: 'an alias name in capitals', build: (tf) => alias(tf, { name: 'Redis' }),
    where: '[bad/a] name: got "Redis"', expected: ALIAS_NAME },
  { title: 'a wildcard alias', build: (tf) => alias(tf, { name: '*' }),
    where: '[bad/a] name: got "*"', expected: ALIAS_NAME },
  { title: 'an alias whose full name is longer than 253 characters', build: (tf) => alias(tf, { name: LONG_NAME }),
    where: `[bad/a] name: got ${describeValue(LONG_NAME)}`,
    expected: `a name whose full name "${LONG_NAME}.counter.internal" (260 characters) has at most 253 characters` },
  { title: 'the same name twice in a zone', build: (tf) => {
    const { stack, zone: z } = platform(tf);
    new PrivateDnsAlias(stack, 'first', { zone: z, name: 'db', target: 'db-1.example.com' });
    new PrivateDnsAlias(stack, 'a', { zone: z, name: 'db', target: 'db-2.example.com' });
  }, where: '[bad/a] name: got "db"', expected: 'a name not already used in the zone counter.internal (bad/first has "db.counter.internal")' },
  { title: 'a VPC instead of a zone', build: (tf) => {
    const { stack, network } = platform(tf);
    new PrivateDnsAlias(stack, 'a', { zone: network as any, name: 'db', target: 'db.example.com' });
  }, where: '[bad/a] zone: got "VpcNetwork bad/network"', expected: 'a PrivateDnsZone (the private zone the name is created in)' },
  { title: 'host:port as the target (ElastiCacheRedis.address)', build: (tf) => {
    const { stack, zone: z, redis } = platform(tf);
    new PrivateDnsAlias(stack, 'a', { zone: z, name: 'redis', target: redis.address });
  }, where: '[bad/a] target: got "${aws_elasticache_replication_group.redis_replication-group_5BD9E6FB.primary_endpoint_address}:6379"',
  expected: `${HOST_ONLY} (not ElastiCacheRedis.address) or an RDS instance's address (not its endpoint)` },
  { title: 'a literal target with a port', build: (tf) => alias(tf, { target: 'db.example.com:5432' }),
    where: '[bad/a] target: got "db.example.com:5432"', expected: 'a host name, as a Terraform value' },
  { title: 'a URL as the target', build: (tf) => alias(tf, { target: 'https://db.example.com' }),
    where: '[bad/a] target: got "https://db.example.com"', expected: 'a host name, as a Terraform value' },
  { title: 'an IP address as the target', build: (tf) => alias(tf, { target: '10.0.12.7' }),
    where: '[bad/a] target: got "10.0.12.7"', expected: 'a host name; a CNAME cannot point at an IP address' },
  { title: 'no target (from JavaScript)', build: (tf) => alias(tf, { target: undefined }),
    where: '[bad/a] target: got undefined', expected: 'a host name, as a Terraform value such as an RDS instance\'s address' },
  { title: 'an alias pointing at itself', build: (tf) => alias(tf, { target: 'db.counter.internal' }),
    where: '[bad/a] target: got "db.counter.internal"', expected: 'a host other than the alias "db.counter.internal" itself' },
  { title: 'a negative TTL', build: (tf) => alias(tf, { ttl: -1 }),
    where: '[bad/a] ttl: got -1', expected: 'an integer from 0 to 2147483647' },
  { title: 'a fractional TTL', build: (tf) => alias(tf, { ttl: 1.5 }),
    where: '[bad/a] ttl: got 1.5', expected: 'an integer from 0 to 2147483647' },
  { title: 'a TTL as a string (from JavaScript)', build: (tf) => alias(tf, { ttl: '60' as any }),
    where: '[bad/a] ttl: got "60"', expected: 'an integer from 0 to 2147483647' },
  { title: 'a port out of range', build: (tf) => alias(tf, { port: 70000 }),
    where: '[bad/a] port: got 70000', expected: 'an integer port number from 1 to 65535' },
  { title: 'an unknown alias prop (type)', build: (tf) => alias(tf, withUnknownProps({}, { type: 'A' })),
    where: '[bad/a] type: got "A"', expected: 'a known prop; the props are name, port, target, ttl, zone' },
  // ElastiCacheRedis.alias
  { title: 'the same Redis alias twice', build: (tf) => {
    const { zone: z, redis } = platform(tf);
    redis.alias(z, 'redis');
    redis.alias(z, 'redis');
  }, where: '[bad/redis] alias(name): got "redis"', expected: 'a name this cache has no alias of yet in counter.internal (use the PrivateDnsAlias already returned)' },
  { title: 'a Redis alias with an option it does not have', build: (tf) => {
    const { zone: z, redis } = platform(tf);
    redis.alias(z, 'redis', { port: 6380 } as any);
  }, where: '[bad/redis] alias(options).port: got 6380', expected: 'a known prop; the props are ttl' },
  { title: 'a Redis alias with a path as its name', build: (tf) => {
    const { zone: z, redis } = platform(tf);
    redis.alias(z, 'a/b');
  }, where: 'name: got "a/b"', expected: ALIAS_NAME },
  { title: 'a Redis alias without a zone (from JavaScript)', build: (tf) => {
    const { redis } = platform(tf);
    redis.alias(undefined as any, 'redis');
  }, where: '[bad/redis] alias(zone): got undefined', expected: 'a PrivateDnsZone (the private zone the name is created in)' },
] as Array<Omit<BadInput, 'build'> & { build: (tf: Construct) => void }>).map((c) => ({
  ...c,
  build: (app: App) => {
    new AppStack(app, 'bad');
    c.build(terraformApp(app));
  },
}));

const good: AppDefinition = {
  name: 'good',
  description: '',
  build: (app) => {
    new AppStack(app, 'good');
    const stack = new PlatformStack(terraformApp(app), 'good', { region: 'us-west-2', backend: StateBackend.local() });
    new StateBucket(stack, 'state', { bucketName: 'acme-state' });
    const network = new VpcNetwork(stack, 'network');
    new PrivateDnsAlias(stack, 'db', { zone: new PrivateDnsZone(stack, 'zone', { zoneName: 'counter.internal', network }), name: 'db', target: 'db.example.com' });
  },
};

describeBadInputs('bad private DNS input is rejected at synth time with a clear error and no output', good, CASES);
