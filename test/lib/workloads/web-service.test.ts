import { ExistingSecret } from '../../../lib/security/secret-source';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { IngressController } from '../../../lib/networking/ingress-controller';
import { IngressTls } from '../../../lib/networking/ingress-tls';
import { EnvValue } from '../../../lib/workloads/env-value';
import { WRITABLE_ROOT_ANNOTATION } from '../../../lib/core/annotations';
import { Probe } from '../../../lib/workloads/probe';
import { WebService, WebServiceProps } from '../../../lib/workloads/web-service';
import { all, find, synth } from '../../helpers/synth';

const IMAGE = 'ghcr.io/example/web:1.2.3';

function web(props: Partial<WebServiceProps> = {}) {
  return synth((stack) => {
    const ns = new SecureNamespace(stack, 'shop');
    new WebService(ns, 'web', { image: IMAGE, ...props });
  });
}

describe('WebService defaults', () => {
  const out = web();
  const deployment = find(out, 'Deployment', 'web');
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];

  test('a Deployment, a ClusterIP Service 80 -> 8080, a ServiceAccount and a PDB in the namespace', () => {
    expect(deployment.metadata.namespace).toBe('shop');
    expect(deployment.spec.replicas).toBe(2);
    const service = find(out, 'Service', 'web');
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.selector).toEqual({ app: 'web' });
    expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }]);
    expect(container.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    expect(find(out, 'ServiceAccount', 'web').automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBe('web');
    const pdb = find(out, 'PodDisruptionBudget', 'web');
    expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { app: 'web' } }, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
    expect(all(out, 'Ingress')).toHaveLength(0);
    expect(all(out, 'HorizontalPodAutoscaler')).toHaveLength(0);
  });

  test('the selector matches the pod labels', () => {
    expect(deployment.spec.selector.matchLabels).toEqual({ app: 'web' });
    expect(deployment.spec.template.metadata.labels).toMatchObject({ 'app': 'web', 'app.kubernetes.io/name': 'web' });
  });

  test('containers pass Pod Security "restricted" with a read-only root file system', () => {
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsGroup: 65532,
      runAsNonRoot: true,
      runAsUser: 65532,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, fsGroup: 65532 });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } }]);
    expect(container.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
  });

  test('readiness and liveness probe the port with different timing; resources are bounded', () => {
    expect(container.readinessProbe.tcpSocket).toEqual({ port: 'http' });
    expect(container.livenessProbe.tcpSocket).toEqual({ port: 'http' });
    expect(container.readinessProbe).not.toEqual(container.livenessProbe);
    expect(container.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
  });

  test('rolling updates never take a pod away before its replacement is ready', () => {
    expect(deployment.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
  });

  test('two replicas are spread over zones and hosts', () => {
    const keys = pod.topologySpreadConstraints.map((c: any) => [c.topologyKey, c.whenUnsatisfiable, c.labelSelector.matchLabels]);
    expect(keys).toEqual([
      ['topology.kubernetes.io/zone', 'ScheduleAnyway', { app: 'web' }],
      ['kubernetes.io/hostname', 'DoNotSchedule', { app: 'web' }],
    ]);
  });
});

