import { isIP } from 'node:net';
import { Construct } from 'constructs';
import { ipv6Bytes } from '../core/cidr';
import { ANNOTATION_KEY, DNS_1035_LABEL, PORT_NUMBER } from '../core/formats';
import { KubeEndpointSlice, KubeService, k8s } from '../core/k8s';
import { MANAGED_BY } from '../core/labels';
import { boundedName } from '../core/names';
import { NamespacedResource, NamespacedResourceProps, RESOURCE_ID, propNames, resourceMetadata } from '../core/resource';
import { PropsValidator, checkUnique, isObject } from '../core/validator';
import { ENDPOINTSLICE_MANAGED_BY_LABEL, SERVICE_NAME_LABEL } from '../policy/checks/services';
import { ServiceProtocol, checkServicePorts } from './service-ports';

/** The kind of address an EndpointSlice carries. */
export type EndpointAddressType = 'IPv4' | 'IPv6' | 'FQDN';

/** One port of an {@link ExternalEndpoints} Service. */
export interface ExternalEndpointPort {
  /**
   * Name of the port (a DNS label); required when there are several. The EndpointSlices name their ports the same.
   * @default unnamed
   */
  readonly name?: string;
  /** Port the Service listens on. */
  readonly port: number;
  /**
   * Port of the external addresses that the Service forwards to.
   * @default `port`
   */
  readonly targetPort?: number;
  /**
   * Transport protocol.
   * @default "TCP"
   */
  readonly protocol?: ServiceProtocol;
  /**
   * Application protocol, e.g. "http" (a hint to proxies).
   * @default none
   */
  readonly appProtocol?: string;
}

/** Props of {@link ExternalEndpoints}. */
export interface ExternalEndpointsProps extends NamespacedResourceProps {
  /**
   * The fixed addresses behind the Service, e.g. ["192.168.24.14", "192.168.24.15"]: IPv4 and IPv6 addresses (one
   * EndpointSlice per family), or DNS names with `addressType: "FQDN"`.
   */
  readonly addresses: string[];
  /** The ports, as numbers (e.g. [9200]) or port objects. */
  readonly ports: Array<number | ExternalEndpointPort>;
  /**
   * The kind of every address. "FQDN" slices are read by some gateways and controllers only: kube-proxy and cluster
   * DNS ignore them (for a DNS name use ExternalNameService).
   * @default IPv4 and/or IPv6, from the addresses
   */
  readonly addressType?: EndpointAddressType;
  /**
   * A headless Service: no virtual IP, and cluster DNS answers with the addresses themselves.
   * @default false (a ClusterIP Service; with IPv4 and IPv6 addresses, ipFamilyPolicy "PreferDualStack")
   */
  readonly headless?: boolean;
  /**
   * Annotations of the Service.
   * @default none
   */
  readonly annotations?: Record<string, string>;
}

const PROPS = propNames<ExternalEndpointsProps>()({
  name: true, namespace: true, labels: true, addresses: true, ports: true, addressType: true, headless: true, annotations: true,
});
const PORT_PROPS = propNames<ExternalEndpointPort>()({ name: true, port: true, targetPort: true, protocol: true, appProtocol: true });
/** The API server's limits: endpoints per EndpointSlice, ports per EndpointSlice. */
const MAX_ENDPOINTS = 1000;
const MAX_PORTS = 100;
const ADDRESS_TYPES: readonly EndpointAddressType[] = ['IPv4', 'IPv6', 'FQDN'];
const SPECIAL = 'the API server refuses unspecified, loopback and link-local endpoint addresses, and a multicast address cannot take a connection';

/**
 * A Service without selector whose endpoints are fixed addresses outside the cluster (the book's `elasticsearch` at
 * 192.168.24.14-16), written as `discovery.k8s.io/v1` EndpointSlices (the manual Endpoints object is deprecated):
 * one per address family, at most 1000 endpoints each, labelled `kubernetes.io/service-name` and with the Service's
 * port names. Addresses the API server refuses (loopback, link-local, unspecified) and multicast ones are refused.
 * Pods in a SecureNamespace still need an egress rule to reach the addresses (`allowEgress` with `NetworkPeer.ipBlock`).
 */
