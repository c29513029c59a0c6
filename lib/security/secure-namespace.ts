import { KubeNamespace } from '../core/k8s';
import { Construct } from 'constructs';
import { NETWORK_POLICY_REASON_ANNOTATION, POD_SECURITY_PROFILE_LABEL, POD_SECURITY_REASON_ANNOTATION } from '../core/annotations';
import { DNS_LABEL, LABEL_KEY, LABEL_VALUE } from '../core/formats';
import { INamespaceScope, SYSTEM_NAMESPACES, SYSTEM_NAMESPACE_REFUSAL, registerNamespaceScope } from '../core/namespace-scope';
import { boundedName } from '../core/names';
import { Resource, RESOURCE_ID, propNames } from '../core/resource';
import { showQuantity } from '../core/resource-governance';
import { containerDefaults, limitRangeQuotaConflicts } from '../core/limit-range-rules';
import { AcceptedRisk } from '../core/risk';
import { PropsValidator, isObject, reportUnder } from '../core/validator';
import { checkStringMap } from './checks';
import { DefaultDenyPolicy, DnsServer, KUBE_DNS } from '../networking/default-deny-policy';
import { NetworkPeer } from '../networking/network-peer';
import { NetworkPolicy, PolicyPort } from '../networking/network-policy';
import { WebService } from '../workloads/web-service';
import { IWorkload, findPort } from '../workloads/workload';
import { LIMIT_RANGE_OPTIONS, LimitRange, LimitRangeOptions, checkLimitRangeMetadata, limitRangeSpec } from './limit-range';
import { PodSecurityMode, PodSecurityModeLevel, PodSecurityModes, podSecurityLabels, podSecurityModes } from './pod-security-modes';
import { PodSecurityProfile } from './pod-security-profile';
import { RESOURCE_QUOTA_OPTIONS, ResourceQuota, ResourceQuotaOptions, checkQuotaMetadata, resourceQuotaSpec } from './resource-quota';

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
   * The level and version of each Pod Security Admission mode, instead of `podSecurityLevel` and
   * `podSecurityVersion` (which set all three alike): e.g. `{ enforce: { level: 'baseline' }, warn: { level:
   * 'restricted' } }`. An enforce level weaker than "restricted" needs `weakerPodSecurity`; audit and warn are at
   * least as strict as enforce; with `podSecurityProfile`, enforce is the profile's level.
   * @default every mode at `podSecurityLevel` and `podSecurityVersion`
   */
  readonly podSecurity?: PodSecurityModes;
  /**
   * A ResourceQuota of the namespace, child "resource-quota" (and named so unless `name` is given): totals of
   * compute and storage, object counts. Checked against `limitRange`: no default or minimum above a total.
   * `objects: { servicesLoadBalancers: 0, servicesNodePorts: 0 }` keeps the namespace's pods off public load
   * balancers and node ports.
   * @default none
   */
  readonly resourceQuota?: ResourceQuotaOptions;
  /**
   * A LimitRange of the namespace, child "limit-range" (and named so unless `name` is given): defaults and bounds
   * of each container, pod and claim.
   * @default none
   */
  readonly limitRange?: LimitRangeOptions;
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

const PROPS = propNames<SecureNamespaceProps>()({
  name: true, podSecurityLevel: true, weakerPodSecurity: true, podSecurityProfile: true, podSecurityVersion: true, dns: true, labels: true,
  unrestrictedNetwork: true, podSecurity: true, resourceQuota: true, limitRange: true,
});
const DNS_PROPS = propNames<DnsServer>()({ namespace: true, podLabels: true });

/**
 * The LimitRange amounts that exceed the ResourceQuota totals (no pod or claim taking them fits), and a quota on
 * ephemeral storage that no LimitRange default makes keelson pods count against: keelson containers set CPU and
 * memory requests and limits always, but no ephemeral storage.
 */
