import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { PLAIN_HTTP_ANNOTATION_PREFIX } from '../core/annotations';
import { ANNOTATION_KEY, DNS_LABEL, INGRESS_HOST, OBJECT_NAME, PORT_NUMBER, SUBDOMAIN } from '../core/formats';
import { boundedName } from '../core/names';
import { NamespacedResource, NamespacedResourceProps, RESOURCE_ID, propNames, resourceMetadata } from '../core/resource';
import { AcceptedRisk } from '../core/risk';
import { PropsValidator, addLateValidation, isObject, reportUnder } from '../core/validator';
import { GatewayController, GatewayDataPlane, GatewayIdentity } from './gateway-controller';
import { GatewayHttpRoute } from './http-route';
import { ListenerTls } from './listener-tls';
import { ReferenceGrant } from './reference-grant';

/** The API group of the Gateway API. */
export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

/** The namespace label every namespace carries (Kubernetes >= 1.22), used to admit routes from namespaces by name. */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** What a listener accepts: HTTP, HTTPS (TLS terminated at the gateway) or TLS (routed by SNI, for TLSRoutes). */
export type ListenerProtocol = 'HTTP' | 'HTTPS' | 'TLS';

/** A Gateway that routes can attach to: a {@link Gateway} of this app, or one defined elsewhere ({@link Gateway.existing}). */
export interface IGateway extends GatewayIdentity {
  /** The implementation that serves it (gives its data-plane pods). */
  readonly controller: GatewayController;
}

/** Which namespaces may attach routes to a listener. */
export type AllowedRoutes = 'Same' | 'All' | string[];

/** One listener of a {@link Gateway}: a port, a protocol and optionally a hostname. */
export interface GatewayListener {
  /** Name of the listener, which routes give as the `sectionName` of their parent, e.g. "https". */
  readonly name: string;
  /** Protocol: "HTTPS" (TLS terminated here), "HTTP", or "TLS" (SNI routing, for TLSRoutes). */
  readonly protocol: ListenerProtocol;
  /**
   * Port the listener accepts connections on.
   * @default 80 for HTTP, 443 for HTTPS and TLS
   */
  readonly port?: number;
  /**
   * Host name served, e.g. "shop.example.com"; a leading "*." matches every subdomain (at any depth).
   * @default every host name
   */
  readonly hostname?: string;
  /**
   * Certificate of an HTTPS or TLS listener (required there; not allowed on HTTP).
   * @default none
   */
  readonly tls?: ListenerTls;
  /**
   * Namespaces whose routes may attach: "Same" (the Gateway's), "All", or a list of namespace names (the Gateway's
   * own is always included).
   * @default the Gateway's namespace and those of the routes of this app that attach to the listener
   */
  readonly allowedRoutes?: AllowedRoutes;
  /**
   * HTTP listeners: adds a route that redirects every request to HTTPS (301), the secure way to keep port 80 open.
   * @default false
   */
  readonly redirectToHttps?: boolean;
  /**
   * HTTP listeners: serves plain HTTP without a redirect to HTTPS, with the reason (recorded on the Gateway as
   * `plain-http.keelson.dev/<listener>`).
   * @default an HTTP listener must redirect to HTTPS
   */
  readonly plainHttp?: AcceptedRisk;
}

/** Props of a {@link Gateway}. */
export interface GatewayProps extends NamespacedResourceProps {
  /** The Gateway API implementation that serves it (gives the GatewayClass and the data-plane pods). */
  readonly controller: GatewayController;
  /** The listeners, at least one (at most 64). */
  readonly listeners: GatewayListener[];
  /**
   * Extra annotations of the Gateway.
   * @default none
   */
  readonly annotations?: Record<string, string>;
}

const PROPS = propNames<GatewayProps>()({ name: true, namespace: true, labels: true, controller: true, listeners: true, annotations: true });
const LISTENER_PROPS = propNames<GatewayListener>()({
  name: true, protocol: true, port: true, hostname: true, tls: true, allowedRoutes: true, redirectToHttps: true, plainHttp: true,
});
const PROTOCOLS: readonly string[] = ['HTTP', 'HTTPS', 'TLS'];
const EXISTING_PROPS = ['namespace', 'controller'];

