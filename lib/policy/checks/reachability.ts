import { GatewayController, GatewayDataPlane } from '../../networking/gateway-controller';
import { IngressController } from '../../networking/ingress-controller';
import { defineCheck, definePodCheck } from '../define';
import { PortRef, Reach } from '../network-reach';
import { ObjectIndex } from '../object-index';
import { appContainers, containersOf, podLabels, podSpec } from '../pods';
import { LabelIndex } from '../selector-index';
import { LabelSelector, isMap, selectorMatches } from '../selectors';
import { PolicyCheck, PolicyTarget } from '../types';

/**
 * Reachability under the NetworkPolicies of the output: whether the ingress controller, the Gateway data plane or a
 * declared client can reach the pods behind a Service. Each check decides only when the answer is known (the
 * controller is a known one, the Service and its pods are in the output); a namespace without NetworkPolicies in the
 * output admits everything, so nothing is reported there.
 */

const list = (v: unknown): any[] => (Array.isArray(v) ? v : []);
const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/** keelson's ingress controller presets, by IngressClass name and by the `spec.controller` of an IngressClass. */
const INGRESS_CONTROLLERS: ReadonlyArray<{ controller: IngressController; controllerName: string }> = [
  { controller: IngressController.INGRESS_NGINX, controllerName: 'k8s.io/ingress-nginx' },
  { controller: IngressController.TRAEFIK, controllerName: 'traefik.io/ingress-controller' },
];

/** keelson's Gateway API implementation presets. */
const GATEWAY_CONTROLLERS: readonly GatewayController[] = [GatewayController.ENVOY_GATEWAY, GatewayController.ISTIO, GatewayController.NGINX_GATEWAY_FABRIC];

/**
 * The ingress controller that serves an Ingress, when known: its IngressClass (an object of the output, or else the
 * class name of a preset) names one of keelson's presets.
 */
export function ingressControllerOf(ingress: any, index: ObjectIndex): IngressController | undefined {
  const of = ingressClassOf(ingress, index);
  if (of?.ingressClass) {
    return INGRESS_CONTROLLERS.find((c) => c.controllerName === of.ingressClass.spec?.controller)?.controller;
  }
  return of && INGRESS_CONTROLLERS.find((c) => c.controller.className === of.className)?.controller;
}

/**
 * The IngressClass name of an Ingress (`spec.ingressClassName`, or the older `kubernetes.io/ingress.class`
 * annotation), with the IngressClass object when the output has it; undefined when the Ingress names no class.
 */
export function ingressClassOf(ingress: any, index: ObjectIndex): { readonly className: string; readonly ingressClass?: any } | undefined {
  const className = ingress?.spec?.ingressClassName ?? ingress?.metadata?.annotations?.['kubernetes.io/ingress.class'];
  return typeof className === 'string' ? { className, ingressClass: index.get('IngressClass', undefined, className)?.object } : undefined;
}

/**
 * Where the data-plane pods of a Gateway (`gateway.networking.k8s.io`) run, when known: its GatewayClass (an object
 * of the output, by controllerName, or else the class name of a preset) is one of keelson's presets, which place
 * and label the pods as `NetworkPeer.gateway` does.
 */
export function gatewayDataPlane(gateway: PolicyTarget, index: ObjectIndex): GatewayDataPlane | undefined {
  const className = gateway.object?.spec?.gatewayClassName;
  if (typeof className !== 'string' || typeof gateway.namespace !== 'string') {
    return undefined;
  }
  const gatewayClass = index.get('GatewayClass', undefined, className)?.object;
  try {
    const controller = gatewayClass
      ? GATEWAY_CONTROLLERS.find((c) => c.controllerName === gatewayClass.spec?.controllerName)?.withClassName(className)
      : GATEWAY_CONTROLLERS.find((c) => c.className === className);
    return controller?.dataPlane({ name: gateway.name, namespace: gateway.namespace });
  } catch {
    return undefined;
  }
}

