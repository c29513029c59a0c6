import { PORT_NAME, PORT_NUMBER, UNPRIVILEGED_PORT } from '../core/formats';
import { PropsValidator } from '../core/validator';

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
   * How endpoints are resolved: STRICT_DNS (all addresses of a name), LOGICAL_DNS or STATIC (IPs).
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
const DURATION = /^\d+(\.\d+)?s$/;

/** Checks a bootstrap: names, ports, and that every route names a cluster that exists. */
export function validateEnvoyConfig(v: PropsValidator, field: string, c: EnvoyBootstrap): void {
  const clusterNames = c.clusters.map((cl) => cl.name);
  v.format(`${field}.adminPort`, c.adminPort, PORT_NUMBER);
  v.check(c.listeners.length > 0, `${field}.listeners`, c.listeners, 'at least one listener');
  c.listeners.forEach((l, i) => {
    const f = `${field}.listeners[${i}]`;
    v.check(/^[a-z][a-z0-9_]*$/.test(l.name), `${f}.name`, l.name, 'a name of lowercase letters, digits and "_"');
    v.format(`${f}.port`, l.port, UNPRIVILEGED_PORT, true);
    v.format(`${f}.portName`, l.portName, PORT_NAME, true);
    v.check(l.routes.length > 0, `${f}.routes`, l.routes, 'at least one route');
    l.routes.forEach((r, j) => {
      v.check(r.prefix.startsWith('/'), `${f}.routes[${j}].prefix`, r.prefix, 'a path prefix starting with "/"');
      v.check(clusterNames.includes(r.cluster), `${f}.routes[${j}].cluster`, r.cluster, `a cluster of this config: ${clusterNames.join(', ') || 'none defined'}`);
    });
  });
  v.unique(`${field}.listeners`, c.listeners, (l) => l.name, 'a listener name');
  v.unique(`${field}.listeners`, c.listeners, (l) => String(l.port), 'a port');
  const adminPort = c.adminPort ?? 9901;
  v.check(!c.listeners.some((l) => l.port === adminPort), `${field}.adminPort`, adminPort, 'a port that no listener uses');
  c.clusters.forEach((cl, i) => {
    const f = `${field}.clusters[${i}]`;
    v.check(/^[a-z][a-z0-9_-]*$/.test(cl.name), `${f}.name`, cl.name, 'a name of lowercase letters, digits, "_" and "-"');
    v.check(cl.endpoints.length > 0, `${f}.endpoints`, cl.endpoints, 'at least one endpoint');
    cl.endpoints.forEach((e, j) => {
      v.check(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(e.address), `${f}.endpoints[${j}].address`, e.address, 'a host name or IP address');
      v.format(`${f}.endpoints[${j}].port`, e.port, PORT_NUMBER, true);
    });
    v.check(cl.connectTimeout === undefined || DURATION.test(cl.connectTimeout), `${f}.connectTimeout`, cl.connectTimeout, 'seconds such as "0.25s"');
  });
  v.unique(`${field}.clusters`, c.clusters, (cl) => cl.name, 'a cluster name');
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
