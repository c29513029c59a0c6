import { PolicyTarget } from '../../../lib/policy/types';
import { tf } from './fixtures';

/** Objects that pass an ElastiCache check, objects that fail it, and a text the failure's message contains. */
interface CheckCase {
  readonly pass: PolicyTarget[];
  readonly fail: PolicyTarget[];
  readonly message: string;
}

/** The cluster security group of an aws_eks_cluster, as cdktf writes the reference. */
export const CLUSTER_SG = '${aws_eks_cluster.cluster_A4C38409.vpc_config[0].cluster_security_group_id}';
/** The security group of a dedicated node group. */
export const NODES_SG = '${aws_security_group.cluster_cache-clients_sg_1234ABCD.id}';

/** A compliant replication group (as keelson writes it), changed by `edit`. */
export function replicationGroup(edit: (g: any) => void = () => undefined): Record<string, any> {
  const g: any = {
    replication_group_id: 'cache',
    at_rest_encryption_enabled: 'true',
    kms_key_id: '${aws_kms_key.cache_key.arn}',
    transit_encryption_enabled: true,
    transit_encryption_mode: 'required',
    auth_token: '${data.aws_secretsmanager_secret_version.cache_token.secret_string}',
    security_group_ids: ['${aws_security_group.cache_sg.id}'],
  };
  edit(g);
  return g;
}

/** A cache, its security group, and one rule admitting `source`. */
export function cacheWithClient(source: string, rule: 'vpc' | 'legacy' | 'inline' = 'vpc'): PolicyTarget[] {
  const sg = { name: 'cache', ...(rule === 'inline' ? { ingress: [{ from_port: 6379, to_port: 6379, protocol: 'tcp', security_groups: [source] }] } : {}) };
  return tf({
    aws_elasticache_replication_group: { cache: replicationGroup() },
    aws_security_group: { cache_sg: sg },
    ...(rule === 'vpc' ? { aws_vpc_security_group_ingress_rule: { allow: { security_group_id: '${aws_security_group.cache_sg.id}', referenced_security_group_id: source } } } : {}),
    ...(rule === 'legacy' ? { aws_security_group_rule: { allow: { type: 'ingress', security_group_id: '${aws_security_group.cache_sg.id}', source_security_group_id: source } } } : {}),
  });
}

const group = (edit: (g: any) => void) => tf({ aws_elasticache_replication_group: { cache: replicationGroup(edit) } });

export const ELASTICACHE_CASES: Record<string, CheckCase> = {
  'elasticache-auth-token': {
    pass: group(() => undefined),
    // The book's Activity 12.01, moved to a replication group: no token.
    fail: group((g) => { delete g.auth_token; }), message: 'no AUTH token: any client that reaches the port may use the cache',
  },
  'elasticache-kms': {
    pass: group(() => undefined),
    fail: group((g) => { delete g.kms_key_id; }), message: 'not encrypted with a customer managed KMS key',
  },
  'elasticache-transit-required': {
    pass: group(() => undefined),
    fail: group((g) => { g.transit_encryption_mode = 'preferred'; }), message: 'transit encryption mode "preferred" also accepts plain-text clients',
  },
  'elasticache-client-every-node': {
    pass: cacheWithClient(NODES_SG),
    fail: cacheWithClient(CLUSTER_SG), message: `the rule admits ${CLUSTER_SG}, a security group every node of the EKS cluster carries`,
  },
};
