import { Construct } from 'constructs';
import { ExternalNameService, NetworkPeer } from '../../lib';
import { NODE_GROUP_LABEL } from '../../lib/core/labels';
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
    // ElastiCache admits only the platform's redis-clients node group (its own security group): the pods run there,
    // tolerating the group's taint, which keeps every other workload off those nodes.
    placement: {
      nodeSelector: { [NODE_GROUP_LABEL]: PLATFORM.redisClientNodes.name },
      tolerations: [{ key: PLATFORM.redisClientNodes.taint.key, operator: 'Equal', value: PLATFORM.redisClientNodes.taint.value, effect: 'NoSchedule' }],
    },
    // ElastiCache lives in the VPC's private subnets.
    connect: (ns, app) => ns.allowEgress({ from: app, to: NetworkPeer.ipBlock(PLATFORM.vpcCidr), ports: [{ port: REDIS_PORT }] }),
  };
}
