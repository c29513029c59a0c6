import { KubeClusterRoleBinding, KubeRoleBinding } from '../core/k8s';
import { Construct } from 'constructs';
import { SUPPRESS_ANNOTATION_PREFIX } from '../core/annotations';
import { enclosingNamespace, resolveNamespace } from '../core/namespace-scope';
import { Resource, RESOURCE_ID, propNames } from '../core/resource';
import { PropsValidator, addLateValidation, checkedScope, isObject, reportUnder, requireProps } from '../core/validator';
import { AccessRole, IAccessRole } from './access-role';
import { AccessRule, manageAccess, readAccess } from './access-rule';
import { AccessSubject } from './access-subject';
import { ServiceAccount } from './service-account';

/** Props of an {@link AccessGrant}. */
export interface AccessGrantProps {
  /**
   * Name of the binding, and of the role and ServiceAccount the grant creates.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * "namespace" grants in one namespace (a RoleBinding); "cluster" grants in every namespace and on cluster-scoped
   * resources (a ClusterRoleBinding, which can only point at a ClusterRole).
   * @default "namespace"
   */
  readonly scope?: 'namespace' | 'cluster';
  /**
   * Namespace of the RoleBinding, of a Role the grant creates, and of the ServiceAccount it creates.
   * @default the enclosing SecureNamespace
   */
  readonly namespace?: string;
  /**
   * Permissions; the grant creates a Role (scope "namespace") or ClusterRole (scope "cluster") holding them.
   * Give either `rules` or `role`.
   * @default none
   */
  readonly rules?: AccessRule[];
  /**
   * An existing role to bind instead of `rules`: an AccessRole, `AccessRole.builtIn('view')`, or
   * `AccessRole.named(...)`. A RoleBinding may point at a Role of its own namespace or at a ClusterRole.
   * @default a role made from `rules`
   */
  readonly role?: IAccessRole;
  /**
   * Who receives the permissions.
   * @default a new ServiceAccount named after the grant, in its namespace
   */
  readonly subjects?: AccessSubject[];
}

/** Options of {@link AccessGrant.readOnly} and {@link AccessGrant.ciDeployer}. */
export interface NamespaceAccessOptions {
  /**
   * Name of the grant.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * Namespace the access is limited to.
   * @default the enclosing SecureNamespace
   */
  readonly namespace?: string;
  /**
   * Who receives the access.
   * @default a new ServiceAccount named after the grant
   */
  readonly subjects?: AccessSubject[];
}

/** Options of {@link AccessGrant.ciDeployer}. */
export interface CiDeployerOptions extends NamespaceAccessOptions {
  /**
   * Also lets the deployer create and change Secrets, for pipelines that apply them; the reason is recorded.
   * Reading Secrets back is never granted.
   * @default Secrets are not touched
   */
  readonly manageSecrets?: { readonly reason: string };
}

const PROPS = propNames<AccessGrantProps>()({ name: true, scope: true, namespace: true, rules: true, role: true, subjects: true });
const NAMESPACE_ACCESS_PROPS = propNames<NamespaceAccessOptions>()({ name: true, namespace: true, subjects: true });
const CI_DEPLOYER_PROPS = propNames<CiDeployerOptions>()({ name: true, namespace: true, subjects: true, manageSecrets: true });

/**
 * Checks the options of a shortcut (readOnly, ciDeployer) before the grant exists: not an object, or a prop of the
 * grant that the shortcut sets itself (rules, role, scope), is a problem named `<id>...` at the scope. Other unknown
 * options are reported by the grant.
 */
function checkShortcut(scope: Construct, id: string, options: unknown, known: readonly string[]): PropsValidator {
  const v = PropsValidator.of(checkedScope(scope, id));
  if (v.check(options === undefined || isObject(options), id, options, `an object of options (${known.join(', ')})`)) {
    for (const key of PROPS.filter((k) => !known.includes(k) && Object.prototype.hasOwnProperty.call(options ?? {}, k))) {
      v.fail(`${id}.${key}`, (options as Record<string, unknown>)[key], `no ${key}: the shortcut sets it; its options are ${known.join(', ')}`);
    }
  }
  return v;
}

