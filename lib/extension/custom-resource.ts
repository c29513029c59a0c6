import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { SCHEMA_SOURCE_ANNOTATION } from '../core/annotations';
import { describeValue } from '../core/errors';
import { ANNOTATION_KEY, SUBDOMAIN } from '../core/formats';
import { resolveNamespace } from '../core/namespace-scope';
import { RESOURCE_ID, Resource, propNames } from '../core/resource';
import { PropsValidator, addLateValidation, isObject, requireProps } from '../core/validator';
import { InstanceProblem, validateCustomObject } from './crd-validator';
import type { CustomResourceSpec, CustomResourceVersionName } from './custom-resource-definition';
import { CustomResourceVersion, ICustomResourceType } from './custom-resource-type';
import { ImportedCrd } from './imported-crd';

/** The annotation that records why a custom resource's kind has schema rules keelson does not check (see ImportedCrd `unchecked`). */
export const UNCHECKED_SCHEMA_ANNOTATION = 'keelson.dev/unchecked-schema-reason';

/** Props of a {@link CustomResource}. */
export interface CustomResourceProps<TSpec = Record<string, unknown>> {
  /** The kind: a CustomResourceDefinition of this app, or a vendor's CRD read with ImportedCrd.fromFile. */
  readonly type: ICustomResourceType;
  /**
   * The version to write (a served one; a deprecated version is allowed, and the API server warns when it is used).
   * @default the storage version
   */
  readonly version?: string;
  /**
   * Name of the object: a DNS subdomain.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * Namespace of the object; refused for a cluster-scoped kind.
   * @default the enclosing SecureNamespace (for a namespaced kind)
   */
  readonly namespace?: string;
  /**
   * Labels of the object.
   * @default none
   */
  readonly labels?: Record<string, string>;
  /**
   * Annotations of the object.
   * @default none
   */
  readonly annotations?: Record<string, string>;
  /** The spec, checked against the version's schema: unknown fields and wrong types are errors. */
  readonly spec: TSpec;
  /**
   * Never accepted: the controller writes the status (through the status subresource), and the API server ignores a
   * status sent with the object.
   * @default none
   */
  readonly status?: never;
}

/** Props of {@link CustomResource.typed}: the spec's type follows from the definition and version. */
export type TypedCustomResourceProps<D extends ICustomResourceType, V extends string> =
  Omit<CustomResourceProps<CustomResourceSpec<D, V>>, 'type' | 'version'> & {
    /** The kind (see {@link CustomResourceProps.type}). */
    readonly type: D;
    /** The version (see {@link CustomResourceProps.version}). @default the storage version */
    readonly version?: V;
  };

const PROPS = propNames<CustomResourceProps>()({
  type: true, version: true, name: true, namespace: true, labels: true, annotations: true, spec: true, status: true,
});
const MAX_DEPTH = 100;

/**
 * One custom resource (an object of a custom kind), validated against its version's schema in the constructor and
 * again at synth (so an escape-hatch patch is checked too): an unknown field, a wrong type, a missing required field,
 * a value outside an enum, pattern, format or bounds fails with the construct path and the JSON path, e.g.
 * `[app/job] spec.delaySeconds: got "10"; expected type integer`. See crd-validator.ts for how the schema is read.
 *
 * Not checked offline: CEL rules (`x-kubernetes-validations`). For a CRD authored with CustomResourceDefinition they
 * are checked for syntax when the CRD is synthesized, but not evaluated on custom resources: the API server evaluates
 * them when the object is applied. An imported CRD with CEL rules is refused unless given `unchecked: { reason }`,
 * which each of its custom resources records in the annotation `keelson.dev/unchecked-schema-reason`.
 *
 * `spec` is typed `TSpec`; {@link CustomResource.typed} derives it from a CustomResourceDefinition's schema.
 */
export class CustomResource<TSpec = Record<string, unknown>> extends Resource {
  /**
   * A custom resource whose spec is typed by the definition's schema for `version` (every version's type, as a union,
   * when no version is given): `CustomResource.typed(ns, 'job', { type: delayedJobs, version: 'v1', spec: {...} })`.
   */
  public static typed<D extends ICustomResourceType, V extends CustomResourceVersionName<D> = CustomResourceVersionName<D>>(
    scope: Construct, id: string, props: TypedCustomResourceProps<D, V>): CustomResource<CustomResourceSpec<D, V>> {
    return new CustomResource<CustomResourceSpec<D, V>>(scope, id, props as CustomResourceProps<CustomResourceSpec<D, V>>);
  }

  /** The kind. */
  public readonly type: ICustomResourceType;
  /** The version written. */
  public readonly version: string;
  /** `<group>/<version>`. */
  public readonly apiVersion: string;
  /** Namespace of the object; undefined for a cluster-scoped kind. */
  public readonly namespace?: string;
  /** The spec as given. */
  public readonly spec: TSpec;