export class ExternalEndpoints extends NamespacedResource {
  /** Names of the EndpointSlices. */
  public readonly sliceNames: readonly string[];
  /** The addresses, in the order given. */
  public readonly addresses: readonly string[];

  public constructor(scope: Construct, id: string, props: ExternalEndpointsProps) {
    super(scope, id, props, { props: PROPS, nameFormat: DNS_1035_LABEL });
    const v = this.validator;
    if (!isObject(props)) {
      // knownProps has refused anything but undefined; nothing else can be read from it.
      v.check(props !== undefined, 'props', props, 'an object of props');
      v.throwIfInvalid();
    }
    v.check(props.addressType === undefined || ADDRESS_TYPES.includes(props.addressType), 'addressType', props.addressType, '"IPv4", "IPv6" or "FQDN"');
    v.check(props.headless === undefined || typeof props.headless === 'boolean', 'headless', props.headless, 'true or false');
    const addresses: unknown[] = Array.isArray(props.addresses) ? props.addresses : [];
    v.check(Array.isArray(props.addresses) && addresses.length > 0, 'addresses', props.addresses, 'a list of at least one address, e.g. ["192.168.24.14"]');
    const types = addresses.map((a, i) => addressTypeOf(v, `addresses[${i}]`, a, props.addressType));
    checkUnique(v, 'addresses', addresses, (a) => (typeof a === 'string' ? a.toLowerCase() : undefined), 'an address');

    const ports: ExternalEndpointPort[] = [];
    const entries: unknown = props.ports;
    if (v.check(Array.isArray(entries) && entries.length > 0 && entries.length <= MAX_PORTS, 'ports', entries,
      `a list of 1 to ${MAX_PORTS} ports, e.g. [9200] or [{ name: "http", port: 80, targetPort: 8080 }]`)) {
      (entries as unknown[]).forEach((e, i) => {
        const o = typeof e === 'number' ? { port: e } : e;
        if (!v.check(isObject(o), `ports[${i}]`, e, 'a port number such as 9200, or { name?, port, targetPort?, protocol?, appProtocol? }')) {
          return;
        }
        v.knownProps(`ports[${i}]`, o, PORT_PROPS);
        v.format(`ports[${i}].port`, (o as ExternalEndpointPort).port, PORT_NUMBER, true);
        v.format(`ports[${i}].targetPort`, (o as ExternalEndpointPort).targetPort, PORT_NUMBER);
        ports.push(o as ExternalEndpointPort);
      });
      checkServicePorts(v, ports);
    }
    for (const key of [SERVICE_NAME_LABEL, ENDPOINTSLICE_MANAGED_BY_LABEL]) {
      v.check(!isObject(props.labels) || props.labels[key] === undefined, 'labels key', key, `a label the construct does not write itself (it sets ${key} on the EndpointSlices)`);
    }
    if (v.check(props.annotations === undefined || isObject(props.annotations), 'annotations', props.annotations, 'a map of annotation keys to values')) {
      v.map('annotations', props.annotations, ANNOTATION_KEY);
    }
    v.throwIfInvalid();

    this.addresses = [...(addresses as string[])];
    new KubeService(this, RESOURCE_ID, {
      metadata: resourceMetadata(this, props.labels, props.annotations),
      spec: {
        type: props.headless ? undefined : 'ClusterIP',
        clusterIp: props.headless ? 'None' : undefined,
        // A virtual IP of each family, so that both slices are used (a headless one defaults to dual stack itself).
        ipFamilyPolicy: !props.headless && types.includes('IPv4') && types.includes('IPv6') ? 'PreferDualStack' : undefined,
        ports: ports.map((p) => ({
          name: p.name, port: p.port, targetPort: k8s.IntOrString.fromNumber(p.targetPort ?? p.port), protocol: p.protocol ?? 'TCP', appProtocol: p.appProtocol,
        })),
      },
    });

    const names: string[] = [];
    for (const type of ADDRESS_TYPES) {
      const group = this.addresses.filter((_a, i) => types[i] === type);
      for (let start = 0; start < group.length; start += MAX_ENDPOINTS) {
        const suffix = `${type.toLowerCase()}${start === 0 ? '' : `-${start / MAX_ENDPOINTS + 1}`}`;
        const name = boundedName(`${this.name}-${suffix}`);
        names.push(name);
        new KubeEndpointSlice(this, `slice-${suffix}`, {
          metadata: {
            name,
            namespace: this.namespace,
            labels: { ...props.labels, [SERVICE_NAME_LABEL]: this.name, [ENDPOINTSLICE_MANAGED_BY_LABEL]: MANAGED_BY },
          },
          addressType: type,
          endpoints: group.slice(start, start + MAX_ENDPOINTS).map((address) => ({ addresses: [address], conditions: { ready: true } })),
          ports: ports.map((p) => ({ name: p.name, port: p.targetPort ?? p.port, protocol: p.protocol ?? 'TCP', appProtocol: p.appProtocol })),
        });
      }
    }
    this.sliceNames = names;
  }