/** A listener as the Gateway keeps it, after validation and defaults. @internal */
export interface ResolvedListener {
  /** Index in the `listeners` prop, for error messages. */
  readonly index: number;
  readonly name: string;
  readonly protocol: ListenerProtocol;
  readonly port: number;
  readonly hostname?: string;
  readonly tls?: ListenerTls;
  readonly allowedRoutes?: AllowedRoutes;
  readonly redirectToHttps: boolean;
  readonly plainHttp?: string;
}

/** A route attached to a listener of the Gateway. @internal */
export interface RouteAttachment {
  readonly path: string;
  readonly namespace: string;
  readonly listener: string;
  readonly redirectsToHttps: boolean;
}

/**
 * A Gateway API `gateway.networking.k8s.io/v1` Gateway: listeners (port, protocol, hostname) with TLS from a Secret or
 * cert-manager, served by a {@link GatewayController}'s proxies. Refused at construction: duplicate listener names or
 * port/protocol/hostname combinations, HTTP and HTTPS on one port, HTTPS without a certificate, invalid hostnames,
 * and an HTTP listener that neither redirects to HTTPS nor gives a reason to serve plain HTTP.
 *
 * The proxies' own flows (clients, the implementation's control plane) are the implementation's to open: Istio and
 * NGINX Gateway Fabric run a Gateway's proxies in the Gateway's namespace, so give that namespace
 * `unrestrictedNetwork: { reason }` or policies of its own; Envoy Gateway runs them in "envoy-gateway-system".
 */
export class Gateway extends NamespacedResource implements IGateway {
  /**
   * A Gateway defined elsewhere (by the platform team, another app), for routes and NetworkPolicies to name. Nothing
   * is emitted for it.
   */
  public static existing(name: string, options: { readonly namespace: string; readonly controller: GatewayController }): IGateway {
    const v = new PropsValidator('Gateway.existing');
    v.format('name', name, OBJECT_NAME, true);
    if (v.check(options !== null && typeof options === 'object', 'options', options, '{ namespace, controller }') && v.knownProps('options', options, EXISTING_PROPS)) {
      v.format('options.namespace', options.namespace, DNS_LABEL, true);
      v.check(options.controller instanceof GatewayController, 'options.controller', options.controller,
        'a GatewayController, e.g. GatewayController.ISTIO or GatewayController.of({...})');
    }
    v.throwIfInvalid();
    return Object.freeze({ name, namespace: options.namespace, controller: options.controller });
  }

  /** The implementation that serves the Gateway. */
  public readonly controller: GatewayController;
  /** The route that redirects the HTTP listeners with `redirectToHttps` to HTTPS, if any. */
  public readonly httpsRedirect?: GatewayHttpRoute;
  private readonly state: readonly ResolvedListener[];
  private readonly attachments: RouteAttachment[] = [];

