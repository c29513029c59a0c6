/** Sorts object keys recursively (arrays keep their order), so equal data always serializes to equal bytes. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/**
 * JSON with sorted keys, two-space indentation and a final newline: the form of every JSON file keelson writes.
 * What JSON cannot hold (undefined, functions) is dropped and `toJSON` methods are applied first, as JSON.stringify does.
 */
export function toStableJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(JSON.parse(JSON.stringify(value))), null, 2)}\n`;
}
