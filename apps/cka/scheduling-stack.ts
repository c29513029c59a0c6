import { Construct } from 'constructs';
import { AppStack, ExternalSecret, EnvValue, Pod, SecureNamespace } from '../../lib';
import { PLATFORM } from '../eks-platform/platform';
import { IMAGES, SMALL } from './images';

const PAUSE_REASON = 'the pause container does nothing but hold its place; the example is about where it is scheduled';

/**
 * The CKA notes' scheduling examples (seed-003b C1–C12): node selectors, node affinity, pod affinity and
 * anti-affinity, resources and QoS, tolerations, and a pod for a second scheduler.
 */
export class CkaSchedulingStack extends AppStack {
  public constructor(scope: Construct, id: string) {
    super(scope, id);
    const ns = new SecureNamespace(this, 'cka-scheduling', { labels: { ...PLATFORM.secretStoreAccessLabel } });

    // C1 (nodeName: node02) and C2: pinned to nodes by label; `kubernetes.io/hostname` names one node.
    new Pod(ns, 'nginx-on-node02', { image: IMAGES.nginx, ports: [{ name: 'http', port: 8080 }], resources: SMALL, nodeSelector: { 'kubernetes.io/hostname': 'node02' } });
    new Pod(ns, 'nginx', { image: IMAGES.nginx, labels: { env: 'test' }, ports: [{ name: 'http', port: 8080 }], resources: SMALL, nodeSelector: { disktype: 'ssd' } });

    // C3: required zones (ORed values), and a weighted preference.
    new Pod(ns, 'with-node-affinity', {
      image: IMAGES.pause, resources: SMALL, withoutProbes: { reason: PAUSE_REASON },
      nodeAffinity: {
        required: [[{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['e2e-az1', 'e2e-az2'] }]],
        preferred: [{ weight: 1, requirements: [{ key: 'another-node-label-key', operator: 'In', values: ['another-node-label-value'] }] }],
      },
    });

    // C4: near pods labelled security=S1 (same zone), preferably apart from security=S2.
    new Pod(ns, 'with-pod-affinity', {
      image: IMAGES.pause, resources: SMALL, withoutProbes: { reason: PAUSE_REASON },
      podAffinity: { required: [{ labels: { security: 'S1' }, topologyKey: 'topology.kubernetes.io/zone' }] },
      podAntiAffinity: { preferred: [{ weight: 100, term: { labels: { security: 'S2' }, topologyKey: 'topology.kubernetes.io/zone' } }] },
    });

    // C5 + C6 (+ C7: Burstable QoS, requests below limits): two containers with the notes' resources. The root
    // password comes from Secrets Manager instead of a literal.
    const mysql = new ExternalSecret(ns, 'frontend-mysql', { data: { MYSQL_ROOT_PASSWORD: { key: 'cka/frontend-mysql', property: 'root-password' } } });
    const resources = { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } };
    new Pod(ns, 'frontend', {
      image: IMAGES.companyApp, containerName: 'app', resources, withoutProbes: { reason: 'the notes show no port or health endpoint for these images' },
      env: { MYSQL_ROOT_PASSWORD: EnvValue.fromSecret(mysql, 'MYSQL_ROOT_PASSWORD') },
      sidecars: [{ name: 'log-aggregator', image: IMAGES.logAggregator, ports: [], resources }],
    });

    // C9: tolerations: an exact taint, any value of a key, and NoExecute taints tolerated for a while.
    new Pod(ns, 'nginx-tolerant', {
      image: IMAGES.nginx, ports: [{ name: 'http', port: 8080 }], resources: SMALL,
      tolerations: [
        { key: 'key1', operator: 'Equal', value: 'value1', effect: 'NoSchedule' },
        { key: 'example-key', operator: 'Exists', effect: 'NoSchedule' },
        { key: 'node-type', operator: 'Equal', value: 'production', effect: 'NoExecute', tolerationSeconds: 3600 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 6000 },
      ],
    });

    // C12: a pod placed by the second scheduler `my-scheduler`.
    new Pod(ns, 'annotation-second-scheduler', {
      image: IMAGES.pause, resources: SMALL, withoutProbes: { reason: PAUSE_REASON }, schedulerName: 'my-scheduler',
    });
  }
}
