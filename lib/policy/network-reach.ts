import { contains, parseIpv4Cidr } from '../core/cidr';
import { LabelSelector, isMap as isObject, selectorMatches } from './selectors';
import { SelectorIndex } from './selector-index';

/**
 * In-process evaluation of `networking.k8s.io/v1` NetworkPolicies, as a CNI enforcing them would decide: may one
 * endpoint open a connection to another on a port? Used by the reachability checks and by tests.
 */

/** One end of a connection: pods (namespace and labels) or an address outside the cluster. */
export type Endpoint =
  | { readonly namespace: string; readonly labels: Record<string, string> }
  | { readonly ip: string };

/** A destination port: its number and, when the container port has one, its name (named policy ports match it). */
export interface PortRef {
  readonly number: number;
  readonly name?: string;
}

/** The verdict: allowed, denied, or unknown (a rule depends on labels of a Namespace the objects lack). */
export type Reach = 'allowed' | 'denied' | 'unknown';

type Tri = boolean | undefined;

const list = (v: unknown): any[] => (Array.isArray(v) ? v : []);
const isPod = (e: Endpoint): e is Extract<Endpoint, { namespace: string }> => isObject(e) && 'namespace' in e;

/** The namespace label every namespace carries (Kubernetes >= 1.22). */
const NAME_LABEL = 'kubernetes.io/metadata.name';

/** Whether a selector only reads the namespace-name label (so it can be decided without the Namespace object). */
function onlyNameLabel(selector: unknown): boolean {
  if (!isObject(selector)) {
    return true;
  }
  const keys = [...Object.keys(isObject(selector.matchLabels) ? selector.matchLabels : {}), ...list(selector.matchExpressions).map((e) => e?.key)];
  return keys.every((k) => k === NAME_LABEL);
}

function ipIn(ip: string, cidr: unknown): boolean {
  const block = typeof cidr === 'string' ? parseIpv4Cidr(cidr) : undefined;
  const host = parseIpv4Cidr(`${ip}/32`);
  return block !== undefined && host !== undefined && contains(block, host);
}

const or = (values: Tri[]): Tri => (values.includes(true) ? true : values.includes(undefined) ? undefined : false);
const and = (a: Tri, b: Tri): Tri => (a === false || b === false ? false : a === true && b === true ? true : undefined);

/** The NetworkPolicies and Namespaces of a set of Kubernetes objects, ready to answer reachability questions. */
export class NetworkModel {
  /** The NetworkPolicies of each namespace, by the direction they restrict. */
  private readonly policiesByNs = new Map<string, { readonly Ingress: any[]; readonly Egress: any[]; count: number }>();
  private readonly namespaces = new Map<string, Record<string, string>>();
  /** The policies of each direction and namespace, by the labels they select (built on first use). */
  private readonly selectors = new Map<string, SelectorIndex<any>>();

  public constructor(objects: readonly unknown[]) {
    for (const m of objects as any[]) {
      if (!isObject(m) || !isObject(m.metadata) || typeof m.metadata.name !== 'string') {
        continue;
      }
      if (m.kind === 'Namespace') {
        this.namespaces.set(m.metadata.name, isObject(m.metadata.labels) ? m.metadata.labels : {});
      } else if (m.kind === 'NetworkPolicy' && String(m.apiVersion).startsWith('networking.k8s.io/') && isObject(m.spec)) {
        const ns = typeof m.metadata.namespace === 'string' ? m.metadata.namespace : '';
        let policies = this.policiesByNs.get(ns);
        if (policies === undefined) {
          policies = { Ingress: [], Egress: [], count: 0 };
          this.policiesByNs.set(ns, policies);
        }
        const types = policyTypesOf(m.spec);
        for (const type of ['Ingress', 'Egress'] as const) {
          if (types.includes(type)) {
            policies[type].push(m);
          }
        }
        policies.count++;
      }
    }
  }

  /** Whether the objects hold NetworkPolicies in `namespace`. */
  public hasPolicies(namespace: string): boolean {
    return (this.policiesByNs.get(namespace)?.count ?? 0) > 0;
  }

  /** The NetworkPolicies of `namespace` that select the pods with `labels` for `type` traffic. */
  public selecting(namespace: string, labels: Record<string, string>, type: 'Ingress' | 'Egress'): any[] {
    const at = `${type}\u0000${namespace}`;
    let index = this.selectors.get(at);
    if (index === undefined) {
      index = new SelectorIndex(this.policiesByNs.get(namespace)?.[type] ?? [], (p) => p.spec.podSelector?.matchLabels);
      this.selectors.set(at, index);
    }
    return index.candidates(labels).filter((p) => selectorMatches(p.spec.podSelector ?? {}, labels));
  }

