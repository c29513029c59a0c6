import { ckaApps } from '../../apps/cka';
import { PLATFORM } from '../../apps/eks-platform/platform';
import { synthApp } from '../../lib/testing';
import { allowedIngress } from '../helpers/app-output';
import { SCHEMA_ROOT } from '../helpers/schemas';

/** The CKA networking, storage and namespace apps, each synthesized once, schema-validated and free of errors and warnings. */
const [networking, storage, namespaces] = ['cka-networking', 'cka-storage', 'cka-namespaces'].map((name) => {
  const out = synthApp(ckaApps.find((a) => a.name === name)!);
  out.expectSchemaValid(SCHEMA_ROOT);
  out.expectPolicyClean(true);
  return out;
});

describe('apps/cka: networking (seed-003a N1–N17)', () => {
  const spec = (name: string) => networking.find('Service', name).spec;

  test('N1 ClusterIP 8080 over nginx-deploy, N2 NodePort port "80", N4 node port 30036, N5 an internal NLB for the VPC', () => {
    expect(spec('nginx-deploy')).toEqual({ type: 'ClusterIP', selector: { app: 'nginx-deploy' }, ports: [{ name: 'http', port: 8080, targetPort: 8080, protocol: 'TCP' }] });
    expect(spec('nginx')).toEqual({ type: 'NodePort', selector: { app: 'nginx' }, ports: [{ name: '80', port: 80, targetPort: 8080, protocol: 'TCP' }] });
    expect(spec('hello-world').ports).toEqual([{ name: 'http', port: 8080, targetPort: 8080, protocol: 'TCP', nodePort: 30036 }]);
    const lb = networking.find('Service', 'hello-world-lb');
    expect([lb.spec.type, lb.spec.loadBalancerClass, lb.spec.loadBalancerSourceRanges]).toEqual(['LoadBalancer', 'service.k8s.aws/nlb', [PLATFORM.vpcCidr]]);
    expect(lb.metadata.annotations?.['service.beta.kubernetes.io/aws-load-balancer-scheme']).toBe('internal');
  });

  test('N3 elasticsearch as a selector-less Service and an EndpointSlice; N6 ExternalName; N7 headless', () => {
    expect(spec('elasticsearch').selector).toBeUndefined();
    const slice = networking.find('EndpointSlice', 'elasticsearch-ipv4');
    expect(slice.metadata.labels?.['kubernetes.io/service-name']).toBe('elasticsearch');
    expect(slice.endpoints.map((e: any) => e.addresses[0])).toEqual(['192.168.24.14', '192.168.24.15', '192.168.24.16']);
    expect(slice.ports).toEqual([{ port: 9200, protocol: 'TCP' }]);
    expect(spec('db-service')).toEqual({ type: 'ExternalName', externalName: 'test.database.aws-cn-northeast1b.com', ports: [{ port: 80, protocol: 'TCP' }] });
    expect(spec('nginx-headless')).toMatchObject({ clusterIP: 'None', selector: { app: 'nginx' } });
  });

  test('node ports and the NLB reach the pods from the VPC only', () => {
    const pods = networking.find('Deployment', 'hello-world').spec.template.metadata.labels;
    expect(allowedIngress([...networking.objects], pods)).toEqual([{ from: [{ ipBlock: { cidr: PLATFORM.vpcCidr } }], ports: [{ port: 8080, protocol: 'TCP' }] }]);
  });

  test('N11 wildcard host, N12 fan-out and N16 TLS as v1 Ingresses, certificates from cert-manager', () => {
    const wildcard = networking.find('Ingress', 'ingress-wildcard-host');
    expect(wildcard.spec.rules.map((r: any) => [r.host, r.http.paths[0].path, r.http.paths[0].backend.service.name])).toEqual([
      ['foo.bar.com', '/bar', 'service1'], ['*.foo.com', '/foo', 'service2'],
    ]);
    expect(networking.find('Ingress', 'simple-fanout-example').spec.rules[0].http.paths.map((p: any) => [p.path, p.backend.service.port.number]))
      .toEqual([['/foo', 4200], ['/bar', 8080]]);
    const tls = networking.find('Ingress', 'nginx-test');
    expect(tls.spec.tls).toEqual([{ hosts: ['tls.foo.bar.com'], secretName: 'tls-secret' }]);
    expect(tls.metadata.annotations).toEqual({ 'cert-manager.io/issuer': 'cka-ca' });
  });

  test('N13 rewrite and N14 app-root become Gateway API filters; N17 becomes ClientIP affinity', () => {
    const rewrite = networking.find('HTTPRoute', 'rewrite').spec;
    expect(rewrite.hostnames).toEqual(['rewrite.bar.com']);
    expect(rewrite.rules[0].filters).toEqual([{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } }]);
    const approot = networking.find('HTTPRoute', 'approot').spec.rules;
    expect(approot[0].matches).toEqual([{ path: { type: 'Exact', value: '/' } }]);
    expect(approot[0].filters).toEqual([{ type: 'RequestRedirect', requestRedirect: { path: { type: 'ReplaceFullPath', replaceFullPath: '/app1' }, statusCode: 302 } }]);
    expect(spec('http-svc')).toMatchObject({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 86400 } } });
    expect(networking.find('Gateway', 'gateway').spec.gatewayClassName).toBe('eg');
  });
});

