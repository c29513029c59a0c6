import { ExternalSecretsOperator } from '../../../../lib/aws';
import { resources } from '../../../helpers/terraform';
import { objectOf, policyStatements, releaseOf, synthAddons } from './addon-synth';

describe('ExternalSecretsOperator', () => {
  const out = synthAddons(({ stack, kubernetes, cluster }) => {
    new ExternalSecretsOperator(stack, 'eso', { cluster, kubernetes, secretPrefixes: ['counter/', 'cka/'],
      store: { namespaceLabels: { 'external-secrets.keelson.dev/aws-secrets-manager': 'allowed' } } });
  });

  test('the operator reads only secrets under its prefixes', () => {
    const [statement] = policyStatements(out.tf, 'demo-external-secrets');
    expect(statement.actions).toEqual(['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret']);
    expect(statement.resources).toHaveLength(2);
    expect(statement.resources[0]).toMatch(/^arn:\$\{data\.aws_partition\.[\w-]+\.partition\}:secretsmanager:us-west-2:\$\{data\.aws_caller_identity\.[\w-]+\.account_id\}:secret:counter\/\*$/);
    expect(statement.resources[1]).toMatch(/:secret:cka\/\*$/);
    expect(resources(out.tf, 'aws_eks_pod_identity_association').find((a) => a.service_account === 'external-secrets').namespace).toBe('external-secrets');
  });

  test('the ClusterSecretStore the apps name, the ServiceAccount and the pinned chart', () => {
    expect(objectOf(out.yaml, 'ClusterSecretStore', 'aws-secrets-manager').spec).toEqual({
      provider: { aws: { service: 'SecretsManager', region: 'us-west-2' } },
      conditions: [{ namespaceSelector: { matchLabels: { 'external-secrets.keelson.dev/aws-secrets-manager': 'allowed' } } }],
    });
    expect(objectOf(out.yaml, 'ServiceAccount', 'external-secrets').automountServiceAccountToken).toBe(true);
    expect(releaseOf(out.helmfile, 'external-secrets')).toMatchObject({ chart: 'external-secrets/external-secrets', version: '1.0.0', namespace: 'external-secrets' });
  });
});
