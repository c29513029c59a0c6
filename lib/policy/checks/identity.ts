import { AUTOMOUNT_REASON_ANNOTATION } from '../../core/annotations';
import { defineCheck, definePodCheck } from '../define';
import { podAnnotations } from '../pods';
import { PolicyCheck } from '../types';

export const IDENTITY_CHECKS: PolicyCheck[] = [
  defineCheck({
    id: 'service-account-automount',
    domain: 'kubernetes',
    kinds: ['ServiceAccount'],
    description: 'ServiceAccounts do not mount an API token into pods unless pods need one.',
    remediation: `Set automountServiceAccountToken: false, or record why pods need the API in the ${AUTOMOUNT_REASON_ANNOTATION} annotation.`,
    severity: 'warning',
    references: ['Polaris: automountServiceAccountToken', 'CKV_K8S_38'],
    check: (t) => (t.object.automountServiceAccountToken !== false && !t.object.metadata?.annotations?.[AUTOMOUNT_REASON_ANNOTATION]
      ? ['the ServiceAccount mounts an API token into every pod that uses it'] : []),
  }),
  definePodCheck({
    id: 'pod-automount-token',
    description: 'Pods get an API token only where needed.',
    remediation: `Set automountServiceAccountToken: false on the pod or its ServiceAccount, or record the need in ${AUTOMOUNT_REASON_ANNOTATION}.`,
    severity: 'warning',
    references: ['kube-linter: (automount)', 'CKV_K8S_38'],
    check: (spec, t, index) => {
      const sa = index.get('ServiceAccount', t.namespace, spec.serviceAccountName ?? 'default')?.object;
      const mounted = spec.automountServiceAccountToken ?? sa?.automountServiceAccountToken ?? true;
      const reason = podAnnotations(t.object)[AUTOMOUNT_REASON_ANNOTATION] ?? sa?.metadata?.annotations?.[AUTOMOUNT_REASON_ANNOTATION];
      return mounted && !reason ? ['the pods get a Kubernetes API token they may not need'] : [];
    },
  }),
  definePodCheck({
    id: 'default-service-account',
    description: 'Pods run as their own ServiceAccount, not the namespace\'s default one.',
    remediation: 'Create a ServiceAccount for the workload and set serviceAccountName.',
    severity: 'warning',
    references: ['kube-linter: default-service-account', 'CKV_K8S_41/42'],
    check: (spec) => ((spec.serviceAccountName ?? 'default') === 'default' ? ['the pods run as the default ServiceAccount'] : []),
  }),
];
