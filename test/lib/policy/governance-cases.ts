import { Manifest } from '../../../lib/output/manifest';
import { PolicyTarget } from '../../../lib/policy/types';
import { ctr, deployment, k, obj } from './fixtures';

/** Objects that pass a governance check, objects that fail it, and a text the failure's message contains. */
interface CheckCase {
  readonly pass: PolicyTarget[];
  readonly fail: PolicyTarget[];
  readonly message: string;
}

/** A LimitRange "<ns>/limits" with these items. */
export const limitRange = (limits: unknown[], ns = 'shop', name = 'limits'): Manifest => obj('v1', 'LimitRange', name, ns, { spec: { limits } });
/** A ResourceQuota "<ns>/quota" with these hard limits (and more spec). */
export const quota = (hard: Record<string, unknown>, spec: Record<string, unknown> = {}, ns = 'shop', name = 'quota'): Manifest =>
  obj('v1', 'ResourceQuota', name, ns, { spec: { hard, ...spec } });
/** A Namespace "shop" with these Pod Security levels by mode. */
export const psaNamespace = (levels: Record<string, string>): Manifest => obj('v1', 'Namespace', 'shop', undefined, {
  metadata: { name: 'shop', labels: Object.fromEntries(Object.entries(levels).map(([mode, level]) => [`pod-security.kubernetes.io/${mode}`, level])) },
});

export const GOVERNANCE_CASES: Record<string, CheckCase> = {
  'limitrange-valid': {
    pass: k(limitRange([{ type: 'Container', default: { cpu: '500m' }, defaultRequest: { cpu: '100m' }, max: { cpu: '1' }, maxLimitRequestRatio: { cpu: '5' } }])),
    fail: k(limitRange([{ type: 'Container', default: { cpu: '2' }, max: { cpu: '1' } }])),
    message: 'Container default.cpu: got "2"; expected at most Container max.cpu ("1")',
  },
  'resourcequota-valid': {
    pass: k(quota({ 'requests.cpu': '4', 'count/deployments.apps': '10', 'pods': 10, 'gp3.storageclass.storage.k8s.io/requests.storage': '100Gi' })),
    fail: k(quota({ 'count/deployments': '5' })),
    message: 'hard key: got "count/deployments"; expected "deployments" is in API group "apps", not "" (core), so "count/deployments" counts nothing; write "count/deployments.apps"',
  },
  'limitrange-within-quota': {
    pass: k(limitRange([{ type: 'Container', default: { cpu: '500m' } }]), quota({ 'limits.cpu': '2' })),
    fail: k(limitRange([{ type: 'Container', default: { cpu: '4' } }]), quota({ 'limits.cpu': '2' })),
    message: 'Container default.cpu "4" is above limits.cpu "2" of ResourceQuota quota: a container that takes the default limit needs more than the whole quota',
  },
  'limitrange-pods-fit': {
    pass: k(deployment(), limitRange([{ type: 'Container', max: { cpu: '1', memory: '1Gi' } }])),
    fail: k(deployment(), limitRange([{ type: 'Container', max: { cpu: '250m' } }])),
    message: 'container "web" is limited to cpu "500m", more than the Container max.cpu "250m" of LimitRange limits',
  },
  'resourcequota-pod-resources': {
    pass: k(deployment(), quota({ 'limits.cpu': '4', 'requests.memory': '4Gi' })),
    fail: k(deployment((d) => { delete ctr(d).resources.limits; }), quota({ 'limits.cpu': '4' })),
    message: 'container "web" sets no cpu limit, which ResourceQuota quota requires (limits.cpu), and no LimitRange in namespace shop gives a default',
  },
  'namespace-pod-security-modes': {
    pass: k(psaNamespace({ enforce: 'baseline', audit: 'restricted', warn: 'restricted' })),
    fail: k(psaNamespace({ enforce: 'restricted', audit: 'restricted', warn: 'baseline' })),
    message: 'warn is "baseline", weaker than enforce "restricted": a workload whose pods enforce refuses is applied without a warning',
  },
};
