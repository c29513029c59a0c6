import { Construct } from 'constructs';
import { AUTOMOUNT_REASON_ANNOTATION } from '../../../lib/core/annotations';
import { Manifest } from '../../../lib/output/manifest';
import { runPolicy } from '../../../lib/policy/engine';
import { annotationSuppressions } from '../../../lib/policy/suppressions';
import { kubernetesTarget } from '../../../lib/policy/targets';
import { AdmissionWebhook } from '../../../lib/security/admission-webhook';
import { ApiAccess } from '../../../lib/security/api-access';
import { manageAccess, readAccess } from '../../../lib/security/access-rule';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { WebhookTls } from '../../../lib/security/webhook-tls';
import { CronJob } from '../../../lib/workloads/cron-job';
import { DaemonSet } from '../../../lib/workloads/daemon-set';
import { Job } from '../../../lib/workloads/job';
import { Probe } from '../../../lib/workloads/probe';
import { StatefulService } from '../../../lib/workloads/stateful-service';
import { WebService } from '../../../lib/workloads/web-service';
import { Worker, WorkerProps } from '../../../lib/workloads/worker';
import { restrictedViolations } from '../../helpers/pod-security';
import { expectSchemaValid } from '../../helpers/schemas';
import { all, find, synth } from '../../helpers/synth';

const IMAGE = 'ghcr.io/acme/delayed-job-controller:1.2.0';
const TOKEN_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
const REASON = 'reconciles DelayedJobs: watches them and creates their Jobs';
const RULES = [
  readAccess('delayedresources.mydomain.com', ['delayedjobs']),
  { apiGroup: 'delayedresources.mydomain.com', resources: ['delayedjobs/status'], verbs: ['update' as const, 'patch' as const] },
  manageAccess('batch', ['jobs']),
];
const TOKEN_VOLUME = (expirationSeconds = 3600, audience?: string) => ({
  name: 'kube-api-access',
  projected: {
    defaultMode: 0o440,
    sources: [
      { serviceAccountToken: { path: 'token', expirationSeconds, ...(audience ? { audience } : {}) } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
    ],
  },
});
const TOKEN_MOUNT = { name: 'kube-api-access', mountPath: TOKEN_PATH, readOnly: true };
const LEADER_RULES = [
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'] },
  { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
];

function controller(apiAccess: Partial<ApiAccess> = {}, props: Partial<WorkerProps> = {}): Manifest[] {
  return synth((s) => new Worker(new SecureNamespace(s, 'ops'), 'controller', {
    image: IMAGE, liveness: Probe.exec(['/healthz']), apiAccess: { reason: REASON, rules: RULES, ...apiAccess }, ...props,
  }));
}

/** Every finding of every built-in check, with the suppressions the objects declare. */
function findings(out: Manifest[]): string[] {
  const targets = out.map((m) => kubernetesTarget(m));
  return runPolicy(targets, { suppressions: annotationSuppressions(targets) }).findings.map((f) => `${f.checkId} ${f.object}: ${f.message}`);
}

const podOf = (m: any) => (m.kind === 'CronJob' ? m.spec.jobTemplate.spec.template : m.spec.template);

describe('a Worker with apiAccess (namespace scope, leader election)', () => {
  const out = controller({ leaderElection: true });
  const template = podOf(find(out, 'Deployment', 'controller'));
  const pod = template.spec;

  test('the pod keeps automount off, and mounts a projected token, the cluster CA and its namespace read-only where client libraries look', () => {
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBe('controller');
    expect(pod.volumes.filter((v: any) => v.name === 'kube-api-access')).toEqual([TOKEN_VOLUME()]);
    expect(pod.containers[0].volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }, TOKEN_MOUNT]);
    expect(find(out, 'ServiceAccount', 'controller').automountServiceAccountToken).toBe(false);
  });

  test('the reason is recorded on the pods', () => {
    expect(template.metadata.annotations).toEqual({ [AUTOMOUNT_REASON_ANNOTATION]: REASON });
  });

  test('a Role holds exactly the rules, rule by rule, bound to the workload\'s own ServiceAccount only', () => {
    const role = find(out, 'Role', 'controller-api-access');
    expect(role.metadata.namespace).toBe('ops');
    expect(role.rules).toEqual([
      { apiGroups: ['delayedresources.mydomain.com'], resources: ['delayedjobs'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['delayedresources.mydomain.com'], resources: ['delayedjobs/status'], verbs: ['update', 'patch'] },
      { apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
    ]);
    const binding = find(out, 'RoleBinding', 'controller-api-access');
    expect(binding.metadata.namespace).toBe('ops');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'controller-api-access' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'controller', namespace: 'ops' }]);
    expect(all(out, 'ClusterRole')).toEqual([]);
    expect(all(out, 'ClusterRoleBinding')).toEqual([]);
  });

  test('leader election adds a Role on leases and events in the workload\'s namespace, bound to the same ServiceAccount', () => {
    const role = find(out, 'Role', 'controller-leader-election');
    expect(role.metadata.namespace).toBe('ops');
    expect(role.rules).toEqual(LEADER_RULES);
    const binding = find(out, 'RoleBinding', 'controller-leader-election');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'controller-leader-election' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'controller', namespace: 'ops' }]);
  });

  test('the pod passes Pod Security restricted, every object the strict schemas, and the app every policy check', () => {
    expect(restrictedViolations(pod)).toEqual([]);
    expectSchemaValid(out);
    expect(findings(out)).toEqual([]);
  });

  test('no NetworkPolicy to the API server is added unless its addresses are given', () => {
    expect(out.filter((m) => m.kind === 'NetworkPolicy').map((m) => m.metadata.name).sort()).toEqual(['allow-dns', 'default-deny']);
  });
});

