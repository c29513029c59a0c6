import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { DNS_LABEL, PORT_NUMBER, SUBDOMAIN } from '../core/formats';
import { NamespacedResource, RESOURCE_ID, propNames } from '../core/resource';
import { PropsValidator, isObject } from '../core/validator';
import { StringMatch, checkDuration, checkRetryOn, checkStringMatch, isIstioHost } from './istio-common';
import { listAt, objectAt } from './mesh-validation';

/** Where a route sends traffic. */
export interface RouteDestination {
  /** Host: a Service name ("reviews") or a fully qualified name. */
  readonly host: string;
  /**
   * A subset of the host's DestinationRule, e.g. "v1".
   * @default all endpoints
   */
  readonly subset?: string;
  /**
   * Port of the host, when it has several.
   * @default the only port
   */
  readonly port?: number;
  /**
   * Share of the traffic, in percent; the weights of a route add up to 100.
   * @default 100 for a single destination
   */
  readonly weight?: number;
}

/** Conditions of a route (all must hold). */
export interface HttpMatch {
  /**
   * URI match.
   * @default any URI
   */
  readonly uri?: StringMatch;
  /**
   * Header matches, by lower-case header name.
   * @default any headers
   */
  readonly headers?: Record<string, StringMatch>;
}

/** Retry policy of a route. */
export interface HttpRetries {
  /** Number of retries. */
  readonly attempts: number;
  /**
   * Timeout of each try, e.g. "2s".
   * @default the route timeout
   */
  readonly perTryTimeout?: string;
  /**
   * Conditions that trigger a retry, comma-separated without spaces, e.g. "5xx,connect-failure": Envoy's retry
   * policies (5xx, gateway-error, reset, reset-before-request, connect-failure, envoy-ratelimited, retriable-4xx,
   * refused-stream, retriable-status-codes, retriable-headers, http3-post-connect-failure), its gRPC ones (cancelled,
   * deadline-exceeded, internal, resource-exhausted, unavailable) and HTTP status codes such as "503".
   * @default Istio's ("connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes")
   */
  readonly retryOn?: string;
}

/** One HTTP route: requests that match go to the destinations. */
export interface HttpRoute {
  /**
   * Name of the route (shown in metrics); unique within the VirtualService.
   * @default none
   */
  readonly name?: string;
  /**
   * Alternatives (any may match).
   * @default every request
   */
  readonly match?: HttpMatch[];
  /** Destinations, with weights when there are several. */
  readonly route: RouteDestination[];
  /**
   * Request timeout, e.g. "10s".
   * @default none
   */
  readonly timeout?: string;
  /**
   * Retries.
   * @default Istio's default retries
   */
  readonly retries?: HttpRetries;
}

/** Props of a {@link VirtualService}. */
export interface VirtualServiceProps {
  /**
   * Name of the VirtualService.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * Namespace.
   * @default the enclosing SecureNamespace
   */
  readonly namespace?: string;
  /** Hosts the routes apply to: Service names for mesh traffic, external names (or "*") for gateways. */
  readonly hosts: string[];
  /**
   * Gateways ("name" or "namespace/name") whose traffic the routes apply to; "mesh" means sidecars.
   * @default sidecars only (mesh)
   */
  readonly gateways?: string[];
  /** HTTP routes, first match wins. */
  readonly http: HttpRoute[];
}

const PROPS = propNames<VirtualServiceProps>()({ name: true, namespace: true, hosts: true, gateways: true, http: true });
const ROUTE_PROPS = propNames<HttpRoute>()({ name: true, match: true, route: true, timeout: true, retries: true });
const MATCH_PROPS = propNames<HttpMatch>()({ uri: true, headers: true });
const DESTINATION_PROPS = propNames<RouteDestination>()({ host: true, subset: true, port: true, weight: true });
const RETRIES_PROPS = propNames<HttpRetries>()({ attempts: true, perTryTimeout: true, retryOn: true });

/**
 * Whether two hosts of a VirtualService overlap, as Istio compares them: equal, or one a wildcard ("*", "*.shop.com")
 * that covers the other.
 */
