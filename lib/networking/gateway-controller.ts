import { createHash } from 'node:crypto';
import { DNS_LABEL, Format, LABEL_KEY, LABEL_VALUE, OBJECT_NAME } from '../core/formats';
import { PropsValidator } from '../core/validator';

/** The name and namespace of a Gateway, which is all a controller needs to find the pods serving it. */
export interface GatewayIdentity {
  /** Name of the Gateway. */
  readonly name: string;
  /** Namespace of the Gateway. */
  readonly namespace: string;
}

/** Where the data-plane pods (the proxies) of one Gateway run, and the labels that select exactly them. */
export interface GatewayDataPlane {
  /** Namespace of the data-plane pods. */
  readonly namespace: string;
  /** Labels that select the data-plane pods of that Gateway. */
  readonly podLabels: Readonly<Record<string, string>>;
}

/** Props of {@link GatewayController.of}. */
export interface GatewayControllerProps {
  /** Name of the GatewayClass that Gateways name in `gatewayClassName`, e.g. "eg". */
  readonly className: string;
  /** The `controllerName` of that GatewayClass, "<domain>/<path>", e.g. "example.com/gateway-controller". */
  readonly controllerName: string;
  /**
   * Namespace the data-plane pods run in, for implementations that run every Gateway's proxies in their own
   * namespace.
   * @default the namespace of each Gateway (per-Gateway proxies, as Istio and NGINX Gateway Fabric deploy them)
   */
  readonly dataPlaneNamespace?: string;
  /**
   * Labels that every data-plane pod of the implementation carries.
   * @default none (then `gatewayNameLabel` is required)
   */
  readonly podLabels?: Record<string, string>;
  /**
   * Label key whose value on the data-plane pods is the name of the Gateway they serve, e.g.
   * "gateway.networking.k8s.io/gateway-name"; selects the pods of one Gateway among several.
   * @default none
   */
  readonly gatewayNameLabel?: string;
  /**
   * Label key whose value on the data-plane pods is the namespace of the Gateway they serve (for implementations
   * that run the proxies of Gateways from many namespaces in one namespace).
   * @default none
   */
  readonly gatewayNamespaceLabel?: string;
}

/** A GatewayClass controllerName: a domain, "/", and a path. */
export const GATEWAY_CONTROLLER_NAME: Format = {
  test: (v) => typeof v === 'string' && v.length <= 253
    && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/.test(v),
  description: 'a controller name "<domain>/<path>", e.g. "example.com/gateway-controller"',
};

const CONTROLLER_PROPS = ['className', 'controllerName', 'dataPlaneNamespace', 'podLabels', 'gatewayNameLabel', 'gatewayNamespaceLabel'];

/**
 * The name NGINX Gateway Fabric gives the Deployment (and the `app.kubernetes.io/name` label of the pods) of a
 * Gateway: "<gateway>-<class>", shortened with 8 hex digits of its SHA-256 when longer than 63 characters.
 */
function nginxResourceName(gateway: string, className: string): string {
  const full = `${gateway}-${className}`;
  if (full.length <= 63) {
    return full;
  }
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
  const room = 63 - 2 - 8 - className.length;
  return `${room < 1 ? '' : gateway.slice(0, room)}-${hash}-${className}`;
}

/**
 * A Gateway API implementation: the GatewayClass that Gateways name, and where the data-plane pods of a Gateway
 * run, so that NetworkPolicies can let exactly them reach your workloads. Use a preset or describe your own with
 * {@link GatewayController.of}.
 */
export class GatewayController {
  /**
   * Envoy Gateway as its Helm chart installs it (namespace "envoy-gateway-system"), with the GatewayClass "eg" of
   * its quickstart (create it with `GatewayClass`). In the default deployment mode the Envoy proxies of every
   * Gateway run in "envoy-gateway-system", labelled with the name and namespace of the Gateway they serve.
   */
  public static readonly ENVOY_GATEWAY = new GatewayController({
    className: 'eg',
    controllerName: 'gateway.envoyproxy.io/gatewayclass-controller',
    dataPlaneNamespace: 'envoy-gateway-system',
    podLabels: { 'app.kubernetes.io/name': 'envoy', 'app.kubernetes.io/component': 'proxy', 'app.kubernetes.io/managed-by': 'envoy-gateway' },
    gatewayNameLabel: 'gateway.envoyproxy.io/owning-gateway-name',
    gatewayNamespaceLabel: 'gateway.envoyproxy.io/owning-gateway-namespace',
  });

  /**
   * Istio's Gateway API support (GatewayClass "istio", which Istio creates): a proxy Deployment per Gateway, in the
   * Gateway's namespace, its pods labelled with the Gateway's name.
   */
  public static readonly ISTIO = new GatewayController({
    className: 'istio',
    controllerName: 'istio.io/gateway-controller',
    podLabels: { 'gateway.istio.io/managed': 'istio.io-gateway-controller' },
    gatewayNameLabel: 'gateway.networking.k8s.io/gateway-name',
  });

