// The ports of Services: their type, how the Service construct resolves them (from its targets' named ports, or given
// in full with a selector), and the rules every list of Service ports follows (also those of ExternalNameService and
// ExternalEndpoints).
import { DNS_LABEL, LABEL_KEY, PORT_NAME, PORT_NUMBER } from '../core/formats';
import { propNames } from '../core/resource';
import { PropsValidator, checkUnique, isObject } from '../core/validator';
import type { ContainerPortSpec } from '../workloads/container-spec';
import type { ServiceType } from './service';
import type { IServiceTarget } from './service-target';

/** A transport protocol of a Service port. */
export type ServiceProtocol = 'TCP' | 'UDP' | 'SCTP';

/** One port of a {@link Service}. */
export interface ServicePort {
  /**
   * Name of the port. With a `target`, the name of the pods' port it forwards to (required); with a `selector`, any
   * DNS label, required when the Service has several ports.
   * @default unnamed (a Service with one port and a selector only)
   */
  readonly name?: string;
  /**
   * Port the Service listens on.
   * @default the pods' port number (with a `target`); required with a `selector`
   */
  readonly port?: number;
  /**
   * The pods' port, by number or IANA name; only with a `selector` (with a `target`, the Service forwards to the
   * number of the pods' port called `name`).
   * @default `port`
   */
  readonly targetPort?: number | string;
  /**
   * Transport protocol; with a `target`, it must be the pods' port's.
   * @default the pods' port's protocol, else "TCP"
   */
  readonly protocol?: ServiceProtocol;
  /**
   * Port opened on every node, from 30000 to 32767; NodePort and LoadBalancer Services only.
   * @default a free port chosen by Kubernetes
   */
  readonly nodePort?: number;
  /**
   * Application protocol, e.g. "http", "kubernetes.io/h2c" or "example.com/custom" (a hint to proxies and load
   * balancers).
   * @default none
   */
  readonly appProtocol?: string;
}

/** A Service port as written, with everything resolved. */
export interface ResolvedPort {
  readonly name?: string;
  readonly port: number;
  readonly targetPort: number | string;
  readonly protocol: ServiceProtocol;
  readonly nodePort?: number;
  readonly appProtocol?: string;
}

const PORT_PROPS = propNames<ServicePort>()({ name: true, port: true, targetPort: true, protocol: true, nodePort: true, appProtocol: true });
/** Protocols of Service ports (and EndpointSlice ports). */
const SERVICE_PROTOCOLS: readonly string[] = ['TCP', 'UDP', 'SCTP'];
/** The node port range of a default cluster (kube-apiserver --service-node-port-range). */
const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;
/** An appProtocol: a label-style name, as the API server checks it. */
const APP_PROTOCOL = {
  test: LABEL_KEY.test,
  description: 'an application protocol such as "http", "kubernetes.io/h2c" or "example.com/custom" (an IANA name, or a prefixed name)',
};

/**
 * Checks what every list of Service ports must satisfy, as the API server does: names (DNS labels) on every port of
 * a Service with several, no name or port and protocol twice, known protocols and qualified appProtocol names.
 */
export function checkServicePorts(v: PropsValidator, ports: ReadonlyArray<{ name?: string; port?: number; protocol?: string; appProtocol?: string }>, field = 'ports'): void {
  ports.forEach((p, i) => {
    if (p.name !== undefined) {
      v.format(`${field}[${i}].name`, p.name, DNS_LABEL);
    } else {
      v.check(ports.length === 1, `${field}[${i}].name`, p.name, 'a name: every port of a Service with several ports has one, e.g. "http"');
    }
    v.check(p.protocol === undefined || SERVICE_PROTOCOLS.includes(p.protocol), `${field}[${i}].protocol`, p.protocol, '"TCP", "UDP" or "SCTP"');
    v.format(`${field}[${i}].appProtocol`, p.appProtocol, APP_PROTOCOL);
  });
  checkUnique(v, field, ports, (p) => (p.name === undefined ? undefined : String(p.name)), 'a port name');
  v.unique(field, ports, (p) => `${p.port}/${p.protocol ?? 'TCP'}`, 'a port and protocol');
}

/** Checks the node ports: only on NodePort and LoadBalancer Services (`exposed`), in the node port range, each once. */
export function checkNodePorts(v: PropsValidator, ports: readonly ResolvedPort[], type: ServiceType, exposed: boolean): void {
  ports.forEach((p, i) => {
    if (p.nodePort === undefined) {
      return;
    }
    v.check(exposed, `ports[${i}].nodePort`, p.nodePort, `no nodePort: only NodePort and LoadBalancer Services open node ports (type is ${type})`);
    v.integer(`ports[${i}].nodePort`, p.nodePort, NODE_PORT_MIN, NODE_PORT_MAX);
  });
  checkUnique(v, 'ports', ports, (p) => (p.nodePort === undefined ? undefined : `node port ${p.nodePort}/${p.protocol}`), 'a node port and protocol');
}

