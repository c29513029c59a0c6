import { PolicyTarget } from '../../../lib/policy/types';
import { k, obj, tf } from './fixtures';

/** Objects that pass a cloud add-on check, objects that fail it, and a text the failure's message contains. */
interface CheckCase {
  readonly pass: PolicyTarget[];
  readonly fail: PolicyTarget[];
  readonly message: string;
}

/** An EC2NodeClass (Karpenter v1) with `spec`. */
const nodeClass = (spec: Record<string, unknown>) => k(obj('karpenter.k8s.aws/v1', 'EC2NodeClass', 'default', undefined, { spec }));

export const CLOUD_ADDON_CASES: Record<string, CheckCase> = {
  'sqs-queue-encryption': {
    pass: tf({ aws_sqs_queue: { q: { name: 'q', sqs_managed_sse_enabled: true }, k: { name: 'k', kms_master_key_id: '${aws_kms_key.k.arn}' } } }),
    fail: tf({ aws_sqs_queue: { q: { name: 'q' } } }),
    message: 'messages are stored unencrypted',
  },
  'karpenter-node-imdsv2': {
    pass: nodeClass({ metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1 } }),
    fail: nodeClass({ metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 2 } }),
    message: 'httpPutResponseHopLimit is 2',
  },
  'karpenter-node-encrypted-volumes': {
    pass: nodeClass({ blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeSize: '20Gi', encrypted: true } }] }),
    fail: nodeClass({ blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeSize: '20Gi', encrypted: false } }] }),
    message: 'the EBS volume /dev/xvda is not encrypted',
  },
};
