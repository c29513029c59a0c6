import { AccessGrant } from '../../../lib/security/access-grant';
import { AccessReview } from '../../../lib/security/access-review';
import { AccessRole } from '../../../lib/security/access-role';
import { AccessSubject } from '../../../lib/security/access-subject';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { ServiceAccount } from '../../../lib/security/service-account';
import { all, find, synth, synthError } from '../../helpers/synth';

const RBAC = 'rbac.authorization.k8s.io';

describe('AccessGrant', () => {
  test('one grant makes a ServiceAccount, a Role with the typed rules and a RoleBinding between them', () => {
    const out = synth((s) => new AccessGrant(new SecureNamespace(s, 'shop'), 'reporter', {
      rules: [{ apiGroup: 'apps', resources: ['deployments'], verbs: ['get', 'list'] }],
    }));
    expect(find(out, 'ServiceAccount', 'reporter').metadata.namespace).toBe('shop');
    expect(find(out, 'Role', 'reporter')).toMatchObject({
      metadata: { namespace: 'shop' },
      rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list'] }],
    });
    expect(find(out, 'RoleBinding', 'reporter')).toMatchObject({
      metadata: { namespace: 'shop' },
      roleRef: { apiGroup: RBAC, kind: 'Role', name: 'reporter' },
      subjects: [{ kind: 'ServiceAccount', name: 'reporter', namespace: 'shop' }],
    });
  });

  test('the roleRef kind comes from the role object: a ClusterRole bound in a namespace, a ClusterRoleBinding', () => {
    const out = synth((s) => {
      const ns = new SecureNamespace(s, 'shop');
      const reader = new AccessRole(s, 'secret-reader', { scope: 'cluster', rules: [{ apiGroup: '', resources: ['secrets'], verbs: ['get'] }] });
      new AccessGrant(ns, 'read-secrets', { role: reader, subjects: [AccessSubject.group('manager')] });
      new AccessGrant(s, 'view-all', { scope: 'cluster', role: AccessRole.builtIn('view'), subjects: [AccessSubject.user('auditor')] });
    });
    expect(find(out, 'ClusterRole', 'secret-reader').metadata.namespace).toBeUndefined();
    expect(find(out, 'RoleBinding', 'read-secrets')).toMatchObject({ roleRef: { kind: 'ClusterRole', name: 'secret-reader' }, metadata: { namespace: 'shop' } });
    const crb = find(out, 'ClusterRoleBinding', 'view-all');
    expect(crb.metadata.namespace).toBeUndefined();
    expect(crb.roleRef).toEqual({ apiGroup: RBAC, kind: 'ClusterRole', name: 'view' });
    expect(crb.subjects).toEqual([{ kind: 'User', name: 'auditor', apiGroup: RBAC }]);
  });

  test('a ServiceAccount subject always carries its namespace', () => {
    const out = synth((s) => {
      const sa = new ServiceAccount(new SecureNamespace(s, 'ci'), 'runner');
      new AccessGrant(s, 'runner-lists-pods', {
        scope: 'cluster',
        rules: [{ apiGroup: '', resources: ['pods'], verbs: ['list'] }],
        subjects: [AccessSubject.serviceAccount(sa), AccessSubject.serviceAccountNamed('builder', 'build')],
      });
    });
    expect(find(out, 'ClusterRoleBinding', 'runner-lists-pods').subjects).toEqual([
      { kind: 'ServiceAccount', name: 'runner', namespace: 'ci' },
      { kind: 'ServiceAccount', name: 'builder', namespace: 'build' },
    ]);
    // No ServiceAccount is created when subjects are given.
    expect(all(out, 'ServiceAccount').map((a) => a.metadata.name)).toEqual(['runner']);
  });

  test('a named reference binds a role defined elsewhere in the app; the wrong kind fails and says why', () => {
    const out = synth((s) => {
      const ns = new SecureNamespace(s, 'shop');
      new AccessRole(ns, 'test-role', { rules: [{ apiGroup: '', resources: ['pods'], verbs: ['list'] }] });
      new AccessGrant(ns, 'binding', { role: AccessRole.named('Role', 'test-role', 'shop'), subjects: [AccessSubject.user('jane')] });
    });
    expect(find(out, 'RoleBinding', 'binding').roleRef).toEqual({ apiGroup: RBAC, kind: 'Role', name: 'test-role' });

    // The Workshop's test-role-binding: roleRef ClusterRole test-role, but test-role is a Role.
    const err = synthError((s) => {
      const ns = new SecureNamespace(s, 'shop');
      new AccessRole(ns, 'test-role', { rules: [{ apiGroup: '', resources: ['pods'], verbs: ['list'] }] });
      new AccessGrant(ns, 'test-role-binding', { role: AccessRole.named('ClusterRole', 'test-role'), subjects: [AccessSubject.user('jane')] });
    });
    expect(err.message).toContain('[test/shop/test-role-binding] role: got "ClusterRole test-role"; expected a role that exists '
      + '(no ClusterRole "test-role" is defined in this app, but a Role of that name is; bind the role object itself so the kind cannot differ)');
  });

  test('a wildcard needs a reason, which becomes the recorded suppression of the wildcard check', () => {
    const out = synth((s) => new AccessRole(s, 'crd-reader', {
      scope: 'cluster',
      rules: [{ apiGroup: 'acme.example.com', resources: ['*'], verbs: ['get', 'list', 'watch'], wildcard: { reason: 'reads every kind of the acme operator' } }],
    }));
    expect(find(out, 'ClusterRole', 'crd-reader').metadata.annotations).toEqual({
      'suppress.policy.keelson.dev/rbac-wildcard': 'reads every kind of the acme operator',
    });
  });

  test('readOnly reads the namespace but never its Secrets, and only there', () => {
    const out = synth((s) => AccessGrant.readOnly(new SecureNamespace(s, 'shop'), 'auditor', { subjects: [AccessSubject.group('auditors')] }));
    const review = new AccessReview(out);
    const auditor = { user: 'amy', groups: ['auditors'] };
    for (const [resource, apiGroup] of [['pods', ''], ['pods/log', ''], ['deployments', 'apps'], ['ingresses', 'networking.k8s.io'], ['jobs', 'batch']]) {
      expect(review.can(auditor, { verb: 'list', resource, apiGroup, namespace: 'shop' }).allowed).toBe(true);
    }
    expect(review.can(auditor, { verb: 'get', resource: 'secrets', namespace: 'shop', name: 'db' }).allowed).toBe(false);
    expect(review.can(auditor, { verb: 'delete', resource: 'pods', namespace: 'shop', name: 'web-1' }).allowed).toBe(false);
    expect(review.can(auditor, { verb: 'list', resource: 'pods', namespace: 'other' }).allowed).toBe(false);
    expect(review.can(auditor, { verb: 'list', resource: 'pods' }).allowed).toBe(false);
  });

  test('ciDeployer applies the app in its namespace but cannot touch RBAC, exec into pods or read Secrets', () => {
    const out = synth((s) => AccessGrant.ciDeployer(new SecureNamespace(s, 'shop'), 'deployer'));
    const review = new AccessReview(out);
    const deployer = { serviceAccount: { name: 'deployer', namespace: 'shop' } };
    const can = (verb: string, resource: string, apiGroup = '', namespace = 'shop') => review.can(deployer, { verb, resource, apiGroup, namespace, name: 'x' }).allowed;
    expect(can('patch', 'deployments', 'apps')).toBe(true);
    expect(can('create', 'services')).toBe(true);
    expect(can('delete', 'networkpolicies', 'networking.k8s.io')).toBe(true);
    expect(can('patch', 'deployments', 'apps', 'kube-system')).toBe(false);
    expect(can('create', 'rolebindings', RBAC)).toBe(false);
    expect(can('create', 'pods/exec')).toBe(false);
    expect(can('get', 'secrets')).toBe(false);
    expect(can('create', 'secrets')).toBe(false);

    const withSecrets = synth((s) => AccessGrant.ciDeployer(new SecureNamespace(s, 'shop'), 'deployer', { manageSecrets: { reason: 'the pipeline applies sealed secrets' } }));
    const review2 = new AccessReview(withSecrets);
    expect(review2.can(deployer, { verb: 'create', resource: 'secrets', namespace: 'shop' }).allowed).toBe(true);
    expect(review2.can(deployer, { verb: 'get', resource: 'secrets', namespace: 'shop', name: 'x' }).allowed).toBe(false);
  });

  test('a broad group needs a reason, recorded as the suppression of the broad-subject check', () => {
    const out = synth((s) => new AccessGrant(s, 'discovery', {
      scope: 'cluster',
      role: AccessRole.external('acme-discovery'),
      subjects: [AccessSubject.group('system:authenticated', 'every user discovers the acme catalog')],
    }));
    expect(find(out, 'ClusterRoleBinding', 'discovery').metadata.annotations).toEqual({
      'suppress.policy.keelson.dev/rbac-broad-subject': 'system:authenticated: every user discovers the acme catalog',
    });
  });
});

