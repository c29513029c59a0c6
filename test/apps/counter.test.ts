import { counterApps } from '../../apps/counter';
import { eksPlatformApp } from '../../apps/eks-platform';
import { Manifest } from '../../lib/output/manifest';
import { PLATFORM } from '../../apps/eks-platform/platform';
import { podSpecOf, restrictedViolations } from '../helpers/pod-security';
import { DNS_EGRESS, allowedEgress, allowedIngress, synthYaml } from '../helpers/app-output';
import { all, find } from '../helpers/synth';

function synthCounter(name: string): Manifest[] {
  return synthYaml(counterApps.find((a) => a.name === name)!);
}

const FROM_INGRESS_NGINX = {
  from: [{
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
    podSelector: { matchLabels: { 'app.kubernetes.io/component': 'controller', 'app.kubernetes.io/name': 'ingress-nginx' } },
  }],
  ports: [{ port: 8080, protocol: 'TCP' }],
};

const platformYaml = synthYaml(eksPlatformApp);
const claimClass = (sts: any): string => sts.spec.volumeClaimTemplates[0].spec.storageClassName;

describe.each([
  { variant: 'redis', flavour: 'redis' },
  { variant: 'elasticache', flavour: 'redis' },
  { variant: 'mysql', flavour: 'mysql' },
])('counter app with $variant', ({ variant, flavour }) => {
  const ns = `counter-${variant}`;
  const appName = `kubernetes-test-ha-application-with-${flavour}`;
  const out = synthCounter(ns);
  const deployment = find(out, 'Deployment', `${appName}-deployment`);
  const appPod = deployment.spec.template.spec;
  const appContainer = appPod.containers[0];

  test('everything lives in its own namespace, locked down at Pod Security "restricted"', () => {
    const namespace = find(out, 'Namespace', ns);
    expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    for (const m of out.filter((o) => o.kind !== 'Namespace')) {
      expect(`${m.kind}/${m.metadata.name} in ${m.metadata.namespace}`).toBe(`${m.kind}/${m.metadata.name} in ${ns}`);
    }
    for (const m of out.filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind))) {
      expect(restrictedViolations(podSpecOf(m))).toEqual([]);
    }
    const deny = find(out, 'NetworkPolicy', 'default-deny');
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [], egress: [] });
  });

  test('the app: the book image, three replicas, port 8080, Service 80 -> 8080', () => {
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.spec.selector.matchLabels).toEqual({ app: appName });
    expect(appContainer.name).toBe(appName);
    expect(appContainer.image).toBe(`packtworkshops/the-kubernetes-workshop:demo-app-with-${flavour}`);
    expect(appContainer.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    const service = find(out, 'Service', appName);
    expect(service.spec.selector).toEqual({ app: appName });
    expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }]);
    expect(find(out, 'PodDisruptionBudget', appName).spec.maxUnavailable).toBe(1);
    expect(appPod.topologySpreadConstraints.map((c: any) => c.topologyKey)).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
  });

  test('probes use TCP 8080, never the state-changing /get-number, which is declared for the policy checks', () => {
    for (const probe of [appContainer.readinessProbe, appContainer.livenessProbe]) {
      expect(probe.tcpSocket).toEqual({ port: 'http' });
      expect(probe.httpGet).toBeUndefined();
    }
    expect(deployment.metadata.annotations).toEqual({ 'keelson.dev/mutating-paths': '/get-number' });
  });

  // counter-mysql is published through the Gateway API instead (see its own tests below).
  if (variant !== 'mysql') test('counter.com is served through the ingress controller with TLS, and only the controller reaches the app', () => {
    const ingress = find(out, 'Ingress', appName);
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.spec.rules).toEqual([{
      host: 'counter.com',
      http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: appName, port: { number: 80 } } } }] },
    }]);
    expect(ingress.spec.tls).toEqual([{ hosts: ['counter.com'], secretName: 'counter-com-tls' }]);
    expect(ingress.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' });
    expect(allowedIngress(out, deployment.spec.template.metadata.labels)).toEqual([FROM_INGRESS_NGINX]);
  });

  test('images are pinned and no Secret value is in the output', () => {
    for (const m of out.filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind))) {
      for (const c of podSpecOf(m).containers) {
        expect(c.image).toMatch(/:[\w][\w.-]*$/);
        expect(c.image).not.toMatch(/:latest$/);
        for (const e of c.env ?? []) {
          if (/PASSWORD|CONN_STRING/.test(e.name)) {
            expect(e.value).toBeUndefined();
          }
        }
      }
    }
    expect(all(out, 'Secret')).toEqual([]);
  });

  test('namespaces that read AWS secrets carry the platform\'s secret-store label, and only those', () => {
    const labels = find(out, 'Namespace', ns).metadata.labels;
    const usesSecrets = all(out, 'ExternalSecret').length > 0;
    expect(usesSecrets).toBe(variant === 'mysql');
    for (const [k, v] of Object.entries(PLATFORM.secretStoreAccessLabel)) {
      expect(labels[k]).toBe(usesSecrets ? v : undefined);
    }
  });
});

