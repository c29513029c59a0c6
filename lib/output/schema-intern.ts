import { createHash } from 'node:crypto';
import { isObject } from '../core/validator';

// The standalone Kubernetes schemas inline every definition: each pod-bearing kind (Pod, Deployment, Job, ...) carries
// its own copy of the whole PodSpec, and a PodSpec carries its Container three times. Compiled as they are, each
// copy is compiled again. Interning replaces every large subschema by a `$ref` to one schema per distinct content,
// which the compiler compiles once for all kinds that share it.

/** The `$id` prefix of an interned subschema. */
export const INTERNED_PREFIX = 'keelson-schema:';

/** Below this size (of its JSON text, without descriptions), a subschema stays inline; a Container is ~20 KB. */
const MIN_INTERNED_LENGTH = 300;

/** A schema with its large subschemas replaced by references, and the subschemas by `$id`. */
export interface InternedSchema {
  /** The root schema, its large subschemas replaced by `{ "$ref": "<id>" }`. */
  readonly root: Record<string, unknown>;
  /** Each interned subschema by id: as the compiler gets it (its own large subschemas are references too). */
  readonly parts: ReadonlyMap<string, Record<string, unknown>>;
}

/**
 * Interns the large subschemas of a schema, found where a value's own schema sits: under `properties`,
 * `patternProperties`, `items` and `additionalProperties`. The branches of `oneOf`/`anyOf`/`allOf`/`not` stay inline,
 * so that the errors of one alternative share the prefix of its `schemaPath` (see describeErrors). A schema that has
 * references or ids of its own is returned as it is. Descriptions are left out (they do not validate anything, and
 * they tell apart subschemas that are otherwise the same: a readiness probe from a liveness probe). Pure: the same schema gives the same ids in every process.
 * The `schemaPath` of an error inside an interned subschema starts at that subschema ("#/..."): describe errors from
 * their `instancePath` instead.
 */
export function internSchema(schema: Record<string, unknown>): InternedSchema {
  const parts = new Map<string, Record<string, unknown>>();
  if (JSON.stringify(schema).match(/"\$ref"|"\$id"/)) {
    return { root: schema, parts };
  }
  // Returns the node with its large subschemas replaced, and the JSON text of that replaced node.
  const visit = (node: Record<string, unknown>, top: boolean): [Record<string, unknown>, string] => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'properties' || key === 'patternProperties') && isObject(value)) {
        out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, isObject(sub) ? visit(sub, false)[0] : sub]));
      } else if ((key === 'items' || key === 'additionalProperties') && isObject(value)) {
        out[key] = visit(value, false)[0];
      } else if (key !== 'description' || typeof value !== 'string') {
        out[key] = value;
      }
    }
    const text = JSON.stringify(out);
    if (top || text.length < MIN_INTERNED_LENGTH) {
      return [out, text];
    }
    const id = `${INTERNED_PREFIX}${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    parts.set(id, out);
    const ref = { $ref: id };
    return [ref, JSON.stringify(ref)];
  };
  return { root: visit(schema, true)[0], parts };
}
