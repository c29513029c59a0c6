import { KubeNamespace } from '../core/k8s';
import { Construct } from 'constructs';
import { NETWORK_POLICY_REASON_ANNOTATION, POD_SECURITY_PROFILE_LABEL, POD_SECURITY_REASON_ANNOTATION } from '../core/annotations';
import { DNS_LABEL, LABEL_KEY, LABEL_VALUE } from '../core/formats';
import { INamespaceScope, SYSTEM_NAMESPACES, SYSTEM_NAMESPACE_REFUSAL, registerNamespaceScope } from '../core/namespace-scope';
import { boundedName } from '../core/names';
import { Resource, RESOURCE_ID, propNames } from '../core/resource';
import { AcceptedRisk } from '../core/risk';
import { PropsValidator } from '../core/validator';
import { DefaultDenyPolicy, DnsServer, KUBE_DNS } from '../networking/default-deny-policy';
import { NetworkPeer } from '../networking/network-peer';
import { NetworkPolicy, PolicyPort } from '../networking/network-policy';
import { WebService } from '../workloads/web-service';
import { IWorkload, findPort } from '../workloads/workload';
import type { PodSecurityProfile } from './pod-security-profile';

/** Pod Security Standards levels, from most to least restrictive. */
export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

/** Props of a {@link SecureNamespace}. */
export interface SecureNamespaceProps {
  /**
   * Name of the namespace.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * Pod Security level enforced, audited and warned about.
   * @default the level of `podSecurityProfile`, else "restricted"
   */
  readonly podSecurityLevel?: PodSecurityLevel;
  /**
   * Accepts a level weaker than "restricted", with the reason; required in that case (recorded on the Namespace).
   * @default the reason of `podSecurityProfile`, else none
   */
  readonly weakerPodSecurity?: AcceptedRisk;
  /**
   * A profile of PodSecurityPolicy-style rules: the namespace enforces its Pod Security level (and records its
   * reason), and carries the label that applies the profile's policy (UID ranges and the other rules the level
   * cannot express) to its pods.
   * @default none
   */
  readonly podSecurityProfile?: PodSecurityProfile;
  /**
   * Kubernetes minor version whose Pod Security rules apply, e.g. "v1.32". Pin it to make upgrades explicit.
   * @default "latest"
   */
  readonly podSecurityVersion?: string;
  /**
   * DNS server pods that egress is allowed to (UDP and TCP 53).
   * @default CoreDNS in kube-system (`k8s-app: kube-dns`)
   */
  readonly dns?: DnsServer;
  /**
   * Extra labels of the Namespace.
   * @default none
   */
  readonly labels?: Record<string, string>;
  /**
   * Leaves out the default-deny and DNS policies, for the namespace of a third-party control plane whose flows
   * (API server, webhooks, data plane) its installer manages. The reason is recorded on the Namespace.
   * @default default deny, except DNS lookups
   */
  readonly unrestrictedNetwork?: { readonly reason: string };
}

/** Options of {@link SecureNamespace.allowTraffic}. */
export interface AllowTrafficOptions {
  /** The client: a workload, or another peer such as an ingress controller or a namespace. */
  readonly from: IWorkload | NetworkPeer;
  /** The workload that receives the traffic. */
  readonly to: IWorkload;
  /** Names of the ports of `to` that are opened, e.g. ["mysql"]. */
  readonly ports: string[];
}

/** Options of {@link SecureNamespace.allowEgress}. */
export interface AllowEgressOptions {
  /** The workload whose pods open the connections. */
  readonly from: IWorkload;
  /** Where they may connect, e.g. `NetworkPeer.ipBlock('10.0.0.0/16')`. */
  readonly to: NetworkPeer;
  /** Ports opened. */
  readonly ports: PolicyPort[];
}

const PSA_MODES = ['enforce', 'audit', 'warn'] as const;

const PROPS = propNames<SecureNamespaceProps>()({
  name: true, podSecurityLevel: true, weakerPodSecurity: true, podSecurityProfile: true, podSecurityVersion: true, dns: true, labels: true,
  unrestrictedNetwork: true,
});
const DNS_PROPS = propNames<DnsServer>()({ namespace: true, podLabels: true });


