import { IP_ADDRESS, PORT_NAME, PORT_NUMBER, SUBDOMAIN, UNPRIVILEGED_PORT } from '../core/formats';
import { PropsValidator } from '../core/validator';
import { booleanAt, listAt, objectAt, oneOf } from './mesh-validation';

/** A route of a listener: requests whose path starts with `prefix` go to `cluster`. */
export interface EnvoyRoute {
  readonly prefix: string;
  /** Name of a cluster of the same config. */
  readonly cluster: string;
  /**
   * Replaces the matched prefix before forwarding, e.g. "/".
   * @default the path is forwarded unchanged
   */
  readonly prefixRewrite?: string;
}

/** A listener: a port, HTTP routes by path prefix, and optionally TLS. */
export interface EnvoyListener {
  /** Name in the config and the stats prefix, e.g. "ingress_http". */
  readonly name: string;
  /** Port, above 1024 (Envoy runs unprivileged). */
  readonly port: number;
  /** Name of the container port, e.g. "envoy-http". */
  readonly portName: string;
  /** Routes, first match wins. */
  readonly routes: EnvoyRoute[];
  /**
   * Terminate TLS with the certificate of the sidecar's TLS Secret.
   * @default plain HTTP
   */
  readonly tls?: boolean;
}

/** An upstream cluster: where routed requests go. */
export interface EnvoyCluster {
  readonly name: string;
  /** Host names (e.g. a Service) and ports. */
  readonly endpoints: Array<{ readonly address: string; readonly port: number }>;
  /**
   * Connection timeout.
   * @default "0.25s"
   */
  readonly connectTimeout?: string;
  /**
   * How endpoints are resolved: STRICT_DNS (every address of each name), LOGICAL_DNS (one name, connecting to the first
   * address it resolves to: exactly one endpoint) or STATIC (IP addresses only; Envoy resolves nothing). EDS is not
   * offered: it needs an `eds_cluster_config` config source (a management server), which a static sidecar lacks.
   * @default "STRICT_DNS"
   */
  readonly discovery?: 'STRICT_DNS' | 'LOGICAL_DNS' | 'STATIC';
  /**
   * Load balancing.
   * @default "ROUND_ROBIN"
   */
  readonly lbPolicy?: 'ROUND_ROBIN' | 'LEAST_REQUEST' | 'RANDOM';
  /**
   * Talk HTTP/2 to the endpoints (only when they speak it).
   * @default HTTP/1.1
   */
  readonly http2?: boolean;
}

/** A static Envoy v3 bootstrap: an admin endpoint on localhost, listeners and clusters. */
export interface EnvoyBootstrap {
  /**
   * Admin port, bound to 127.0.0.1 only (the admin API can stop Envoy).
   * @default 9901
   */
  readonly adminPort?: number;
  readonly listeners: EnvoyListener[];
  readonly clusters: EnvoyCluster[];
}

const TYPE = 'type.googleapis.com/envoy.';

const BOOTSTRAP_PROPS = ['adminPort', 'listeners', 'clusters'];
const LISTENER_PROPS = ['name', 'port', 'portName', 'routes', 'tls'];
const ROUTE_PROPS = ['prefix', 'cluster', 'prefixRewrite'];
const CLUSTER_PROPS = ['name', 'endpoints', 'connectTimeout', 'discovery', 'lbPolicy', 'http2'];
const ENDPOINT_PROPS = ['address', 'port'];

/** A protobuf JSON duration as Envoy reads it: seconds with up to 9 decimals and an "s", e.g. "0.25s". */
const PROTO_DURATION = /^\d{1,12}(\.\d{1,9})?s$/;
/** A path prefix or rewrite: absolute, without spaces or control characters (Envoy refuses those in paths). */
const ROUTE_PATH = /^\/[^\s\x00-\x1f\x7f]{0,1023}$/;

/**
 * Checks a bootstrap the way Envoy checks it when it starts, so that a sidecar never crash-loops on its config:
 * names, ports, durations, that every route names a cluster that exists, that no route is shadowed by an earlier
 * prefix, that STATIC clusters have IP addresses and LOGICAL_DNS clusters one endpoint, and no duplicate names.
 */
