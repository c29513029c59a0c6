import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { DNS_1035_LABEL, Format, SUBDOMAIN } from '../core/formats';
import { RESOURCE_ID, Resource, propNames } from '../core/resource';
import { ValidationError, rejectedValue } from '../core/errors';
import { codePoints } from '../core/limits';
import { PropsValidator, isObject, requireProps } from '../core/validator';
import { checkConversion, CrdConversion } from './crd-conversion';
import { CrdSchema, SchemaType } from './crd-schema';
import { checkSchema } from './crd-schema-checks';
import { CrdPrinterColumn, CrdScale, checkPrinterColumns, checkScale, checkSelectableFields, pathRoot } from './crd-version-checks';
import { CustomResourceScope, CustomResourceVersion, ICustomResourceType, JsonSchemaProps } from './custom-resource-type';

/** The subresources of a version. */
export interface CrdSubresources {
  /** Serve `/status`: the spec and the status are then written separately (controllers write the status). @default false */
  readonly status?: boolean;
  /** Serve `/scale`, for `kubectl scale` and HorizontalPodAutoscalers. @default none */
  readonly scale?: CrdScale;
}

/** One version of a custom resource kind. */
export interface CrdVersionProps {
  /** Whether the API serves it. @default true */
  readonly served?: boolean;
  /** Whether objects are stored in it; exactly one version is. @default true when there is one version */
  readonly storage?: boolean;
  /** Deprecated: the API server warns every client that uses it, with `warning` when given (at most 256 characters). @default false */
  readonly deprecated?: boolean | { readonly warning: string };
  /** The schema of `spec` (an object node): also the TypeScript type of the custom resources' spec. */
  readonly spec: CrdSchema<any>;
  /** The schema of `status` (an object node), written by the controller. @default none */
  readonly status?: CrdSchema<any>;
  /** The status and scale subresources. @default none */
  readonly subresources?: CrdSubresources;
  /** Extra columns of `kubectl get`. @default none (kubectl shows the name and age) */
  readonly printerColumns?: readonly CrdPrinterColumn[];
  /** Fields usable as field selectors (`kubectl get --field-selector spec.color=red`), as dot paths such as ".spec.color". @default none */
  readonly selectableFields?: readonly string[];
}

/** Props of a {@link CustomResourceDefinition}. The object's name is always `<plural>.<group>`. */
export interface CustomResourceDefinitionProps<V extends Record<string, CrdVersionProps> = Record<string, CrdVersionProps>> {
  /** API group: a DNS subdomain with at least one dot, e.g. "delayedresources.mydomain.com". */
  readonly group: string;
  /** Kind, UpperCamelCase, e.g. "DelayedJob". */
  readonly kind: string;
  /** Plural resource name (in URLs and RBAC rules), lowercase, e.g. "delayedjobs". */
  readonly plural: string;
  /** Singular resource name, lowercase. @default the kind in lower case */
  readonly singular?: string;
  /** Short names for kubectl, e.g. ["dj"]. @default none */
  readonly shortNames?: readonly string[];
  /** Groups of resources this one belongs to for kubectl, e.g. ["all"]. @default none */
  readonly categories?: readonly string[];
  /** Whether the custom resources live in namespaces or in the cluster. @default "Namespaced" */
  readonly scope?: CustomResourceScope;
  /** The versions by name ("v1", "v1beta1", "v2alpha1"), in order. */
  readonly versions: V;
  /** How objects are converted between versions. @default strategy None (refused when served versions differ in schema) */
  readonly conversion?: CrdConversion;
  /** Extra labels. @default none */
  readonly labels?: Record<string, string>;
}

const PROPS = propNames<CustomResourceDefinitionProps>()({
  group: true, kind: true, plural: true, singular: true, shortNames: true, categories: true, scope: true, versions: true, conversion: true, labels: true,
});
const VERSION_PROPS = propNames<CrdVersionProps>()({
  served: true, storage: true, deprecated: true, spec: true, status: true, subresources: true, printerColumns: true, selectableFields: true,
});

