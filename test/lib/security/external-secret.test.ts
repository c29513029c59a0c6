import { ExternalSecret } from '../../../lib/security/external-secret';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { EnvValue } from '../../../lib/workloads/env-value';
import { WebService } from '../../../lib/workloads/web-service';
import { all, find, synth, synthError } from '../../helpers/synth';

describe('ExternalSecret', () => {
  test('pulls values from AWS Secrets Manager through the default ClusterSecretStore; no Secret is emitted', () => {
    const out = synth((stack) => {
      const ns = new SecureNamespace(stack, 'shop');
      const creds = new ExternalSecret(ns, 'db-credentials', {
        data: { DB_USER: { key: 'shop/db', property: 'username' }, DB_PASSWORD: { key: 'shop/db', property: 'password', version: 'AWSCURRENT' } },
      });
      expect(creds.keys).toEqual(['DB_PASSWORD', 'DB_USER']);
      new WebService(ns, 'web', { image: 'ghcr.io/example/web:1.0.0', env: { DB_PASSWORD: EnvValue.fromSecret(creds, 'DB_PASSWORD') } });
    });
    const es = find(out, 'ExternalSecret', 'db-credentials');
    expect(es.apiVersion).toBe('external-secrets.io/v1');
    expect(es.metadata.namespace).toBe('shop');
    expect(es.spec).toEqual({
      refreshInterval: '1h',
      secretStoreRef: { name: 'aws-secrets-manager', kind: 'ClusterSecretStore' },
      target: { name: 'db-credentials', creationPolicy: 'Owner', deletionPolicy: 'Retain' },
      data: [
        { secretKey: 'DB_PASSWORD', remoteRef: { key: 'shop/db', property: 'password', version: 'AWSCURRENT' } },
        { secretKey: 'DB_USER', remoteRef: { key: 'shop/db', property: 'username' } },
      ],
    });
    expect(all(out, 'Secret')).toHaveLength(0);
    expect(find(out, 'Deployment', 'web').spec.template.spec.containers[0].env).toEqual([
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'DB_PASSWORD', optional: false } } },
    ]);
  });

  test('a template builds derived keys in the cluster, from a namespaced store', () => {
    const out = synth((stack) => new ExternalSecret(stack, 'dsn', {
      namespace: 'shop',
      store: { name: 'vault', kind: 'SecretStore' },
      refreshInterval: '15m',
      data: { user: { key: 'db' , property: 'user' }, pass: { key: 'db', property: 'pass' } },
      template: { DSN: '{{ .user }}:{{ .pass }}@tcp(db:3306)/app' },
    }));
    const es = find(out, 'ExternalSecret', 'dsn');
    expect(es.spec.secretStoreRef).toEqual({ name: 'vault', kind: 'SecretStore' });
    expect(es.spec.refreshInterval).toBe('15m');
    expect(es.spec.target.template).toEqual({ engineVersion: 'v2', type: 'Opaque', data: { DSN: '{{ .user }}:{{ .pass }}@tcp(db:3306)/app' } });
  });

  test('references to keys that will not exist are caught', () => {
    const badTemplate = synthError((stack) => new ExternalSecret(stack, 'dsn', {
      namespace: 'shop', data: { user: { key: 'db' } }, template: { DSN: '{{ .user }}:{{ .password }}' },
    }));
    expect(badTemplate.message).toContain('[test/dsn] template.DSN: got "{{ .password }}"; expected a reference to a fetched value: {{ .user }}');

    const badKey = synthError((stack) => {
      const ns = new SecureNamespace(stack, 'shop');
      const s = new ExternalSecret(ns, 'dsn', { data: { user: { key: 'db' } }, template: { DSN: '{{ .user }}' } });
      new WebService(ns, 'web', { image: 'ghcr.io/example/web:1.0.0', env: { DSN: EnvValue.fromSecret(s, 'user') } });
    });
    expect(badKey.message).toContain('[test/shop/web] env.DSN.key: got "user"; expected one of the keys of Secret "dsn": DSN');
  });
});
