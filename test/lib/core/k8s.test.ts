import { ApiObject, JsonPatch } from 'cdk8s';
import { KubeCronJob, KubeDeployment, KubeService, KubeStatefulSet, containerJson, k8s } from '../../../lib/core/k8s';
import { find, synth } from '../../helpers/synth';

const container = (name: string, extra: object = {}) => ({ name, image: 'ghcr.io/acme/app:1.0.0', ...extra });

describe('the Kubernetes seam (lib/core/k8s.ts)', () => {
  test('JSON patches apply to the final JSON: fields the 1.27 types lack survive, plain quantities are not nulled', () => {
    const out = synth((s) => {
      ApiObject.of(new KubeService(s, 'svc', { metadata: { name: 'web', namespace: 'shop' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } }))
        .addJsonPatch(JsonPatch.add('/spec/trafficDistribution', 'PreferClose'));
      ApiObject.of(new KubeStatefulSet(s, 'db', {
        metadata: { name: 'db', namespace: 'shop' },
        spec: { serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [container('db')] } } },
      })).addJsonPatch(JsonPatch.add('/spec/volumeClaimTemplates', [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } } } }]));
    });
    expect(find(out, 'Service', 'web').spec.trafficDistribution).toBe('PreferClose');
    expect(find(out, 'StatefulSet', 'db').spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('20Gi');
  });

  test('a Service takes the 1.32 trafficDistribution typed, without a patch', () => {
    const out = synth((s) => {
      new KubeService(s, 'svc', { metadata: { name: 'api', namespace: 'shop' }, spec: { selector: { app: 'api' }, ports: [{ port: 80 }], trafficDistribution: 'PreferClose' } });
      new KubeService(s, 'plain', { metadata: { name: 'plain', namespace: 'shop' }, spec: { selector: { app: 'api' }, ports: [{ port: 80 }] } });
    });
    expect(find(out, 'Service', 'api').spec.trafficDistribution).toBe('PreferClose');
    expect(find(out, 'Service', 'plain').spec).not.toHaveProperty('trafficDistribution');
  });

  test('native sidecars (restartPolicy Always on an init container) and sleep hooks are written, in every pod-bearing kind', () => {
    const spec = {
      initContainers: [container('proxy', { restartPolicy: 'Always' as const })],
      containers: [container('app', { lifecycle: { preStop: { sleep: { seconds: 5 } }, postStart: { exec: { command: ['true'] } } } })],
    };
    const out = synth((s) => {
      new KubeDeployment(s, 'web', { metadata: { name: 'web', namespace: 'shop' }, spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec } } });
      new KubeCronJob(s, 'nightly', { metadata: { name: 'nightly', namespace: 'shop' }, spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { ...spec, restartPolicy: 'OnFailure' } } } } } });
    });
    for (const pod of [find(out, 'Deployment', 'web').spec.template.spec, find(out, 'CronJob', 'nightly').spec.jobTemplate.spec.template.spec]) {
      expect(pod.initContainers[0]).toMatchObject({ name: 'proxy', restartPolicy: 'Always' });
      expect(pod.containers[0].lifecycle).toEqual({ preStop: { sleep: { seconds: 5 } }, postStart: { exec: { command: ['true'] } } });
      expect(pod.containers[0].restartPolicy).toBeUndefined();
    }
  });

  test('containerJson renders one container with the 1.32 fields, for custom resources that embed it', () => {
    const json = containerJson({ ...container('app'), ports: [{ containerPort: 8080 }], restartPolicy: 'Always', resources: { limits: { cpu: k8s.Quantity.fromString('1') } } });
    expect(json).toMatchObject({ name: 'app', ports: [{ containerPort: 8080 }], restartPolicy: 'Always', resources: { limits: { cpu: '1' } } });
  });
});
