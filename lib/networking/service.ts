import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { OPEN_LOAD_BALANCER_REASON_ANNOTATION } from '../core/annotations';
import { ANNOTATION_KEY, CIDR, DNS_1035_LABEL, DNS_LABEL, INGRESS_HOST, LABEL_KEY, LABEL_VALUE, PORT_NAME, PORT_NUMBER } from '../core/formats';
import { KubeService, ServiceSpec, k8s } from '../core/k8s';
import { NamespacedResource, NamespacedResourceProps, RESOURCE_ID, propNames } from '../core/resource';
import { AcceptedRisk } from '../core/risk';
import { PropsValidator, addLateValidation } from '../core/validator';
import { OPENFAAS_GATEWAY, SOURCE_RANGES_ANNOTATION, adminGatewaysSelectedBy, coversEveryAddress, formatLabels } from '../policy/checks/services';
import { podLabels } from '../policy/pods';
import { suppressCheck } from '../policy/suppressions';
import { mapSelects } from '../policy/selectors';
import type { OpenFaasInstall } from '../serverless/openfaas-install';
import type { ContainerPortSpec } from '../workloads/container-spec';

/**
 * How a {@link Service} is reached: a virtual IP inside the cluster (ClusterIP), no virtual IP with DNS returning the
 * pods' own addresses (Headless, `clusterIP: None`), a port on every node (NodePort), or a cloud load balancer
 * (LoadBalancer, which is also a NodePort Service).
 */
export type ServiceType = 'ClusterIP' | 'Headless' | 'NodePort' | 'LoadBalancer';

/** A transport protocol of a Service port. */
export type ServiceProtocol = 'TCP' | 'UDP' | 'SCTP';

/**
 * Pods a {@link Service} can front: every workload of this library is one (WebService, Worker, StatefulService,
 * DaemonSet, ReplicaSet, Pod, MeshService, ...), and {@link ServiceTarget} describes others.
 */
export interface IServiceTarget {
  /** Name of the workload, for messages. */
  readonly name: string;
  /** Namespace the pods run in; the Service must be in it. */
  readonly namespace: string;
  /** Labels that select exactly these pods. */
  readonly selector: Readonly<Record<string, string>>;
  /** The pods' ports, by name; Service ports name them. */
  readonly ports: readonly ContainerPortSpec[];
  /**
   * Set when the pods serve an admin UI or API or a FaaS gateway, saying what it is (e.g. "the OpenFaaS gateway"):
   * a NodePort or LoadBalancer Service in front of them is refused.
   * @default not an admin gateway
   */
  readonly adminGateway?: string;
}

/** Pods that this library did not build (a Helm chart's, an operator's), described for a {@link Service}. */
export interface ServiceTargetOptions {
  /** A name for the pods, used in messages. */
  readonly name: string;
  /** Namespace of the pods. */
  readonly namespace: string;
  /** Labels that select exactly these pods. */
  readonly selector: Record<string, string>;
  /** The pods' ports, by name. */
  readonly ports: ContainerPortSpec[];
  /**
   * What admin UI, admin API or FaaS gateway the pods serve, if any: a NodePort or LoadBalancer Service in front of
   * them is then refused.
   * @default not an admin gateway
   */
  readonly adminGateway?: string;
}

/** Ready-made {@link IServiceTarget}s for pods this library does not build. */
export class ServiceTarget {
  /** Pods by labels and named ports, e.g. those of a Helm chart. */
  public static pods(options: ServiceTargetOptions): IServiceTarget {
    return { ...options };
  }

  /**
   * The gateway of an {@link OpenFaasInstall}: pods `app: gateway` (the openfaas chart's labels) in its control-plane
   * namespace, port "http" (8080). A NodePort or LoadBalancer Service in front of it is refused: the gateway deploys
   * and invokes functions.
   */
  public static openFaasGateway(install: Pick<OpenFaasInstall, 'namespace'>): IServiceTarget {
    return {
      name: 'gateway', namespace: install.namespace, selector: { ...OPENFAAS_GATEWAY.podLabels }, ports: [{ name: 'http', port: 8080 }], adminGateway: OPENFAAS_GATEWAY.what,
    };
  }

  private constructor() {}
}

/** One port of a {@link Service}. */
export interface ServicePort {
  /**
   * Name of the port. With a `target`, the name of the pods' port it forwards to (required); with a `selector`, any
   * DNS label, required when the Service has several ports.
   * @default unnamed (a Service with one port and a selector only)
   */
  readonly name?: string;
  /**
   * Port the Service listens on.
   * @default the pods' port number (with a `target`); required with a `selector`
   */
  readonly port?: number;
  /**
   * The pods' port, by number or IANA name; only with a `selector` (with a `target`, the Service forwards to the
   * number of the pods' port called `name`).
   * @default `port`
   */
  readonly targetPort?: number | string;
  /**
   * Transport protocol; with a `target`, it must be the pods' port's.
   * @default the pods' port's protocol, else "TCP"
   */
  readonly protocol?: ServiceProtocol;
  /**
   * Port opened on every node, from 30000 to 32767; NodePort and LoadBalancer Services only.
   * @default a free port chosen by Kubernetes
   */
  readonly nodePort?: number;
  /**
   * Application protocol, e.g. "http", "kubernetes.io/h2c" or "example.com/custom" (a hint to proxies and load
   * balancers).
   * @default none
   */
  readonly appProtocol?: string;
}

