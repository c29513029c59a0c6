import { OPEN_LOAD_BALANCER_REASON_ANNOTATION } from '../../core/annotations';
import { defineCheck } from '../define';
import { podLabels } from '../pods';
import { mapSelects } from '../selectors';
import { PolicyCheck } from '../types';

/** The label that ties an EndpointSlice to its Service (same namespace). */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/** The label naming who manages an EndpointSlice; the EndpointSlice controller leaves slices with another value alone. */
export const ENDPOINTSLICE_MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';

/** The values of {@link ENDPOINTSLICE_MANAGED_BY_LABEL} on the slices Kubernetes' own controllers write. */
const CONTROLLER_MANAGED: readonly unknown[] = ['endpointslice-controller.k8s.io', 'endpointslicemirroring-controller.k8s.io'];

/** The legacy annotation form of `spec.loadBalancerSourceRanges` (comma-separated CIDRs), still honoured. */
export const SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';

/** An admin UI, admin API or FaaS gateway that must not be published on node ports or a load balancer. */
export interface AdminGateway {
  /** What it is, for messages, e.g. "the Argo CD API server and UI". */
  readonly what: string;
  /** Labels its pods carry; a Service selector that contains all of them selects it. */
  readonly podLabels: Readonly<Record<string, string>>;
  /** The check that reports it, when not `service-admin-exposed` (so that one Service is reported once). */
  readonly reportedBy?: string;
}

/** The OpenFaaS gateway, as the openfaas chart labels its pods (its Service port 8080 is the container port "http"). */
export const OPENFAAS_GATEWAY: AdminGateway = {
  what: 'the OpenFaaS gateway (it deploys and invokes functions)', podLabels: { app: 'gateway' }, reportedBy: 'faas-control-plane-exposed',
};

/**
 * Well-known admin gateways, by the pod labels of their upstream manifests and charts. A NodePort or LoadBalancer
 * Service in front of one publishes a control plane (cluster or deployment credentials) on every node or to the
 * network; the `Service` construct refuses it and `service-admin-exposed` reports it in any output.
 */
export const ADMIN_GATEWAYS: readonly AdminGateway[] = [
  OPENFAAS_GATEWAY,
  { what: 'the OpenFaaS provider API (faas-netes)', podLabels: { app: 'faas-netesd' }, reportedBy: 'faas-control-plane-exposed' },
  { what: 'the Kubernetes Dashboard', podLabels: { 'k8s-app': 'kubernetes-dashboard' } },
  { what: 'the Kubernetes Dashboard (Helm chart 7)', podLabels: { 'app.kubernetes.io/part-of': 'kubernetes-dashboard' } },
  { what: 'the Kubernetes Dashboard\'s Kong proxy (Helm chart 7)', podLabels: { 'app.kubernetes.io/name': 'kong', 'app.kubernetes.io/instance': 'kubernetes-dashboard' } },
  { what: 'the Argo CD API server and UI', podLabels: { 'app.kubernetes.io/name': 'argocd-server' } },
];

/** The admin gateways whose pod labels a Service selector contains (it selects their pods). */
export function adminGatewaysSelectedBy(selector: Readonly<Record<string, string>> | undefined): AdminGateway[] {
  return ADMIN_GATEWAYS.filter((g) => mapSelects(g.podLabels as Record<string, string>, selector as Record<string, string> | undefined));
}

/** `k=v, k2=v2` for messages. */
export function formatLabels(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(', ');
}

/** Whether a CIDR covers every address of its family (prefix length 0, e.g. "0.0.0.0/0" or "::/0"). */
export function coversEveryAddress(cidr: string): boolean {
  return typeof cidr === 'string' && /\/0+$/.test(cidr.trim());
}

/** The source ranges of a LoadBalancer Service: the field, else the legacy annotation. */
function sourceRanges(service: any): string[] {
  const field: unknown = service.spec?.loadBalancerSourceRanges;
  if (Array.isArray(field) && field.length > 0) {
    return field.map(String);
  }
  const annotation = service.metadata?.annotations?.[SOURCE_RANGES_ANNOTATION];
  return typeof annotation === 'string' ? annotation.split(',').map((r) => r.trim()).filter((r) => r !== '') : [];
}

const isExposed = (service: any) => service.spec?.type === 'NodePort' || service.spec?.type === 'LoadBalancer';

