import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { DNS_LABEL, PORT_NUMBER } from '../core/formats';
import { NamespacedResource, RESOURCE_ID, propNames } from '../core/resource';
import { ISTIO_HOST, StringMatch, checkDuration, checkStringMatch } from './istio-common';

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
   * Conditions that trigger a retry, e.g. "5xx,connect-failure".
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
 * An Istio `networking.istio.io/v1` VirtualService: HTTP routing by URI and headers to weighted destinations
 * (subsets of DestinationRules), with timeouts and retries. Weights must add up to 100 and route names be unique.
 */
export class VirtualService extends NamespacedResource {
  public constructor(scope: Construct, id: string, props: VirtualServiceProps) {
    super(scope, id, props, { props: PROPS });
    const v = this.validator;
    v.check(props.hosts.length > 0, 'hosts', props.hosts, 'at least one host');
    props.hosts.forEach((h, i) => v.check(ISTIO_HOST.test(h), `hosts[${i}]`, h, 'a host such as "reviews", "shop.example.com" or "*"'));
    (props.gateways ?? []).forEach((g, i) => v.check(g === 'mesh' || /^([a-z0-9-]+\/)?[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(g), `gateways[${i}]`, g, '"mesh" or a Gateway as "name" or "namespace/name"'));
    v.check(props.http.length > 0, 'http', props.http, 'at least one route');
    props.http.forEach((r, i) => {
      const f = `http[${i}]`;
      v.knownProps(f, r, ROUTE_PROPS);
      v.format(`${f}.name`, r.name, DNS_LABEL);
      (r.match ?? []).forEach((m, j) => {
        v.knownProps(`${f}.match[${j}]`, m, MATCH_PROPS);
        checkStringMatch(v, `${f}.match[${j}].uri`, m.uri);
        Object.entries(m.headers ?? {}).forEach(([h, hm]) => {
          v.check(/^[a-z0-9-]+$/.test(h), `${f}.match[${j}].headers key`, h, 'a lower-case header name');
          checkStringMatch(v, `${f}.match[${j}].headers.${h}`, hm);
        });
      });
      v.check(r.route.length > 0, `${f}.route`, r.route, 'at least one destination');
      r.route.forEach((d, j) => {
        v.knownProps(`${f}.route[${j}]`, d, DESTINATION_PROPS);
        v.check(ISTIO_HOST.test(d.host) && d.host !== '*', `${f}.route[${j}].host`, d.host, 'a Service or host name');
        v.format(`${f}.route[${j}].subset`, d.subset, DNS_LABEL);
        v.format(`${f}.route[${j}].port`, d.port, PORT_NUMBER);
        v.integer(`${f}.route[${j}].weight`, d.weight, 0, 100);
      });
      if (r.route.length > 1 || r.route.some((d) => d.weight !== undefined)) {
        const total = r.route.reduce((sum, d) => sum + (d.weight ?? 0), 0);
        v.check(total === 100, `${f}.route`, r.route.map((d) => `${d.subset ?? d.host}=${d.weight ?? 0}`).join(', '), `weights that add up to 100 (they add up to ${total})`);
      }
      checkDuration(v, `${f}.timeout`, r.timeout);
      if (r.retries) {
        v.knownProps(`${f}.retries`, r.retries, RETRIES_PROPS);
        v.integer(`${f}.retries.attempts`, r.retries.attempts, 0, 100);
        checkDuration(v, `${f}.retries.perTryTimeout`, r.retries.perTryTimeout);
      }
    });
    props.http.forEach((r, i) => v.check(r.name === undefined || props.http.findIndex((x) => x.name === r.name) === i, `http[${i}].name`, r.name,
      'a route name that no earlier route of this VirtualService uses'));
    v.throwIfInvalid();

    new ApiObject(this, RESOURCE_ID, {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: this.name, namespace: this.namespace },
      spec: {
        hosts: [...props.hosts],
        gateways: props.gateways ? [...props.gateways] : undefined,
        http: props.http.map((r) => ({
          name: r.name,
          match: r.match?.map((m) => ({ uri: m.uri, headers: m.headers })),
          route: r.route.map((d) => ({
            destination: { host: d.host, subset: d.subset, port: d.port === undefined ? undefined : { number: d.port } },
            weight: r.route.length > 1 || d.weight !== undefined ? d.weight : undefined,
          })),
          timeout: r.timeout,
          retries: r.retries ? { ...r.retries } : undefined,
        })),
      },
    });
  }
}
