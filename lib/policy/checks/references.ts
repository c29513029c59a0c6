import { defineCheck, definePodCheck } from '../define';
import { REPLICATED_KINDS, containersOf, podLabels, podSpec } from '../pods';
import { policyTypesOf } from '../network-reach';
import { isEmptySelector, isMap, mapSelects, selectorMatches } from '../selectors';
import { PolicyCheck } from '../types';
import { autoscalerOf } from './availability';
import { ingressBackends, knownPods } from './reachability';
import { albOf, albTlsProblems } from './alb-ingress';

const list = (v: unknown): any[] => (Array.isArray(v) ? v : []);

/** True when the TLS host covers the rule host (exactly, or as a one-level "*." wildcard). */
function covers(tlsHost: string, ruleHost: string): boolean {
  return tlsHost === ruleHost || (tlsHost.startsWith('*.') && ruleHost.endsWith(tlsHost.slice(1)) && !ruleHost.slice(0, -(tlsHost.length - 1)).includes('.'));
}


/** An IANA service name, as a container port name must be: at most 15 of a-z, 0-9 and "-", a letter among them, no "--" or "-" at an end. */
const PORT_NAME = /^(?=.*[a-z])(?!-)(?!.*--)[a-z0-9-]{1,15}(?<!-)$/;

/** "port 0 (http)" for messages. */
const describeServicePort = (p: any, i: number) => `port ${i}${typeof p.name === 'string' ? ` (${p.name})` : ''}`;

/** The container port names of a pod spec. */
function containerPortNames(spec: any): Set<string> {
  return new Set(containersOf(spec).flatMap((r) => list(r.container?.ports)).filter(isMap).map((p) => p.name).filter((n): n is string => typeof n === 'string'));
}

/** The namespace a NetworkPolicy peer's pods are in, when it is known by name: the policy's, or the one a namespaceSelector names. */
function peerNamespace(peer: any, policyNamespace: string | undefined): { namespace: string | undefined } | undefined {
  if (peer.namespaceSelector === undefined) {
    return { namespace: policyNamespace };
  }
  const sel = peer.namespaceSelector;
  const labels = isMap(sel?.matchLabels) ? Object.entries(sel.matchLabels) : [];
  const exprs = Array.isArray(sel?.matchExpressions) ? sel.matchExpressions : [];
  return labels.length === 1 && labels[0][0] === NAMESPACE_NAME_LABEL && exprs.length === 0 && typeof labels[0][1] === 'string' ? { namespace: labels[0][1] } : undefined;
}

const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** Every rule peer of a NetworkPolicy, with where it is. */
function policyPeers(spec: any): Array<{ where: string; peer: any }> {
  return [
    ...list(spec?.ingress).flatMap((r, i) => list(r?.from).map((peer, j) => ({ where: `ingress rule ${i} peer ${j}`, peer }))),
    ...list(spec?.egress).flatMap((r, i) => list(r?.to).map((peer, j) => ({ where: `egress rule ${i} peer ${j}`, peer }))),
  ].filter((p) => isMap(p.peer));
}

const showSelector = (s: any) => JSON.stringify(s);

