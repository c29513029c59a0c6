// Strict schema validation built into the synth and `keelson check`: unknown fields fail both, with the file, the
// object, the construct path and the JSON path; CRDs among the objects validate their custom resources; with no
// schema folder configured nothing is validated and the synth says once how to get one.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApiObject, App, JsonPatch } from 'cdk8s';
import { dump } from 'js-yaml';
import { AppStack } from '../../../lib/core/app-stack';
import { AppDefinition, synthApps, synthesizeDefinition } from '../../../lib/output/synth-apps';
import { runSynthCli } from '../../../lib/output/synth-cli';
import { SCHEMA_HINT, resolveSchemaFolder, strictCrdSchema } from '../../../lib/output/schema-checks';
import { runCheckCli } from '../../../lib/policy/check-cli';
import { PolicyError } from '../../../lib/policy/policy-error';
import { synthApp } from '../../../lib/testing';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { WebService } from '../../../lib/workloads/web-service';
import { SCHEMA_CACHE, SCHEMA_ROOT } from '../../helpers/schemas';
import { readTree, tempDir } from '../../helpers/tmp';

/** A valid web app; `patch` changes its Deployment through the escape hatch. */
function webApp(patch?: (web: WebService) => void): AppDefinition {
  return {
    name: 'shop',
    description: '',
    build: (app) => {
      const web = new WebService(new SecureNamespace(new AppStack(app, 'shop'), 'shop'), 'web', { image: 'ghcr.io/acme/web:1.0.0' });
      patch?.(web);
    },
  };
}

const typo = (web: WebService) => {
  ApiObject.of(web.resource).addJsonPatch(JsonPatch.add('/spec/bogus', 1));
  ApiObject.of(web.resource).addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/imagePullPolice', 'Always'));
};

function capture() {
  const lines = { log: [] as string[], error: [] as string[] };
  return { lines, out: { log: (l: string) => lines.log.push(l), error: (l: string) => lines.error.push(l) } };
}

const options = { schemas: SCHEMA_ROOT, schemaCacheDir: SCHEMA_CACHE, env: {} };