/** A group of pods: their labels and a description. */
export interface KnownPod {
  readonly labels: Record<string, string>;
  readonly what: string;
}

/** Pods of a namespace that the output describes: those of its workloads and the data planes of its Gateways. */
export interface KnownPods {
  /** Labels and a description of each group of pods. */
  readonly pods: readonly KnownPod[];
  /** Whether these are all the pods of the namespace, as far as the output tells. */
  readonly complete: boolean;
  /** The pods a label selector selects (see selectorMatches), in the order of `pods`. */
  selectedBy(selector: unknown): KnownPod[];
}

/**
 * The pods of `namespace` that the output defines. They count as complete when the namespace is in the output (its
 * Namespace object or a workload), no Helm release installs into it, and every Gateway whose proxies run there has
 * a known implementation.
 */
export function knownPods(index: ObjectIndex, namespace: string | undefined): KnownPods {
  // Several checks ask for every NetworkPolicy and peer: computed once per index and namespace.
  return index.memo(`known pods\u0000${namespace === undefined ? '\u0000' : namespace}`, () => findKnownPods(index, namespace));
}

function findKnownPods(index: ObjectIndex, namespace: string | undefined): KnownPods {
  const pods: KnownPod[] = index.workloads(namespace).map((w) => ({ labels: podLabels(w.object), what: `${w.kind} ${w.name}` }));
  let complete = index.helmReleases(namespace).length === 0
    && (index.workloads(namespace).length > 0 || (namespace !== undefined && index.get('Namespace', undefined, namespace) !== undefined));
  for (const g of index.allOfKind('Gateway')) {
    const plane = gatewayDataPlane(g, index);
    if (plane === undefined) {
      complete = complete && g.namespace !== namespace;
    } else if (plane.namespace === namespace) {
      pods.push({ labels: { ...plane.podLabels }, what: `the data plane of Gateway ${g.namespace}/${g.name}` });
    }
  }
  let byLabel: LabelIndex<KnownPod> | undefined;
  const selectedBy = (selector: unknown): KnownPod[] => {
    byLabel ??= new LabelIndex(pods, (p) => p.labels);
    const candidates = isMap(selector) ? byLabel.candidates(selector.matchLabels) : pods;
    return candidates.filter((p) => selectorMatches(selector as LabelSelector, p.labels));
  };
  return { pods, complete, selectedBy };
}

/** The pods behind one port of a Service, with the container port each receives the traffic on. */
interface Backend {
  readonly workload: PolicyTarget;
  readonly labels: Record<string, string>;
  readonly port: PortRef;
}

/** The port of a pod spec that a Service targetPort (a number or a container port name) names, if any. */
function containerPort(spec: any, targetPort: unknown): PortRef | undefined {
  const ports = containersOf(spec).flatMap((r) => list(r.container?.ports)).filter(isMap);
  if (typeof targetPort === 'string') {
    const p = ports.find((x) => x.name === targetPort);
    return p && typeof p.containerPort === 'number' ? { number: p.containerPort, name: targetPort } : undefined;
  }
  if (typeof targetPort !== 'number') {
    return undefined;
  }
  const name = ports.find((x) => x.containerPort === targetPort && typeof x.name === 'string')?.name;
  return { number: targetPort, ...(name ? { name } : {}) };
}

/**
 * The pods of the output behind a Service port (given by number or name): each workload its selector matches, and
 * the container port the traffic arrives on. Empty when the Service or its port is unknown.
 */