export const REFERENCE_CHECKS: PolicyCheck[] = [
  defineCheck({
    id: 'service-selects-pods',
    domain: 'kubernetes',
    kinds: ['Service'],
    description: 'A Service with a selector selects the pods of at least one workload in its namespace.',
    remediation: 'Make the selector match the pod template labels of the workload it fronts.',
    severity: 'error',
    references: ['kube-score: service-targets-pod', 'kube-linter: dangling-service'],
    check: (t, index) => {
      const selector = t.object.spec?.selector;
      if (!selector || t.object.spec?.type === 'ExternalName') {
        return [];
      }
      return index.workloadsSelectedBy(t.namespace, selector).length > 0
        ? [] : [`the selector ${JSON.stringify(selector)} matches no pods in namespace ${t.namespace}`];
    },
  }),
  defineCheck({
    id: 'ingress-backend-exists',
    domain: 'kubernetes',
    kinds: ['Ingress'],
    description: 'Every Ingress backend is a Service port that exists in the Ingress namespace.',
    remediation: 'Point the backend at an existing Service and one of its ports.',
    severity: 'error',
    references: ['kube-score: ingress-targets-service', 'kube-linter: dangling-ingress'],
    check: (t, index) => ingressBackends(t.object).flatMap((b) => {
      const svc = index.get('Service', t.namespace, b.name)?.object;
      if (!svc) {
        return [`backend Service "${b.name}" does not exist`];
      }
      const ports: any[] = list(svc.spec?.ports).filter(isMap);
      const ok = b.port?.number !== undefined ? ports.some((p) => p.port === b.port.number) : ports.some((p) => p.name === b.port?.name);
      return ok ? [] : [`Service "${b.name}" has no port ${b.port?.number ?? b.port?.name}`];
    }),
  }),
  defineCheck({
    id: 'ingress-tls-hosts',
    domain: 'kubernetes',
    kinds: ['Ingress'],
    description: 'Every TLS host of an Ingress is served by one of its rules (a rule for that host, or a catch-all: a rule without host or the default backend).',
    remediation: 'Add a rule for the host, or remove it from spec.tls.',
    severity: 'error',
    references: [],
    check: (t) => {
      const rules = list(t.object.spec?.rules).filter(isMap);
      if (rules.some((r) => r.host === undefined || r.host === '') || isMap(t.object.spec?.defaultBackend)) {
        return [];
      }
      const ruleHosts: string[] = rules.map((r) => r.host).filter((h): h is string => typeof h === 'string');
      return list(t.object.spec?.tls).filter(isMap).flatMap((tls) => list(tls.hosts).filter((h) => typeof h === 'string' && !ruleHosts.some((r) => covers(h, r)))
        .map((h: string) => `TLS host ${h} is not a host of any rule`));
    },
  }),
  defineCheck({
    id: 'ingress-tls',
    domain: 'kubernetes',
    kinds: ['Ingress'],
    description: 'An Ingress terminates TLS (spec.tls names the hosts and their certificate Secret; on an AWS ALB, an HTTPS listener '
      + 'and no plain HTTP one that does not redirect), unless the reason to serve plain HTTP is recorded.',
    remediation: 'Add TLS (keelson: tls: IngressTls.fromCertManager(...) on the WebIngress, or IngressTls.fromAcm() on an ALB), or record why plain HTTP is '
      + 'acceptable with the annotation suppress.policy.keelson.dev/ingress-tls: <reason> (suppressCheck in code).',
    severity: 'error',
    references: ['Polaris: tlsSettingsMissing'],
    check: (t, index) => {
      const hosts = list(t.object.spec?.rules).filter(isMap).map((r) => (typeof r.host === 'string' && r.host !== '' ? r.host : '*'));
      const served = hosts.length > 0 ? [...new Set(hosts)].join(', ') : 'its default backend';
      const alb = albOf(t.object, index);
      if (alb) {
        return albTlsProblems(t.object, alb, served);
      }
      return list(t.object.spec?.tls).some(isMap) ? []
        : [`the Ingress has no TLS (spec.tls is empty): it serves ${served} over plain HTTP only`];
    },
  }),
  defineCheck({
    id: 'statefulset-headless-service',
    domain: 'kubernetes',
    kinds: ['StatefulSet'],
    description: 'A StatefulSet\'s serviceName is a headless Service in its namespace whose selector (when it has one) selects the '
      + 'StatefulSet\'s pods: that Service gives each pod its stable DNS name.',
    remediation: 'Create a Service with clusterIP: None selecting the pods, and name it in spec.serviceName.',
    severity: 'error',
    references: ['kube-score: statefulset-has-servicename'],
    check: (t, index) => {
      const name = t.object?.spec?.serviceName;
      const svc = typeof name === 'string' && name !== '' ? index.get('Service', t.namespace, name)?.object : undefined;
      if (!svc) {
        return [`serviceName "${typeof name === 'string' ? name : ''}" is not a Service in namespace ${t.namespace}`];
      }
      const selector = svc.spec?.selector;
      return [
        ...(svc.spec?.clusterIP === 'None' ? [] : [`serviceName "${name}" is not headless (clusterIP is not None)`]),
        ...(isMap(selector) && Object.keys(selector).length > 0 && !mapSelects(selector, podLabels(t.object))
          ? [`serviceName "${name}" does not select the StatefulSet's pods (selector ${JSON.stringify(selector)})`] : []),
      ];
    },
  }),
  defineCheck({
    id: 'hpa-target-exists',
    domain: 'kubernetes',
    kinds: ['HorizontalPodAutoscaler'],
    description: 'A HorizontalPodAutoscaler scales a workload that exists.',
    remediation: 'Fix scaleTargetRef, or remove the autoscaler.',
    severity: 'error',
    references: ['kube-score: horizontalpodautoscaler-has-target', 'kube-linter: dangling-horizontalpodautoscaler'],
    check: (t, index) => {
      const ref = t.object.spec?.scaleTargetRef ?? {};
      return index.get(ref.kind, t.namespace, ref.name) ? [] : [`scaleTargetRef ${ref.kind} ${ref.name} does not exist`];
    },
  }),
  definePodCheck({
    id: 'hpa-target-replicas',
    kinds: REPLICATED_KINDS,
    description: 'A workload scaled by an autoscaler does not also fix its replicas (every apply would undo the scaling).',
    remediation: 'Remove spec.replicas from the workload.',
    severity: 'warning',
    references: ['kube-score: deployment-targeted-by-hpa-does-not-have-replicas-configured'],
    check: (_spec, t, index) => (autoscalerOf(t, index) && t.object.spec?.replicas !== undefined
      ? [`spec.replicas is ${t.object.spec.replicas} although an autoscaler scales it`] : []),
  }),
  defineCheck({
    id: 'networkpolicy-selects-pods',
    domain: 'kubernetes',
    kinds: ['NetworkPolicy'],
    description: 'A NetworkPolicy selects the pods of at least one workload, or the data plane of a Gateway (namespace-wide policies, `podSelector: {}`, always apply).',
    remediation: 'Fix the podSelector, or remove the policy.',
    severity: 'warning',
    references: ['kube-score: networkpolicy-targets-pod', 'kube-linter: dangling-networkpolicy'],
    check: (t, index) => {
      const selector = t.object.spec?.podSelector ?? {};
      const namespaceWide = isEmptySelector(selector);
      // The pods of the namespace's workloads, and the proxies of Gateways that run there.
      return namespaceWide || knownPods(index, t.namespace).selectedBy(selector).length > 0 ? [] : ['the podSelector matches no pods'];
    },
  }),
  defineCheck({
    id: 'service-target-port',
    domain: 'kubernetes',
    kinds: ['Service'],
    description: 'Every Service targetPort is a port number (1-65535) or a valid port name, and a named one is a container port of each workload the selector matches.',
    remediation: 'Name the container port (ports[].name) as the Service targetPort does, or target the port by number.',
    severity: 'error',
    references: ['kube-linter: invalid-target-ports'],
    check: (t, index) => {
      const selector = t.object.spec?.selector;
      const selected = isMap(selector) && t.object.spec?.type !== 'ExternalName'
        ? index.workloadsSelectedBy(t.namespace, selector).filter((w) => podSpec(w.object) !== undefined) : [];
      return list(t.object.spec?.ports).flatMap((p, i) => {
        if (!isMap(p) || p.targetPort === undefined) {
          return [];
        }
        const tp = p.targetPort;
        if (typeof tp === 'number') {
          return Number.isInteger(tp) && tp >= 1 && tp <= 65535 ? [] : [`${describeServicePort(p, i)}: targetPort ${tp} is not a port number (1-65535)`];
        }
        if (typeof tp !== 'string' || !PORT_NAME.test(tp)) {
          return [`${describeServicePort(p, i)}: targetPort ${JSON.stringify(tp)} is neither a port number nor a port name (at most 15 of a-z, 0-9 and "-", with a letter)`];
        }
        return selected.filter((w) => !containerPortNames(podSpec(w.object)).has(tp))
          .map((w) => `${describeServicePort(p, i)}: targetPort "${tp}" is not a named container port of ${w.kind} ${w.name}`);
      });
    },
  }),
  defineCheck({
    id: 'networkpolicy-peer-selects-pods',
    domain: 'kubernetes',
    kinds: ['NetworkPolicy'],
    description: 'The podSelector of every NetworkPolicy peer selects pods, where the output holds the pods of the peer\'s namespace (the policy\'s own, or one named by kubernetes.io/metadata.name).',
    remediation: 'Fix the peer\'s podSelector (labels of the pod template, not of the workload), or remove the peer.',
    severity: 'warning',
    references: ['kube-linter: dangling-networkpolicypeer-podselector'],
    check: (t, index) => policyPeers(t.object.spec).flatMap(({ where, peer }) => {
      if (peer.podSelector === undefined || isEmptySelector(peer.podSelector)) {
        return [];
      }
      const peerNs = peerNamespace(peer, t.namespace);
      const known = peerNs === undefined ? undefined : knownPods(index, peerNs.namespace);
      if (!known?.complete || known.selectedBy(peer.podSelector).length > 0) {
        return [];
      }
      return [`${where}: the podSelector ${showSelector(peer.podSelector)} matches no pods in namespace ${peerNs!.namespace ?? '(none)'}`];
    }),
  }),
  defineCheck({
    id: 'servicemonitor-selects-service',
    domain: 'kubernetes',
    kinds: ['monitoring.coreos.com/ServiceMonitor'],
    description: 'A ServiceMonitor selects a Service of the output in the namespaces it watches, and each endpoint port is a port name of a selected Service.',
    remediation: 'Make spec.selector match the Service labels (and namespaceSelector its namespace), and name a Service port in endpoints[].port.',
    severity: 'warning',
    references: ['kube-linter: dangling-servicemonitor'],
    check: (t, index) => {
      const spec = t.object.spec;
      const nsSel = spec?.namespaceSelector;
      if (!isMap(spec) || !isMap(spec.selector) || nsSel?.any === true) {
        return [];
      }
      const names: unknown[] = Array.isArray(nsSel?.matchNames) && nsSel.matchNames.length > 0 ? nsSel.matchNames : [t.namespace];
      const namespaces = names.filter((n): n is string | undefined => n === undefined || typeof n === 'string');
      // Decide only when every watched namespace is in the output with its Services.
      if (namespaces.length === 0 || !namespaces.every((n) => index.helmReleases(n).length === 0 && (index.ofKind('Service', n).length > 0 || index.ownsNamespace(n)))) {
        return [];
      }
      // A ServiceMonitor without namespace goes where it is applied: any namespace's Services may be its own.
      const candidates = t.namespace === undefined && names[0] === undefined ? index.allOfKind('Service') : namespaces.flatMap((n) => index.ofKind('Service', n));
      const services = candidates.filter((s) => selectorMatches(spec.selector, s.object.metadata?.labels ?? {}));
      if (services.length === 0) {
        return [`the selector ${showSelector(spec.selector)} matches no Service in namespace ${namespaces.map((n) => n ?? '(none)').join(', ')}`];
      }
      const portNames = new Set(services.flatMap((s) => list(s.object.spec?.ports)).filter(isMap).map((p) => p.name));
      return list(spec.endpoints).flatMap((e, i) => (isMap(e) && typeof e.port === 'string' && !portNames.has(e.port)
        ? [`endpoint ${i}: no selected Service (${services.map((s) => s.name).join(', ')}) has a port named "${e.port}"`] : []));
    },
  }),
  definePodCheck({
    id: 'pod-network-policy',
    description: 'Pods are selected by NetworkPolicies in their namespace that restrict both their ingress and their egress '
      + '(policyTypes Ingress and Egress, in one policy or two): default deny plus explicit allows. A policy without policyTypes '
      + 'restricts ingress, and egress only when it has egress rules.',
    remediation: 'Use a SecureNamespace (default deny of both directions, with DNS) and allow the flows the workload needs.',
    severity: 'error',
    references: ['kube-score: pod-networkpolicy', 'Polaris: missingNetworkPolicy', 'CKV2_K8S_6', 'kube-linter: non-isolated-pod'],
    check: (_spec, t, index) => {
      const selecting = index.selecting('NetworkPolicy', t.namespace, podLabels(t.object));
      const ns = t.namespace ?? '(none)';
      if (selecting.length === 0) {
        return [`no NetworkPolicy in namespace ${ns} selects the pods`];
      }
      const types = new Set(selecting.flatMap((p) => policyTypesOf(p.object?.spec)));
      return ['Ingress', 'Egress'].filter((d) => !types.has(d)).map((d) => `no NetworkPolicy in namespace ${ns} restricts the pods' `
        + `${d.toLowerCase()} (policyTypes ${d}); selected by ${selecting.map((p) => p.name).join(', ')}`);
    },
  }),
];