describe('schema validation in the synth', () => {
  test('an unknown field added through the escape hatch fails the synth, naming file, object, construct and JSON path', () => {
    const dir = tempDir();
    synthApps([webApp()], dir, { ...options, note: () => undefined });
    const before = readTree(dir);
    let error: unknown;
    try {
      synthApps([webApp(typo)], dir, { ...options, note: () => undefined });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(PolicyError);
    const message = (error as Error).message;
    expect(message).toContain('Policy check of app "shop" failed: 2 error(s)');
    expect(message).toContain('ERROR schema-valid: Deployment shop/web (construct shop/shop/web/Resource)');
    expect(message).toMatch(/\/spec\/bogus: unknown field "bogus"; allowed fields: minReadySeconds, paused, progressDeadlineSeconds, replicas, revisionHistoryLimit, selector, strategy, template \(schema kubernetes\/v1\.32\.2-standalone-strict\/deployment-apps-v1\.json\) \(file shop\/deployment_apps_shop_web\.yaml\)/);
    expect(message).toContain('/spec/template/spec/containers/0/imagePullPolice: unknown field "imagePullPolice" (did you mean "imagePullPolicy"?); allowed fields: args, command, env,');
    expect(readTree(dir)).toEqual(before);
  });

  test('the synth CLI takes --schemas, fails with the report and keeps the previous output', () => {
    const dir = tempDir();
    expect(runSynthCli(['--outdir', dir, '--schemas', SCHEMA_ROOT], [webApp()], { out: capture().out, env: {} })).toBe(0);
    const before = readTree(dir);
    const { lines, out } = capture();
    expect(runSynthCli(['--outdir', dir, '--schemas', SCHEMA_ROOT], [webApp(typo)], { out, env: {} })).toBe(1);
    const text = lines.error.join('\n');
    expect(text).toContain('Synthesis failed; the previous output was left untouched.');
    expect(text).toContain('ERROR schema-valid: Deployment shop/web (construct shop/shop/web/Resource)');
    expect(text).toContain('/spec/bogus: unknown field "bogus"');
    expect(text).not.toMatch(/KEELSON_DEBUG|\n\s+at /);
    expect(readTree(dir)).toEqual(before);
  });

  test('KUBE_SCHEMAS is the default; an explicit false, or keelson/testing, ignores it', () => {
    expect(synthesizeDefinition(webApp(typo), { policyErrors: 'report', env: { KUBE_SCHEMAS: SCHEMA_ROOT } }).policy.errors).toBe(2);
    expect(synthesizeDefinition(webApp(typo), { policyErrors: 'report', env: { KUBE_SCHEMAS: SCHEMA_ROOT }, schemas: false }).policy.errors).toBe(0);
    const saved = process.env.KUBE_SCHEMAS;
    process.env.KUBE_SCHEMAS = SCHEMA_ROOT;
    try {
      expect(synthApp(webApp(typo)).policy.errors).toBe(0);
      expect(synthesizeDefinition(webApp(typo), { policyErrors: 'report' }).policy.errors).toBe(2);
    } finally {
      if (saved === undefined) {
        delete process.env.KUBE_SCHEMAS;
      } else {
        process.env.KUBE_SCHEMAS = saved;
      }
    }
    expect(resolveSchemaFolder(undefined, { KUBE_SCHEMAS: '/k' }, [{ schemas: '/c', source: 'the policy config x.json' }])).toEqual({ root: '/k', source: 'the environment variable KUBE_SCHEMAS' });
    expect(resolveSchemaFolder(undefined, {}, [{ schemas: '/c', source: 'the policy config x.json' }])).toEqual({ root: '/c', source: 'the policy config x.json' });
    expect(resolveSchemaFolder('/s', { KUBE_SCHEMAS: '/k' })).toEqual({ root: '/s', source: 'the schemas option (--schemas)' });
  });

  test('a folder that is no schema folder is a clear error naming where the setting came from', () => {
    const { lines, out } = capture();
    expect(runSynthCli(['--outdir', tempDir()], [webApp()], { out, env: { KUBE_SCHEMAS: '/nonexistent/schemas' } })).toBe(1);
    expect(lines.error.join('\n')).toContain('schema folder /nonexistent/schemas (from the environment variable KUBE_SCHEMAS): no schemas at /nonexistent/schemas');
    expect(lines.error.join('\n')).not.toContain('KEELSON_DEBUG');
  });

  test('with no schema folder nothing is validated, and the synth says once how to get one', () => {
    const dir = tempDir();
    const notes: string[] = [];
    const summary = synthApps([webApp(typo), { ...webApp(typo), name: 'shop2' }], dir, { env: {}, note: (l) => notes.push(l) });
    expect(summary.apps.map((a) => [a.policy.errors, a.schemas])).toEqual([[0, undefined], [0, undefined]]);
    expect(notes).toEqual([SCHEMA_HINT]);
    expect(SCHEMA_HINT).toContain('--schemas <dir>, set KUBE_SCHEMAS=<dir>, or name it as "schemas" in the policy config');

    const { lines, out } = capture();
    expect(runSynthCli(['--outdir', tempDir()], [webApp(typo)], { out, env: {} })).toBe(0);
    expect(lines.error).toEqual([SCHEMA_HINT]);
    expect(lines.log[0]).toMatch(/^shop: 7 objects/);
    const validated = capture();
    expect(runSynthCli(['--outdir', tempDir(), '--schemas', SCHEMA_ROOT], [webApp()], { out: validated.out, env: {} })).toBe(0);
    expect(validated.lines.error).toEqual([]);
  });

  test('a kind without a schema is a warning (schema-missing), not a failure', () => {
    const app: AppDefinition = {
      name: 'odd',
      description: '',
      build: (a) => {
        const stack = new AppStack(a, 'odd');
        new ApiObject(stack, 'fn', { apiVersion: 'kubeless.io/v1beta1', kind: 'Function', metadata: { name: 'hello', namespace: 'odd' } });
      },
    };
    const report = synthesizeDefinition(app, { ...options, policyErrors: 'report' }).policy;
    const missing = report.findings.filter((f) => f.checkId === 'schema-missing');
    expect(missing).toEqual([expect.objectContaining({
      severity: 'warning',
      object: 'Function odd/hello',
      message: `no schema for kubeless.io/v1beta1 Function in ${SCHEMA_ROOT} (looked for ${path.join('crds', 'kubeless.io', 'function_v1beta1.json')}) and no CustomResourceDefinition among the objects declares it: not validated (file odd/function_kubeless.io_odd_hello.yaml)`,
    })]);
    expect(report.findings.filter((f) => f.checkId === 'schema-valid')).toEqual([]);
  });

  test('a custom resource that records the vendor CRD it was checked against (keelson.dev/schema-source) is not called schemaless', () => {
    const build = (annotations?: Record<string, string>) => (a: App) => {
      const stack = new AppStack(a, 'odd');
      new ApiObject(stack, 'es', { apiVersion: 'elasticsearch.k8s.elastic.co/v1', kind: 'Elasticsearch', metadata: { name: 'quickstart', namespace: 'odd', annotations } });
    };
    const missing = (annotations?: Record<string, string>) => synthesizeDefinition({ name: 'odd', description: '', build: build(annotations) }, { ...options, policyErrors: 'report' })
      .policy.findings.filter((f) => f.checkId === 'schema-missing').map((f) => f.object);
    expect(missing()).toEqual(['Elasticsearch odd/quickstart']);
    expect(missing({ 'keelson.dev/schema-source': 'CustomResourceDefinition elasticsearches.elasticsearch.k8s.elastic.co (version v1), imported' })).toEqual([]);
  });
});

const crd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
    versions: [
      { name: 'v1alpha1', served: false, storage: false, schema: { openAPIV3Schema: { type: 'object' } } },
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                required: ['size'],
                properties: {
                  size: { type: 'integer', minimum: 1 },
                  color: { type: 'string', enum: ['red', 'blue'] },
                  port: { 'x-kubernetes-int-or-string': true },
                  extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                },
              },
            },
          },
        },
      },
    ],
  },
};