/** The load balancer class of the AWS Load Balancer Controller: an NLB per Service. */
export const AWS_NLB_CLASS = 'service.k8s.aws/nlb';
/** AWS Load Balancer Controller: whether the NLB is "internal" or "internet-facing". */
export const AWS_LB_SCHEME_ANNOTATION = 'service.beta.kubernetes.io/aws-load-balancer-scheme';
/** AWS Load Balancer Controller: "ip" sends traffic from the NLB straight to the pods' addresses (no node hop). */
export const AWS_NLB_TARGET_TYPE_ANNOTATION = 'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type';
/** external-dns: the DNS name it creates for the Service's load balancer. */
export const EXTERNAL_DNS_HOSTNAME_ANNOTATION = 'external-dns.alpha.kubernetes.io/hostname';

/** How a LoadBalancer {@link Service} is published. */
export interface LoadBalancerOptions {
  /**
   * Client address ranges (CIDRs) that may connect, e.g. ["10.0.0.0/8"]; at least one. A range of every address
   * ("0.0.0.0/0" or "::/0") needs `openToAll`.
   */
  readonly sourceRanges: string[];
  /**
   * Why every address may connect: required when `sourceRanges` holds 0.0.0.0/0 or ::/0. Recorded in the annotation
   * `keelson.dev/open-load-balancer-reason`.
   * @default none (no range may cover every address)
   */
  readonly openToAll?: AcceptedRisk;
  /**
   * Whether the AWS NLB has only private addresses ("internal") or public ones ("internet-facing"). AWS Load Balancer
   * Controller class only.
   * @default "internal"
   */
  readonly scheme?: 'internal' | 'internet-facing';
  /**
   * The controller that provisions the load balancer (`spec.loadBalancerClass`). The default is the AWS Load Balancer
   * Controller (an NLB sending to the pods' IPs); another class gets no AWS annotations (give its own in
   * `annotations`).
   * @default "service.k8s.aws/nlb"
   */
  readonly loadBalancerClass?: string;
  /**
   * DNS name that external-dns points at the load balancer, e.g. "api.example.com".
   * @default no DNS record
   */
  readonly hostname?: string;
}

/** Props of a {@link Service}. */
export interface ServiceProps extends NamespacedResourceProps {
  /**
   * The workload whose pods receive the traffic, or several (e.g. the stable and canary Deployments of a release):
   * ports are then named after the pods' ports. Several targets share the `selector`, by default the label
   * `keelson.dev/service: <service name>`, which each of them must carry (see {@link Service.memberLabels}).
   * @default none: give a `selector`
   */
  readonly target?: IServiceTarget | IServiceTarget[];
  /**
   * The pod labels the Service selects. Without a `target`, give explicit `ports`; with one, it must select exactly
   * the targets' pods (checked when the app is synthesized).
   * @default the target's selector; with several targets, `keelson.dev/service: <service name>`
   */
  readonly selector?: Record<string, string>;
  /**
   * The ports: names of the target's ports (e.g. ["http"]), or port objects.
   * @default every port of the target (ClusterIP and Headless only; NodePort and LoadBalancer Services name theirs)
   */
  readonly ports?: Array<string | ServicePort>;
  /**
   * How the Service is reached.
   * @default "ClusterIP"
   */
  readonly type?: ServiceType;
  /**
   * Load balancer settings; required for (and only for) type LoadBalancer.
   * @default none
   */
  readonly loadBalancer?: LoadBalancerOptions;
  /**
   * Annotations of the Service.
   * @default none
   */
  readonly annotations?: Record<string, string>;
  /**
   * "ClientIP" sends each client to the same pod while it keeps connecting (not for Headless Services).
   * @default Kubernetes' "None"
   */
  readonly sessionAffinity?: 'None' | 'ClientIP';
  /**
   * How long a client sticks to its pod, from 1 to 86400 seconds; with sessionAffinity "ClientIP" only.
   * @default Kubernetes' 10800 (3 hours)
   */
  readonly sessionAffinityTimeoutSeconds?: number;
  /**
   * "Local" sends traffic that arrives at a node only to pods on that node (keeping the client's address, but
   * unbalanced); NodePort and LoadBalancer only.
   * @default Kubernetes' "Cluster"
   */
  readonly externalTrafficPolicy?: 'Cluster' | 'Local';
  /**
   * "Local" sends traffic from inside the cluster only to pods on the client's node (e.g. a node agent); not for
   * Headless Services.
   * @default Kubernetes' "Cluster"
   */
  readonly internalTrafficPolicy?: 'Cluster' | 'Local';
  /**
   * IP families of the Service: one, or both when the cluster has them.
   * @default Kubernetes' "SingleStack"
   */
  readonly ipFamilyPolicy?: 'SingleStack' | 'PreferDualStack' | 'RequireDualStack';
  /**
   * The families, in order of preference: ["IPv4"], ["IPv6"] or both (with a dual-stack `ipFamilyPolicy`).
   * @default the cluster's primary family
   */
  readonly ipFamilies?: Array<'IPv4' | 'IPv6'>;
  /**
   * Publishes pods before they are ready (peers of a StatefulSet that must find each other while starting).
   * @default false
   */
  readonly publishNotReadyAddresses?: boolean;
  /**
   * "PreferClose" keeps traffic in the client's zone when a ready pod is there (Kubernetes 1.31+); not for
   * Headless Services.
   * @default no preference
   */
  readonly trafficDistribution?: 'PreferClose';
}

