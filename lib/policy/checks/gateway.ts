import { PLAIN_HTTP_ANNOTATION_PREFIX } from '../../core/annotations';
import { hostnamesIntersect } from '../../networking/gateway-controller';
import { defineCheck } from '../define';
import { ObjectIndex } from '../object-index';
import { listOf, mapsOf } from '../pods';
import { isMap, selectorMatches } from '../selectors';
import { PolicyCheck, PolicyTarget } from '../types';

// Checks of the Gateway API (gateway.networking.k8s.io). kube-linter, kube-score, Polaris and Checkov have no
// Gateway API checks yet (kube-linter's feature request stackrox/kube-linter#555 is open); Kubescape's C-0301 covers
// dangling route backends. The others mirror what the Gateway API controllers report in status conditions.

const GROUP = 'gateway.networking.k8s.io';
const ROUTE_KINDS = ['HTTPRoute', 'GRPCRoute'];
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** A parentRef of a route that names a Gateway, with where it points. */
interface GatewayRef {
  readonly index: number;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly sectionName?: string;
  readonly port?: number;
}

/** The parentRefs of a route that name Gateways (group and kind default to the Gateway API's). */
function gatewayRefs(route: PolicyTarget): GatewayRef[] {
  return listOf(route.object?.spec?.parentRefs).flatMap((p, index) => (isMap(p) && (p.group ?? GROUP) === GROUP && (p.kind ?? 'Gateway') === 'Gateway'
    ? [{ index, name: p.name, namespace: p.namespace ?? route.namespace, sectionName: p.sectionName, port: p.port }] : []));
}

/** Whether the output holds anything of a namespace (then its Gateways and Services should be there too). */
function namespaceInOutput(index: ObjectIndex, namespace: string | undefined): boolean {
  return index.memo('gateway: namespaces in the output', () => {
    const namespaces = new Set<string | undefined>();
    for (const t of index.targets.filter((x) => x.domain === 'kubernetes')) {
      namespaces.add(t.namespace);
      if (t.kind === 'Namespace') {
        namespaces.add(t.name);
      }
    }
    return namespaces;
  }).has(namespace);
}

/** The listeners of a Gateway that a parentRef names (all of them without sectionName or port). */
function namedListeners(gateway: any, ref: GatewayRef): any[] {
  return mapsOf(gateway?.spec?.listeners)
    .filter((l) => ref.sectionName === undefined || l.name === ref.sectionName)
    .filter((l) => ref.port === undefined || l.port === ref.port);
}

/** Whether a listener takes routes of this kind (by its protocol and allowedRoutes.kinds). */
function takesKind(listener: any, kind: string): boolean {
  const kinds = listOf(listener.allowedRoutes?.kinds);
  if (kinds.length > 0) {
    return mapsOf(kinds).some((k) => (k.group ?? GROUP) === GROUP && k.kind === kind);
  }
  return listener.protocol === 'HTTP' || listener.protocol === 'HTTPS';
}

/** Whether a listener admits routes from `namespace`; true when the namespace's labels are unknown. */
function admits(listener: any, gatewayNamespace: string | undefined, namespace: string | undefined, index: ObjectIndex): boolean {
  const from = listener.allowedRoutes?.namespaces?.from ?? 'Same';
  if (from === 'All' || namespace === gatewayNamespace) {
    return true;
  }
  if (from !== 'Selector') {
    return false;
  }
  const selector = listener.allowedRoutes?.namespaces?.selector;
  const ns = index.get('Namespace', undefined, namespace ?? '');
  const nsLabels = ns?.object?.metadata?.labels;
  const labels = { ...(isMap(nsLabels) ? nsLabels : {}), [NAMESPACE_NAME_LABEL]: namespace ?? '' };
  if (selectorMatches(selector, labels)) {
    return true;
  }
  const keys = [...Object.keys(isMap(selector?.matchLabels) ? selector.matchLabels : {}), ...mapsOf(selector?.matchExpressions).map((e) => e.key)];
  return ns === undefined && keys.some((k) => k !== NAMESPACE_NAME_LABEL);
}

/** Whether a ReferenceGrant in `namespace` lets objects of `fromKind` in `fromNamespace` refer to the named object. */
function granted(index: ObjectIndex, namespace: string, fromKind: string, fromNamespace: string | undefined, toGroup: string, toKind: string, toName: string): boolean {
  return index.ofKind('ReferenceGrant', namespace).some((g) => mapsOf(g.object?.spec?.from)
    .some((f) => f.group === GROUP && f.kind === fromKind && f.namespace === fromNamespace)
    && mapsOf(g.object?.spec?.to).some((t) => (t.group ?? '') === toGroup && t.kind === toKind && (t.name === undefined || t.name === toName)));
}

