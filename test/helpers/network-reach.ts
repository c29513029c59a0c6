import { contains, parseIpv4Cidr } from '../../lib/core/cidr';
import { Manifest } from '../../lib/output/manifest';

/** One end of a connection: pods (namespace and labels) or an address outside the cluster. */
export type Endpoint =
  | { readonly namespace: string; readonly labels: Record<string, string> }
  | { readonly ip: string };

const isPod = (e: Endpoint): e is Extract<Endpoint, { namespace: string }> => 'namespace' in e;

function labelsMatch(selector: any, labels: Record<string, string>): boolean {
  const exprs: any[] = selector?.matchExpressions ?? [];
  return Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v)
    && exprs.every((e) => (e.operator === 'In' ? e.values.includes(labels[e.key]) : e.operator === 'NotIn' ? !e.values.includes(labels[e.key])
      : e.operator === 'Exists' ? e.key in labels : !(e.key in labels)));
}

function ipIn(ip: string, cidr: string): boolean {
  const block = parseIpv4Cidr(cidr);
  const host = parseIpv4Cidr(`${ip}/32`);
  return block !== undefined && host !== undefined && contains(block, host);
}

/**
 * Decides, like a CNI enforcing `networking.k8s.io/v1` NetworkPolicies, whether `from` may open a connection to
 * `to` on a numeric port: the egress policies selecting `from` (if any) and the ingress policies selecting `to` (if
 * any) must each have a rule whose peer and port match. Namespace labels come from the Namespace objects, plus
 * `kubernetes.io/metadata.name`.
 */
export function canConnect(manifests: readonly Manifest[], from: Endpoint, to: Endpoint, port: number, protocol = 'TCP'): boolean {
  const policies = manifests.filter((m) => m.kind === 'NetworkPolicy') as any[];
  const nsLabels = (name: string): Record<string, string> => ({
    ...((manifests.find((m) => m.kind === 'Namespace' && m.metadata.name === name) as any)?.metadata.labels ?? {}),
    'kubernetes.io/metadata.name': name,
  });
  const peerMatches = (peer: any, policyNamespace: string, e: Endpoint): boolean => {
    if (peer.ipBlock) {
      return !isPod(e) && ipIn(e.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((x: string) => ipIn(e.ip, x));
    }
    if (!isPod(e)) {
      return false;
    }
    const nsOk = peer.namespaceSelector ? labelsMatch(peer.namespaceSelector, nsLabels(e.namespace)) : e.namespace === policyNamespace;
    return nsOk && (peer.podSelector ? labelsMatch(peer.podSelector, e.labels) : true);
  };
  const portMatches = (ports: any[] | undefined) => (ports ?? []).length === 0 || ports!.some((p) =>
    (p.protocol ?? 'TCP') === protocol && (p.port === undefined || (p.endPort ? port >= p.port && port <= p.endPort : p.port === port)));
  const side = (e: Endpoint, other: Endpoint, type: 'Ingress' | 'Egress'): boolean => {
    if (!isPod(e)) {
      return true;
    }
    const selecting = policies.filter((p) => p.metadata.namespace === e.namespace && p.spec.policyTypes.includes(type) && labelsMatch(p.spec.podSelector, e.labels));
    if (selecting.length === 0) {
      return true;
    }
    return selecting.some((p) => ((type === 'Ingress' ? p.spec.ingress : p.spec.egress) ?? []).some((r: any) => {
      const peers = type === 'Ingress' ? r.from : r.to;
      return ((peers ?? []).length === 0 || peers.some((peer: any) => peerMatches(peer, p.metadata.namespace, other))) && portMatches(r.ports);
    }));
  };
  return side(from, to, 'Egress') && side(to, from, 'Ingress');
}
