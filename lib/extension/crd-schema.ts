// A small typed builder for the OpenAPI v3 schemas of CustomResourceDefinition versions. Each node knows the
// TypeScript type of the values it accepts (`SchemaType<typeof node>`), so a custom resource's spec is typed by the
// schema that validates it. The builder never throws: what it is given is rendered as written, and the
// CustomResourceDefinition that uses the schema checks it (crd-schema-checks.ts), naming its construct path and
// the JSON path inside the schema, e.g. `versions.v1.spec.properties.delaySeconds.minimum`.
import { isObject } from '../core/validator';
import { JsonSchemaProps } from './custom-resource-type';

/** Why a CEL rule failed, as the API server reports it (`reason` of `x-kubernetes-validations`). */
export type CelRuleReason = 'FieldValueInvalid' | 'FieldValueForbidden' | 'FieldValueRequired' | 'FieldValueDuplicate';

/** A CEL rule checked by the API server on every value at its node (`x-kubernetes-validations`). */
export interface CelRule {
  /** The CEL expression that must be true; `self` is the value at the node, `oldSelf` the previous value on update. */
  readonly rule: string;
  /**
   * The message shown when the rule fails (one line).
   * @default the API server's: "failed rule: <rule>"
   */
  readonly message?: string;
  /**
   * A CEL expression that computes the message (a string), preferred over `message` when it evaluates.
   * @default none
   */
  readonly messageExpression?: string;
  /**
   * The reason the API server reports when the rule fails.
   * @default "FieldValueInvalid"
   */
  readonly reason?: CelRuleReason;
  /**
   * The field the failure is reported on, a path below the node such as ".replicas".
   * @default the node itself
   */
  readonly fieldPath?: string;
  /**
   * Evaluate a rule that uses `oldSelf` on creation too (with `oldSelf` an optional).
   * @default false
   */
  readonly optionalOldSelf?: boolean;
}

/** What every node takes. */
export interface SchemaNodeOptions {
  /** What the field means, shown by `kubectl explain`. @default none */
  readonly description?: string;
  /** Whether `null` is accepted (kept as null instead of pruned). @default false */
  readonly nullable?: boolean;
  /** CEL rules checked on every value at this node. @default none */
  readonly validations?: readonly CelRule[];
}

/** A string. */
export interface StringOptions extends SchemaNodeOptions {
  /** A format the API server checks, e.g. "date-time", "hostname", "uri". @default none */
  readonly format?: string;
  /** A regular expression every value must match (RE2 syntax without lookaround or backreferences). @default none */
  readonly pattern?: string;
  /** The only values accepted; the TypeScript type becomes their union. @default any string */
  readonly enum?: readonly string[];
  /** The fewest characters. @default 0 */
  readonly minLength?: number;
  /** The most characters. @default unbounded */
  readonly maxLength?: number;
  /** The value the API server writes when the field is absent. @default none */
  readonly default?: string;
}

/** An integer or a number. */
export interface NumberOptions extends SchemaNodeOptions {
  /** The smallest value. @default unbounded */
  readonly minimum?: number;
  /** The largest value. @default unbounded */
  readonly maximum?: number;
  /** Whether `minimum` itself is refused. @default false */
  readonly exclusiveMinimum?: boolean;
  /** Whether `maximum` itself is refused. @default false */
  readonly exclusiveMaximum?: boolean;
  /** Every value must be a multiple of this. @default none */
  readonly multipleOf?: number;
  /** "int32" or "int64" for integers, "float" or "double" for numbers. @default none */
  readonly format?: 'int32' | 'int64' | 'float' | 'double';
  /** The value the API server writes when the field is absent. @default none */
  readonly default?: number;
}

/** A boolean. */
export interface BooleanOptions extends SchemaNodeOptions {
  /** The value the API server writes when the field is absent. @default none */
  readonly default?: boolean;
}

/** How server-side apply merges a list: as a whole, as a set of scalars, or as a map keyed by item fields. */
export type ListType = 'atomic' | 'set' | 'map';

/** A list. */
export interface ArrayOptions extends SchemaNodeOptions {
  /** The fewest items. @default 0 */
  readonly minItems?: number;
  /** The most items (bounding it also bounds the cost of CEL rules over the list). @default unbounded */
  readonly maxItems?: number;
  /** `x-kubernetes-list-type`. @default "atomic" (the API server's default) */
  readonly listType?: ListType;
  /** `x-kubernetes-list-map-keys`: the item fields that identify an item of a "map" list. @default none */
  readonly listMapKeys?: readonly string[];
  /** The value the API server writes when the field is absent. @default none */
  readonly default?: readonly unknown[];
}

/** An object with known fields. */
export interface ObjectOptions<K extends string = string> extends SchemaNodeOptions {
  /** The fields that must be present. @default none */
  readonly required?: readonly K[];
  /** Keep fields the schema does not list instead of pruning them. @default false */
  readonly preserveUnknownFields?: boolean;
  /** The value the API server writes when the field is absent. @default none */
  readonly default?: Record<string, unknown>;
}