/** Whether a route has a rule that redirects to https. */
function redirectsToHttps(route: any): boolean {
  return mapsOf(route?.spec?.rules).some((r) => mapsOf(r.filters).some((f) => f.type === 'RequestRedirect' && f.requestRedirect?.scheme === 'https'));
}

const describeListener = (l: any) => `${l.name} (${l.hostname ?? 'any host'})`;

export const GATEWAY_CHECKS: PolicyCheck[] = [
  defineCheck({
    id: 'httproute-backend-exists',
    domain: 'kubernetes',
    kinds: ROUTE_KINDS,
    description: 'Every Service backend of a route exists, has the port named, and is in the route\'s namespace or one whose ReferenceGrant allows the route.',
    remediation: 'Point the backendRef at an existing Service and one of its ports (the Service port, not the container port); for another namespace, add a ReferenceGrant there.',
    severity: 'error',
    references: ['Kubescape: C-0301', 'kube-linter: dangling-ingress (the Ingress equivalent)', 'Gateway API: ResolvedRefs BackendNotFound, RefNotPermitted'],
    check: (t, index) => listOf(t.object?.spec?.rules).flatMap((rule, i) => listOf(rule?.backendRefs).flatMap((b, j) => {
      if (!isMap(b) || (b.group ?? '') !== '' || (b.kind ?? 'Service') !== 'Service') {
        return [];
      }
      const namespace: string | undefined = b.namespace ?? t.namespace;
      const where = `rules[${i}].backendRefs[${j}]`;
      const svc = index.get('Service', namespace, b.name)?.object;
      if (!svc) {
        return namespaceInOutput(index, namespace) ? [`${where}: Service ${namespace}/${b.name} does not exist`] : [];
      }
      const problems: string[] = [];
      if (!mapsOf(svc.spec?.ports).some((p) => p.port === b.port)) {
        problems.push(`${where}: Service ${namespace}/${b.name} has no port ${b.port ?? '(none given)'}`);
      }
      if (namespace !== t.namespace && !granted(index, namespace!, t.kind, t.namespace, '', 'Service', b.name)) {
        problems.push(`${where}: Service ${namespace}/${b.name} is in another namespace, and no ReferenceGrant there lets ${t.kind}s from ${t.namespace} refer to it`);
      }
      return problems;
    })),
  }),
  defineCheck({
    id: 'httproute-parent-exists',
    domain: 'kubernetes',
    kinds: ROUTE_KINDS,
    description: 'Every Gateway a route attaches to exists (when its namespace is in the output), has the listener named, and that listener takes the route from its namespace.',
    remediation: 'Name an existing Gateway and listener (sectionName) of protocol HTTP or HTTPS, and let the route\'s namespace in through the listener\'s allowedRoutes.',
    severity: 'error',
    references: ['Gateway API: Accepted NoMatchingParent, NotAllowedByListeners'],
    check: (t, index) => gatewayRefs(t).flatMap((ref) => {
      const where = `parentRefs[${ref.index}]`;
      const gateway = index.get('Gateway', ref.namespace, ref.name)?.object;
      if (!gateway) {
        return namespaceInOutput(index, ref.namespace) ? [`${where}: Gateway ${ref.namespace}/${ref.name} does not exist`] : [];
      }
      const listeners = namedListeners(gateway, ref);
      const all = mapsOf(gateway.spec?.listeners).map((l) => l.name).join(', ');
      if (listeners.length === 0) {
        return [`${where}: Gateway ${ref.namespace}/${ref.name} has no listener ${ref.sectionName !== undefined ? `"${ref.sectionName}"` : ''}${ref.port !== undefined ? ` on port ${ref.port}` : ''} (it has ${all})`];
      }
      const compatible = listeners.filter((l) => takesKind(l, t.kind));
      if (compatible.length === 0) {
        return [`${where}: no listener of Gateway ${ref.namespace}/${ref.name} that it names takes ${t.kind}s (${listeners.map((l) => `${l.name}: ${l.protocol}`).join(', ')})`];
      }
      return compatible.some((l) => admits(l, ref.namespace, t.namespace, index)) ? []
        : [`${where}: no listener of Gateway ${ref.namespace}/${ref.name} that it names admits routes from namespace ${t.namespace} (allowedRoutes of ${compatible.map((l) => l.name).join(', ')})`];
    }),
  }),
  defineCheck({
    id: 'httproute-hostname-listener',
    domain: 'kubernetes',
    kinds: ROUTE_KINDS,
    description: 'The host names of a route match the hostname of a listener it attaches to, on every Gateway of the output it names.',
    remediation: 'Use a host name the listener serves (a "*." listener covers every subdomain), or attach the route to the listener for its host.',
    severity: 'error',
    references: ['Gateway API: Accepted NoMatchingListenerHostname'],
    check: (t, index) => {
      // A host name that is no string is refused by the API server (schema validation reports it).
      const hostnames: string[] = listOf(t.object?.spec?.hostnames).filter((h) => typeof h === 'string');
      if (hostnames.length === 0) {
        return [];
      }
      return gatewayRefs(t).flatMap((ref) => {
        const gateway = index.get('Gateway', ref.namespace, ref.name)?.object;
        const listeners = gateway ? namedListeners(gateway, ref).filter((l) => takesKind(l, t.kind)) : [];
        if (listeners.length === 0 || listeners.some((l) => hostnames.some((h) => hostnamesIntersect(typeof l.hostname === 'string' ? l.hostname : undefined, h)))) {
          return [];
        }
        return [`hostnames ${hostnames.join(', ')} match no listener of Gateway ${ref.namespace}/${ref.name} named by parentRefs[${ref.index}]: ${listeners.map(describeListener).join(', ')}`];
      });
    },
  }),
  defineCheck({
    id: 'gateway-listener-tls',
    domain: 'kubernetes',
    kinds: ['Gateway'],
    description: 'Every HTTPS listener, and TLS listener that terminates TLS, names its certificate; a certificate in another namespace is allowed there by a ReferenceGrant.',
    remediation: 'Set tls.certificateRefs to the kubernetes.io/tls Secret (or let cert-manager issue it); for a Secret in another namespace, add a ReferenceGrant there.',
    severity: 'error',
    references: ['Polaris: tlsSettingsMissing (the Ingress equivalent)', 'Gateway API: ResolvedRefs InvalidCertificateRef, RefNotPermitted'],
    check: (t, index) => mapsOf(t.object?.spec?.listeners).flatMap((l) => {
      const terminates = l.protocol === 'HTTPS' || (l.protocol === 'TLS' && (l.tls?.mode ?? 'Terminate') === 'Terminate');
      if (!terminates) {
        return [];
      }
      const refs = mapsOf(l.tls?.certificateRefs);
      if (refs.length === 0 && Object.keys(isMap(l.tls?.options) ? l.tls.options : {}).length === 0) {
        return [`listener ${l.name} (${l.protocol}) names no certificate (tls.certificateRefs)`];
      }
      return refs.filter((r) => r.namespace !== undefined && r.namespace !== t.namespace && namespaceInOutput(index, r.namespace)
        && !granted(index, r.namespace, 'Gateway', t.namespace, r.group ?? '', r.kind ?? 'Secret', r.name))
        .map((r) => `listener ${l.name}: certificate ${r.kind ?? 'Secret'} ${r.namespace}/${r.name} is in another namespace, and no ReferenceGrant there lets Gateways from ${t.namespace} refer to it`);
    }),
  }),
  defineCheck({
    id: 'gateway-http-redirect',
    domain: 'kubernetes',
    kinds: ['Gateway'],
    description: 'Every HTTP listener redirects to HTTPS (an HTTPRoute on it with a RequestRedirect to scheme https), unless the reason to serve plain HTTP is recorded.',
    remediation: 'Attach a route to the listener that redirects to https (keelson: redirectToHttps: true on the listener), or record why plain HTTP is acceptable (plainHttp: { reason }).',
    severity: 'error',
    references: ['Gateway API guide: HTTP redirects (HTTP-to-HTTPS)', 'ingress-nginx: ssl-redirect (the Ingress equivalent)'],
    check: (t, index) => {
      const annotations: Record<string, unknown> = isMap(t.object?.metadata?.annotations) ? t.object.metadata.annotations : {};
      const routes = index.allOfKind('HTTPRoute').filter((r) => r.group === GROUP);
      return mapsOf(t.object?.spec?.listeners).filter((l) => l.protocol === 'HTTP').flatMap((l) => {
        const reason = annotations[`${PLAIN_HTTP_ANNOTATION_PREFIX}${l.name}`];
        if (typeof reason === 'string' && reason.trim() !== '') {
          return [];
        }
        const redirected = routes.some((r) => redirectsToHttps(r.object) && gatewayRefs(r).some((ref) => ref.name === t.name && ref.namespace === t.namespace
          && (ref.sectionName === undefined || ref.sectionName === l.name) && (ref.port === undefined || ref.port === l.port)));
        return redirected ? [] : [`listener ${l.name} (HTTP, port ${l.port}) neither redirects to HTTPS nor records why (annotation ${PLAIN_HTTP_ANNOTATION_PREFIX}${l.name})`];
      });
    },
  }),
];
