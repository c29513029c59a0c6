import { JavaScriptValueTarget } from '../../helpers/javascript-values';
import { ACCESS_TARGETS } from './access.values';
import { ADDONS_TARGETS } from './addons.values';
import { CHECKOV_TARGETS } from './checkov.values';
import { EKS_CLUSTER_TARGETS } from './eks-cluster.values';
import { ELASTICACHE_TARGETS } from './elasticache.values';
import { IDENTITY_TARGETS } from './identity.values';
import { SLOW_TARGETS, SLOW_TARGET_VALUES, TARGETS } from './javascript-values.targets';
import { STATE_TARGETS } from './state.values';
import { VPC_TARGETS } from './vpc.values';

// Every public construct of keelson/aws, its methods and its factories, fed hostile JavaScript values at every prop
// (see the targets): a ValidationError, or Terraform output that declares every reference; nothing else. Each value
// that is accepted costs a Terraform synthesis, so the targets that build a VPC or a cluster for every value take one
// value of each kind (SLOW_TARGET_VALUES), and those that build a cluster and more (add-ons, access, caches) the kinds
// that have told keelson's checks apart (HEAVY_TARGET_VALUES); the others also take two numbers.
const HEAVY = new Set([...ACCESS_TARGETS, ...ADDONS_TARGETS, ...ELASTICACHE_TARGETS].map((t) => t.name));
export const HEAVY_TARGET_VALUES: readonly unknown[] = [null, undefined, NaN, '', 'x'.repeat(300_000), '__proto__', [], 10n];

export const QUICK: JavaScriptValueTarget[] = [...TARGETS.filter((t) => !SLOW_TARGETS.has(t.name) && !HEAVY.has(t.name)), ...CHECKOV_TARGETS, ...IDENTITY_TARGETS, ...STATE_TARGETS];
export const SLOW: JavaScriptValueTarget[] = [...TARGETS.filter((t) => SLOW_TARGETS.has(t.name) && !HEAVY.has(t.name)), ...EKS_CLUSTER_TARGETS, ...VPC_TARGETS];
export const HEAVY_TARGETS: JavaScriptValueTarget[] = [...TARGETS.filter((t) => HEAVY.has(t.name)), ...ACCESS_TARGETS, ...ADDONS_TARGETS];
export { SLOW_TARGET_VALUES };
