import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ANNOTATION_KEY, DNS_1035_LABEL, LABEL_KEY, LABEL_VALUE } from '../core/formats';
import { KubeService, ServiceSpec, k8s } from '../core/k8s';
import { NamespacedResource, NamespacedResourceProps, RESOURCE_ID, propNames, resourceMetadata } from '../core/resource';
import { PropsValidator, addLateValidation, checkUnique, isObject } from '../core/validator';
import { adminGatewaysSelectedBy, formatLabels } from '../policy/checks/services';
import { podLabels } from '../policy/pods';
import { suppressCheck } from '../policy/suppressions';
import { mapSelects } from '../policy/selectors';
import { LOAD_BALANCER_ANNOTATIONS, LoadBalancerOptions, checkLoadBalancer } from './load-balancer';
import { ServicePort, checkNodePorts, checkServicePorts, selectorPorts, targetPorts } from './service-ports';
import { IServiceTarget } from './service-target';

/**
 * How a {@link Service} is reached: a virtual IP inside the cluster (ClusterIP), no virtual IP with DNS returning the
 * pods' own addresses (Headless, `clusterIP: None`), a port on every node (NodePort), or a cloud load balancer
 * (LoadBalancer, which is also a NodePort Service).
 */
export type ServiceType = 'ClusterIP' | 'Headless' | 'NodePort' | 'LoadBalancer';

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
const TYPES: readonly string[] = ['ClusterIP', 'Headless', 'NodePort', 'LoadBalancer'];
/** Kinds whose pods a Service can select, in the core, apps and batch groups. */
const POD_KINDS: readonly string[] = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob'];

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
    const v = new PropsValidator('Service.memberLabels');
    v.format('memberLabels(serviceName)', serviceName, DNS_1035_LABEL, true);
    v.throwIfInvalid();
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
    const ports = props.target === undefined ? selectorPorts(v, props.ports, type) : targets.length > 0 ? targetPorts(v, props.ports, targets, exposed) : [];
    checkServicePorts(v, ports);
    checkNodePorts(v, ports, type, exposed);

    if (exposed) {
      this.refuseAdminGateways(type, targets, selector);
    }
    const lb = checkLoadBalancer(v, props.loadBalancer, type);
    this.checkTraffic(props, type);
    if (v.check(props.annotations === undefined || isObject(props.annotations), 'annotations', props.annotations, 'a map of annotation keys to values')) {
      v.map('annotations', props.annotations, ANNOTATION_KEY);
    }
    for (const key of Object.keys(isObject(props.annotations) ? props.annotations : {})) {
      v.check(LOAD_BALANCER_ANNOTATIONS[key] === undefined, 'annotations key', key,
        `an annotation the construct does not write itself: set ${key} with ${LOAD_BALANCER_ANNOTATIONS[key]}`);
    }
    v.throwIfInvalid();

    // Pods described by a ServiceTarget are installed by something else (a chart, an operator): the policy cannot see them.
    const outside = targets.filter((t) => (t as Partial<IConstruct>).node === undefined);
    if (outside.length > 0) {
      suppressCheck(this, 'service-selects-pods', {
        reason: `the pods of ${outside.map((t) => `${t.name} (${formatLabels(t.selector)})`).join(', ')} `
          + 'are installed outside this app, by a chart or an operator, so the check cannot see them',
      });
    }
    if (targets.length > 1 || (targets.length === 1 && props.selector !== undefined)) {
      addLateValidation(this, (late) => this.checkSelection(late, targets, selector, Array.isArray(props.target)));
    }

    this.type = type;
    this.selector = selector;
    this.ports = ports.map((p) => ({ ...p }));
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
      metadata: resourceMetadata(this, props.labels, { ...props.annotations, ...lb.annotations }),
      spec,
    });
  }

  /** DNS name of the Service inside the cluster, e.g. "web.shop.svc". */
  public get host(): string {
    return `${this.name}.${this.namespace}.svc`;
  }

  /** `host:port` of the Service port called `portName` (or of its only port), e.g. "web.shop.svc:80". */
  public address(portName?: string): string {
    const v = PropsValidator.of(this);
    const port = portName === undefined && this.ports.length === 1 ? this.ports[0]
      : typeof portName === 'string' ? this.ports.find((p) => p.name === portName) : undefined;
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
      families.forEach((f, i) => v.check(f === 'IPv4' || f === 'IPv6', `ipFamilies[${i}]`, f, '"IPv4" or "IPv6"'));
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
