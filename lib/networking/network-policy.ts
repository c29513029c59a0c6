import { k8s, KubeNetworkPolicy } from '../core/k8s';
import { Construct } from 'constructs';
import { LABEL_KEY, LABEL_VALUE } from '../core/formats';
import { NamespacedResource, RESOURCE_ID, propNames } from '../core/resource';
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
    v.map('podSelector', props.podSelector, LABEL_KEY, LABEL_VALUE);
    v.check(props.ingress !== undefined || props.egress !== undefined, 'ingress', props.ingress,
      'ingress and/or egress rules (an empty list denies that direction)');
    const checkRules = (dir: string, rules: NetworkPolicyRule[] | undefined) => rules?.forEach((r, i) => {
      v.knownProps(`${dir}[${i}]`, r, RULE_PROPS);
      v.check(r.peers.length > 0, `${dir}[${i}].peers`, r.peers, 'at least one peer (use NetworkPeer.ipBlock("0.0.0.0/0") to mean anyone)');
      r.peers.forEach((p, j) => p._validate(v, `${dir}[${i}].peers[${j}]`));
      r.ports?.forEach((p, j) => {
        v.knownProps(`${dir}[${i}].ports[${j}]`, p, PORT_PROPS);
        v.portRef(`${dir}[${i}].ports[${j}].port`, p.port, true);
        v.check(['TCP', 'UDP', 'SCTP'].includes(p.protocol ?? 'TCP'), `${dir}[${i}].ports[${j}].protocol`, p.protocol, '"TCP", "UDP" or "SCTP"');
        if (p.endPort !== undefined) {
          v.check(typeof p.port === 'number' && Number.isInteger(p.endPort) && p.endPort >= p.port && p.endPort <= 65535,
            `${dir}[${i}].ports[${j}].endPort`, p.endPort, `an integer from the numeric port ${p.port} up to 65535`);
        }
      });
    });
    checkRules('ingress', props.ingress);
    checkRules('egress', props.egress);
    v.throwIfInvalid();

    const ports = (r: NetworkPolicyRule) => r.ports?.map((p) => ({
      port: typeof p.port === 'number' ? k8s.IntOrString.fromNumber(p.port) : k8s.IntOrString.fromString(p.port),
      protocol: p.protocol ?? 'TCP',
      endPort: p.endPort,
    }));
    const policyTypes = [...(props.ingress ? ['Ingress'] : []), ...(props.egress ? ['Egress'] : [])];
    new KubeNetworkPolicy(this, RESOURCE_ID, {
      metadata: { name: this.name, namespace: this.namespace, labels: props.labels },
      spec: {
        // `{}` selects every pod of the namespace.
        podSelector: Object.keys(props.podSelector).length > 0 ? { matchLabels: { ...props.podSelector } } : {},
        policyTypes,
        ingress: props.ingress?.map((r) => ({ from: r.peers.map((p) => p._render(this.namespace)), ports: ports(r) })),
        egress: props.egress?.map((r) => ({ to: r.peers.map((p) => p._render(this.namespace)), ports: ports(r) })),
      },
    });
  }
}