/** The label that several targets of one Service share, by default: `keelson.dev/service: <service name>`. */
export const SERVICE_MEMBER_LABEL = 'keelson.dev/service';

const PROPS = propNames<ServiceProps>()({
  name: true, namespace: true, labels: true, target: true, selector: true, ports: true, type: true, loadBalancer: true, annotations: true,
  sessionAffinity: true, sessionAffinityTimeoutSeconds: true, externalTrafficPolicy: true, internalTrafficPolicy: true, ipFamilyPolicy: true,
  ipFamilies: true, publishNotReadyAddresses: true, trafficDistribution: true,
});
const PORT_PROPS = propNames<ServicePort>()({ name: true, port: true, targetPort: true, protocol: true, nodePort: true, appProtocol: true });
const LB_PROPS = propNames<LoadBalancerOptions>()({ sourceRanges: true, openToAll: true, scheme: true, loadBalancerClass: true, hostname: true });
const TYPES: readonly string[] = ['ClusterIP', 'Headless', 'NodePort', 'LoadBalancer'];
/** Protocols of Service ports (and EndpointSlice ports). */
export const SERVICE_PROTOCOLS: readonly string[] = ['TCP', 'UDP', 'SCTP'];
/** The node port range of a default cluster (kube-apiserver --service-node-port-range). */
const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;
/** Annotations the construct writes itself. */
const OWN_ANNOTATIONS: Record<string, string> = {
  [AWS_LB_SCHEME_ANNOTATION]: 'loadBalancer.scheme',
  [AWS_NLB_TARGET_TYPE_ANNOTATION]: 'the construct (target type "ip")',
  [EXTERNAL_DNS_HOSTNAME_ANNOTATION]: 'loadBalancer.hostname',
  [OPEN_LOAD_BALANCER_REASON_ANNOTATION]: 'loadBalancer.openToAll',
  [SOURCE_RANGES_ANNOTATION]: 'loadBalancer.sourceRanges',
};
/** An appProtocol: a label-style name, as the API server checks it. */
const APP_PROTOCOL = {
  test: LABEL_KEY.test,
  description: 'an application protocol such as "http", "kubernetes.io/h2c" or "example.com/custom" (an IANA name, or a prefixed name)',
};
/** Kinds whose pods a Service can select, in the core, apps and batch groups. */
const POD_KINDS: readonly string[] = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob'];

/** Whether `x` is a plain object (not null, not an array). */
export function isObject(x: unknown): x is Record<string, any> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

/**
 * Records a problem for every item whose key an earlier item has (items whose key is undefined are skipped), naming
 * the item by its index in the full list.
 */
export function checkUnique<T>(v: PropsValidator, field: string, items: readonly T[], key: (item: T) => string | undefined, what: string): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const k = key(item);
    if (k === undefined) {
      return;
    }
    v.check(!seen.has(k), `${field}[${i}]`, k, `${what} that is not already used in ${field}`);
    seen.add(k);
  });
}

/** A Service port as written, with everything resolved. */
interface ResolvedPort {
  readonly name?: string;
  readonly port: number;
  readonly targetPort: number | string;
  readonly protocol: ServiceProtocol;
  readonly nodePort?: number;
  readonly appProtocol?: string;
}

/**
 * Checks what every list of Service ports must satisfy, as the API server does: names (DNS labels) on every port of
 * a Service with several, no name or port and protocol twice, known protocols and qualified appProtocol names.
 */
export function checkServicePorts(v: PropsValidator, ports: ReadonlyArray<{ name?: string; port?: number; protocol?: string; appProtocol?: string }>, field = 'ports'): void {
  ports.forEach((p, i) => {
    if (p.name !== undefined) {
      v.format(`${field}[${i}].name`, p.name, DNS_LABEL);
    } else {
      v.check(ports.length === 1, `${field}[${i}].name`, p.name, 'a name: every port of a Service with several ports has one, e.g. "http"');
    }
    v.check(p.protocol === undefined || SERVICE_PROTOCOLS.includes(p.protocol), `${field}[${i}].protocol`, p.protocol, '"TCP", "UDP" or "SCTP"');
    v.format(`${field}[${i}].appProtocol`, p.appProtocol, APP_PROTOCOL);
  });
  checkUnique(v, field, ports, (p) => (p.name === undefined ? undefined : String(p.name)), 'a port name');
  checkUnique(v, field, ports, (p) => `${p.port}/${p.protocol ?? 'TCP'}`, 'a port and protocol');
}

