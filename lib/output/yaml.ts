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

/**
 * Serializes JSON data as block YAML: keys sorted, no line wrapping, no anchors, and strings quoted wherever a
 * YAML 1.1 or 1.2 reader could take them for another type.
 */
export function toYaml(data: unknown): string {
  return dump(data, { schema: SCHEMA, sortKeys: true, lineWidth: -1, noRefs: true, quotingType: '"' });
}
