import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Format, LABEL_KEY, LABEL_VALUE, OBJECT_NAME } from './formats';
import { resolveNamespace } from './namespace-scope';
import { PropsValidator, checkedScope } from './validator';

/** Props that every construct rendering one main Kubernetes object has. */
export interface ResourceProps {
  /**
   * Name of the main object.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * Extra labels on every object the construct writes.
   * @default none
   */
  readonly labels?: Record<string, string>;
}

/** Props of a resource that lives in a namespace. */
export interface NamespacedResourceProps extends ResourceProps {
  /**
   * Namespace of every object.
   * @default the enclosing SecureNamespace
   */
  readonly namespace?: string;
}

/** How a resource checks its opening props. */
export interface ResourceOptions {
  /**
   * Every prop name the construct accepts: any other (from JavaScript, or passed `as any`) is an error that names it,
   * instead of being silently ignored. List them with {@link propNames}.
   */
  readonly props: readonly string[];
  /**
   * The form of the name.
   * @default a DNS-1123 subdomain (OBJECT_NAME)
   */
  readonly nameFormat?: Format;
}

/**
 * The names of a props interface, checked by the compiler to be complete and exact:
 * `propNames<WebServiceProps>()({ image: true, replicas: true, ... })`.
 */
export function propNames<T>(): (names: { readonly [K in keyof Required<T>]: true }) => readonly string[] {
  return (names) => Object.keys(names);
}

/** The id of the main object's construct in every resource: `ApiObject.of(x.resource)` reaches it. */
export const RESOURCE_ID = 'Resource';

/**
 * The base of every construct that renders one main object (a Deployment, a Role, a Gateway): its name, labels and
 * props validator, unknown props refused, and the main object always at child id `Resource`.
 *
 * Escape hatch: `ApiObject.of(construct.resource).addJsonPatch(JsonPatch.add('/spec/...', value))` changes the main
 * object after keelson rendered it; the policy checks and schema validation see the result.
 */
export abstract class Resource extends Construct {
  /** Name of the main object. */
  public readonly name: string;
  /** Collects the problems of the props; subclasses add theirs and call `throwIfInvalid()` before creating objects. */
  protected readonly validator: PropsValidator;

  protected constructor(scope: Construct, id: string, props: ResourceProps, options: ResourceOptions) {
    super(checkedScope(scope, id), id);
    const v = PropsValidator.of(this);
    this.validator = v;
    v.knownProps('', props, options.props);
    this.name = props?.name ?? id;
    v.format('name', this.name, options.nameFormat ?? OBJECT_NAME, true);
    v.map('labels', props?.labels, LABEL_KEY, LABEL_VALUE);
  }

  /** The main object (child `Resource`), for escape hatches such as `ApiObject.of(x.resource).addJsonPatch(...)`. */
  public get resource(): ApiObject {
    const child = this.node.tryFindChild(RESOURCE_ID);
    if (!child || !ApiObject.isApiObject(child)) {
      throw new Error(`${this.node.path} has no main object at child id "${RESOURCE_ID}"`);
    }
    return child;
  }
}

/** A {@link Resource} in a namespace: `namespace`, or the enclosing SecureNamespace. */
export abstract class NamespacedResource extends Resource {
  /** Namespace of every object the construct writes. */
  public readonly namespace: string;

  protected constructor(scope: Construct, id: string, props: NamespacedResourceProps, options: ResourceOptions) {
    super(scope, id, props, options);
    this.namespace = resolveNamespace(this, props?.namespace, this.validator);
  }
}

/** The metadata of a namespaced resource's main object, as {@link resourceMetadata} writes it. */
export interface ResourceMetadata {
  readonly name: string;
  readonly namespace: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

/**
 * The metadata of a namespaced resource's main object: its name and namespace, the labels as given, and a copy of the
 * annotations when there are any (an empty map is not written).
 */
export function resourceMetadata(resource: NamespacedResource, labels: Record<string, string> | undefined,
  annotations: Readonly<Record<string, string>> | undefined): ResourceMetadata {
  return {
    name: resource.name,
    namespace: resource.namespace,
    labels,
    annotations: annotations && Object.keys(annotations).length > 0 ? { ...annotations } : undefined,
  };
}
