// Checks of a CRD version that read its schema: printer columns, selectable fields and the scale subresource name
// fields by JSON path, and the API server (or kubectl) finds nothing at a path the schema does not have. Facts from
// apiextensions' validation: printer column types are integer, number, string, boolean and date, with formats
// int32, int64, float, double, byte, date, date-time and password; selectable fields (GA in Kubernetes 1.32) are at
// most 8 dot paths without array notation, outside metadata, to a string, integer or boolean field; the scale
// subresource reads spec replicas under .spec, status replicas under .status, and a label selector under either.
import { describeValue } from '../core/errors';
import { PropsValidator, checkUnique, isObject } from '../core/validator';
import { schemaAt } from './crd-schema-values';

/** A column `kubectl get` shows for the custom resources of a version (`additionalPrinterColumns`). */
export interface CrdPrinterColumn {
  /** The column header. */
  readonly name: string;
  /** How the value is shown; "date" shows the age of a timestamp. */
  readonly type: 'integer' | 'number' | 'string' | 'boolean' | 'date';
  /** A simple JSON path to the value, e.g. ".spec.image" or ".status.conditions[0].type". */
  readonly jsonPath: string;
  /** What the column shows. @default none */
  readonly description?: string;
  /** 0 shows the column by default; higher priorities only with `kubectl get -o wide`. @default 0 */
  readonly priority?: number;
  /** An OpenAPI format of the value: int32, int64, float, double, byte, date, date-time or password. @default none */
  readonly format?: 'int32' | 'int64' | 'float' | 'double' | 'byte' | 'date' | 'date-time' | 'password';
}

/** The scale subresource: `kubectl scale` and HorizontalPodAutoscalers work on custom resources through it. */
export interface CrdScale {
  /** Path of the desired replicas, under .spec, e.g. ".spec.replicas" (an integer field). */
  readonly specReplicasPath: string;
  /** Path of the observed replicas, under .status, e.g. ".status.replicas" (an integer field). */
  readonly statusReplicasPath: string;
  /** Path of the pod label selector as a string, under .spec or .status, which HPAs need. @default none */
  readonly labelSelectorPath?: string;
}

const COLUMN_TYPES = ['integer', 'number', 'string', 'boolean', 'date'];
const COLUMN_FORMATS = ['int32', 'int64', 'float', 'double', 'byte', 'date', 'date-time', 'password'];
const COLUMN_PROPS = ['name', 'type', 'jsonPath', 'description', 'priority', 'format'];
const SCALE_PROPS = ['specReplicasPath', 'statusReplicasPath', 'labelSelectorPath'];
/** The schema types whose values a printer column of each type shows as that type. */
const COLUMN_FITS: Record<string, readonly string[]> = {
  integer: ['integer'], number: ['integer', 'number'], boolean: ['boolean'], date: ['string'], string: ['string', 'integer', 'number', 'boolean', 'array', 'object'],
};
export const MAX_SELECTABLE_FIELDS = 8;

const STRING = { type: 'string' };
const STRING_MAP = { type: 'object', additionalProperties: STRING };
/** The metadata every object has, for paths such as ".metadata.creationTimestamp" (the CRD's schema leaves it untyped). */
const METADATA = {
  type: 'object',
  properties: {
    name: STRING, generateName: STRING, namespace: STRING, uid: STRING, resourceVersion: STRING, generation: { type: 'integer' },
    creationTimestamp: { type: 'string', format: 'date-time' }, deletionTimestamp: { type: 'string', format: 'date-time' },
    labels: STRING_MAP, annotations: STRING_MAP, finalizers: { type: 'array', items: STRING },
  },
};

/** The root a custom resource's paths start from: apiVersion, kind, full metadata, spec and status. */
export function pathRoot(spec: Record<string, unknown> | undefined, status: Record<string, unknown> | undefined): Record<string, any> {
  return { type: 'object', properties: { apiVersion: STRING, kind: STRING, metadata: METADATA, ...(spec ? { spec } : {}), ...(status ? { status } : {}) } };
}

const describeType = (n: Record<string, any>): string => (n['x-kubernetes-int-or-string'] === true ? 'int-or-string' : typeof n.type === 'string' ? n.type : 'untyped');

