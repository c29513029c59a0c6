import { PolicyTarget } from '../../../lib/policy/types';
import { deployment, k, pod, serviceAccount } from './fixtures';
import { bindingTo, role } from './security-cases';

/** Objects that pass a check, objects that fail it, and a text the failure's message contains. */
interface CheckCase {
  readonly pass: PolicyTarget[];
  readonly fail: PolicyTarget[];
  readonly message: string;
}

/** A projected volume with a ServiceAccount token, as `apiAccess` (or a hand-written pod) mounts it. */
export const tokenVolume = { name: 'kube-api-access', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600 } }] } };
const reader = () => role([{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }], 'reader');

export const RBAC_TOKEN_CASES: Record<string, CheckCase> = {
  'rbac-bound-without-token': {
    pass: k(deployment((d) => pod(d).volumes.push(tokenVolume)), serviceAccount(false), reader(), bindingTo('RoleBinding', 'Role', 'reader')),
    fail: k(deployment(), serviceAccount(false), reader(), bindingTo('RoleBinding', 'Role', 'reader')),
    message: 'the binding grants Role reader to ServiceAccount shop/web, but no pod that runs as it mounts an API token (Deployment web)',
  },
};
