import { k8s } from '../core/k8s';
import { exceptProblem } from '../core/cidr';
import { CIDR, DNS_LABEL, LABEL_KEY, LABEL_VALUE, SUBDOMAIN } from '../core/formats';
import { PropsValidator, isObject } from '../core/validator';
import { IWorkload } from '../workloads/workload';
import type { IGateway } from './gateway';
import { IngressController } from './ingress-controller';

/** The namespace label every namespace carries (Kubernetes >= 1.22), used to select namespaces by name. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

// The values are kept as the caller gave them (JavaScript callers can pass anything) and checked, with the field the
// policy names them by, when a NetworkPolicy uses the peer.
type Peer =
  | { readonly kind: 'pods'; readonly labels: unknown; readonly namespace?: unknown; readonly name: unknown }
  | { readonly kind: 'namespace'; readonly namespace: unknown }
  | { readonly kind: 'labelled'; readonly name: unknown; readonly namespaceLabels: unknown; readonly podLabels?: unknown }
  | { readonly kind: 'ipBlock'; readonly cidr: unknown; readonly except: unknown }
  | { readonly kind: 'ipBlocks'; readonly name: unknown; readonly cidrs: unknown };

/** Checks the argument of a factory that reads it at once; throws a ValidationError naming `method(argument)`. */
function checkArgument(method: string, ok: boolean, value: unknown, expected: string): void {
  const v = new PropsValidator('NetworkPeer');
  v.check(ok, method, value, expected);
  v.throwIfInvalid();
}

/** The other side of a NetworkPolicy rule: pods, a namespace, an ingress controller or an IP block. */
export class NetworkPeer {
  /** The pods of a workload of this library. */
  public static workload(workload: IWorkload): NetworkPeer {
    checkArgument('workload(workload)', isObject(workload) && isObject(workload.selector) && typeof workload.name === 'string', workload,
      'a workload of this library (WebService, Worker, StatefulService, ...)');
    return new NetworkPeer({ kind: 'pods', labels: workload.selector, namespace: workload.namespace, name: workload.name });
  }

  /**
   * Where an ingress controller's traffic comes from: its pods, or for a load balancer that sends to the pods' IPs
   * (`IngressController.awsLoadBalancer`), the address blocks of the subnets it runs in. Named after the controller's
   * namespace, or its IngressClass for a load balancer, in generated policy names.
   */
  public static ingressController(controller: IngressController): NetworkPeer {
    checkArgument('ingressController(controller)', controller instanceof IngressController, controller,
      'an IngressController, e.g. IngressController.INGRESS_NGINX or IngressController.of({...})');
    return controller.sourceCidrs !== undefined
      ? new NetworkPeer({ kind: 'ipBlocks', name: controller.className, cidrs: controller.sourceCidrs })
      : new NetworkPeer({ kind: 'pods', labels: controller.podLabels, namespace: controller.namespace, name: controller.namespace });
  }