export function serviceBackends(index: ObjectIndex, namespace: string | undefined, name: unknown, port: { number?: unknown; name?: unknown }): Backend[] {
  const svc = typeof name === 'string' ? index.get('Service', namespace, name)?.object : undefined;
  if (!isMap(svc?.spec) || !isMap(svc.spec.selector) || svc.spec.type === 'ExternalName') {
    return [];
  }
  const svcPort = list(svc.spec.ports).filter(isMap)
    .find((p) => (port.number !== undefined ? p.port === port.number : port.name !== undefined && p.name === port.name));
  if (!svcPort) {
    return [];
  }
  return index.workloadsSelectedBy(namespace, svc.spec.selector).flatMap((w) => {
    const spec = podSpec(w.object);
    const target = svcPort.targetPort ?? svcPort.port;
    const p = spec && appContainers(spec).length > 0 ? containerPort(spec, target) : typeof target === 'number' ? { number: target } : undefined;
    return p ? [{ workload: w, labels: podLabels(w.object), port: p }] : [];
  });
}

const showLabels = (labels: Record<string, string>) => Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');
const showPort = (p: PortRef) => (p.name ? `${p.number} (${p.name})` : `${p.number}`);

/** The findings for pods a source cannot reach: "<source> cannot reach <workload> on port <port> (<via>)". */
function unreachable(index: ObjectIndex, source: { namespace: string; labels: Record<string, string> }, backends: Backend[], who: string, via: string): string[] {
  return backends.filter((b) => index.network.reach(source, { namespace: b.workload.namespace ?? '', labels: b.labels }, b.port) === ('denied' as Reach))
    .map((b) => `${who} cannot reach ${b.workload.kind} ${b.workload.namespace}/${b.workload.name} on port ${showPort(b.port)} (${via}): no NetworkPolicy admits it`);
}

/** Parent Gateways of a route that are in the output. */
function parentGateways(route: PolicyTarget, index: ObjectIndex): PolicyTarget[] {
  return list(route.object?.spec?.parentRefs).filter(isMap)
    .filter((r) => (r.group ?? GATEWAY_GROUP) === GATEWAY_GROUP && (r.kind ?? 'Gateway') === 'Gateway' && typeof r.name === 'string')
    .map((r) => index.get('Gateway', typeof r.namespace === 'string' ? r.namespace : route.namespace, r.name))
    .filter((g): g is PolicyTarget => g !== undefined);
}

/** Every backend of an Ingress: the default backend and each rule path's. */
export function ingressBackends(ingress: any): any[] {
  // networking.k8s.io/v1 names `service: { name, port: { number | name } }`; the removed v1beta1 APIs `serviceName`
  // and `servicePort` (a number or a name).
  const service = (backend: any) => (isMap(backend?.service) ? backend.service : typeof backend?.serviceName === 'string'
    ? { name: backend.serviceName, port: typeof backend.servicePort === 'number' ? { number: backend.servicePort } : { name: backend.servicePort } } : undefined);
  return [
    service(ingress?.spec?.defaultBackend ?? ingress?.spec?.backend),
    ...list(ingress?.spec?.rules).flatMap((r: any) => list(r?.http?.paths).map((p: any) => service(p?.backend))),
  ].filter((b) => isMap(b) && typeof b.name === 'string');
}

/** Default ports of URL schemes whose port is implied. */
const SCHEME_PORTS: Record<string, number> = { http: 80, https: 443, ws: 80, wss: 443 };

/**
 * A Service named by an env value: "<service>[.<namespace>[.svc[.cluster.local]]]" with a port, as "host:port" or
 * a URL ("http://host[:port]/..."). Other values name no Service.
 */
