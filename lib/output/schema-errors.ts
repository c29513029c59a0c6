import type { ErrorObject } from 'ajv';
import type { SchemaProblem } from './schema-validator';
import { editDistance, isObject } from '../core/validator';

// How ajv's errors are told to people: by JSON path, with what the schema allows there.

/** The value at a JSON pointer of the object, or undefined. */
function valueAt(root: unknown, pointer: string): unknown {
  let at: any = root;
  for (const seg of pointer.split('/').slice(1)) {
    at = at === null || typeof at !== 'object' ? undefined : at[seg.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return at;
}

const branchesOfNode = (node: Record<string, any>): Record<string, any>[] =>
  ['allOf', 'anyOf', 'oneOf'].flatMap((k) => (Array.isArray(node[k]) ? node[k].filter(isObject) : []));

/**
 * The schemas that apply to the value at a JSON pointer of the object, found by walking the schema along the path
 * (`properties`, `patternProperties`, `additionalProperties`, `items`, and into every `allOf`/`anyOf`/`oneOf` branch).
 * Errors are located by their `instancePath`: the `schemaPath` of an error inside a called subschema starts at that
 * subschema, not at the root (see internSchema).
 */
function schemasAt(root: unknown, pointer: string): Record<string, any>[] {
  let at = isObject(root) ? [root] : [];
  for (const seg of pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))) {
    const next: Record<string, any>[] = [];
    const step = (node: Record<string, any>) => {
      branchesOfNode(node).forEach(step);
      const pattern = Object.entries(isObject(node.patternProperties) ? node.patternProperties : {}).filter(([re]) => {
        try {
          return new RegExp(re, 'u').test(seg);
        } catch {
          return false;
        }
      }).map(([, sub]) => sub);
      const own = isObject(node.properties) && Object.prototype.hasOwnProperty.call(node.properties, seg) ? [node.properties[seg]] : [];
      const items = /^(0|[1-9]\d*)$/.test(seg) && isObject(node.items) ? [node.items] : [];
      const extra = own.length === 0 && pattern.length === 0 && isObject(node.additionalProperties) ? [node.additionalProperties] : [];
      next.push(...[...own, ...pattern, ...items, ...extra].filter(isObject));
    };
    at.forEach(step);
    at = next;
  }
  return at;
}

/** The field names the schemas at a JSON pointer allow (their own `properties` and those of their branches). */
function allowedFields(root: unknown, pointer: string): string[] {
  const names = new Set<string>();
  const collect = (node: Record<string, any>) => {
    Object.keys(isObject(node.properties) ? node.properties : {}).forEach((k) => names.add(k));
    branchesOfNode(node).forEach(collect);
  };
  schemasAt(root, pointer).forEach(collect);
  return [...names].sort();
}

function describeValue(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The allowed name closest to a misspelt one (case-insensitive edit distance at most 2), if any. */
export function nearestName(name: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const a of allowed) {
    const d = editDistance(a.toLowerCase(), name.toLowerCase());
    if (d < bestDistance) {
      best = a;
      bestDistance = d;
    }
  }
  return best;
}

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Ajv's errors as problems by JSON path, each saying what the schema allows: the known fields beside an unknown one
 * (with the nearest as a suggestion), the allowed values of an enum, the types of a oneOf/anyOf (int-or-string)
 * in one line instead of one per branch, and the rejected value. `schema` gives the (whole) schema the object was
 * validated against.
 */
export function describeErrors(errors: readonly ErrorObject[], object: unknown, schema: () => object | undefined): SchemaProblem[] {
  const alternatives = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  const branchesOf = (alt: ErrorObject) => errors.filter((e) => e !== alt && e.schemaPath.startsWith(`${alt.schemaPath}/`));
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  const add = (p: SchemaProblem) => {
    const key = `${p.path}\u0000${p.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(p);
    }
  };
  for (const e of errors) {
    if (alternatives.some((alt) => alt !== e && e.schemaPath.startsWith(`${alt.schemaPath}/`))) {
      continue; // described with its oneOf/anyOf
    }
    const value = valueAt(object, e.instancePath);
    const params = e.params as Record<string, any>;
    switch (e.keyword) {
      case 'additionalProperties': {
        const name = String(params.additionalProperty);
        const allowed = allowedFields(schema(), e.instancePath);
        const near = nearestName(name, allowed);
        add({
          path: `${e.instancePath}/${escapePointer(name)}`,
          message: `unknown field "${name}"${near ? ` (did you mean "${near}"?)` : ''}; ${allowed.length > 0 ? `allowed fields: ${allowed.join(', ')}` : 'no fields are allowed here'}`,
        });
        break;
      }
      case 'oneOf':
      case 'anyOf': {
        const branches = branchesOf(e);
        const types = branches.length > 0 && branches.every((b) => b.keyword === 'type' && b.instancePath === e.instancePath)
          ? [...new Set(branches.flatMap((b) => String((b.params as { type: string }).type).split(',')))] : undefined;
        if (types) {
          add({ path: e.instancePath, message: `got ${describeValue(value)}; expected one of the types ${types.join(', ')}` });
        } else {
          const why = branches.map((b) => `${b.instancePath || '/'} ${b.message}`).join('; ');
          add({ path: e.instancePath, message: `got ${describeValue(value)}; ${e.message}${why ? `: ${why}` : ''}` });
        }
        break;
      }
      case 'enum':
        add({ path: e.instancePath, message: `got ${describeValue(value)}; allowed values: ${(params.allowedValues as unknown[]).map(describeValue).join(', ')}` });
        break;
      case 'const':
        add({ path: e.instancePath, message: `got ${describeValue(value)}; the only allowed value is ${describeValue(params.allowedValue)}` });
        break;
      case 'required':
        add({ path: e.instancePath, message: `required field "${params.missingProperty}" is missing` });
        break;
      case 'type':
        add({ path: e.instancePath, message: `got ${describeValue(value)}; expected type ${String(params.type).split(',').join(' or ')}` });
        break;
      default:
        add({ path: e.instancePath, message: `got ${describeValue(value)}; ${e.message}` });
    }
  }
  return problems;
}
