import { Construct } from 'constructs';
import { AppStack, PersistentVolumeClaim, Pod, SecureNamespace, Volume, Worker } from '../../lib';
import { PLATFORM } from '../eks-platform/platform';
import { IMAGES, SMALL } from './images';

/**
 * The CKA notes' namespace examples (seed-003b K38 and the LimitRanger and ResourceQuota admission plugins of K20):
 * Pod Security per mode, and a team namespace whose quota and default limits govern what its pods may use.
 */
export class CkaNamespacesStack extends AppStack {
  public constructor(scope: Construct, id: string) {
    super(scope, id);

    // K38: enforce "baseline" (pinned to v1.23), and audit and warn about what "restricted" would refuse.
    const baseline = new SecureNamespace(this, 'my-baseline-namespace', {
      podSecurity: {
        enforce: { level: 'baseline', version: 'v1.23' },
        audit: { level: 'restricted', version: 'v1.23' },
        warn: { level: 'restricted', version: 'v1.23' },
      },
      weakerPodSecurity: { reason: 'the notes\' example: baseline enforced while teams move to restricted, which is audited and warned about' },
    });
    // Its pods meet "restricted" all the same (keelson's defaults), so nothing is audited or warned about.
    new Pod(baseline, 'nginx', { image: IMAGES.nginx, ports: [{ name: 'http', port: 8080 }], resources: SMALL });

    // K20: what the LimitRanger and ResourceQuota admission plugins enforce, for a team namespace: a total budget
    // (no load balancers or node ports: the team publishes through the platform's Gateway), defaults for containers
    // that set nothing, bounds for containers and claims, and at most 50Gi of the platform's gp3 volumes.
    const team = new SecureNamespace(this, 'team-a', {
      resourceQuota: {
        compute: { requests: { cpu: '4', memory: '8Gi' }, limits: { cpu: '8', memory: '16Gi' } },
        storage: { persistentVolumeClaims: 10, storageClasses: { [PLATFORM.storageClass]: { requests: '50Gi', persistentVolumeClaims: 5 } } },
        objects: { pods: 40, services: 10, servicesLoadBalancers: 0, servicesNodePorts: 0, secrets: 30, configMaps: 30, count: { 'deployments.apps': 20 } },
      },
      limitRange: {
        container: {
          default: { cpu: '500m', memory: '512Mi' },
          defaultRequest: { cpu: '100m', memory: '128Mi' },
          min: { cpu: '10m', memory: '16Mi' },
          max: { cpu: '2', memory: '4Gi' },
        },
        persistentVolumeClaim: { min: '1Gi', max: '20Gi' },
      },
    });
    const data = new PersistentVolumeClaim(team, 'reports-data', { size: '5Gi', storageClassName: PLATFORM.storageClass });
    new Worker(team, 'reports', {
      image: IMAGES.nginx, ports: [{ name: 'http', port: 8080 }], resources: SMALL,
      // A ReadWriteOnce claim: one writer at a time, replaced by stopping it first.
      replicas: 1, strategy: { type: 'Recreate' },
      volumes: { data: Volume.claim(data) }, volumeMounts: [{ volume: 'data', path: '/usr/share/nginx/html' }],
    });
  }
}