  public constructor(scope: Construct, id: string, props: GatewayProps) {
    super(scope, id, props, { props: PROPS });
    this.controller = props?.controller;
    const v = this.validator;
    v.check(props?.controller instanceof GatewayController, 'controller', props?.controller,
      'a GatewayController, e.g. GatewayController.ENVOY_GATEWAY, GatewayController.ISTIO or GatewayController.of({...})');
    v.check(props?.annotations === undefined || (props.annotations !== null && typeof props.annotations === 'object'), 'annotations', props?.annotations, 'an object of annotations');
    v.map('annotations', props?.annotations ?? undefined, ANNOTATION_KEY);
    this.state = validateListeners(v, props?.listeners);
    v.throwIfInvalid();

    const issuer = this.state.map((l) => l.tls?._issuer()).find((i) => i !== undefined);
    const annotations: Record<string, string> = {
      ...props.annotations,
      ...(issuer ? { [issuer.key]: issuer.name } : {}),
      ...Object.fromEntries(this.state.filter((l) => l.plainHttp).map((l) => [`${PLAIN_HTTP_ANNOTATION_PREFIX}${l.name}`, l.plainHttp!])),
    };

    new ApiObject(this, RESOURCE_ID, {
      apiVersion: `${GATEWAY_API_GROUP}/v1`,
      kind: 'Gateway',
      metadata: resourceMetadata(this, props.labels, annotations),
      spec: {
        gatewayClassName: this.controller.className,
        // Produced at synth time: allowedRoutes admits the namespaces of the routes attached after this point.
        listeners: Lazy.any({ produce: () => this.state.map((l) => this.renderListener(l)) }),
      },
    });

    this.addSecretGrants(props.labels);

    const redirecting = this.state.filter((l) => l.redirectToHttps);
    if (redirecting.length > 0) {
      const https = this.state.filter((l) => l.protocol === 'HTTPS');
      const port = https.some((l) => l.port === 443) ? undefined : https[0].port;
      // Built from the listeners with redirectToHttps: its problems are theirs.
      const first = `listeners[${redirecting[0].index}]`;
      this.httpsRedirect = reportUnder(this, 'https-redirect', (f) => (f.startsWith('labels') ? f : `${first}.redirectToHttps (${f})`), () => new GatewayHttpRoute(this, 'https-redirect', {
        name: boundedName(`${this.name}-https-redirect`),
        namespace: this.namespace,
        labels: props.labels,
        parents: redirecting.map((l) => ({ gateway: this, listener: l.name })),
        rules: [{ redirect: { scheme: 'https', statusCode: 301, port } }],
      }));
    }

    addLateValidation(this, (late) => this.state.forEach((l) => {
      if (l.protocol !== 'HTTP' || l.plainHttp !== undefined) {
        return;
      }
      late.check(this.attachments.some((a) => a.listener === l.name && a.redirectsToHttps), `listeners[${l.index}]`, l.name,
        'an HTTP listener that redirects to HTTPS (redirectToHttps: true, or a route on it that redirects to scheme "https"), '
        + 'or plainHttp: { reason } to serve plain HTTP');
    }));
  }

  /** Names of the listeners. */
  public get listenerNames(): string[] {
    return this.state.map((l) => l.name);
  }

  /** Where the proxies that serve this Gateway run, and their labels (for NetworkPolicies). */
  public get dataPlane(): GatewayDataPlane {
    return this.controller.dataPlane(this);
  }

  /** The listeners as validated (name, protocol, port, hostname, ...). @internal */
  public get _listeners(): readonly ResolvedListener[] {
    return this.state;
  }

  /** Records a route attached to a listener. @internal */
  public _attach(attachment: RouteAttachment): void {
    this.attachments.push(attachment);
  }

  /** Whether a route in `namespace` may attach to the listener (by its explicit allowedRoutes). @internal */
  public _admits(listener: ResolvedListener, namespace: string): boolean {
    const allowed = listener.allowedRoutes;
    if (allowed === undefined || allowed === 'All' || namespace === this.namespace) {
      return true;
    }
    return Array.isArray(allowed) && allowed.includes(namespace);
  }

  private renderListener(l: ResolvedListener): Record<string, unknown> {
    const secret = l.tls?._secret(this.name, l.name, this.namespace);
    const tls = l.tls === undefined ? undefined : secret === undefined ? { mode: 'Passthrough' } : {
      mode: 'Terminate',
      certificateRefs: [{ kind: 'Secret', name: secret.name, ...(secret.namespace !== this.namespace ? { namespace: secret.namespace } : {}) }],
    };
    return {
      name: l.name,
      hostname: l.hostname,
      port: l.port,
      protocol: l.protocol,
      tls,
      allowedRoutes: { namespaces: this.renderAllowed(l) },
    };
  }

