import * as fs from 'node:fs';
import { tempDir } from '../../helpers/tmp';
import * as path from 'node:path';
import { SchemaValidator } from '../../../lib/output/schema-validator';
import { SCHEMA_ROOT, schemaValidator } from '../../helpers/schemas';

const deployment = (extra: Record<string, unknown> = {}, containerExtra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'x' },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', ...containerExtra }] } },
    ...extra,
  },
});

describe('SchemaValidator', () => {
  const v = schemaValidator();

  test('accepts a valid object', () => {
    expect(v.validate(deployment())).toEqual([]);
  });

  test('rejects unknown fields at any depth, wrong types and missing required fields', () => {
    expect(v.validate(deployment({ replicaz: 3 }))).toEqual(['Deployment.apps x/web: /spec must NOT have additional properties "replicaz"']);
    expect(v.validate(deployment({}, { imagee: 'x' }))).toEqual(['Deployment.apps x/web: /spec/template/spec/containers/0 must NOT have additional properties "imagee"']);
    expect(v.validate(deployment({ replicas: 'three' }))).toContainEqual('Deployment.apps x/web: /spec/replicas must be integer,null');
    const noSelector: any = deployment();
    delete noSelector.spec.selector;
    expect(v.validate(noSelector)).toContainEqual("Deployment.apps x/web: /spec must have required property 'selector'");
  });

  test('finds built-in and custom resource schemas', () => {
    expect(path.relative(SCHEMA_ROOT, v.schemaPath({ apiVersion: 'v1', kind: 'Service' }))).toBe(path.join('kubernetes', 'v1.32.2-standalone-strict', 'service-v1.json'));
    expect(path.relative(SCHEMA_ROOT, v.schemaPath({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole' })))
      .toBe(path.join('kubernetes', 'v1.32.2-standalone-strict', 'clusterrole-rbac-v1.json'));
    expect(path.relative(SCHEMA_ROOT, v.schemaPath({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute' })))
      .toBe(path.join('crds', 'gateway.networking.k8s.io', 'httproute_v1.json'));
  });

  test('a kind without a schema is an error, not a pass', () => {
    expect(v.validate({ apiVersion: 'kubeless.io/v1beta1', kind: 'Function', metadata: { name: 'hello' } }))
      .toEqual([`Function.kubeless.io hello: no schema for kubeless.io/v1beta1 Function (looked for ${path.join('crds', 'kubeless.io', 'function_v1beta1.json')})`]);
    expect(new SchemaValidator(SCHEMA_ROOT).validate({ apiVersion: 'openfaas.com/v1', kind: 'Function', metadata: { name: 'hello' } })[0])
      .toContain('no schema for openfaas.com/v1 Function');
    expect(v.validate({ apiVersion: 'policy/v1beta1', kind: 'PodSecurityPolicy', metadata: { name: 'psp' } })[0]).toContain('no schema for policy/v1beta1 PodSecurityPolicy');
  });

  test('extra schemas cover kinds the schema root lacks, as strictly', () => {
    const fn = { apiVersion: 'openfaas.com/v1', kind: 'Function', metadata: { name: 'hello', namespace: 'openfaas-fn' }, spec: { name: 'hello', image: 'ghcr.io/acme/hello:1.0.0' } };
    expect(v.validate(fn)).toEqual([]);
    expect(v.validate({ ...fn, spec: { ...fn.spec, replicas: 2 } })).toEqual(['Function.openfaas.com openfaas-fn/hello: /spec must NOT have additional properties "replicas"']);
    expect(v.validate({ ...fn, spec: { name: 'hello' } })).toEqual(["Function.openfaas.com openfaas-fn/hello: /spec must have required property 'image'"]);
  });

  test('something that is not a Kubernetes object is reported, not crashed on', () => {
    expect(v.validate({ resource: {} } as any)).toEqual(['not a Kubernetes object (apiVersion, kind and metadata.name are required): {"resource":{}}']);
  });

  test('with a cache folder, each schema is compiled once and later validators load the compiled code', () => {
    const cacheDir = tempDir();
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { selector: {}, replicaz: 2 } };
    const first = new SchemaValidator(SCHEMA_ROOT, { cacheDir }).validate(deployment);
    expect(first).toContain('Deployment.apps web: /spec must NOT have additional properties "replicaz"');
    const files = fs.readdirSync(cacheDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^[0-9a-f]{64}\.js$/);
    // The second validator reads the code (a changed file proves it is read, not recompiled).
    fs.appendFileSync(path.join(cacheDir, files[0]), '\nmodule.exports.default.fromCache = true;\n');
    const second = new SchemaValidator(SCHEMA_ROOT, { cacheDir });
    expect(second.validate(deployment)).toEqual(first);
    expect(second.validate({ ...deployment, spec: { selector: {}, template: {} } })).toEqual([]);
    expect((second as any).compile(second.schemaPath(deployment)).fromCache).toBe(true);
    expect(v.validate(deployment)).toEqual(first);
  });

  test('a missing schema root is reported clearly', () => {
    expect(() => new SchemaValidator('/nonexistent/schemas')).toThrow('no schemas at /nonexistent/schemas: expected a "kubernetes" folder');
  });
});
