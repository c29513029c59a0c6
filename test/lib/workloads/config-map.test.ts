import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { AppStack } from '../../../lib/core/app-stack';
import { toYaml } from '../../../lib/output/yaml';
import { AppDefinition } from '../../../lib/output/synth-apps';
import { ExistingSecret } from '../../../lib/security/secret-source';
import { ExternalSecret } from '../../../lib/security/external-secret';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { NOT_SECRET_REASON_ANNOTATION } from '../../../lib/core/annotations';
import { CONFIG_MAP_MAX_BYTES, ConfigMap, ConfigMapProps } from '../../../lib/workloads/config-map';
import { EnvValue } from '../../../lib/workloads/env-value';
import { MountSource } from '../../../lib/workloads/file-mount';
import { WebService, WebServiceProps } from '../../../lib/workloads/web-service';
import { BadInput, describeBadInputs, withUnknownProps } from '../../helpers/bad-input';
import { find, synth, synthError } from '../../helpers/synth';
import { tempDir } from '../../helpers/tmp';

const IMAGE = 'ghcr.io/example/web:1.0.0';
/** Bytes that are not valid UTF-8 (a PNG signature: 0x89 is a lone continuation byte). */
const BINARY = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]);

const dir = tempDir();
const file = (name: string, content: string | Buffer): string => {
  const full = path.join(dir, name);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, content);
  return full;
};
const APP_CONF = file('app.conf', 'listen 8080;\nname "café";\n');
const LOGO = file('logo.png', BINARY);
fs.mkdirSync(path.join(dir, 'a-directory'));

function configMap(props: ConfigMapProps) {
  return find(synth((s) => new ConfigMap(new SecureNamespace(s, 'shop'), 'settings', props)), 'ConfigMap', 'settings');
}

/** Runs `build` with the working directory set to `cwd`. */
function inDir<T>(cwd: string, build: () => T): T {
  const before = process.cwd();
  process.chdir(cwd);
  try {
    return build();
  } finally {
    process.chdir(before);
  }
}

