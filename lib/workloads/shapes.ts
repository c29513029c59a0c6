import { PropsValidator, isObject } from '../core/validator';

/**
 * The JavaScript shape of a prop: what its value must be before any check may read it (a list before `.forEach`, an
 * object before `Object.entries`, a string before `.startsWith`). `undefined` always passes: whether a prop is
 * required is for the construct's own checks, as are the formats of the values.
 */
export type Shape =
  | 'string'
  | 'boolean'
  | 'any'
  | { readonly list: Shape; readonly what: string }
  | { readonly map: Shape; readonly what: string }
  | { readonly object: Readonly<Record<string, Shape>>; readonly what: string }
  | { readonly either: Shape; readonly or: Shape; readonly what: string };

/** A list whose items have the shape `item`; `what` names the items for the message ("container ports"). */
export const list = (item: Shape, what: string): Shape => ({ list: item, what });
/** An object of values of the shape `value` by key. */
export const map = (value: Shape, what: string): Shape => ({ map: value, what });
/** An object with these known keys (others are left to `knownProps`). */
export const object = (fields: Readonly<Record<string, Shape>>, what: string): Shape => ({ object: fields, what });
/** A value of one shape or the other, e.g. a path or `{ path, sizeLimit }`. */
export const either = (a: Shape, b: Shape, what: string): Shape => ({ either: a, or: b, what });

const STRINGS = list('string', 'strings');

function describe(shape: Shape): string {
  if (shape === 'string') {
    return 'a string';
  }
  if (shape === 'boolean') {
    return 'true or false';
  }
  if (shape === 'any') {
    return 'a value';
  }
  if ('list' in shape) {
    return `a list of ${shape.what}`;
  }
  if ('map' in shape) {
    return `an object of ${shape.what} by key`;
  }
  return shape.what;
}

function fits(value: unknown, shape: Shape): boolean {
  if (shape === 'string') {
    return typeof value === 'string';
  }
  if (shape === 'boolean') {
    return typeof value === 'boolean';
  }
  if (shape === 'any') {
    return true;
  }
  if ('list' in shape) {
    return Array.isArray(value);
  }
  if ('either' in shape) {
    return fits(value, shape.either) || fits(value, shape.or);
  }
  return isObject(value);
}

/**
 * Checks `value` (at `field`) and everything inside it against `shape`, recording one problem per misfit at the
 * deepest field that is wrong. Returns whether everything fits.
 */
export function checkShape(v: PropsValidator, field: string, value: unknown, shape: Shape): boolean {
  if (value === undefined || shape === 'any') {
    return true;
  }
  if (!fits(value, shape)) {
    v.fail(field, value, describe(shape));
    return false;
  }
  if (typeof shape === 'string') {
    return true;
  }
  if ('list' in shape) {
    // A hole or an undefined item is never meant: `[undefined]` is a list with one item missing.
    return (value as unknown[]).map((item, i) => (item === undefined
      ? (v.fail(`${field}[${i}]`, item, shape.list === 'any' ? `an item of ${describe(shape)}` : describe(shape.list)), false)
      : checkShape(v, `${field}[${i}]`, item, shape.list))).every(Boolean);
  }
  if ('map' in shape) {
    return Object.entries(value as object).map(([k, x]) => checkShape(v, `${field}.${k}`, x, shape.map)).every(Boolean);
  }
  if ('either' in shape) {
    return fits(value, shape.either) ? checkShape(v, field, value, shape.either) : checkShape(v, field, value, shape.or);
  }
  const o = value as Record<string, unknown>;
  return Object.entries(shape.object)
    .map(([k, s]) => !Object.prototype.hasOwnProperty.call(o, k) || checkShape(v, field === '' ? k : `${field}.${k}`, o[k], s))
    .every(Boolean);
}

/** Checks every listed prop of `props` against its shape; `f` turns a prop name into the field shown (e.g. `sidecars[0].env`). */
export function checkShapes(v: PropsValidator, props: unknown, shapes: Readonly<Record<string, Shape>>, f: (field: string) => string = (x) => x): boolean {
  if (!isObject(props)) {
    return true;
  }
  return Object.entries(shapes)
    .map(([k, shape]) => !Object.prototype.hasOwnProperty.call(props, k) || checkShape(v, f(k), props[k], shape))
    .every(Boolean);
}