function checkQuotaAgainstLimits(v: PropsValidator, props: SecureNamespaceProps, hard: Readonly<Record<string, string>>,
  limits: ReturnType<typeof limitRangeSpec>['limits']): void {
  const PROP: Record<string, string> = { 'Container': 'container', 'Pod': 'pod', 'PersistentVolumeClaim': 'persistentVolumeClaim' };
  const RESOURCE: Record<string, string> = { 'cpu': 'cpu', 'memory': 'memory', 'ephemeral-storage': 'ephemeralStorage' };
  for (const c of limitRangeQuotaConflicts(limits, hard)) {
    const field = c.type === 'PersistentVolumeClaim' ? `limitRange.persistentVolumeClaim.${c.part}` : `limitRange.${PROP[c.type]}.${c.part}.${RESOURCE[c.resource]}`;
    v.fail(field, c.value, `at most resourceQuota's ${c.quotaName} (${showQuantity(c.quotaValue)}): ${c.why}`);
  }
  const container = limits.find((i) => i.type === 'Container');
  const defaults = container ? containerDefaults(container) : { limits: {}, requests: {} };
  for (const [kind, prop, has] of [['requests', 'defaultRequest', defaults.requests], ['limits', 'default', defaults.limits]] as const) {
    const total = props.resourceQuota?.compute?.[kind]?.ephemeralStorage;
    v.check(total === undefined || has['ephemeral-storage'] !== undefined, `resourceQuota.compute.${kind}.ephemeralStorage`, total,
      `a quota on ephemeral storage only with a limitRange default for it (limitRange.container.${prop}.ephemeralStorage): keelson containers `
      + 'set no ephemeral-storage, so the quota would count them as 0 and limit nothing');
  }
}

function isWorkload(x: IWorkload | NetworkPeer): x is IWorkload {
  return !(x instanceof NetworkPeer);
}

/** Whether `x` has what a workload offers (a name, namespace, pod selector and ports), e.g. a WebService. */
function isWorkloadLike(x: unknown): x is IWorkload {
  const w = x as IWorkload | null;
  return isObject(w) && typeof w.name === 'string' && typeof w.namespace === 'string' && isObject(w.selector) && Array.isArray(w.ports);
}

const WORKLOAD_TEXT = 'a workload of this app (a WebService, StatefulService, Worker...)';

/** The user's field for a problem of a child built from `prop` ("resourceQuota"): `prop.<field>`, or `prop` for its props as a whole. */
const under = (prop: string) => (field: string): string => (field === '' || field === 'props' ? prop : `${prop}.${field}`);

/**
 * A namespace that is locked down by default: Pod Security Admission enforces (and audits and warns about) the
 * "restricted" level, and a default-deny NetworkPolicy blocks all ingress and egress except DNS lookups. Traffic is
 * then opened one flow at a time with {@link allowTraffic}, {@link allowFromIngress} and {@link allowEgress}.
 *
 * Pod Security can differ per mode (`podSecurity`: e.g. enforce "baseline", warn about "restricted"); audit and
 * warn are never weaker than enforce. A ResourceQuota (`resourceQuota`) and a LimitRange (`limitRange`) govern what
 * the namespace's pods may use; they are checked against each other.
 *
 * Constructs defined inside it are created in this namespace. The namespaces of the cluster itself (kube-system,
 * kube-public, kube-node-lease) are refused.
 *
 * Its main object (child `Resource`) is the Namespace.
 */
export class SecureNamespace extends Resource implements INamespaceScope {
  /** Name of the namespace (the same as {@link name}). */
  public readonly namespaceName: string;
  /** The Pod Security level and version of each Pod Security Admission mode, as the Namespace labels say. */
  public readonly podSecurity: Readonly<Record<PodSecurityMode, Required<PodSecurityModeLevel>>>;
  /** The namespace's ResourceQuota, from the `resourceQuota` prop. */
  public readonly resourceQuota?: ResourceQuota;
  /** The namespace's LimitRange, from the `limitRange` prop. */
  public readonly limitRange?: LimitRange;