/** A version name the API server orders by stability: v1, v2beta1, v1alpha3. */
const VERSION_NAME: Format = {
  test: (v) => typeof v === 'string' && v.length <= 63 && /^v[1-9]\d*((alpha|beta)[1-9]\d*)?$/.test(v),
  description: 'a version such as "v1", "v1beta1" or "v2alpha1"',
};
/** An UpperCamelCase kind whose lower-case form is a DNS-1035 label (as the API server requires). */
const CRD_KIND: Format = {
  test: (v) => typeof v === 'string' && /^[A-Z][A-Za-z0-9]*$/.test(v) && v.length <= 63,
  description: 'an UpperCamelCase kind of letters and digits such as "DelayedJob" (at most 63 characters)',
};
const API_GROUP: Format = {
  test: (v) => SUBDOMAIN.test(v) && v.includes('.'),
  description: 'an API group: a DNS subdomain with at least one dot, e.g. "delayedresources.mydomain.com"',
};
const ANY_NAME: Format = { test: () => true, description: '' };

/** The spec type of version `V` of the definition `D` (`Record<string, unknown>` for a definition whose types are unknown). */
export type CustomResourceSpec<D, V extends string = string> = D extends CustomResourceDefinition<infer M>
  ? (V extends keyof M ? SchemaType<M[V]['spec']> : never) : Record<string, unknown>;
/** The status type of version `V` of the definition `D`. */
export type CustomResourceStatus<D, V extends string = string> = D extends CustomResourceDefinition<infer M>
  ? (V extends keyof M ? (M[V]['status'] extends CrdSchema<infer T> ? T : never) : never) : Record<string, unknown>;
/** The version names of a definition (any string for a definition whose types are unknown). */
export type CustomResourceVersionName<D> = D extends CustomResourceDefinition<infer M> ? keyof M & string : string;
/** Short forms: `SpecOf<typeof crd, 'v1'>`. */
export type SpecOf<D, V extends string> = CustomResourceSpec<D, V>;
export type StatusOf<D, V extends string> = CustomResourceStatus<D, V>;

/**
 * A CustomResourceDefinition (apiextensions.k8s.io/v1): a custom resource kind, its versions and their schemas,
 * built with {@link CrdSchema} so that each version's spec has a TypeScript type. The object is named
 * `<plural>.<group>`. Checked here: the names (plural and singular lowercase, kind UpperCamelCase, group with a dot),
 * exactly one storage version and at least one served, structural schemas (every field typed, no
 * additionalProperties beside properties, valid defaults and bounds, CEL rules that parse), printer columns,
 * selectable fields and scale paths that exist in the schema, and a conversion webhook when served versions differ
 * in schema.
 */