/**
 * A Kubernetes Service in front of a workload's pods (by their named ports), of several workloads (one label they
 * share), or of pods chosen by a label selector: ClusterIP, Headless, NodePort or LoadBalancer. A LoadBalancer goes
 * to the AWS Load Balancer Controller (an internal NLB sending to the pods' IPs) unless another class is named, and
 * admits only the client ranges it lists. Admin UIs and FaaS gateways are never published on node ports or a load
 * balancer. With a target, `targetPort` is written as the number of the pods' port of that name.
 */
export class Service extends NamespacedResource {
  /** The labels of a workload that is one of several targets of the Service `serviceName` (the default selector). */
  public static memberLabels(serviceName: string): Record<string, string> {
    return { [SERVICE_MEMBER_LABEL]: serviceName };
  }

  /** How the Service is reached. */
  public readonly type: ServiceType;
  /** The pod labels it selects. */
  public readonly selector: Readonly<Record<string, string>>;
  /** Its ports, as written. */
  public readonly ports: readonly ServicePort[];

  public constructor(scope: Construct, id: string, props: ServiceProps) {
    super(scope, id, withTargetNamespace(props), { props: PROPS, nameFormat: DNS_1035_LABEL });
    const v = this.validator;
    if (!isObject(props)) {
      // knownProps has refused anything but undefined; nothing else can be read from it.
      v.check(props !== undefined, 'props', props, 'an object of props');
      v.throwIfInvalid();
    }
    const type = (props.type ?? 'ClusterIP') as ServiceType;
    v.check(TYPES.includes(type), 'type', props.type, '"ClusterIP", "Headless", "NodePort" or "LoadBalancer"');
    const exposed = type === 'NodePort' || type === 'LoadBalancer';

    const targets = this.checkTargets(props.target);
    const selector = this.checkSelector(props, targets);
    // Ports of an unusable target are not looked at: the target's problem is the one to fix.
    const ports = props.target === undefined ? this.selectorPorts(props.ports, type) : targets.length > 0 ? this.targetPorts(props.ports, targets, exposed) : [];
    checkServicePorts(v, ports);
    ports.forEach((p, i) => {
      if (p.nodePort === undefined) {
        return;
      }
      v.check(exposed, `ports[${i}].nodePort`, p.nodePort, `no nodePort: only NodePort and LoadBalancer Services open node ports (type is ${type})`);
      v.integer(`ports[${i}].nodePort`, p.nodePort, NODE_PORT_MIN, NODE_PORT_MAX);
    });
    checkUnique(v, 'ports', ports, (p) => (p.nodePort === undefined ? undefined : `node port ${p.nodePort}/${p.protocol}`), 'a node port and protocol');

    if (exposed) {
      this.refuseAdminGateways(type, targets, selector);
    }
    const lb = this.checkLoadBalancer(props.loadBalancer, type);
    this.checkTraffic(props, type);
    if (v.check(props.annotations === undefined || isObject(props.annotations), 'annotations', props.annotations, 'a map of annotation keys to values')) {
      v.map('annotations', props.annotations, ANNOTATION_KEY);
    }
    for (const key of Object.keys(isObject(props.annotations) ? props.annotations : {})) {
      v.check(OWN_ANNOTATIONS[key] === undefined, 'annotations key', key, `an annotation the construct does not write itself: set ${key} with ${OWN_ANNOTATIONS[key]}`);
    }
    v.throwIfInvalid();

    // Pods described by a ServiceTarget are installed by something else (a chart, an operator): the policy cannot see them.
    const outside = targets.filter((t) => (t as Partial<IConstruct>).node === undefined);
    if (outside.length > 0) {
      suppressCheck(this, 'service-selects-pods', `the pods of ${outside.map((t) => `${t.name} (${formatLabels(t.selector)})`).join(', ')} `
        + 'are installed outside this app, by a chart or an operator, so the check cannot see them');
    }
    if (targets.length > 1 || (targets.length === 1 && props.selector !== undefined)) {
      addLateValidation(this, (late) => this.checkSelection(late, targets, selector, Array.isArray(props.target)));
    }

    this.type = type;
    this.selector = selector;
    this.ports = ports.map((p) => ({ ...p }));
    const annotations = { ...props.annotations, ...lb.annotations };
    const spec: ServiceSpec = {
      type: type === 'Headless' ? undefined : type,
      clusterIp: type === 'Headless' ? 'None' : undefined,
      selector: { ...selector },
      ports: ports.map((p) => ({
        name: p.name,
        port: p.port,
        targetPort: typeof p.targetPort === 'number' ? k8s.IntOrString.fromNumber(p.targetPort) : k8s.IntOrString.fromString(p.targetPort),
        protocol: p.protocol,
        nodePort: p.nodePort,
        appProtocol: p.appProtocol,
      })),
      loadBalancerClass: lb.loadBalancerClass,
      loadBalancerSourceRanges: lb.sourceRanges,
      sessionAffinity: props.sessionAffinity,
      sessionAffinityConfig: props.sessionAffinityTimeoutSeconds === undefined ? undefined : { clientIp: { timeoutSeconds: props.sessionAffinityTimeoutSeconds } },
      externalTrafficPolicy: props.externalTrafficPolicy,
      internalTrafficPolicy: props.internalTrafficPolicy,
      ipFamilyPolicy: props.ipFamilyPolicy,
      ipFamilies: props.ipFamilies ? [...props.ipFamilies] : undefined,
      publishNotReadyAddresses: props.publishNotReadyAddresses,
      trafficDistribution: props.trafficDistribution,
    };
    new KubeService(this, RESOURCE_ID, {
      metadata: {
        name: this.name,
        namespace: this.namespace,
        labels: props.labels,
        annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
      },
      spec,
    });
  }

