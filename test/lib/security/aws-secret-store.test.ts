import { AwsSecretsManagerStore } from '../../../lib/security/aws-secret-store';
import { find, synth, synthError } from '../../helpers/synth';

describe('AwsSecretsManagerStore', () => {
  test('a ClusterSecretStore for Secrets Manager, limited to labelled namespaces', () => {
    const store = find(synth((s) => new AwsSecretsManagerStore(s, 'store', { region: 'us-west-2', namespaceLabels: { 'secrets': 'aws' } })), 'ClusterSecretStore', 'aws-secrets-manager');
    expect(store.apiVersion).toBe('external-secrets.io/v1');
    expect(store.spec).toEqual({
      provider: { aws: { service: 'SecretsManager', region: 'us-west-2' } },
      conditions: [{ namespaceSelector: { matchLabels: { secrets: 'aws' } } }],
    });
  });

  test('or to named namespaces', () => {
    const store = find(synth((s) => new AwsSecretsManagerStore(s, 'store', { name: 'shop-secrets', region: 'eu-west-1', namespaces: ['shop'] })), 'ClusterSecretStore', 'shop-secrets');
    expect(store.spec.conditions).toEqual([{ namespaces: ['shop'] }]);
  });

  test('an unrestricted store is refused', () => {
    expect(synthError((s) => new AwsSecretsManagerStore(s, 'store', { region: 'us-west-2' })).message)
      .toContain('[test/store] namespaceLabels: got undefined; expected either namespaceLabels or namespaces (not both)');
  });
});
