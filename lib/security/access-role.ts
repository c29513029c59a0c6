import { KubeClusterRole, KubeRole } from '../core/k8s';
import { Construct, IConstruct } from 'constructs';
import { SUPPRESS_ANNOTATION_PREFIX } from '../core/annotations';
import { resolveNamespace } from '../core/namespace-scope';
import { DNS_LABEL } from '../core/formats';
import { Resource, RESOURCE_ID, propNames } from '../core/resource';
import { PropsValidator, requireProps } from '../core/validator';
import { AccessRule, renderAccessRule, validateAccessRule } from './access-rule';

/** What a binding points at: a Role in one namespace or a ClusterRole. */
export interface IAccessRole {
  /** "Role" or "ClusterRole"; a binding's roleRef kind is always taken from here. */
  readonly roleKind: 'Role' | 'ClusterRole';
  /** Name of the role. */
  readonly roleName: string;
  /** Namespace of a Role; undefined for a ClusterRole. */
  readonly roleNamespace?: string;
  /**
   * Checks, once the app is complete, that the role this points at exists; returns the problem or undefined.
   * @internal
   */
  _existenceProblem(root: IConstruct): string | undefined;
}

/**
 * Whether `name` is a name RBAC objects may have (the API server's path segment rule: not empty, no "/" or "%", not
 * "." or ".."); built-in roles have names such as "system:auth-delegator", so this is wider than an object name.
 */
function isRbacName(name: unknown): name is string {
  return typeof name === 'string' && name.length > 0 && name.length <= 253 && /^[^/%\s]+$/.test(name) && name !== '.' && name !== '..';
}

const RBAC_NAME = 'a role name: 1-253 characters without "/", "%" or spaces, not "." or ".." (e.g. "view" or "system:auth-delegator")';

/** ClusterRoles that every cluster has, which keelson binds by name. */
export const BUILTIN_CLUSTER_ROLES = ['view', 'edit', 'admin', 'cluster-admin'] as const;

/** Props of an {@link AccessRole}. */
export interface AccessRoleProps {
  /**
   * Name of the role.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * "namespace" makes a Role, whose rules apply in one namespace; "cluster" makes a ClusterRole, whose rules apply
   * to cluster-scoped resources and, when bound by a ClusterRoleBinding, to every namespace.
   * @default "namespace"
   */
  readonly scope?: 'namespace' | 'cluster';
  /**
   * Namespace of a Role (not allowed for a ClusterRole).
   * @default the enclosing SecureNamespace
   */
  readonly namespace?: string;
  /** The permissions. */
  readonly rules: AccessRule[];
  /**
   * Labels of the role.
   * @default none
   */
  readonly labels?: Record<string, string>;
}

const PROPS = propNames<AccessRoleProps>()({ name: true, scope: true, namespace: true, rules: true, labels: true });

class RoleReference implements IAccessRole {
  public constructor(
    public readonly roleKind: 'Role' | 'ClusterRole',
    public readonly roleName: string,
    public readonly roleNamespace: string | undefined,
    private readonly mustExist: boolean,
    private readonly factory: string,
    private readonly builtIn = false,
  ) {}

  /** Records what is wrong with the arguments of the factory that made this reference, under `field`. */
  public _validate(v: PropsValidator, field: string): void {
    if (this.builtIn) {
      v.check((BUILTIN_CLUSTER_ROLES as readonly unknown[]).includes(this.roleName), `${field}`, this.roleName,
        `${this.factory}(name) with one of ${BUILTIN_CLUSTER_ROLES.map((r) => `"${r}"`).join(', ')} (a ClusterRole every cluster has)`);
      return;
    }
    v.check(this.roleKind === 'Role' || this.roleKind === 'ClusterRole', field, this.roleKind, `${this.factory}(kind) of "Role" or "ClusterRole"`);
    v.check(isRbacName(this.roleName), field, this.roleName, `${this.factory}(name) with ${RBAC_NAME}`);
    if (this.roleKind === 'Role') {
      v.format(field, this.roleNamespace, DNS_LABEL, true);
    }
  }

  public _existenceProblem(root: IConstruct): string | undefined {
    if (!this.mustExist) {
      return undefined;
    }
    const roles = root.node.findAll().filter((c): c is AccessRole => c instanceof AccessRole && c.roleName === this.roleName);
    const where = this.roleNamespace === undefined ? '' : ` in namespace ${this.roleNamespace}`;
    if (roles.some((r) => r.roleKind === this.roleKind && r.roleNamespace === this.roleNamespace)) {
      return undefined;
    }
    const other = roles.find((r) => r.roleKind !== this.roleKind);
    return other
      ? `no ${this.roleKind} "${this.roleName}"${where} is defined in this app, but a ${other.roleKind} of that name is; bind the role object itself so the kind cannot differ`
      : `no ${this.roleKind} "${this.roleName}"${where} is defined in this app`;
  }
}