  /** DNS name of the Service inside the cluster, e.g. "web.shop.svc". */
  public get host(): string {
    return `${this.name}.${this.namespace}.svc`;
  }

  /** `host:port` of the Service port called `portName` (or of its only port), e.g. "web.shop.svc:80". */
  public address(portName?: string): string {
    const port = portName === undefined && this.ports.length === 1 ? this.ports[0] : this.ports.find((p) => p.name === portName);
    const v = PropsValidator.of(this);
    v.check(port !== undefined, 'address(portName)', portName, `one of the port names: ${this.ports.map((p) => p.name ?? '(unnamed)').join(', ')}`);
    v.throwIfInvalid();
    return `${this.host}:${port!.port}`;
  }

  /** The targets as a list, each checked; records problems on the validator. */
  private checkTargets(target: unknown): IServiceTarget[] {
    const v = this.validator;
    if (target === undefined) {
      return [];
    }
    const list: unknown[] = Array.isArray(target) ? target : [target];
    const field = (i: number) => (Array.isArray(target) ? `target[${i}]` : 'target');
    if (!v.check(list.length > 0, 'target', target, 'at least one workload')) {
      return [];
    }
    const ok = list.map((t, i) => {
      const shape = isObject(t) && typeof t.name === 'string' && typeof t.namespace === 'string' && isObject(t.selector)
        && Object.keys(t.selector).length > 0 && Array.isArray(t.ports) && t.ports.every((p: unknown) => isObject(p) && typeof p.name === 'string' && typeof p.port === 'number');
      if (!v.check(shape, field(i), isObject(t) ? t.name : t,
        'a workload (WebService, Worker, StatefulService, ...) or a ServiceTarget: name, namespace, a non-empty selector and named ports')) {
        return false;
      }
      const w = t as IServiceTarget;
      v.check(w.namespace === this.namespace, field(i), w.name, `a workload in the Service's namespace (${this.namespace}); ${w.name} runs in ${w.namespace}`);
      v.check(w.adminGateway === undefined || typeof w.adminGateway === 'string', `${field(i)}.adminGateway`, w.adminGateway, 'a description such as "the OpenFaaS gateway", or nothing');
      return true;
    });
    checkUnique(v, 'target', list, (t) => (isObject(t) ? `${t.namespace}/${t.name}` : undefined), 'a workload');
    return ok.every(Boolean) ? (list as IServiceTarget[]) : [];
  }

  /** The selector the Service writes. */
  private checkSelector(props: ServiceProps, targets: readonly IServiceTarget[]): Readonly<Record<string, string>> {
    const v = this.validator;
    if (props.selector !== undefined) {
      if (v.check(isObject(props.selector) && Object.keys(props.selector).length > 0, 'selector', props.selector,
        'at least one label such as { app: "web" } (an empty selector selects no pods)')) {
        v.map('selector', props.selector, LABEL_KEY, LABEL_VALUE);
      }
      return isObject(props.selector) ? { ...props.selector } : {};
    }
    if (targets.length === 1) {
      return { ...targets[0].selector };
    }
    if (targets.length > 1) {
      return Service.memberLabels(this.name);
    }
    v.check(props.target !== undefined, 'target', undefined, 'a target (a workload) or a selector: a Service without either has no endpoints '
      + '(for fixed addresses use ExternalEndpoints, for a DNS name ExternalNameService)');
    return {};
  }

