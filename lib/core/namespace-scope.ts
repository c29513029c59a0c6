import { IConstruct } from 'constructs';

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