function isWorkload(x: IWorkload | NetworkPeer): x is IWorkload {
  return !(x instanceof NetworkPeer);
}

/**
 * A namespace that is locked down by default: Pod Security Admission enforces (and audits and warns about) the
 * "restricted" level, and a default-deny NetworkPolicy blocks all ingress and egress except DNS lookups. Traffic is
 * then opened one flow at a time with {@link allowTraffic}, {@link allowFromIngress} and {@link allowEgress}.
 *
 * Constructs defined inside it are created in this namespace. The namespaces of the cluster itself (kube-system,
 * kube-public, kube-node-lease) are refused.
 *
 * Its main object (child `Resource`) is the Namespace.
 */
export class SecureNamespace extends Resource implements INamespaceScope {
  /** Name of the namespace (the same as {@link name}). */
  public readonly namespaceName: string;

  public constructor(scope: Construct, id: string, props: SecureNamespaceProps = {}) {
    super(scope, id, props, { props: PROPS, nameFormat: DNS_LABEL });
    this.namespaceName = this.name;
    const profile = props.podSecurityProfile;
    const level = props.podSecurityLevel ?? profile?.level ?? 'restricted';
    const reason = props.weakerPodSecurity?.reason ?? profile?.reason;
    const version = props.podSecurityVersion ?? 'latest';
    const dns = props.dns ?? KUBE_DNS;

    const v = this.validator;
    v.check(!SYSTEM_NAMESPACES.includes(this.name), 'name', this.name, SYSTEM_NAMESPACE_REFUSAL);
    v.check(['restricted', 'baseline', 'privileged'].includes(level), 'podSecurityLevel', level, '"restricted", "baseline" or "privileged"');
    v.risk('weakerPodSecurity', props.weakerPodSecurity, `pods here cannot meet "restricted"`);
    v.check(level === 'restricted' || (reason ?? '').trim().length > 0, 'weakerPodSecurity', props.weakerPodSecurity,
      `a reason why pods here cannot meet "restricted", since podSecurityLevel is "${level}": weakerPodSecurity: { reason }`);
    if (profile) {
      v.check(props.podSecurityLevel === undefined || props.podSecurityLevel === profile.level, 'podSecurityLevel', props.podSecurityLevel,
        `"${profile.level}", the level of podSecurityProfile "${profile.name}" (or leave it unset)`);
      v.check(props.weakerPodSecurity === undefined || profile.reason === undefined || props.weakerPodSecurity.reason === profile.reason, 'weakerPodSecurity.reason',
        props.weakerPodSecurity?.reason, `the reason of podSecurityProfile "${profile.name}" (or leave weakerPodSecurity unset)`);
      const own = props.labels?.[POD_SECURITY_PROFILE_LABEL];
      v.check(own === undefined || own === profile.name, `labels["${POD_SECURITY_PROFILE_LABEL}"]`, own,
        `"${profile.name}", the podSecurityProfile (or leave the label to it)`);
    }
    v.check(version === 'latest' || /^v1\.\d+$/.test(version), 'podSecurityVersion', version, '"latest" or a version such as "v1.32"');
    v.knownProps('dns', props.dns, DNS_PROPS);
    v.knownProps('unrestrictedNetwork', props.unrestrictedNetwork, ['reason']);
    if (props.unrestrictedNetwork) {
      v.check((props.unrestrictedNetwork.reason ?? '').trim().length > 0, 'unrestrictedNetwork.reason', props.unrestrictedNetwork.reason,
        'a reason why pods here may not be isolated by a default-deny NetworkPolicy');
    }
    v.throwIfInvalid();
    registerNamespaceScope(this);

    const psaLabels: Record<string, string> = {};
    for (const mode of PSA_MODES) {
      psaLabels[`pod-security.kubernetes.io/${mode}`] = level;
      psaLabels[`pod-security.kubernetes.io/${mode}-version`] = version;
    }
    const annotations: Record<string, string> = {
      ...(level === 'restricted' ? {} : { [POD_SECURITY_REASON_ANNOTATION]: reason! }),
      ...(props.unrestrictedNetwork ? { [NETWORK_POLICY_REASON_ANNOTATION]: props.unrestrictedNetwork.reason } : {}),
    };
    new KubeNamespace(this, RESOURCE_ID, {
      metadata: {
        name: this.namespaceName,
        labels: { ...props.labels, ...profile?.namespaceLabels, ...psaLabels },
        annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
      },
    });

    if (props.unrestrictedNetwork) {
      return;
    }
    new DefaultDenyPolicy(this, 'default-deny', { namespace: this.namespaceName, dns });
  }

