import { AccessReview } from '../../../lib/security/access-review';

const role = (kind: string, name: string, namespace: string | undefined, rules: any[]) => ({ kind, metadata: { name, namespace }, rules });
const bind = (kind: string, name: string, namespace: string | undefined, roleRef: { kind: string; name: string }, subjects: any[]) =>
  ({ kind, metadata: { name, namespace }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef }, subjects });
const sa = (name: string, namespace?: string) => ({ kind: 'ServiceAccount', name, namespace });

describe('AccessReview (in-process kubectl auth can-i)', () => {
  const objects = [
    role('Role', 'pod-reader', 'shop', [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }]),
    role('ClusterRole', 'deploy-lister', undefined, [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['list'] }]),
    role('ClusterRole', 'one-config', undefined, [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'create'], resourceNames: ['app-config'] }]),
    role('ClusterRole', 'logs', undefined, [{ apiGroups: [''], resources: ['*/log'], verbs: ['get'] }]),
    bind('RoleBinding', 'jane-reads', 'shop', { kind: 'Role', name: 'pod-reader' }, [{ kind: 'User', name: 'jane' }]),
    bind('RoleBinding', 'ops-deploys', 'shop', { kind: 'ClusterRole', name: 'deploy-lister' }, [{ kind: 'Group', name: 'ops' }]),
    bind('ClusterRoleBinding', 'ci-deploys', undefined, { kind: 'ClusterRole', name: 'deploy-lister' }, [sa('ci', 'build')]),
    bind('RoleBinding', 'config', 'shop', { kind: 'ClusterRole', name: 'one-config' }, [sa('web', 'shop')]),
    bind('RoleBinding', 'logs', 'shop', { kind: 'ClusterRole', name: 'logs' }, [{ kind: 'Group', name: 'system:serviceaccounts:shop' }]),
    // Dangling and malformed bindings grant nothing.
    bind('RoleBinding', 'dangling', 'shop', { kind: 'ClusterRole', name: 'pod-reader' }, [{ kind: 'User', name: 'bob' }]),
    bind('ClusterRoleBinding', 'crb-to-role', undefined, { kind: 'Role', name: 'pod-reader' }, [{ kind: 'User', name: 'carl' }]),
    bind('RoleBinding', 'sa-without-ns', 'shop', { kind: 'Role', name: 'pod-reader' }, [sa('nobody')]),
  ];
  const review = new AccessReview(objects);

  test('a RoleBinding grants its Role in its own namespace only', () => {
    expect(review.can({ user: 'jane' }, { verb: 'get', resource: 'pods', namespace: 'shop', name: 'web-1' })).toEqual({
      allowed: true, reason: 'RoleBinding/jane-reads -> Role/pod-reader',
    });
    expect(review.can({ user: 'jane' }, { verb: 'get', resource: 'pods', namespace: 'other', name: 'web-1' }).allowed).toBe(false);
    expect(review.can({ user: 'jane' }, { verb: 'list', resource: 'pods' }).allowed).toBe(false);
    expect(review.can({ user: 'jane' }, { verb: 'delete', resource: 'pods', namespace: 'shop', name: 'web-1' }).allowed).toBe(false);
  });

  test('a RoleBinding to a ClusterRole grants it in the binding\'s namespace; a ClusterRoleBinding everywhere', () => {
    expect(review.can({ user: 'amy', groups: ['ops'] }, { verb: 'list', resource: 'deployments', apiGroup: 'apps', namespace: 'shop' }).allowed).toBe(true);
    expect(review.can({ user: 'amy', groups: ['ops'] }, { verb: 'list', resource: 'deployments', apiGroup: 'apps' }).allowed).toBe(false);
    const ci = { serviceAccount: { name: 'ci', namespace: 'build' } };
    expect(review.can(ci, { verb: 'list', resource: 'deployments', apiGroup: 'apps' }).allowed).toBe(true);
    expect(review.can(ci, { verb: 'list', resource: 'deployments', apiGroup: 'apps', namespace: 'kube-system' }).allowed).toBe(true);
    // The API group must match: "deployments" in the core group is something else.
    expect(review.can(ci, { verb: 'list', resource: 'deployments', apiGroup: '' }).allowed).toBe(false);
  });

  test('resourceNames limit a rule to named objects; requests without a name never match them', () => {
    const web = { serviceAccount: { name: 'web', namespace: 'shop' } };
    expect(review.can(web, { verb: 'get', resource: 'configmaps', namespace: 'shop', name: 'app-config' }).allowed).toBe(true);
    expect(review.can(web, { verb: 'get', resource: 'configmaps', namespace: 'shop', name: 'other' }).allowed).toBe(false);
    expect(review.can(web, { verb: 'create', resource: 'configmaps', namespace: 'shop' }).allowed).toBe(false);
  });

  test('ServiceAccounts belong to the groups of their namespace; "*/log" matches every log subresource', () => {
    const web = { serviceAccount: { name: 'web', namespace: 'shop' } };
    expect(review.can(web, { verb: 'get', resource: 'pods/log', namespace: 'shop', name: 'p' }).allowed).toBe(true);
    expect(review.can(web, { verb: 'get', resource: 'pods', namespace: 'shop', name: 'p' }).allowed).toBe(false);
    expect(review.can({ serviceAccount: { name: 'x', namespace: 'other' } }, { verb: 'get', resource: 'pods/log', namespace: 'shop', name: 'p' }).allowed).toBe(false);
  });

  test('dangling roleRefs, a ClusterRoleBinding to a Role and a ServiceAccount subject without namespace grant nothing', () => {
    expect(review.can({ user: 'bob' }, { verb: 'get', resource: 'pods', namespace: 'shop', name: 'p' })).toEqual({
      allowed: false, reason: 'no rule of RoleBinding/dangling allows it',
    });
    expect(review.can({ user: 'carl' }, { verb: 'get', resource: 'pods', namespace: 'shop', name: 'p' }).allowed).toBe(false);
    expect(review.can({ serviceAccount: { name: 'nobody', namespace: 'shop' } }, { verb: 'get', resource: 'pods', namespace: 'shop', name: 'p' }).allowed).toBe(false);
    expect(review.can({}, { verb: 'get', resource: 'pods', namespace: 'shop', name: 'p' }).reason).toBe('no binding names system:anonymous');
  });

  test('cluster-admin allows everything', () => {
    const admin = new AccessReview([bind('ClusterRoleBinding', 'root', undefined, { kind: 'ClusterRole', name: 'cluster-admin' }, [{ kind: 'User', name: 'root' }])]);
    expect(admin.can({ user: 'root' }, { verb: 'delete', resource: 'nodes', name: 'n1' }).allowed).toBe(true);
  });

  test('arguments of the wrong shape are refused with a ValidationError naming them', () => {
    const admin = new AccessReview([]);
    expect(() => admin.can(null as any, { verb: 'get', resource: 'pods' })).toThrow('[<app>] can(who): got null; expected an object of props');
    expect(() => admin.can({ user: 'jane' }, { verb: 42 as any, resource: 'pods' })).toThrow('[<app>] can(request).verb: got 42; expected the verb, a string');
    expect(() => admin.can({ groups: 'devs' as any }, { verb: 'get', resource: 'pods' })).toThrow('can(who).groups: got "devs"; expected a list of group names');
    expect(() => new AccessReview('manifests' as any)).toThrow('[<app>] AccessReview(objects): got "manifests"; expected a list of parsed manifests');
  });
});
