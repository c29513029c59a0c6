import { runPolicy } from '../../../lib/policy/engine';
import { BUILTIN_CHECKS } from '../../../lib/policy/registry';
import { kubernetesTarget } from '../../../lib/policy/targets';
import { PolicyTarget } from '../../../lib/policy/types';
import { AccessGrant } from '../../../lib/security/access-grant';
import { readAccess } from '../../../lib/security/access-rule';
import { AccessSubject } from '../../../lib/security/access-subject';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { Probe } from '../../../lib/workloads/probe';
import { Worker } from '../../../lib/workloads/worker';
import { synth } from '../../helpers/synth';
import { deployment, k, obj, pod, podOf, serviceAccount, workload } from './fixtures';
import { RBAC_TOKEN_CASES, tokenVolume } from './rbac-token-cases';
import { bindingTo, role } from './security-cases';

const ID = 'rbac-bound-without-token';
const check = BUILTIN_CHECKS.find((c) => c.id === ID)!;
const messages = (targets: PolicyTarget[]) => runPolicy(targets, { checks: [check] }).findings.map((f) => f.message);
const reader = () => role([{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }], 'reader');
const binding = () => bindingTo('RoleBinding', 'Role', 'reader');
const UNUSED = (who: string, role = 'Role reader') => `the binding grants ${role} to ServiceAccount shop/web, but no pod that runs as it mounts an API token (${who}): `
  + 'the permissions go unused, or the pods cannot make the calls they were meant to';

describe(ID, () => {
  test('is registered once, as a warning on RoleBindings and ClusterRoleBindings, with a description and remediation', () => {
    expect(BUILTIN_CHECKS.filter((c) => c.id === ID)).toHaveLength(1);
    expect([check.severity, check.kinds, check.references]).toEqual(['warning', ['RoleBinding', 'ClusterRoleBinding'], []]);
    expect(check.description.length).toBeGreaterThan(10);
    expect(check.remediation).toContain('apiAccess');
  });

  test.each(Object.entries(RBAC_TOKEN_CASES))('%s: its pass case passes and its fail case fails with the message', (_id, c) => {
    expect(messages(c.pass)).toEqual([]);
    const fail = runPolicy(c.fail, { checks: [check] }).findings;
    expect(fail.map((f) => [f.checkId, f.severity, f.remediation])).toEqual([[ID, 'warning', check.remediation]]);
    expect(fail[0].message).toContain(c.message);
  });

  test('a Role or ClusterRole bound to the ServiceAccount of pods without a token (pod and ServiceAccount both off) is reported', () => {
    expect(messages(k(deployment(), serviceAccount(false), reader(), binding()))).toEqual([UNUSED('Deployment web')]);
    expect(messages(k(deployment(), serviceAccount(false), bindingTo('ClusterRoleBinding', 'ClusterRole', 'view'))))
      .toEqual([UNUSED('Deployment web', 'ClusterRole view')]);
  });

  test.each(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod'] as const)('pods of a %s are found where that kind keeps them', (kind) => {
    expect(messages(k(workload(kind), serviceAccount(false), reader(), binding()))).toEqual([UNUSED(`${kind} web`)]);
  });

  test('the pod\'s setting wins over the ServiceAccount\'s, and a ServiceAccount that does not say mounts by default', () => {
    expect(messages(k(deployment((d) => { pod(d).automountServiceAccountToken = true; }), serviceAccount(false), reader(), binding()))).toEqual([]);
    expect(messages(k(deployment((d) => { delete pod(d).automountServiceAccountToken; }), serviceAccount(false), reader(), binding())))
      .toEqual([UNUSED('Deployment web')]);
    expect(messages(k(deployment((d) => { delete pod(d).automountServiceAccountToken; }), serviceAccount(true), reader(), binding()))).toEqual([]);
    // The ServiceAccount is not among the objects: Kubernetes' default (mount) applies.
    expect(messages(k(deployment((d) => { delete pod(d).automountServiceAccountToken; }), reader(), binding()))).toEqual([]);
  });

  test('a projected serviceAccountToken volume counts as a token', () => {
    expect(messages(k(deployment((d) => pod(d).volumes.push(tokenVolume)), serviceAccount(false), reader(), binding()))).toEqual([]);
    const otherProjection = { name: 'ca', projected: { sources: [{ configMap: { name: 'kube-root-ca.crt' } }] } };
    expect(messages(k(deployment((d) => pod(d).volumes.push(otherProjection)), serviceAccount(false), reader(), binding())))
      .toEqual([UNUSED('Deployment web')]);
  });

  test('one workload of several that mounts a token is enough; every one without is named otherwise', () => {
    const job = (edit: (d: any) => void = () => undefined) => workload('Job', (d) => { d.metadata.name = 'migrate'; edit(d); });
    expect(messages(k(deployment(), job((d) => podOf(d).volumes.push(tokenVolume)), serviceAccount(false), reader(), binding()))).toEqual([]);
    expect(messages(k(deployment(), job(), serviceAccount(false), reader(), binding()))).toEqual([UNUSED('Deployment web, Job migrate')]);
  });

  test('a ServiceAccount no pod of the app runs as (a CI pipeline\'s, another tool\'s) is not judged', () => {
    expect(messages(k(serviceAccount(false), reader(), binding()))).toEqual([]);
    expect(messages(k(deployment((d) => { pod(d).serviceAccountName = 'other'; }), serviceAccount(false), reader(), binding()))).toEqual([]);
    // A pod of the same name in another namespace runs as another ServiceAccount.
    expect(messages(k(deployment((d) => { d.metadata.namespace = 'ops'; }), serviceAccount(false), reader(), binding()))).toEqual([]);
  });

  test('users, groups and Kubernetes\' own bindings are not judged', () => {
    const toUser = obj('rbac.authorization.k8s.io/v1', 'RoleBinding', 'b', 'shop', {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' }, subjects: [{ kind: 'User', name: 'web', apiGroup: 'rbac.authorization.k8s.io' }],
    });
    expect(messages(k(deployment(), serviceAccount(false), reader(), toUser))).toEqual([]);
    const vendor = bindingTo('ClusterRoleBinding', 'ClusterRole', 'system:controller:web', 'system:controller:web') as any;
    vendor.metadata.labels = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
    expect(messages(k(deployment(), serviceAccount(false), vendor))).toEqual([]);
  });

  test('foreign YAML: subjects that are not a list or not maps are skipped, a subject without a namespace takes the RoleBinding\'s', () => {
    const odd = (subjects: unknown) => obj('rbac.authorization.k8s.io/v1', 'RoleBinding', 'b', 'shop', {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' }, subjects,
    });
    expect(messages(k(deployment(), serviceAccount(false), odd('web')))).toEqual([]);
    expect(messages(k(deployment(), serviceAccount(false), odd([null, 'web', { kind: 'ServiceAccount', name: 7 }])))).toEqual([]);
    expect(messages(k(deployment(), serviceAccount(false), odd([{ kind: 'ServiceAccount', name: 'web' }])))).toEqual([UNUSED('Deployment web')]);
  });
});