/** Checks the printer columns of a version against its schema. */
export function checkPrinterColumns(v: PropsValidator, field: string, columns: unknown, root: Record<string, any> | undefined): void {
  if (columns === undefined || !v.check(Array.isArray(columns), field, columns, 'a list of printer columns { name, type, jsonPath }')) {
    return;
  }
  (columns as unknown[]).forEach((c, i) => {
    const f = `${field}[${i}]`;
    if (!v.knownProps(f, c, COLUMN_PROPS) || !v.check(isObject(c), f, c, 'a printer column { name, type, jsonPath }')) {
      return;
    }
    const col = c as Record<string, any>;
    v.check(typeof col.name === 'string' && col.name.trim().length > 0 && col.name.length <= 63 && !/[\r\n]/.test(col.name), `${f}.name`, col.name,
      'a column header of 1-63 characters on one line');
    const typeOk = v.check(COLUMN_TYPES.includes(col.type), `${f}.type`, col.type, COLUMN_TYPES.join(', '));
    v.check(col.format === undefined || COLUMN_FORMATS.includes(col.format), `${f}.format`, col.format, COLUMN_FORMATS.join(', '));
    v.check(col.description === undefined || typeof col.description === 'string', `${f}.description`, col.description, 'a string');
    v.integer(`${f}.priority`, col.priority, 0, 2147483647);
    if (!v.check(typeof col.jsonPath === 'string' && /^(\.[^.\s[\]]+(\[(\d+|\*)\])*)+$/.test(col.jsonPath), `${f}.jsonPath`, col.jsonPath,
      'a simple JSON path such as ".spec.image" or ".status.conditions[0].type"') || root === undefined) {
      return;
    }
    const at = schemaAt(root, col.jsonPath, true);
    if (v.check(at !== undefined, `${f}.jsonPath`, col.jsonPath, `a path to a field of the version's schema (${fieldsOf(root)}); kubectl would show an empty column`)
      && typeOk && at!.type !== undefined) {
      v.check(COLUMN_FITS[col.type].includes(at!.type), `${f}.type`, col.type, `a column type that fits the ${describeType(at!)} field at ${col.jsonPath}`
        + ` (${COLUMN_TYPES.filter((t) => COLUMN_FITS[t].includes(at!.type)).join(' or ')})`);
    }
  });
  checkUnique(v, field, columns as unknown[], (c) => (isObject(c) && typeof c.name === 'string' ? c.name : undefined), 'a column name');
}

/** The top fields of the spec and status, to say what exists when a path does not. */
function fieldsOf(root: Record<string, any>): string {
  const names = ['spec', 'status'].flatMap((top) => Object.keys(root.properties[top]?.properties ?? {}).map((k) => `.${top}.${k}`));
  return names.length > 0 ? `e.g. ${names.slice(0, 6).join(', ')}` : 'it has no named spec or status fields';
}

/** Checks the selectable fields of a version against its schema. */
export function checkSelectableFields(v: PropsValidator, field: string, paths: unknown, root: Record<string, any> | undefined): void {
  if (paths === undefined || !v.check(Array.isArray(paths), field, paths, 'a list of JSON paths such as ".spec.color"')) {
    return;
  }
  const list = paths as unknown[];
  v.check(list.length <= MAX_SELECTABLE_FIELDS, field, `${list.length} fields`, `at most ${MAX_SELECTABLE_FIELDS} selectable fields (the API server's limit)`);
  list.forEach((p, i) => {
    const f = `${field}[${i}]`;
    if (!v.check(typeof p === 'string' && /^(\.[^.\s[\]]+)+$/.test(p), f, p, 'a dot path without array notation, such as ".spec.color"') || root === undefined) {
      return;
    }
    const path = p as string;
    if (!v.check(!path.startsWith('.metadata.') && !path.startsWith('.apiVersion') && !path.startsWith('.kind'), f, p,
      'a path outside metadata, apiVersion and kind (metadata.name and metadata.namespace are always selectable)')) {
      return;
    }
    const at = schemaAt(root, path, false);
    if (v.check(at !== undefined, f, p, `a path to a field of the version's schema (${fieldsOf(root)})`)) {
      v.check(['string', 'integer', 'boolean'].includes(at!.type), f, p, `a path to a string, integer or boolean field (it is ${describeType(at!)})`);
    }
  });
  v.unique(field, list, (p) => describeValue(p), 'a path');
}

/** Checks the scale subresource's paths against the version's schema. */
export function checkScale(v: PropsValidator, field: string, scale: unknown, root: Record<string, any> | undefined): void {
  if (scale === undefined || !v.knownProps(field, scale, SCALE_PROPS) || !v.check(isObject(scale), field, scale, '{ specReplicasPath, statusReplicasPath }')) {
    return;
  }
  const s = scale as Record<string, unknown>;
  const path = (key: string, prefixes: string[], type: string, required: boolean) => {
    const p = s[key];
    if (p === undefined && !required) {
      return;
    }
    const under = prefixes.map((x) => `.${x}.`).join(' or ');
    if (!v.check(typeof p === 'string' && /^(\.[^.\s[\]]+)+$/.test(p) && prefixes.some((x) => p.startsWith(`.${x}.`)), `${field}.${key}`, p,
      `a dot path under ${under}`) || root === undefined) {
      return;
    }
    const at = schemaAt(root, p as string, false);
    if (v.check(at !== undefined, `${field}.${key}`, p, `a path to a field of the version's schema (${fieldsOf(root)})`)) {
      v.check(at!.type === type, `${field}.${key}`, p, `a path to a ${type} field (it is ${describeType(at!)})`);
    }
  };
  path('specReplicasPath', ['spec'], 'integer', true);
  path('statusReplicasPath', ['status'], 'integer', true);
  path('labelSelectorPath', ['spec', 'status'], 'string', false);
}