describe('apiAccess options', () => {
  test('scope "cluster" makes a ClusterRole and ClusterRoleBinding named after the namespace and workload, and no Role', () => {
    const out = controller({ scope: 'cluster', rules: [readAccess('', ['namespaces', 'nodes'])] });
    const role = find(out, 'ClusterRole', 'ops-controller-api-access');
    expect(role.metadata.namespace).toBeUndefined();
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['namespaces', 'nodes'], verbs: ['get', 'list', 'watch'] }]);
    const binding = find(out, 'ClusterRoleBinding', 'ops-controller-api-access');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'ops-controller-api-access' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'controller', namespace: 'ops' }]);
    expect(all(out, 'Role')).toEqual([]);
    expect(all(out, 'RoleBinding')).toEqual([]);
    expect(findings(out)).toEqual([]);
  });

  test('leader election alone: no rules, only the leader-election Role', () => {
    const out = controller({ rules: [], leaderElection: true });
    expect(all(out, 'Role').map((r) => r.metadata.name)).toEqual(['controller-leader-election']);
    expect(all(out, 'RoleBinding').map((r) => r.metadata.name)).toEqual(['controller-leader-election']);
  });

  test('the token lifetime and audience are rendered as asked', () => {
    const pod = podOf(find(controller({ expirationSeconds: 7200, audience: 'https://kubernetes.default.svc' }), 'Deployment', 'controller')).spec;
    expect(pod.volumes.find((v: any) => v.name === 'kube-api-access')).toEqual(TOKEN_VOLUME(7200, 'https://kubernetes.default.svc'));
  });

  test('apiServer opens egress from the workload\'s pods to the API server\'s addresses and port, and nowhere else', () => {
    const out = controller({ apiServer: { cidrs: ['10.0.0.0/16', 'fd00:10::/64'], port: 6443 } });
    const policy = find(out, 'NetworkPolicy', 'controller-egress-to-api-server');
    expect(policy.metadata.namespace).toBe('ops');
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: { app: 'controller' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/16' } }, { ipBlock: { cidr: 'fd00:10::/64' } }], ports: [{ port: 6443, protocol: 'TCP' }] }],
    });
    expect(find(controller({ apiServer: { cidrs: ['10.0.0.0/16'] } }), 'NetworkPolicy', 'controller-egress-to-api-server').spec.egress[0].ports)
      .toEqual([{ port: 443, protocol: 'TCP' }]);
    expect(findings(out)).toEqual([]);
  });

  test('sidecars and init containers get the token too; no other volume or mount changes', () => {
    const pod = podOf(find(controller({}, {
      sidecars: [{ name: 'metrics-proxy', image: 'ghcr.io/acme/proxy:1.0.0', ports: [{ name: 'metrics', port: 8443 }] }],
      initContainers: [{ name: 'wait-for-crds', image: IMAGE, command: ['/wait'] }],
    }), 'Deployment', 'controller')).spec;
    for (const c of [...pod.containers, ...pod.initContainers]) {
      expect([c.name, c.volumeMounts.filter((m: any) => m.name === 'kube-api-access')]).toEqual([c.name, [TOKEN_MOUNT]]);
    }
    expect(pod.volumes.map((v: any) => v.name)).toEqual(['tmp', 'metrics-proxy-tmp', 'wait-for-crds-tmp', 'kube-api-access']);
  });

  test('a wildcard rule with its reason is allowed, and the reason suppresses rbac-wildcard on the Role', () => {
    const out = controller({ rules: [{ apiGroup: 'delayedresources.mydomain.com', resources: ['*'], verbs: ['get'], wildcard: { reason: 'reads every kind of its group' } }] });
    expect(find(out, 'Role', 'controller-api-access').metadata.annotations).toEqual({ 'suppress.policy.keelson.dev/rbac-wildcard': 'reads every kind of its group' });
    expect(findings(out)).toEqual([]);
  });

  test('without apiAccess nothing changes: no token, no reason, no role', () => {
    const out = synth((s) => new Worker(new SecureNamespace(s, 'ops'), 'controller', { image: IMAGE, liveness: Probe.exec(['/healthz']) }));
    const template = podOf(find(out, 'Deployment', 'controller'));
    expect(template.metadata.annotations).toBeUndefined();
    expect(template.spec.volumes.map((v: any) => v.name)).toEqual(['tmp']);
    expect(all(out, 'Role')).toEqual([]);
    expect(all(out, 'RoleBinding')).toEqual([]);
  });
});