/**
 * A Role or ClusterRole with typed, checked rules: built-in resources must be in their API group, wildcards need a
 * reason, and `resourceNames` cannot be combined with verbs whose requests carry no name. Bind it with an
 * {@link AccessGrant}.
 *
 * Its main object (child `Resource`) is the Role or ClusterRole. It is a `Resource` rather than a
 * `NamespacedResource` since a ClusterRole has no namespace.
 */
export class AccessRole extends Resource implements IAccessRole {
  /** A built-in ClusterRole (view, edit, admin, cluster-admin). */
  public static builtIn(name: typeof BUILTIN_CLUSTER_ROLES[number]): IAccessRole {
    return new RoleReference('ClusterRole', name, undefined, false, 'AccessRole.builtIn', true);
  }

  /**
   * A role defined in this app by another construct, referred to by name. Synthesis fails unless a role of exactly
   * this kind, name and namespace exists, so a binding to a missing role (or to the wrong kind) cannot be written.
   */
  public static named(kind: 'Role', name: string, namespace: string): IAccessRole;
  public static named(kind: 'ClusterRole', name: string): IAccessRole;
  public static named(kind: 'Role' | 'ClusterRole', name: string, namespace?: string): IAccessRole {
    return new RoleReference(kind, name, kind === 'Role' ? namespace : undefined, true, 'AccessRole.named');
  }

  /** A ClusterRole installed by something else (an add-on's chart); it is not checked. */
  public static external(name: string): IAccessRole {
    return new RoleReference('ClusterRole', name, undefined, false, 'AccessRole.external');
  }

  /**
   * Records on `v`, under `field`, what is wrong with a role given to a binding: anything but an AccessRole or a
   * reference made by `AccessRole.builtIn`, `named` or `external`, or a reference made with bad arguments. @internal
   */
  public static _validateRole(v: PropsValidator, field: string, role: unknown): boolean {
    if (role instanceof RoleReference) {
      const before = v.issues.length;
      role._validate(v, field);
      return v.issues.length === before;
    }
    return v.check(role instanceof AccessRole, field, role,
      'an AccessRole, or AccessRole.builtIn("view"), AccessRole.named("Role", name, namespace) or AccessRole.external(name)');
  }

  public readonly roleKind: 'Role' | 'ClusterRole';
  public readonly roleName: string;
  public readonly roleNamespace?: string;
  /** The rules, as given. */
  public readonly rules: readonly AccessRule[];

  public constructor(scope: Construct, id: string, props: AccessRoleProps) {
    super(scope, id, props, { props: PROPS });
    const v = this.validator;
    requireProps(v, props);
    const clusterWide = props.scope === 'cluster';
    this.roleKind = clusterWide ? 'ClusterRole' : 'Role';
    this.roleName = this.name;
    this.rules = props.rules;
    v.check(props.scope === undefined || ['namespace', 'cluster'].includes(props.scope), 'scope', props.scope, '"namespace" (a Role) or "cluster" (a ClusterRole)');
    if (clusterWide) {
      v.check(props.namespace === undefined, 'namespace', props.namespace, 'no namespace: a ClusterRole is cluster-scoped');
    } else {
      this.roleNamespace = resolveNamespace(this, props.namespace, v);
    }
    if (v.check(Array.isArray(props.rules) && props.rules.length > 0, 'rules', props.rules, 'at least one rule')) {
      props.rules.forEach((r, i) => validateAccessRule(v, `rules[${i}]`, r));
    }
    v.throwIfInvalid();

    const wildcardReasons = props.rules.flatMap((r) => (r.wildcard ? [r.wildcard.reason] : []));
    const metadata = {
      name: this.roleName,
      namespace: this.roleNamespace,
      labels: props.labels,
      annotations: wildcardReasons.length > 0 ? { [`${SUPPRESS_ANNOTATION_PREFIX}rbac-wildcard`]: wildcardReasons.join('; ') } : undefined,
    };
    const rules = props.rules.map(renderAccessRule);
    if (clusterWide) {
      new KubeClusterRole(this, RESOURCE_ID, { metadata, rules });
    } else {
      new KubeRole(this, RESOURCE_ID, { metadata, rules });
    }
  }

  /** @internal */
  public _existenceProblem(): string | undefined {
    return undefined;
  }
}