describe.each([
  { variant: 'redis', store: 'redis', port: 6379 },
  { variant: 'mysql', store: 'mysql', port: 3306 },
])('in-cluster store of the $variant variant', ({ variant, store, port }) => {
  const out = synthCounter(`counter-${variant}`);
  const appName = `kubernetes-test-ha-application-with-${variant}`;
  const sts = find(out, 'StatefulSet', store);

  test('only the app reaches the store; the store reaches nothing but DNS', () => {
    const storeLabels = sts.spec.template.metadata.labels;
    const appLabels = find(out, 'Deployment', `${appName}-deployment`).spec.template.metadata.labels;
    expect(allowedIngress(out, storeLabels)).toEqual([{
      from: [{ podSelector: { matchLabels: { app: appName } } }],
      ports: [{ port, protocol: 'TCP' }],
    }]);
    expect(allowedEgress(out, appLabels)).toEqual(expect.arrayContaining([DNS_EGRESS, { to: [{ podSelector: { matchLabels: { app: store } } }], ports: [{ port, protocol: 'TCP' }] }]));
    expect(allowedEgress(out, appLabels)).toHaveLength(2);
    expect(allowedEgress(out, storeLabels)).toEqual([DNS_EGRESS]);
  });

  test('a StatefulSet with a headless governing Service, a client Service and retained data on the platform\'s gp3 class', () => {
    expect(find(out, 'Service', sts.spec.serviceName).spec.clusterIP).toBe('None');
    const client = find(out, 'Service', store);
    expect(client.spec.ports).toEqual([{ name: store, port, targetPort: port, protocol: 'TCP' }]);
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(sts.spec.replicas).toBe(1);
    expect(find(out, 'PodDisruptionBudget', store).spec.maxUnavailable).toBe(1);
    const c = sts.spec.template.spec.containers[0];
    expect(c.readinessProbe).toBeDefined();
    expect(c.livenessProbe.tcpSocket).toEqual({ port: store });
    expect(Object.keys(c.resources).sort()).toEqual(['limits', 'requests']);
    for (const claim of sts.spec.volumeClaimTemplates) {
      expect(claim.spec.storageClassName).toBe(PLATFORM.storageClass);
    }
    // The class the claims name is the platform's: gp3, encrypted, WaitForFirstConsumer, Retain.
    const storageClass = find(platformYaml, 'StorageClass', claimClass(sts));
    expect(storageClass).toMatchObject({
      provisioner: 'ebs.csi.aws.com', reclaimPolicy: 'Retain', volumeBindingMode: 'WaitForFirstConsumer',
      parameters: { type: 'gp3', encrypted: 'true' },
    });
  });
});

describe('counter app with redis (ch. 12)', () => {
  const out = synthCounter('counter-redis');

  test('redis 7 on 6379 in container "master", with its data on a volume; the app gets REDIS_SVC_ADDR', () => {
    const sts = find(out, 'StatefulSet', 'redis');
    const c = sts.spec.template.spec.containers[0];
    expect(c.name).toBe('master');
    expect(c.image).toBe('redis:7.4.2');
    expect(c.ports).toEqual([{ name: 'redis', containerPort: 6379, protocol: 'TCP' }]);
    expect(c.resources.requests).toEqual({ cpu: '100m', memory: '100Mi' });
    expect(c.args).toEqual(['--appendonly', 'yes', '--dir', '/data']);
    expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('1Gi');
    const app = find(out, 'Deployment', 'kubernetes-test-ha-application-with-redis-deployment').spec.template.spec.containers[0];
    expect(app.env).toEqual([{ name: 'REDIS_SVC_ADDR', value: 'redis.counter-redis.svc:6379' }]);
  });
});