  public constructor(scope: Construct, id: string, props: SecureNamespaceProps = {}) {
    super(scope, id, props, { props: PROPS, nameFormat: DNS_LABEL });
    props = props ?? {};
    this.namespaceName = this.name;
    const v = this.validator;
    const profile = v.check(props.podSecurityProfile === undefined || props.podSecurityProfile instanceof PodSecurityProfile, 'podSecurityProfile',
      props.podSecurityProfile, 'a PodSecurityProfile construct') ? props.podSecurityProfile : undefined;
    const weaker = isObject(props.weakerPodSecurity) ? props.weakerPodSecurity : undefined;
    const reason = weaker?.reason ?? profile?.reason;
    const dns = props.dns ?? KUBE_DNS;

    v.check(!SYSTEM_NAMESPACES.includes(this.name), 'name', this.name, SYSTEM_NAMESPACE_REFUSAL);
    const modes = podSecurityModes(v, props);
    const level = modes.enforce.level;
    v.risk('weakerPodSecurity', props.weakerPodSecurity, `pods here cannot meet "restricted"`);
    v.check(level === 'restricted' || (typeof reason === 'string' && reason.trim().length > 0), 'weakerPodSecurity', props.weakerPodSecurity,
      `a reason why pods here cannot meet "restricted", since ${props.podSecurity ? 'podSecurity.enforce.level' : 'podSecurityLevel'} is "${level}": weakerPodSecurity: { reason }`);
    if (profile) {
      v.check(weaker === undefined || profile.reason === undefined || weaker.reason === profile.reason, 'weakerPodSecurity.reason',
        weaker?.reason, `the reason of podSecurityProfile "${profile.name}" (or leave weakerPodSecurity unset)`);
      const own = isObject(props.labels) && Object.prototype.hasOwnProperty.call(props.labels, POD_SECURITY_PROFILE_LABEL)
        ? props.labels[POD_SECURITY_PROFILE_LABEL] : undefined;
      v.check(own === undefined || own === profile.name, `labels["${POD_SECURITY_PROFILE_LABEL}"]`, own,
        `"${profile.name}", the podSecurityProfile (or leave the label to it)`);
    }
    for (const key of Object.keys(isObject(props.labels) ? props.labels : {}).filter((k) => k.startsWith('pod-security.kubernetes.io/'))) {
      v.fail(`labels["${key}"]`, props.labels![key], 'no Pod Security Admission label (set podSecurity, or podSecurityLevel and podSecurityVersion)');
    }
    if (props.dns !== undefined && v.knownProps('dns', props.dns, DNS_PROPS)
      && v.check(isObject(props.dns), 'dns', props.dns, '{ namespace, podLabels }: where the DNS server pods run')) {
      v.format('dns.namespace', props.dns.namespace, DNS_LABEL, true);
      if (v.check(props.dns.podLabels !== undefined, 'dns.podLabels', props.dns.podLabels, 'the labels of the DNS server pods, e.g. { "k8s-app": "kube-dns" }')) {
        checkStringMap(v, 'dns.podLabels', props.dns.podLabels, LABEL_KEY, LABEL_VALUE);
      }
    }
    v.risk('unrestrictedNetwork', props.unrestrictedNetwork, 'pods here may not be isolated by a default-deny NetworkPolicy');
    const quota = props.resourceQuota;
    const limits = props.limitRange;
    const quotaOk = quota === undefined || (v.knownProps('resourceQuota', quota, RESOURCE_QUOTA_OPTIONS)
      && v.check(isObject(quota), 'resourceQuota', quota, 'an object of quota props: { compute?, storage?, objects?, ... }'));
    const limitsOk = limits === undefined || (v.knownProps('limitRange', limits, LIMIT_RANGE_OPTIONS)
      && v.check(isObject(limits), 'limitRange', limits, 'an object of limit props: { container?, pod?, persistentVolumeClaim? }'));
    const issues = v.issues.length;
    const hard = quota !== undefined && quotaOk ? resourceQuotaSpec(v, 'resourceQuota', quota).hard : undefined;
    const limitItems = limits !== undefined && limitsOk ? limitRangeSpec(v, 'limitRange', limits).limits : [];
    if (quota !== undefined && quotaOk) {
      checkQuotaMetadata(v, 'resourceQuota', quota);
    }
    if (limits !== undefined && limitsOk) {
      checkLimitRangeMetadata(v, 'limitRange', limits);
    }
    if (hard && v.issues.length === issues) {
      checkQuotaAgainstLimits(v, props, hard, limitItems);
    }
    v.throwIfInvalid();
    registerNamespaceScope(this);
    this.podSecurity = modes;

    const annotations: Record<string, string> = {
      ...(level === 'restricted' ? {} : { [POD_SECURITY_REASON_ANNOTATION]: reason! }),
      ...(props.unrestrictedNetwork ? { [NETWORK_POLICY_REASON_ANNOTATION]: props.unrestrictedNetwork.reason } : {}),
    };
    new KubeNamespace(this, RESOURCE_ID, {
      metadata: {
        name: this.namespaceName,
        labels: { ...props.labels, ...profile?.namespaceLabels, ...podSecurityLabels(modes) },
        annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
      },
    });
    // Built from the user's props: their problems are reported as problems of those props.
    this.resourceQuota = quota ? reportUnder(this, 'resource-quota', under('resourceQuota'), () => new ResourceQuota(this, 'resource-quota', quota)) : undefined;
    this.limitRange = limits ? reportUnder(this, 'limit-range', under('limitRange'), () => new LimitRange(this, 'limit-range', limits)) : undefined;

    if (props.unrestrictedNetwork) {
      return;
    }
    reportUnder(this, 'default-deny', (f) => (f.startsWith('dns') ? f : `dns.${f}`),
      () => new DefaultDenyPolicy(this, 'default-deny', { namespace: this.namespaceName, dns }));
  }