/** What a namespace reader sees: workloads, their pods and logs, config, networking; never Secrets. */
const NAMESPACE_READ_RULES: AccessRule[] = [
  readAccess('', ['pods', 'pods/log', 'services', 'endpoints', 'configmaps', 'persistentvolumeclaims', 'serviceaccounts', 'events', 'replicationcontrollers']),
  readAccess('apps', ['deployments', 'statefulsets', 'daemonsets', 'replicasets']),
  readAccess('batch', ['jobs', 'cronjobs']),
  readAccess('autoscaling', ['horizontalpodautoscalers']),
  readAccess('policy', ['poddisruptionbudgets']),
  readAccess('networking.k8s.io', ['ingresses', 'networkpolicies']),
  readAccess('discovery.k8s.io', ['endpointslices']),
];

/** What a CI deployer changes: the objects an app consists of, but no RBAC, no exec and no Secrets. */
const DEPLOYER_MANAGE_RULES: AccessRule[] = [
  manageAccess('', ['services', 'configmaps', 'persistentvolumeclaims', 'serviceaccounts']),
  manageAccess('apps', ['deployments', 'statefulsets', 'daemonsets']),
  manageAccess('batch', ['jobs', 'cronjobs']),
  manageAccess('autoscaling', ['horizontalpodautoscalers']),
  manageAccess('policy', ['poddisruptionbudgets']),
  manageAccess('networking.k8s.io', ['ingresses', 'networkpolicies']),
];

/**
 * One declaration of "who may do what, where": a subject (by default a new ServiceAccount), a Role or ClusterRole
 * (made from typed rules, or an existing one) and the binding between them. The binding's roleRef always comes from
 * the role object, so its kind cannot disagree with the role; a ServiceAccount subject always has a namespace.
 *
 * Its main object (child `Resource`) is the binding, a RoleBinding or a ClusterRoleBinding: the grant itself. The
 * role it creates is the AccessRole child `role`, the ServiceAccount the child `service-account`. It is a
 * `Resource` rather than a `NamespacedResource` since a ClusterRoleBinding has no namespace.
 */
export class AccessGrant extends Resource {
  /** Read-only access to one namespace: get, list and watch its workloads, pods, logs and config; not Secrets. */
  public static readOnly(scope: Construct, id: string, options: NamespaceAccessOptions = {}): AccessGrant {
    checkShortcut(scope, id, options, NAMESPACE_ACCESS_PROPS).throwIfInvalid();
    return new AccessGrant(scope, id, { ...options, scope: 'namespace', rules: NAMESPACE_READ_RULES });
  }

  /**
   * A CI pipeline's deployer, limited to one namespace: it applies Deployments, StatefulSets, Services, ConfigMaps,
   * Ingresses, NetworkPolicies... and reads what it deployed. It cannot change RBAC, exec into pods or read Secrets.
   */
  public static ciDeployer(scope: Construct, id: string, options: CiDeployerOptions = {}): AccessGrant {
    const v = checkShortcut(scope, id, options, CI_DEPLOYER_PROPS);
    v.throwIfInvalid();
    if (options?.manageSecrets !== undefined) {
      const reason = isObject(options.manageSecrets) ? options.manageSecrets.reason : undefined;
      if (v.check(typeof reason === 'string' && reason.trim().length > 0, `${id}.manageSecrets.reason`, reason, 'a reason why the pipeline applies Secrets')) {
        v.knownProps(`${id}.manageSecrets`, options.manageSecrets, ['reason']);
      }
    }
    v.throwIfInvalid();
    const secrets: AccessRule[] = options?.manageSecrets ? [{ apiGroup: '', resources: ['secrets'], verbs: ['create', 'update', 'patch', 'delete'] }] : [];
    const { manageSecrets: _manageSecrets, ...grantOptions } = options ?? {};
    return new AccessGrant(scope, id, {
      ...grantOptions,
      scope: 'namespace',
      rules: [...NAMESPACE_READ_RULES, ...DEPLOYER_MANAGE_RULES, ...secrets],
    });
  }

  /** Namespace of a RoleBinding; undefined for a ClusterRoleBinding. */
  public readonly namespace?: string;
  /** The role that is bound. */
  public readonly role: IAccessRole;
  /** The ServiceAccount the grant created, when no subjects were given. */
  public readonly serviceAccount?: ServiceAccount;
  /** Who receives the permissions. */
  public readonly subjects: readonly AccessSubject[];