export const SERVICE_CHECKS: PolicyCheck[] = [
  defineCheck({
    id: 'service-source-ranges',
    domain: 'kubernetes',
    kinds: ['Service'],
    description: 'A LoadBalancer Service admits only listed client ranges (loadBalancerSourceRanges); a range of every address (0.0.0.0/0, ::/0) carries a recorded reason.',
    remediation: 'List the client CIDRs in spec.loadBalancerSourceRanges (loadBalancer.sourceRanges of the Service construct); to admit every address, '
      + `record why in the annotation ${OPEN_LOAD_BALANCER_REASON_ANNOTATION} (loadBalancer.openToAll).`,
    severity: 'error',
    references: ['kube-linter: exposed-services', 'Kubernetes: Service loadBalancerSourceRanges', 'AWS: restrict CIDR IP addresses for a LoadBalancer Service on EKS'],
    check: (t) => {
      if (t.object.spec?.type !== 'LoadBalancer') {
        return [];
      }
      const ranges = sourceRanges(t.object);
      if (ranges.length === 0) {
        return ['the LoadBalancer Service lists no loadBalancerSourceRanges, so every address that reaches the load balancer may connect'];
      }
      const reason = String(t.object.metadata?.annotations?.[OPEN_LOAD_BALANCER_REASON_ANNOTATION] ?? '').trim();
      return ranges.filter(coversEveryAddress).filter(() => reason === '')
        .map((r) => `loadBalancerSourceRanges includes ${r} (every address) and the Service records no reason (annotation ${OPEN_LOAD_BALANCER_REASON_ANNOTATION})`);
    },
  }),
  defineCheck({
    id: 'service-admin-exposed',
    domain: 'kubernetes',
    kinds: ['Service'],
    description: 'No NodePort or LoadBalancer Service publishes an admin UI or API (the Kubernetes Dashboard, the Argo CD server) outside the cluster.',
    remediation: 'Make the Service ClusterIP and reach the UI through an Ingress with TLS and single sign-on, or with kubectl port-forward.',
    severity: 'error',
    references: ['kube-linter: exposed-services', 'Kubernetes Dashboard: accessing the Dashboard UI', 'Argo CD: ingress configuration'],
    check: (t, index) => {
      const selector = t.object.spec?.selector;
      if (!isExposed(t.object) || selector === null || typeof selector !== 'object' || Object.keys(selector).length === 0) {
        return [];
      }
      // By the selector itself (pods installed by a chart are not in the output), and by the pods it selects here.
      const selectedLabels = index.workloadsSelectedBy(t.namespace, selector).map((w) => podLabels(w.object));
      const gateways = new Set([
        ...adminGatewaysSelectedBy(selector),
        ...selectedLabels.flatMap((labels) => ADMIN_GATEWAYS.filter((g) => mapSelects(g.podLabels as Record<string, string>, labels))),
      ]);
      return [...gateways].filter((g) => g.reportedBy === undefined)
        .map((g) => `the ${t.object.spec.type} Service publishes ${g.what} (pods ${formatLabels(g.podLabels)}) outside the cluster`);
    },
  }),
  defineCheck({
    id: 'service-node-port',
    domain: 'kubernetes',
    kinds: ['Service'],
    description: 'Services are not of type NodePort: a node port is opened on every node, for any client that reaches a node.',
    remediation: 'Publish the Service through an Ingress or a LoadBalancer Service with source ranges; if node ports are what you need, suppress this check with the reason.',
    severity: 'warning',
    references: ['kube-score: service-type', 'kube-linter: exposed-services', 'Gatekeeper: block-nodeport-services', 'Kyverno: restrict-nodeport'],
    check: (t) => {
      if (t.object.spec?.type !== 'NodePort') {
        return [];
      }
      const ports = (Array.isArray(t.object.spec.ports) ? t.object.spec.ports : []).map((p: any) => p?.nodePort ?? `(port ${p?.port}, any free)`);
      return [`the NodePort Service opens node port(s) ${ports.join(', ')} on every node`];
    },
  }),
  defineCheck({
    id: 'endpointslice-service',
    domain: 'kubernetes',
    kinds: ['EndpointSlice'],
    description: `An EndpointSlice written by hand names (label ${SERVICE_NAME_LABEL}) a Service without selector in its namespace, and its port names are that Service's.`,
    remediation: `Label the EndpointSlice ${SERVICE_NAME_LABEL}: <service>, give the Service no selector, and name the slice's ports as the Service's `
      + '(the ExternalEndpoints construct writes both).',
    severity: 'error',
    references: ['Kubernetes: Services without selectors', 'Kubernetes: EndpointSlices'],
    check: (t, index) => {
      if (CONTROLLER_MANAGED.includes(t.object.metadata?.labels?.[ENDPOINTSLICE_MANAGED_BY_LABEL])) {
        return [];
      }
      const name = t.object.metadata?.labels?.[SERVICE_NAME_LABEL];
      if (typeof name !== 'string' || name === '') {
        return [`the EndpointSlice has no label ${SERVICE_NAME_LABEL}, so no Service uses its endpoints`];
      }
      const service = index.get('Service', t.namespace, name)?.object;
      if (!service) {
        return [`Service "${name}" (label ${SERVICE_NAME_LABEL}) does not exist in namespace ${t.namespace}`];
      }
      if (service.spec?.type === 'ExternalName') {
        return [`Service "${name}" is of type ExternalName, which has no endpoints`];
      }
      const selector = service.spec?.selector;
      if (selector !== null && typeof selector === 'object' && Object.keys(selector).length > 0) {
        return [`Service "${name}" has a selector, so the EndpointSlice controller manages its endpoints: remove the selector, or this EndpointSlice`];
      }
      const servicePorts: string[] = (Array.isArray(service.spec?.ports) ? service.spec.ports : []).map((p: any) => String(p?.name ?? ''));
      const slicePorts: string[] = (Array.isArray(t.object.ports) ? t.object.ports : []).map((p: any) => String(p?.name ?? ''));
      const shown = (n: string) => (n === '' ? 'the unnamed port' : `port "${n}"`);
      return [
        ...slicePorts.filter((p) => !servicePorts.includes(p))
          .map((p) => `${shown(p)} is not a port of Service "${name}" (its ports: ${servicePorts.map((s) => s || '(unnamed)').join(', ') || 'none'})`),
        ...servicePorts.filter((p) => !slicePorts.includes(p)).map((p) => `Service "${name}" ${shown(p)} has no port in this EndpointSlice`),
      ];
    },
  }),
];