  private renderAllowed(l: ResolvedListener): Record<string, unknown> {
    if (l.allowedRoutes === 'All' || l.allowedRoutes === 'Same') {
      return { from: l.allowedRoutes };
    }
    const names = new Set(l.allowedRoutes ?? this.attachments.filter((a) => a.listener === l.name).map((a) => a.namespace));
    names.delete(this.namespace);
    if (names.size === 0) {
      return { from: 'Same' };
    }
    return {
      from: 'Selector',
      selector: { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: 'In', values: [this.namespace, ...[...names].sort()] }] },
    };
  }

  /** ReferenceGrants that let the Gateway read certificate Secrets in other namespaces. */
  private addSecretGrants(labels: Record<string, string> | undefined): void {
    const byNamespace = new Map<string, Set<string>>();
    for (const l of this.state) {
      const secret = l.tls?._secret(this.name, l.name, this.namespace);
      if (secret && secret.namespace !== this.namespace) {
        byNamespace.set(secret.namespace, (byNamespace.get(secret.namespace) ?? new Set()).add(secret.name));
      }
    }
    for (const [namespace, names] of [...byNamespace].sort(([a], [b]) => a.localeCompare(b))) {
      // Built from the certificates of the listeners: a problem is that of the first listener whose Secret is there.
      const l = this.state.find((x) => x.tls?._secret(this.name, x.name, this.namespace)?.namespace === namespace)!;
      const field = (f: string) => (f.startsWith('labels') ? f : f.startsWith('to') ? `listeners[${l.index}].tls.secretName` : `listeners[${l.index}].tls.namespace`);
      reportUnder(this, `grant-${namespace}`, field, () => new ReferenceGrant(this, `grant-${namespace}`, {
        name: boundedName(`gateway-${this.namespace}-${this.name}`),
        namespace,
        labels,
        from: [{ kind: 'Gateway', namespace: this.namespace }],
        to: [...names].sort().map((name) => ({ kind: 'Secret', name })),
      }));
    }
  }
}