export function validateEnvoyConfig(v: PropsValidator, field: string, config: EnvoyBootstrap): void {
  const c = objectAt(v, field, config, 'an Envoy bootstrap: { listeners, clusters, adminPort? }', { required: true, known: BOOTSTRAP_PROPS });
  if (!c) {
    return;
  }
  const clusters = listAt(v, `${field}.clusters`, c.clusters, 'clusters', { required: true, min: 1 });
  const clusterNames = clusters.map((cl: any) => cl?.name).filter((n): n is string => typeof n === 'string');
  const adminPort = c.adminPort ?? 9901;
  // Envoy runs as UID 101 without NET_BIND_SERVICE: it cannot bind ports below 1025, the admin port included.
  v.format(`${field}.adminPort`, c.adminPort, UNPRIVILEGED_PORT);
  const listeners = listAt(v, `${field}.listeners`, c.listeners, 'listeners', { required: true, min: 1 });
  const seen = { name: new Map<unknown, number>(), port: new Map<unknown, number>(), portName: new Map<unknown, number>() };
  listeners.forEach((item, i) => {
    const f = `${field}.listeners[${i}]`;
    const l = objectAt(v, f, item, 'a listener: { name, port, portName, routes, tls? }', { required: true, known: LISTENER_PROPS });
    if (!l) {
      return;
    }
    v.check(typeof l.name === 'string' && /^[a-z][a-z0-9_]{0,59}$/.test(l.name), `${f}.name`, l.name, 'a name of 1-60 lowercase letters, digits and "_", starting with a letter');
    v.format(`${f}.port`, l.port, UNPRIVILEGED_PORT, true);
    v.format(`${f}.portName`, l.portName, PORT_NAME, true);
    // Envoy refuses two listeners with one name, the kernel two on one port, the API server two container ports with one name.
    for (const key of ['name', 'port', 'portName'] as const) {
      const earlier = seen[key].get(l[key]);
      v.check(earlier === undefined, `${f}.${key}`, l[key], `a ${key === 'portName' ? 'port name' : key} that ${field}.listeners[${earlier}] does not already use`);
      seen[key].set(l[key], i);
    }
    booleanAt(v, `${f}.tls`, l.tls);
    const prefixes: string[] = [];
    listAt(v, `${f}.routes`, l.routes, 'routes', { required: true, min: 1 }).forEach((route, j) => {
      const rf = `${f}.routes[${j}]`;
      const r = objectAt(v, rf, route, 'a route: { prefix, cluster, prefixRewrite? }', { required: true, known: ROUTE_PROPS });
      if (!r) {
        return;
      }
      if (v.check(typeof r.prefix === 'string' && ROUTE_PATH.test(r.prefix), `${rf}.prefix`, r.prefix, 'a path prefix starting with "/", without spaces')) {
        // First match wins, and a prefix matches every path that starts with it.
        const shadow = prefixes.findIndex((p) => r.prefix.startsWith(p));
        v.check(shadow < 0, `${rf}.prefix`, r.prefix, `a prefix that routes[${shadow}] ("${prefixes[shadow]}") does not already match (first match wins; order longer prefixes first)`);
        prefixes.push(r.prefix);
      }
      v.check(typeof r.cluster === 'string' && clusterNames.includes(r.cluster), `${rf}.cluster`, r.cluster, `a cluster of this config: ${clusterNames.join(', ') || 'none defined'}`);
      v.check(r.prefixRewrite === undefined || (typeof r.prefixRewrite === 'string' && ROUTE_PATH.test(r.prefixRewrite)), `${rf}.prefixRewrite`, r.prefixRewrite,
        'a path starting with "/", without spaces, e.g. "/"');
    });
  });
  v.check(!listeners.some((l: any) => l?.port === adminPort), `${field}.adminPort`, adminPort, 'a port that no listener uses');
  const clusterSeen = new Map<unknown, number>();
  clusters.forEach((item, i) => {
    const f = `${field}.clusters[${i}]`;
    const cl = objectAt(v, f, item, 'a cluster: { name, endpoints, discovery?, connectTimeout?, lbPolicy?, http2? }', { required: true, known: CLUSTER_PROPS });
    if (!cl) {
      return;
    }
    v.check(typeof cl.name === 'string' && /^[a-z][a-z0-9_-]{0,59}$/.test(cl.name), `${f}.name`, cl.name, 'a name of 1-60 lowercase letters, digits, "_" and "-", starting with a letter');
    const earlier = clusterSeen.get(cl.name);
    v.check(earlier === undefined, `${f}.name`, cl.name, `a cluster name that ${field}.clusters[${earlier}] does not already use`);
    clusterSeen.set(cl.name, i);
    const discovery = cl.discovery ?? 'STRICT_DNS';
    if (cl.discovery === 'EDS') {
      v.fail(`${f}.discovery`, cl.discovery, 'STRICT_DNS, LOGICAL_DNS or STATIC (EDS needs an eds_cluster_config config source, a management server, which a static sidecar config has not)');
    } else {
      oneOf(v, `${f}.discovery`, cl.discovery, ['STRICT_DNS', 'LOGICAL_DNS', 'STATIC']);
    }
    oneOf(v, `${f}.lbPolicy`, cl.lbPolicy, ['ROUND_ROBIN', 'LEAST_REQUEST', 'RANDOM']);
    booleanAt(v, `${f}.http2`, cl.http2);
    // Envoy: connect_timeout must be above 0, written as protobuf JSON seconds.
    v.check(cl.connectTimeout === undefined || (typeof cl.connectTimeout === 'string' && PROTO_DURATION.test(cl.connectTimeout) && parseFloat(cl.connectTimeout) > 0),
      `${f}.connectTimeout`, cl.connectTimeout, 'seconds above 0 such as "0.25s" or "5s" (protobuf JSON: a number of seconds and "s")');
    const endpoints = listAt(v, `${f}.endpoints`, cl.endpoints, 'endpoints', { required: true, min: 1 });
    // Envoy: "LOGICAL_DNS clusters must have a single locality_lb_endpoint and a single lb_endpoint".
    v.check(discovery !== 'LOGICAL_DNS' || endpoints.length <= 1, `${f}.endpoints`, endpoints,
      'exactly one endpoint for a LOGICAL_DNS cluster (use STRICT_DNS for several)');
    endpoints.forEach((item2, j) => {
      const ef = `${f}.endpoints[${j}]`;
      const e = objectAt(v, ef, item2, 'an endpoint: { address, port }', { required: true, known: ENDPOINT_PROPS });
      if (!e) {
        return;
      }
      if (discovery === 'STATIC') {
        // A STATIC cluster resolves nothing: a host name there makes Envoy refuse the config.
        v.check(IP_ADDRESS.test(e.address), `${ef}.address`, e.address, 'an IP address, as a STATIC cluster does not resolve names (use STRICT_DNS or LOGICAL_DNS for a host name)');
      } else {
        v.check(IP_ADDRESS.test(e.address) || SUBDOMAIN.test(e.address), `${ef}.address`, e.address, 'a host name such as "backend" or "backend.shop.svc", or an IP address');
      }
      v.format(`${ef}.port`, e.port, PORT_NUMBER, true);
    });
  });
}

