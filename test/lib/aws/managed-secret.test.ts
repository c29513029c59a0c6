import { ManagedSecret, ManagedSecretProps } from '../../../lib/aws';
import { checkovSkipReason, checkovSkips } from '../../../lib/policy/checkov-skips';
import { TerraformJson, addressOf, policyFindings, resource, resources, synthStack } from '../../helpers/terraform';

const BASE: ManagedSecretProps = { secretName: 'counter/mysql', description: 'MySQL credentials, set by an operator', noRotation: { reason: 'in-cluster MySQL: the RDS rotation functions cannot change it' } };

function secret(props: Partial<ManagedSecretProps> = {}): { tf: TerraformJson; made: ManagedSecret } {
  let made!: ManagedSecret;
  const tf = synthStack((stack) => {
    made = new ManagedSecret(stack, 'db', { ...BASE, ...props });
  });
  return { tf, made };
}

const ACCOUNT = '${data.aws_caller_identity.caller-identity.account_id}';
const PARTITION = '${data.aws_partition.partition.partition}';

describe('ManagedSecret encryption', () => {
  const { tf, made } = secret();
  const key = resource(tf, 'aws_kms_key');
  const keyAddress = addressOf(tf, 'aws_kms_key');

  test('the secret is encrypted with a key of its own (Checkov CKV_AWS_149)', () => {
    expect(resource(tf, 'aws_secretsmanager_secret')).toMatchObject({ name: 'counter/mysql', kms_key_id: `\${${keyAddress}.arn}`, recovery_window_in_days: 30 });
    expect(made.kmsKeyArn).toContain('${TfToken[');
  });

  test('the key rotates, waits 30 days before deletion, and has a written policy that leaves its use to the account\'s IAM policies', () => {
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30, description: 'Encrypts the Secrets Manager secret counter/mysql' });
    expect(JSON.parse(key.policy)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'AccountIamPolicies', Effect: 'Allow', Principal: { AWS: `arn:${PARTITION}:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }],
    });
    expect(resource(tf, 'aws_kms_alias')).toEqual(expect.objectContaining({ name: 'alias/secretsmanager/counter/mysql', target_key_id: `\${${keyAddress}.key_id}` }));
  });

  test('a given key is used instead, and no key is made', () => {
    const arn = 'arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const given = secret({ kmsKeyArn: arn });
    expect(resource(given.tf, 'aws_secretsmanager_secret').kms_key_id).toBe(arn);
    expect(resources(given.tf, 'aws_kms_key')).toEqual([]);
    expect(given.made.kmsKeyArn).toBe(arn);
  });
});

describe('ManagedSecret rotation', () => {
  test('without rotation, the reason is recorded as a Checkov skip of CKV2_AWS_57 on the secret, and the checks pass', () => {
    const { tf } = secret();
    const s = resource(tf, 'aws_secretsmanager_secret');
    expect(checkovSkips(s)).toEqual([{ id: 'CKV2_AWS_57', comment: BASE.noRotation!.reason }]);
    expect(checkovSkipReason(s, 'CKV2_AWS_57')).toBe(BASE.noRotation!.reason);
    expect(resources(tf, 'aws_secretsmanager_secret_rotation')).toEqual([]);
    expect(policyFindings(tf)).toEqual([]);
  });

  test('with rotation, a rotation resource points at the secret, no skip is written, and the checks pass', () => {
    const lambdaArn = 'arn:aws:lambda:us-west-2:123456789012:function:rotate-mysql';
    const { tf } = secret({ noRotation: undefined, rotation: { lambdaArn, afterDays: 30 } });
    expect(resource(tf, 'aws_secretsmanager_secret_rotation')).toMatchObject({
      secret_id: `\${${addressOf(tf, 'aws_secretsmanager_secret')}.id}`, rotation_lambda_arn: lambdaArn, rotation_rules: { automatically_after_days: 30 },
    });
    expect(checkovSkips(resource(tf, 'aws_secretsmanager_secret'))).toEqual([]);
    expect(policyFindings(tf)).toEqual([]);
  });
});