/** A map of names to values of one schema. */
export interface MapOptions extends SchemaNodeOptions {
  /** The fewest entries. @default 0 */
  readonly minProperties?: number;
  /** The most entries. @default unbounded */
  readonly maxProperties?: number;
  /** The value the API server writes when the field is absent. @default none */
  readonly default?: Record<string, unknown>;
}

/** An integer or a string (`x-kubernetes-int-or-string`), e.g. a port or a percentage. */
export interface IntOrStringOptions extends SchemaNodeOptions {
  /** The value the API server writes when the field is absent. @default none */
  readonly default?: number | string;
}

/** The TypeScript type of the values a schema node accepts. */
export type SchemaType<S> = S extends CrdSchema<infer T> ? T : never;

type Simplify<T> = { -readonly [K in keyof T]: T[K] } & {};
type Nullable<T, O> = O extends { readonly nullable: true } ? T | null : T;
type EnumOf<O> = O extends { readonly enum: readonly (infer E extends string)[] } ? E : string;
type RequiredOf<O> = O extends { readonly required: readonly (infer R)[] } ? R : never;
type Properties = Record<string, CrdSchema<any>>;
/** The value of an object node: required fields present, the others optional. */
export type ObjectValue<P extends Properties, R> = Simplify<
  { [K in keyof P as K extends R ? K : never]: SchemaType<P[K]> } & { [K in keyof P as K extends R ? never : K]?: SchemaType<P[K]> }>;

/** The option names each builder accepts (any other is an error naming it). */
const COMMON = ['description', 'nullable', 'validations'];
const KNOWN: Record<string, readonly string[]> = {
  string: [...COMMON, 'format', 'pattern', 'enum', 'minLength', 'maxLength', 'default'],
  integer: [...COMMON, 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'format', 'default'],
  boolean: [...COMMON, 'default'],
  array: [...COMMON, 'minItems', 'maxItems', 'listType', 'listMapKeys', 'default'],
  object: [...COMMON, 'required', 'preserveUnknownFields', 'default'],
  map: [...COMMON, 'minProperties', 'maxProperties', 'default'],
  intOrString: [...COMMON, 'default'],
  preserveUnknownFields: COMMON,
  embeddedResource: COMMON,
};
KNOWN.number = KNOWN.integer;

/** Builder option -> the API server's keyword, where they differ. */
const KEYWORD: Record<string, string> = {
  validations: 'x-kubernetes-validations', listType: 'x-kubernetes-list-type', listMapKeys: 'x-kubernetes-list-map-keys',
  preserveUnknownFields: 'x-kubernetes-preserve-unknown-fields',
};

/** A copy of a plain JSON-ish value, so later changes to the caller's objects do not change the schema. */
function copy(value: unknown, depth = 0): unknown {
  if (depth > 64 || value === null || typeof value !== 'object') {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((v) => copy(v, depth + 1));
  }
  return Object.getPrototypeOf(value) === Object.prototype
    ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copy(v, depth + 1)])) : value;
}

/**
 * One node of a CRD version's OpenAPI v3 schema, built by the static factories (`CrdSchema.object(...)`,
 * `CrdSchema.string(...)`...). `T` is the TypeScript type of the values it accepts: `SchemaType<typeof node>`.
 * A CustomResourceDefinition checks the whole tree against the API server's rules for structural schemas.
 */
export class CrdSchema<T = unknown> {
  /** A string; `enum` narrows its TypeScript type to the union of the values. */
  public static string<const O extends StringOptions = {}>(options?: O): CrdSchema<Nullable<EnumOf<O>, O>> {
    return new CrdSchema('string', { type: 'string' }, options);
  }

  /** An integer (JavaScript number without fraction). */
  public static integer<const O extends NumberOptions = {}>(options?: O): CrdSchema<Nullable<number, O>> {
    return new CrdSchema('integer', { type: 'integer' }, options);
  }

  /** A number, with or without fraction. */
  public static number<const O extends NumberOptions = {}>(options?: O): CrdSchema<Nullable<number, O>> {
    return new CrdSchema('number', { type: 'number' }, options);
  }

  /** true or false. */
  public static boolean<const O extends BooleanOptions = {}>(options?: O): CrdSchema<Nullable<boolean, O>> {
    return new CrdSchema('boolean', { type: 'boolean' }, options);
  }

  /** A list of values of `items`. */
  public static array<I extends CrdSchema<any>, const O extends ArrayOptions = {}>(items: I, options?: O): CrdSchema<Nullable<SchemaType<I>[], O>> {
    return new CrdSchema('array', { type: 'array', items }, options);
  }

