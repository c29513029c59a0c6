import { CLOUD_ADDON_CHECKS } from '../../../lib/policy/checks/terraform-addons';
import { runPolicy } from '../../../lib/policy/engine';
import { BUILTIN_CHECKS } from '../../../lib/policy/registry';
import { synthAddons } from '../aws/addons/addon-synth';
import { k, obj, tf } from './fixtures';
import { Karpenter } from '../../../lib/aws';
import { terraformTargets } from '../../../lib/policy/targets';

const check = (id: string) => CLOUD_ADDON_CHECKS.find((c) => c.id === id)!;
const run = (id: string, targets: ReturnType<typeof tf>) => runPolicy(targets, { checks: [check(id)] }).findings.map((f) => `${f.object}: ${f.message}`);
const nodeClass = (spec: Record<string, unknown>) => k(obj('karpenter.k8s.aws/v1', 'EC2NodeClass', 'default', undefined, { spec }));

describe('cloud add-on checks', () => {
  test('are registered', () => {
    CLOUD_ADDON_CHECKS.forEach((c) => expect(BUILTIN_CHECKS).toContain(c));
  });

  test('sqs-queue-encryption: SSE or a KMS key passes; neither fails; a recorded CKV_AWS_27 skip passes', () => {
    expect(run('sqs-queue-encryption', tf({ aws_sqs_queue: { q: { name: 'q', sqs_managed_sse_enabled: true } } }))).toEqual([]);
    expect(run('sqs-queue-encryption', tf({ aws_sqs_queue: { q: { name: 'q', kms_master_key_id: '${aws_kms_key.k.arn}' } } }))).toEqual([]);
    expect(run('sqs-queue-encryption', tf({ aws_sqs_queue: { q: { name: 'q' } } }))).toEqual([
      'aws_sqs_queue.q (stack stack): messages are stored unencrypted: neither sqs_managed_sse_enabled nor kms_master_key_id is set',
    ]);
    expect(run('sqs-queue-encryption', tf({ aws_sqs_queue: { q: { name: 'q', sqs_managed_sse_enabled: false } } }))).toHaveLength(1);
    expect(run('sqs-queue-encryption', tf({ aws_sqs_queue: { q: { name: 'q', '//': { checkov_skip_reasons: { CKV_AWS_27: 'public data' } } } } }))).toEqual([]);
  });

  test('karpenter-node-imdsv2: the defaults and IMDSv2 with one hop pass; IMDSv1 or two hops fail', () => {
    expect(run('karpenter-node-imdsv2', nodeClass({}))).toEqual([]);
    expect(run('karpenter-node-imdsv2', nodeClass({ metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 1 } }))).toEqual([]);
    const bad = run('karpenter-node-imdsv2', nodeClass({ metadataOptions: { httpTokens: 'optional', httpPutResponseHopLimit: 2 } }));
    expect(bad).toEqual(expect.arrayContaining([expect.stringContaining('httpTokens is "optional"'), expect.stringContaining('httpPutResponseHopLimit is 2')]));
    expect(bad).toHaveLength(2);
  });

  test('karpenter-node-encrypted-volumes: encrypted volumes pass; others fail', () => {
    expect(run('karpenter-node-encrypted-volumes', nodeClass({ blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { encrypted: true } }] }))).toEqual([]);
    expect(run('karpenter-node-encrypted-volumes', nodeClass({ blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeSize: '20Gi' } }] })))
      .toEqual([expect.stringContaining('the EBS volume /dev/xvda is not encrypted')]);
  });

  test('the Karpenter construct\'s output passes all three', () => {
    const out = synthAddons(({ stack, kubernetes, cluster }) => new Karpenter(stack, 'karpenter', { cluster, kubernetes }));
    const targets = [...terraformTargets(out.tf, 'test'), ...k(...out.yaml)];
    expect(runPolicy(targets, { checks: CLOUD_ADDON_CHECKS }).findings).toEqual([]);
    expect(targets.filter((t) => t.kind === 'aws_sqs_queue' || t.kind === 'EC2NodeClass')).toHaveLength(2);
  });
});