describe('apps/cka: storage (seed-003a S1–S11, seed-003b S3–S5)', () => {
  test('S3 the hostPath volume "manual" (Retain, not the deprecated Recycle) with its reason; S4 NFS 4.2; S10 a local volume on node4', () => {
    const task = storage.find('PersistentVolume', 'task-pv-volume');
    expect(task.spec).toMatchObject({ storageClassName: 'manual', capacity: { storage: '10Gi' }, persistentVolumeReclaimPolicy: 'Retain', hostPath: { path: '/mnt/data' } });
    expect(task.metadata.annotations?.['keelson.dev/host-access-reason']).toContain('lab volume');
    expect(storage.find('PersistentVolume', 'nfs').spec).toMatchObject({ nfs: { server: 'nfs-server.default.svc.cluster.local', path: '/' }, mountOptions: ['nfsvers=4.2'] });
    const local = storage.find('PersistentVolume', 'easemesh-storage-pv-3').spec;
    expect(local.nodeAffinity.required.nodeSelectorTerms).toEqual([{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node4'] }] }]);
    expect(local.persistentVolumeReclaimPolicy).toBe('Delete');
  });

  test('S5 binds to task-pv-volume, S6 selects by labels, S7 mounts the claim; claims are protected from GitOps pruning', () => {
    const claim = storage.find('PersistentVolumeClaim', 'task-pv-claim');
    expect(claim.spec).toMatchObject({ storageClassName: 'manual', volumeName: 'task-pv-volume', resources: { requests: { storage: '3Gi' } } });
    expect(claim.metadata.annotations?.['kustomize.toolkit.fluxcd.io/prune']).toBe('disabled');
    expect(storage.find('PersistentVolumeClaim', 'myclaim').spec.selector).toEqual({
      matchLabels: { release: 'stable' }, matchExpressions: [{ key: 'environment', operator: 'In', values: ['dev'] }],
    });
    const pod = storage.find('Pod', 'task-pv-pod').spec;
    expect(pod.volumes).toContainEqual({ name: 'task-pv-storage', persistentVolumeClaim: { claimName: 'task-pv-claim' } });
  });

  test('S8 EBS through the CSI driver (not the removed in-tree aws-ebs), S9 the GCE classes, S2 hostPath only in a privileged namespace', () => {
    expect(storage.find('StorageClass', 'standard')).toMatchObject({ provisioner: 'ebs.csi.aws.com', reclaimPolicy: 'Retain', mountOptions: ['debug'], volumeBindingMode: 'Immediate' });
    expect(storage.find('StorageClass', 'fast').parameters).toEqual({ type: 'pd-ssd' });
    expect(storage.find('Namespace', 'cka-storage-host').metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(storage.find('Pod', 'test-webserver').spec.volumes.filter((v: any) => v.hostPath).map((v: any) => [v.name, v.hostPath.path, v.hostPath.type]))
      .toEqual([['mydir', '/var/local/aaa', 'DirectoryOrCreate'], ['myfile', '/var/local/aaa/1.txt', 'FileOrCreate']]);
  });

  test('S11 csi-s3: the eight secret parameters name the Secret External Secrets fills; the claim and the nginx pod', () => {
    const s3 = storage.find('StorageClass', 'csi-s3');
    expect(s3.provisioner).toBe('ch.ctrox.csi.s3-driver');
    const secretParams = Object.entries(s3.parameters).filter(([k]) => k.startsWith('csi.storage.k8s.io/'));
    expect(secretParams).toHaveLength(8);
    expect(new Set(secretParams.map(([, v]) => v))).toEqual(new Set(['csi-s3-secret', 'csi-s3']));
    expect(s3.parameters.mounter).toBe('rclone');
    expect(storage.find('ExternalSecret', 'csi-s3-secret').metadata.namespace).toBe('csi-s3');
    expect(storage.find('PersistentVolumeClaim', 'csi-s3-pvc').spec).toMatchObject({ storageClassName: 'csi-s3', resources: { requests: { storage: '5Gi' } } });
  });
});

describe('apps/cka: namespaces (seed-003b K38, K20)', () => {
  test('K38: baseline enforced at v1.23, restricted audited and warned about', () => {
    const labels = namespaces.find('Namespace', 'my-baseline-namespace').metadata.labels;
    expect(Object.fromEntries(Object.entries(labels ?? {}).filter(([k]) => k.startsWith('pod-security.kubernetes.io/')))).toEqual({
      'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/enforce-version': 'v1.23',
      'pod-security.kubernetes.io/audit': 'restricted', 'pod-security.kubernetes.io/audit-version': 'v1.23',
      'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/warn-version': 'v1.23',
    });
  });

  test('K20: the team namespace has a quota (no load balancers or node ports) and default limits its workloads fit', () => {
    const hard = namespaces.find('ResourceQuota', 'resource-quota').spec.hard;
    expect(hard).toMatchObject({ 'requests.cpu': '4', 'limits.memory': '16Gi', 'services.loadbalancers': '0', 'services.nodeports': '0', 'count/deployments.apps': '20' });
    expect(hard[`${PLATFORM.storageClass}.storageclass.storage.k8s.io/requests.storage`]).toBe('50Gi');
    const limits = namespaces.find('LimitRange', 'limit-range').spec.limits;
    expect(limits.find((l: any) => l.type === 'Container').default).toEqual({ cpu: '500m', memory: '512Mi' });
    expect(limits.find((l: any) => l.type === 'PersistentVolumeClaim')).toEqual({ type: 'PersistentVolumeClaim', min: { storage: '1Gi' }, max: { storage: '20Gi' } });
    const reports = namespaces.find('Deployment', 'reports').spec;
    expect([reports.replicas, reports.strategy.type]).toEqual([1, 'Recreate']);
  });
});