/**
 * Ports named after the targets' ports: the names given in `entries` (or, unless the Service is `exposed`, every port
 * that all targets share), each forwarded to the number of the targets' port of that name.
 */
export function targetPorts(v: PropsValidator, entries: unknown, targets: readonly IServiceTarget[], exposed: boolean): ResolvedPort[] {
  let list: unknown[];
  if (entries === undefined) {
    if (!v.check(!exposed, 'ports', entries, 'the names of the ports to publish, e.g. ["http"] (a NodePort or LoadBalancer Service publishes no port by default)')) {
      return [];
    }
    list = targets[0].ports.map((p) => p.name).filter((name) => targets.every((t) => t.ports.some((p) => p.name === name)));
    if (!v.check(list.length > 0, 'ports', entries, `the names of ports the targets share (by default every port of ${targets[0].name} that every target has; there is none)`)) {
      return [];
    }
  } else if (v.check(Array.isArray(entries) && entries.length > 0, 'ports', entries, 'a list of port names such as ["http"] or port objects')) {
    list = entries as unknown[];
  } else {
    return [];
  }
  const resolved: ResolvedPort[] = [];
  list.forEach((entry, i) => {
    const f = `ports[${i}]`;
    const o: Record<string, any> | undefined = typeof entry === 'string' ? { name: entry } : isObject(entry) ? entry : undefined;
    if (!v.check(o !== undefined, f, entry, 'the name of a port of the target, e.g. "http", or { name, port?, protocol?, nodePort?, appProtocol? }')) {
      return;
    }
    v.knownProps(f, o, PORT_PROPS);
    v.check(o!.targetPort === undefined, `${f}.targetPort`, o!.targetPort,
      `no targetPort: the Service forwards to the target's port called "${o!.name}"; set targetPort only with a selector`);
    if (!v.format(`${f}.name`, o!.name, PORT_NAME, true)) {
      return;
    }
    const name: string = o!.name;
    const found = targets.map((t) => t.ports.find((p) => p.name === name));
    const missing = targets.filter((_t, j) => found[j] === undefined);
    missing.forEach((t) => v.fail(`${f}.name`, name, `the name of a port of ${t.name}: ${t.ports.map((p) => p.name).join(', ')}`));
    if (missing.length > 0) {
      return;
    }
    const numbers = [...new Set(found.map((p) => p!.port))];
    const each = (what: (p: ContainerPortSpec) => unknown) => targets.map((t, j) => `${t.name}: ${what(found[j]!)}`).join(', ');
    v.check(numbers.length === 1, `${f}.name`, name, `a port with one number on every target, which the Service forwards to (${each((p) => p.port)})`);
    const protocols = [...new Set(found.map((p) => p!.protocol ?? 'TCP'))];
    v.check(protocols.length === 1, `${f}.name`, name, `a port of one protocol on every target (${each((p) => p.protocol ?? 'TCP')})`);
    v.check(o!.protocol === undefined || o!.protocol === protocols[0], `${f}.protocol`, o!.protocol, `the protocol of the target's port "${name}": "${protocols[0]}" (or leave it out)`);
    v.format(`${f}.port`, o!.port, PORT_NUMBER);
    resolved.push({
      name, port: o!.port ?? numbers[0], targetPort: numbers[0], protocol: protocols[0] as ServiceProtocol, nodePort: o!.nodePort, appProtocol: o!.appProtocol,
    });
  });
  return resolved;
}

/** Ports of a Service over a selector, given in full (a Headless Service may have none). */
export function selectorPorts(v: PropsValidator, entries: unknown, type: ServiceType): ResolvedPort[] {
  if (entries === undefined && type === 'Headless') {
    return [];
  }
  if (!v.check(Array.isArray(entries) && entries.length > 0, 'ports', entries,
    'a list of ports such as [{ name: "http", port: 80, targetPort: 8080 }] (with a selector there is no workload to take them from)')) {
    return [];
  }
  const resolved: ResolvedPort[] = [];
  (entries as unknown[]).forEach((entry, i) => {
    const f = `ports[${i}]`;
    if (!v.check(isObject(entry), f, entry, 'a port such as { name: "http", port: 80, targetPort: 8080 } (names alone need a target to look them up)')) {
      return;
    }
    const o = entry as ServicePort;
    v.knownProps(f, o, PORT_PROPS);
    v.format(`${f}.port`, o.port, PORT_NUMBER, true);
    v.portRef(`${f}.targetPort`, o.targetPort);
    resolved.push({
      name: o.name, port: o.port!, targetPort: o.targetPort ?? o.port!, protocol: o.protocol ?? 'TCP', nodePort: o.nodePort, appProtocol: o.appProtocol,
    });
  });
  return resolved;
}