const widget = (name: string, spec: object, apiVersion = 'example.com/v1') => ({ apiVersion, kind: 'Widget', metadata: { name, namespace: 'w' }, spec });

function writeYaml(dir: string, file: string, ...docs: object[]): void {
  fs.writeFileSync(path.join(dir, file), docs.map((d) => dump(d)).join('---\n'));
}

function check(args: string[]): { code: number; report: any; lines: ReturnType<typeof capture>['lines'] } {
  const { lines, out } = capture();
  const code = runCheckCli([...args, '--format', 'json'], out);
  return { code, report: code === 2 ? undefined : JSON.parse(lines.log.join('\n')), lines };
}

describe('schema validation in keelson check', () => {
  test('a YAML file with an unknown field fails with the file, object and JSON path', () => {
    const dir = tempDir();
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'app' }, data: { a: '1' } };
    writeYaml(dir, 'good.yaml', cm);
    writeYaml(dir, 'bad.yaml', { ...cm, metadata: { ...cm.metadata, name: 'other', labelz: { a: 'b' } } });
    const { code, report } = check([dir, '--schemas', SCHEMA_ROOT]);
    expect(code).toBe(1);
    expect(report.findings.filter((f: any) => f.checkId.startsWith('schema'))).toEqual([{
      checkId: 'schema-valid',
      severity: 'error',
      object: 'ConfigMap app/other',
      file: 'bad.yaml',
      message: expect.stringMatching(/^\/metadata\/labelz: unknown field "labelz" \(did you mean "labels"\?\); allowed fields: annotations, .*, namespace, .* \(schema kubernetes\/v1\.32\.2-standalone-strict\/configmap-v1\.json\)$/),
      remediation: expect.stringContaining('Fix or remove the field at the JSON path named'),
    }]);
    // The text report names the file.
    const text = capture();
    expect(runCheckCli([dir, '--schemas', SCHEMA_ROOT], text.out)).toBe(1);
    expect(text.lines.log.join('\n')).toContain('ERROR schema-valid: ConfigMap app/other (file bad.yaml)\n    /metadata/labelz: unknown field "labelz"');
    // Without a schema folder, the same directory passes.
    expect(check([dir]).code).toBe(0);
  });

  test('a CRD among the objects validates its custom resources, strictly, for its served versions', () => {
    const dir = tempDir();
    writeYaml(dir, 'crd.yaml', crd);
    writeYaml(dir, 'widgets.yaml',
      widget('good', { size: 2, color: 'red', port: 'http', extra: { anything: true } }),
      widget('also-good', { size: 1, port: 8080 }),
      widget('bad', { size: 0, colour: 'red', color: 'green', port: true }),
      widget('old', { size: 1 }, 'example.com/v1alpha1'),
      widget('future', { size: 1 }, 'example.com/v2'));
    const { code, report } = check([dir, '--schemas', SCHEMA_ROOT]);
    expect(code).toBe(1);
    const schema = '(schema CustomResourceDefinition widgets.example.com (version v1))';
    expect(report.findings.filter((f: any) => f.checkId.startsWith('schema')).map((f: any) => `${f.object}: ${f.message}`).sort()).toEqual([
      `Widget w/bad: /spec/color: got "green"; allowed values: "red", "blue" ${schema}`,
      `Widget w/bad: /spec/colour: unknown field "colour" (did you mean "color"?); allowed fields: color, extra, port, size ${schema}`,
      `Widget w/bad: /spec/port: got true; expected one of the types integer, string ${schema}`,
      `Widget w/bad: /spec/size: got 0; must be >= 1 ${schema}`,
      'Widget w/future: apiVersion example.com/v2: the CustomResourceDefinition widgets.example.com among the objects serves no version "v2" (served: v1)',
      'Widget w/old: apiVersion example.com/v1alpha1: the CustomResourceDefinition widgets.example.com among the objects serves no version "v1alpha1" (served: v1)',
    ]);
  });

  test('the CRD schema is made strict as kubeconform does, with a strict ObjectMeta at the top', () => {
    const strict = strictCrdSchema({ type: 'object', properties: {
      metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 20 } } },
      spec: { type: 'object', properties: { a: { type: 'string', nullable: true } } },
      status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { x: {} } },
    } });
    expect(strict.additionalProperties).toBe(false);
    expect(strict.properties.apiVersion).toEqual({ type: 'string' });
    expect(strict.properties.kind).toEqual({ type: 'string' });
    expect(strict.properties.spec).toEqual({ type: 'object', additionalProperties: false, properties: { a: { type: ['string', 'null'] } } });
    expect(strict.properties.status).toEqual({ type: 'object', properties: { x: {} } });
    // ObjectMeta's own fields, strict; the CRD's rule on the name is kept (and only that).
    expect(strict.properties.metadata.additionalProperties).toBe(false);
    expect(strict.properties.metadata.properties.name).toEqual({ type: 'string', maxLength: 20 });
    expect(Object.keys(strict.properties.metadata.properties)).toEqual(expect.arrayContaining(['namespace', 'labels', 'annotations', 'ownerReferences']));
  });

  test('a CRD declared by the app validates the app\'s custom resources in the synth', () => {
    const app = (spec: object): AppDefinition => ({
      name: 'widgets',
      description: '',
      build: (a) => {
        const stack = new AppStack(a, 'widgets');
        new ApiObject(stack, 'crd', crd as any);
        new ApiObject(stack, 'widget', widget('one', spec) as any);
      },
    });
    expect(synthesizeDefinition(app({ size: 3 }), { ...options, policyErrors: 'report' }).policy.findings.filter((f) => f.checkId.startsWith('schema'))).toEqual([]);
    expect(() => synthesizeDefinition(app({ size: 3, shape: 'round' }), options))
      .toThrow('ERROR schema-valid: Widget w/one (construct widgets/widget)\n    /spec/shape: unknown field "shape"; allowed fields: color, extra, port, size');
  });
});