export class CustomResourceDefinition<V extends Record<string, CrdVersionProps> = Record<string, CrdVersionProps>> extends Resource
  implements ICustomResourceType {
  /** API group. */
  public readonly group: string;
  /** Kind. */
  public readonly kind: string;
  /** Plural resource name. */
  public readonly plural: string;
  /** Singular resource name. */
  public readonly singular: string;
  /** Namespaced or cluster-scoped. */
  public readonly scope: CustomResourceScope;
  /** Every version, in the order of the definition. */
  public readonly versions: readonly CustomResourceVersion[];
  /** The name of the storage version. */
  public readonly storageVersion: string;
  /** The construct path, for error messages of custom resources. */
  public readonly source: string;

  public constructor(scope: Construct, id: string, props: CustomResourceDefinitionProps<V>) {
    const p: Record<string, unknown> = isObject(props) ? props as unknown as Record<string, unknown> : {};
    const derived = typeof p.plural === 'string' && typeof p.group === 'string' ? `${p.plural}.${p.group}` : id;
    super(scope, id, { name: derived, labels: p.labels as Record<string, string> | undefined }, { props: ['name', 'labels'], nameFormat: ANY_NAME });
    const v = this.validator;
    // The base checked the props it was given (name and labels); these are the user's.
    v.knownProps('', props, PROPS);
    requireProps(v, props);
    this.group = props.group;
    this.kind = props.kind;
    this.plural = props.plural;
    this.singular = props.singular ?? (typeof props.kind === 'string' ? props.kind.toLowerCase() : '');
    this.scope = props.scope ?? 'Namespaced';
    this.source = this.node.path;
    v.format('group', props.group, API_GROUP, true);
    v.format('kind', props.kind, CRD_KIND, true);
    v.format('plural', props.plural, DNS_1035_LABEL, true);
    v.format('singular', this.singular, DNS_1035_LABEL, true);
    // The name is derived, so the one way to get a singular name (E02's "delayedjob.<group>") is a singular plural.
    v.check(props.singular !== undefined || props.plural !== this.singular, 'plural', props.plural,
      `the plural of the kind, e.g. "${this.singular}s" ("${this.singular}" is the kind in lower case, the singular; the object would be named `
      + `"${props.plural}.${props.group}"). If both forms really are the same, set singular to it as well`);
    v.check(typeof this.name !== 'string' || SUBDOMAIN.test(this.name), 'plural', props.plural, `a plural whose name "${this.name}" is a DNS subdomain of at most 253 characters`);
    for (const list of ['shortNames', 'categories'] as const) {
      const names = props[list];
      if (names !== undefined && v.check(Array.isArray(names), list, names, 'a list of lowercase names')) {
        names.forEach((n, i) => v.format(`${list}[${i}]`, n, DNS_1035_LABEL, true));
        v.unique(list, names, (n) => String(n), 'a name');
      }
    }
    if (Array.isArray(props.shortNames)) {
      v.check(!props.shortNames.includes(props.plural) && !props.shortNames.includes(this.singular), 'shortNames', props.shortNames,
        'short names other than the plural and singular');
    }
    v.check(this.scope === 'Namespaced' || this.scope === 'Cluster', 'scope', this.scope, '"Namespaced" or "Cluster"');

    const checked = checkVersions(v, props.versions);
    this.versions = checked.map((c) => c.version);
    this.storageVersion = checked.find((c) => c.version.storage)?.version.name ?? '';
    const schemaKey = (c: CheckedVersion) => schemaIdentity(c.version.schema, c.version.name);
    const storage = checked.find((c) => c.version.storage);
    const differing = storage === undefined ? [] : checked.filter((c) => c.version.served && schemaKey(c) !== schemaKey(storage)).map((c) => c.version.name);
    const conversion = checkConversion(v, props.conversion, differing, this.storageVersion);
    v.throwIfInvalid();

    new ApiObject(this, RESOURCE_ID, {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: this.name, labels: props.labels, annotations: Object.keys(conversion.annotations).length > 0 ? conversion.annotations : undefined },
      spec: {
        group: this.group,
        names: {
          plural: this.plural, singular: this.singular, kind: this.kind, listKind: `${this.kind}List`,
          shortNames: props.shortNames ? [...props.shortNames] : undefined, categories: props.categories ? [...props.categories] : undefined,
        },
        scope: this.scope,
        versions: checked.map((c) => c.json),
        conversion: conversion.json,
      },
    });
  }

  /** `<group>/<version>`, the apiVersion of custom resources of `version` (default: the storage version). */
  public apiVersionOf(version?: keyof V & string): string {
    const name = version ?? this.storageVersion;
    if (!this.versions.some((x) => x.name === name)) {
      throw new ValidationError([{ constructPath: this.node.path, field: 'apiVersionOf(version)',
        message: rejectedValue(version, `one of the versions: ${this.versions.map((x) => x.name).join(', ')}`) }]);
    }
    return `${this.group}/${name}`;
  }
}

/** A string that is equal for equal schemas; a schema JSON cannot write (a BigInt, a cycle: refused anyway) is unlike every other. */
function schemaIdentity(schema: JsonSchemaProps, version: string): string {
  try {
    return JSON.stringify(schema);
  } catch {
    return `\u0000${version}`;
  }
}

interface CheckedVersion {
  readonly version: CustomResourceVersion;
  readonly json: Record<string, unknown>;
}

