import { Construct } from 'constructs';
import { AccessGrant, AccessRole, AccessSubject, AppStack, SecureNamespace, ServiceAccount, readAccess, suppressCheck } from '../../lib';

/** The namespace of the RBAC exercises (the books use `default`). */
export const RBAC_NAMESPACE = 'rbac-exercise';

/**
 * The Kubernetes Workshop ch. 13 (Exercise 13.01 and the RBAC samples) and the CKA notes' RBAC examples, as grants:
 * every binding points at its role object, every ServiceAccount subject carries its namespace, and the one grant the
 * notes make cluster-wide on Secrets is limited to a namespace.
 */
export class RbacStack extends AppStack {
  public constructor(scope: Construct, id: string) {
    super(scope, id);
    const ns = new SecureNamespace(this, RBAC_NAMESPACE);
    const testSa = new ServiceAccount(ns, 'test-sa');

    // Exercise 13.01: test-sa may list pods in every namespace, and nothing else (`describe pod` is Forbidden).
    const listPods = new AccessRole(this, 'test-sa-cluster-role', { scope: 'cluster', rules: [{ apiGroup: '', resources: ['pods'], verbs: ['list'] }] });
    new AccessGrant(this, 'test-sa-cluster-role-binding', { scope: 'cluster', role: listPods, subjects: [AccessSubject.serviceAccount(testSa)] });

    // The chapter's sample: Role test-role bound by test-role-binding. The book's roleRef says ClusterRole, which
    // points at nothing; binding the role object makes the kind right by construction.
    const testRole = new AccessRole(ns, 'test-role', { rules: [{ apiGroup: '', resources: ['pods'], verbs: ['list'] }] });
    new AccessGrant(ns, 'test-role-binding', { role: testRole, subjects: [AccessSubject.serviceAccount(testSa)] });

    // CKA notes: jane reads pods in the namespace (pod-reader / read-pods)...
    const podReader = new AccessRole(ns, 'pod-reader', { rules: [readAccess('', ['pods'])] });
    new AccessGrant(ns, 'read-pods', { role: podReader, subjects: [AccessSubject.user('jane')] });
    // ...pods and their logs (pod-and-pod-logs-reader)...
    new AccessRole(ns, 'pod-and-pod-logs-reader', { rules: [{ apiGroup: '', resources: ['pods', 'pods/log'], verbs: ['get', 'list'] }] });
    // ...and the group `manager` reads Secrets. The notes bind secret-reader with a ClusterRoleBinding, which opens
    // every Secret of the cluster; a RoleBinding to the same ClusterRole limits it to this namespace.
    const secretReader = new AccessRole(this, 'secret-reader', { scope: 'cluster', rules: [readAccess('', ['secrets'])] });
    const readSecrets = new AccessGrant(ns, 'read-secrets', { role: secretReader, subjects: [AccessSubject.group('manager')] });
    suppressCheck(readSecrets, 'rbac-cluster-secrets-read', {
      reason: 'the CKA notes\' exercise: reading the Secrets of this one namespace is what the group manager is granted (the notes\' ClusterRoleBinding is narrowed to a RoleBinding)',
    });

    // The two presets: an auditor who reads the namespace, and a pipeline that deploys into it.
    AccessGrant.readOnly(ns, 'auditor', { subjects: [AccessSubject.group('auditors')] });
    AccessGrant.ciDeployer(ns, 'ci-deployer');
  }
}
