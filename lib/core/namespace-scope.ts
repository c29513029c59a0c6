import { IConstruct } from 'constructs';
import { DNS_LABEL } from './formats';
import { PropsValidator } from './validator';

const NAMESPACE_SCOPE = Symbol.for('keelson.namespace-scope');

/** A construct that places everything defined inside it into one Kubernetes namespace. */
export interface INamespaceScope extends IConstruct {
  /** The namespace that constructs defined inside this scope are created in. */
  readonly namespaceName: string;
}

/** Marks `scope` so that constructs defined inside it default to its namespace. */
export function registerNamespaceScope(scope: INamespaceScope): void {
  Object.defineProperty(scope, NAMESPACE_SCOPE, { value: true });
}

/** The namespace of the nearest enclosing namespace scope, if any. */
export function enclosingNamespace(construct: IConstruct): string | undefined {
  for (let c: IConstruct | undefined = construct.node.scope; c; c = c.node.scope) {
    if ((c as any)[NAMESPACE_SCOPE] === true) {
      return (c as INamespaceScope).namespaceName;
    }
  }
  return undefined;
}

/**
 * The namespace that a construct created directly in `scope` defaults to: that of `scope` if it is a namespace
 * scope itself, else of the nearest enclosing one. For props computed before the construct exists.
 */
export function namespaceWithin(scope: IConstruct): string | undefined {
  return (scope as any)[NAMESPACE_SCOPE] === true ? (scope as INamespaceScope).namespaceName : enclosingNamespace(scope);
}

/**
 * The namespace of a namespaced construct: `explicit`, or else the enclosing namespace scope. Records a
 * problem on `v` when there is neither or the name is invalid; returns "" then (the caller throws before using it).
 */
export function resolveNamespace(construct: IConstruct, explicit: string | undefined, v: PropsValidator): string {
  const namespace = explicit ?? enclosingNamespace(construct);
  if (v.check(namespace !== undefined, 'namespace', namespace, 'a namespace: set `namespace` or define the construct inside a SecureNamespace')) {
    v.format('namespace', namespace, DNS_LABEL);
  }
  return namespace ?? '';
}

/** The namespaces of the cluster itself, which keelson never locks down (default deny there is a cluster-wide outage). */
export const SYSTEM_NAMESPACES: readonly string[] = ['kube-system', 'kube-public', 'kube-node-lease'];

/** The message of the refusal to lock down a system namespace. */
export const SYSTEM_NAMESPACE_REFUSAL = 'a namespace other than kube-system, kube-public and kube-node-lease: a default-deny NetworkPolicy there cuts off '
  + 'cluster DNS and the control plane\'s add-ons, a cluster-wide outage; manage those namespaces with the platform\'s own tooling';