  /** Adds a label to the Namespace, e.g. for a mesh's sidecar injection or a secret store's namespace selector. */
  public addLabel(key: string, value: string): void {
    const v = PropsValidator.of(this);
    if (v.format('addLabel(key)', key, LABEL_KEY, true)) {
      v.format(`addLabel("${key}")`, value, LABEL_VALUE, true);
      v.check(!key.startsWith('pod-security.kubernetes.io/'), 'addLabel(key)', key, 'a label other than the Pod Security ones (use podSecurityLevel)');
      v.check(key !== POD_SECURITY_PROFILE_LABEL, 'addLabel(key)', key, 'a label other than the pod security profile one (use podSecurityProfile)');
      const current = this.resource.metadata.getLabel(key);
      v.check(current === undefined || current === value, 'addLabel(key)', key, `a label the namespace does not have yet (it is "${current}")`);
    }
    v.throwIfInvalid();
    this.resource.metadata.addLabel(key, value);
  }

  /**
   * Lets `from` open connections to the named ports of `to`: an ingress policy on `to`, and, when `from` is a
   * workload, the matching egress policy on `from`. Ports are given by name and written as numbers.
   */
  public allowTraffic(options: AllowTrafficOptions): void {
    const v = PropsValidator.of(this);
    if (!v.knownProps('allowTraffic', options, ['from', 'to', 'ports']) || !v.check(isObject(options), 'allowTraffic', options, '{ from, to, ports }')) {
      v.throwIfInvalid();
    }
    const { from, to } = options;
    v.check(from instanceof NetworkPeer || isWorkloadLike(from), 'allowTraffic.from', from, `${WORKLOAD_TEXT} or a NetworkPeer`);
    v.check(isWorkloadLike(to), 'allowTraffic.to', to, WORKLOAD_TEXT);
    v.check(Array.isArray(options.ports), 'allowTraffic.ports', options.ports, 'a list of port names of "to"');
    v.throwIfInvalid();
    const fromName = isWorkload(from) ? from.name : from.displayName;
    v.check(options.ports.length > 0, 'allowTraffic.ports', options.ports, `at least one port name of "${to.name}"`);
    v.unique('allowTraffic.ports', options.ports, (p) => String(p), 'a port name');
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

  /**
   * Lets the ingress controller of a published web service reach its pods, on the port its Service serves. For a
   * service published through a Gateway (`route`), the Gateway's data-plane pods are let in instead; when those run
   * in a SecureNamespace of this app (Istio, NGINX Gateway Fabric), their egress to the service is opened there too.
   */
  public allowFromIngress(service: WebService): void {
    const v = PropsValidator.of(this);
    if (!v.check(service instanceof WebService, 'allowFromIngress(service)', service, 'a WebService of this app')) {
      v.throwIfInvalid();
    }
    v.check(service.ingress !== undefined || service.route !== undefined, 'allowFromIngress', service.name,
      'a WebService that has `ingress` set, or `route` (published through a Gateway)');
    v.throwIfInvalid();
    if (service.route) {
      this.allowFromGateways(service);
      return;
    }
    this.allowTraffic({
      from: NetworkPeer.ingressController(service.ingress!.controller),
      to: service,
      ports: [service.servedPort.name],
    });
  }

  /** Opens the flows from the data-plane pods of every Gateway a service's route attaches to. */
  private allowFromGateways(service: WebService): void {
    for (const gateway of service.route!.gateways) {
      this.allowTraffic({ from: NetworkPeer.gateway(gateway), to: service, ports: [service.servedPort.name] });
      const plane = gateway.controller.dataPlane(gateway);
      if (!lockedDownInApp(this, plane.namespace)) {
        // Outside a default-deny namespace of this app, an egress policy would cut the proxies' other flows.
        continue;
      }
      const egressName = `gateway-${gateway.name}-egress-to-${service.name}`;
      new NetworkPolicy(this, egressName, {
        name: boundedName(egressName),
        namespace: plane.namespace,
        podSelector: { ...plane.podLabels },
        egress: [{ peers: [NetworkPeer.workload(service)], ports: [{ port: service.servedPort.port, protocol: service.servedPort.protocol ?? 'TCP' }] }],
      });
    }
  }

  /** Lets a workload connect to a peer outside the namespace's workloads (a CIDR, another namespace...). */
  public allowEgress(options: AllowEgressOptions): void {
    const v = PropsValidator.of(this);
    if (!v.knownProps('allowEgress', options, ['from', 'to', 'ports']) || !v.check(isObject(options), 'allowEgress', options, '{ from, to, ports }')) {
      v.throwIfInvalid();
    }
    v.check(isWorkloadLike(options.from), 'allowEgress.from', options.from, WORKLOAD_TEXT);
    v.check(options.to instanceof NetworkPeer, 'allowEgress.to', options.to, 'a NetworkPeer, e.g. NetworkPeer.ipBlock("10.0.0.0/16")');
    v.check(Array.isArray(options.ports) && options.ports.length > 0, 'allowEgress.ports', options.ports, 'a list of at least one port, e.g. [{ port: 443 }]');
    v.throwIfInvalid();
    const name = `${options.from.name}-egress-to-${options.to.displayName}`;
    v.check(this.node.tryFindChild(name) === undefined, 'allowEgress', `${options.from.name} -> ${options.to.displayName}`, 'each flow to be allowed only once');
    v.throwIfInvalid();
    // The policy is built from the method's options: its problems are reported under them.
    reportUnder(this, name, (f) => (f.startsWith('egress[0].ports') ? f.replace('egress[0].ports', 'allowEgress.ports')
      : f.startsWith('egress[0].peers[0]') ? f.replace('egress[0].peers[0]', 'allowEgress.to') : `allowEgress.${f}`), () => new NetworkPolicy(this, name, {
      name: boundedName(name),
      namespace: options.from.namespace,
      podSelector: { ...options.from.selector },
      egress: [{ peers: [options.to], ports: options.ports }],
    }));
  }
}

/** Whether `namespace` is a SecureNamespace of the app of `scope` whose pods a default-deny policy isolates. */
function lockedDownInApp(scope: Construct, namespace: string): boolean {
  return scope.node.root.node.findAll().some((c) => c instanceof SecureNamespace && c.namespaceName === namespace
    && c.node.tryFindChild('default-deny') !== undefined);
}