describe('ConfigMap', () => {
  test('holds text values, text and binary files, and binary values, sorted by key; schema-valid', () => {
    let keys: readonly string[] = [];
    let name = '';
    const out = synth((s) => {
      const cm = new ConfigMap(new SecureNamespace(s, 'shop'), 'settings', {
        data: { 'LOG_LEVEL': 'info', 'feature.flags': 'a=1' },
        files: { 'app.conf': APP_CONF, 'logo.png': LOGO },
        binaryData: { 'blob.bin': Buffer.from([1, 2, 3]).toString('base64') },
        labels: { team: 'shop' },
      });
      keys = cm.keys;
      name = cm.configMapName;
    });
    const cm = find(out, 'ConfigMap', 'settings');
    expect(cm.apiVersion).toBe('v1');
    expect(cm.metadata).toEqual({ name: 'settings', namespace: 'shop', labels: expect.objectContaining({ team: 'shop' }) });
    expect(cm.data).toEqual({ 'LOG_LEVEL': 'info', 'app.conf': 'listen 8080;\nname "café";\n', 'feature.flags': 'a=1' });
    expect(Object.keys(cm.data)).toEqual(['LOG_LEVEL', 'app.conf', 'feature.flags']);
    expect(cm.binaryData).toEqual({ 'blob.bin': 'AQID', 'logo.png': BINARY.toString('base64') });
    expect(Buffer.from(cm.binaryData['logo.png'], 'base64')).toEqual(BINARY);
    expect(cm.immutable).toBeUndefined();
    expect(keys).toEqual(['LOG_LEVEL', 'app.conf', 'blob.bin', 'feature.flags', 'logo.png']);
    expect(name).toBe('settings');
  });

  test('an empty ConfigMap is allowed; data and binaryData are left out', () => {
    const cm = configMap({});
    expect(cm.data).toBeUndefined();
    expect(cm.binaryData).toBeUndefined();
  });

  test('immutable is written only when set', () => {
    expect(configMap({ data: { a: '1' }, immutable: true }).immutable).toBe(true);
    expect(configMap({ data: { a: '1' }, immutable: false }).immutable).toBeUndefined();
  });

  test('values up to 1 MiB in total are accepted; one byte more is refused with the total and the largest keys', () => {
    const half = 'x'.repeat(CONFIG_MAP_MAX_BYTES / 2);
    expect(configMap({ data: { a: half, b: half } }).data.a).toHaveLength(CONFIG_MAP_MAX_BYTES / 2);
    const big = file('big.bin', Buffer.alloc(CONFIG_MAP_MAX_BYTES / 2, 0xff));
    const err = synthError((s) => new ConfigMap(s, 'cm', { namespace: 'shop', data: { a: half }, files: { big }, binaryData: { c: 'AA==' } }));
    expect(err.message).toContain(`[test/cm] data, files and binaryData: got "${CONFIG_MAP_MAX_BYTES + 1} bytes"; expected at most ${CONFIG_MAP_MAX_BYTES} bytes`);
    expect(err.message).toContain(`the largest: "a" ${CONFIG_MAP_MAX_BYTES / 2}, "big" ${CONFIG_MAP_MAX_BYTES / 2}, "c" 1`);
  });

  test('keys are checked for their format and are unique across data, files and binaryData', () => {
    const err = synthError((s) => new ConfigMap(s, 'cm', {
      namespace: 'shop',
      data: { 'app.conf': 'x', 'bad key': 'y' },
      files: { 'app.conf': APP_CONF },
      binaryData: { 'app.conf': 'AA==' },
    }));
    expect(err.message).toContain('[test/cm] data key: got "bad key"; expected a Secret or ConfigMap key of 1-253 letters, digits');
    expect(err.message).toContain('[test/cm] files key: got "app.conf"; expected a key not already used in data');
    expect(err.message).toContain('[test/cm] binaryData key: got "app.conf"; expected a key not already used in data');
  });

  test('a missing file fails with the prop, the path given and the path resolved', () => {
    const err = synthError((s) => new ConfigMap(s, 'cm', { namespace: 'shop', files: { 'app.conf': 'conf/missing.conf' } }));
    expect(err.message).toContain(
      `[test/cm] files["app.conf"]: got "conf/missing.conf"; expected a readable file (${path.resolve('conf/missing.conf')} does not exist)`);
  });

  test('keys that look like credentials are refused, unless a reason says they are not, which is recorded', () => {
    const err = synthError((s) => new ConfigMap(s, 'cm', {
      namespace: 'shop', data: { DB_PASSWORD: 'x', 'oauth-token-url': 'https://id.example.com/token' }, files: { 'api-key': APP_CONF },
    }));
    expect(err.message).toContain('[test/cm] data key: got "DB_PASSWORD"; expected a key that does not look like a credential: keep credentials in a Secret');
    expect(err.message).toContain('[test/cm] data key: got "oauth-token-url"');
    expect(err.message).toContain('[test/cm] files key: got "api-key"');
    expect(err.message).not.toContain('listen 8080');

    const cm = configMap({ data: { 'oauth-token-url': 'https://id.example.com/token' }, notSecret: { reason: 'the URL of the token endpoint, not a token' } });
    expect(cm.data).toEqual({ 'oauth-token-url': 'https://id.example.com/token' });
    expect(cm.metadata.annotations).toEqual({ [NOT_SECRET_REASON_ANNOTATION]: 'the URL of the token endpoint, not a token' });
  });

  test('a PEM private key in a value is refused and not echoed', () => {
    const pem = file('server.pem', '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----\n');
    const err = synthError((s) => new ConfigMap(s, 'cm', { namespace: 'shop', files: { 'server.pem': pem } }));
    expect(err.message).toContain('[test/cm] files["server.pem"]: got "<redacted: a PEM private key>"; expected a value without a private key');
    expect(err.message).not.toContain('MIIEow');
  });

  test('the output is the same from any working directory, and holds no file path', () => {
    const a = tempDir();
    const b = tempDir();
    for (const root of [a, b]) {
      fs.mkdirSync(path.join(root, 'config'));
      fs.writeFileSync(path.join(root, 'config', 'app.conf'), 'listen 8080;\n');
      fs.writeFileSync(path.join(root, 'config', 'logo.png'), BINARY);
    }
    const build = () => synth((s) => new ConfigMap(new SecureNamespace(s, 'shop'), 'settings', {
      files: { 'app.conf': 'config/app.conf', 'logo.png': './config/logo.png' },
    }));
    const yamlA = toYaml(inDir(a, build));
    const yamlB = toYaml(inDir(b, build));
    expect(yamlA).toEqual(yamlB);
    expect(yamlA).toContain('listen 8080;');
    for (const text of [a, b, 'config/', dir, path.basename(a)]) {
      expect(yamlA).not.toContain(text);
    }
  });

  test('is an IConfigMapSource for env values and mounts', () => {
    const out = synth((s) => {
      const ns = new SecureNamespace(s, 'shop');
      const cm = new ConfigMap(ns, 'settings', { data: { LOG_LEVEL: 'info' }, files: { 'app.conf': APP_CONF } });
      new WebService(ns, 'web', {
        image: IMAGE,
        env: { LOG_LEVEL: EnvValue.fromConfigMap(cm, 'LOG_LEVEL') },
        mounts: [{ path: '/etc/app/app.conf', subPath: 'app.conf', source: MountSource.configMap(cm, { items: { 'app.conf': 'app.conf' } }) }],
      });
    });
    const pod = find(out, 'Deployment', 'web').spec.template.spec;
    expect(pod.containers[0].env).toEqual([{ name: 'LOG_LEVEL', valueFrom: { configMapKeyRef: { name: 'settings', key: 'LOG_LEVEL', optional: false } } }]);
    expect(pod.volumes).toContainEqual({ name: 'cm-settings', configMap: { name: 'settings', items: [{ key: 'app.conf', path: 'app.conf' }], defaultMode: 0o444 } });
  });
});

