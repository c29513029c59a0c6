import { ObjectIndex } from './object-index';
import { WORKLOAD_KINDS, podSpec } from './pods';
import { PolicyCheck, PolicyTarget } from './types';

/** Declares a check (an identity function that gives type inference and one place to add bookkeeping). */
export function defineCheck(check: PolicyCheck): PolicyCheck {
  return check;
}

/** Declares a check over the pod spec of every pod-bearing kind. */
export function definePodCheck(
  check: Omit<PolicyCheck, 'domain' | 'kinds' | 'check'> & {
    readonly kinds?: readonly string[];
    check(spec: any, target: PolicyTarget, index: ObjectIndex): string[];
  },
): PolicyCheck {
  return {
    ...check,
    domain: 'kubernetes',
    kinds: check.kinds ?? WORKLOAD_KINDS,
    check: (target, index) => {
      const spec = podSpec(target.object);
      return spec ? check.check(spec, target, index) : [];
    },
  };
}