/** Every workload kind built with apiAccess in namespace "ops", named "ctl". */
const KINDS: Array<[string, string, (s: Construct, apiAccess: ApiAccess) => void]> = [
  ['Job', 'Job', (s, apiAccess) => new Job(s, 'ctl', { image: IMAGE, apiAccess })],
  ['CronJob', 'CronJob', (s, apiAccess) => new CronJob(s, 'ctl', { image: IMAGE, schedule: '*/5 * * * *', apiAccess })],
  ['WebService', 'Deployment', (s, apiAccess) => new WebService(s, 'ctl', { image: IMAGE, apiAccess })],
  ['DaemonSet', 'DaemonSet', (s, apiAccess) => new DaemonSet(s, 'ctl', { image: IMAGE, ports: [{ name: 'metrics', port: 9100 }], apiAccess })],
  ['StatefulService', 'StatefulSet', (s, apiAccess) => new StatefulService(s, 'ctl', {
    image: IMAGE, ports: [{ name: 'peer', port: 7000 }], claims: [{ name: 'data', mountPath: '/data', size: '1Gi', storageClassName: 'gp3' }], apiAccess,
  })],
];

describe.each(KINDS)('a %s with apiAccess', (_name, kind, build) => {
  const out = synth((s) => build(new SecureNamespace(s, 'ops'), { reason: REASON, rules: [readAccess('', ['configmaps'])] }));
  const template = podOf(find(out, kind, 'ctl'));

  test('gets the same token volume, mount, reason and Role bound to its own ServiceAccount', () => {
    expect(template.spec.automountServiceAccountToken).toBe(false);
    expect(template.spec.volumes.filter((v: any) => v.name === 'kube-api-access')).toEqual([TOKEN_VOLUME()]);
    expect(template.spec.containers[0].volumeMounts).toContainEqual(TOKEN_MOUNT);
    expect(template.metadata.annotations[AUTOMOUNT_REASON_ANNOTATION]).toBe(REASON);
    expect(find(out, 'Role', 'ctl-api-access').rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }]);
    expect(find(out, 'RoleBinding', 'ctl-api-access').subjects).toEqual([{ kind: 'ServiceAccount', name: 'ctl', namespace: 'ops' }]);
  });

  test('passes Pod Security restricted and every policy check', () => {
    expect(restrictedViolations(template.spec)).toEqual([]);
    expect(findings(out)).toEqual([]);
  });
});

test('an AdmissionWebhook passes apiAccess on to its server', () => {
  const out = synth((s) => new AdmissionWebhook(new SecureNamespace(s, 'ops'), 'defaulter', {
    type: 'mutating', image: IMAGE, tls: WebhookTls.certManager(),
    webhooks: [{ rules: [{ operations: ['CREATE'], apiGroups: ['apps'], apiVersions: ['v1'], resources: ['deployments'] }] }],
    apiAccess: { reason: 'looks up the namespace of each object it mutates', rules: [readAccess('', ['namespaces'])], scope: 'cluster' },
  }));
  expect(podOf(find(out, 'Deployment', 'defaulter')).spec.containers[0].volumeMounts).toContainEqual(TOKEN_MOUNT);
  expect(find(out, 'ClusterRoleBinding', 'ops-defaulter-api-access').subjects).toEqual([{ kind: 'ServiceAccount', name: 'defaulter', namespace: 'ops' }]);
});