// Bad inputs, each built in the stack "bad".
const inStack = (build: (stack: Construct) => void) => (app: App) => build(new AppStack(app, 'bad'));
const cm = (s: Construct, props: ConfigMapProps) => new ConfigMap(s, 'cm', { namespace: 'shop', ...props });
const web = (s: Construct, props: Partial<WebServiceProps>) => new WebService(s, 'web', { namespace: 'shop', image: IMAGE, ...props });
const settings = (s: Construct) => cm(s, { data: { LOG_LEVEL: 'info', 'app.conf': 'x' } });
const MISSING = path.join(dir, 'missing.conf');
const DIRECTORY = path.join(dir, 'a-directory');
const CREDENTIAL = 'a key that does not look like a credential: keep credentials in a Secret (an ExternalSecret, or ExistingSecret.named), never in a ConfigMap; ' +
  'if it is not a credential, say why with notSecret: { reason }';
const KEY_FORMAT = 'a Secret or ConfigMap key of 1-253 letters, digits, "-", "_" or "."';
const KNOWN_KEYS = 'one of the keys of ConfigMap "cm": LOG_LEVEL, app.conf';
const MODE = 'a file mode from 0 to 0o777 (511), written in octal, e.g. 0o440';
const registry = (s: Construct, type?: string) => new ExternalSecret(s, 'registry', { namespace: 'shop', type, data: { '.dockerconfigjson': { key: 'ci/registry' } } });

