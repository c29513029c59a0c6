// An EKS access entry with one access policy, shared by the constructs that give a principal access to a cluster
// (SsmAccessHost, CiAccess). Kept out of the `keelson/aws` entry point: the constructs are the public API.
import { Construct } from 'constructs';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { DNS_LABEL } from '../core/formats';
import { AcceptedRisk } from '../core/risk';
import { PropsValidator, checkUnique, isObject } from '../core/validator';
import type { EksCluster } from './eks-cluster';
import { awsPartition } from './platform-stack';
import { checkList, checkUniqueName, claimName } from './prop-checks';

/**
 * The EKS access policies that map to Kubernetes' user-facing roles: cluster-admin (everything), admin (most
 * resources, RBAC inside a namespace), edit (create and change workloads, no RBAC) and view (read, no Secrets).
 */
export type EksAccessPolicyName = 'AmazonEKSClusterAdminPolicy' | 'AmazonEKSAdminPolicy' | 'AmazonEKSEditPolicy' | 'AmazonEKSViewPolicy';
const POLICIES: readonly EksAccessPolicyName[] = ['AmazonEKSClusterAdminPolicy', 'AmazonEKSAdminPolicy', 'AmazonEKSEditPolicy', 'AmazonEKSViewPolicy'];

/** What an IAM principal may do in a cluster: one access policy, in some namespaces or cluster-wide. */
export interface ClusterAccess {
  /** The access policy. */
  readonly policy: EksAccessPolicyName;
  /**
   * The namespaces the policy applies in (a name, or a prefix ending in "*" such as "team-*").
   * @default none: then clusterWide must be given
   */
  readonly namespaces?: string[];
  /**
   * Applies the policy in every namespace and to cluster-scoped resources, with the reason; required without namespaces.
   * @default none
   */
  readonly clusterWide?: AcceptedRisk;
}

/** A namespace of an access scope: a DNS label, or a prefix of one followed by "*" (EKS matches it as a wildcard). */
const SCOPE_NAMESPACE = {
  test: (v: unknown) => typeof v === 'string' && (DNS_LABEL.test(v) || (v.endsWith('*') && v.length <= 63 && /^[a-z0-9][a-z0-9-]*\*$/.test(v))),
  description: 'a namespace name such as "shop", or a prefix followed by "*" such as "team-*"',
};

/** Checks a {@link ClusterAccess} given as `field`; returns whether it is usable. */
export function checkClusterAccess(v: PropsValidator, field: string, access: unknown): boolean {
  if (!v.knownProps(field, access, ['policy', 'namespaces', 'clusterWide'])
    || !v.check(isObject(access), field, access, '{ policy, namespaces } or { policy, clusterWide: { reason } }')) {
    return false;
  }
  const a = access as ClusterAccess;
  let ok = v.check(POLICIES.includes(a.policy), `${field}.policy`, a.policy, `one of ${POLICIES.join(', ')}`);
  const namespaces = checkList(v, `${field}.namespaces`, a.namespaces, false, 'a list of namespace names',
    (f, n) => { ok = v.format(f, n as string, SCOPE_NAMESPACE, true) && ok; });
  if (namespaces) {
    ok = v.check(namespaces.length > 0, `${field}.namespaces`, namespaces, 'at least one namespace (or no namespaces and clusterWide: { reason })') && ok;
    checkUnique(v, `${field}.namespaces`, namespaces, (n) => (typeof n === 'string' ? n : undefined), 'a namespace');
    ok = v.check(a.clusterWide === undefined, `${field}.clusterWide`, a.clusterWide, 'no clusterWide when namespaces are given (the policy applies in those namespaces only)') && ok;
  } else if (a.namespaces === undefined) {
    ok = v.check(a.clusterWide !== undefined, `${field}.clusterWide`, a.clusterWide,
      'a reason for access in every namespace, as clusterWide: { reason }, or namespaces: [...] to limit it') && ok;
  } else {
    ok = false;
  }
  return v.risk(`${field}.clusterWide`, a.clusterWide, 'the principal may act in every namespace') && ok;
}

/**
 * Checks that `principalArn` has no other access entry from these constructs for this cluster (EKS has one access
 * entry per principal and cluster); call {@link grantAccessEntry} once the construct is valid.
 */
export function checkAccessEntryFree(scope: Construct, v: PropsValidator, cluster: EksCluster, field: string, principalArn: string): boolean {
  return checkUniqueName(scope, v, 'EKS access entries', `${cluster.node.path} ${principalArn}`, field, principalArn,
    `an IAM principal with no other access entry in cluster ${cluster.name} (EKS has one per principal)`);
}

/** Records that `scope` made the access entry of `principalArn` in `cluster` (see {@link checkAccessEntryFree}). */
export function claimAccessEntry(scope: Construct, cluster: EksCluster, principalArn: string): void {
  claimName(scope, 'EKS access entries', `${cluster.node.path} ${principalArn}`);
}

/** Creates the access entry (`access`) and its policy association (`access-policy`) as children of `scope`. */
export function grantAccessEntry(scope: Construct, cluster: EksCluster, principalArn: string, access: ClusterAccess): EksAccessEntry {
  claimAccessEntry(scope, cluster, principalArn);
  const entry = new EksAccessEntry(scope, 'access', { clusterName: cluster.clusterName, principalArn, type: 'STANDARD' });
  const association = new EksAccessPolicyAssociation(scope, 'access-policy', {
    clusterName: cluster.clusterName,
    principalArn: entry.principalArn,
    policyArn: `arn:${awsPartition(scope)}:eks::aws:cluster-access-policy/${access.policy}`,
    accessScope: access.namespaces ? { type: 'namespace', namespaces: [...access.namespaces] } : { type: 'cluster' },
  });
  if (access.clusterWide) {
    association.addOverride('//.cluster_wide_reason', access.clusterWide.reason);
  }
  return entry;
}
