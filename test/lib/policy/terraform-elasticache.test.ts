import { TERRAFORM_ELASTICACHE_CHECKS, isEveryNodeSecurityGroup } from '../../../lib/policy/checks/terraform-elasticache';
import { runPolicy } from '../../../lib/policy/engine';
import { BUILTIN_CHECKS } from '../../../lib/policy/registry';
import { PolicyTarget } from '../../../lib/policy/types';
import { CLUSTER_SG, ELASTICACHE_CASES, NODES_SG, cacheWithClient, replicationGroup } from './elasticache-cases';
import { tf } from './fixtures';

const messages = (id: string, targets: PolicyTarget[]) => runPolicy(targets, { checks: BUILTIN_CHECKS.filter((c) => c.id === id) }).findings.map((f) => f.message);

describe('ElastiCache checks', () => {
  // The pass and fail case of each runs in checks.test.ts, with every registered check's.
  test('are registered, each with a case that passes and one that fails', () => {
    expect(TERRAFORM_ELASTICACHE_CHECKS.every((c) => BUILTIN_CHECKS.includes(c))).toBe(true);
    expect(Object.keys(ELASTICACHE_CASES).sort()).toEqual(TERRAFORM_ELASTICACHE_CHECKS.map((c) => c.id).sort());
  });

  test('CKV_AWS_31: TLS is needed for a token; a write-only token counts; a recorded Checkov skip is accepted', () => {
    const group = (edit: (g: any) => void) => tf({ aws_elasticache_replication_group: { cache: replicationGroup(edit) } });
    expect(messages('elasticache-auth-token', group((g) => { g.transit_encryption_enabled = false; })))
      .toEqual(['encryption in transit is off (an AUTH token needs it)']);
    expect(messages('elasticache-auth-token', group((g) => { delete g.auth_token; g.auth_token_wo = '${ephemeral.random_password.t.result}'; }))).toEqual([]);
    expect(messages('elasticache-auth-token', group((g) => { g.auth_token = ''; }))).toHaveLength(1);
    expect(messages('elasticache-auth-token', group((g) => {
      delete g.auth_token;
      g['//'] = { checkov_skip_reasons: { CKV_AWS_31: 'the book\'s client sends no password' } };
    }))).toEqual([]);
  });

  test('CKV_AWS_191 accepts a recorded skip; transit encryption off is plain text too', () => {
    expect(messages('elasticache-kms', tf({ aws_elasticache_replication_group: { c: replicationGroup((g) => {
      delete g.kms_key_id;
      g['//'] = { checkov_skip_reasons: { CKV_AWS_191: 'an AWS owned key is enough here' } };
    }) } }))).toEqual([]);
    expect(messages('elasticache-transit-required', tf({ aws_elasticache_replication_group: { c: replicationGroup((g) => { g.transit_encryption_enabled = 'false'; }) } })))
      .toEqual(['encryption in transit is off: clients connect in plain text']);
    // A group created with encryption in transit and no mode is in "required" mode.
    expect(messages('elasticache-transit-required', tf({ aws_elasticache_replication_group: { c: replicationGroup((g) => { delete g.transit_encryption_mode; }) } })))
      .toEqual([]);
  });

  test('every node: each way of writing the rule, and the cache put into the group itself', () => {
    const id = 'elasticache-client-every-node';
    expect(messages(id, cacheWithClient(CLUSTER_SG, 'legacy'))).toEqual([expect.stringContaining(`the rule admits ${CLUSTER_SG}`)]);
    expect(messages(id, cacheWithClient(CLUSTER_SG, 'inline'))).toEqual([expect.stringContaining(`an ingress rule admits ${CLUSTER_SG}`)]);
    expect(messages(id, cacheWithClient(NODES_SG, 'inline'))).toEqual([]);
    expect(messages(id, cacheWithClient('${module.eks.node_security_group_id}'))).toHaveLength(1);
    expect(messages(id, tf({ aws_elasticache_replication_group: { c: replicationGroup((g) => { g.security_group_ids.push(CLUSTER_SG); }) } })))
      .toEqual([expect.stringContaining(`the cache itself is in ${CLUSTER_SG}`)]);
  });

  test('every node: a rule of a security group that no cache uses is not this check\'s business', () => {
    const targets = tf({
      aws_security_group: { web: { name: 'web' } },
      aws_vpc_security_group_ingress_rule: { allow: { security_group_id: '${aws_security_group.web.id}', referenced_security_group_id: CLUSTER_SG } },
    });
    expect(messages('elasticache-client-every-node', targets)).toEqual([]);
  });

  test('recognises the security groups every node carries, and only those', () => {
    expect([
      CLUSTER_SG, '${data.aws_eks_cluster.c.vpc_config[0].cluster_security_group_id}', '${one(aws_eks_cluster.c.vpc_config).cluster_security_group_id}',
      '${module.eks.cluster_primary_security_group_id}', '${module.eks.node_security_group_id}',
    ].map(isEveryNodeSecurityGroup)).toEqual([true, true, true, true, true]);
    expect([NODES_SG, 'sg-0123456789abcdef0', '${module.eks.cluster_security_group_id}', '${var.cluster_security_group_id}', undefined, 42]
      .map(isEveryNodeSecurityGroup)).toEqual([false, false, false, false, false, false]);
  });
});
