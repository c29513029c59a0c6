import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { DNS_LABEL, LABEL_KEY, LABEL_VALUE, OBJECT_NAME, PORT_NUMBER } from '../core/formats';
import { NamespacedResource, RESOURCE_ID, propNames } from '../core/resource';
import { PropsValidator, addLateValidation, isObject } from '../core/validator';
import { isIstioHost } from './istio-common';
import { listAt, objectAt, oneOf, stringMapAt } from './mesh-validation';

/** How clients of a host use TLS: ISTIO_MUTUAL (mesh certificates), or DISABLE/SIMPLE/MUTUAL for outside hosts. */
export type ClientTlsMode = 'DISABLE' | 'SIMPLE' | 'MUTUAL' | 'ISTIO_MUTUAL';

/** Load-balancing algorithm across the endpoints of a host. */
export type LoadBalancerAlgorithm = 'ROUND_ROBIN' | 'LEAST_REQUEST' | 'RANDOM' | 'PASSTHROUGH';

/** Client-side settings for one port of a host. */
export interface PortTrafficPolicy {
  /** The port of the host (the Service port), 1-65535. */
  readonly port: number;
  /**
   * Client-side TLS on this port.
   * @default the policy's
   */
  readonly tlsMode?: ClientTlsMode;
  /**
   * Secret with the client certificate, key and CA (`tls.crt`, `tls.key`, `ca.crt`), for MUTUAL (required) or SIMPLE
   * (the CA to verify the server with).
   * @default none
   */
  readonly credentialName?: string;
  /**
   * Load balancer on this port.
   * @default the policy's
   */
  readonly loadBalancer?: LoadBalancerAlgorithm;
}

/** Traffic policy of a DestinationRule or one of its subsets. */
export interface TrafficPolicy {
  /**
   * Client-side TLS; leave unset inside the mesh, where Istio's automatic mutual TLS applies.
   * @default automatic (mutual TLS to sidecars)
   */
  readonly tlsMode?: ClientTlsMode;
  /**
   * Secret with the client certificate, key and CA (`tls.crt`, `tls.key`, `ca.crt`) in the namespace of the clients'
   * gateway or sidecar, for tlsMode MUTUAL (required: Istio refuses MUTUAL without a client certificate) or SIMPLE
   * (the CA to verify the server with).
   * @default none
   */
  readonly credentialName?: string;
  /**
   * Load balancer.
   * @default Istio's default (LEAST_REQUEST)
   */
  readonly loadBalancer?: LoadBalancerAlgorithm;
  /**
   * Settings for single ports of the host, which override the policy's.
   * @default none
   */
  readonly portLevelSettings?: PortTrafficPolicy[];
}

/** A named subset of a host's endpoints, picked by pod labels (usually `version`). */
export interface Subset {
  readonly name: string;
  readonly labels: Record<string, string>;
  /**
   * Traffic policy of the subset.
   * @default the rule's
   */
  readonly trafficPolicy?: TrafficPolicy;
}

/** Props of a {@link DestinationRule}. */
export interface DestinationRuleProps {
  /**
   * Name of the DestinationRule.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * Namespace.
   * @default the enclosing SecureNamespace
   */
  readonly namespace?: string;
  /** The host it applies to, e.g. a Service name "reviews" or "reviews.shop.svc.cluster.local". */
  readonly host: string;
  /**
   * Subsets; more can be added with {@link DestinationRule.addSubset}.
   * @default none
   */
  readonly subsets?: Subset[];
  /**
   * Policy for all traffic to the host.
   * @default Istio's defaults
   */
  readonly trafficPolicy?: TrafficPolicy;
}

const PROPS = propNames<DestinationRuleProps>()({ name: true, namespace: true, host: true, subsets: true, trafficPolicy: true });
const SUBSET_PROPS = propNames<Subset>()({ name: true, labels: true, trafficPolicy: true });
const POLICY_PROPS = propNames<TrafficPolicy>()({ tlsMode: true, credentialName: true, loadBalancer: true, portLevelSettings: true });
const PORT_POLICY_PROPS = propNames<PortTrafficPolicy>()({ port: true, tlsMode: true, credentialName: true, loadBalancer: true });
const TLS_MODES: readonly ClientTlsMode[] = ['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL'];
const LOAD_BALANCERS: readonly LoadBalancerAlgorithm[] = ['ROUND_ROBIN', 'LEAST_REQUEST', 'RANDOM', 'PASSTHROUGH'];

function renderTls(p: { tlsMode?: ClientTlsMode; credentialName?: string }): object | undefined {
  return p.tlsMode ? { mode: p.tlsMode, credentialName: p.credentialName } : undefined;
}

function renderPolicy(p: TrafficPolicy | undefined): object | undefined {
  if (!p || (p.tlsMode === undefined && p.loadBalancer === undefined && (p.portLevelSettings ?? []).length === 0)) {
    return undefined;
  }
  return {
    tls: renderTls(p),
    loadBalancer: p.loadBalancer ? { simple: p.loadBalancer } : undefined,
    portLevelSettings: (p.portLevelSettings ?? []).length > 0 ? p.portLevelSettings?.map((s) => ({
      port: { number: s.port },
      tls: renderTls(s),
      loadBalancer: s.loadBalancer ? { simple: s.loadBalancer } : undefined,
    })) : undefined,
  };
}

