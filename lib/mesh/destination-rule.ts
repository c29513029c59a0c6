import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { DNS_LABEL, LABEL_KEY, LABEL_VALUE } from '../core/formats';
import { NamespacedResource, RESOURCE_ID, propNames } from '../core/resource';
import { PropsValidator, addLateValidation } from '../core/validator';
import { ISTIO_HOST } from './istio-common';

/** How clients of a host use TLS: ISTIO_MUTUAL (mesh certificates), or DISABLE/SIMPLE/MUTUAL for outside hosts. */
export type ClientTlsMode = 'DISABLE' | 'SIMPLE' | 'MUTUAL' | 'ISTIO_MUTUAL';

/** Load-balancing algorithm across the endpoints of a host. */
export type LoadBalancerAlgorithm = 'ROUND_ROBIN' | 'LEAST_REQUEST' | 'RANDOM' | 'PASSTHROUGH';

/** Traffic policy of a DestinationRule or one of its subsets. */
export interface TrafficPolicy {
  /**
   * Client-side TLS; leave unset inside the mesh, where Istio's automatic mutual TLS applies.
   * @default automatic (mutual TLS to sidecars)
   */
  readonly tlsMode?: ClientTlsMode;
  /**
   * Load balancer.
   * @default Istio's default (LEAST_REQUEST)
   */
  readonly loadBalancer?: LoadBalancerAlgorithm;
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
const POLICY_PROPS = propNames<TrafficPolicy>()({ tlsMode: true, loadBalancer: true });

function renderPolicy(p: TrafficPolicy | undefined): object | undefined {
  if (!p || (p.tlsMode === undefined && p.loadBalancer === undefined)) {
    return undefined;
  }
  return {
    tls: p.tlsMode ? { mode: p.tlsMode } : undefined,
    loadBalancer: p.loadBalancer ? { simple: p.loadBalancer } : undefined,
  };
}

function checkPolicy(v: PropsValidator, field: string, p: TrafficPolicy | undefined): void {
  v.knownProps(field, p, POLICY_PROPS);
  v.check(p?.tlsMode === undefined || ['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL'].includes(p.tlsMode), `${field}.tlsMode`, p?.tlsMode, 'DISABLE, SIMPLE, MUTUAL or ISTIO_MUTUAL');
  v.check(p?.loadBalancer === undefined || ['ROUND_ROBIN', 'LEAST_REQUEST', 'RANDOM', 'PASSTHROUGH'].includes(p.loadBalancer), `${field}.loadBalancer`, p?.loadBalancer,
    'ROUND_ROBIN, LEAST_REQUEST, RANDOM or PASSTHROUGH');
}

/**
 * An Istio `networking.istio.io/v1` DestinationRule: the subsets of a host (by pod labels) that routes can target,
 * and the client-side traffic policy (TLS mode, load balancing).
 */
export class DestinationRule extends NamespacedResource {
  /** The host. */
  public readonly host: string;
  private readonly subsets: Array<{ name: string; labels: Record<string, string>; trafficPolicy?: object }> = [];

  public constructor(scope: Construct, id: string, props: DestinationRuleProps) {
    super(scope, id, props, { props: PROPS });
    this.host = props.host;
    const v = this.validator;
    v.check(ISTIO_HOST.test(props.host) && props.host !== '*', 'host', props.host, 'a host name such as "reviews" or "reviews.shop.svc.cluster.local"');
    checkPolicy(v, 'trafficPolicy', props.trafficPolicy);
    v.throwIfInvalid();
    (props.subsets ?? []).forEach((s) => this.addSubset(s));
    addLateValidation(this, (late) => late.check(this.subsets.length > 0 || props.trafficPolicy !== undefined, 'subsets', this.subsets,
      'subsets or a traffic policy (an empty DestinationRule does nothing)'));

    new ApiObject(this, RESOURCE_ID, {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: this.name, namespace: this.namespace },
      spec: {
        host: props.host,
        trafficPolicy: renderPolicy(props.trafficPolicy),
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
    v.knownProps(`subsets.${subset.name}`, subset, SUBSET_PROPS);
    v.format('subset.name', subset.name, DNS_LABEL, true);
    v.check(!this.subsetNames.includes(subset.name), 'subset.name', subset.name, 'a subset name not yet used in this DestinationRule');
    v.check(Object.keys(subset.labels ?? {}).length > 0, `subsets.${subset.name}.labels`, subset.labels, 'at least one pod label');
    v.map(`subsets.${subset.name}.labels`, subset.labels, LABEL_KEY, LABEL_VALUE);
    checkPolicy(v, `subsets.${subset.name}.trafficPolicy`, subset.trafficPolicy);
    v.throwIfInvalid();
    this.subsets.push({ name: subset.name, labels: { ...subset.labels }, trafficPolicy: renderPolicy(subset.trafficPolicy) });
  }
}
