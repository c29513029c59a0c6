import { Construct } from 'constructs';
import { EksCluster, ElastiCacheRedis, ManagedNodeGroup, PlatformStack, PrivateDnsZone, VpcNetwork } from '../../../lib/aws';
import { JavaScriptValueTarget } from '../../helpers/javascript-values';
import { Placeholder, testStack } from './values-harness';
import { synthesizeDeclared } from '../../helpers/terraform';

// ElastiCacheRedis and its alias, fed hostile JavaScript values at the props that decide who may connect and how
// (clients, authToken, kmsKeyArn) and at the names: a ValidationError, or Terraform output whose every reference is
// declared. Replaces the two ElastiCacheRedis targets of javascript-values.targets.ts (both are SLOW_TARGETS: give
// them SLOW_TARGET_VALUES). Self-contained, with the same harness as that file.

const SG = 'sg-0123456789abcdef0';
const KEY = 'arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

const NETWORK = new Placeholder('a VpcNetwork');
const CLUSTER = new Placeholder('an EksCluster');
const NODE_GROUP = new Placeholder('a ManagedNodeGroup of that cluster');
const ZONE = new Placeholder('a PrivateDnsZone');

/** Replaces a placeholder by the construct it stands for (made once per stack); any other value stays as it is. */
function real(stack: PlatformStack, v: unknown): unknown {
  const network = () => (stack.node.tryFindChild('net') as VpcNetwork | undefined)
    ?? new VpcNetwork(stack, 'net', { availabilityZones: ['us-west-2a', 'us-west-2b'], natGateways: 'single' });
  const cluster = () => (stack.node.tryFindChild('cluster') as EksCluster | undefined)
    ?? new EksCluster(stack, 'cluster', { name: 'demo', network: network(), admins: ['arn:aws:iam::123456789012:role/admin'] });
  switch (v) {
    case NETWORK: return network();
    case CLUSTER: return cluster();
    case NODE_GROUP: return (cluster().node.tryFindChild('cache-clients') as ManagedNodeGroup | undefined) ?? cluster().addManagedNodeGroup('cache-clients');
    case ZONE: return (stack.node.tryFindChild('zone') as PrivateDnsZone | undefined)
      ?? new PrivateDnsZone(stack, 'zone', { zoneName: 'acme.internal', network: network() });
    default: return v;
  }
}

/** `props` with the placeholders at its top, in its `clients` and in their `everyNodeOf`, replaced (a hostile value stays as it is). */
function resolved(stack: PlatformStack, props: unknown): any {
  if (props === null || typeof props !== 'object' || Array.isArray(props)) {
    return props;
  }
  const client = (c: unknown) => (c !== null && typeof c === 'object' && !Array.isArray(c) && 'everyNodeOf' in c
    ? { ...c, everyNodeOf: real(stack, (c as { everyNodeOf: unknown }).everyNodeOf) } : real(stack, c));
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, k === 'clients' && Array.isArray(v) ? v.map(client) : real(stack, v)]));
}

/** A build in the platform stack that then synthesizes the Terraform and fails when the output references what it does not declare. */
function inStack(make: (stack: PlatformStack, props: any) => void): (s: Construct, props: any) => void {
  return (s, props) => {
    const stack = testStack(s);
    make(stack, resolved(stack, props));
    synthesizeDeclared(s);
  };
}

export const ELASTICACHE_TARGETS: JavaScriptValueTarget[] = [
  {
    name: 'ElastiCacheRedis',
    props: () => ({
      replicationGroupId: 'cache', network: NETWORK, clients: [SG, NODE_GROUP, { everyNodeOf: CLUSTER, reason: 'a test cluster' }],
      engine: 'valkey', engineVersion: '8.1', nodeType: 'cache.t4g.small', nodes: 3, port: 6380,
      transitEncryption: { mode: 'preferred', reason: 'an old client' }, authToken: { secretName: 'shop/cache-token' }, kmsKeyArn: KEY,
      snapshotRetentionDays: 7, publishEndpoint: { secretName: 'shop/cache', property: 'address' }, allowDestroy: { reason: 'a test cache' },
      outputName: 'cache_address',
    }),
    paths: ['network', 'clients.0', 'clients.2.everyNodeOf', 'authToken', 'authToken.secretName', 'kmsKeyArn'],
    build: inStack((stack, p) => new ElastiCacheRedis(stack, 'cache', p)),
    covers: ['ElastiCacheRedis'],
  },
  {
    name: 'ElastiCacheRedis.alias',
    props: () => ({ zone: ZONE, name: 'cache', options: { ttl: 30 } }),
    paths: ['zone', 'name', 'options'],
    build: inStack((stack, p) => {
      const redis = new ElastiCacheRedis(stack, 'cache', { network: real(stack, NETWORK) as VpcNetwork, clients: [SG] });
      redis.alias(p?.zone, p?.name, p?.options);
    }),
    covers: ['ElastiCacheRedis.alias'],
  },
];
