import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { DNS_LABEL, LABEL_KEY, LABEL_VALUE, OBJECT_NAME, PORT_NAME, PORT_NUMBER } from '../core/formats';
import { NamespacedResource, RESOURCE_ID, propNames } from '../core/resource';
import { ISTIO_HOST } from './istio-common';

/** Protocols a Gateway server port can speak. */
export type GatewayProtocol = 'HTTP' | 'HTTPS' | 'GRPC' | 'HTTP2' | 'MONGO' | 'TCP' | 'TLS';

/** TLS settings of a Gateway server. */
export interface GatewayTls {
  /** SIMPLE (server TLS), MUTUAL (client certificates too), PASSTHROUGH (SNI routing), or ISTIO_MUTUAL. */
  readonly mode: 'SIMPLE' | 'MUTUAL' | 'PASSTHROUGH' | 'ISTIO_MUTUAL' | 'OPTIONAL_MUTUAL';
  /**
   * Name of the kubernetes.io/tls Secret with the certificate and key; required for SIMPLE and MUTUAL. It must be
   * in the namespace of the gateway pods (e.g. istio-ingress), not of this Gateway.
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
function gatewayHost(h: string): boolean {
  const parts = h.split('/');
  return parts.length === 1 ? ISTIO_HOST.test(h)
    : parts.length === 2 && (parts[0] === '.' || parts[0] === '*' || DNS_LABEL.test(parts[0])) && ISTIO_HOST.test(parts[1]);
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

/** An Istio `networking.istio.io/v1` Gateway: which ports and hosts an ingress gateway serves, and with what TLS. */
export class IstioGateway extends NamespacedResource {
  public constructor(scope: Construct, id: string, props: IstioGatewayProps) {
    super(scope, id, props, { props: PROPS });
    const selector = props.selector ?? { istio: 'ingressgateway' };
    const v = this.validator;
    v.map('selector', selector, LABEL_KEY, LABEL_VALUE);
    v.check(props.servers.length > 0, 'servers', props.servers, 'at least one server');
    props.servers.forEach((s, i) => {
      const f = `servers[${i}]`;
      v.knownProps(f, s, SERVER_PROPS);
      v.knownProps(`${f}.port`, s.port, PORT_PROPS);
      v.knownProps(`${f}.tls`, s.tls, TLS_PROPS);
      v.format(`${f}.port.number`, s.port.number, PORT_NUMBER, true);
      v.format(`${f}.port.name`, s.port.name, PORT_NAME, true);
      v.check(['HTTP', 'HTTPS', 'GRPC', 'HTTP2', 'MONGO', 'TCP', 'TLS'].includes(s.port.protocol), `${f}.port.protocol`, s.port.protocol, 'HTTP, HTTPS, GRPC, HTTP2, MONGO, TCP or TLS');
      v.check(s.hosts.length > 0, `${f}.hosts`, s.hosts, 'at least one host ("*" for any)');
      s.hosts.forEach((h, j) => v.check(gatewayHost(h), `${f}.hosts[${j}]`, h, 'a host such as "*", "shop.example.com" or "namespace/host"'));
      const secure = s.port.protocol === 'HTTPS' || s.port.protocol === 'TLS';
      v.check(!secure || s.tls !== undefined, `${f}.tls`, s.tls, `TLS settings for a ${s.port.protocol} server`);
      if (s.tls && ['SIMPLE', 'MUTUAL', 'OPTIONAL_MUTUAL'].includes(s.tls.mode)) {
        v.format(`${f}.tls.credentialName`, s.tls.credentialName, OBJECT_NAME, true);
      }
    });
    v.unique('servers', props.servers, (s) => String(s.port.number), 'a port number');
    v.throwIfInvalid();

    new ApiObject(this, RESOURCE_ID, {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: this.name, namespace: this.namespace },
      spec: {
        selector: { ...selector },
        servers: props.servers.map((s) => ({
          port: { ...s.port },
          hosts: [...s.hosts],
          tls: s.tls ? {
            mode: s.tls.mode,
            credentialName: s.tls.credentialName,
            minProtocolVersion: s.tls.mode === 'PASSTHROUGH' ? undefined : s.tls.minProtocolVersion ?? 'TLSV1_2',
            httpsRedirect: s.tls.httpsRedirect,
          } : undefined,
        })),
      },
    });
  }
}
