import { DEFAULT_SCHEMA, Type, dump } from 'js-yaml';

/**
 * Plain scalars that a YAML 1.1 parser (such as the go-yaml v2 behind kubectl, Argo CD and Flux) would read as a
 * number, boolean or null, although js-yaml's YAML 1.2 schema reads them as strings: numbers with "_" separators,
 * sexagesimal numbers ("1:30"), and the 1.1 booleans. Declared as an implicit type, they make the dumper quote
 * such strings, so every reader sees the same value.
 */
const YAML11_AMBIGUOUS = new Type('tag:keelson.dev,2026:yaml11-ambiguous', {
  kind: 'scalar',
  resolve: (data: string) =>
    /^[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9_]+(?:[eE][-+]?[0-9]+)?|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)$/.test(data)
    || /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|~|null|Null|NULL|\.inf|\.Inf|\.INF|-\.inf|\.nan|\.NaN|\.NAN)$/.test(data),
  construct: (data: string) => data,
});

const SCHEMA = DEFAULT_SCHEMA.extend({ implicit: [YAML11_AMBIGUOUS] });
const OPTIONS = { schema: SCHEMA, sortKeys: true, lineWidth: -1, noRefs: true, quotingType: '"' } as const;

/**
 * Serializes JSON data as block YAML: keys sorted, no line wrapping, no anchors, and strings quoted wherever a
 * YAML 1.1 or 1.2 reader could take them for another type.
 *
 * The result is byte-for-byte what js-yaml's `dump` writes with those options (the tests compare the two over every
 * example app and over generated data); the block structure is written here because, with no line wrapping, a
 * one-line scalar is written the same way wherever it stands, so each distinct scalar is rendered by js-yaml once
 * and reused. Data this shortcut does not cover (multi-line strings, values that are not JSON) goes to js-yaml whole.
 */
export function toYaml(data: unknown): string {
  try {
    const body = node(data, 0, true);
    return body === undefined ? '' : `${body}\n`;
  } catch (e) {
    if (e === NOT_COVERED) return dump(data, OPTIONS);
    throw e;
  }
}

/** js-yaml's own rendering with the same options: the reference `toYaml` must match byte for byte. */
export function toYamlWithJsYaml(data: unknown): string {
  return dump(data, OPTIONS);
}

const NOT_COVERED = Symbol('not covered by the block writer');
const SCALAR_CACHE_LIMIT = 100_000;
const scalars = new Map<unknown, string>();
const newlines: string[] = [];

function newline(level: number): string {
  return newlines[level] ?? (newlines[level] = `\n${' '.repeat(2 * level)}`);
}

function scalar(value: string | number | boolean): string {
  let text = Object.is(value, -0) ? '-0.0' : scalars.get(value); // the cache's key equality takes -0 for 0
  if (text === undefined) {
    if (typeof value === 'string' && value.includes('\n')) throw NOT_COVERED; // block scalars depend on indentation
    text = dump(value, OPTIONS).slice(0, -1);
    if (scalars.size >= SCALAR_CACHE_LIMIT) scalars.clear();
    scalars.set(value, text);
  }
  return text;
}

/** One node as js-yaml's writeNode writes it in block context; undefined where js-yaml skips the value. */
function node(value: unknown, level: number, compact: boolean): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return scalar(value);
    case 'undefined':
      return undefined;
    case 'object':
      if (Array.isArray(value)) return sequence(value, level, compact);
      if (Object.getPrototypeOf(value) === Object.prototype) return mapping(value as Record<string, unknown>, level, compact);
      throw NOT_COVERED;
    default:
      throw NOT_COVERED;
  }
}

function mapping(object: Record<string, unknown>, level: number, compact: boolean): string {
  const keys = Object.keys(object);
  if (keys.length === 0) return '{}';
  keys.sort();
  let out = '';
  for (const key of keys) {
    const value = node(object[key], level + 1, false);
    if (value === undefined) continue;
    const written = scalar(key);
    if (written.length > 1024) throw NOT_COVERED; // js-yaml writes an explicit "? key" pair
    if (!compact || out !== '') out += newline(level);
    out += value.charCodeAt(0) === 10 ? `${written}:${value}` : `${written}: ${value}`;
  }
  return out || '{}';
}

function sequence(items: unknown[], level: number, compact: boolean): string {
  if (items.length === 0) return '[]';
  let out = '';
  for (let i = 0; i < items.length; i++) {
    const item = node(items[i], level + 1, true) ?? 'null';
    if (!compact || out !== '') out += newline(level);
    out += item.charCodeAt(0) === 10 ? `-${item}` : `- ${item}`;
  }
  return out;
}
