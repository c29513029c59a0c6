// Limits that the API server, etcd or the kernel enforce on what keelson writes, in one place: the constructs check
// their props against them (naming the prop), and the synth checks every object once more (lib/output/object-limits).

/** etcd's default request limit (--max-request-bytes, 1.5 MiB): a larger object cannot be stored. */
export const MAX_OBJECT_BYTES = 1.5 * 1024 * 1024;

/** The API server's limit on all annotations of one object together (keys and values, 256 KiB). */
export const MAX_ANNOTATION_BYTES = 256 * 1024;

/** The API server's limit on the values of a ConfigMap or Secret together (text, and binary data decoded: 1 MiB). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * Linux refuses to start a process (execve fails with E2BIG) when one "NAME=value" string of its environment, with its
 * terminating NUL, is longer than MAX_ARG_STRLEN: 32 pages, 131072 bytes. The container would never start.
 */
export const MAX_ENV_STRING_BYTES = 128 * 1024;

/**
 * The number of Unicode code points of `s`: how the API server and CEL count the length of a string (maxLength, the
 * size of a source), and `[...s].length` (a surrogate pair is one, a lone surrogate one), without building an array.
 */
export function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
      }
    }
    n++;
  }
  return n;
}
