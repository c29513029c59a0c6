import { k8s, KubeNetworkPolicy } from '../core/k8s';
import { Construct } from 'constructs';
import { LABEL_KEY, LABEL_VALUE } from '../core/formats';
import { NamespacedResource, RESOURCE_ID, propNames } from '../core/resource';
import { PropsValidator, isObject } from '../core/validator';
import { NetworkPeer } from './network-peer';

/** A port a NetworkPolicy rule opens. */
export interface PolicyPort {
  /** Port number, or the name of a port of the destination pods. */
  readonly port: number | string;
  /**
   * Last port of a range that starts at `port` (numeric ports only; needs a CNI that supports `endPort`).
   * @default just `port`
   */
  readonly endPort?: number;
  /**
   * Protocol.
   * @default "TCP"
   */
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
}

/** One allow rule: traffic with these peers, on these ports. */
export interface NetworkPolicyRule {
  /** Who may connect (ingress) or be connected to (egress). At least one. */
  readonly peers: NetworkPeer[];
  /**
   * Ports the rule opens.
   * @default all ports
   */
  readonly ports?: PolicyPort[];
}

/** Props of a {@link NetworkPolicy}. */
export interface NetworkPolicyProps {
  /**
   * Name of the policy.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * Namespace of the policy and of the pods it selects.
   * @default the enclosing SecureNamespace
   */
  readonly namespace?: string;
  /** Labels of the pods the policy applies to; `{}` selects every pod of the namespace. */
  readonly podSelector: Record<string, string>;
  /**
   * Allowed incoming traffic. An empty list denies all ingress; leaving it out leaves ingress unaffected.
   * @default ingress is not governed by this policy
   */
  readonly ingress?: NetworkPolicyRule[];
  /**
   * Allowed outgoing traffic. An empty list denies all egress; leaving it out leaves egress unaffected.
   * @default egress is not governed by this policy
   */
  readonly egress?: NetworkPolicyRule[];
  /**
   * Labels of the policy object.
   * @default none
   */
  readonly labels?: Record<string, string>;
}

const PROPS = propNames<NetworkPolicyProps>()({ name: true, namespace: true, podSelector: true, ingress: true, egress: true, labels: true });
const RULE_PROPS = propNames<NetworkPolicyRule>()({ peers: true, ports: true });
const PORT_PROPS = propNames<PolicyPort>()({ port: true, endPort: true, protocol: true });

/**
 * A `networking.k8s.io/v1` NetworkPolicy built from typed peers and ports. Policies are additive: in a namespace
 * with default deny, each policy opens exactly what its rules list.
 */
export class NetworkPolicy extends NamespacedResource {
  public constructor(scope: Construct, id: string, props: NetworkPolicyProps) {
    super(scope, id, props, { props: PROPS });
    const v = this.validator;
    const p: Partial<NetworkPolicyProps> = isObject(props) ? props : {};
    if (v.check(isObject(p.podSelector), 'podSelector', p.podSelector, 'the labels of the pods the policy applies to, e.g. { app: "web" }, or {} for every pod')) {
      v.map('podSelector', p.podSelector, LABEL_KEY, LABEL_VALUE);
    }
    v.check(p.ingress !== undefined || p.egress !== undefined, 'ingress', p.ingress,
      'ingress and/or egress rules (an empty list denies that direction)');
    const ingress = checkRules(v, 'ingress', p.ingress);
    const egress = checkRules(v, 'egress', p.egress);
    v.throwIfInvalid();

    const ports = (r: NetworkPolicyRule) => r.ports?.map((port) => ({
      port: typeof port.port === 'number' ? k8s.IntOrString.fromNumber(port.port) : k8s.IntOrString.fromString(port.port),
      protocol: port.protocol ?? 'TCP',
      endPort: port.endPort,
    }));
    const podSelector = p.podSelector!;
    const policyTypes = [...(ingress ? ['Ingress'] : []), ...(egress ? ['Egress'] : [])];
    new KubeNetworkPolicy(this, RESOURCE_ID, {
      metadata: { name: this.name, namespace: this.namespace, labels: p.labels },
      spec: {
        // `{}` selects every pod of the namespace.
        podSelector: Object.keys(podSelector).length > 0 ? { matchLabels: { ...podSelector } } : {},
        policyTypes,
        ingress: ingress?.map((r) => ({ from: r.peers.flatMap((peer) => peer._render(this.namespace)), ports: ports(r) })),
        egress: egress?.map((r) => ({ to: r.peers.flatMap((peer) => peer._render(this.namespace)), ports: ports(r) })),
      },
    });
  }
}

