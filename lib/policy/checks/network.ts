import { exceptProblem } from '../../core/cidr';
import { defineCheck } from '../define';
import { PolicyCheck } from '../types';
import { EVERY_ADDRESS, coveredFamilies } from './cidr-cover';
import { isMap as isObject } from '../selectors';

/** A list from foreign YAML: the array, or nothing when the field holds anything else. */
const list = (v: unknown): any[] => (Array.isArray(v) ? v : []);

/** Every ingress and egress rule of a NetworkPolicy spec, with where it is. */
const rulesOf = (spec: any) => [
  ...list(spec?.ingress).map((r: any, i: number) => ({ where: `ingress rule ${i}`, peers: isObject(r) ? r.from : undefined, ports: isObject(r) ? r.ports : undefined })),
  ...list(spec?.egress).map((r: any, i: number) => ({ where: `egress rule ${i}`, peers: isObject(r) ? r.to : undefined, ports: isObject(r) ? r.ports : undefined })),
];

/** The ipBlock CIDRs among a rule's peers that carve nothing out (no `except`). */
const wholeBlocks = (peers: unknown): unknown[] => list(peers)
  .filter((p) => isObject(p) && isObject(p.ipBlock) && list(p.ipBlock.except).length === 0)
  .map((p) => p.ipBlock.cidr);

/** Why a rule allows every peer on every port, or undefined. An absent or empty `ports` list means every port. */
function allowAll(r: { peers: unknown; ports: unknown }): string | undefined {
  if (list(r.ports).length > 0) {
    return undefined;
  }
  if (list(r.peers).length === 0) {
    return 'allows all traffic (no peers, no ports)';
  }
  const blocks = wholeBlocks(r.peers);
  const families = coveredFamilies(blocks);
  if (families.length === 0) {
    return undefined;
  }
  const every = families.map((f) => EVERY_ADDRESS[f]).join(' and ');
  return `allows all traffic: its ipBlocks ${blocks.join(', ')} cover every address (${every}) and it names no ports, so every port is open`;
}

/** The direction a policyTypes entry names, for messages. */
const TYPE_OF = { ingress: 'Ingress', egress: 'Egress' } as const;

export const NETWORK_CHECKS: PolicyCheck[] = [
  defineCheck({
    id: 'networkpolicy-allow-all',
    domain: 'kubernetes',
    kinds: ['NetworkPolicy'],
    description: 'No NetworkPolicy rule allows every peer on every port (no peers, or ipBlocks that together cover every address such as 0.0.0.0/1 + 128.0.0.0/1, with no ports or `ports: []`).',
    remediation: 'Name the peers (pods, namespaces or CIDRs) and the ports each flow needs.',
    severity: 'error',
    references: ['Cloud Native with Kubernetes ch. 12 allow-all-egress', 'The Kubernetes Workshop Act 13.01'],
    check: (t) => rulesOf(t.object?.spec).flatMap((r) => {
      const why = allowAll(r);
      return why ? [`${r.where} ${why}`] : [];
    }),
  }),
  defineCheck({
    id: 'networkpolicy-policy-types',
    domain: 'kubernetes',
    kinds: ['NetworkPolicy'],
    description: 'A NetworkPolicy that lists policyTypes lists the direction of every rule it has (rules of an unlisted direction are silently not enforced).',
    remediation: 'Add the direction (Ingress or Egress) to spec.policyTypes, or remove the rules that were never enforced.',
    severity: 'error',
    references: ['Kubernetes: NetworkPolicy policyTypes'],
    check: (t) => {
      const spec = t.object?.spec;
      // An absent or empty policyTypes is defaulted by the API server from the rules present.
      if (!isObject(spec) || !Array.isArray(spec.policyTypes) || spec.policyTypes.length === 0) {
        return [];
      }
      const types: unknown[] = spec.policyTypes;
      return (['ingress', 'egress'] as const).filter((d) => list(spec[d]).length > 0 && !types.includes(TYPE_OF[d])).map((d) => {
        const n = list(spec[d]).length;
        const listed = types.map((x) => String(x)).join(', ');
        return `spec.${d} has ${n} rule${n === 1 ? '' : 's'}, but policyTypes lists only ${listed}: the ${d} rules are not enforced and the policy does not restrict ${d} at all`;
      });
    },
  }),
  defineCheck({
    id: 'networkpolicy-ipblock-except',
    domain: 'kubernetes',
    kinds: ['NetworkPolicy'],
    description: 'Every ipBlock `except` lies inside its `cidr`.',
    remediation: 'Fix the except block, or drop it; an except outside the CIDR excludes nothing.',
    severity: 'error',
    references: ['kube-linter: (networkpolicy)', 'Cloud Native with Kubernetes ch. 12 specific-ip-policy'],
    check: (t) => rulesOf(t.object?.spec).flatMap((r) => list(r.peers).filter((p) => isObject(p) && isObject(p.ipBlock)).flatMap((p: any) => list(p.ipBlock.except)
      .filter((e) => typeof e === 'string' && typeof p.ipBlock.cidr === 'string')
      .flatMap((e: string) => {
        const problem = exceptProblem(p.ipBlock.cidr, e);
        return problem ? [`${r.where}: except ${e} of ${p.ipBlock.cidr}: ${problem}`] : [];
      }))),
  }),
];
