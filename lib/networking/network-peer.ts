import { k8s } from '../core/k8s';
import { exceptProblem } from '../core/cidr';
import { CIDR, DNS_LABEL, LABEL_KEY, LABEL_VALUE } from '../core/formats';
import { PropsValidator } from '../core/validator';
import { IWorkload } from '../workloads/workload';
import type { IGateway } from './gateway';
import { IngressController } from './ingress-controller';

/** The namespace label every namespace carries (Kubernetes >= 1.22), used to select namespaces by name. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

type Peer =
  | { readonly kind: 'pods'; readonly labels: Readonly<Record<string, string>>; readonly namespace?: string; readonly name: string }
  | { readonly kind: 'namespace'; readonly namespace: string }
  | {
    readonly kind: 'labelled';
    readonly name: string;
    readonly namespaceLabels: Readonly<Record<string, string>>;
    readonly podLabels?: Readonly<Record<string, string>>;
  }
  | { readonly kind: 'ipBlock'; readonly cidr: string; readonly except: readonly string[] };

/** The other side of a NetworkPolicy rule: pods, a namespace, an ingress controller or an IP block. */
export class NetworkPeer {
  /** The pods of a workload of this library. */
  public static workload(workload: IWorkload): NetworkPeer {
    return new NetworkPeer({ kind: 'pods', labels: workload.selector, namespace: workload.namespace, name: workload.name });
  }

  /** The pods of an ingress controller. */
  public static ingressController(controller: IngressController): NetworkPeer {
    return new NetworkPeer({ kind: 'pods', labels: controller.podLabels, namespace: controller.namespace, name: controller.namespace });
  }

  /**
   * The data-plane pods (proxies) that serve a Gateway API Gateway, as its controller places and labels them.
   * Named "gateway-<name>" in generated policy names.
   */
  public static gateway(gateway: IGateway): NetworkPeer {
    const plane = gateway.controller.dataPlane(gateway);
    return new NetworkPeer({ kind: 'pods', labels: plane.podLabels, namespace: plane.namespace, name: `gateway-${gateway.name}` });
  }

  /**
   * Pods with these labels, in `namespace` or (when omitted) in the namespace of the policy.
   * `name` names the peer in generated policy names.
   */
  public static pods(name: string, labels: Record<string, string>, namespace?: string): NetworkPeer {
    return new NetworkPeer({ kind: 'pods', labels, namespace, name });
  }

  /** Every pod of a namespace. */
  public static namespace(namespace: string): NetworkPeer {
    return new NetworkPeer({ kind: 'namespace', namespace });
  }

  /**
   * Every pod of every namespace carrying `namespaceLabels` (e.g. `{ project: 'sample-project' }`), or with
   * `podLabels` only the pods with those labels in such namespaces (both must match). `name` names the peer in
   * generated policy names.
   */
  public static namespacesLabelled(name: string, namespaceLabels: Record<string, string>, podLabels?: Record<string, string>): NetworkPeer {
    return new NetworkPeer({ kind: 'labelled', name, namespaceLabels, podLabels });
  }

  /**
   * Addresses in a CIDR block, minus the `except` blocks, which must lie inside it (for traffic leaving or entering
   * the cluster; pod IPs are better selected by labels).
   */
  public static ipBlock(cidr: string, except: string[] = []): NetworkPeer {
    return new NetworkPeer({ kind: 'ipBlock', cidr, except });
  }

  private constructor(private readonly peer: Peer) {}

  /** A short DNS-safe name of the peer, used in the names of generated policies. */
  public get displayName(): string {
    const p = this.peer;
    switch (p.kind) {
      case 'pods': return p.name;
      case 'namespace': return `ns-${p.namespace}`;
      case 'labelled': return p.name;
      case 'ipBlock': return `cidr-${p.cidr.replace(/[^0-9a-f]+/gi, '-').toLowerCase()}`;
    }
  }

  /** @internal */
  public _validate(v: PropsValidator, field: string): void {
    const p = this.peer;
    switch (p.kind) {
      case 'pods':
        v.map(`${field}.labels`, p.labels as Record<string, string>, LABEL_KEY, LABEL_VALUE);
        v.format(`${field}.namespace`, p.namespace, DNS_LABEL);
        break;
      case 'namespace':
        v.format(`${field}.namespace`, p.namespace, DNS_LABEL, true);
        break;
      case 'ipBlock':
        v.format(`${field}.cidr`, p.cidr, CIDR, true);
        p.except.forEach((e, i) => {
          if (v.format(`${field}.except[${i}]`, e, CIDR, true)) {
            v.check(exceptProblem(p.cidr, e) === undefined, `${field}.except[${i}]`, e, `a block inside ${p.cidr} (${exceptProblem(p.cidr, e)})`);
          }
        });
        break;
      case 'labelled':
        v.format(`${field}.name`, p.name, DNS_LABEL, true);
        v.check(Object.keys(p.namespaceLabels).length > 0, `${field}.namespaceLabels`, p.namespaceLabels,
          'at least one label (NetworkPeer.namespace(name) selects one namespace by name)');
        v.map(`${field}.namespaceLabels`, p.namespaceLabels as Record<string, string>, LABEL_KEY, LABEL_VALUE);
        v.map(`${field}.podLabels`, p.podLabels as Record<string, string> | undefined, LABEL_KEY, LABEL_VALUE);
        break;
    }
  }

  /** Renders the peer as seen from a policy in `policyNamespace`. @internal */
  public _render(policyNamespace: string): k8s.NetworkPolicyPeer {
    const p = this.peer;
    switch (p.kind) {
      case 'pods':
        return p.namespace === undefined || p.namespace === policyNamespace
          ? { podSelector: { matchLabels: { ...p.labels } } }
          : { podSelector: { matchLabels: { ...p.labels } }, namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: p.namespace } } };
      case 'namespace':
        return { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: p.namespace } } };
      case 'labelled':
        return {
          namespaceSelector: { matchLabels: { ...p.namespaceLabels } },
          podSelector: p.podLabels && Object.keys(p.podLabels).length > 0 ? { matchLabels: { ...p.podLabels } } : undefined,
        };
      case 'ipBlock':
        return { ipBlock: { cidr: p.cidr, except: p.except.length > 0 ? [...p.except] : undefined } };
    }
  }
}
