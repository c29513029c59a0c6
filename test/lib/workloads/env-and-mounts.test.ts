import { PropsValidator } from '../../../lib/core/validator';
import { ExternalSecret } from '../../../lib/security/external-secret';
import { ExistingSecret } from '../../../lib/security/secret-source';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { ConfigMap, ExistingConfigMap } from '../../../lib/workloads/config-map';
import { ContainerSpec, renderContainer, validateContainer } from '../../../lib/workloads/container-spec';
import { EnvValue } from '../../../lib/workloads/env-value';
import { MountSource } from '../../../lib/workloads/file-mount';
import { WebService, WebServiceProps } from '../../../lib/workloads/web-service';
import { find, synth, synthError } from '../../helpers/synth';

const IMAGE = 'ghcr.io/example/web:1.0.0';

/** Synthesizes a WebService "web" in the namespace "shop" beside a ConfigMap "settings" and an ExternalSecret "db"; returns its pod spec. */
function pod(props: (sources: { settings: ConfigMap; db: ExternalSecret }) => Partial<WebServiceProps>): any {
  const out = synth((s) => {
    const ns = new SecureNamespace(s, 'shop');
    const settings = new ConfigMap(ns, 'settings', { data: { LOG_LEVEL: 'info', 'app.conf': 'listen 8080;' } });
    const db = new ExternalSecret(ns, 'db', { data: { DB_USER: { key: 'shop/db', property: 'user' }, DB_PASSWORD: { key: 'shop/db', property: 'password' } } });
    new WebService(ns, 'web', { image: IMAGE, ...props({ settings, db }) });
  });
  return find(out, 'Deployment', 'web').spec.template.spec;
}

/** The error of a WebService "web" (in "shop", beside the ConfigMap "settings") built with `props`. */
function webError(props: (settings: ConfigMap) => Partial<WebServiceProps>): string {
  return synthError((s) => {
    const ns = new SecureNamespace(s, 'shop');
    const settings = new ConfigMap(ns, 'settings', { data: { LOG_LEVEL: 'info', 'app.conf': 'listen 8080;' } });
    new WebService(ns, 'web', { image: IMAGE, ...props(settings) });
  }).message;
}

describe('env values from ConfigMaps', () => {
  test('fromConfigMap renders a configMapKeyRef that must exist', () => {
    const spec = pod(({ settings }) => ({
      env: { LOG_LEVEL: EnvValue.fromConfigMap(settings, 'LOG_LEVEL'), REGION: EnvValue.fromConfigMap(ExistingConfigMap.named('cluster-info'), 'region') },
    }));
    expect(spec.containers[0].env).toEqual([
      { name: 'LOG_LEVEL', valueFrom: { configMapKeyRef: { name: 'settings', key: 'LOG_LEVEL', optional: false } } },
      { name: 'REGION', valueFrom: { configMapKeyRef: { name: 'cluster-info', key: 'region', optional: false } } },
    ]);
  });

  test('a key the ConfigMap does not hold fails, naming the field, the key and the keys that exist', () => {
    expect(webError((settings) => ({ env: { LOG_LEVEL: EnvValue.fromConfigMap(settings, 'LOGLEVEL') } })))
      .toContain('[test/shop/web] env.LOG_LEVEL.key: got "LOGLEVEL"; expected one of the keys of ConfigMap "settings": LOG_LEVEL, app.conf');
    expect(webError(() => ({ env: { REGION: EnvValue.fromConfigMap(ExistingConfigMap.named('cluster-info', { keys: ['zone'] }), 'region') } })))
      .toContain('[test/shop/web] env.REGION.key: got "region"; expected one of the keys of ConfigMap "cluster-info": zone');
  });

  test('a credential-like variable may come from a ConfigMap only with a reason', () => {
    expect(webError((settings) => ({ env: { AUTH_TOKEN_TTL: EnvValue.fromConfigMap(settings, 'LOG_LEVEL') } })))
      .toContain('[test/shop/web] env.AUTH_TOKEN_TTL: got "LOG_LEVEL"; expected a Secret reference');
    const spec = pod(({ settings }) => ({ env: { AUTH_TOKEN_TTL: EnvValue.fromConfigMap(settings, 'LOG_LEVEL', { notSecret: { reason: 'a duration' } }) } }));
    expect(spec.containers[0].env[0].valueFrom.configMapKeyRef.key).toBe('LOG_LEVEL');
  });
});