export function serviceAddress(value: unknown, podNamespace: string): { name: string; namespace: string; port: number } | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const m = /^(?:([a-z][a-z0-9+.-]*):\/\/)?([a-z0-9]([-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)(?::(\d{1,5}))?(?:[/?#].*)?$/.exec(value);
  if (!m) {
    return undefined;
  }
  const port = m[5] !== undefined ? Number(m[5]) : m[1] !== undefined ? SCHEME_PORTS[m[1]] : undefined;
  if (port === undefined) {
    return undefined;
  }
  const parts = m[2].split('.');
  const suffix = parts.slice(2).join('.');
  if (parts.length > 2 && !['svc', 'svc.cluster.local'].includes(suffix)) {
    return undefined;
  }
  return { name: parts[0], namespace: parts[1] ?? podNamespace, port };
}

export const REACHABILITY_CHECKS: PolicyCheck[] = [
  defineCheck({
    id: 'ingress-backend-reachable',
    domain: 'kubernetes',
    kinds: ['Ingress'],
    description: 'The NetworkPolicies let the ingress controller reach the pods behind every backend of an Ingress (known controllers: the IngressController presets).',
    remediation: 'Allow the controller in the backend\'s namespace (keelson: ns.allowTraffic({ from: NetworkPeer.ingressController(controller), to: workload, ports: [...] })).',
    severity: 'error',
    references: [],
    check: (t, index) => {
      const controller = ingressControllerOf(t.object, index);
      if (!controller?.namespace || !controller.podLabels || typeof t.namespace !== 'string') {
        return [];
      }
      const source = { namespace: controller.namespace, labels: { ...controller.podLabels } };
      const who = `the ingress controller (pods ${showLabels(source.labels)} in namespace ${source.namespace})`;
      return [...new Set(ingressBackends(t.object).flatMap((b) => unreachable(index, source,
        serviceBackends(index, t.namespace, b.name, isMap(b.port) ? b.port : {}), who, `backend Service ${b.name} port ${b.port?.number ?? b.port?.name}`)))];
    },
  }),
  defineCheck({
    id: 'httproute-backend-reachable',
    domain: 'kubernetes',
    kinds: ['HTTPRoute', 'GRPCRoute'],
    description: 'The NetworkPolicies let the data plane of every parent Gateway reach the pods behind each backend of a route (known implementations: the GatewayController presets).',
    remediation: 'Allow the Gateway\'s proxies in the backend\'s namespace (keelson: ns.allowTraffic({ from: NetworkPeer.gateway(gateway), to: workload, ports: [...] })).',
    severity: 'error',
    references: [],
    check: (t, index) => {
      const backends = list(t.object?.spec?.rules).flatMap((r) => list(r?.backendRefs)).filter(isMap)
        .filter((b) => (b.group ?? '') === '' && (b.kind ?? 'Service') === 'Service' && typeof b.name === 'string');
      return [...new Set(parentGateways(t, index).flatMap((g) => {
        const plane = gatewayDataPlane(g, index);
        if (!plane) {
          return [];
        }
        const source = { namespace: plane.namespace, labels: { ...plane.podLabels } };
        return backends.flatMap((b) => {
          const namespace = typeof b.namespace === 'string' ? b.namespace : t.namespace;
          return unreachable(index, source, serviceBackends(index, namespace, b.name, { number: b.port }),
            `the data plane of Gateway ${g.namespace}/${g.name}`, `backend Service ${b.name} port ${b.port}`);
        });
      }))];
    },
  }),
  definePodCheck({
    id: 'service-client-reachable',
    description: 'A workload that names a Service of the output in an env value ("<service>:<port>", "<service>.<namespace>.svc:<port>" or an http(s) URL) can reach its pods under the NetworkPolicies.',
    remediation: 'Allow the flow in both namespaces (keelson: ns.allowTraffic({ from: client, to: server, ports: [...] })), or correct the address.',
    severity: 'error',
    references: [],
    check: (spec, t, index) => {
      if (typeof t.namespace !== 'string') {
        return [];
      }
      const source = { namespace: t.namespace, labels: podLabels(t.object) };
      return [...new Set(containersOf(spec).flatMap((ref) => list(ref.container?.env).filter(isMap).flatMap((e) => {
        const address = serviceAddress(e.value, t.namespace!);
        if (!address) {
          return [];
        }
        const backends = serviceBackends(index, address.namespace, address.name, { number: address.port })
          .filter((b) => b.workload !== t);
        return unreachable(index, source, backends, `container "${ref.container?.name}" (env ${e.name}=${e.value})`, `Service ${address.namespace}/${address.name} port ${address.port}`);
      })))];
    },
  }),
];
