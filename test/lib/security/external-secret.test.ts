import { ExternalSecret } from '../../../lib/security/external-secret';
import { DOCKER_CONFIG_JSON } from '../../../lib/security/secret-source';
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

  describe('registry credentials (type kubernetes.io/dockerconfigjson)', () => {
    test('the type goes to the target template, the fetched value stays as it is, and the workload pulls with it', () => {
      let secretType: string | undefined;
      const out = synth((stack) => {
        const ns = new SecureNamespace(stack, 'shop');
        const registry = new ExternalSecret(ns, 'registry', { type: DOCKER_CONFIG_JSON, data: { '.dockerconfigjson': { key: 'ci/registry' } } });
        secretType = registry.secretType;
        new WebService(ns, 'web', { image: 'ghcr.io/example/web:1.0.0', imagePullSecrets: [registry] });
      });
      expect(secretType).toBe('kubernetes.io/dockerconfigjson');
      expect(find(out, 'ExternalSecret', 'registry').spec.target).toEqual({
        name: 'registry', creationPolicy: 'Owner', deletionPolicy: 'Retain', template: { engineVersion: 'v2', type: 'kubernetes.io/dockerconfigjson' },
      });
      expect(find(out, 'Deployment', 'web').spec.template.spec.imagePullSecrets).toEqual([{ name: 'registry' }]);
    });

    test('a template can build the .dockerconfigjson key', () => {
      const out = synth((stack) => new ExternalSecret(stack, 'registry', {
        namespace: 'shop', type: DOCKER_CONFIG_JSON, data: { config: { key: 'ci/registry' } }, template: { '.dockerconfigjson': '{{ .config }}' },
      }));
      expect(find(out, 'ExternalSecret', 'registry').spec.target.template).toEqual({
        engineVersion: 'v2', type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': '{{ .config }}' },
      });
    });

    test('without the type, the ExternalSecret is an Opaque Secret, which imagePullSecrets refuse', () => {
      const err = synthError((stack) => {
        const ns = new SecureNamespace(stack, 'shop');
        const registry = new ExternalSecret(ns, 'registry', { data: { '.dockerconfigjson': { key: 'ci/registry' } } });
        expect(registry.secretType).toBe('Opaque');
        new WebService(ns, 'web', { image: 'ghcr.io/example/web:1.0.0', imagePullSecrets: [registry] });
      });
      expect(err.message).toContain('[test/shop/web] imagePullSecrets[0]: got "registry"; expected a Secret of type kubernetes.io/dockerconfigjson');
    });

    test('the Secret must hold the keys its type requires', () => {
      const noKey = synthError((stack) => new ExternalSecret(stack, 'registry', { namespace: 'shop', type: DOCKER_CONFIG_JSON, data: { config: { key: 'ci/registry' } } }));
      expect(noKey.message).toContain('[test/registry] data: got ["config"]; expected the key ".dockerconfigjson", which a Secret of type kubernetes.io/dockerconfigjson must hold, '
        + "e.g. data: { '.dockerconfigjson': { key: '<secret in the manager>' } }");
      const noTemplateKey = synthError((stack) => new ExternalSecret(stack, 'registry', {
        namespace: 'shop', type: DOCKER_CONFIG_JSON, data: { config: { key: 'ci/registry' } }, template: { config: '{{ .config }}' },
      }));
      expect(noTemplateKey.message).toContain('[test/registry] template: got ["config"]; expected the key ".dockerconfigjson"');
      const tls = synthError((stack) => new ExternalSecret(stack, 'tls', { namespace: 'shop', type: 'kubernetes.io/tls', data: { 'tls.crt': { key: 'web/tls' } } }));
      expect(tls.message).toContain('[test/tls] data: got ["tls.crt"]; expected the key "tls.key", which a Secret of type kubernetes.io/tls must hold');
    });

    test('other types pass through', () => {
      const out = synth((stack) => new ExternalSecret(stack, 'tls', {
        namespace: 'shop', type: 'kubernetes.io/tls', data: { 'tls.crt': { key: 'web/tls', property: 'crt' }, 'tls.key': { key: 'web/tls', property: 'key' } },
      }));
      expect(find(out, 'ExternalSecret', 'tls').spec.target.template).toEqual({ engineVersion: 'v2', type: 'kubernetes.io/tls' });
    });
  });
});