  /**
   * Whether `from` may open a connection to `to` on `port`: the egress policies selecting `from` (if any) and the
   * ingress policies selecting `to` (if any) must each have a rule whose peer and port match. Namespace labels come
   * from the Namespace objects, plus `kubernetes.io/metadata.name`; a rule that reads other labels of a Namespace the
   * objects lack makes the answer "unknown" unless another rule decides.
   */
  public reach(from: Endpoint, to: Endpoint, port: number | PortRef, protocol = 'TCP'): Reach {
    const p: PortRef = typeof port === 'number' ? { number: port } : port;
    const verdict = and(this.side(from, to, 'Egress', p, protocol), this.side(to, from, 'Ingress', p, protocol));
    return verdict === true ? 'allowed' : verdict === false ? 'denied' : 'unknown';
  }

  private namespaceMatches(selector: unknown, namespace: string): Tri {
    const labels = this.namespaces.get(namespace);
    if (labels === undefined && !onlyNameLabel(selector)) {
      return undefined;
    }
    return selectorMatches(selector as LabelSelector, { ...labels, [NAME_LABEL]: namespace });
  }

  private peerMatches(peer: any, policyNamespace: string, e: Endpoint): Tri {
    if (!isObject(peer)) {
      return false;
    }
    if (peer.ipBlock !== undefined) {
      return !isPod(e) && isObject(peer.ipBlock) && ipIn(e.ip, peer.ipBlock.cidr) && !list(peer.ipBlock.except).some((x) => ipIn(e.ip, x));
    }
    if (!isPod(e)) {
      return false;
    }
    const nsOk: Tri = peer.namespaceSelector !== undefined ? this.namespaceMatches(peer.namespaceSelector, e.namespace) : e.namespace === policyNamespace;
    return and(nsOk, peer.podSelector !== undefined ? selectorMatches(peer.podSelector, e.labels) : true);
  }

  private side(e: Endpoint, other: Endpoint, type: 'Ingress' | 'Egress', port: PortRef, protocol: string): Tri {
    if (!isPod(e)) {
      return true;
    }
    const selecting = this.selecting(e.namespace, e.labels, type);
    if (selecting.length === 0) {
      return true;
    }
    return or(selecting.flatMap((p) => list(type === 'Ingress' ? p.spec.ingress : p.spec.egress).map((r: any): Tri => {
      if (!isObject(r)) {
        return false;
      }
      const peers = list(type === 'Ingress' ? r.from : r.to);
      const peerOk = peers.length === 0 ? true : or(peers.map((peer) => this.peerMatches(peer, p.metadata.namespace ?? '', other)));
      return and(peerOk, portMatches(r.ports, port, protocol));
    })));
  }
}

/**
 * The directions a NetworkPolicy restricts: its policyTypes, or when unset (as the API server defaults them) Ingress,
 * plus Egress when it has egress rules.
 */
export function policyTypesOf(spec: any): string[] {
  if (Array.isArray(spec?.policyTypes)) {
    return spec.policyTypes.filter((x: unknown): x is string => typeof x === 'string');
  }
  return ['Ingress', ...(isObject(spec) && spec.egress !== undefined && spec.egress !== null ? ['Egress'] : [])];
}

function portMatches(ports: unknown, port: PortRef, protocol: string): boolean {
  const all = list(ports);
  return all.length === 0 || all.some((p) => {
    if (!isObject(p) || (p.protocol ?? 'TCP') !== protocol) {
      return false;
    }
    if (p.port === undefined) {
      return true;
    }
    if (typeof p.port === 'string') {
      return port.name !== undefined && p.port === port.name;
    }
    return typeof p.endPort === 'number' ? port.number >= p.port && port.number <= p.endPort : p.port === port.number;
  });
}

/**
 * Decides, like a CNI enforcing NetworkPolicies, whether `from` may open a connection to `to` on a port (see
 * {@link NetworkModel.reach}); an unknown answer counts as no.
 */
export function canConnect(manifests: readonly unknown[], from: Endpoint, to: Endpoint, port: number | PortRef, protocol = 'TCP'): boolean {
  return new NetworkModel(manifests).reach(from, to, port, protocol) === 'allowed';
}
