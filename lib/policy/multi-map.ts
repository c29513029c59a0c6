/** Appends `value` to the list of `key` in a map of lists, creating the list on first use (no copy of the list). */
export function appendTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) {
    list.push(value);
  } else {
    map.set(key, [value]);
  }
}
