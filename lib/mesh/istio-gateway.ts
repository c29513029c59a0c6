import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { DNS_LABEL, LABEL_KEY, LABEL_VALUE, OBJECT_NAME, PORT_NAME, PORT_NUMBER } from '../core/formats';
import { NamespacedResource, RESOURCE_ID, propNames } from '../core/resource';
import { PropsValidator, isObject } from '../core/validator';
import { isIstioHost } from './istio-common';
import { booleanAt, listAt, objectAt, oneOf, stringMapAt } from './mesh-validation';

/** Protocols a Gateway server port can speak. */
export type GatewayProtocol = 'HTTP' | 'HTTPS' | 'GRPC' | 'HTTP2' | 'MONGO' | 'TCP' | 'TLS';

/** How a Gateway server uses TLS. */
export type GatewayTlsMode = 'SIMPLE' | 'MUTUAL' | 'OPTIONAL_MUTUAL' | 'PASSTHROUGH' | 'AUTO_PASSTHROUGH' | 'ISTIO_MUTUAL';

const PROTOCOLS: readonly GatewayProtocol[] = ['HTTP', 'HTTPS', 'GRPC', 'HTTP2', 'MONGO', 'TCP', 'TLS'];
const TLS_MODES: readonly GatewayTlsMode[] = ['SIMPLE', 'MUTUAL', 'OPTIONAL_MUTUAL', 'PASSTHROUGH', 'AUTO_PASSTHROUGH', 'ISTIO_MUTUAL'];
/** The modes that terminate TLS with the certificate of `credentialName`. */
const CREDENTIAL_MODES: readonly string[] = ['SIMPLE', 'MUTUAL', 'OPTIONAL_MUTUAL'];

/** TLS settings of a Gateway server. */
export interface GatewayTls {
  /**
   * SIMPLE (server TLS), MUTUAL or OPTIONAL_MUTUAL (client certificates too), PASSTHROUGH or AUTO_PASSTHROUGH (SNI
   * routing, TLS left to the backend), or ISTIO_MUTUAL (mesh certificates). Required on HTTPS and TLS servers; leave
   * it out on an HTTP server that only sets `httpsRedirect`.
   * @default none (Istio's PASSTHROUGH, for an HTTP server that redirects)
   */
  readonly mode?: GatewayTlsMode;
  /**
   * Name of the kubernetes.io/tls Secret with the certificate and key; required for SIMPLE, MUTUAL and OPTIONAL_MUTUAL
   * (with `ca.crt` for the client CA), not allowed for the others. It must be in the namespace of the gateway pods
   * (e.g. istio-ingress), not of this Gateway.
   * @default none
   */
  readonly credentialName?: string;
  /**
   * Lowest TLS version accepted.
   * @default "TLSV1_2"
   */
  readonly minProtocolVersion?: 'TLSV1_2' | 'TLSV1_3';
  /**
   * Redirect plain HTTP requests to HTTPS (on an HTTP server).
   * @default false
   */
  readonly httpsRedirect?: boolean;
}

/** One server (listener) of a Gateway. */
export interface GatewayServer {
  /** Port on the gateway pods. */
  readonly port: { readonly number: number; readonly name: string; readonly protocol: GatewayProtocol };
  /** Hosts served, e.g. ["*"] or ["shop.example.com"]; "namespace/host" limits which VirtualServices may bind. */
  readonly hosts: string[];
  /**
   * TLS settings; required for HTTPS and TLS servers.
   * @default plain text
   */
  readonly tls?: GatewayTls;
}

/** Whether a Gateway server host is "host" or "namespace/host", where namespace is a name, "." (the gateway's) or "*". */
function gatewayHost(h: unknown): boolean {
  if (typeof h !== 'string') {
    return false;
  }
  const parts = h.split('/');
  return parts.length === 1 ? isIstioHost(h)
    : parts.length === 2 && (parts[0] === '.' || parts[0] === '*' || DNS_LABEL.test(parts[0])) && isIstioHost(parts[1]);
}

/** Props of an {@link IstioGateway}. */
export interface IstioGatewayProps {
  /**
   * Name of the Gateway.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * Namespace of the Gateway.
   * @default the enclosing SecureNamespace
   */
  readonly namespace?: string;
  /**
   * Labels of the gateway pods that serve it.
   * @default { istio: "ingressgateway" } (the ingress gateway of the Istio install)
   */
  readonly selector?: Record<string, string>;
  /** The servers (listeners). */
  readonly servers: GatewayServer[];
}