describe(`${ID} on keelson output`, () => {
  const findings = (out: any[]) => runPolicy(out.map((m) => kubernetesTarget(m)), { checks: [check] }).findings.map((f) => `${f.object}: ${f.message}`);

  test('an AccessGrant to a worker\'s ServiceAccount without apiAccess is reported: its pods have no token', () => {
    const out = synth((s) => {
      const ns = new SecureNamespace(s, 'ops');
      new Worker(ns, 'ctl', { image: 'ghcr.io/acme/ctl:1.0.0', liveness: Probe.exec(['/healthz']) });
      new AccessGrant(ns, 'ctl-reads', { rules: [readAccess('', ['configmaps'])], subjects: [AccessSubject.serviceAccountNamed('ctl', 'ops')] });
    });
    expect(findings(out)).toEqual([
      'RoleBinding ops/ctl-reads: the binding grants Role ctl-reads to ServiceAccount ops/ctl, but no pod that runs as it mounts an API token '
        + '(Deployment ctl): the permissions go unused, or the pods cannot make the calls they were meant to',
    ]);
  });

  test('the same rules through apiAccess pass, and so does a grant to a ServiceAccount of its own (for a pipeline)', () => {
    const out = synth((s) => {
      const ns = new SecureNamespace(s, 'ops');
      new Worker(ns, 'ctl', {
        image: 'ghcr.io/acme/ctl:1.0.0', liveness: Probe.exec(['/healthz']),
        apiAccess: { reason: 'reads its settings', rules: [readAccess('', ['configmaps'])], leaderElection: true },
      });
      AccessGrant.ciDeployer(ns, 'deployer');
    });
    expect(out.filter((m) => m.kind === 'RoleBinding').map((m) => m.metadata.name).sort()).toEqual(['ctl-api-access', 'ctl-leader-election', 'deployer']);
    expect(findings(out)).toEqual([]);
  });
});