  public constructor(scope: Construct, id: string, props: AccessGrantProps) {
    super(scope, id, props, { props: PROPS });
    const v = this.validator;
    requireProps(v, props);
    const clusterWide = props.scope === 'cluster';
    v.check(props.scope === undefined || ['namespace', 'cluster'].includes(props.scope), 'scope', props.scope, '"namespace" (a RoleBinding) or "cluster" (a ClusterRoleBinding)');
    const subjectsOk = props.subjects === undefined || v.check(Array.isArray(props.subjects) && props.subjects.length > 0, 'subjects', props.subjects,
      'a list of at least one AccessSubject, or none to create a ServiceAccount');
    // The namespace matters for a RoleBinding, and for the ServiceAccount a grant creates.
    const needsNamespace = !clusterWide || props.subjects === undefined;
    const namespace = needsNamespace ? resolveNamespace(this, props.namespace, v) : props.namespace ?? enclosingNamespace(this);
    this.namespace = clusterWide ? undefined : namespace;
    v.check((props.rules === undefined) !== (props.role === undefined), 'rules', props.rules, 'either `rules` (a new role) or `role` (an existing one), not both');
    const role = props.role !== undefined && AccessRole._validateRole(v, 'role', props.role) ? props.role : undefined;
    if (role) {
      v.check(!(clusterWide && role.roleKind === 'Role'), 'role', `Role ${role.roleName}`,
        'a ClusterRole: a ClusterRoleBinding cannot point at a Role (use scope "namespace")');
      v.check(role.roleKind !== 'Role' || role.roleNamespace === this.namespace, 'role', `Role ${role.roleNamespace}/${role.roleName}`,
        `a Role of namespace ${this.namespace} (a RoleBinding only reaches Roles of its own namespace) or a ClusterRole`);
    }
    if (subjectsOk && props.subjects !== undefined) {
      props.subjects.forEach((s, i) => {
        if (v.check(s instanceof AccessSubject, `subjects[${i}]`, s, 'an AccessSubject: AccessSubject.serviceAccount(sa), .serviceAccountNamed(name, namespace), .user(name) or .group(name)')) {
          s._validate(v, `subjects[${i}]`);
        }
      });
      v.unique('subjects', props.subjects, (s) => (s instanceof AccessSubject ? `${s.kind}/${s.namespace ?? ''}/${s.name}` : String(s)), 'a subject');
    }
    v.throwIfInvalid();

    // The role is built from the user's `rules`: its problems are reported as the grant's.
    this.role = role ?? reportUnder(this, 'role', (f) => f, () => new AccessRole(this, 'role', {
      name: this.name,
      scope: clusterWide ? 'cluster' : 'namespace',
      namespace: clusterWide ? undefined : namespace,
      rules: props.rules!,
    }));
    if (props.subjects === undefined) {
      this.serviceAccount = new ServiceAccount(this, 'service-account', { name: this.name, namespace });
    }
    this.subjects = props.subjects ?? [AccessSubject.serviceAccount(this.serviceAccount!)];
    addLateValidation(this, (late) => {
      const problem = this.role._existenceProblem(this.node.root);
      late.check(problem === undefined, 'role', `${this.role.roleKind} ${this.role.roleName}`, `a role that exists (${problem})`);
    });

    const broad = this.subjects.filter((s) => s._broadReason !== undefined).map((s) => `${s.name}: ${s._broadReason}`);
    const metadata = {
      name: this.name,
      namespace: this.namespace,
      annotations: broad.length > 0 ? { [`${SUPPRESS_ANNOTATION_PREFIX}rbac-broad-subject`]: broad.join('; ') } : undefined,
    };
    const roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: this.role.roleKind, name: this.role.roleName };
    const subjects = this.subjects.map((s) => s._render());
    if (clusterWide) {
      new KubeClusterRoleBinding(this, RESOURCE_ID, { metadata, roleRef, subjects });
    } else {
      new KubeRoleBinding(this, RESOURCE_ID, { metadata, roleRef, subjects });
    }
  }
}