function hostsOverlap(a: string, b: string): boolean {
  const covers = (wild: string, other: string) => wild === '*' || (wild.startsWith('*.') && (other.endsWith(wild.slice(1)) || (other.startsWith('*.') && wild.endsWith(other.slice(1)))));
  return a === b || covers(a, b) || covers(b, a);
}

/** Whether `g` names a Gateway as Istio's validation accepts it: "mesh", "name" or "namespace/name" (DNS-1123 labels). */
function gatewayRef(g: unknown): boolean {
  if (typeof g !== 'string') {
    return false;
  }
  const parts = g.split('/');
  return g === 'mesh' || (parts.length === 1 && SUBDOMAIN.test(g)) || (parts.length === 2 && DNS_LABEL.test(parts[0]) && DNS_LABEL.test(parts[1]));
}

/**
 * An Istio `networking.istio.io/v1` VirtualService: HTTP routing by URI and headers to weighted destinations
 * (subsets of DestinationRules), with timeouts and retries. Weights must add up to 100 and route names be unique.
 *
 * Refuses what Istio's validation refuses (overlapping hosts, "*" for sidecars, timeouts that are not Go durations of
 * at least 1ms, unknown `retryOn` conditions, retry settings with 0 attempts, empty prefixes, regexes RE2 rejects)
 * and routes that can never match because a route without conditions comes before them.
 */
export class VirtualService extends NamespacedResource {
  public constructor(scope: Construct, id: string, props: VirtualServiceProps) {
    super(scope, id, props, { props: PROPS });
    const v = this.validator;
    if (!isObject(props)) {
      v.throwIfInvalid();
    }
    const p: Partial<VirtualServiceProps> = isObject(props) ? props : {};
    const gateways = listAt(v, 'gateways', p.gateways, 'gateways (leave it out for sidecar traffic only)', { min: 1 });
    gateways.forEach((g, i) => v.check(gatewayRef(g), `gateways[${i}]`, g, '"mesh" or a Gateway as "name" or "namespace/name"'));
    const forSidecars = gateways.length === 0 || gateways.includes('mesh');
    const hosts = listAt(v, 'hosts', p.hosts, 'hosts', { required: true, min: 1 });
    hosts.forEach((h, i) => {
      if (v.check(isIstioHost(h), `hosts[${i}]`, h, 'a host such as "reviews", "shop.example.com" or "*"')) {
        // Istio: "wildcard host * is not allowed for virtual services bound to the mesh gateway".
        v.check(h !== '*' || !forSidecars, `hosts[${i}]`, h, 'a host other than "*" for sidecar (mesh) traffic: name the Service, or bind the routes to a Gateway');
        const earlier = hosts.slice(0, i).findIndex((x) => isIstioHost(x) && hostsOverlap(x, h as string));
        v.check(earlier < 0, `hosts[${i}]`, h, `a host that does not overlap hosts[${earlier}] ("${hosts[earlier]}"), as Istio refuses duplicate hosts`);
      }
    });
    const routes = listAt(v, 'http', p.http, 'routes', { required: true, min: 1 }).map((r, i) => checkRoute(v, `http[${i}]`, r));
    routes.forEach((r, i) => {
      if (r?.name !== undefined) {
        v.check(routes.findIndex((x) => x?.name === r.name) === i, `http[${i}].name`, r.name, 'a route name that no earlier route of this VirtualService uses');
      }
      const catchAll = routes.slice(0, i).findIndex((x) => x !== undefined && (x.match ?? []).length === 0);
      v.check(catchAll < 0, `http[${i}]`, r?.name ?? `route ${i}`,
        `a route before http[${catchAll}], which has no match and so takes every request (first match wins; this route would never be used)`);
    });
    v.throwIfInvalid();

    new ApiObject(this, RESOURCE_ID, {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: this.name, namespace: this.namespace },
      spec: {
        hosts: [...hosts],
        gateways: p.gateways ? [...gateways] : undefined,
        http: (routes as HttpRoute[]).map((r) => ({
          name: r.name,
          match: r.match?.map((m) => ({ uri: m.uri, headers: m.headers ? { ...m.headers } : undefined })),
          route: r.route.map((d) => ({
            destination: { host: d.host, subset: d.subset, port: d.port === undefined ? undefined : { number: d.port } },
            weight: r.route.length > 1 || d.weight !== undefined ? d.weight : undefined,
          })),
          timeout: r.timeout,
          retries: r.retries ? { attempts: r.retries.attempts, perTryTimeout: r.retries.perTryTimeout, retryOn: r.retries.retryOn } : undefined,
        })),
      },
    });
  }
}