/** Validates the listeners; returns them with defaults applied (empty when they are unusable). */
function validateListeners(v: PropsValidator, listeners: unknown): ResolvedListener[] {
  if (!v.check(Array.isArray(listeners) && listeners.length > 0, 'listeners', listeners,
    'at least one listener, e.g. { name: "https", protocol: "HTTPS", hostname: "shop.example.com", tls: ListenerTls.fromCertManager({ clusterIssuer: "letsencrypt" }) }')) {
    return [];
  }
  const list = listeners as GatewayListener[];
  v.check(list.length <= 64, 'listeners', `${list.length} listeners`, 'at most 64 listeners (the Gateway schema\'s limit)');
  const state: ResolvedListener[] = [];
  list.forEach((l, i) => {
    const f = `listeners[${i}]`;
    if (!v.check(isObject(l), f, l, 'a listener: { name, protocol, port?, hostname?, tls? }') || !v.knownProps(f, l, LISTENER_PROPS)) {
      return;
    }
    v.format(`${f}.name`, l.name, SUBDOMAIN, true);
    const protocolOk = v.check(PROTOCOLS.includes(l.protocol), `${f}.protocol`, l.protocol, '"HTTP", "HTTPS" or "TLS"');
    v.format(`${f}.port`, l.port, PORT_NUMBER);
    if (v.format(`${f}.hostname`, l.hostname, INGRESS_HOST)) {
      v.check(typeof l.hostname !== 'string' || l.hostname.length <= 253, `${f}.hostname`, l.hostname, 'a host name of at most 253 characters');
    }
    const secure = l.protocol === 'HTTPS' || l.protocol === 'TLS';
    if (protocolOk && secure) {
      if (v.check(l.tls instanceof ListenerTls, `${f}.tls`, l.tls,
        `a certificate for the ${l.protocol} listener: ListenerTls.fromSecret("name"), ListenerTls.fromCertificate(cert) or ListenerTls.fromCertManager({ clusterIssuer })`
        + (l.protocol === 'TLS' ? ', or ListenerTls.passthrough()' : ''))) {
        l.tls!._validate(v, `${f}.tls`, l);
        if (l.tls!._certManager) {
          v.check(l.hostname !== undefined, `${f}.hostname`, l.hostname,
            'a hostname: cert-manager issues a listener\'s certificate for its hostname (or use ListenerTls.fromSecret)');
        }
      }
    } else if (protocolOk) {
      v.check(l.tls === undefined, `${f}.tls`, 'ListenerTls', 'no tls on an HTTP listener (use protocol "HTTPS" to terminate TLS)');
    }
    validateAllowedRoutes(v, `${f}.allowedRoutes`, l.allowedRoutes);
    v.check(l.redirectToHttps === undefined || typeof l.redirectToHttps === 'boolean', `${f}.redirectToHttps`, l.redirectToHttps, 'true or false');
    if (v.risk(`${f}.plainHttp`, l.plainHttp, 'this listener serves plain HTTP instead of redirecting to HTTPS') && l.plainHttp !== undefined) {
      v.check(l.protocol === 'HTTP', `${f}.plainHttp`, l.plainHttp, 'no plainHttp on an HTTPS or TLS listener (it serves TLS already)');
      v.check(l.redirectToHttps !== true, `${f}.plainHttp`, l.plainHttp, 'either redirectToHttps or plainHttp, not both');
      v.check(typeof l.name !== 'string' || l.name.length <= 63, `${f}.name`, l.name,
        'a listener name of at most 63 characters (it names the annotation that records the plainHttp reason)');
    }
    if (l.redirectToHttps === true) {
      v.check(l.protocol === 'HTTP', `${f}.redirectToHttps`, true, 'redirectToHttps only on an HTTP listener');
      v.check(list.some((o) => o?.protocol === 'HTTPS'), `${f}.redirectToHttps`, true, 'an HTTPS listener on this Gateway to redirect to');
    }
    state.push({
      index: i,
      name: l.name,
      protocol: l.protocol,
      port: l.port ?? (l.protocol === 'HTTP' ? 80 : 443),
      hostname: l.hostname,
      tls: l.tls instanceof ListenerTls ? l.tls : undefined,
      allowedRoutes: Array.isArray(l.allowedRoutes) ? [...l.allowedRoutes] : l.allowedRoutes,
      redirectToHttps: l.redirectToHttps === true,
      plainHttp: l.plainHttp?.reason,
    });
  });
  state.forEach((l, k) => {
    const i = l.index;
    const named = state.findIndex((o) => o.name === l.name);
    v.check(named === k, `listeners[${i}].name`, l.name, 'a listener name that is not already used in listeners');
    const clash = state.findIndex((o) => o.port === l.port && o.protocol === l.protocol && (o.hostname ?? '') === (l.hostname ?? ''));
    v.check(clash === k, `listeners[${i}]`, `${l.protocol} ${l.port} ${l.hostname ?? '(any host)'}`,
      `a port, protocol and hostname combination that no other listener has (listener "${state[clash]?.name}" has it)`);
    const conflict = state.find((o) => o.port === l.port && (o.protocol === 'HTTP') !== (l.protocol === 'HTTP'));
    v.check(conflict === undefined, `listeners[${i}].port`, l.port,
      `a port that no ${l.protocol === 'HTTP' ? 'HTTPS or TLS' : 'HTTP'} listener uses (listener "${conflict?.name}" does; controllers refuse the conflict)`);
  });
  const issuers = state.map((l) => ({ l, issuer: l.tls?._issuer() })).filter((x) => x.issuer !== undefined);
  issuers.slice(1).forEach(({ l, issuer }) => {
    const first = issuers[0].issuer!;
    v.check(issuer!.key === first.key && issuer!.name === first.name, `listeners[${l.index}].tls`, issuer!.name,
      `the issuer of listener "${issuers[0].l.name}" (${first.key.endsWith('cluster-issuer') ? 'ClusterIssuer' : 'Issuer'} "${first.name}"): cert-manager reads one issuer annotation per Gateway`);
  });
  return state;
}

function validateAllowedRoutes(v: PropsValidator, field: string, allowed: unknown): void {
  if (allowed === undefined || allowed === 'Same' || allowed === 'All') {
    return;
  }
  if (!v.check(Array.isArray(allowed) && allowed.length > 0, field, allowed, '"Same", "All", or a non-empty list of namespace names such as ["shop"]')) {
    return;
  }
  const names = allowed as unknown[];
  names.forEach((n, i) => v.format(`${field}[${i}]`, n as string, DNS_LABEL, true));
  v.unique(field, names, (n) => String(n), 'a namespace name');
}
