import { ISTIO_PORT_PROTOCOLS, hasProtocolPrefix } from '../../mesh/istio-common';
import { defineCheck } from '../define';
import { ObjectIndex } from '../object-index';
import { listOf, mapsOf, podLabels } from '../pods';
import { isMap, selectorMatches } from '../selectors';
import { PolicyCheck, PolicyTarget } from '../types';

const VIRTUAL_SERVICE = 'networking.istio.io/VirtualService';
const DESTINATION_RULE = 'networking.istio.io/DestinationRule';

/** The namespace and short name a host refers to: "reviews", "reviews.shop", "reviews.shop.svc[.cluster.local]". */
function resolveHost(host: unknown, namespace: string | undefined): { name: string; namespace: string | undefined } | undefined {
  if (typeof host !== 'string' || host === '') {
    return undefined;
  }
  const parts = host.split('.');
  if (parts.length === 1) {
    return { name: host, namespace };
  }
  if (parts.length === 2 || (parts[2] === 'svc' && (parts.length === 3 || parts.slice(3).join('.') === 'cluster.local'))) {
    return { name: parts[0], namespace: parts[1] };
  }
  return undefined;
}

/** Hosts declared outside the mesh by ServiceEntries. */
function externalHosts(index: ObjectIndex): Set<string> {
  return index.memo('istio external hosts', () => new Set(index.allOfKind('networking.istio.io/ServiceEntry').flatMap((t) => listOf(t.object?.spec?.hosts))));
}

/** The destinations of every HTTP route of a VirtualService, with where they are (a missing host reads as ""). */
function destinations(vs: PolicyTarget): Array<{ field: string; host: string; subset?: string }> {
  return listOf(vs.object?.spec?.http).flatMap((r: any, i: number) => listOf(r?.route).map((d: any, j: number) => ({
    field: `http[${i}].route[${j}]`, host: typeof d?.destination?.host === 'string' ? d.destination.host : '', subset: d?.destination?.subset,
  })));
}

/** The DestinationRules that apply to a host seen from a namespace. */
function rulesFor(host: string, namespace: string | undefined, index: ObjectIndex): PolicyTarget[] {
  const target = resolveHost(host, namespace);
  return index.allOfKind(DESTINATION_RULE).filter((dr) => {
    const h = resolveHost(dr.object?.spec?.host, dr.namespace);
    return h && target ? h.name === target.name && h.namespace === target.namespace : dr.object?.spec?.host === host;
  });
}

/** Whether STRICT mutual TLS applies to a namespace (by a namespace or mesh-wide PeerAuthentication). */
function strictIn(namespace: string | undefined, index: ObjectIndex): boolean {
  const policies = index.memo('istio namespace-wide peer authentications',
    () => index.allOfKind('security.istio.io/PeerAuthentication').filter((t) => !t.object?.spec?.selector));
  const own = policies.find((p) => p.namespace === namespace);
  const mesh = policies.find((p) => p.namespace === 'istio-system');
  return (own ?? mesh)?.object?.spec?.mtls?.mode === 'STRICT';
}

/** TLS protocol versions below 1.2, as Istio names them. */
const WEAK_TLS = ['TLSV1_0', 'TLSV1_1'];

/** The weak minimum TLS versions of a mesh config (meshMTLS between workloads, tlsDefaults for the rest), with their field. */
function weakMeshTls(meshConfig: unknown, prefix: string): string[] {
  const mesh = isMap(meshConfig) ? meshConfig : {};
  return ['meshMTLS', 'tlsDefaults'].filter((k) => isMap(mesh[k]) && WEAK_TLS.includes(mesh[k].minProtocolVersion))
    .map((k) => `${prefix}.${k}.minProtocolVersion is ${mesh[k].minProtocolVersion} (below TLS 1.2)`);
}

