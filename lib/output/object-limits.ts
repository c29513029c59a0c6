import { ValidationIssue, describeValue } from '../core/errors';
import { ANNOTATION_KEY, DNS_LABEL, LABEL_KEY, LABEL_VALUE, SUBDOMAIN } from '../core/formats';
import { MAX_ANNOTATION_BYTES, MAX_CONFIG_BYTES, MAX_ENV_STRING_BYTES, MAX_OBJECT_BYTES } from '../core/limits';
import { containersOf, isMap, listOf, podSpec } from '../policy/pods';
import { Manifest } from './manifest';

// Limits the API server, etcd or the kernel enforce on every object, checked once more over the synthesized output:
// the constructs check their own props first (with the user's prop names); this is the net under escape hatches,
// L1 objects and whatever a construct let through, so that no object the cluster would refuse is ever written.


const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');
const kib = (n: number): string => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(2)} MiB` : `${(n / 1024).toFixed(1)} KiB`);

/**
 * What the cluster would refuse in one synthesized object: its metadata (name, namespace, label and annotation keys
 * and values), its size, a ConfigMap's data size, and environment strings too large to start a container with.
 * `json` is the object's JSON text (its size is the object's size).
 */
export function objectLimitIssues(m: Manifest, json: string, constructPath: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const fail = (field: string, value: unknown, expected: string): void => {
    issues.push({ constructPath, field, message: `got ${describeValue(value)}; expected ${expected}` });
  };
  const meta: any = (m as any).metadata;
  if (!isMap(meta)) {
    fail('metadata', meta, 'an object with the name of the object');
    return issues;
  }
  if (!SUBDOMAIN.test(meta.name)) {
    fail('metadata.name', meta.name, `an object name: ${SUBDOMAIN.description}`);
  }
  if (meta.namespace !== undefined && !DNS_LABEL.test(meta.namespace)) {
    fail('metadata.namespace', meta.namespace, `a namespace name: ${DNS_LABEL.description}`);
  }
  const labels = isMap(meta.labels) ? meta.labels : {};
  for (const key in labels) {
    const value = labels[key];
    if (!LABEL_KEY.test(key)) {
      fail('metadata.labels key', key, LABEL_KEY.description);
    } else if (!LABEL_VALUE.test(value)) {
      fail(`metadata.labels["${key}"]`, value, LABEL_VALUE.description);
    }
  }
  const annotations = isMap(meta.annotations) ? meta.annotations : {};
  let annotationBytes = 0;
  for (const key in annotations) {
    const value = annotations[key];
    if (!ANNOTATION_KEY.test(key)) {
      fail('metadata.annotations key', key, ANNOTATION_KEY.description);
    } else if (typeof value !== 'string') {
      fail(`metadata.annotations["${key}"]`, value, 'a string');
    }
    annotationBytes += bytes(key) + bytes(String(value));
  }
  if (annotationBytes > MAX_ANNOTATION_BYTES) {
    fail('metadata.annotations', `${kib(annotationBytes)} of annotations`, `at most ${kib(MAX_ANNOTATION_BYTES)} (the API server's limit for all annotations of an object)`);
  }
  if (m.kind === 'ConfigMap' || m.kind === 'Secret') {
    // As the API server counts: the bytes of each text value, and of each binary value decoded (keys do not count).
    const text = [(m as any).stringData, m.kind === 'ConfigMap' ? (m as any).data : undefined].filter(isMap).flatMap((d) => Object.values(d));
    const binary = [(m as any).binaryData, m.kind === 'Secret' ? (m as any).data : undefined].filter(isMap).flatMap((d) => Object.values(d));
    const size = text.reduce((n: number, v) => n + bytes(String(v)), 0)
      + binary.reduce((n: number, v) => n + Buffer.from(String(v), 'base64').length, 0);
    if (size > MAX_CONFIG_BYTES) {
      fail('data', `${kib(size)} of data`, `at most ${kib(MAX_CONFIG_BYTES)} (the API server's limit for a ${m.kind}); mount large files from a volume or an image instead`);
    }
  }
  for (const ref of containersOf(podSpec(m))) {
    for (const env of listOf(ref.container?.env)) {
      if (isMap(env) && typeof env.value === 'string' && bytes(`${env.name}=${env.value}`) > MAX_ENV_STRING_BYTES) {
        fail(`containers["${ref.container?.name}"].env["${env.name}"]`, `${kib(bytes(env.value))} value`,
          `an environment variable of at most ${kib(MAX_ENV_STRING_BYTES)} with its name (Linux refuses to start a process with a larger one, E2BIG); mount large values as files`);
      }
    }
  }
  const size = bytes(json);
  if (size > MAX_OBJECT_BYTES) {
    fail('', `${m.kind} "${meta.name}" of ${kib(size)}`, `an object of at most ${kib(MAX_OBJECT_BYTES)} (etcd's request limit; the API server refuses larger objects)`);
  }
  return issues;
}