/** Checks the TLS mode and credential of a policy or port policy, as Istio's validateTLS does. */
function checkTls(v: PropsValidator, field: string, p: Record<string, any>): void {
  if (!oneOf(v, `${field}.tlsMode`, p.tlsMode, TLS_MODES)) {
    return;
  }
  if (p.tlsMode === 'MUTUAL') {
    // Istio: "client certificate required for mutual tls" unless the credential comes from a Secret.
    v.format(`${field}.credentialName`, p.credentialName, OBJECT_NAME, true);
  } else if (p.tlsMode === 'SIMPLE') {
    v.format(`${field}.credentialName`, p.credentialName, OBJECT_NAME);
  } else {
    v.check(p.credentialName === undefined, `${field}.credentialName`, p.credentialName,
      `no credentialName ${p.tlsMode === undefined ? 'without a tlsMode' : `with tlsMode ${p.tlsMode}`} (only SIMPLE and MUTUAL use one)`);
  }
}

function checkPolicy(v: PropsValidator, field: string, policy: unknown): void {
  const p = objectAt(v, field, policy, 'a traffic policy: { tlsMode?, credentialName?, loadBalancer?, portLevelSettings? }', { known: POLICY_PROPS });
  if (!p) {
    return;
  }
  checkTls(v, field, p);
  oneOf(v, `${field}.loadBalancer`, p.loadBalancer, LOAD_BALANCERS);
  const seen = new Map<number, number>();
  listAt(v, `${field}.portLevelSettings`, p.portLevelSettings, 'port settings').forEach((item, i) => {
    const f = `${field}.portLevelSettings[${i}]`;
    const s = objectAt(v, f, item, 'port settings: { port, tlsMode?, credentialName?, loadBalancer? }', { required: true, known: PORT_POLICY_PROPS });
    if (!s) {
      return;
    }
    // Istio: "portTrafficPolicy must have valid port"; a port is 1-65535.
    if (v.format(`${f}.port`, s.port, PORT_NUMBER, true)) {
      v.check(!seen.has(s.port), `${f}.port`, s.port, `a port that portLevelSettings[${seen.get(s.port)}] does not already set`);
      seen.set(s.port, i);
    }
    checkTls(v, f, s);
    oneOf(v, `${f}.loadBalancer`, s.loadBalancer, LOAD_BALANCERS);
    // Istio: "port traffic policy must have at least one field".
    v.check(s.tlsMode !== undefined || s.loadBalancer !== undefined, f, s, 'a tlsMode or loadBalancer for the port (Istio refuses empty port settings)');
  });
}

/**
 * An Istio `networking.istio.io/v1` DestinationRule: the subsets of a host (by pod labels) that routes can target,
 * and the client-side traffic policy (TLS mode, load balancing, per port).
 */
export class DestinationRule extends NamespacedResource {
  /** The host. */
  public readonly host: string;
  private readonly subsets: Array<{ name: string; labels: Record<string, string>; trafficPolicy?: object }> = [];

  public constructor(scope: Construct, id: string, props: DestinationRuleProps) {
    super(scope, id, props, { props: PROPS });
    const v = this.validator;
    if (!isObject(props)) {
      v.throwIfInvalid();
    }
    const p: Partial<DestinationRuleProps> = isObject(props) ? props : {};
    this.host = p.host as string;
    v.check(isIstioHost(p.host) && p.host !== '*', 'host', p.host, 'a host name such as "reviews" or "reviews.shop.svc.cluster.local"');
    checkPolicy(v, 'trafficPolicy', p.trafficPolicy);
    const subsets = listAt(v, 'subsets', p.subsets, 'subsets');
    subsets.forEach((s, i) => this.checkSubset(v, `subsets[${i}]`, s, subsets.slice(0, i)));
    v.throwIfInvalid();
    subsets.forEach((s) => this.addChecked(s as Subset));
    addLateValidation(this, (late) => late.check(this.subsets.length > 0 || p.trafficPolicy !== undefined, 'subsets', this.subsets,
      'subsets or a traffic policy (an empty DestinationRule does nothing)'));

    new ApiObject(this, RESOURCE_ID, {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: this.name, namespace: this.namespace },
      spec: {
        host: p.host,
        trafficPolicy: renderPolicy(p.trafficPolicy),
        // Produced at synth time, so subsets added later are included.
        subsets: Lazy.any({ produce: () => (this.subsets.length > 0 ? this.subsets : undefined) }),
      },
    });
  }

  /** Names of the subsets. */
  public get subsetNames(): string[] {
    return this.subsets.map((s) => s.name);
  }

  /** Adds a subset. */
  public addSubset(subset: Subset): void {
    const v = PropsValidator.of(this);
    this.checkSubset(v, 'addSubset(subset)', subset, []);
    v.throwIfInvalid();
    this.addChecked(subset);
  }

  /** Checks a subset given at `field`; `earlier` are the subsets given before it in the same list. */
  private checkSubset(v: PropsValidator, field: string, subset: unknown, earlier: readonly unknown[]): void {
    const s = objectAt(v, field, subset, 'a subset: { name, labels, trafficPolicy? }', { required: true, known: SUBSET_PROPS });
    if (!s) {
      return;
    }
    if (v.format(`${field}.name`, s.name, DNS_LABEL, true)) {
      // Istio: "duplicate subset names".
      v.check(!this.subsetNames.includes(s.name) && !earlier.some((e) => isObject(e) && e.name === s.name), `${field}.name`, s.name,
        'a subset name not yet used in this DestinationRule');
    }
    stringMapAt(v, `${field}.labels`, s.labels, LABEL_KEY, LABEL_VALUE, { required: true, min: 1 });
    checkPolicy(v, `${field}.trafficPolicy`, s.trafficPolicy);
  }

  private addChecked(subset: Subset): void {
    this.subsets.push({ name: subset.name, labels: { ...subset.labels }, trafficPolicy: renderPolicy(subset.trafficPolicy) });
  }
}