  /** Ports named after the targets' ports. */
  private targetPorts(entries: unknown, targets: readonly IServiceTarget[], exposed: boolean): ResolvedPort[] {
    const v = this.validator;
    let list: unknown[];
    if (entries === undefined) {
      if (!v.check(!exposed, 'ports', entries, 'the names of the ports to publish, e.g. ["http"] (a NodePort or LoadBalancer Service publishes no port by default)')) {
        return [];
      }
      list = targets[0].ports.map((p) => p.name).filter((name) => targets.every((t) => t.ports.some((p) => p.name === name)));
      if (!v.check(list.length > 0, 'ports', entries, `the names of ports the targets share (by default every port of ${targets[0].name} that every target has; there is none)`)) {
        return [];
      }
    } else if (v.check(Array.isArray(entries) && entries.length > 0, 'ports', entries, 'a list of port names such as ["http"] or port objects')) {
      list = entries as unknown[];
    } else {
      return [];
    }
    const resolved: ResolvedPort[] = [];
    list.forEach((entry, i) => {
      const f = `ports[${i}]`;
      const o: Record<string, any> | undefined = typeof entry === 'string' ? { name: entry } : isObject(entry) ? entry : undefined;
      if (!v.check(o !== undefined, f, entry, 'the name of a port of the target, e.g. "http", or { name, port?, protocol?, nodePort?, appProtocol? }')) {
        return;
      }
      v.knownProps(f, o, PORT_PROPS);
      v.check(o!.targetPort === undefined, `${f}.targetPort`, o!.targetPort,
        `no targetPort: the Service forwards to the target's port called "${o!.name}"; set targetPort only with a selector`);
      if (!v.format(`${f}.name`, o!.name, PORT_NAME, true)) {
        return;
      }
      const name: string = o!.name;
      const found = targets.map((t) => t.ports.find((p) => p.name === name));
      const missing = targets.filter((_t, j) => found[j] === undefined);
      missing.forEach((t) => v.fail(`${f}.name`, name, `the name of a port of ${t.name}: ${t.ports.map((p) => p.name).join(', ')}`));
      if (missing.length > 0) {
        return;
      }
      const numbers = [...new Set(found.map((p) => p!.port))];
      const each = (what: (p: ContainerPortSpec) => unknown) => targets.map((t, j) => `${t.name}: ${what(found[j]!)}`).join(', ');
      v.check(numbers.length === 1, `${f}.name`, name, `a port with one number on every target, which the Service forwards to (${each((p) => p.port)})`);
      const protocols = [...new Set(found.map((p) => p!.protocol ?? 'TCP'))];
      v.check(protocols.length === 1, `${f}.name`, name, `a port of one protocol on every target (${each((p) => p.protocol ?? 'TCP')})`);
      v.check(o!.protocol === undefined || o!.protocol === protocols[0], `${f}.protocol`, o!.protocol, `the protocol of the target's port "${name}": "${protocols[0]}" (or leave it out)`);
      v.format(`${f}.port`, o!.port, PORT_NUMBER);
      resolved.push({
        name, port: o!.port ?? numbers[0], targetPort: numbers[0], protocol: protocols[0] as ServiceProtocol, nodePort: o!.nodePort, appProtocol: o!.appProtocol,
      });
    });
    return resolved;
  }

  /** Ports of a Service over a selector, given in full. */
  private selectorPorts(entries: unknown, type: ServiceType): ResolvedPort[] {
    const v = this.validator;
    if (entries === undefined && type === 'Headless') {
      return [];
    }
    if (!v.check(Array.isArray(entries) && entries.length > 0, 'ports', entries,
      'a list of ports such as [{ name: "http", port: 80, targetPort: 8080 }] (with a selector there is no workload to take them from)')) {
      return [];
    }
    const resolved: ResolvedPort[] = [];
    (entries as unknown[]).forEach((entry, i) => {
      const f = `ports[${i}]`;
      if (!v.check(isObject(entry), f, entry, 'a port such as { name: "http", port: 80, targetPort: 8080 } (names alone need a target to look them up)')) {
        return;
      }
      const o = entry as ServicePort;
      v.knownProps(f, o, PORT_PROPS);
      v.format(`${f}.port`, o.port, PORT_NUMBER, true);
      v.portRef(`${f}.targetPort`, o.targetPort);
      resolved.push({
        name: o.name, port: o.port!, targetPort: o.targetPort ?? o.port!, protocol: o.protocol ?? 'TCP', nodePort: o.nodePort, appProtocol: o.appProtocol,
      });
    });
    return resolved;
  }

  /** Refuses to publish an admin UI, admin API or FaaS gateway on node ports or a load balancer. */
  private refuseAdminGateways(type: ServiceType, targets: readonly IServiceTarget[], selector: Readonly<Record<string, string>>): void {
    const v = this.validator;
    const fix = 'reach it through an Ingress with TLS and authentication, or kubectl port-forward';
    for (const t of targets.filter((x) => typeof x.adminGateway === 'string')) {
      v.fail('type', type, `"ClusterIP" or "Headless": ${t.name} serves ${t.adminGateway}, which must not be published on node ports or a load balancer; ${fix}`);
    }
    if (targets.some((x) => typeof x.adminGateway === 'string')) {
      return;
    }
    for (const g of adminGatewaysSelectedBy(selector)) {
      v.fail('type', type, `"ClusterIP" or "Headless": the selector selects ${g.what} (pods labelled ${formatLabels(g.podLabels)} are taken for it), `
        + `which must not be published on node ports or a load balancer; ${fix}`);
    }
  }

