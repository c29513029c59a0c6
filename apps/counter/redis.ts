import { Construct } from 'constructs';
import { Probe, StatefulService } from '../../lib';
import { PLATFORM } from '../eks-platform/platform';
import { StateStore } from './state-store';

/**
 * Ch. 12, "Redis-backed" (Ex 12.04): one Redis instance holds the counter, so every replica of the app counts on
 * the same number. The book ran `redis:3` as a Deployment without persistence; here it is a current Redis in a
 * StatefulSet with an append-only file on a retained 1Gi volume, so a restart does not reset the counter.
 */
export function redisStore(scope: Construct): StateStore {
  const redis = new StatefulService(scope, 'redis', {
    image: 'redis:7.4.2',
    containerName: 'master', // the book's container name
    ports: [{ name: 'redis', port: 6379 }],
    args: ['--appendonly', 'yes', '--dir', '/data'],
    claims: [{ name: 'data', mountPath: '/data', size: '1Gi', storageClassName: PLATFORM.storageClass }],
    // The book's requests; limits added so the pod cannot starve its node.
    resources: { requests: { cpu: '100m', memory: '100Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    runAsUser: 999, // the image's redis user, which owns /data
    readiness: Probe.exec(['redis-cli', 'ping']),
    liveness: Probe.tcp('redis'),
  });
  return {
    // The book's Helm chart passes the address in REDIS_SVC_ADDR; it points at this namespace's Service.
    appEnv: { REDIS_SVC_ADDR: redis.address('redis') },
    connect: (ns, app) => ns.allowTraffic({ from: app, to: redis, ports: ['redis'] }),
  };
}
