import { DNS_1035_LABEL, DNS_LABEL, PORT_NUMBER } from '../core/formats';
import { propNames } from '../core/resource';
import { PropsValidator } from '../core/validator';
import { counted } from './route-rules';

// The backends of a route rule: Services (given as constructs or by name and port) and their shares of the traffic.

/** A construct with a ClusterIP Service that routes can send traffic to, such as a {@link WebService}. */
export interface IHttpBackend {
  /** Name of the Service. */
  readonly name: string;
  /** Namespace of the Service. */
  readonly namespace: string;
  /** Port of the Service. */
  readonly servicePort: number;
}

/** One Service port that receives the traffic of a rule, with its share. */
export interface RouteBackend {
  /**
   * A construct with a Service, e.g. a WebService. Set this or `serviceName`.
   * @default not set
   */
  readonly service?: IHttpBackend;
  /**
   * Name of a Service. Set this or `service`.
   * @default not set
   */
  readonly serviceName?: string;
  /**
   * Namespace of `serviceName`; another namespace than the route's gets a ReferenceGrant there.
   * @default the route's namespace
   */
  readonly namespace?: string;
  /**
   * Port of the Service (its `port`, not the container's); required with `serviceName`.
   * @default the service's port, with `service`
   */
  readonly port?: number;
  /**
   * Share of the traffic, relative to the other backends of the rule (0 to 1000000), e.g. 90 and 10 for a canary.
   * @default 1
   */
  readonly weight?: number;
}

const BACKEND_PROPS = propNames<RouteBackend>()({ service: true, serviceName: true, namespace: true, port: true, weight: true });

/** A backend as the route writes it: a Service port in a namespace, with its share. */
export interface ResolvedBackend {
  readonly name: string;
  readonly namespace: string;
  readonly port: number;
  readonly weight?: number;
}

/**
 * Checks the backends of a rule (at most 16; each a construct with a Service, or a Service name and port); returns
 * those that are valid, resolved, with `routeNamespace` where a name comes without a namespace.
 */
export function validateBackends(v: PropsValidator, field: string, backends: unknown, routeNamespace: string): ResolvedBackend[] {
  if (backends === undefined) {
    return [];
  }
  if (!v.check(Array.isArray(backends) && backends.length <= 16, field, counted(backends, 'backends'), 'a list of at most 16 backends')) {
    return [];
  }
  const resolved: ResolvedBackend[] = [];
  (backends as RouteBackend[]).forEach((b, k) => {
    const f = `${field}[${k}]`;
    if (!v.check(b !== null && typeof b === 'object', f, b, 'a backend: { service, weight? } or { serviceName, port, namespace?, weight? }') || !v.knownProps(f, b, BACKEND_PROPS)) {
      return;
    }
    v.integer(`${f}.weight`, b.weight, 0, 1000000);
    if (!v.check((b.service === undefined) !== (b.serviceName === undefined), f, b, 'exactly one of service (a construct such as a WebService) or serviceName')) {
      return;
    }
    if (b.service !== undefined) {
      const s = b.service as Partial<IHttpBackend> | null;
      if (!v.check(s !== null && typeof s === 'object' && typeof s.name === 'string' && typeof s.namespace === 'string' && typeof s.servicePort === 'number',
        `${f}.service`, s, 'a construct with a Service, e.g. a WebService (or use serviceName and port)')) {
        return;
      }
      v.check(b.namespace === undefined, `${f}.namespace`, b.namespace, 'no namespace with service (the construct has its own)');
      v.check(b.port === undefined || b.port === s!.servicePort, `${f}.port`, b.port, `${s!.servicePort}, the port of Service "${s!.name}" (or leave it out)`);
      resolved.push({ name: s!.name!, namespace: s!.namespace!, port: s!.servicePort!, weight: b.weight });
      return;
    }
    const nameOk = v.format(`${f}.serviceName`, b.serviceName, DNS_1035_LABEL, true);
    const nsOk = v.format(`${f}.namespace`, b.namespace, DNS_LABEL);
    const portOk = v.format(`${f}.port`, b.port, PORT_NUMBER, true);
    if (nameOk && nsOk && portOk) {
      resolved.push({ name: b.serviceName!, namespace: b.namespace ?? routeNamespace, port: b.port!, weight: b.weight });
    }
  });
  return resolved;
}