  /**
   * NGINX Gateway Fabric 2.x (GatewayClass "nginx", which its Helm chart creates): an NGINX Deployment per Gateway,
   * in the Gateway's namespace, its pods labelled `app.kubernetes.io/name: <gateway>-nginx`.
   */
  public static readonly NGINX_GATEWAY_FABRIC = new GatewayController({
    className: 'nginx',
    controllerName: 'gateway.nginx.org/nginx-gateway-controller',
  }, (gateway, className) => ({ 'app.kubernetes.io/name': nginxResourceName(gateway.name, className) }));

  /** Describes another implementation. */
  public static of(props: GatewayControllerProps): GatewayController {
    const v = new PropsValidator('GatewayController');
    if (v.knownProps('', props, CONTROLLER_PROPS) && v.check(props !== undefined, 'props', props, '{ className, controllerName, ... }')) {
      v.format('className', props.className, OBJECT_NAME, true);
      v.format('controllerName', props.controllerName, GATEWAY_CONTROLLER_NAME, true);
      v.format('dataPlaneNamespace', props.dataPlaneNamespace, DNS_LABEL);
      v.check(props.podLabels === undefined || (props.podLabels !== null && typeof props.podLabels === 'object'), 'podLabels', props.podLabels,
        'an object of pod labels');
      v.map('podLabels', props.podLabels ?? undefined, LABEL_KEY, LABEL_VALUE);
      v.format('gatewayNameLabel', props.gatewayNameLabel, LABEL_KEY);
      v.format('gatewayNamespaceLabel', props.gatewayNamespaceLabel, LABEL_KEY);
      v.check(props.gatewayNameLabel !== undefined || Object.keys(props.podLabels ?? {}).length > 0, 'podLabels', props.podLabels,
        'at least one label of the data-plane pods, or a gatewayNameLabel (a NetworkPolicy must not admit every pod of the namespace)');
    }
    v.throwIfInvalid();
    return new GatewayController(props);
  }

  /** The GatewayClass name. */
  public readonly className: string;
  /** The GatewayClass controllerName. */
  public readonly controllerName: string;
  /** Namespace of the data-plane pods, when the implementation keeps them in one namespace. */
  public readonly dataPlaneNamespace?: string;
  private readonly podLabels: Readonly<Record<string, string>>;
  private readonly gatewayNameLabel?: string;
  private readonly gatewayNamespaceLabel?: string;

  private constructor(
    props: GatewayControllerProps,
    private readonly derivedLabels?: (gateway: GatewayIdentity, className: string) => Record<string, string>,
  ) {
    this.className = props.className;
    this.controllerName = props.controllerName;
    this.dataPlaneNamespace = props.dataPlaneNamespace;
    this.podLabels = { ...props.podLabels };
    this.gatewayNameLabel = props.gatewayNameLabel;
    this.gatewayNamespaceLabel = props.gatewayNamespaceLabel;
  }

  /**
   * The same implementation under another GatewayClass name (a second class with its own parameters, or a class
   * you named yourself).
   */
  public withClassName(className: string): GatewayController {
    const v = new PropsValidator('GatewayController');
    v.format('withClassName(className)', className, OBJECT_NAME, true);
    v.throwIfInvalid();
    return new GatewayController({
      className,
      controllerName: this.controllerName,
      dataPlaneNamespace: this.dataPlaneNamespace,
      podLabels: { ...this.podLabels },
      gatewayNameLabel: this.gatewayNameLabel,
      gatewayNamespaceLabel: this.gatewayNamespaceLabel,
    }, this.derivedLabels);
  }

  /** Where the data-plane pods of `gateway` run, and the labels that select them. */
  public dataPlane(gateway: GatewayIdentity): GatewayDataPlane {
    const v = new PropsValidator('GatewayController');
    v.check(gateway !== null && typeof gateway === 'object' && OBJECT_NAME.test(gateway.name) && DNS_LABEL.test(gateway.namespace), 'dataPlane(gateway)', gateway,
      'a Gateway (or its name, an object name, and namespace, a DNS-1123 label)');
    v.throwIfInvalid();
    const labels: Record<string, string> = { ...this.podLabels, ...this.derivedLabels?.(gateway, this.className) };
    if (this.gatewayNameLabel) {
      labels[this.gatewayNameLabel] = gateway.name;
    }
    if (this.gatewayNamespaceLabel) {
      labels[this.gatewayNamespaceLabel] = gateway.namespace;
    }
    return { namespace: this.dataPlaneNamespace ?? gateway.namespace, podLabels: labels };
  }
}

/**
 * Gateway API host name matching: true when a listener hostname (absent: every host) and a route hostname can both
 * match one host. A leading "*." matches any number of labels ("*.example.com" covers "a.b.example.com").
 */
export function hostnamesIntersect(listener: string | undefined, route: string): boolean {
  if (listener === undefined || listener === '') {
    return true;
  }
  if (typeof listener !== 'string' || typeof route !== 'string') {
    return false;
  }
  const covers = (wildcard: string, host: string) => host.endsWith(wildcard.slice(1)) && host.length > wildcard.length - 1;
  const lw = listener.startsWith('*.');
  const rw = route.startsWith('*.');
  if (!lw && !rw) {
    return listener === route;
  }
  if (lw && !rw) {
    return covers(listener, route);
  }
  if (!lw && rw) {
    return covers(route, listener);
  }
  return listener === route || covers(listener, route.slice(2)) || covers(route, listener.slice(2));
}
