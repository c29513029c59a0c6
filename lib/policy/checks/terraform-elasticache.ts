// ElastiCache (Redis OSS / Valkey) in Terraform: who may connect, whether they must authenticate and speak TLS, and
// which key encrypts the data. Checkov's CKV_AWS_31 and CKV_AWS_191, plus what Checkov does not look at: plain-text
// clients allowed by transit encryption mode "preferred", and access opened to every node of an EKS cluster.
import { checkovSkipReason } from '../checkov-skips';
import { defineCheck } from '../define';
import { ObjectIndex } from '../object-index';
import { listOf } from '../pods';
import { isMap } from '../selectors';
import { PolicyCheck, PolicyTarget } from '../types';

/** The ElastiCache resources that take security groups. */
const CACHE_TYPES = ['aws_elasticache_replication_group', 'aws_elasticache_cluster'];

/** A Terraform boolean as written by cdktf (true, or the string "true"). */
const isTrue = (v: unknown) => v === true || v === 'true';

/** A non-empty string (a literal or a Terraform expression). */
const isSet = (v: unknown) => typeof v === 'string' && v.trim() !== '';

/**
 * Whether a value refers to a security group that every node of an EKS cluster carries: the cluster security group
 * EKS creates (`aws_eks_cluster.<name>.vpc_config[0].cluster_security_group_id`, or the data source's), or, from
 * terraform-aws-eks, `module.<name>.cluster_primary_security_group_id` (the same group) and
 * `module.<name>.node_security_group_id` (the group the module shares between all its node groups).
 */
export function isEveryNodeSecurityGroup(value: unknown): boolean {
  return typeof value === 'string'
    && (/\baws_eks_cluster\.[\w-]+\.vpc_config\b[^}]*\bcluster_security_group_id\b/.test(value)
      || /\bmodule\.[\w-]+\.(cluster_primary_security_group_id|node_security_group_id)\b/.test(value));
}

/** The `aws_security_group.<name>` addresses that the ElastiCache resources of `stack` use. */
function cacheSecurityGroups(index: ObjectIndex, stack: string | undefined): Set<string> {
  const groups = new Set<string>();
  for (const cache of CACHE_TYPES.flatMap((type) => index.terraform(type)).filter((c) => c.stack === stack)) {
    for (const id of listOf(cache.object?.security_group_ids)) {
      for (const m of String(id).matchAll(/\baws_security_group\.([\w-]+)\.id\b/g)) {
        groups.add(`aws_security_group.${m[1]}`);
      }
    }
  }
  return groups;
}

/** Whether `sgId` (a rule's target group) refers to one of `groups`. */
const refersTo = (sgId: unknown, groups: Set<string>) => typeof sgId === 'string'
  && [...groups].some((g) => new RegExp(`\\b${g.replace(/[.-]/g, '\\$&')}\\.id\\b`).test(sgId));

/** The sources of `t` (a security group, one of its rules, or an ElastiCache resource) that every node of a cluster carries. */
function everyNodeSources(t: PolicyTarget, index: ObjectIndex): string[] {
  const o = t.object ?? {};
  if (CACHE_TYPES.includes(t.kind)) {
    return listOf(o.security_group_ids).filter(isEveryNodeSecurityGroup).map((g) => `the cache itself is in ${String(g)}`);
  }
  const caches = cacheSecurityGroups(index, t.stack);
  if (t.kind === 'aws_security_group') {
    if (!caches.has(`aws_security_group.${t.name}`)) {
      return [];
    }
    return listOf(o.ingress).filter(isMap).flatMap((rule: any) => listOf(rule.security_groups).filter(isEveryNodeSecurityGroup))
      .map((g) => `an ingress rule admits ${String(g)}`);
  }
  if (!refersTo(o.security_group_id, caches)) {
    return [];
  }
  const source = t.kind === 'aws_security_group_rule' ? (o.type === 'ingress' ? o.source_security_group_id : undefined) : o.referenced_security_group_id;
  return isEveryNodeSecurityGroup(source) ? [`the rule admits ${String(source)}`] : [];
}

export const TERRAFORM_ELASTICACHE_CHECKS: PolicyCheck[] = [
  defineCheck({
    id: 'elasticache-auth-token',
    domain: 'terraform',
    kinds: ['aws_elasticache_replication_group'],
    description: 'ElastiCache requires TLS and an AUTH token, so reaching the port is not enough to read or change the data.',
    remediation: 'Set transit_encryption_enabled = true and auth_token (from Secrets Manager, not a literal), or skip CKV_AWS_31 with a reason.',
    severity: 'error',
    references: ['CKV_AWS_31'],
    check: (t) => {
      if (checkovSkipReason(t.object, 'CKV_AWS_31') !== undefined) {
        return [];
      }
      return [
        ...(!isTrue(t.object?.transit_encryption_enabled) ? ['encryption in transit is off (an AUTH token needs it)'] : []),
        ...(!isSet(t.object?.auth_token) && !isSet(t.object?.auth_token_wo) ? ['no AUTH token: any client that reaches the port may use the cache'] : []),
      ];
    },
  }),
  defineCheck({
    id: 'elasticache-kms',
    domain: 'terraform',
    kinds: ['aws_elasticache_replication_group'],
    description: 'ElastiCache encrypts its data at rest with a customer managed KMS key, whose use is logged and whose access you control.',
    remediation: 'Set kms_key_id to the ARN of a customer managed key (with at_rest_encryption_enabled = true).',
    severity: 'error',
    references: ['CKV_AWS_191'],
    check: (t) => (checkovSkipReason(t.object, 'CKV_AWS_191') !== undefined || isSet(t.object?.kms_key_id)
      ? [] : ['the data at rest is not encrypted with a customer managed KMS key (kms_key_id is not set)']),
  }),
  defineCheck({
    id: 'elasticache-transit-required',
    domain: 'terraform',
    kinds: ['aws_elasticache_replication_group'],
    description: 'ElastiCache accepts only TLS connections (transit encryption mode "required", not "preferred").',
    remediation: 'Set transit_encryption_enabled = true and transit_encryption_mode = "required" once every client speaks TLS.',
    severity: 'error',
    check: (t) => {
      if (!isTrue(t.object?.transit_encryption_enabled)) {
        return ['encryption in transit is off: clients connect in plain text'];
      }
      // A group created with encryption in transit and no mode is in "required" mode.
      return t.object?.transit_encryption_mode === 'preferred' ? ['transit encryption mode "preferred" also accepts plain-text clients'] : [];
    },
  }),
  defineCheck({
    id: 'elasticache-client-every-node',
    domain: 'terraform',
    kinds: [...CACHE_TYPES, 'aws_security_group', 'aws_security_group_rule', 'aws_vpc_security_group_ingress_rule'],
    description: 'ElastiCache is not open to a security group that every node of an EKS cluster carries (so to every pod on them).',
    remediation: 'Admit only the pods that use the cache: the security group of a dedicated node group, or one given to those pods by '
      + 'security groups for pods.',
    severity: 'error',
    check: (t, index) => everyNodeSources(t, index)
      .map((s) => `${s}, a security group every node of the EKS cluster carries: every pod may connect`),
  }),
];