describe('envFrom', () => {
  const layout = { name: 'app', ports: [], volumePrefix: '' };
  const render = (spec: ContainerSpec) => {
    const v = new PropsValidator('test');
    validateContainer(v, spec, layout);
    v.throwIfInvalid();
    return renderContainer(spec, layout).envFrom;
  };

  test('takes ConfigMaps and Secrets, after envFromSecrets, each required', () => {
    const cm = ExistingConfigMap.named('settings', { keys: ['LOG_LEVEL'] });
    expect(render({ image: IMAGE, envFromSecrets: [ExistingSecret.named('legacy')], envFrom: [cm, ExistingSecret.named('db')] })).toEqual([
      { secretRef: { name: 'legacy', optional: false } },
      { configMapRef: { name: 'settings', optional: false } },
      { secretRef: { name: 'db', optional: false } },
    ]);
    expect(render({ image: IMAGE })).toBeUndefined();
  });

  test('a source listed twice is refused', () => {
    const cm = ExistingConfigMap.named('settings');
    expect(() => render({ image: IMAGE, envFrom: [cm, ExistingSecret.named('settings'), ExistingConfigMap.named('settings')] }))
      .toThrow('[test] envFrom[2]: got "ConfigMap settings"; expected a source that is not already used in envFrom');
  });

  // Needs "envFrom" in the container prop lists of lib/workloads/pod-spec.ts (CONTAINER_SPEC_PROPS).
  test('a workload renders envFrom of a ConfigMap construct and of an ExistingSecret', () => {
    const spec = pod(({ settings, db }) => ({ envFrom: [settings, ExistingSecret.named('legacy'), db] }));
    expect(spec.containers[0].envFrom).toEqual([
      { configMapRef: { name: 'settings', optional: false } },
      { secretRef: { name: 'legacy', optional: false } },
      { secretRef: { name: 'db', optional: false } },
    ]);
  });

  test('envFromSecrets keeps working', () => {
    const spec = pod(({ db }) => ({ envFromSecrets: [db] }));
    expect(spec.containers[0].envFrom).toEqual([{ secretRef: { name: 'db', optional: false } }]);
  });
});

