import { Chart } from 'cdk8s';
import { OperatorBundle, OperatorBundleProps, operatorRules } from '../../../lib/extension/operator-bundle';
import { Manifest } from '../../../lib/output/manifest';
import { runPolicy } from '../../../lib/policy/engine';
import { annotationSuppressions } from '../../../lib/policy/suppressions';
import { kubernetesTarget } from '../../../lib/policy/targets';
import { NetworkPeer } from '../../../lib/networking/network-peer';
import { restrictedViolations } from '../../helpers/pod-security';
import { all, find, synth } from '../../helpers/synth';
import { CustomResourceDefinition } from '../../../lib/extension/custom-resource-definition';
import { cronTab, delayedJob, delayedJobV2Props } from './crd-fixtures';

const IMAGE = 'ghcr.io/acme/delayed-job-operator:0.1.0';
const API_SERVER = { cidrs: ['10.0.0.0/16'] };

function bundle(props: Partial<OperatorBundleProps> = {}, withCronTab = false): Manifest[] {
  return synth((s: Chart) => new OperatorBundle(s, 'operator', {
    name: 'delayed-job', image: IMAGE, kinds: withCronTab ? [delayedJob(s), cronTab(s)] : [delayedJob(s)],
    owns: [{ apiGroup: 'batch', resource: 'jobs' }], apiServer: API_SERVER, ...props,
  }));
}

function findings(out: Manifest[]): string[] {
  const targets = out.map((m) => kubernetesTarget(m));
  return runPolicy(targets, { suppressions: annotationSuppressions(targets) }).findings.map((f) => `${f.checkId} ${f.object}: ${f.message}`);
}