  /** Adds a label to the Namespace, e.g. for a mesh's sidecar injection or a secret store's namespace selector. */
  public addLabel(key: string, value: string): void {
    const v = PropsValidator.of(this);
    v.format('addLabel(key)', key, LABEL_KEY, true);
    v.format(`addLabel("${key}")`, value, LABEL_VALUE, true);
    v.check(!key.startsWith('pod-security.kubernetes.io/'), 'addLabel(key)', key, 'a label other than the Pod Security ones (use podSecurityLevel)');
    v.check(key !== POD_SECURITY_PROFILE_LABEL, 'addLabel(key)', key, 'a label other than the pod security profile one (use podSecurityProfile)');
    v.throwIfInvalid();
    this.resource.metadata.addLabel(key, value);
  }

  /**
   * Lets `from` open connections to the named ports of `to`: an ingress policy on `to`, and, when `from` is a
   * workload, the matching egress policy on `from`. Ports are given by name and written as numbers.
   */
  public allowTraffic(options: AllowTrafficOptions): void {
    const { from, to } = options;
    const fromName = isWorkload(from) ? from.name : from.displayName;
    const v = PropsValidator.of(this);
    v.check(options.ports.length > 0, 'allowTraffic.ports', options.ports, `at least one port name of "${to.name}"`);
    const ports: PolicyPort[] = [];
    options.ports.forEach((name, i) => {
      const port = findPort(to, name);
      if (v.check(port !== undefined, `allowTraffic.ports[${i}]`, name, `a port name of "${to.name}": ${to.ports.map((p) => p.name).join(', ')}`)) {
        ports.push({ port: port!.port, protocol: port!.protocol ?? 'TCP' });
      }
    });
    const ingressName = `${to.name}-ingress-from-${fromName}`;
    v.check(this.node.tryFindChild(ingressName) === undefined, 'allowTraffic', `${fromName} -> ${to.name}`, 'each flow to be allowed only once');
    v.throwIfInvalid();

    const peer = isWorkload(from) ? NetworkPeer.workload(from) : from;
    new NetworkPolicy(this, ingressName, {
      name: boundedName(ingressName),
      namespace: to.namespace,
      podSelector: { ...to.selector },
      ingress: [{ peers: [peer], ports }],
    });
    if (isWorkload(from)) {
      const egressName = `${from.name}-egress-to-${to.name}`;
      new NetworkPolicy(this, egressName, {
        name: boundedName(egressName),
        namespace: from.namespace,
        podSelector: { ...from.selector },
        egress: [{ peers: [NetworkPeer.workload(to)], ports }],
      });
    }
  }

  /** Lets the ingress controller of a published web service reach its pods, on the port its Service serves. */
  public allowFromIngress(service: WebService): void {
    const v = PropsValidator.of(this);
    v.check(service.ingress !== undefined, 'allowFromIngress', service.name, 'a WebService that has `ingress` set');
    v.throwIfInvalid();
    this.allowTraffic({
      from: NetworkPeer.ingressController(service.ingress!.controller),
      to: service,
      ports: [service.servedPort.name],
    });
  }

  /** Lets a workload connect to a peer outside the namespace's workloads (a CIDR, another namespace...). */
  public allowEgress(options: AllowEgressOptions): void {
    const name = `${options.from.name}-egress-to-${options.to.displayName}`;
    const v = PropsValidator.of(this);
    v.check(this.node.tryFindChild(name) === undefined, 'allowEgress', `${options.from.name} -> ${options.to.displayName}`, 'each flow to be allowed only once');
    v.throwIfInvalid();
    new NetworkPolicy(this, name, {
      name: boundedName(name),
      namespace: options.from.namespace,
      podSelector: { ...options.from.selector },
      egress: [{ peers: [options.to], ports: options.ports }],
    });
  }
}
