import { Construct } from 'constructs';
import { EnvValue, ExternalSecret, NetworkPeer } from '../../lib';
import { PLATFORM } from '../eks-platform/platform';
import { StateStore } from './state-store';

/**
 * Ch. 12, Activity 12.01: the state moves out of the cluster into ElastiCache. The book pasted the endpoint into the
 * Deployment by hand; here Terraform publishes it to AWS Secrets Manager (apps/eks-platform) and an ExternalSecret
 * brings it into the namespace, so a new endpoint reaches the app without a commit.
 */
export function elasticacheStore(scope: Construct): StateStore {
  const endpoint = new ExternalSecret(scope, 'redis-endpoint', {
    data: { address: { key: PLATFORM.redisEndpoint.secretName, property: PLATFORM.redisEndpoint.property } },
    template: { REDIS_SVC_ADDR: '{{ .address }}' },
  });
  return {
    appEnv: { REDIS_SVC_ADDR: EnvValue.fromSecret(endpoint, 'REDIS_SVC_ADDR') },
    // ElastiCache lives in the VPC's private subnets; its security group admits only the nodes.
    connect: (ns, app) => ns.allowEgress({ from: app, to: NetworkPeer.ipBlock(PLATFORM.vpcCidr), ports: [{ port: 6379 }] }),
  };
}