  /** An object with the fields `properties`; those named in `required` must be present, the others are optional. */
  public static object<P extends Properties, const O extends ObjectOptions<keyof P & string> = {}>(properties: P,
    options?: O): CrdSchema<Nullable<ObjectValue<P, RequiredOf<O>>, O>> {
    return new CrdSchema('object', { type: 'object', properties }, options);
  }

  /** A map of any names to values of `values` (`additionalProperties`), e.g. labels. */
  public static map<V extends CrdSchema<any>, const O extends MapOptions = {}>(values: V, options?: O): CrdSchema<Nullable<Record<string, SchemaType<V>>, O>> {
    return new CrdSchema('map', { type: 'object', additionalProperties: values }, options);
  }

  /** An integer or a string (`x-kubernetes-int-or-string`), e.g. a port number or name, or "25%". */
  public static intOrString<const O extends IntOrStringOptions = {}>(options?: O): CrdSchema<Nullable<number | string, O>> {
    return new CrdSchema('intOrString', { 'x-kubernetes-int-or-string': true }, options);
  }

  /** An object whose fields are kept unchecked (`x-kubernetes-preserve-unknown-fields`), e.g. free-form settings. */
  public static preserveUnknownFields<const O extends SchemaNodeOptions = {}>(options?: O): CrdSchema<Nullable<Record<string, unknown>, O>> {
    return new CrdSchema('preserveUnknownFields', { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true }, options);
  }

  /** A whole Kubernetes object (`x-kubernetes-embedded-resource`): apiVersion, kind and metadata, the rest unchecked. */
  public static embeddedResource<const O extends SchemaNodeOptions = {}>(options?: O): CrdSchema<Nullable<EmbeddedResource, O>> {
    return new CrdSchema('embeddedResource', { 'type': 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
      options);
  }

  /**
   * A node written as JSON (e.g. copied from a vendor's CRD), typed as `T`. It is checked like every other node:
   * the structural schema rules, the keywords the API server knows, defaults and CEL rules.
   */
  public static fromJson<T = unknown>(json: JsonSchemaProps): CrdSchema<T> {
    return new CrdSchema<T>('json', json, undefined);
  }

  /** The TypeScript type of the values of this node (never set: read it with `SchemaType<typeof node>`). */
  declare public readonly __type?: T;

  /** The options as given (a copy), checked by the CustomResourceDefinition. */
  public readonly options: unknown;
  private readonly base: Record<string, unknown>;

  private constructor(
    /** Which factory built it ("string", "object", ... or "json"). */
    public readonly builder: string,
    base: Record<string, unknown>,
    options: unknown) {
    // Copies, so that changing the caller's objects afterwards does not change the schema (nodes are immutable).
    this.base = copy(base) as Record<string, unknown>;
    this.options = copy(options);
  }

  /** The option names the builder accepts (none for a node written as JSON). */
  public get knownOptions(): readonly string[] | undefined {
    return KNOWN[this.builder];
  }

  /** The nodes directly below this one, by their JSON path relative to it. */
  public children(): Array<[string, unknown]> {
    const b = this.base;
    if (this.builder === 'object') {
      return isObject(b.properties) ? Object.entries(b.properties).map(([k, s]) => [`properties.${k}`, s]) : [];
    }
    return this.builder === 'array' ? [['items', b.items]] : this.builder === 'map' ? [['additionalProperties', b.additionalProperties]] : [];
  }

  /** The schema as the API server reads it (`openAPIV3Schema` below the root), with nested nodes rendered. */
  public toJson(): JsonSchemaProps {
    if (this.builder === 'json') {
      return copy(this.base) as JsonSchemaProps;
    }
    const json: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this.base)) {
      json[k] = render(v);
    }
    const options = this.options;
    if (isObject(options)) {
      for (const name of KNOWN[this.builder]) {
        const value = options[name];
        if (value === undefined) {
          continue;
        }
        // A property-less preserving object needs no `false`: only true is written.
        json[KEYWORD[name] ?? name] = name === 'validations' ? renderRules(value) : copy(value);
      }
    }
    return json;
  }
}

/** A Kubernetes object embedded in a custom resource. */
export interface EmbeddedResource {
  apiVersion: string;
  kind: string;
  metadata?: Record<string, unknown>;
  [field: string]: unknown;
}

/** A child as JSON: a node renders itself, anything else (a mistake the checks report) as given. */
function render(child: unknown): unknown {
  if (child instanceof CrdSchema) {
    return child.toJson();
  }
  if (isObject(child) && Object.getPrototypeOf(child) === Object.prototype) {
    return Object.fromEntries(Object.entries(child).map(([k, v]) => [k, v instanceof CrdSchema ? v.toJson() : copy(v)]));
  }
  return child;
}

/** CEL rules as JSON: known fields in a fixed order, unset ones left out. */
function renderRules(rules: unknown): unknown {
  if (!Array.isArray(rules)) {
    return rules;
  }
  return rules.map((r) => (isObject(r) ? Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined).map(([k, v]) => [k, copy(v)])) : r));
}
