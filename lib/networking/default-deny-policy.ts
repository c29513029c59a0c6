import { Construct } from 'constructs';
import { DNS_LABEL, LABEL_KEY, LABEL_VALUE } from '../core/formats';
import { SYSTEM_NAMESPACES, SYSTEM_NAMESPACE_REFUSAL, resolveNamespace } from '../core/namespace-scope';
import { propNames } from '../core/resource';
import { PropsValidator, checkedScope, isObject, reportUnder } from '../core/validator';
import { NetworkPeer } from './network-peer';
import { NetworkPolicy } from './network-policy';

/** The cluster DNS pods that every pod may query. */
export interface DnsServer {
  /** Namespace of the DNS pods. */
  readonly namespace: string;
  /** Labels of the DNS pods. */
  readonly podLabels: Record<string, string>;
}

/** CoreDNS as deployed by EKS, kubeadm, kops and most distributions. */
export const KUBE_DNS: DnsServer = { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } };

/** Props of a {@link DefaultDenyPolicy}. */
export interface DefaultDenyPolicyProps {
  /**
   * Namespace whose pods are isolated.
   * @default the enclosing SecureNamespace
   */
  readonly namespace?: string;
  /**
   * Name of the deny-all policy. The DNS policy is "allow-dns" beside "default-deny", else `<name>-allow-dns`.
   * @default "default-deny"
   */
  readonly name?: string;
  /**
   * DNS server pods that egress stays open to (UDP and TCP 53).
   * @default CoreDNS in kube-system (`k8s-app: kube-dns`)
   */
  readonly dns?: DnsServer;
}

const PROPS = propNames<DefaultDenyPolicyProps>()({ namespace: true, name: true, dns: true });
const DNS_PROPS = propNames<DnsServer>()({ namespace: true, podLabels: true });

/**
 * Default deny for a namespace: a policy that selects every pod and allows nothing in either direction, plus one that
 * lets every pod resolve names. Allow policies then open one flow at a time. SecureNamespace adds this to the
 * namespaces it creates; use it directly for namespaces created elsewhere.
 *
 * Not a `Resource`: it writes its two policies through {@link NetworkPolicy} constructs (children `deny-all` and
 * `allow-dns`), each with its own main object.
 */
export class DefaultDenyPolicy extends Construct {
  /** Namespace of the policies. */
  public readonly namespace: string;

  public constructor(scope: Construct, id: string, props: DefaultDenyPolicyProps = {}) {
    super(checkedScope(scope, id), id);
    const v = PropsValidator.of(this);
    v.knownProps('', props, PROPS);
    const p: DefaultDenyPolicyProps = isObject(props) ? props : {};
    this.namespace = resolveNamespace(this, p.namespace, v);
    v.check(!SYSTEM_NAMESPACES.includes(this.namespace), 'namespace', this.namespace, SYSTEM_NAMESPACE_REFUSAL);
    const name = p.name ?? 'default-deny';
    const dns: Partial<DnsServer> = p.dns === undefined ? KUBE_DNS : isObject(p.dns) ? p.dns : {};
    // The DNS policy is named "<name>-allow-dns": a name that leaves room for the suffix (policy names are DNS labels).
    v.format('name', name, { test: (n) => DNS_LABEL.test(n) && n.length <= 63 - '-allow-dns'.length, description: `${DNS_LABEL.description}, at most 53 characters `
      + '(the DNS policy is named "<name>-allow-dns")' }, true);
    if (v.check(isObject(dns) && p.dns !== null, 'dns', p.dns, 'the DNS server pods: { namespace, podLabels }') && v.knownProps('dns', dns, DNS_PROPS)) {
      v.format('dns.namespace', dns.namespace, DNS_LABEL, true);
      if (v.check(isObject(dns.podLabels) && Object.keys(dns.podLabels).length > 0, 'dns.podLabels', dns.podLabels,
        'the labels of the DNS pods, e.g. { "k8s-app": "kube-dns" }')) {
        v.map('dns.podLabels', dns.podLabels, LABEL_KEY, LABEL_VALUE);
      }
    }
    v.throwIfInvalid();

    // The children are built from the props: their problems are the props' (dns.podLabels, dns.namespace, name).
    const field = (f: string) => (f.endsWith('.labels') ? 'dns.podLabels' : f.endsWith('.namespace') ? 'dns.namespace' : f === 'name' ? 'name' : `dns (${f})`);
    reportUnder(this, 'deny-all', field, () => new NetworkPolicy(this, 'deny-all', { name, namespace: this.namespace, podSelector: {}, ingress: [], egress: [] }));
    reportUnder(this, 'allow-dns', field, () => new NetworkPolicy(this, 'allow-dns', {
      name: name === 'default-deny' ? 'allow-dns' : `${name}-allow-dns`,
      namespace: this.namespace,
      podSelector: {},
      egress: [{
        peers: [NetworkPeer.pods('kube-dns', dns.podLabels!, dns.namespace)],
        ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
      }],
    }));
  }
}
