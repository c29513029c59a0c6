import { securityApps } from '../../apps/security';
import { RBAC_NAMESPACE } from '../../apps/security/rbac-stack';
import { AccessReview } from '../../lib/security/access-review';
import { synthYaml } from '../helpers/app-output';
import { all, find } from '../helpers/synth';

const out = synthYaml(securityApps.find((a) => a.name === 'security-rbac')!);
const review = new AccessReview(out);
const NS = RBAC_NAMESPACE;
const testSa = { serviceAccount: { name: 'test-sa', namespace: NS } };

describe('security-rbac app', () => {
  test('Exercise 13.01: test-sa may list pods in every namespace, and may not get them (kubectl auth can-i)', () => {
    expect(review.can(testSa, { verb: 'list', resource: 'pods' })).toEqual({
      allowed: true, reason: 'ClusterRoleBinding/test-sa-cluster-role-binding -> ClusterRole/test-sa-cluster-role',
    });
    expect(review.can(testSa, { verb: 'list', resource: 'pods', namespace: 'kube-system' }).allowed).toBe(true);
    expect(review.can(testSa, { verb: 'get', resource: 'pods', namespace: 'kube-system', name: 'coredns-1' }).allowed).toBe(false);
    expect(review.can(testSa, { verb: 'get', resource: 'pods', namespace: NS, name: 'x' }).allowed).toBe(false);
    expect(review.can(testSa, { verb: 'list', resource: 'services', namespace: NS }).allowed).toBe(false);
    // Another ServiceAccount of the same name elsewhere gets nothing.
    expect(review.can({ serviceAccount: { name: 'test-sa', namespace: 'default' } }, { verb: 'list', resource: 'pods' }).allowed).toBe(false);
  });

  test('the objects of Exercise 13.01: cluster-scoped kinds carry no namespace; the subject carries one', () => {
    expect(find(out, 'ServiceAccount', 'test-sa').metadata.namespace).toBe(NS);
    const role = find(out, 'ClusterRole', 'test-sa-cluster-role');
    expect(role.metadata.namespace).toBeUndefined();
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }]);
    const crb = find(out, 'ClusterRoleBinding', 'test-sa-cluster-role-binding');
    expect(crb.metadata.namespace).toBeUndefined();
    expect(crb.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'test-sa-cluster-role' });
    expect(crb.subjects).toEqual([{ kind: 'ServiceAccount', name: 'test-sa', namespace: NS }]);
  });

  test('test-role-binding points at the Role test-role (the book said ClusterRole)', () => {
    expect(find(out, 'RoleBinding', 'test-role-binding').roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'test-role' });
    expect(find(out, 'Role', 'test-role').metadata.namespace).toBe(NS);
    // Every binding resolves to a role of the kind it names.
    for (const b of [...all(out, 'RoleBinding'), ...all(out, 'ClusterRoleBinding')]) {
      const target = out.filter((m) => m.kind === b.roleRef.kind && m.metadata.name === b.roleRef.name
        && (b.roleRef.kind === 'ClusterRole' || m.metadata.namespace === b.metadata.namespace));
      expect(`${b.kind}/${b.metadata.name}: ${target.length}`).toBe(`${b.kind}/${b.metadata.name}: 1`);
    }
  });

  test('CKA notes: jane reads pods here only; manager reads Secrets here only, not cluster-wide', () => {
    expect(review.can({ user: 'jane' }, { verb: 'watch', resource: 'pods', namespace: NS }).allowed).toBe(true);
    expect(review.can({ user: 'jane' }, { verb: 'get', resource: 'pods', namespace: 'default', name: 'p' }).allowed).toBe(false);
    expect(review.can({ user: 'jane' }, { verb: 'get', resource: 'secrets', namespace: NS, name: 's' }).allowed).toBe(false);
    const manager = { user: 'max', groups: ['manager'] };
    expect(review.can(manager, { verb: 'get', resource: 'secrets', namespace: NS, name: 's' }).allowed).toBe(true);
    expect(review.can(manager, { verb: 'get', resource: 'secrets', namespace: 'kube-system', name: 's' }).allowed).toBe(false);
    expect(review.can(manager, { verb: 'list', resource: 'secrets' }).allowed).toBe(false);
    expect(all(out, 'ClusterRoleBinding').map((b) => b.metadata.name)).toEqual(['test-sa-cluster-role-binding']);
  });

  test('presets: the auditors read the namespace, the CI deployer deploys into it and nowhere else', () => {
    const auditor = { user: 'ann', groups: ['auditors'] };
    expect(review.can(auditor, { verb: 'list', resource: 'deployments', apiGroup: 'apps', namespace: NS }).allowed).toBe(true);
    expect(review.can(auditor, { verb: 'patch', resource: 'deployments', apiGroup: 'apps', namespace: NS, name: 'd' }).allowed).toBe(false);
    const ci = { serviceAccount: { name: 'ci-deployer', namespace: NS } };
    expect(review.can(ci, { verb: 'patch', resource: 'deployments', apiGroup: 'apps', namespace: NS, name: 'd' }).allowed).toBe(true);
    expect(review.can(ci, { verb: 'patch', resource: 'deployments', apiGroup: 'apps', namespace: 'default', name: 'd' }).allowed).toBe(false);
    expect(review.can(ci, { verb: 'create', resource: 'rolebindings', apiGroup: 'rbac.authorization.k8s.io', namespace: NS }).allowed).toBe(false);
    expect(find(out, 'ServiceAccount', 'ci-deployer').automountServiceAccountToken).toBe(false);
  });

  test('no PodSecurityPolicy "use" grants: that API is gone', () => {
    for (const r of [...all(out, 'Role'), ...all(out, 'ClusterRole')]) {
      expect(r.rules.flatMap((x: any) => x.resources)).not.toContain('podsecuritypolicies');
    }
  });
});
