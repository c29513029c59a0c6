import { defineCheck } from '../define';
import { PolicyCheck } from '../types';

/** apiVersions removed from Kubernetes (and kinds removed in every version). */
const REMOVED: Array<{ apiVersion: string; kinds?: string[]; removedIn: string; use: string }> = [
  { apiVersion: 'extensions/v1beta1', removedIn: '1.22', use: 'apps/v1 or networking.k8s.io/v1' },
  { apiVersion: 'apps/v1beta1', removedIn: '1.16', use: 'apps/v1' },
  { apiVersion: 'apps/v1beta2', removedIn: '1.16', use: 'apps/v1' },
  { apiVersion: 'networking.k8s.io/v1beta1', removedIn: '1.22', use: 'networking.k8s.io/v1' },
  { apiVersion: 'rbac.authorization.k8s.io/v1beta1', removedIn: '1.22', use: 'rbac.authorization.k8s.io/v1' },
  { apiVersion: 'rbac.authorization.k8s.io/v1alpha1', removedIn: '1.22', use: 'rbac.authorization.k8s.io/v1' },
  { apiVersion: 'policy/v1beta1', removedIn: '1.25', use: 'policy/v1 (PodDisruptionBudget) or Pod Security Admission (PodSecurityPolicy)' },
  { apiVersion: 'batch/v1beta1', removedIn: '1.25', use: 'batch/v1' },
  { apiVersion: 'autoscaling/v2beta1', removedIn: '1.25', use: 'autoscaling/v2' },
  { apiVersion: 'autoscaling/v2beta2', removedIn: '1.26', use: 'autoscaling/v2' },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['StorageClass', 'CSIDriver', 'CSINode', 'VolumeAttachment', 'CSIStorageCapacity'], removedIn: '1.27', use: 'storage.k8s.io/v1' },
  { apiVersion: 'admissionregistration.k8s.io/v1beta1', kinds: ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'], removedIn: '1.22', use: 'admissionregistration.k8s.io/v1' },
  { apiVersion: 'apiextensions.k8s.io/v1beta1', removedIn: '1.22', use: 'apiextensions.k8s.io/v1' },
  { apiVersion: 'scheduling.k8s.io/v1beta1', removedIn: '1.22', use: 'scheduling.k8s.io/v1' },
  { apiVersion: 'coordination.k8s.io/v1beta1', removedIn: '1.22', use: 'coordination.k8s.io/v1' },
  { apiVersion: 'certificates.k8s.io/v1beta1', removedIn: '1.22', use: 'certificates.k8s.io/v1' },
  { apiVersion: 'discovery.k8s.io/v1beta1', removedIn: '1.25', use: 'discovery.k8s.io/v1' },
  { apiVersion: 'events.k8s.io/v1beta1', removedIn: '1.25', use: 'events.k8s.io/v1' },
  { apiVersion: 'node.k8s.io/v1beta1', removedIn: '1.25', use: 'node.k8s.io/v1' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1', removedIn: '1.26', use: 'flowcontrol.apiserver.k8s.io/v1' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', removedIn: '1.29', use: 'flowcontrol.apiserver.k8s.io/v1' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', removedIn: '1.32', use: 'flowcontrol.apiserver.k8s.io/v1' },
];

/** apiVersions still served but deprecated, with their replacement. */
const DEPRECATED: Record<string, string> = {
  'networking.istio.io/v1alpha3': 'networking.istio.io/v1',
  'networking.istio.io/v1beta1': 'networking.istio.io/v1',
  'security.istio.io/v1beta1': 'security.istio.io/v1',
  'external-secrets.io/v1beta1': 'external-secrets.io/v1',
  'cert-manager.io/v1alpha2': 'cert-manager.io/v1',
  'admissionregistration.k8s.io/v1beta1': 'admissionregistration.k8s.io/v1',
};

export const API_HYGIENE_CHECKS: PolicyCheck[] = [
  defineCheck({
    id: 'cluster-scoped-namespace',
    domain: 'kubernetes',
    // Every kind: a custom kind is cluster-scoped when its CRD among the checked objects says so.
    kinds: ['*'],
    description: 'Cluster-scoped objects carry no namespace.',
    remediation: 'Remove metadata.namespace; the API server ignores it and some appliers fail on it.',
    severity: 'error',
    references: ['The Kubernetes Workshop errata K18, K19, K22'],
    check: (t, index) => (index.scopeOf(t) === 'Cluster' && t.object.metadata?.namespace !== undefined
      ? [`${t.kind} is cluster-scoped but sets namespace ${t.object.metadata.namespace}`] : []),
  }),
  defineCheck({
    id: 'removed-api-version',
    domain: 'kubernetes',
    kinds: ['*'],
    description: 'No object uses an apiVersion (or kind) removed from Kubernetes.',
    remediation: 'Move to the current apiVersion named in the finding.',
    severity: 'error',
    references: ['kube-score: stable-version', 'kube-linter: no-extensions-v1beta'],
    check: (t) => {
      if (t.kind === 'PodSecurityPolicy') {
        return ['PodSecurityPolicy was removed in Kubernetes 1.25; use Pod Security Admission labels'];
      }
      const hit = REMOVED.find((r) => r.apiVersion === t.object.apiVersion && (!r.kinds || r.kinds.includes(t.kind)));
      return hit ? [`${t.object.apiVersion} ${t.kind} was removed in Kubernetes ${hit.removedIn}; use ${hit.use}`] : [];
    },
  }),
  defineCheck({
    id: 'deprecated-api-version',
    domain: 'kubernetes',
    kinds: ['*'],
    description: 'No object uses a deprecated apiVersion.',
    remediation: 'Move to the stable apiVersion named in the finding.',
    severity: 'warning',
    references: ['kube-score: stable-version'],
    check: (t) => (DEPRECATED[t.object.apiVersion] && !REMOVED.some((r) => r.apiVersion === t.object.apiVersion && (!r.kinds || r.kinds.includes(t.kind)))
      ? [`${t.object.apiVersion} is deprecated; use ${DEPRECATED[t.object.apiVersion]}`] : []),
  }),
  defineCheck({
    id: 'explicit-namespace',
    domain: 'kubernetes',
    kinds: ['*'],
    description: 'Namespaced objects name their namespace, and it is not "default".',
    remediation: 'Set metadata.namespace to the application\'s own namespace.',
    severity: 'warning',
    references: ['CKV_K8S_21', 'kube-linter: use-namespace'],
    check: (t, index) => {
      if (index.scopeOf(t) === 'Cluster') {
        return [];
      }
      const ns = t.object.metadata?.namespace;
      return ns === undefined ? ['the object sets no namespace'] : ns === 'default' ? ['the object is in the default namespace'] : [];
    },
  }),
];