describe('file mounts with known keys', () => {
  test('MountSource.configMap takes the ConfigMap construct; default file modes are 0o444 and 0o440', () => {
    const spec = pod(({ settings, db }) => ({
      mounts: [
        { path: '/etc/app', source: MountSource.configMap(settings, { items: { 'app.conf': 'conf/app.conf' } }) },
        { path: '/etc/db', source: MountSource.secret(db, { items: { DB_PASSWORD: 'password' } }) },
      ],
    }));
    expect(spec.volumes).toContainEqual({ name: 'cm-settings', configMap: { name: 'settings', items: [{ key: 'app.conf', path: 'conf/app.conf' }], defaultMode: 0o444 } });
    expect(spec.volumes).toContainEqual({ name: 'secret-db', secret: { secretName: 'db', items: [{ key: 'DB_PASSWORD', path: 'password' }], defaultMode: 0o440 } });
    expect(spec.containers[0].volumeMounts).toEqual(expect.arrayContaining([
      { name: 'cm-settings', mountPath: '/etc/app', readOnly: true },
      { name: 'secret-db', mountPath: '/etc/db', readOnly: true },
    ]));
  });

  test('defaultMode is rendered for ConfigMaps and Secrets', () => {
    const spec = pod(({ settings }) => ({
      mounts: [
        { path: '/etc/app', source: MountSource.configMap(settings, { defaultMode: 0o440 }) },
        { path: '/etc/tls', source: MountSource.secret(ExistingSecret.named('tls', { keys: ['tls.crt', 'tls.key'] }), { defaultMode: 0o400 }) },
      ],
    }));
    expect(spec.volumes).toContainEqual({ name: 'cm-settings', configMap: { name: 'settings', defaultMode: 0o440 } });
    expect(spec.volumes).toContainEqual({ name: 'secret-tls', secret: { secretName: 'tls', defaultMode: 0o400 } });
  });

  test('an item key the ConfigMap does not hold fails at synth', () => {
    expect(webError((settings) => ({ mounts: [{ path: '/etc/app', source: MountSource.configMap(settings, { items: { 'app.yaml': 'app.yaml' } }) }] })))
      .toContain('[test/shop/web] mounts[0].source.items key: got "app.yaml"; expected one of the keys of ConfigMap "settings": LOG_LEVEL, app.conf');
  });

  test('an item key the ExternalSecret will not hold fails at synth', () => {
    const err = synthError((s) => {
      const ns = new SecureNamespace(s, 'shop');
      const db = new ExternalSecret(ns, 'db', { data: { DB_PASSWORD: { key: 'shop/db', property: 'password' } } });
      new WebService(ns, 'web', { image: IMAGE, mounts: [{ path: '/etc/db', source: MountSource.secret(db, { items: { password: 'password' } }) }] });
    });
    expect(err.message).toContain('[test/shop/web] mounts[0].source.items key: got "password"; expected one of the keys of Secret "db": DB_PASSWORD');
  });

  test('a subPath must be one of the known files', () => {
    expect(webError((settings) => ({ mounts: [{ path: '/etc/app/app.conf', subPath: 'app.cfg', source: MountSource.configMap(settings) }] })))
      .toContain('[test/shop/web] mounts[0].subPath: got "app.cfg"; expected one of the files of the source: LOG_LEVEL, app.conf');
    const spec = pod(({ settings }) => ({
      mounts: [{ path: '/etc/app/app.conf', subPath: 'conf/app.conf', source: MountSource.configMap(settings, { items: { 'app.conf': 'conf/app.conf' } }) }],
    }));
    expect(spec.containers[0].volumeMounts).toContainEqual({ name: 'cm-settings', mountPath: '/etc/app/app.conf', subPath: 'conf/app.conf', readOnly: true });
  });

  test('compatibility: a name string still works, with its keys unchecked', () => {
    const spec = pod(() => ({
      mounts: [
        { path: '/etc/agent', source: MountSource.configMap('agent-config', { items: { anything: 'anything' } }) },
        { path: '/etc/token/token', subPath: 'token', source: MountSource.secret('agent-token') },
      ],
    }));
    expect(spec.volumes).toContainEqual({ name: 'cm-agent-config', configMap: { name: 'agent-config', items: [{ key: 'anything', path: 'anything' }], defaultMode: 0o444 } });
    expect(spec.volumes).toContainEqual({ name: 'secret-agent-token', secret: { secretName: 'agent-token', defaultMode: 0o440 } });
  });
});

describe('downward API variables', () => {
  test('fromFieldPath and fromResource render fieldRef and resourceFieldRef', () => {
    const spec = pod(() => ({
      env: {
        POD_NAMESPACE: EnvValue.fromFieldPath('metadata.namespace'),
        MEMORY_LIMIT_MIB: EnvValue.fromResource('limits.memory', { divisor: '1Mi' }),
        CPU_REQUEST: EnvValue.fromResource('requests.cpu'),
      },
    }));
    expect(spec.containers[0].env).toEqual([
      { name: 'CPU_REQUEST', valueFrom: { resourceFieldRef: { resource: 'requests.cpu' } } },
      { name: 'MEMORY_LIMIT_MIB', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
      { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace', apiVersion: 'v1' } } },
    ]);
  });

  test('an unknown resource or a bad divisor is refused', () => {
    expect(webError(() => ({ env: { X: EnvValue.fromResource('limits.gpu') } })))
      .toContain('[test/shop/web] env.X.resource: got "limits.gpu"; expected one of limits.cpu, limits.memory');
    expect(webError(() => ({ env: { X: EnvValue.fromResource('limits.memory', { divisor: 'MiB' }) } })))
      .toContain('[test/shop/web] env.X.divisor: got "MiB"; expected a positive Kubernetes quantity');
  });
});
