import { App, ApiObject, JsonPatch } from 'cdk8s';
import { AppStack } from '../../../lib/core/app-stack';
import { KubeConfigMap, KubeDeployment } from '../../../lib/core/k8s';
import { MAX_ANNOTATION_BYTES, MAX_CONFIG_BYTES, MAX_ENV_STRING_BYTES, MAX_OBJECT_BYTES } from '../../../lib/core/limits';
import { synthesizeApp } from '../../../lib/output/synthesize';
import { validationMessage } from '../../helpers/bad-input';

// The net under the constructs: whatever reaches the output through an L1 object or an escape hatch is held to the
// limits the API server, etcd and the kernel enforce.

function problems(build: (stack: AppStack) => void): string {
  const app = new App();
  build(new AppStack(app, 'shop'));
  return validationMessage(() => synthesizeApp(app));
}

const configMap = (s: AppStack, data: Record<string, string>, name = 'settings') => new KubeConfigMap(s, name, { metadata: { name }, data });
const deployment = (s: AppStack, env: Array<{ name: string; value: string }>) => new KubeDeployment(s, 'web', {
  metadata: { name: 'web' },
  spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27', env }] } } },
});

test('the limits are the real ones', () => {
  expect([MAX_OBJECT_BYTES, MAX_ANNOTATION_BYTES, MAX_CONFIG_BYTES, MAX_ENV_STRING_BYTES]).toEqual([1572864, 262144, 1048576, 131072]);
});

test('an object over 1.5 MiB is refused (etcd would)', () => {
  const big = 'x'.repeat(800 * 1024);
  const message = problems((s) => new KubeDeployment(s, 'web', {
    metadata: { name: 'web', annotations: {} },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'a', image: 'nginx:1.27', args: [big, big] }] } },
    },
  }));
  expect(message).toMatch(/\[shop\/web\] got "Deployment \\"web\\" of 1\.56 MiB"; expected an object of at most 1\.50 MiB \(etcd's request limit/);
});

test('a ConfigMap over 1 MiB of data is refused', () => {
  const message = problems((s) => configMap(s, { a: 'x'.repeat(600 * 1024), b: 'y'.repeat(600 * 1024) }));
  expect(message).toContain('[shop/settings] data: got "1.17 MiB of data"; expected at most 1.00 MiB (the API server\'s limit for a ConfigMap)');
});

test('binaryData counts decoded, and keys do not count (as the API server counts)', () => {
  const app = new App();
  const stack = new AppStack(app, 'shop');
  // 1 MiB of bytes is 1.33 MiB of base64, plus a long key: still at the limit, so accepted.
  new KubeConfigMap(stack, 'blob', { metadata: { name: 'blob' }, binaryData: { ['k'.repeat(200)]: Buffer.alloc(1024 * 1024).toString('base64') } });
  expect(synthesizeApp(app)).toHaveLength(1);
  const message = problems((s) => new KubeConfigMap(s, 'blob', { metadata: { name: 'blob' }, data: { a: 'x' }, binaryData: { b: Buffer.alloc(1024 * 1024).toString('base64') } }));
  expect(message).toContain('[shop/blob] data: got "1.00 MiB of data"');
});

test('a ConfigMap just under the limit passes', () => {
  const app = new App();
  configMap(new AppStack(app, 'shop'), { a: 'x'.repeat(1024 * 1024 - 10) });
  expect(synthesizeApp(app)).toHaveLength(1);
});

test('annotations over 256 KiB together are refused', () => {
  const message = problems((s) => ApiObject.of(configMap(s, { a: 'b' })).metadata.addAnnotation('note.example.com/text', 'x'.repeat(300 * 1024)));
  expect(message).toContain('[shop/settings] metadata.annotations: got "300.0 KiB of annotations"; expected at most 256.0 KiB');
});

test('an environment variable over 128 KiB is refused (exec would fail with E2BIG)', () => {
  const message = problems((s) => deployment(s, [{ name: 'BLOB', value: 'x'.repeat(3 * 1024 * 1024 / 24) }, { name: 'OK', value: 'y' }]));
  expect(message).toContain('[shop/web] containers["app"].env["BLOB"]: got "128.0 KiB value"; expected an environment variable of at most 128.0 KiB');
  expect(message).not.toContain('env["OK"]');
});

test('label keys and values and annotation keys that the API server refuses', () => {
  const message = problems((s) => {
    const meta = ApiObject.of(configMap(s, { a: 'b' })).metadata;
    meta.addLabel('cost center', 'a');
    meta.addLabel('team', 'the shop');
    meta.addAnnotation('bad key!', 'x');
  });
  expect(message).toContain('[shop/settings] metadata.labels key: got "cost center"; expected a label key');
  expect(message).toContain('[shop/settings] metadata.labels["team"]: got "the shop"; expected a label value');
  expect(message).toContain('[shop/settings] metadata.annotations key: got "bad key!"; expected an annotation key');
});

test('names and namespaces that the API server refuses', () => {
  const message = problems((s) => new KubeConfigMap(s, 'x', { metadata: { name: 'Settings_1', namespace: 'Shop' }, data: {} }));
  expect(message).toContain('[shop/x] metadata.name: got "Settings_1"; expected an object name');
  expect(message).toContain('[shop/x] metadata.namespace: got "Shop"; expected a namespace name');
});

test.each([
  ['NaN', NaN, '"replicas" is NaN, which JSON cannot carry'],
  ['Infinity', Infinity, '"replicas" is Infinity, which JSON cannot carry'],
])('an L1 object with %s is a ValidationError, not a silent null', (_what, value, message) => {
  const text = problems((s) => new KubeDeployment(s, 'web', {
    metadata: { name: 'web' },
    spec: { replicas: value, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'a', image: 'nginx:1.27' }] } } },
  }));
  expect(text).toContain(`[shop/web] the object cannot be rendered (${message}); expected JSON values only`);
});

test('an escape hatch that writes a BigInt is a ValidationError, not a crash', () => {
  const text = problems((s) => ApiObject.of(deployment(s, [])).addJsonPatch(JsonPatch.add('/spec/replicas', 3n)));
  expect(text).toContain('[shop/web] the object cannot be rendered (');
  expect(text).toContain('BigInt');
});

test.each([NaN, Infinity])('an escape hatch that writes %p is refused when it is added, not written as null', (value) => {
  const message = validationMessage(() => {
    const web = deployment(new AppStack(new App(), 'shop'), []);
    ApiObject.of(web).addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/ports', [{ containerPort: value }]));
  });
  expect(message).toContain(`[shop/web] addJsonPatch(ops[0]): got ${value}; expected JSON values only (NaN and Infinity would be written as null)`);
});
