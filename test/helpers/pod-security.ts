import { runPolicy } from '../../lib/policy/engine';
import { BUILTIN_CHECKS } from '../../lib/policy/registry';
import { kubernetesTarget } from '../../lib/policy/targets';

const PSS_CHECKS = BUILTIN_CHECKS.filter((c) => c.id.startsWith('pss-'));

/** The Pod Security Standards ("restricted", which includes baseline) violations of a pod spec, as messages. */
export function restrictedViolations(spec: any): string[] {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'probe', namespace: 'test' }, spec };
  return runPolicy([kubernetesTarget(pod)], { checks: PSS_CHECKS }).findings.map((f) => `${f.checkId}: ${f.message}`);
}

/** The pod template spec of a workload manifest. */
export function podSpecOf(m: any): any {
  return m.kind === 'Pod' ? m.spec : m.spec.template.spec;
}
