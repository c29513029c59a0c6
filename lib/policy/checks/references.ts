import { defineCheck, definePodCheck } from '../define';
import { REPLICATED_KINDS, podLabels } from '../pods';
import { mapSelects, selectorMatches } from '../selectors';
import { PolicyCheck } from '../types';
import { autoscalerOf } from './availability';

/** True when the TLS host covers the rule host (exactly, or as a one-level "*." wildcard). */
function covers(tlsHost: string, ruleHost: string): boolean {
  return tlsHost === ruleHost || (tlsHost.startsWith('*.') && ruleHost.endsWith(tlsHost.slice(1)) && !ruleHost.slice(0, -(tlsHost.length - 1)).includes('.'));
}

/** Every backend of an Ingress: the default backend and each rule path's. */
function ingressBackends(ingress: any): any[] {
  return [
    ...(ingress.spec?.defaultBackend?.service ? [ingress.spec.defaultBackend.service] : []),
    ...(ingress.spec?.rules ?? []).flatMap((r: any) => (r.http?.paths ?? []).map((p: any) => p.backend?.service).filter(Boolean)),
  ];
}

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
      return index.workloads(t.namespace).some((w) => mapSelects(selector, podLabels(w.object)))
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
      const ports: any[] = svc.spec?.ports ?? [];
      const ok = b.port?.number !== undefined ? ports.some((p) => p.port === b.port.number) : ports.some((p) => p.name === b.port?.name);
      return ok ? [] : [`Service "${b.name}" has no port ${b.port?.number ?? b.port?.name}`];
    }),
  }),
  defineCheck({
    id: 'ingress-tls-hosts',
    domain: 'kubernetes',
    kinds: ['Ingress'],
    description: 'Every TLS host of an Ingress is a host of its rules.',
    remediation: 'Add a rule for the host, or remove it from spec.tls.',
    severity: 'error',
    references: ['Polaris: tlsSettingsMissing'],
    check: (t) => {
      const ruleHosts: string[] = (t.object.spec?.rules ?? []).map((r: any) => r.host).filter(Boolean);
      return (t.object.spec?.tls ?? []).flatMap((tls: any) => (tls.hosts ?? []).filter((h: string) => !ruleHosts.some((r) => covers(h, r)))
        .map((h: string) => `TLS host ${h} is not a host of any rule`));
    },
  }),
  defineCheck({
    id: 'statefulset-headless-service',
    domain: 'kubernetes',
    kinds: ['StatefulSet'],
    description: 'A StatefulSet\'s serviceName is a headless Service in its namespace.',
    remediation: 'Create a Service with clusterIP: None selecting the pods, and name it in spec.serviceName.',
    severity: 'error',
    references: ['kube-score: statefulset-has-servicename'],
    check: (t, index) => {
      const name = t.object.spec?.serviceName;
      const svc = name ? index.get('Service', t.namespace, name)?.object : undefined;
      if (!svc) {
        return [`serviceName "${name ?? ''}" is not a Service in namespace ${t.namespace}`];
      }
      return svc.spec?.clusterIP === 'None' ? [] : [`serviceName "${name}" is not headless (clusterIP is not None)`];
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
    description: 'A NetworkPolicy selects the pods of at least one workload (namespace-wide policies, `podSelector: {}`, always apply).',
    remediation: 'Fix the podSelector, or remove the policy.',
    severity: 'warning',
    references: ['kube-score: networkpolicy-targets-pod', 'kube-linter: dangling-networkpolicy'],
    check: (t, index) => {
      const selector = t.object.spec?.podSelector ?? {};
      const namespaceWide = Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
      return namespaceWide || index.workloads(t.namespace).some((w) => selectorMatches(selector, podLabels(w.object))) ? [] : ['the podSelector matches no pods'];
    },
  }),
  definePodCheck({
    id: 'pod-network-policy',
    description: 'Pods are selected by a NetworkPolicy in their namespace (default deny plus explicit allows).',
    remediation: 'Use a SecureNamespace (default deny with DNS) and allow the flows the workload needs.',
    severity: 'error',
    references: ['kube-score: pod-networkpolicy', 'Polaris: missingNetworkPolicy', 'CKV2_K8S_6'],
    check: (_spec, t, index) => (index.ofKind('NetworkPolicy', t.namespace).some((p) => selectorMatches(p.object.spec?.podSelector, podLabels(t.object)))
      ? [] : [`no NetworkPolicy in namespace ${t.namespace ?? '(none)'} selects the pods`]),
  }),
];