describe('AccessRole and the resources current Kubernetes serves', () => {
  test('newer built-in resources under their own group are accepted, not refused as unknown', () => {
    const out = synth((s) => new AccessRole(s, 'platform', { scope: 'cluster', rules: [
      { apiGroup: 'networking.k8s.io', resources: ['servicecidrs', 'ipaddresses'], verbs: ['get', 'list'] },
      { apiGroup: 'storage.k8s.io', resources: ['csistoragecapacities', 'volumeattributesclasses'], verbs: ['get'] },
      { apiGroup: 'node.k8s.io', resources: ['runtimeclasses'], verbs: ['get'] },
      { apiGroup: 'resource.k8s.io', resources: ['resourceclaims', 'deviceclasses'], verbs: ['get'] },
    ] }));
    expect(find(out, 'ClusterRole', 'platform').rules).toHaveLength(4);
  });

  test('a resourceNames rule for list is kept: it matches list requests with a metadata.name field selector', () => {
    const out = synth((s) => new AccessRole(new SecureNamespace(s, 'shop'), 'one', { rules: [
      { apiGroup: '', resources: ['configmaps'], verbs: ['get', 'list', 'watch'], resourceNames: ['app-config'] },
    ] }));
    expect(find(out, 'Role', 'one').rules[0].resourceNames).toEqual(['app-config']);
  });
});

