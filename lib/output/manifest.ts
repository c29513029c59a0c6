/** A Kubernetes object as plain JSON. */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
  };
  readonly [key: string]: unknown;
}

/** The API group of a manifest ("" for the core group). */
export function apiGroup(m: Pick<Manifest, 'apiVersion'>): string {
  const slash = m.apiVersion.indexOf('/');
  return slash < 0 ? '' : m.apiVersion.slice(0, slash);
}

/** The identity of an object in a cluster: group, kind, namespace and name. */
export function objectId(m: Manifest): string {
  const ns = m.metadata.namespace ? `${m.metadata.namespace}/` : '';
  const group = apiGroup(m);
  return `${m.kind}${group ? `.${group}` : ''} ${ns}${m.metadata.name}`;
}

/** Escapes a name segment: anything but lowercase letters, digits, "." and "-" becomes "~" and two hex digits. */
function escapeSegment(s: string): string {
  if (/^[a-z0-9.-]*$/.test(s)) {
    return s;
  }
  return Array.from(Buffer.from(s, 'utf8'))
    .map((b) => {
      const c = String.fromCharCode(b);
      return /[a-z0-9.-]/.test(c) ? c : `~${b.toString(16).padStart(2, '0')}`;
    })
    .join('');
}

/**
 * The output file of an object: `<kind>_<group>_<namespace>_<name>.yaml`, with "core" for the core group and an
 * empty namespace for cluster-scoped objects, e.g. `service_core_shop_web.yaml` and
 * `service_serving.knative.dev_shop_web.yaml`. Two distinct objects never share a file name: the segments
 * cannot contain "_" (it is escaped) and group, kind, namespace and name together identify an object.
 */
export function manifestFileName(m: Manifest): string {
  const segments = [m.kind.toLowerCase(), apiGroup(m) || 'core', m.metadata.namespace ?? '', m.metadata.name];
  return `${segments.map(escapeSegment).join('_')}.yaml`;
}
