// The JSON of L1 props in one linear pass: what the seam's classes write when their props are plain data.
//
// The 1.27 L1 conversion (`toJson_<Type>` of cdk8s-plus-27) walks the props type by type and, for every object,
// filters undefined values by copying the object once per key (a spread inside a reduce): quadratic in the keys, and
// the largest source of garbage in a synth. Props of the L1 types are already shaped like their JSON but for a few
// keys the generated TypeScript names camel-case (`clusterIp` for `clusterIP`) and the union values (IntOrString,
// Quantity) that stand for their `.value`. This pass applies exactly those: it keeps every key of the props (the seam's
// types and the 1.32 fields they add), drops undefined values, and leaves the keys of string and quantity maps alone.
// A test renders every object of every example app both ways and compares them.
import { Lazy } from 'cdk8s';

/**
 * Prop names of the Kubernetes 1.27 types whose JSON key differs, for the kinds the seam writes (the JSONSchemaProps
 * keys of CustomResourceDefinition, which it does not write, are left out: `schema` is ambiguous there).
 */
const JSON_KEYS: ReadonlyMap<string, string> = new Map(Object.entries({
  clientIp: 'clientIP',
  clusterIp: 'clusterIP',
  datasetUuid: 'datasetUUID',
  diskUri: 'diskURI',
  downwardApi: 'downwardAPI',
  externalId: 'externalID',
  hostIp: 'hostIP',
  hostIpc: 'hostIPC',
  hostPid: 'hostPID',
  insecureSkipTlsVerify: 'insecureSkipTLSVerify',
  loadBalancerIp: 'loadBalancerIP',
  nodeId: 'nodeID',
  nonResourceUrLs: 'nonResourceURLs',
  pdId: 'pdID',
  podCidr: 'podCIDR',
  podCidRs: 'podCIDRs',
  providerId: 'providerID',
  scaleIo: 'scaleIO',
  setHostnameAsFqdn: 'setHostnameAsFQDN',
  storagePolicyId: 'storagePolicyID',
  targetCpuUtilizationPercentage: 'targetCPUUtilizationPercentage',
  targetWwNs: 'targetWWNs',
  volumeId: 'volumeID',
}));

/**
 * Fields that are maps in some 1.27 type (labels, selectors, data, resource quantities...), or lists and objects
 * under a map-named field: their keys are data, never renamed. Where the same name is an object elsewhere (a
 * Deployment's `selector`, a LimitRange's `limits`), nothing under it has a renamed key either.
 */
const MAP_FIELDS: ReadonlySet<string> = new Set([
  'annotations', 'binaryData', 'capacity', 'data', 'default', 'defaultRequest', 'deprecatedTopology', 'extra', 'hard',
  'labels', 'limits', 'matchLabels', 'max', 'maxLimitRequestRatio', 'min', 'nodeSelector', 'options', 'overhead',
  'parameters', 'podFixed', 'requests', 'selector', 'stringData', 'volumeAttributes',
]);

/** Whether a value is one of the L1 union classes (IntOrString, Quantity), written as its `.value`. */
export type UnionTest = (value: object) => value is { readonly value: unknown };

/** Returned when the props hold something only cdk8s's resolution pass handles. */
export const NEEDS_RESOLUTION: unique symbol = Symbol('needs cdk8s resolution');

/** A value cdk8s resolves: a Lazy value or any object with a `resolve()` method (cdk8s's implicit tokens). */
function isToken(value: object): boolean {
  return value instanceof Lazy || typeof (value as { resolve?: unknown }).resolve === 'function';
}

/**
 * Sets `out[key]`, as an own property even for the key "__proto__" (a valid ConfigMap key, say), which an assignment
 * would take for the object's prototype and drop.
 */
function setKey(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    out[key] = value;
  }
}

class Converter {
  public unresolved = false;

  public constructor(private readonly isUnion: UnionTest) {}

  /** `value` as JSON; `data`: under a map field (keys kept as written). */
  public convert(value: unknown, data: boolean): unknown {
    if (value === null) {
      // cdk8s's resolution drops nulls; the direct path would write them.
      this.unresolved = true;
      return undefined;
    }
    if (typeof value !== 'object') {
      return value;
    }
    if (Array.isArray(value)) {
      const out = new Array(value.length);
      for (let i = 0; i < value.length; i++) {
        out[i] = this.convert(value[i], data);
      }
      return out;
    }
    if (isToken(value)) {
      this.unresolved = true;
      return value;
    }
    if (Object.getPrototypeOf(value) !== Object.prototype) {
      return this.isUnion(value) ? value.value : value;
    }
    const out: Record<string, unknown> = {};
    for (const key in value) {
      const v = (value as Record<string, unknown>)[key];
      if (v === undefined) {
        continue;
      }
      const inData = data || MAP_FIELDS.has(key);
      setKey(out, data ? key : (JSON_KEYS.get(key) ?? key), this.convert(v, inData));
    }
    return out;
  }
}

/**
 * The JSON of L1 props (without apiVersion and kind), or NEEDS_RESOLUTION when they hold a null, a Lazy value or an
 * object with a `resolve()` method.
 */
export function propsJson(props: object, isUnion: UnionTest): Record<string, unknown> | typeof NEEDS_RESOLUTION {
  const converter = new Converter(isUnion);
  const json = converter.convert(props, false) as Record<string, unknown>;
  return converter.unresolved ? NEEDS_RESOLUTION : json;
}

/**
 * The JSON of an object's metadata as cdk8s writes it (null, undefined, empty lists and empty objects dropped), from
 * its fields, or NEEDS_RESOLUTION when they hold anything but plain data. Keys keep their order (the YAML sorts them).
 */
export function metadataJson(fields: Record<string, unknown>): Record<string, unknown> | typeof NEEDS_RESOLUTION {
  let unresolved = false;
  const clean = (value: unknown): unknown => {
    if (value === null || value === undefined) {
      return undefined;
    }
    if (typeof value !== 'object') {
      return value;
    }
    if (Array.isArray(value)) {
      return value.length === 0 ? undefined : value.map(clean);
    }
    if (isToken(value) || Object.getPrototypeOf(value) !== Object.prototype) {
      unresolved = true;
      return undefined;
    }
    const out: Record<string, unknown> = {};
    let any = false;
    for (const key in value) {
      const v = clean((value as Record<string, unknown>)[key]);
      if (v !== undefined) {
        setKey(out, key, v);
        any = true;
      }
    }
    return any ? out : undefined;
  };
  const json = clean(fields) as Record<string, unknown> | undefined;
  return unresolved ? NEEDS_RESOLUTION : (json ?? {});
}
