import { exceptProblem } from '../../core/cidr';
import { defineCheck } from '../define';
import { PolicyCheck } from '../types';

const rulesOf = (spec: any) => [
  ...(spec?.ingress ?? []).map((r: any, i: number) => ({ where: `ingress rule ${i}`, peers: r.from, ports: r.ports })),
  ...(spec?.egress ?? []).map((r: any, i: number) => ({ where: `egress rule ${i}`, peers: r.to, ports: r.ports })),
];

export const NETWORK_CHECKS: PolicyCheck[] = [
  defineCheck({
    id: 'networkpolicy-allow-all',
    domain: 'kubernetes',
    kinds: ['NetworkPolicy'],
    description: 'No NetworkPolicy rule allows every peer on every port.',
    remediation: 'Name the peers (pods, namespaces or CIDRs) and the ports each flow needs.',
    severity: 'error',
    references: ['Cloud Native with Kubernetes ch. 12 allow-all-egress', 'The Kubernetes Workshop Act 13.01'],
    check: (t) => rulesOf(t.object.spec)
      .filter((r) => (r.peers ?? []).length === 0 && (r.ports ?? []).length === 0)
      .map((r) => `${r.where} allows all traffic (no peers, no ports)`),
  }),
  defineCheck({
    id: 'networkpolicy-ipblock-except',
    domain: 'kubernetes',
    kinds: ['NetworkPolicy'],
    description: 'Every ipBlock `except` lies inside its `cidr`.',
    remediation: 'Fix the except block, or drop it; an except outside the CIDR excludes nothing.',
    severity: 'error',
    references: ['kube-linter: (networkpolicy)', 'Cloud Native with Kubernetes ch. 12 specific-ip-policy'],
    check: (t) => rulesOf(t.object.spec).flatMap((r) => (r.peers ?? []).flatMap((p: any) => (p.ipBlock?.except ?? [] as string[])
      .flatMap((e: string) => {
        const problem = exceptProblem(p.ipBlock.cidr, e);
        return problem ? [`${r.where}: except ${e} of ${p.ipBlock.cidr}: ${problem}`] : [];
      }))),
  }),
];
