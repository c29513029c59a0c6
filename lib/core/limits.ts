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