  /**
   * The data-plane pods (proxies) that serve a Gateway API Gateway, as its controller places and labels them.
   * Named "gateway-<name>" in generated policy names.
   */
  public static gateway(gateway: IGateway): NetworkPeer {
    checkArgument('gateway(gateway)', isObject(gateway) && typeof gateway.name === 'string' && typeof gateway.namespace === 'string'
      && isObject(gateway.controller) && typeof (gateway.controller as { dataPlane?: unknown }).dataPlane === 'function', gateway,
    'a Gateway of this app, or Gateway.existing("name", { namespace, controller })');
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
   * Addresses in any of several CIDR blocks, e.g. the public subnets a load balancer sends from (1 to 16 blocks, each
   * an entry of the policy rule). `name` names the peer in generated policy names.
   */
  public static ipBlocks(name: string, cidrs: string[]): NetworkPeer {
    return new NetworkPeer({ kind: 'ipBlocks', name, cidrs: Array.isArray(cidrs) ? [...cidrs] : cidrs });
  }

  /**
   * Addresses in a CIDR block, minus the `except` blocks, which must lie inside it (for traffic leaving or entering
   * the cluster; pod IPs are better selected by labels).
   */
  public static ipBlock(cidr: string, except: string[] = []): NetworkPeer {
    return new NetworkPeer({ kind: 'ipBlock', cidr, except });
  }

  private constructor(private readonly peer: Peer) {}

  /** How error messages show the peer: the factory call that made it, e.g. `NetworkPeer.namespace("edge")`. */
  public toJSON(): string {
    const p = this.peer;
    const q = (x: unknown) => (typeof x === 'string' ? JSON.stringify(x) : String(x));
    switch (p.kind) {
      case 'pods': return `NetworkPeer.pods(${q(p.name)}, ...)`;
      case 'namespace': return `NetworkPeer.namespace(${q(p.namespace)})`;
      case 'labelled': return `NetworkPeer.namespacesLabelled(${q(p.name)}, ...)`;
      case 'ipBlock': return `NetworkPeer.ipBlock(${q(p.cidr)}, ...)`;
      case 'ipBlocks': return `NetworkPeer.ipBlocks(${q(p.name)}, ...)`;
    }
  }

  /** A short DNS-safe name of the peer, used in the names of generated policies. */
  public get displayName(): string {
    const p = this.peer;
    switch (p.kind) {
      case 'pods': return String(p.name);
      case 'namespace': return `ns-${String(p.namespace)}`;
      case 'labelled': return String(p.name);
      case 'ipBlock': return `cidr-${String(p.cidr).replace(/[^0-9a-f]+/gi, '-').toLowerCase()}`;
      case 'ipBlocks': return String(p.name);
    }
  }

  /** @internal */
  public _validate(v: PropsValidator, field: string): void {
    const p = this.peer;
    const labels = (f: string, map: unknown, required: boolean) => {
      if (v.check(map === undefined ? !required : isObject(map) && (!required || Object.keys(map).length > 0), f, map,
        required ? 'at least one label such as { app: "web" }, as an object' : 'an object of labels such as { app: "web" }')) {
        v.map(f, map as Record<string, string> | undefined, LABEL_KEY, LABEL_VALUE);
      }
    };
    switch (p.kind) {
      case 'pods':
        v.format(`${field}.name`, p.name as string, SUBDOMAIN, true);
        labels(`${field}.labels`, p.labels, true);
        v.format(`${field}.namespace`, p.namespace as string | undefined, DNS_LABEL);
        break;
      case 'namespace':
        v.format(`${field}.namespace`, p.namespace as string, DNS_LABEL, true);
        break;
      case 'ipBlock': {
        if (!v.format(`${field}.cidr`, p.cidr as string, CIDR, true)) {
          break;
        }
        const cidr = p.cidr as string;
        if (!v.check(Array.isArray(p.except), `${field}.except`, p.except, 'a list of CIDR blocks inside the block, e.g. ["10.1.0.0/16"]')) {
          break;
        }
        // The API server refuses an except entry that is not a strict subset of cidr (same family, inside, longer prefix).
        (p.except as unknown[]).forEach((e, i) => {
          if (v.format(`${field}.except[${i}]`, e as string, CIDR, true)) {
            const problem = exceptProblem(cidr, e as string);
            v.check(problem === undefined, `${field}.except[${i}]`, e, `a block inside ${cidr} (${problem})`);
          }
        });
        v.unique(`${field}.except`, p.except as unknown[], (e) => String(e), 'a block');
        break;
      }
      case 'labelled':
        v.format(`${field}.name`, p.name as string, DNS_LABEL, true);
        if (v.check(isObject(p.namespaceLabels) && Object.keys(p.namespaceLabels).length > 0, `${field}.namespaceLabels`, p.namespaceLabels,
          'at least one label (NetworkPeer.namespace(name) selects one namespace by name)')) {
          v.map(`${field}.namespaceLabels`, p.namespaceLabels as Record<string, string>, LABEL_KEY, LABEL_VALUE);
        }
        labels(`${field}.podLabels`, p.podLabels, false);
        break;
      case 'ipBlocks': {
        v.format(`${field}.name`, p.name as string, SUBDOMAIN, true);
        const cidrs = p.cidrs;
        if (v.check(Array.isArray(cidrs) && cidrs.length > 0 && cidrs.length <= 16, `${field}.cidrs`, cidrs, 'a list of 1 to 16 CIDR blocks, e.g. ["10.0.96.0/24"]')) {
          (cidrs as unknown[]).forEach((c, i) => v.format(`${field}.cidrs[${i}]`, c as string, CIDR, true));
          v.unique(`${field}.cidrs`, cidrs as unknown[], (c) => String(c), 'a block');
        }
        break;
      }
    }
  }

  /** Renders the peer as seen from a policy in `policyNamespace`: one entry of `from` or `to`, or one per address block. @internal */
  public _render(policyNamespace: string): k8s.NetworkPolicyPeer[] {
    const p = this.peer;
    switch (p.kind) {
      case 'pods':
        return [p.namespace === undefined || p.namespace === policyNamespace
          ? { podSelector: { matchLabels: { ...p.labels as object } } }
          : { podSelector: { matchLabels: { ...p.labels as object } }, namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: p.namespace as string } } }];
      case 'namespace':
        return [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: p.namespace as string } } }];
      case 'labelled': {
        const pods = p.podLabels as Record<string, string> | undefined;
        return [{
          namespaceSelector: { matchLabels: { ...p.namespaceLabels as object } },
          podSelector: pods && Object.keys(pods).length > 0 ? { matchLabels: { ...pods } } : undefined,
        }];
      }
      case 'ipBlock': {
        const except = p.except as string[];
        return [{ ipBlock: { cidr: p.cidr as string, except: except.length > 0 ? [...except] : undefined } }];
      }
      case 'ipBlocks':
        return (p.cidrs as string[]).map((cidr) => ({ ipBlock: { cidr } }));
    }
  }
}
