import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { INTERNED_PREFIX, InternedSchema, internSchema } from '../../../lib/output/schema-intern';
import { SchemaValidator } from '../../../lib/output/schema-validator';
import { SCHEMA_ROOT, schemaValidator } from '../../helpers/schemas';

const read = (file: string) => {
  const s = JSON.parse(fs.readFileSync(path.join(SCHEMA_ROOT, 'kubernetes', 'v1.32.2-standalone-strict', file), 'utf8'));
  delete s.$schema;
  delete s.id;
  return s;
};
/** The node at a path of an interned schema, through its references; and the reference it is reached by. */
const nodeAt = ({ root, parts }: InternedSchema, ...keys: string[]): { node: any; ref?: string } => {
  let node: any = root;
  let ref: string | undefined;
  for (const k of keys) {
    node = node?.[k];
    ref = node?.$ref;
    node = ref === undefined ? node : parts.get(ref);
  }
  return { node, ref };
};
const POD_SPEC = ['properties', 'spec', 'properties', 'template', 'properties', 'spec'];

describe('internSchema', () => {
  const deployment = read('deployment-apps-v1.json');
  const statefulSet = read('statefulset-apps-v1.json');

  test('the PodSpec of every pod-bearing kind becomes one shared part, compiled once for all', () => {
    const d = internSchema(deployment);
    const s = internSchema(statefulSet);
    const podSpec = nodeAt(d, ...POD_SPEC);
    expect(podSpec.ref).toMatch(new RegExp(`^${INTERNED_PREFIX}[0-9a-f]{32}$`));
    expect(nodeAt(s, ...POD_SPEC).ref).toBe(podSpec.ref);
    expect(podSpec.node.properties).toHaveProperty('containers');
    // Inside a Container, the three probes share one part (their descriptions differ, and are left out).
    const container = nodeAt(d, ...POD_SPEC, 'properties', 'containers', 'items').node;
    expect(container.properties.livenessProbe.$ref).toMatch(INTERNED_PREFIX);
    expect(container.properties.readinessProbe.$ref).toBe(container.properties.livenessProbe.$ref);
    expect(container.properties.startupProbe.$ref).toBe(container.properties.livenessProbe.$ref);
    expect(JSON.stringify([...d.parts.values()])).not.toContain('"description"');
    // Small subschemas stay inline; the root is never a reference.
    expect(d.root.properties).toHaveProperty(['apiVersion', 'type']);
    expect(d.root.$ref).toBeUndefined();
  });

  test('the same schema gives the same ids every time, and the original is not changed', () => {
    const before = JSON.stringify(deployment);
    const a = internSchema(deployment);
    expect(JSON.stringify(deployment)).toBe(before);
    expect([...internSchema(JSON.parse(before)).parts.keys()]).toEqual([...a.parts.keys()]);
  });

  test('alternatives stay inline, and a schema with references or ids of its own is left as it is', () => {
    const big = { type: 'object', properties: Object.fromEntries([...'abcdefghijklmnopqrstuvwxyz'].map((c) => [c, { type: 'string' }])), additionalProperties: false };
    const withAlternatives = internSchema({ type: 'object', properties: { v: { oneOf: [big, { type: 'string' }] }, w: big } });
    expect(nodeAt(withAlternatives, 'properties', 'v').node.oneOf[0]).toEqual(big);
    expect(nodeAt(withAlternatives, 'properties', 'w').ref).toMatch(INTERNED_PREFIX);
    for (const own of [{ $ref: '#/definitions/x' }, { $id: 'https://example.com/x' }]) {
      const schema = { type: 'object', definitions: { x: big }, properties: { a: big, b: own } };
      const interned = internSchema(schema);
      expect(interned.root).toBe(schema);
      expect(interned.parts.size).toBe(0);
    }
  });

  test('the interned schema accepts and rejects exactly what the original does, with the same errors', () => {
    const ajv = (options: object = {}) => {
      const a = new Ajv({ strict: false, allErrors: true, code: { optimize: false }, ...options });
      addFormats(a);
      return a;
    };
    const original = ajv().compile(deployment);
    const compiler = ajv({ inlineRefs: false });
    const { root, parts } = internSchema(deployment);
    parts.forEach((part, id) => compiler.addSchema({ $id: id, ...part }));
    const interned = compiler.compile(root);
    const container = { name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 8080 }], readinessProbe: { httpGet: { port: 'http', path: '/' } } };
    const objects = [
      { spec: { selector: {}, template: { spec: { containers: [container] } } } },
      { spec: { selector: {}, template: { spec: { containers: [{ ...container, imagee: 'x' }], initContainers: [{ name: 'i', bogus: 1 }] } } } },
      { spec: { selector: {}, template: { spec: { containers: [{ ...container, readinessProbe: { httpGet: { port: true } } }] } } } },
      { spec: { replicas: 'three', template: { metadata: { labels: { a: 1 } } } }, status: {} },
      { spec: { selector: { matchExpressions: [{ key: 'a', operator: 'In', values: [1] }] }, template: { spec: { volumes: [{ name: 'v', emptyDir: { sizeLimit: {} } }] } } } },
    ].map((o) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, ...o }));
    const summary = (errors: typeof original.errors) => (errors ?? []).map((e) => `${e.instancePath} ${e.keyword} ${JSON.stringify(e.params)}`).sort();
    let invalid = 0;
    for (const o of objects) {
      const ok = original(o);
      expect(interned(o)).toBe(ok);
      expect(summary(interned.errors)).toEqual(summary(original.errors));
      invalid += ok ? 0 : 1;
    }
    expect(invalid).toBe(4);
  });
});