const PROPS = propNames<IstioGatewayProps>()({ name: true, namespace: true, selector: true, servers: true });
const SERVER_PROPS = propNames<GatewayServer>()({ port: true, hosts: true, tls: true });
const PORT_PROPS = propNames<GatewayServer['port']>()({ number: true, name: true, protocol: true });
const TLS_PROPS = propNames<GatewayTls>()({ mode: true, credentialName: true, minProtocolVersion: true, httpsRedirect: true });

/**
 * An Istio `networking.istio.io/v1` Gateway: which ports and hosts an ingress gateway serves, and with what TLS.
 *
 * Refuses what Istio's validation refuses (a name with dots, duplicate port names, a port outside 1-65535, an HTTPS or
 * TLS server without TLS settings, TLS settings on a TCP server, a TLS mode without the credential it needs or with
 * one it ignores) and what Istio would silently drop when it merges the servers: two servers on one port with
 * different protocols, or the same host twice on one port.
 */
export class IstioGateway extends NamespacedResource {
  public constructor(scope: Construct, id: string, props: IstioGatewayProps) {
    // Istio refuses Gateway names that are not DNS-1123 labels (no dots).
    super(scope, id, props, { props: PROPS, nameFormat: DNS_LABEL });
    const v = this.validator;
    if (!isObject(props)) {
      v.throwIfInvalid();
    }
    const p: Partial<IstioGatewayProps> = isObject(props) ? props : {};
    const selector = p.selector ?? { istio: 'ingressgateway' };
    stringMapAt(v, 'selector', selector, LABEL_KEY, LABEL_VALUE);
    const servers = listAt(v, 'servers', p.servers, 'servers', { required: true, min: 1 }).map((s, i) => checkServer(v, `servers[${i}]`, s));
    const names = new Map<string, number>();
    const protocols = new Map<number, string>();
    const hosts = new Map<string, number>();
    servers.forEach((s, i) => {
      if (!s) {
        return;
      }
      const f = `servers[${i}]`;
      const { number, name, protocol } = s.port;
      // Istio: "port names in servers must be unique".
      v.check(!names.has(name), `${f}.port.name`, name, `a port name that no other server of this Gateway uses (servers[${names.get(name)}] has it)`);
      names.set(name, i);
      // Istio merges servers by port number and drops one whose protocol conflicts.
      const other = protocols.get(number);
      v.check(other === undefined || other === protocol, `${f}.port.protocol`, protocol,
        `${other} like the other servers on port ${number} (Istio drops a server whose protocol conflicts on the same port)`);
      protocols.set(number, other ?? protocol);
      s.hosts.forEach((h, j) => {
        const key = `${number} ${h.includes('/') ? h.slice(h.indexOf('/') + 1) : h}`;
        v.check(!hosts.has(key), `${f}.hosts[${j}]`, h, `a host that no other server on port ${number} serves (two servers on one port and host conflict)`);
        hosts.set(key, i);
      });
    });
    v.throwIfInvalid();

    new ApiObject(this, RESOURCE_ID, {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: this.name, namespace: this.namespace },
      spec: {
        selector: { ...selector },
        servers: servers.map((s) => s && ({
          port: { number: s.port.number, name: s.port.name, protocol: s.port.protocol },
          hosts: [...s.hosts],
          tls: s.tls ? renderTls(s.tls) : undefined,
        })),
      },
    });
  }
}

function renderTls(tls: GatewayTls): object {
  const terminates = tls.mode !== undefined && tls.mode !== 'PASSTHROUGH' && tls.mode !== 'AUTO_PASSTHROUGH';
  return {
    mode: tls.mode,
    credentialName: tls.credentialName,
    minProtocolVersion: terminates ? tls.minProtocolVersion ?? 'TLSV1_2' : undefined,
    httpsRedirect: tls.httpsRedirect,
  };
}