describe('counter app with mysql (ch. 14)', () => {
  test('counter.com is served through a Gateway (Envoy Gateway): HTTPS with a cert-manager certificate, HTTP only redirects, and only the Gateway\'s proxies reach the app', () => {
    const out = synthCounter('counter-mysql');
    const appName = 'kubernetes-test-ha-application-with-mysql';
    expect(out.filter((m) => m.kind === 'Ingress')).toEqual([]);
    const gateway = find(out, 'Gateway', 'counter');
    expect(gateway.spec.gatewayClassName).toBe('eg');
    expect(gateway.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' });
    expect(gateway.spec.listeners.map((l: any) => [l.name, l.protocol, l.port, l.hostname, l.tls?.certificateRefs])).toEqual([
      ['http', 'HTTP', 80, undefined, undefined],
      ['https', 'HTTPS', 443, 'counter.com', [{ kind: 'Secret', name: 'counter-com-tls' }]],
    ]);
    const route = find(out, 'HTTPRoute', appName);
    expect(route.spec).toEqual({
      hostnames: ['counter.com'],
      parentRefs: [{ name: 'counter', sectionName: 'https' }],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: appName, port: 80 }] }],
    });
    expect(find(out, 'HTTPRoute', 'counter-https-redirect').spec.rules[0].filters).toEqual([{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }]);
    const podLabels = find(out, 'Deployment', `${appName}-deployment`).spec.template.metadata.labels;
    expect(allowedIngress(out, podLabels)).toEqual([{
      from: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'envoy-gateway-system' } },
        podSelector: {
          matchLabels: {
            'app.kubernetes.io/name': 'envoy', 'app.kubernetes.io/component': 'proxy', 'app.kubernetes.io/managed-by': 'envoy-gateway',
            'gateway.envoyproxy.io/owning-gateway-name': 'counter', 'gateway.envoyproxy.io/owning-gateway-namespace': 'counter-mysql',
          },
        },
      }],
      ports: [{ port: 8080, protocol: 'TCP' }],
    }]);
  });

  const out = synthCounter('counter-mysql');
  const sts = find(out, 'StatefulSet', 'mysql');
  const c = sts.spec.template.spec.containers[0];

  test('a MySQL 8.4 StatefulSet "mysql" with a 10Gi claim "data" at /var/lib/mysql and database db1', () => {
    expect(c.image).toMatch(/^mysql:8\.4\.\d+$/);
    expect(sts.spec.replicas).toBe(1);
    expect(sts.spec.serviceName).toBe('mysql-headless');
    expect(sts.spec.volumeClaimTemplates).toEqual([{
      metadata: { name: 'data', labels: { app: 'mysql' } },
      spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'gp3', resources: { requests: { storage: '10Gi' } } },
    }]);
    expect(c.volumeMounts).toContainEqual({ name: 'data', mountPath: '/var/lib/mysql', subPath: 'mysql' });
    expect(c.env).toEqual([{ name: 'MYSQL_DATABASE', value: 'db1' }]);
    expect(c.resources.requests).toEqual({ cpu: '500m', memory: '1Gi' });
  });

  test('credentials come from AWS Secrets Manager through External Secrets, never as values', () => {
    expect(c.envFrom).toEqual([{ secretRef: { name: 'mysql-credentials', optional: false } }]);
    const creds = find(out, 'ExternalSecret', 'mysql-credentials');
    expect(creds.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'aws-secrets-manager' });
    expect(creds.spec.data.map((d: any) => [d.secretKey, d.remoteRef])).toEqual([
      ['MYSQL_PASSWORD', { key: 'counter/mysql', property: 'password' }],
      ['MYSQL_ROOT_PASSWORD', { key: 'counter/mysql', property: 'root-password' }],
      ['MYSQL_USER', { key: 'counter/mysql', property: 'username' }],
    ]);
  });

  test('the app reads the DSN CONN_STRING from the Secret mysql-secret-config, built in the cluster', () => {
    const app = find(out, 'Deployment', 'kubernetes-test-ha-application-with-mysql-deployment').spec.template.spec.containers[0];
    expect(app.env).toEqual([
      { name: 'CONN_STRING', valueFrom: { secretKeyRef: { name: 'mysql-secret-config', key: 'CONN_STRING', optional: false } } },
    ]);
    const dsn = find(out, 'ExternalSecret', 'mysql-secret-config');
    expect(dsn.spec.target.template.data).toEqual({ CONN_STRING: '{{ .username }}:{{ .password }}@tcp(mysql.counter-mysql.svc:3306)/db1' });
  });

  test('mysqld gets writable socket and temp directories on a read-only root', () => {
    expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(c.securityContext.runAsUser).toBe(999);
    expect(c.volumeMounts.map((m: any) => m.mountPath).sort()).toEqual(['/tmp', '/var/lib/mysql', '/var/run/mysqld']);
    expect(c.startupProbe.exec.command[0]).toBe('mysqladmin');
  });
});

describe('counter app with ElastiCache (Activity 12.01)', () => {
  const out = synthCounter('counter-elasticache');
  const app = find(out, 'Deployment', 'kubernetes-test-ha-application-with-redis-deployment');

  test('no Redis in the cluster; the app reaches ElastiCache as redis:6379, an ExternalName for the stable name Terraform keeps current', () => {
    expect(all(out, 'StatefulSet')).toEqual([]);
    expect(all(out, 'ExternalSecret')).toEqual([]);
    expect(app.spec.template.spec.containers[0].env).toEqual([{ name: 'REDIS_SVC_ADDR', value: 'redis:6379' }]);
    expect(find(out, 'Service', 'redis').spec).toEqual({
      type: 'ExternalName', externalName: `${PLATFORM.redisAlias}.${PLATFORM.privateZone}`, ports: [{ name: 'redis', port: 6379, protocol: 'TCP' }],
    });
  });

  test('the app may leave the namespace only for DNS and Redis on 6379 inside the VPC', () => {
    expect(allowedEgress(out, app.spec.template.metadata.labels)).toEqual(expect.arrayContaining([
      DNS_EGRESS,
      { to: [{ ipBlock: { cidr: PLATFORM.vpcCidr } }], ports: [{ port: 6379, protocol: 'TCP' }] },
    ]));
    expect(allowedEgress(out, app.spec.template.metadata.labels)).toHaveLength(2);
  });
});