/** Checks one HTTP route; returns it when it is well-formed. */
function checkRoute(v: PropsValidator, f: string, route: unknown): HttpRoute | undefined {
  const r = objectAt(v, f, route, 'a route: { route, match?, name?, timeout?, retries? }', { required: true, known: ROUTE_PROPS });
  if (!r) {
    return undefined;
  }
  const before = v.issues.length;
  v.format(`${f}.name`, r.name, DNS_LABEL);
  listAt(v, `${f}.match`, r.match, 'match conditions').forEach((match, j) => {
    const m = objectAt(v, `${f}.match[${j}]`, match, 'a match: { uri?, headers? }', { required: true, known: MATCH_PROPS });
    checkStringMatch(v, `${f}.match[${j}].uri`, m?.uri);
    const headers = objectAt(v, `${f}.match[${j}].headers`, m?.headers, 'a map of lower-case header names to string matches');
    Object.keys(headers ?? {}).forEach((h) => {
      v.check(/^[a-z0-9-]{1,256}$/.test(h), `${f}.match[${j}].headers key`, h, 'a lower-case header name');
      checkStringMatch(v, `${f}.match[${j}].headers.${h}`, headers?.[h]);
    });
  });
  const destinations = listAt(v, `${f}.route`, r.route, 'destinations', { required: true, min: 1 });
  destinations.forEach((dest, j) => {
    const d = objectAt(v, `${f}.route[${j}]`, dest, 'a destination: { host, subset?, port?, weight? }', { required: true, known: DESTINATION_PROPS });
    if (d) {
      // Istio: "invalid destination host *".
      v.check(isIstioHost(d.host) && d.host !== '*', `${f}.route[${j}].host`, d.host, 'a Service or host name');
      v.format(`${f}.route[${j}].subset`, d.subset, DNS_LABEL);
      v.format(`${f}.route[${j}].port`, d.port, PORT_NUMBER);
      v.integer(`${f}.route[${j}].weight`, d.weight, 0, 100);
    }
  });
  if (v.issues.length === before && (destinations.length > 1 || destinations.some((d: any) => d.weight !== undefined))) {
    const total = destinations.reduce((sum: number, d: any) => sum + (d.weight ?? 0), 0);
    v.check(total === 100, `${f}.route`, destinations.map((d: any) => `${d.subset ?? d.host}=${d.weight ?? 0}`).join(', '),
      `weights that add up to 100 (they add up to ${total})`);
  }
  checkDuration(v, `${f}.timeout`, r.timeout);
  const retries = objectAt(v, `${f}.retries`, r.retries, 'retries: { attempts, perTryTimeout?, retryOn? }', { known: RETRIES_PROPS });
  if (retries) {
    v.check(Number.isInteger(retries.attempts) && retries.attempts >= 0 && retries.attempts <= 100, `${f}.retries.attempts`, retries.attempts,
      'an integer from 0 to 100');
    checkDuration(v, `${f}.retries.perTryTimeout`, retries.perTryTimeout);
    checkRetryOn(v, `${f}.retries.retryOn`, retries.retryOn);
    // Istio: "http retry policy configured when attempts are set to 0 (disabled)".
    v.check(retries.attempts !== 0 || (retries.perTryTimeout === undefined && retries.retryOn === undefined), `${f}.retries.attempts`, retries.attempts,
      'at least 1 attempt when perTryTimeout or retryOn is set (0 disables retries; then leave the others out)');
  }
  return v.issues.length === before ? r as HttpRoute : undefined;
}