describe('a given schema that ajv refuses', () => {
  test('fails the same way every time, and the validator goes on validating against other schemas', () => {
    const fields = Object.fromEntries([...'abcdefghijklmnopqrstuvwxyz'].map((c) => [c, { type: 'string' }]));
    const broken = { type: 'object', properties: { spec: { type: 'object', properties: { ...fields, z: { type: 'bogus' } } } } };
    const fine = { type: 'object', properties: { spec: { type: 'object', properties: fields } } };
    const v = new SchemaValidator(SCHEMA_ROOT);
    const object = { apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 't' }, spec: { a: 1 } };
    for (let i = 0; i < 2; i++) {
      expect(() => v.check(object, { label: 'broken', schema: broken })).toThrow(/^schema is invalid: data\/properties\/z\/type must be equal to one of the allowed values/);
    }
    expect(v.check(object, { label: 'fine', schema: fine }).problems).toEqual([{ path: '/spec/a', message: 'got 1; expected type string' }]);
  });
});

describe('errors inside interned parts name what the schema allows there', () => {
  const v = schemaValidator();
  const pod = (spec: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'x' }, spec });

  test('an unknown field in a container, an init container, a probe and a volume', () => {
    const { problems } = v.check(pod({
      containers: [{ name: 'a', image: 'i', imagePullPolice: 'Always', livenessProbe: { httpGet: { port: 80, pathh: '/' } } }],
      initContainers: [{ name: 'b', image: 'i', comand: ['x'] }],
      volumes: [{ name: 'v', emptyDir: { medium: 'Memory', size: '1Gi' } }],
    }));
    expect(problems).toEqual([
      expect.objectContaining({ path: '/spec/containers/0/imagePullPolice', message: expect.stringMatching(/^unknown field "imagePullPolice" \(did you mean "imagePullPolicy"\?\); allowed fields: args, command, env, envFrom, image, imagePullPolicy, /) }),
      expect.objectContaining({ path: '/spec/containers/0/livenessProbe/httpGet/pathh', message: 'unknown field "pathh" (did you mean "path"?); allowed fields: host, httpHeaders, path, port, scheme' }),
      expect.objectContaining({ path: '/spec/initContainers/0/comand', message: expect.stringMatching(/^unknown field "comand" \(did you mean "command"\?\); allowed fields: args, command,/) }),
      expect.objectContaining({ path: '/spec/volumes/0/emptyDir/size', message: 'unknown field "size"; allowed fields: medium, sizeLimit' }),
    ]);
  });

  test('in a given schema: through items, patternProperties, additionalProperties and every branch of an allOf', () => {
    const letters = [...'abcdefghijklmnopqrstuvwxyz'].map((c) => `${c}${c}${c}${c}`);
    const leaf = { type: 'object', properties: Object.fromEntries(['name', 'size', ...letters].map((f) => [f, { type: 'string', maxLength: 63 }])), additionalProperties: false };
    expect(internSchema({ type: 'object', properties: { leaf } }).parts.size).toBe(1);
    const schema = {
      type: 'object',
      properties: {
        apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' },
        spec: {
          type: 'object', additionalProperties: false,
          properties: {
            list: { type: 'array', items: leaf },
            byPattern: { type: 'object', patternProperties: { '^p-': leaf }, additionalProperties: false },
            byMap: { type: 'object', additionalProperties: leaf },
            both: { allOf: [{ type: 'object', properties: { a: { type: 'string' } } }, { type: 'object', properties: { b: { type: 'string' } } }], additionalProperties: false },
          },
        },
      },
    };
    const object = { apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 't' }, spec: { list: [{ nam: 'x' }], byPattern: { 'p-1': { sise: 1 } }, byMap: { k: { z: 1 } }, both: { zzz: 1 } } };
    const fields = `allowed fields: ${[...letters, 'name', 'size'].sort().join(', ')}`;
    expect(new SchemaValidator(SCHEMA_ROOT).check(object, { label: 'Thing', schema }).problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      `/spec/list/0/nam: unknown field "nam" (did you mean "name"?); ${fields}`,
      `/spec/byPattern/p-1/sise: unknown field "sise" (did you mean "size"?); ${fields}`,
      `/spec/byMap/k/z: unknown field "z"; ${fields}`,
      '/spec/both/zzz: unknown field "zzz"; allowed fields: a, b',
    ]);
  });
});