const socket = (address: string, port: number) => ({ socket_address: { address, port_value: port } });

/** The bootstrap as Envoy v3 JSON data (write it as YAML or JSON). `tls` names the certificate files. */
export function renderEnvoyConfig(c: EnvoyBootstrap, tls?: { certificateFile: string; keyFile: string }): object {
  return {
    admin: {
      address: socket('127.0.0.1', c.adminPort ?? 9901),
      access_log: [{ name: 'envoy.access_loggers.stdout', typed_config: { '@type': `${TYPE}extensions.access_loggers.stream.v3.StdoutAccessLog` } }],
    },
    static_resources: {
      listeners: c.listeners.map((l) => ({
        name: l.name,
        address: socket('0.0.0.0', l.port),
        filter_chains: [{
          filters: [{
            name: 'envoy.filters.network.http_connection_manager',
            typed_config: {
              '@type': `${TYPE}extensions.filters.network.http_connection_manager.v3.HttpConnectionManager`,
              stat_prefix: l.name,
              codec_type: 'AUTO',
              route_config: {
                name: `${l.name}_routes`,
                virtual_hosts: [{
                  name: 'backend',
                  domains: ['*'],
                  routes: l.routes.map((r) => ({ match: { prefix: r.prefix }, route: { cluster: r.cluster, prefix_rewrite: r.prefixRewrite } })),
                }],
              },
              http_filters: [{ name: 'envoy.filters.http.router', typed_config: { '@type': `${TYPE}extensions.filters.http.router.v3.Router` } }],
            },
          }],
          transport_socket: l.tls && tls ? {
            name: 'envoy.transport_sockets.tls',
            typed_config: {
              '@type': `${TYPE}extensions.transport_sockets.tls.v3.DownstreamTlsContext`,
              common_tls_context: {
                tls_params: { tls_minimum_protocol_version: 'TLSv1_2' },
                tls_certificates: [{ certificate_chain: { filename: tls.certificateFile }, private_key: { filename: tls.keyFile } }],
              },
            },
          } : undefined,
        }],
      })),
      clusters: c.clusters.map((cl) => ({
        name: cl.name,
        connect_timeout: cl.connectTimeout ?? '0.25s',
        type: cl.discovery ?? 'STRICT_DNS',
        lb_policy: cl.lbPolicy ?? 'ROUND_ROBIN',
        load_assignment: {
          cluster_name: cl.name,
          endpoints: [{ lb_endpoints: cl.endpoints.map((e) => ({ endpoint: { address: socket(e.address, e.port) } })) }],
        },
        typed_extension_protocol_options: cl.http2 ? {
          'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': {
            '@type': `${TYPE}extensions.upstreams.http.v3.HttpProtocolOptions`,
            explicit_http_config: { http2_protocol_options: {} },
          },
        } : undefined,
      })),
    },
  };
}
