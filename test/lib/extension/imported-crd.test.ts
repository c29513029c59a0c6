import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'cdk8s';
import { dump } from 'js-yaml';
import { AppStack } from '../../../lib/core/app-stack';
import { SecureNamespace } from '../../../lib';
import { CustomResource, UNCHECKED_SCHEMA_ANNOTATION } from '../../../lib/extension/custom-resource';
import { ImportedCrd } from '../../../lib/extension/imported-crd';
import { synthesizeApp } from '../../../lib/output/synthesize';
import { validationMessage } from '../../helpers/bad-input';
import { find, synth, synthError } from '../../helpers/synth';
import { tempDir } from '../../helpers/tmp';
import {
  CERTIFICATE_CRD_YAML, CERT_MANAGER_CRDS_YAML, certificateCrd, certificateSpec, widgetCrd, writeTemp,
} from './custom-resource-fixtures';

describe('ImportedCrd.fromFile: cert-manager\'s Certificate CRD from a file written here', () => {
  const file = writeTemp('cert-manager.io_certificates.yaml', CERTIFICATE_CRD_YAML);

  test('reads the names, scope and versions, and writes nothing', () => {
    const crd = ImportedCrd.fromFile(file);
    expect({ name: crd.name, group: crd.group, kind: crd.kind, plural: crd.plural, scope: crd.scope, storage: crd.storageVersion, source: crd.source })
      .toEqual({ name: 'certificates.cert-manager.io', group: 'cert-manager.io', kind: 'Certificate', plural: 'certificates', scope: 'Namespaced', storage: 'v1', source: file });
    expect(crd.versions.map((v) => [v.name, v.served, v.storage, v.deprecated])).toEqual([['v1', true, true, false]]);
    expect(crd.uncheckedReason).toBeUndefined();
    const out = synth((s) => {
      new CustomResource(new SecureNamespace(s, 'shop'), 'shop-cert', { type: crd, spec: certificateSpec() });
    });
    expect(out.filter((m) => m.kind === 'CustomResourceDefinition')).toEqual([]);
  });

  test('a valid Certificate passes, and is written as given (and matches cert-manager\'s own schema)', () => {
    const crd = ImportedCrd.fromFile(file);
    const out = synth((s) => {
      new CustomResource(new SecureNamespace(s, 'shop'), 'shop-cert', { type: crd, spec: certificateSpec() });
    });
    const cert = find(out, 'Certificate', 'shop-cert', 'cert-manager.io');
    expect(cert.apiVersion).toBe('cert-manager.io/v1');
    expect(cert.metadata.namespace).toBe('shop');
    expect(cert.spec).toEqual(certificateSpec());
    expect(cert.status).toBeUndefined();
  });

  test('an unknown field fails with the construct path and the JSON path, and suggests the known name', () => {
    const crd = ImportedCrd.fromFile(file);
    const message = synthError((s) => {
      new CustomResource(s, 'cert', { type: crd, namespace: 'shop', spec: { ...certificateSpec(), dnsName: ['a.example.com'] } });
    }).message;
    expect(message).toContain('[test/cert] spec.dnsName: got ["a.example.com"]; expected no field "dnsName" here (did you mean "dnsNames"?)');
    expect(message).toContain(`(schema of Certificate v1 from ${file})`);
  });

  test('a mistyped field fails with the JSON path and the type the schema allows', () => {
    const crd = ImportedCrd.fromFile(file);
    const message = synthError((s) => {
      new CustomResource(s, 'cert', { type: crd, namespace: 'shop', spec: { ...certificateSpec(), issuerRef: { name: 7 }, privateKey: { size: '256' } } });
    }).message;
    expect(message).toContain('[test/cert] spec.issuerRef.name: got 7; expected type string');
    expect(message).toContain('[test/cert] spec.privateKey.size: got "256"; expected type integer');
  });

  test('a multi-document file: the CRD is picked by kind or by name, and must be picked', () => {
    const multi = writeTemp('cert-manager.crds.yaml', CERT_MANAGER_CRDS_YAML);
    expect(ImportedCrd.fromFile(multi, { select: 'Certificate' }).name).toBe('certificates.cert-manager.io');
    expect(ImportedCrd.fromFile(multi, { select: 'clusterissuers.cert-manager.io' }).scope).toBe('Cluster');
    expect(validationMessage(() => ImportedCrd.fromFile(multi))).toContain(
      `[${multi}] options.select: got undefined; expected the name or kind of one of the 2 CRDs in the file: clusterissuers.cert-manager.io (ClusterIssuer), certificates.cert-manager.io (Certificate)`);
    expect(validationMessage(() => ImportedCrd.fromFile(multi, { select: 'Issuer' }))).toContain('options.select: got "Issuer"; expected the name or kind of exactly one CRD');
  });

  test('a v1beta1 CRD is refused (the API was removed)', () => {
    const old = writeTemp('old.yaml', CERTIFICATE_CRD_YAML.replace('apiextensions.k8s.io/v1', 'apiextensions.k8s.io/v1beta1'));
    expect(validationMessage(() => ImportedCrd.fromFile(old))).toContain(
      `[${old}] apiVersion: got "apiextensions.k8s.io/v1beta1"; expected "apiextensions.k8s.io/v1": v1beta1 CRDs were removed in Kubernetes 1.22`);
  });

  test('a missing file, a folder, a YAML syntax error and a file without a CRD are errors naming the file as given', () => {
    const cwd = process.cwd();
    const dir = tempDir();
    process.chdir(dir);
    try {
      expect(validationMessage(() => ImportedCrd.fromFile('crds/missing.yaml'))).toContain(
        '[crds/missing.yaml] file: got "crds/missing.yaml (no such file)"; expected a readable YAML file');
      expect(validationMessage(() => ImportedCrd.fromFile('crds/missing.yaml'))).not.toContain(dir);
      fs.mkdirSync('crds');
      expect(validationMessage(() => ImportedCrd.fromFile('crds'))).toContain('got "crds (a folder)"');
      fs.writeFileSync('crds/bad.yaml', 'kind: [\n');
      expect(validationMessage(() => ImportedCrd.fromFile('crds/bad.yaml'))).toMatch(/\[crds\/bad\.yaml\] line \d+: got "crds\/bad\.yaml"; expected a YAML file \(YAML syntax error/);
      fs.writeFileSync('crds/cm.yaml', dump({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }));
      expect(validationMessage(() => ImportedCrd.fromFile('crds/cm.yaml'))).toContain(
        '[crds/cm.yaml] kind: got "a file of ConfigMap"; expected a file holding a CustomResourceDefinition');
      fs.writeFileSync('crds/empty.yaml', '');
      expect(validationMessage(() => ImportedCrd.fromFile('crds/empty.yaml'))).toContain('got "an empty file"');
    } finally {
      process.chdir(cwd);
    }
    expect(validationMessage(() => ImportedCrd.fromFile(undefined as any))).toContain('file: got undefined; expected the path of a YAML file');
  });

  test('a version without a schema is refused: there would be nothing to validate against', () => {
    const crd = certificateCrd();
    delete crd.spec.versions[0].schema;
    const f = writeTemp('noschema.yaml', dump(crd));
    expect(validationMessage(() => ImportedCrd.fromFile(f))).toContain(`[${f}] spec.versions[0].schema.openAPIV3Schema: got undefined; expected a schema`);
  });
});

describe('ImportedCrd: rules keelson cannot check', () => {
  const withCel = () => widgetCrd({}, {
    window: { type: 'object', properties: { start: { type: 'integer' }, end: { type: 'integer' } }, 'x-kubernetes-validations': [{ rule: 'self.start < self.end' }] },
    serial: { type: 'string', format: 'isbn' },
  });

  test('CEL rules and unchecked formats fail the import, each named by file and JSON path', () => {
    const file = writeTemp('widgets.yaml', dump(withCel()));
    const message = validationMessage(() => ImportedCrd.fromFile(file));
    expect(message).toContain(`[${file}] spec.versions[2].schema.openAPIV3Schema.properties.spec.properties.window.x-kubernetes-validations: `
      + 'got "1 CEL rule (x-kubernetes-validations), which keelson does not evaluate on custom resources"; expected only rules keelson checks; '
      + 'or accept custom resources checked without them: options.unchecked: { reason: "..." }');
    expect(message).toContain('spec.versions[2].schema.openAPIV3Schema.properties.spec.properties.serial.format: got "format \\"isbn\\"');
  });

  test('a pattern JavaScript cannot read (RE2 syntax) fails the import', () => {
    const message = validationMessage(() => ImportedCrd.fromObject(widgetCrd({}, { code: { type: 'string', pattern: '(?i)^[a-z]+$' } })));
    expect(message).toContain('properties.spec.properties.code.pattern: got "pattern \\"(?i)^[a-z]+$\\", which JavaScript cannot read');
  });

  test('with unchecked: { reason } the CRD is accepted, and every custom resource records the reason', () => {
    const crd = ImportedCrd.fromObject(withCel(), { unchecked: { reason: 'the vendor\'s CEL rules are enforced by the API server at apply' } });
    expect(crd.unchecked.map((f) => f.path)).toEqual([
      'spec.versions[2].schema.openAPIV3Schema.properties.spec.properties.window.x-kubernetes-validations',
      'spec.versions[2].schema.openAPIV3Schema.properties.spec.properties.serial.format',
    ]);
    // The other rules still hold, so the object itself is validated.
    const app = new App();
    new CustomResource(new AppStack(app, 'test'), 'w', { type: crd, namespace: 'shop', spec: { size: 2, window: { start: 5, end: 1 } } });
    const widget = synthesizeApp(app).map((m) => m.manifest).find((m) => m.kind === 'Widget')!;
    expect(widget.metadata.annotations).toEqual({
      [UNCHECKED_SCHEMA_ANNOTATION]: 'the vendor\'s CEL rules are enforced by the API server at apply',
      'keelson.dev/schema-source': 'CustomResourceDefinition widgets.widgets.example.com (version v1), imported',
    });
    expect(validationMessage(() => new CustomResource(new AppStack(new App(), 'test'), 'w', { type: crd, namespace: 'shop', spec: { size: 2, window: { start: 'x' } } })))
      .toContain('spec.window.start: got "x"; expected type integer');
  });

  test('unchecked without a reason, or where every rule is checked, is refused', () => {
    expect(validationMessage(() => ImportedCrd.fromObject(withCel(), { unchecked: { reason: ' ' } }))).toContain('options.unchecked.reason: got " "; expected a reason why');
    expect(validationMessage(() => ImportedCrd.fromObject(certificateCrd(), { unchecked: { reason: 'just in case' } })))
      .toContain('options.unchecked: got {"reason":"just in case"}; expected no unchecked: keelson checks every rule');
  });

  test('formats the API server does not know are ignored, as it ignores them', () => {
    const crd = ImportedCrd.fromObject(widgetCrd({}, { id: { type: 'string', format: 'made-up' } }));
    expect(crd.unchecked).toEqual([]);
  });

  test('unserved versions are not checked for rules, and fromObject names itself in errors', () => {
    const obj = widgetCrd();
    obj.spec.versions[0].schema.openAPIV3Schema['x-kubernetes-validations'] = [{ rule: 'true' }];
    expect(() => ImportedCrd.fromObject(obj)).not.toThrow();
    expect(validationMessage(() => ImportedCrd.fromObject({ ...obj, metadata: { name: 'widget.widgets.example.com' } })))
      .toContain('[ImportedCrd.fromObject("widget.widgets.example.com")] metadata.name: got "widget.widgets.example.com"; expected "widgets.widgets.example.com"');
    expect(path.basename(ImportedCrd.fromObject(obj, { source: 'vendor/widgets.yaml' }).source)).toBe('widgets.yaml');
  });
});