  public constructor(scope: Construct, id: string, props: CustomResourceProps<TSpec>) {
    super(scope, id, props, { props: PROPS, nameFormat: SUBDOMAIN });
    const v = this.validator;
    requireProps(v, props);
    const type = props.type;
    if (!v.check(isCustomResourceType(type), 'type', type,
      'a custom resource kind: a CustomResourceDefinition or an ImportedCrd (ImportedCrd.fromFile("crds/x.yaml"))')) {
      v.throwIfInvalid();
    }
    this.type = type;
    this.version = props.version ?? type.storageVersion;
    const served = type.versions.filter((x) => x.served).map((x) => x.name);
    const version = type.versions.find((x) => x.name === this.version);
    v.check(version !== undefined && version.served, 'version', props.version ?? `${this.version} (the storage version)`,
      `a version of ${type.kind} that the API server serves: ${served.join(', ') || 'none'}`);
    this.apiVersion = `${type.group}/${this.version}`;

    if (type.scope === 'Namespaced') {
      this.namespace = resolveNamespace(this, props.namespace, v);
    } else {
      v.check(props.namespace === undefined, 'namespace', props.namespace,
        `no namespace: ${type.kind} is cluster-scoped (scope: Cluster), so its objects live in no namespace`);
    }
    v.map('annotations', props.annotations, ANNOTATION_KEY, { test: (x) => typeof x === 'string', description: 'a string' });
    v.check(props.status === undefined, 'status', props.status,
      'no status: the controller writes it (through the status subresource); the API server ignores a status sent with the object');
    checkJson(v, 'spec', props.spec, 0, new Set());
    v.throwIfInvalid();

    this.spec = props.spec;
    const reason = typeof type.uncheckedReason === 'string' ? type.uncheckedReason : undefined;
    // A vendor's CRD is not among the objects: record which one the object was checked against, for the schema
    // checks of the synth and of `keelson check` (which then do not call the kind schemaless).
    const source: Record<string, string> = type instanceof ImportedCrd ? { [SCHEMA_SOURCE_ANNOTATION]: `CustomResourceDefinition ${type.name} (version ${this.version}), imported` } : {};
    const annotations = { ...source, ...(reason !== undefined ? { [UNCHECKED_SCHEMA_ANNOTATION]: reason } : {}), ...props.annotations };
    const object = {
      apiVersion: this.apiVersion,
      kind: type.kind,
      metadata: {
        name: this.name,
        ...(this.namespace !== undefined ? { namespace: this.namespace } : {}),
        ...(props.labels && Object.keys(props.labels).length > 0 ? { labels: { ...props.labels } } : {}),
        ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      },
      ...(props.spec !== undefined ? { spec: copyJson(props.spec) } : {}),
    };
    reportProblems(v, validateCustomObject(version!, object), type, this.version);
    v.throwIfInvalid();
    new ApiObject(this, RESOURCE_ID, object);
    // Again on the final object: an escape-hatch patch (ApiObject.of(cr.resource).addJsonPatch) is held to the schema too.
    addLateValidation(this, (late) => reportProblems(late, validateCustomObject(version!, this.resource.toJson()), type, this.version));
  }
}

/** Whether `x` has what a custom resource needs of its kind (a JavaScript caller may pass anything). */
function isCustomResourceType(x: unknown): x is ICustomResourceType {
  if (x === null || typeof x !== 'object') {
    return false;
  }
  const t = x as Partial<ICustomResourceType>;
  return typeof t.group === 'string' && typeof t.kind === 'string' && typeof t.storageVersion === 'string'
    && (t.scope === 'Namespaced' || t.scope === 'Cluster') && Array.isArray(t.versions)
    && t.versions.every((ver: CustomResourceVersion) => isObject(ver) && typeof ver.name === 'string' && typeof ver.served === 'boolean');
}

function reportProblems(v: PropsValidator, problems: readonly InstanceProblem[], type: ICustomResourceType, version: string): void {
  for (const p of problems) {
    v.fail(p.path === '' ? 'spec' : p.path, p.value, `${p.expected} (schema of ${type.kind} ${version} from ${type.source})`);
  }
}

/**
 * Records every value under `field` that JSON cannot write as it is (a BigInt, a function, NaN, a class instance,
 * a cycle...): the API server would receive something else than what was written, or nothing.
 */
function checkJson(v: PropsValidator, field: string, value: unknown, depth: number, path: Set<object>): void {
  const fail = (expected: string) => v.fail(field, value, expected);
  switch (typeof value) {
    case 'string': case 'boolean': case 'undefined': return;
    case 'number':
      if (!Number.isFinite(value)) {
        fail('a finite number (JSON has no NaN or Infinity)');
      }
      return;
    case 'object': break;
    default: fail('a JSON value: a string, number, boolean, list or object'); return;
  }
  if (value === null) {
    return;
  }
  const proto = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) {
    fail('a plain object or list (a class instance does not render as JSON as it is)');
    return;
  }
  if (path.has(value) || depth > MAX_DEPTH) {
    fail(path.has(value) ? 'a value that does not contain itself' : `at most ${MAX_DEPTH} levels of nesting`);
    return;
  }
  path.add(value);
  if (Array.isArray(value)) {
    value.forEach((item, i) => (item === undefined ? v.fail(`${field}[${i}]`, item, 'a JSON value (undefined in a list becomes null)')
      : checkJson(v, `${field}[${i}]`, item, depth + 1, path)));
  } else {
    for (const [k, item] of Object.entries(value)) {
      checkJson(v, /^[A-Za-z_$][\w$-]*$/.test(k) ? `${field}.${k}` : `${field}[${describeValue(k)}]`, item, depth + 1, path);
    }
  }
  path.delete(value);
}

/** A deep copy of a JSON value that {@link checkJson} accepted, so later changes to the caller's objects do not change the output. */
function copyJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}