describe('WebService options', () => {
  test('a single replica is not spread', () => {
    const pod = find(web({ replicas: 1 }), 'Deployment', 'web').spec.template.spec;
    expect(pod.topologySpreadConstraints).toBeUndefined();
  });

  test('Ingress with class, host, path and TLS from a named secret', () => {
    const out = web({ ingress: { host: 'shop.example.com', path: '/api', controller: IngressController.TRAEFIK, tls: IngressTls.fromSecret('shop-tls') } });
    const ingress = find(out, 'Ingress', 'web');
    expect(ingress.spec.ingressClassName).toBe('traefik');
    expect(ingress.spec.rules).toEqual([{
      host: 'shop.example.com',
      http: { paths: [{ path: '/api', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] },
    }]);
    expect(ingress.spec.tls).toEqual([{ hosts: ['shop.example.com'], secretName: 'shop-tls' }]);
    expect(ingress.metadata.annotations).toBeUndefined();
  });

  test('Ingress TLS from a cert-manager issuer sets the annotation and a default secret name', () => {
    const out = web({ ingress: { host: 'shop.example.com', controller: IngressController.INGRESS_NGINX, tls: IngressTls.fromCertManager({ issuer: 'ca' }) } });
    const ingress = find(out, 'Ingress', 'web');
    expect(ingress.metadata.annotations).toEqual({ 'cert-manager.io/issuer': 'ca' });
    expect(ingress.spec.tls).toEqual([{ hosts: ['shop.example.com'], secretName: 'web-tls' }]);
  });

  test('autoscaling adds an autoscaling/v2 HPA and leaves replicas to it', () => {
    const out = web({ autoscaling: { minReplicas: 3, maxReplicas: 10, memoryUtilization: 70 } });
    expect(find(out, 'Deployment', 'web').spec.replicas).toBeUndefined();
    const hpa = find(out, 'HorizontalPodAutoscaler', 'web');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 3,
      maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 70 } } }],
    });
    expect(find(out, 'Deployment', 'web').spec.template.spec.topologySpreadConstraints).toHaveLength(2);
  });

  test('autoscaling targets 80 % CPU by default', () => {
    const hpa = find(web({ autoscaling: { maxReplicas: 4 } }), 'HorizontalPodAutoscaler', 'web');
    expect(hpa.spec.minReplicas).toBe(2);
    expect(hpa.spec.metrics[0].resource).toEqual({ name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } });
  });

  test('env from literals, secret keys, the downward API and whole secrets, in name order', () => {
    const db = ExistingSecret.named('db', { keys: ['DB_PASSWORD'] });
    const out = web({
      env: { Z_MODE: 'prod', DB_PASSWORD: EnvValue.fromSecret(db, 'DB_PASSWORD'), POD_NS: EnvValue.fromFieldPath('metadata.namespace') },
      envFromSecrets: [ExistingSecret.named('extra')],
    });
    const container = find(out, 'Deployment', 'web').spec.template.spec.containers[0];
    expect(container.env).toEqual([
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'DB_PASSWORD', optional: false } } },
      { name: 'POD_NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace', apiVersion: 'v1' } } },
      { name: 'Z_MODE', value: 'prod' },
    ]);
    expect(container.envFrom).toEqual([{ secretRef: { name: 'extra', optional: false } }]);
  });

  test('custom probes, resources, user and writable paths', () => {
    const out = web({
      readiness: Probe.http('/healthz', 'http', { periodSeconds: 3 }),
      liveness: Probe.exec(['/bin/check']),
      startup: Probe.tcp(8080),
      resources: { requests: { cpu: '250m' }, limits: { memory: '1Gi' } },
      runAsUser: 1000,
      writablePaths: [{ path: '/var/cache/app', sizeLimit: '1Gi' }],
    });
    const pod = find(out, 'Deployment', 'web').spec.template.spec;
    const c = pod.containers[0];
    expect(c.readinessProbe).toMatchObject({ httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' }, periodSeconds: 3 });
    expect(c.livenessProbe.exec).toEqual({ command: ['/bin/check'] });
    expect(c.startupProbe).toMatchObject({ tcpSocket: { port: 8080 }, failureThreshold: 60 });
    // A request alone also sets the limit, and a limit alone the request.
    expect(c.resources).toEqual({ requests: { cpu: '250m', memory: '1Gi' }, limits: { cpu: '250m', memory: '1Gi' } });
    expect(c.securityContext).toMatchObject({ runAsUser: 1000, runAsGroup: 1000 });
    expect(pod.securityContext.fsGroup).toBe(1000);
    expect(pod.volumes).toEqual([{ name: 'var-cache-app', emptyDir: { sizeLimit: '1Gi' } }]);
  });

  test('a writable root file system needs a reason, which is recorded', () => {
    const out = web({ allowWritableRootFilesystem: { reason: 'legacy image writes to /etc' } });
    const template = find(out, 'Deployment', 'web').spec.template;
    expect(template.spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(false);
    expect(template.metadata.annotations).toEqual({ [WRITABLE_ROOT_ANNOTATION]: 'web: legacy image writes to /etc' });
  });

  test('a PDB can use minAvailable instead', () => {
    const pdb = find(web({ replicas: 3, disruptionBudget: { minAvailable: 2 } }), 'PodDisruptionBudget', 'web');
    expect(pdb.spec.minAvailable).toBe(2);
    expect(pdb.spec.maxUnavailable).toBeUndefined();
  });

  test('the address names the Service DNS name and port', () => {
    synth((stack) => {
      const svc = new WebService(new SecureNamespace(stack, 'shop'), 'web', { image: IMAGE, servicePort: 8081 });
      expect(svc.address).toBe('web.shop.svc:8081');
    });
  });
});