  /** Checks the load balancer options; returns what they add to the Service. */
  private checkLoadBalancer(lb: LoadBalancerOptions | undefined, type: ServiceType): { annotations: Record<string, string>; loadBalancerClass?: string; sourceRanges?: string[] } {
    const v = this.validator;
    const none = { annotations: {} };
    if (type !== 'LoadBalancer') {
      v.check(lb === undefined, 'loadBalancer', lb, `no loadBalancer options: the Service is of type ${type} (set type "LoadBalancer" to publish it through a load balancer)`);
      return none;
    }
    if (!v.check(lb !== undefined, 'loadBalancer', lb, '{ sourceRanges: [...] }: the client ranges a LoadBalancer Service admits, e.g. { sourceRanges: ["10.0.0.0/8"] }')
      || !v.knownProps('loadBalancer', lb, LB_PROPS)) {
      return none;
    }
    const o = lb!;
    const ranges: unknown[] = Array.isArray(o.sourceRanges) ? o.sourceRanges : [];
    v.check(Array.isArray(o.sourceRanges) && ranges.length > 0, 'loadBalancer.sourceRanges', o.sourceRanges,
      'at least one client CIDR such as "10.0.0.0/8" (without ranges, every address that reaches the load balancer may connect)');
    ranges.forEach((r, i) => v.format(`loadBalancer.sourceRanges[${i}]`, r as string, CIDR, true));
    v.unique('loadBalancer.sourceRanges', ranges, (r) => String(r), 'a range');
    const open = ranges.filter((r) => typeof r === 'string' && coversEveryAddress(r));
    if (open.length > 0) {
      if (v.check(o.openToAll !== undefined, 'loadBalancer.openToAll', o.openToAll,
        `{ reason: "..." }: sourceRanges holds ${open.join(', ')}, which admits every address; say why, or list the clients' ranges`)) {
        v.risk('loadBalancer.openToAll', o.openToAll, 'every address may connect to the load balancer');
      }
    } else {
      v.check(o.openToAll === undefined, 'loadBalancer.openToAll', o.openToAll, 'no openToAll: no source range covers every address (0.0.0.0/0 or ::/0)');
    }
    const loadBalancerClass = o.loadBalancerClass ?? AWS_NLB_CLASS;
    v.format('loadBalancer.loadBalancerClass', loadBalancerClass, {
      test: LABEL_KEY.test, description: 'a load balancer class such as "service.k8s.aws/nlb" or "example.com/internal-vip" (a label-style name)',
    });
    const aws = loadBalancerClass === AWS_NLB_CLASS;
    if (aws) {
      v.check(o.scheme === undefined || o.scheme === 'internal' || o.scheme === 'internet-facing', 'loadBalancer.scheme', o.scheme, '"internal" or "internet-facing"');
    } else {
      v.check(o.scheme === undefined, 'loadBalancer.scheme', o.scheme,
        `no scheme: it is a setting of the AWS Load Balancer Controller (class ${AWS_NLB_CLASS}); give the settings of class "${loadBalancerClass}" in annotations`);
    }
    v.format('loadBalancer.hostname', o.hostname, INGRESS_HOST);
    const annotations: Record<string, string> = {
      ...(aws ? { [AWS_LB_SCHEME_ANNOTATION]: o.scheme ?? 'internal', [AWS_NLB_TARGET_TYPE_ANNOTATION]: 'ip' } : {}),
      ...(o.hostname !== undefined ? { [EXTERNAL_DNS_HOSTNAME_ANNOTATION]: o.hostname } : {}),
      ...(open.length > 0 && isObject(o.openToAll) ? { [OPEN_LOAD_BALANCER_REASON_ANNOTATION]: String(o.openToAll.reason) } : {}),
    };
    return { annotations, loadBalancerClass, sourceRanges: ranges.map(String) };
  }