/** Checks the rules of one direction; returns them when they are a list (undefined when the direction is not governed). */
function checkRules(v: PropsValidator, dir: string, rules: unknown): NetworkPolicyRule[] | undefined {
  if (rules === undefined || !v.check(Array.isArray(rules), dir, rules, 'a list of rules such as [{ peers: [NetworkPeer.namespace("edge")], ports: [{ port: 8080 }] }]')) {
    return undefined;
  }
  (rules as unknown[]).forEach((r, i) => {
    const f = `${dir}[${i}]`;
    if (!v.check(isObject(r), f, r, 'a rule: { peers, ports? }') || !v.knownProps(f, r, RULE_PROPS)) {
      return;
    }
    const peers: unknown = (r as NetworkPolicyRule).peers;
    if (v.check(Array.isArray(peers) && peers.length > 0, `${f}.peers`, peers, 'at least one peer (use NetworkPeer.ipBlock("0.0.0.0/0") to mean anyone)')) {
      (peers as unknown[]).forEach((peer, j) => {
        if (v.check(peer instanceof NetworkPeer, `${f}.peers[${j}]`, peer, 'a NetworkPeer, e.g. NetworkPeer.namespace("edge") or NetworkPeer.ipBlock("10.0.0.0/8")')) {
          (peer as NetworkPeer)._validate(v, `${f}.peers[${j}]`);
        }
      });
    }
    const ports: unknown = (r as NetworkPolicyRule).ports;
    if (ports !== undefined && v.check(Array.isArray(ports) && ports.length > 0, `${f}.ports`, ports,
      'a non-empty list of ports such as [{ port: 8080 }] (leave ports out to open every port)')) {
      (ports as unknown[]).forEach((port, j) => checkPort(v, `${f}.ports[${j}]`, port));
    }
  });
  return rules as NetworkPolicyRule[];
}

/** Checks one port of a rule: a number or a pod's port name, a known protocol, and a range only from a numeric port. */
function checkPort(v: PropsValidator, f: string, p: unknown): void {
  if (!v.check(isObject(p), f, p, 'a port: { port, endPort?, protocol? }') || !v.knownProps(f, p, PORT_PROPS)) {
    return;
  }
  const port = p as PolicyPort;
  const ok = typeof port.port === 'string' || typeof port.port === 'number'
    ? v.portRef(`${f}.port`, port.port, true)
    : v.check(false, `${f}.port`, port.port, 'a port number from 1 to 65535, or the name of a port of the destination pods');
  v.check(port.protocol === undefined || ['TCP', 'UDP', 'SCTP'].includes(port.protocol), `${f}.protocol`, port.protocol, '"TCP", "UDP" or "SCTP"');
  if (port.endPort !== undefined && ok) {
    // The API server takes endPort only with a numeric port, and refuses one below it.
    if (v.check(typeof port.port === 'number', `${f}.endPort`, port.endPort, `no endPort with the named port "${String(port.port)}" (a range starts at a port number)`)) {
      v.check(Number.isInteger(port.endPort) && port.endPort >= (port.port as number) && port.endPort <= 65535, `${f}.endPort`, port.endPort,
        `an integer from the port ${String(port.port)} up to 65535`);
    }
  }
}