/** Checks one server; returns it when it is well-formed enough to compare with the others. */
function checkServer(v: PropsValidator, f: string, server: unknown): GatewayServer | undefined {
  const s = objectAt(v, f, server, 'a server: { port, hosts, tls? }', { required: true, known: SERVER_PROPS });
  if (!s) {
    return undefined;
  }
  const before = v.issues.length;
  const port = objectAt(v, `${f}.port`, s.port, 'a port: { number, name, protocol }', { required: true, known: PORT_PROPS });
  v.format(`${f}.port.number`, port?.number, PORT_NUMBER, port !== undefined);
  v.format(`${f}.port.name`, port?.name, PORT_NAME, port !== undefined);
  oneOf(v, `${f}.port.protocol`, port?.protocol, PROTOCOLS, port !== undefined);
  listAt(v, `${f}.hosts`, s.hosts, 'hosts ("*" for any)', { required: true, min: 1 })
    .forEach((h, j) => v.check(gatewayHost(h), `${f}.hosts[${j}]`, h, 'a host such as "*", "shop.example.com" or "namespace/host"'));
  if (v.issues.length === before) {
    checkServerTls(v, f, s as GatewayServer);
  }
  return v.issues.length === before ? s as GatewayServer : undefined;
}

/** Checks the TLS settings of a server whose port is valid, as Istio's validateServer and validateTLSOptions do. */
function checkServerTls(v: PropsValidator, f: string, s: GatewayServer): void {
  const protocol = s.port.protocol;
  const secure = protocol === 'HTTPS' || protocol === 'TLS';
  if (s.tls === undefined) {
    v.check(!secure, `${f}.tls`, s.tls, `TLS settings for a ${protocol} server`);
    return;
  }
  const tls = objectAt(v, `${f}.tls`, s.tls, 'TLS settings: { mode, credentialName?, minProtocolVersion?, httpsRedirect? }', { known: TLS_PROPS });
  if (!tls) {
    return;
  }
  booleanAt(v, `${f}.tls.httpsRedirect`, tls.httpsRedirect);
  v.check(tls.httpsRedirect !== true || protocol === 'HTTP', `${f}.tls.httpsRedirect`, tls.httpsRedirect, 'httpsRedirect only on an HTTP server');
  if (!secure) {
    // Istio: a plain-text HTTP server may carry TLS settings only to redirect (mode PASSTHROUGH, Istio's default, no
    // certificates); other plain-text servers may carry none.
    const plainHttp = protocol === 'HTTP' || protocol === 'HTTP2' || protocol === 'GRPC';
    if (v.check(plainHttp, `${f}.tls`, tls, `no TLS settings on a ${protocol} server (use protocol TLS for TLS over TCP)`)) {
      v.check(tls.mode === undefined || tls.mode === 'PASSTHROUGH', `${f}.tls.mode`, tls.mode,
        `no mode on a plain-text ${protocol} server: its TLS settings may only redirect ({ httpsRedirect: true }); serve HTTPS on an HTTPS server`);
      v.check(tls.credentialName === undefined, `${f}.tls.credentialName`, tls.credentialName, `no credential on a plain-text ${protocol} server`);
      v.check(tls.minProtocolVersion === undefined, `${f}.tls.minProtocolVersion`, tls.minProtocolVersion, `no TLS version on a plain-text ${protocol} server`);
    }
    return;
  }
  if (!oneOf(v, `${f}.tls.mode`, tls.mode, TLS_MODES, true)) {
    return;
  }
  oneOf(v, `${f}.tls.minProtocolVersion`, tls.minProtocolVersion, ['TLSV1_2', 'TLSV1_3']);
  if (CREDENTIAL_MODES.includes(tls.mode)) {
    v.format(`${f}.tls.credentialName`, tls.credentialName, OBJECT_NAME, true);
  } else {
    // ISTIO_MUTUAL uses the mesh certificates and Istio refuses a credential; the passthrough modes ignore it.
    v.check(tls.credentialName === undefined, `${f}.tls.credentialName`, tls.credentialName,
      `no credentialName with mode ${tls.mode} (${tls.mode === 'ISTIO_MUTUAL' ? 'it uses the mesh certificates' : 'the backend terminates TLS'})`);
    v.check(tls.mode === 'ISTIO_MUTUAL' || tls.minProtocolVersion === undefined, `${f}.tls.minProtocolVersion`, tls.minProtocolVersion,
      `no TLS version with mode ${tls.mode} (the backend terminates TLS)`);
  }
}
