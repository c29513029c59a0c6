// An in-process `kubectl auth can-i`: evaluates the RBAC objects an app synthesizes (Roles, ClusterRoles and their
// bindings) the way the API server's RBAC authorizer does, so tests can assert who may do what before anything is
// applied. Aggregated ClusterRoles and the built-in roles other than cluster-admin are not modelled; a binding to
// a role that is not among the objects grants nothing.
import { PropsValidator, isObject } from '../core/validator';

/** Who asks. */
export interface AccessIdentity {
  /** A user name, as the authenticator reports it. */
  readonly user?: string;
  /** Groups of the user. */
  readonly groups?: readonly string[];
  /** A ServiceAccount, which authenticates as `system:serviceaccount:<namespace>:<name>`. */
  readonly serviceAccount?: { readonly name: string; readonly namespace: string };
}

/** What is asked, like `kubectl auth can-i <verb> <resource>[/<name>] [-n <namespace> | -A]`. */
export interface AccessRequest {
  /** The verb: get, list, watch, create, update, patch, delete, deletecollection, use... */
  readonly verb: string;
  /** The resource, plural, optionally with its subresource: "pods", "pods/log". */
  readonly resource: string;
  /** Its API group; "" is the core group. */
  readonly apiGroup?: string;
  /** The namespace; leave it out for cluster-scoped resources and for requests across all namespaces (`-A`). */
  readonly namespace?: string;
  /** The object name, for get, update, patch and delete of one object. */
  readonly name?: string;
}

/** The answer, with the binding and rule that allowed it. */
export interface AccessDecision {
  /** Whether RBAC allows the request. */
  readonly allowed: boolean;
  /** "<binding kind>/<name> -> <role kind>/<name>" that allowed it, or why nothing did. */
  readonly reason: string;
}

interface RbacObject {
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly rules?: ReadonlyArray<Record<string, readonly string[] | undefined>>;
  readonly roleRef?: { readonly kind: string; readonly name: string };
  readonly subjects?: ReadonlyArray<{ readonly kind: string; readonly name: string; readonly namespace?: string }>;
}

const CLUSTER_ADMIN_RULES = [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }];

const includes = (list: readonly string[] | undefined, value: string) => (list ?? []).includes('*') || (list ?? []).includes(value);

function resourceMatches(list: readonly string[] | undefined, resource: string): boolean {
  const [, sub] = resource.split('/');
  return (list ?? []).some((r) => r === '*' || r === resource || (sub !== undefined && r === `*/${sub}`));
}

/** Evaluates RBAC objects against access requests. */
export class AccessReview {
  private readonly objects: readonly RbacObject[];

  /** `objects`: any parsed manifests; only RBAC kinds are read. */
  public constructor(objects: readonly unknown[]) {
    const v = new PropsValidator('');
    v.check(Array.isArray(objects), 'AccessReview(objects)', objects, 'a list of parsed manifests');
    v.throwIfInvalid();
    this.objects = objects.filter((o): o is RbacObject => o !== null && typeof o === 'object');
  }

  /** Whether `who` may make `request`, and through which binding. */
  public can(who: AccessIdentity, request: AccessRequest): AccessDecision {
    const v = new PropsValidator('');
    if (v.knownProps('can(who)', who, ['user', 'groups', 'serviceAccount']) && v.check(isObject(who), 'can(who)', who, '{ user?, groups?, serviceAccount? }')) {
      v.check(who.user === undefined || typeof who.user === 'string', 'can(who).user', who.user, 'a user name');
      v.check(who.groups === undefined || (Array.isArray(who.groups) && who.groups.every((g) => typeof g === 'string')), 'can(who).groups', who.groups,
        'a list of group names');
      v.check(who.serviceAccount === undefined || (isObject(who.serviceAccount) && typeof who.serviceAccount.name === 'string'
        && typeof who.serviceAccount.namespace === 'string'), 'can(who).serviceAccount', who.serviceAccount, '{ name, namespace }');
    }
    if (v.knownProps('can(request)', request, ['verb', 'resource', 'apiGroup', 'namespace', 'name'])
      && v.check(isObject(request), 'can(request)', request, '{ verb, resource, apiGroup?, namespace?, name? }')) {
      for (const key of ['verb', 'resource'] as const) {
        v.check(typeof request[key] === 'string' && request[key].length > 0, `can(request).${key}`, request[key], `the ${key}, a string`);
      }
      for (const key of ['apiGroup', 'namespace', 'name'] as const) {
        v.check(request[key] === undefined || typeof request[key] === 'string', `can(request).${key}`, request[key], 'a string');
      }
    }
    v.throwIfInvalid();
    const { user, groups } = this.identify(who);
    const bindings = this.objects.filter((o) =>
      (o.kind === 'ClusterRoleBinding' || (o.kind === 'RoleBinding' && request.namespace !== undefined && o.metadata?.namespace === request.namespace))
      && (o.subjects ?? []).some((s) => this.subjectMatches(s, user, groups)));
    for (const binding of bindings) {
      const rules = this.rulesOf(binding);
      if (rules.some((r) => this.ruleAllows(r, request))) {
        return { allowed: true, reason: `${binding.kind}/${binding.metadata?.name} -> ${binding.roleRef?.kind}/${binding.roleRef?.name}` };
      }
    }
    return { allowed: false, reason: bindings.length === 0 ? `no binding names ${user}` : `no rule of ${bindings.map((b) => `${b.kind}/${b.metadata?.name}`).join(', ')} allows it` };
  }

  private identify(who: AccessIdentity): { user: string; groups: string[] } {
    if (who.serviceAccount) {
      const { name, namespace } = who.serviceAccount;
      return {
        user: `system:serviceaccount:${namespace}:${name}`,
        groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated', ...(who.groups ?? [])],
      };
    }
    return { user: who.user ?? 'system:anonymous', groups: [...(who.groups ?? []), ...(who.user ? ['system:authenticated'] : ['system:unauthenticated'])] };
  }

  private subjectMatches(s: { kind: string; name: string; namespace?: string }, user: string, groups: string[]): boolean {
    switch (s.kind) {
      case 'User': return s.name === user;
      case 'Group': return groups.includes(s.name);
      // A ServiceAccount subject without a namespace matches no one.
      case 'ServiceAccount': return s.namespace !== undefined && user === `system:serviceaccount:${s.namespace}:${s.name}`;
      default: return false;
    }
  }

  private rulesOf(binding: RbacObject): ReadonlyArray<Record<string, readonly string[] | undefined>> {
    const ref = binding.roleRef;
    if (ref?.kind === 'ClusterRole' && ref.name === 'cluster-admin') {
      return CLUSTER_ADMIN_RULES;
    }
    // A RoleBinding reaches Roles of its own namespace; a ClusterRoleBinding only ClusterRoles.
    const role = this.objects.find((o) => o.kind === ref?.kind && o.metadata?.name === ref?.name
      && (ref?.kind === 'ClusterRole' || (binding.kind === 'RoleBinding' && o.metadata?.namespace === binding.metadata?.namespace)));
    return role?.rules ?? [];
  }

  private ruleAllows(rule: Record<string, readonly string[] | undefined>, request: AccessRequest): boolean {
    if (!includes(rule.verbs, request.verb) || !includes(rule.apiGroups, request.apiGroup ?? '') || !resourceMatches(rule.resources, request.resource)) {
      return false;
    }
    const names = rule.resourceNames ?? [];
    return names.length === 0 || (request.name !== undefined && names.includes(request.name));
  }
}