describe('OperatorBundle', () => {
  test('lays the operator out as operator-sdk does: <name>-system, <name>-controller-manager, metrics Service, budget', () => {
    const out = bundle();
    expect(find(out, 'Namespace', 'delayed-job-system').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    const deployment = find(out, 'Deployment', 'delayed-job-controller-manager');
    expect(deployment.metadata.namespace).toBe('delayed-job-system');
    expect(deployment.spec.replicas).toBe(2);
    const container = deployment.spec.template.spec.containers[0];
    expect(container.image).toBe(IMAGE);
    expect(container.ports).toEqual([
      { name: 'metrics', containerPort: 8080, protocol: 'TCP' },
      { name: 'health', containerPort: 8081, protocol: 'TCP' },
    ]);
    expect(container.livenessProbe.httpGet).toEqual(expect.objectContaining({ path: '/healthz', port: 'health' }));
    expect(container.readinessProbe.httpGet).toEqual(expect.objectContaining({ path: '/readyz', port: 'health' }));
    const service = find(out, 'Service', 'delayed-job-controller-manager-metrics');
    expect(service.spec.ports).toEqual([{ name: 'metrics', port: 8080, targetPort: 8080, protocol: 'TCP' }]);
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    expect(find(out, 'PodDisruptionBudget', 'delayed-job-controller-manager').spec.selector).toEqual(deployment.spec.selector);
    expect(restrictedViolations(out)).toEqual([]);
    expect(findings(out)).toEqual([]);
  });

  test('the controller gets a token and a ClusterRole derived from its kinds, rule by rule', () => {
    const out = bundle({ watches: [{ apiGroup: '', resource: 'configmaps' }] });
    const role = find(out, 'ClusterRole', 'delayed-job-system-delayed-job-controller-manager-api-access');
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
      { apiGroups: ['delayedresources.mydomain.com'], resources: ['delayedjobs'], verbs: ['get', 'list', 'watch', 'update', 'patch'] },
      { apiGroups: ['delayedresources.mydomain.com'], resources: ['delayedjobs/finalizers'], verbs: ['update'] },
      { apiGroups: ['delayedresources.mydomain.com'], resources: ['delayedjobs/status'], verbs: ['get', 'update', 'patch'] },
    ]);
    const binding = find(out, 'ClusterRoleBinding', 'delayed-job-system-delayed-job-controller-manager-api-access');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.metadata.name });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'delayed-job-controller-manager', namespace: 'delayed-job-system' }]);
    // Leader election: a Role on leases in the operator's namespace.
    const election = find(out, 'Role', 'delayed-job-controller-manager-leader-election');
    expect(election.metadata.namespace).toBe('delayed-job-system');
    expect(election.rules[0]).toEqual(expect.objectContaining({ apiGroups: ['coordination.k8s.io'], resources: ['leases'] }));
    const pod = find(out, 'Deployment', 'delayed-job-controller-manager').spec.template.spec;
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.volumes.map((v: any) => v.name)).toContain('kube-api-access');
  });

  test('a NetworkPolicy lets the controller reach the API server; metrics only from the named scrapers', () => {
    const out = bundle({ metricsScrapers: NetworkPeer.namespace('monitoring') });
    const egress = all(out, 'NetworkPolicy').find((p) => p.spec.egress?.some((e: any) => e.to?.some((t: any) => t.ipBlock?.cidr === '10.0.0.0/16')));
    expect(egress).toBeDefined();
    expect(egress.spec.egress.flatMap((e: any) => e.ports ?? [])).toEqual([{ port: 443, protocol: 'TCP' }]);
    const ingress = all(out, 'NetworkPolicy').filter((p) => p.spec.ingress?.length > 0);
    expect(ingress.map((p) => p.spec.ingress)).toEqual([[{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
      ports: [{ port: 8080, protocol: 'TCP' }],
    }]]);
    expect(ingress[0].spec.podSelector).toEqual({ matchLabels: { app: 'delayed-job-controller-manager' } });
    // Without scrapers, nothing may reach the metrics port.
    expect(all(bundle(), 'NetworkPolicy').filter((p) => p.spec.ingress?.length > 0)).toEqual([]);
  });

  test('two kinds, no leader election: one replica, rules for both groups, no lease Role', () => {
    const out = bundle({ leaderElection: false }, true);
    expect(find(out, 'Deployment', 'delayed-job-controller-manager').spec.replicas).toBe(1);
    expect(all(out, 'Role').filter((r) => r.metadata.name.endsWith('leader-election'))).toEqual([]);
    const groups = find(out, 'ClusterRole', 'delayed-job-system-delayed-job-controller-manager-api-access').rules.map((r: any) => r.apiGroups[0]);
    expect(new Set(groups)).toEqual(new Set(['batch', 'delayedresources.mydomain.com', 'stable.example.com']));
  });

  test('a kind both watched and owned gets the owner\'s verbs once', () => {
    const rules = operatorRules([], [{ apiGroup: 'batch', resource: 'jobs' }], [{ apiGroup: 'batch', resource: 'jobs' }]);
    expect(rules).toEqual([{ apiGroup: 'batch', resources: ['jobs'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] }]);
  });

  test('serves its CRDs\' conversion webhook: Service, certificate from a private CA, mount, ingress from the API server', () => {
    const out = synth((s: Chart) => {
      const crd = new CustomResourceDefinition(s, 'delayed-jobs', { ...delayedJobV2Props(), conversion: OperatorBundle.conversionWebhook('delayed-job') });
      new OperatorBundle(s, 'operator', { name: 'delayed-job', image: IMAGE, kinds: [crd], apiServer: API_SERVER, conversionWebhook: {} });
    });
    const crd = find(out, 'CustomResourceDefinition', 'delayedjobs.delayedresources.mydomain.com');
    expect(crd.spec.conversion).toEqual({ strategy: 'Webhook', webhook: {
      clientConfig: { service: { name: 'delayed-job-webhook-service', namespace: 'delayed-job-system', path: '/convert', port: 443 } },
      conversionReviewVersions: ['v1'],
    } });
    expect(crd.metadata.annotations['cert-manager.io/inject-ca-from']).toBe('delayed-job-system/delayed-job-serving-cert');
    const service = find(out, 'Service', 'delayed-job-webhook-service');
    expect(service.metadata.namespace).toBe('delayed-job-system');
    expect(service.spec.ports).toEqual([{ name: 'webhook', port: 443, targetPort: 9443, protocol: 'TCP' }]);
    const cert = find(out, 'Certificate', 'delayed-job-serving-cert');
    expect(cert.metadata.namespace).toBe('delayed-job-system');
    expect(cert.spec.secretName).toBe('delayed-job-webhook-server-cert');
    expect(cert.spec.dnsNames).toEqual(['delayed-job-webhook-service.delayed-job-system.svc', 'delayed-job-webhook-service.delayed-job-system.svc.cluster.local']);
    const pod = find(out, 'Deployment', 'delayed-job-controller-manager').spec.template.spec;
    expect(pod.containers[0].ports).toContainEqual({ name: 'webhook', containerPort: 9443, protocol: 'TCP' });
    const mount = pod.containers[0].volumeMounts.find((m: any) => m.mountPath === '/tmp/k8s-webhook-server/serving-certs');
    expect(mount.readOnly).toBe(true);
    expect(pod.volumes.find((v: any) => v.name === mount.name).secret.secretName).toBe('delayed-job-webhook-server-cert');
    const fromApi = all(out, 'NetworkPolicy').filter((p) => p.spec.ingress?.some((i: any) => i.from?.some((f: any) => f.ipBlock?.cidr === '10.0.0.0/16')));
    expect(fromApi.map((p) => p.spec.ingress[0].ports)).toEqual([[{ port: 9443, protocol: 'TCP' }]]);
    expect(findings(out)).toEqual([]);
  });
});
