import type { ErrorObject } from 'ajv';
import type { SchemaProblem } from './schema-validator';
import { editDistance } from '../core/validator';

// How ajv's errors are told to people: by JSON path, with what the schema allows there.

/** The value at a JSON pointer of the object, or undefined. */
function valueAt(root: unknown, pointer: string): unknown {
  let at: any = root;
  for (const seg of pointer.split('/').slice(1)) {
    at = at === null || typeof at !== 'object' ? undefined : at[seg.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return at;
}

/** The schema node that holds the keyword at the end of an ajv `schemaPath` ("#/properties/spec/additionalProperties"). */
function schemaNodeOf(root: unknown, schemaPath: string): any {
  if (!schemaPath.startsWith('#/')) {
    return undefined;
  }
  return valueAt(root, schemaPath.slice(1).split('/').slice(0, -1).join('/'));
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
 * in one line instead of one per branch, and the rejected value.
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
        const allowed = Object.keys(schemaNodeOf(schema(), e.schemaPath)?.properties ?? {}).sort();
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