const REQUIREMENT = object({ key: 'any', operator: 'any', values: list('string', 'values') }, 'a requirement { key, operator, values }');
const POD_TERM = object({ topologyKey: 'any', labels: map('any', 'label values'), requirements: list(REQUIREMENT, 'requirements'),
  namespaces: list('any', 'namespaces') }, 'a pod affinity term { topologyKey, labels, requirements, namespaces }');
const POD_AFFINITY = object({
  required: list(POD_TERM, 'pod affinity terms'),
  preferred: list(object({ weight: 'any', term: POD_TERM }, 'a weighted term { weight, term }'), 'weighted terms'),
}, 'an object { required, preferred }');
const AMOUNTS = object({ cpu: 'any', memory: 'any' }, 'an object { cpu, memory }');
const PORT = object({ name: 'any', port: 'any', protocol: 'any' }, 'a container port { name, port }');

/** Shapes of a container's props (the main container, a sidecar, an init container). */
export const CONTAINER_SHAPES: Readonly<Record<string, Shape>> = {
  image: 'any',
  command: STRINGS,
  args: STRINGS,
  workingDir: 'any',
  env: map('any', 'values'),
  envFromSecrets: list(object({}, 'a Secret (ExternalSecret, ExistingSecret.named)'), 'Secrets'),
  envFrom: list(object({}, 'a ConfigMap or a Secret'), 'ConfigMaps and Secrets'),
  resources: object({ requests: AMOUNTS, limits: AMOUNTS }, 'an object { requests, limits }'),
  writablePaths: list(either('string', object({ path: 'string', sizeLimit: 'any' }, 'a path or { path, sizeLimit }'), 'a path or { path, sizeLimit }'), 'paths'),
  mounts: list(object({ path: 'any', source: 'any', subPath: 'string' }, 'a file mount { path, source }'), 'file mounts'),
  volumeMounts: list(object({ volume: 'string', path: 'any', readOnly: 'boolean', subPath: 'string' }, 'a volume mount { volume, path }'), 'volume mounts'),
  lifecycle: object({}, 'an object { postStart, preStop }'),
  allowWritableRootFilesystem: object({}, 'a reason, given as { reason: "..." }'),
  ports: list(PORT, 'container ports'),
};

/** Shapes of the pod props of every workload. */
export const POD_SHAPES: Readonly<Record<string, Shape>> = {
  ...CONTAINER_SHAPES,
  sidecars: list(object({ ...CONTAINER_SHAPES, name: 'any', native: 'boolean' }, 'a sidecar container { name, image, ports, ... }'), 'sidecar containers'),
  initContainers: list(object({ ...CONTAINER_SHAPES, name: 'any' }, 'an init container { name, image, ... }'), 'init containers'),
  volumes: map('any', 'Volumes'),
  imagePullSecrets: list(object({}, 'a Secret of type kubernetes.io/dockerconfigjson'), 'Secrets'),
  podAnnotations: map('string', 'annotation values'),
  annotations: map('string', 'annotation values'),
  shareProcessNamespace: 'boolean',
  dnsConfig: object({ nameservers: list('any', 'IP addresses'), searches: list('any', 'domains'), options: map('any', 'option values') },
    'an object { nameservers, searches, options }'),
  hostAliases: list(object({ ip: 'any', hostnames: list('any', 'host names') }, 'a host alias { ip, hostnames }'), 'host aliases'),
  withoutProbes: object({}, 'a reason, given as { reason: "..." }'),
  nodeSelector: map('string', 'label values'),
  nodeAffinity: object({
    required: list(list(REQUIREMENT, 'requirements'), 'lists of requirements'),
    preferred: list(object({ weight: 'any', requirements: list(REQUIREMENT, 'requirements') }, 'a weighted term { weight, requirements }'), 'weighted terms'),
  }, 'an object { required, preferred }'),
  podAffinity: POD_AFFINITY,
  podAntiAffinity: POD_AFFINITY,
  tolerations: list(object({}, 'a toleration { key, operator, value, effect }'), 'tolerations'),
  topologySpread: list(object({}, 'a spread constraint { topologyKey, maxSkew, ... }'), 'spread constraints'),
  disruptionBudget: object({}, 'an object { maxUnavailable } or { minAvailable }'),
  strategy: object({}, 'an object { type, ... }'),
  spread: 'boolean',
};