  /** DNS name of the Service inside the cluster, e.g. "elasticsearch.default.svc". */
  public get host(): string {
    return `${this.name}.${this.namespace}.svc`;
  }
}

/**
 * The address type of one address (given or inferred), recording a problem when the address is not of it or is one
 * the API server (or a connection) refuses.
 */
function addressTypeOf(v: PropsValidator, field: string, address: unknown, given: EndpointAddressType | undefined): EndpointAddressType | undefined {
  if (!v.check(typeof address === 'string' && address.length > 0, field, address, 'an IPv4 or IPv6 address, or a DNS name with addressType "FQDN"')) {
    return undefined;
  }
  const a = address as string;
  const family = a.includes('%') ? 0 : isIP(a);
  const found: EndpointAddressType | undefined = family === 4 ? 'IPv4' : family === 6 ? 'IPv6' : undefined;
  if (given === 'FQDN') {
    v.check(found === undefined && isFqdn(a), field, a,
      'a fully qualified DNS name such as "es.example.com" (two or more dot-separated parts of lowercase letters, digits or "-", at most 253 characters), as addressType is "FQDN"');
    return 'FQDN';
  }
  if (found === undefined) {
    v.fail(field, a, given !== undefined ? `an ${given} address, as addressType is "${given}"`
      : 'an IPv4 or IPv6 address such as "192.168.24.14"; for DNS names set addressType "FQDN" (kube-proxy and cluster DNS ignore such slices) or use ExternalNameService');
    return undefined;
  }
  if (given !== undefined && !v.check(found === given, field, a, `an ${given} address, as addressType is "${given}"`)) {
    return undefined;
  }
  const problem = found === 'IPv4' ? ipv4Problem(a) : ipv6Problem(a);
  return v.check(problem === undefined, field, a, `an endpoint address that is not ${problem}: ${SPECIAL}`) ? found : undefined;
}

/** Why an IPv4 address cannot be an endpoint, or undefined. */
function ipv4Problem(a: string): string | undefined {
  const [b0, b1] = a.split('.').map(Number);
  if (a.split('.').every((o) => Number(o) === 0)) return 'unspecified (0.0.0.0)';
  if (b0 === 127) return 'loopback (127.0.0.0/8)';
  if (b0 === 169 && b1 === 254) return 'link-local (169.254.0.0/16)';
  if (b0 >= 224 && b0 <= 239) return 'multicast (224.0.0.0/4)';
  return undefined;
}

/** Why an IPv6 address cannot be an endpoint, or undefined. */
function ipv6Problem(a: string): string | undefined {
  const b = ipv6Bytes(a);
  if (b === undefined) return undefined;
  if (b.every((x) => x === 0)) return 'unspecified (::)';
  if (b.slice(0, 15).every((x) => x === 0) && b[15] === 1) return 'loopback (::1)';
  if (b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff) return 'an IPv4-mapped IPv6 address (::ffff:0:0/96; give the IPv4 address)';
  if (b[0] === 0xfe && (b[1] & 0xc0) === 0x80) return 'link-local (fe80::/10)';
  if (b[0] === 0xff) return 'multicast (ff00::/8)';
  return undefined;
}

/** A fully qualified DNS name as the API server checks FQDN endpoints: a subdomain of two or more labels. */
function isFqdn(name: string): boolean {
  const n = name.replace(/\.$/, '');
  return n.length <= 253 && n.split('.').length >= 2 && n.split('.').every((l) => l.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(l));
}
