import { Construct } from 'constructs';
import { ExternalNameService, NetworkPeer } from '../../lib';
import { PLATFORM } from '../eks-platform/platform';
import { StateStore } from './state-store';

/** The Redis port of the ElastiCache replication group (apps/eks-platform). */
const REDIS_PORT = 6379;

/**
 * Ch. 12, Activity 12.01: the state moves out of the cluster into ElastiCache. The book pasted the endpoint into the
 * Deployment by hand. Here the platform's Terraform gives the endpoint a stable name in the VPC's private zone
 * (`redis.counter.internal`, a CNAME it keeps pointing at the primary endpoint), and an ExternalName Service `redis`
 * gives that name an in-cluster one: the app reaches `redis:6379`, and a new endpoint reaches it without a commit.
 */
export function elasticacheStore(scope: Construct): StateStore {
  const redis = new ExternalNameService(scope, 'redis', {
    externalName: `${PLATFORM.redisAlias}.${PLATFORM.privateZone}`,
    ports: [{ name: 'redis', port: REDIS_PORT }],
  });
  return {
    appEnv: { REDIS_SVC_ADDR: `${redis.name}:${REDIS_PORT}` },
    // ElastiCache lives in the VPC's private subnets; its security group admits only the nodes.
    connect: (ns, app) => ns.allowEgress({ from: app, to: NetworkPeer.ipBlock(PLATFORM.vpcCidr), ports: [{ port: REDIS_PORT }] }),
  };
}