  /** Checks session affinity, traffic policies, IP families and the other traffic settings. */
  private checkTraffic(props: ServiceProps, type: ServiceType): void {
    const v = this.validator;
    const headless = type === 'Headless';
    const exposed = type === 'NodePort' || type === 'LoadBalancer';
    const noProxy = 'a headless Service has no virtual IP, so kube-proxy never routes its traffic';
    const oneOf = (field: string, value: unknown, allowed: readonly string[]) => {
      const quoted = allowed.map((a) => `"${a}"`);
      const expected = quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}` : quoted[0];
      return v.check(value === undefined || allowed.includes(value as string), field, value, expected);
    };

    if (oneOf('sessionAffinity', props.sessionAffinity, ['None', 'ClientIP'])) {
      v.check(!(headless && props.sessionAffinity === 'ClientIP'), 'sessionAffinity', props.sessionAffinity, `"None" or nothing: ${noProxy}`);
    }
    if (props.sessionAffinityTimeoutSeconds !== undefined && v.check(props.sessionAffinity === 'ClientIP', 'sessionAffinityTimeoutSeconds',
      props.sessionAffinityTimeoutSeconds, 'no timeout unless sessionAffinity is "ClientIP"')) {
      v.integer('sessionAffinityTimeoutSeconds', props.sessionAffinityTimeoutSeconds, 1, 86400);
    }
    if (oneOf('externalTrafficPolicy', props.externalTrafficPolicy, ['Cluster', 'Local'])) {
      v.check(props.externalTrafficPolicy === undefined || exposed, 'externalTrafficPolicy', props.externalTrafficPolicy,
        `no externalTrafficPolicy: it applies to NodePort and LoadBalancer Services only (type is ${type})`);
    }
    if (oneOf('internalTrafficPolicy', props.internalTrafficPolicy, ['Cluster', 'Local'])) {
      v.check(props.internalTrafficPolicy === undefined || !headless, 'internalTrafficPolicy', props.internalTrafficPolicy, `no internalTrafficPolicy: ${noProxy}`);
    }
    if (oneOf('trafficDistribution', props.trafficDistribution, ['PreferClose'])) {
      v.check(props.trafficDistribution === undefined || !headless, 'trafficDistribution', props.trafficDistribution, `no trafficDistribution: ${noProxy}`);
    }
    oneOf('ipFamilyPolicy', props.ipFamilyPolicy, ['SingleStack', 'PreferDualStack', 'RequireDualStack']);
    const families = props.ipFamilies;
    if (families !== undefined && v.check(Array.isArray(families) && families.length >= 1 && families.length <= 2, 'ipFamilies', families,
      'one or two IP families: ["IPv4"], ["IPv6"], ["IPv4", "IPv6"] or ["IPv6", "IPv4"]')) {
      families.forEach((f, i) => oneOf(`ipFamilies[${i}]`, f, ['IPv4', 'IPv6']));
      v.unique('ipFamilies', families, (f) => String(f), 'a family');
      v.check(families.length < 2 || props.ipFamilyPolicy === 'PreferDualStack' || props.ipFamilyPolicy === 'RequireDualStack', 'ipFamilyPolicy',
        props.ipFamilyPolicy, '"PreferDualStack" or "RequireDualStack": ipFamilies lists two families');
    }
    v.check(props.publishNotReadyAddresses === undefined || typeof props.publishNotReadyAddresses === 'boolean', 'publishNotReadyAddresses',
      props.publishNotReadyAddresses, 'true or false');
  }

  /**
   * At synthesis: the selector picks exactly the targets' pods, among the workloads of the app in the namespace:
   * every target's pods carry it, and no other workload's do.
   */
  private checkSelection(v: PropsValidator, targets: readonly IServiceTarget[], selector: Readonly<Record<string, string>>, list: boolean): void {
    const pods = podsIn(this.node.root, this.namespace);
    const within = (path: string, t: IServiceTarget) => {
      const root = (t as Partial<IConstruct>).node?.path;
      return root !== undefined && (path === root || path.startsWith(`${root}/`));
    };
    const wanted = selector as Record<string, string>;
    targets.forEach((t, i) => {
      const field = list ? `target[${i}]` : 'target';
      for (const p of pods.filter((x) => within(x.path, t) && !mapSelects(wanted, x.labels))) {
        const missing = Object.fromEntries(Object.entries(wanted).filter(([k, val]) => p.labels[k] !== val));
        v.fail(field, t.name, `a workload whose pods carry the Service's selector (${formatLabels(wanted)}): the pods of ${p.kind} ${p.name} lack `
          + `${formatLabels(missing)}; give the workload labels: ${JSON.stringify(missing)}`);
      }
    });
    for (const p of pods.filter((x) => mapSelects(wanted, x.labels) && !targets.some((t) => within(x.path, t)))) {
      v.fail('selector', selector, `labels that only the targets' pods carry; it also selects the pods of ${p.kind} ${this.namespace}/${p.name} (${p.path}): `
        + 'add that workload to target, or choose a label it does not carry');
    }
  }
}

/** The props with `namespace` defaulting to the (first) target's. */
function withTargetNamespace(props: ServiceProps): ServiceProps {
  if (!isObject(props) || props.namespace !== undefined) {
    return props;
  }
  const first: unknown = Array.isArray(props.target) ? props.target[0] : props.target;
  return isObject(first) && typeof first.namespace === 'string' ? { ...props, namespace: first.namespace } : props;
}

/** The pod-bearing objects of an app in a namespace, with their pods' labels. */
function podsIn(root: IConstruct, namespace: string): Array<{ path: string; kind: string; name: string; labels: Record<string, string> }> {
  return root.node.findAll()
    .filter((c): c is ApiObject => ApiObject.isApiObject(c))
    .filter((o) => POD_KINDS.includes(o.kind) && !o.apiVersion.includes('.') && o.metadata.namespace === namespace)
    .map((o) => ({ path: o.node.path, kind: o.kind, name: o.name, labels: podLabels(o.toJson()) }));
}