export const ISTIO_CHECKS: PolicyCheck[] = [
  defineCheck({
    id: 'istio-destination-host',
    domain: 'kubernetes',
    kinds: [VIRTUAL_SERVICE],
    description: 'Every VirtualService destination is a Service of the app, or a host declared by a ServiceEntry.',
    remediation: 'Route to an existing Service (name or name.namespace.svc.cluster.local), or add a ServiceEntry for an outside host.',
    severity: 'error',
    references: ['Cloud Native with Kubernetes erratum M15 (host service-a has no Service)'],
    check: (t, index) => {
      const external = externalHosts(index);
      return destinations(t).filter((d) => {
        const r = resolveHost(d.host, t.namespace);
        return !external.has(d.host) && !(r && index.get('Service', r.namespace, r.name));
      }).map((d) => (d.host === '' ? `${d.field} has no destination host` : `${d.field} routes to host ${d.host}, which is no Service or ServiceEntry`));
    },
  }),
  defineCheck({
    id: 'istio-subset-exists',
    domain: 'kubernetes',
    kinds: [VIRTUAL_SERVICE],
    description: 'Every subset a route names is defined by a DestinationRule of its host.',
    remediation: 'Add the subset to the host\'s DestinationRule, or route to an existing one.',
    severity: 'error',
    references: ['Cloud Native with Kubernetes erratum M13/M14 (subset v1 without pods)'],
    check: (t, index) => destinations(t).filter((d) => d.subset !== undefined)
      .filter((d) => !rulesFor(d.host, t.namespace, index).some((dr) => mapsOf(dr.object?.spec?.subsets).some((s) => s.name === d.subset)))
      .map((d) => `${d.field} routes to subset ${d.subset} of ${d.host}, which no DestinationRule defines`),
  }),
  defineCheck({
    id: 'istio-route-weights',
    domain: 'kubernetes',
    kinds: [VIRTUAL_SERVICE],
    description: 'The weights of a route with several destinations add up to 100.',
    remediation: 'Adjust the weights so that they total 100.',
    severity: 'error',
    references: ['Istio: HTTPRouteDestination.weight'],
    check: (t) => listOf(t.object?.spec?.http).flatMap((r: any, i: number) => {
      const route: any[] = listOf(r?.route);
      const total = route.reduce((sum, d) => sum + (typeof d?.weight === 'number' ? d.weight : 0), 0);
      return route.length > 1 && total !== 100 ? [`http[${i}] weights add up to ${total}`] : [];
    }),
  }),
  defineCheck({
    id: 'istio-gateway-exists',
    domain: 'kubernetes',
    kinds: [VIRTUAL_SERVICE],
    description: 'Every Gateway a VirtualService binds to exists.',
    remediation: 'Name an existing Gateway ("name" or "namespace/name"), or "mesh".',
    severity: 'error',
    references: ['Istio: VirtualService.gateways'],
    check: (t, index) => listOf(t.object?.spec?.gateways).filter((g): g is string => typeof g === 'string' && g !== 'mesh').filter((g) => {
      const [ns, name] = g.includes('/') ? g.split('/') : [t.namespace, g];
      return !index.get('networking.istio.io/Gateway', ns, name);
    }).map((g: string) => `gateway ${g} does not exist`),
  }),
  defineCheck({
    id: 'istio-gateway-credential',
    domain: 'kubernetes',
    kinds: ['networking.istio.io/Gateway'],
    description: 'Every TLS-terminating Gateway server names its certificate Secret (credentialName).',
    remediation: 'Set tls.credentialName to a kubernetes.io/tls Secret in the namespace of the gateway pods.',
    severity: 'error',
    references: ['Istio: ServerTLSSettings.credentialName'],
    check: (t) => listOf(t.object?.spec?.servers).flatMap((s, i: number) => (isMap(s) && ['SIMPLE', 'MUTUAL', 'OPTIONAL_MUTUAL'].includes(s.tls?.mode) && !s.tls?.credentialName
      ? [`servers[${i}] terminates TLS (${s.tls.mode}) without a credentialName`] : [])),
  }),
  defineCheck({
    id: 'istio-strict-mtls-plaintext',
    domain: 'kubernetes',
    kinds: ['security.istio.io/PeerAuthentication', DESTINATION_RULE],
    description: 'Where STRICT mutual TLS applies, nothing carves out plain-text ports or sends plain text to its hosts.',
    remediation: 'Remove the DISABLE/PERMISSIVE port-level mode, or the DestinationRule TLS mode DISABLE, inside a STRICT namespace.',
    severity: 'error',
    references: ['Cloud Native with Kubernetes A9 (ISTIO_MUTUAL per rule)'],
    check: (t, index) => {
      if (t.kind === 'PeerAuthentication') {
        const portLevel = isMap(t.object?.spec?.portLevelMtls) ? t.object.spec.portLevelMtls : {};
        const ports = Object.entries(portLevel).filter(([, m]: [string, any]) => m?.mode !== 'STRICT');
        return strictIn(t.namespace, index) || t.object?.spec?.mtls?.mode === 'STRICT'
          ? ports.map(([p, m]: [string, any]) => `port ${p} accepts plain text (${m?.mode ?? 'no mode'}) although STRICT mutual TLS applies`) : [];
      }
      const host = resolveHost(t.object?.spec?.host, t.namespace);
      const modes = [t.object?.spec?.trafficPolicy?.tls?.mode, ...mapsOf(t.object?.spec?.subsets).map((s) => s.trafficPolicy?.tls?.mode)];
      return host && strictIn(host.namespace, index) && modes.includes('DISABLE')
        ? [`clients send plain text to ${t.object.spec.host}, whose namespace requires mutual TLS`] : [];
    },
  }),
  defineCheck({
    id: 'istio-port-protocol',
    domain: 'kubernetes',
    kinds: ['Service'],
    description: 'Service ports in namespaces with sidecar injection name their protocol (name prefix or appProtocol).',
    remediation: `Name ports "<protocol>" or "<protocol>-<suffix>" (${ISTIO_PORT_PROTOCOLS.join(', ')}), or set appProtocol.`,
    severity: 'warning',
    references: ['Istio: protocol selection'],
    check: (t, index) => {
      const nsLabels = index.get('Namespace', undefined, t.namespace ?? '')?.object?.metadata?.labels;
      const labels = isMap(nsLabels) ? nsLabels : {};
      if (labels['istio-injection'] !== 'enabled' && !labels['istio.io/rev']) {
        return [];
      }
      return mapsOf(t.object?.spec?.ports).filter((p) => !p.appProtocol && !hasProtocolPrefix(typeof p.name === 'string' ? p.name : ''))
        .map((p: any) => `port ${p.name ?? p.port} does not tell Istio its protocol`);
    },
  }),
  defineCheck({
    id: 'istio-subset-selects-pods',
    domain: 'kubernetes',
    kinds: [DESTINATION_RULE],
    description: 'Every subset of a DestinationRule selects the pods of at least one workload behind its host.',
    remediation: 'Fix the subset labels, or deploy the version it names (requests to an empty subset fail with 503).',
    severity: 'warning',
    references: ['Cloud Native with Kubernetes erratum M13/M14'],
    check: (t, index) => {
      const host = resolveHost(t.object?.spec?.host, t.namespace);
      const svc = host ? index.get('Service', host.namespace, host.name)?.object : undefined;
      if (!svc) {
        return [];
      }
      const selected = index.workloadsSelectedBy(host!.namespace, svc.spec?.selector).map((w) => podLabels(w.object));
      return mapsOf(t.object?.spec?.subsets).filter((s) => !selected.some((labels) => selectorMatches({ matchLabels: s.labels }, labels)))
        .map((s: any) => `subset ${s.name} selects no pods of Service ${svc.metadata?.name}`);
    },
  }),
  defineCheck({
    id: 'istio-min-tls-version',
    domain: 'kubernetes',
    kinds: ['networking.istio.io/Gateway', 'install.istio.io/IstioOperator'],
    description: 'Istio accepts no TLS below 1.2: Gateway servers (tls.minProtocolVersion, tls.maxProtocolVersion) and the mesh config of an IstioOperator.',
    remediation: 'Remove minProtocolVersion (Istio defaults to TLS 1.2) or set TLSV1_2 or TLSV1_3; never cap maxProtocolVersion below TLSV1_2.',
    severity: 'error',
    references: ['Istio: Gateway ServerTLSSettings minProtocolVersion', 'Istio: workload minimum TLS version'],
    check: (t) => {
      if (t.kind === 'IstioOperator') {
        return weakMeshTls(t.object?.spec?.meshConfig, 'spec.meshConfig');
      }
      const servers = Array.isArray(t.object?.spec?.servers) ? t.object.spec.servers : [];
      return servers.flatMap((server: unknown, i: number) => {
        const tls = isMap(server) && isMap(server.tls) ? server.tls : {};
        const name = isMap(server) && isMap(server.port) && server.port.name ? ` (port ${server.port.name})` : '';
        return ['minProtocolVersion', 'maxProtocolVersion'].filter((k) => WEAK_TLS.includes(tls[k]))
          .map((k) => `servers[${i}]${name} tls.${k} is ${tls[k]}, so clients may use TLS below 1.2`);
      });
    },
  }),
  defineCheck({
    id: 'istio-mesh-min-tls-version',
    domain: 'helm',
    kinds: ['HelmRelease'],
    description: 'An Istio release (istiod chart) keeps the mesh at TLS 1.2 or above (meshConfig.meshMTLS and tlsDefaults minProtocolVersion).',
    remediation: 'Remove meshConfig.meshMTLS.minProtocolVersion and meshConfig.tlsDefaults.minProtocolVersion, or set TLSV1_2 or TLSV1_3.',
    severity: 'error',
    references: ['Istio: workload minimum TLS version'],
    check: (t) => weakMeshTls(t.object?.values?.meshConfig, 'values.meshConfig'),
  }),
];