const CASES: BadInput[] = ([
  // The ConfigMap itself.
  { title: 'a name with an underscore', build: (s) => cm(s, { name: 'app_settings' }),
    where: '[bad/cm] name: got "app_settings"', expected: 'an object name' },
  { title: 'an unknown prop (a typo)', build: (s) => cm(s, withUnknownProps({}, { immutible: true })),
    where: '[bad/cm] immutible: got true', expected: 'a known prop (did you mean "immutable"?)' },
  { title: 'a data key with a space', build: (s) => cm(s, { data: { 'log level': 'info' } }),
    where: '[bad/cm] data key: got "log level"', expected: KEY_FORMAT },
  { title: 'a files key with a slash', build: (s) => cm(s, { files: { 'conf/app.conf': APP_CONF } }),
    where: '[bad/cm] files key: got "conf/app.conf"', expected: KEY_FORMAT },
  { title: 'a binaryData key that is too long', build: (s) => cm(s, { binaryData: { ['k'.repeat(254)]: 'AA==' } }),
    where: `[bad/cm] binaryData key: got "${'k'.repeat(116)}... (254 characters)`, expected: KEY_FORMAT },
  { title: 'a key in data and files', build: (s) => cm(s, { data: { 'app.conf': 'x' }, files: { 'app.conf': APP_CONF } }),
    where: '[bad/cm] files key: got "app.conf"', expected: 'a key not already used in data' },
  { title: 'a key in data and binaryData', build: (s) => cm(s, { data: { logo: 'x' }, binaryData: { logo: 'AA==' } }),
    where: '[bad/cm] binaryData key: got "logo"', expected: 'a key not already used in data' },
  { title: 'a key in files and binaryData', build: (s) => cm(s, { files: { logo: LOGO }, binaryData: { logo: 'AA==' } }),
    where: '[bad/cm] binaryData key: got "logo"', expected: 'a key not already used in files' },
  { title: 'binaryData that is not base64', build: (s) => cm(s, { binaryData: { logo: 'not base64!' } }),
    where: '[bad/cm] binaryData["logo"]: got "not base64!"', expected: 'a base64 string (standard alphabet, with "=" padding)' },
  { title: 'binaryData without its padding', build: (s) => cm(s, { binaryData: { logo: 'YWJjZA' } }),
    where: '[bad/cm] binaryData["logo"]: got "YWJjZA"', expected: 'a base64 string' },
  { title: 'a data value that is not a string', build: (s) => cm(s, { data: { replicas: 3 as any } }),
    where: '[bad/cm] data["replicas"]: got 3', expected: 'a string' },
  { title: 'data given as a list', build: (s) => cm(s, { data: ['a=1'] as any }),
    where: '[bad/cm] data: got ["a=1"]', expected: 'an object of values by key' },
  { title: 'a file that does not exist', build: (s) => cm(s, { files: { 'app.conf': MISSING } }),
    where: `[bad/cm] files["app.conf"]: got ${JSON.stringify(MISSING)}`, expected: `a readable file (${MISSING} does not exist)` },
  { title: 'a file that is a directory', build: (s) => cm(s, { files: { 'app.conf': DIRECTORY } }),
    where: `[bad/cm] files["app.conf"]: got ${JSON.stringify(DIRECTORY)}`, expected: `a readable file (${DIRECTORY} is a directory)` },
  { title: 'an empty file path', build: (s) => cm(s, { files: { 'app.conf': ' ' } }),
    where: '[bad/cm] files["app.conf"]: got " "', expected: 'the path of a local file' },
  { title: 'a credential-like data key', build: (s) => cm(s, { data: { DB_PASSWORD: 'hunter2' } }),
    where: '[bad/cm] data key: got "DB_PASSWORD"', expected: CREDENTIAL },
  { title: 'a credential-like files key (dashes read as underscores)', build: (s) => cm(s, { files: { 'api-key': APP_CONF } }),
    where: '[bad/cm] files key: got "api-key"', expected: CREDENTIAL },
  { title: 'a credential-like binaryData key', build: (s) => cm(s, { binaryData: { 'private.key': 'AA==' } }),
    where: '[bad/cm] binaryData key: got "private.key"', expected: CREDENTIAL },
  { title: 'a PEM private key as a value', build: (s) => cm(s, { data: { 'server.pem': '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----' } }),
    where: '[bad/cm] data["server.pem"]: got "<redacted: a PEM private key>"', expected: 'a value without a private key' },
  { title: 'notSecret with an empty reason', build: (s) => cm(s, { data: { DB_PASSWORD_POLICY: 'strict' }, notSecret: { reason: ' ' } }),
    where: '[bad/cm] notSecret.reason: got " "', expected: 'a non-empty reason' },
  { title: 'notSecret with another prop than reason', build: (s) => cm(s, { data: { a: '1' }, notSecret: { because: 'x' } as any }),
    where: '[bad/cm] notSecret.because: got "x"', expected: 'a known prop; the props are reason' },
  { title: 'immutable that is not a boolean', build: (s) => cm(s, { data: { a: '1' }, immutable: 'yes' as any }),
    where: '[bad/cm] immutable: got "yes"', expected: 'true or false' },
  { title: 'more than 1 MiB of values', build: (s) => cm(s, { data: { big: 'x'.repeat(CONFIG_MAP_MAX_BYTES) }, binaryData: { more: 'AA==' } }),
    where: `[bad/cm] data, files and binaryData: got "${CONFIG_MAP_MAX_BYTES + 1} bytes"`, expected: `at most ${CONFIG_MAP_MAX_BYTES} bytes (1 MiB, Kubernetes' limit` },
  // Its keys where workloads use them.
  { title: 'an env value from a key the ConfigMap lacks', build: (s) => web(s, { env: { LOG_LEVEL: EnvValue.fromConfigMap(settings(s), 'LOG-LEVEL') } }),
    where: '[bad/web] env.LOG_LEVEL.key: got "LOG-LEVEL"', expected: KNOWN_KEYS },
  { title: 'a credential-like variable from a ConfigMap', build: (s) => web(s, { env: { API_TOKEN: EnvValue.fromConfigMap(settings(s), 'LOG_LEVEL') } }),
    where: '[bad/web] env.API_TOKEN: got "LOG_LEVEL"', expected: 'a Secret reference, EnvValue.fromSecret(source, key), because "API_TOKEN" looks like a credential' },
  { title: 'mount items with a key the ConfigMap lacks',
    build: (s) => web(s, { mounts: [{ path: '/etc/app', source: MountSource.configMap(settings(s), { items: { 'app.yaml': 'app.yaml' } }) }] }),
    where: '[bad/web] mounts[0].source.items key: got "app.yaml"', expected: KNOWN_KEYS },
  { title: 'mount items with a key the Secret lacks',
    build: (s) => web(s, { mounts: [{ path: '/tls', source: MountSource.secret(ExistingSecret.named('tls', { keys: ['tls.crt', 'tls.key'] }), { items: { 'ca.crt': 'ca.crt' } }) }] }),
    where: '[bad/web] mounts[0].source.items key: got "ca.crt"', expected: 'one of the keys of Secret "tls": tls.crt, tls.key' },
  { title: 'a subPath that is not a file of the ConfigMap',
    build: (s) => web(s, { mounts: [{ path: '/etc/app/app.conf', subPath: 'app.cfg', source: MountSource.configMap(settings(s)) }] }),
    where: '[bad/web] mounts[0].subPath: got "app.cfg"', expected: 'one of the files of the source: LOG_LEVEL, app.conf' },
  { title: 'a defaultMode above 0o777', build: (s) => web(s, { mounts: [{ path: '/etc/app', source: MountSource.configMap('settings', { defaultMode: 0o1777 }) }] }),
    where: '[bad/web] mounts[0].source.defaultMode: got 1023', expected: MODE },
  { title: 'a negative defaultMode', build: (s) => web(s, { mounts: [{ path: '/tls', source: MountSource.secret('tls', { defaultMode: -1 }) }] }),
    where: '[bad/web] mounts[0].source.defaultMode: got -1', expected: MODE },
  { title: 'a defaultMode that is not an integer', build: (s) => web(s, { mounts: [{ path: '/tls', source: MountSource.secret('tls', { defaultMode: 4.4 }) }] }),
    where: '[bad/web] mounts[0].source.defaultMode: got 4.4', expected: MODE },
  { title: 'envFrom of a ConfigMap whose keys are not variable names', build: (s) => web(s, { envFrom: [cm(s, { data: { '1st': 'a', '2nd': 'b', ok: 'c' } })] }),
    where: '[bad/web] envFrom[0]: got "cm"', expected: 'a ConfigMap whose keys are all environment variable names ("1st", "2nd" are not; Kubernetes would skip them)' },
  { title: 'envFrom of something that is neither a ConfigMap nor a Secret', build: (s) => web(s, { envFrom: [{ name: 'settings' } as any] }),
    where: '[bad/web] envFrom[0]: got {"name":"settings"}', expected: 'a ConfigMap (ConfigMap, ExistingConfigMap.named) or a Secret (ExternalSecret, ExistingSecret.named)' },
  // Registry credentials from an ExternalSecret.
  { title: 'imagePullSecrets with an ExternalSecret without the dockerconfigjson type', build: (s) => web(s, { imagePullSecrets: [registry(s)] }),
    where: '[bad/web] imagePullSecrets[0]: got "registry"', expected: 'a Secret of type kubernetes.io/dockerconfigjson' },
  { title: 'a dockerconfigjson ExternalSecret without the .dockerconfigjson key',
    build: (s) => new ExternalSecret(s, 'registry', { namespace: 'shop', type: 'kubernetes.io/dockerconfigjson', data: { config: { key: 'ci/registry' } } }),
    where: '[bad/registry] data: got ["config"]', expected: 'the key ".dockerconfigjson", which a Secret of type kubernetes.io/dockerconfigjson must hold' },
  { title: 'an ExternalSecret type with a space', build: (s) => registry(s, 'docker config'),
    where: '[bad/registry] type: got "docker config"', expected: 'a Secret type such as "Opaque", "kubernetes.io/dockerconfigjson" or "kubernetes.io/tls"' },
] as Array<Omit<BadInput, 'build'> & { build: (stack: Construct) => void }>).map((c) => ({ ...c, build: inStack(c.build) }));

const good: AppDefinition = {
  name: 'good',
  description: 'a valid app with a ConfigMap, synthesized before each bad one',
  build: (app) => {
    const ns = new SecureNamespace(new AppStack(app, 'good'), 'shop');
    const settings = new ConfigMap(ns, 'settings', { data: { LOG_LEVEL: 'info' }, files: { 'app.conf': APP_CONF }, immutable: true });
    new WebService(ns, 'web', {
      image: IMAGE,
      env: { LOG_LEVEL: EnvValue.fromConfigMap(settings, 'LOG_LEVEL') },
      mounts: [{ path: '/etc/app', source: MountSource.configMap(settings, { items: { 'app.conf': 'app.conf' } }) }],
    });
  },
};

describeBadInputs('bad ConfigMap, env and mount input is rejected at synth time with a clear error and no output', good, CASES);