/** Checks every version and renders it; problems are recorded under `versions.<name>`. */
function checkVersions(v: PropsValidator, versions: unknown): CheckedVersion[] {
  if (!v.check(isObject(versions) && Object.keys(versions).length > 0, 'versions', versions, 'an object of versions by name, e.g. { v1: { spec: CrdSchema.object({...}) } }')) {
    return [];
  }
  const entries = Object.entries(versions as Record<string, unknown>);
  const out: CheckedVersion[] = [];
  for (const [name, ver] of entries) {
    const f = `versions.${name}`;
    v.format(f, name, VERSION_NAME, true);
    if (!v.knownProps(f, ver, VERSION_PROPS) || !v.check(isObject(ver), f, ver, '{ spec, served?, storage?, ... }')) {
      continue;
    }
    const x = ver as Record<string, any>;
    for (const flag of ['served', 'storage']) {
      v.check(x[flag] === undefined || typeof x[flag] === 'boolean', `${f}.${flag}`, x[flag], 'true or false');
    }
    const deprecated = x.deprecated;
    let warning: string | undefined;
    if (isObject(deprecated)) {
      if (v.knownProps(`${f}.deprecated`, deprecated, ['warning'])) {
        warning = deprecated.warning;
        // The API server: at most 256 printable characters, not empty.
        v.check(typeof warning === 'string' && warning.trim().length > 0 && codePoints(warning) <= 256 && !/[\p{Cc}\p{Cf}]/u.test(warning),
          `${f}.deprecated.warning`, warning, 'a one-line warning of 1-256 printable characters');
      }
    } else {
      v.check(deprecated === undefined || typeof deprecated === 'boolean', `${f}.deprecated`, deprecated, 'true, false or { warning: "..." }');
    }
    const before = v.issues.length;
    const spec = checkSchema(v, `${f}.spec`, x.spec);
    const status = x.status === undefined ? undefined : checkSchema(v, `${f}.status`, x.status);
    for (const [key, s] of [['spec', spec], ['status', status]] as const) {
      v.check(s === undefined || s.type === 'object', `${f}.${key}.type`, s?.type, `"object": ${key} is an object (build it with CrdSchema.object, map or preserveUnknownFields)`);
    }
    // Paths are checked against schemas without problems only (a broken schema would only add confusing path errors).
    const root = spec === undefined || v.issues.length > before ? undefined : pathRoot(spec, status);
    const sub = x.subresources;
    if (sub !== undefined && v.knownProps(`${f}.subresources`, sub, ['status', 'scale']) && v.check(isObject(sub), `${f}.subresources`, sub, '{ status?, scale? }')) {
      v.check(sub.status === undefined || typeof sub.status === 'boolean', `${f}.subresources.status`, sub.status, 'true or false');
      v.check(sub.status !== true || x.status !== undefined, `${f}.status`, x.status,
        'a status schema when the status subresource is on (the API server prunes every status field a schema does not list)');
      checkScale(v, `${f}.subresources.scale`, sub.scale, root);
    }
    checkPrinterColumns(v, `${f}.printerColumns`, x.printerColumns, root);
    checkSelectableFields(v, `${f}.selectableFields`, x.selectableFields, root);
    const openAPIV3Schema: JsonSchemaProps = {
      type: 'object',
      properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...(spec ? { spec } : {}), ...(status ? { status } : {}) },
      ...(Array.isArray(spec?.required) && spec!.required.length > 0 ? { required: ['spec'] } : {}),
    };
    const storage = x.storage ?? entries.length === 1;
    const version: CustomResourceVersion = { name, served: x.served ?? true, storage: storage === true, deprecated: deprecated === true || isObject(deprecated), schema: openAPIV3Schema };
    // Copies of the user's objects (a value that is not one was refused above; copying a string would spread it).
    const copy = (o: unknown) => (isObject(o) ? { ...o } : o);
    out.push({
      version,
      json: {
        name, served: version.served, storage: version.storage,
        ...(version.deprecated ? { deprecated: true } : {}), ...(warning !== undefined ? { deprecationWarning: warning } : {}),
        schema: { openAPIV3Schema },
        ...(isObject(sub) && (sub.status === true || sub.scale !== undefined) ? { subresources: {
          ...(sub.status === true ? { status: {} } : {}), ...(sub.scale !== undefined ? { scale: copy(sub.scale) } : {}) } } : {}),
        ...(Array.isArray(x.printerColumns) && x.printerColumns.length > 0 ? { additionalPrinterColumns: x.printerColumns.map(copy) } : {}),
        ...(Array.isArray(x.selectableFields) && x.selectableFields.length > 0 ? { selectableFields: x.selectableFields.map((jsonPath: string) => ({ jsonPath })) } : {}),
      },
    });
  }
  const storages = out.filter((c) => c.version.storage).map((c) => c.version.name);
  if (out.length === entries.length) {
    v.check(storages.length === 1, 'versions', storages.length === 0 ? 'no storage version' : `storage versions ${storages.join(', ')}`,
      'exactly one version with storage: true (objects are kept in one version)');
    v.check(out.some((c) => c.version.served), 'versions', 'no served version', 'at least one version with served: true (or served left out)');
  }
  return out;
}
