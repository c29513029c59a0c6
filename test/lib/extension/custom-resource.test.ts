import { ApiObject, App, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { SecureNamespace } from '../../../lib';
import { AppStack } from '../../../lib/core/app-stack';
import { NUMBER_FORMAT_TESTS, STRING_FORMAT_TESTS } from '../../../lib/extension/crd-formats';
import { CustomResource } from '../../../lib/extension/custom-resource';
import { CustomResourceDefinition } from '../../../lib/extension/custom-resource-definition';
import { compileVersion } from '../../../lib/extension/crd-validator';
import { ImportedCrd } from '../../../lib/extension/imported-crd';
import { Manifest } from '../../../lib/output/manifest';
import { strictCrdSchema } from '../../../lib/output/schema-checks';
import { synthesizeApp } from '../../../lib/output/synthesize';
import { validationMessage } from '../../helpers/bad-input';
import { schemaValidator } from '../../helpers/schemas';
import { find, synth, synthError } from '../../helpers/synth';
import { delayedJob, delayedJobV2Props } from './crd-fixtures';
import { certificateCrd, certificateSpec, clusterIssuerCrd, widgetCrd, widgetSpec } from './custom-resource-fixtures';

/** Synthesizes without the strict-schema check of `synth` (whose schema folder has no schemas of the test's own groups). */
function build(fn: (s: Construct) => void): Manifest[] {
  const app = new App();
  fn(new AppStack(app, 'test'));
  return synthesizeApp(app).map((m) => m.manifest);
}

/**
 * Problems of `object` under its CRD's schema, read by the project's other validator (the one `keelson check` uses).
 * That one makes a CRD's `metadata` node strict when it lists properties (a rule on metadata.name), which would refuse
 * the namespace and labels every object has, so the metadata node is left out here.
 */
function problemsUnderCrd(object: Manifest, crd: any, version: string): readonly unknown[] {
  const v = crd.spec.versions.find((x: any) => x.name === version);
  const { metadata: _metadata, ...properties } = v.schema.openAPIV3Schema.properties;
  const schema = strictCrdSchema({ ...v.schema.openAPIV3Schema, properties });
  return schemaValidator().check(object, { label: crd.metadata.name, schema }).problems;
}

describe('CustomResource of an imported CRD (cert-manager Certificate, from an object)', () => {
  const certificates = ImportedCrd.fromObject(certificateCrd());

  test('writes apiVersion, kind, metadata and the spec as given; the output validates', () => {
    const spec = certificateSpec();
    const out = synth((s) => {
      const shop = new SecureNamespace(s, 'shop');
      new CustomResource(shop, 'shop-tls', { type: certificates, spec, labels: { tier: 'edge' }, annotations: { 'example.com/owner': 'web team' } });
    });
    spec.dnsNames.push('later.example.com');
    const cert = find(out, 'Certificate', 'shop-tls', 'cert-manager.io');
    expect(cert).toEqual({
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: {
        name: 'shop-tls', namespace: 'shop',
        labels: expect.objectContaining({ tier: 'edge' }),
        // The vendor CRD it was checked against, for the schema checks of `keelson check` (the CRD is not emitted).
        annotations: { 'example.com/owner': 'web team', 'keelson.dev/schema-source': 'CustomResourceDefinition certificates.cert-manager.io (version v1), imported' },
      },
      spec: certificateSpec(),
    });
    expect(problemsUnderCrd(cert, certificateCrd(), 'v1')).toEqual([]);
  });

  test('name, version and namespace may be given', () => {
    const out = synth((s) => {
      const cr = new CustomResource(s, 'cert', { type: certificates, name: 'api-tls', namespace: 'api', version: 'v1', spec: certificateSpec() });
      expect([cr.name, cr.namespace, cr.version, cr.apiVersion]).toEqual(['api-tls', 'api', 'v1', 'cert-manager.io/v1']);
    });
    expect(find(out, 'Certificate', 'api-tls').metadata.namespace).toBe('api');
  });

  test('a namespaced kind needs a namespace: given, or the enclosing SecureNamespace', () => {
    expect(synthError((s) => new CustomResource(s, 'cert', { type: certificates, spec: certificateSpec() })).message).toContain(
      '[test/cert] namespace: got undefined; expected a namespace: set `namespace` or define the construct inside a SecureNamespace');
  });

  test('a cluster-scoped kind has no namespace, even inside a SecureNamespace, and refuses one', () => {
    const issuers = ImportedCrd.fromObject(clusterIssuerCrd());
    const out = synth((s) => {
      const cr = new CustomResource(new SecureNamespace(s, 'shop'), 'selfsigned', { type: issuers, spec: { selfSigned: {} } });
      expect(cr.namespace).toBeUndefined();
    });
    expect(find(out, 'ClusterIssuer', 'selfsigned').metadata.namespace).toBeUndefined();
    expect(validationMessage(() => new CustomResource(new AppStack(new App(), 'test'), 'ca', { type: issuers, namespace: 'shop', spec: { ca: { secretName: 'ca' } } })))
      .toContain('[test/ca] namespace: got "shop"; expected no namespace: ClusterIssuer is cluster-scoped');
  });

  test('an escape-hatch patch is validated at synth too', () => {
    const message = synthError((s) => {
      const cr = new CustomResource(s, 'cert', { type: certificates, namespace: 'shop', spec: certificateSpec() });
      ApiObject.of(cr.resource).addJsonPatch(JsonPatch.add('/spec/privateKey/algorithm', 'DSA'));
    }).message;
    expect(message).toContain('[test/cert] spec.privateKey.algorithm: got "DSA"; expected one of "RSA", "ECDSA", "Ed25519"');
  });
});

describe('CustomResource of a CustomResourceDefinition authored here (DelayedJob)', () => {
  test('typed by the version\'s spec; the CRD validates against the strict schemas and the custom resource against the CRD', () => {
    const out = build((s) => {
      const crd = delayedJob(s);
      const job = CustomResource.typed(s, 'nightly', { type: crd, version: 'v1', namespace: 'batch', spec: { image: 'busybox:1.36', delaySeconds: 60 } });
      const delay: number = job.spec.delaySeconds;
      expect(delay).toBe(60);
      // @ts-expect-error the spec type comes from the schema: delaySeconds is a number
      expect(() => CustomResource.typed(s, 'wrong', { type: crd, version: 'v1', namespace: 'batch', spec: { image: 'busybox', delaySeconds: '60' } })).toThrow();
    });
    const crd = out.find((m) => m.kind === 'CustomResourceDefinition')!;
    expect(schemaValidator().validate(crd)).toEqual([]);
    const job = out.find((m) => m.kind === 'DelayedJob')!;
    expect(job).toEqual({
      apiVersion: 'delayedresources.mydomain.com/v1', kind: 'DelayedJob',
      metadata: { name: 'nightly', namespace: 'batch', labels: expect.any(Object) },
      spec: { image: 'busybox:1.36', delaySeconds: 60 },
    });
    expect(problemsUnderCrd(job, crd, 'v1')).toEqual([]);
  });

  test('the book\'s wrong DelayedJob field fails the synth with construct path and JSON path', () => {
    const message = synthError((s) => {
      const crd = delayedJob(s);
      new CustomResource(s, 'job', { type: crd, namespace: 'batch', spec: { image: 'busybox', delaySeconds: '30' } });
    }).message;
    expect(message).toContain('[test/job] spec.delaySeconds: got "30"; expected type integer (schema of DelayedJob v1 from test/delayed-jobs)');
  });

  test('the default version is the storage version; a deprecated served version may be chosen', () => {
    const out = build((s) => {
      const crd = new CustomResourceDefinition(s, 'delayed-jobs', delayedJobV2Props());
      new CustomResource(s, 'new', { type: crd, namespace: 'batch', spec: { image: 'busybox', delay: '5m' } });
      new CustomResource(s, 'old', { type: crd, namespace: 'batch', version: 'v1', spec: { image: 'busybox', delaySeconds: 300 } });
    });
    expect(out.filter((m) => m.kind === 'DelayedJob').map((m) => [m.metadata.name, m.apiVersion])).toEqual([
      ['new', 'delayedresources.mydomain.com/v2'], ['old', 'delayedresources.mydomain.com/v1'],
    ]);
  });
});

describe('the schema features the validator translates (Widget)', () => {
  const widgets = ImportedCrd.fromObject(widgetCrd());
  const widget = (spec: Record<string, unknown>, extra: Record<string, unknown> = {}) => () =>
    new CustomResource(new AppStack(new App(), 'test'), 'w', { type: widgets, namespace: 'shop', spec: { ...widgetSpec(), ...spec }, ...extra });

  test('a spec using every feature passes; defaults are the API server\'s to write, not keelson\'s', () => {
    const out = build((s) => new CustomResource(s, 'w', { type: widgets, namespace: 'shop', spec: widgetSpec() }));
    const w: any = out.find((m) => m.kind === 'Widget')!;
    expect(w.spec).toEqual(widgetSpec());
    expect(w.spec.mode).toBeUndefined();
    expect(problemsUnderCrd(w, widgetCrd(), 'v1')).toEqual([]);
  });

  test('null is accepted where the schema says nullable (cdk8s leaves it out of the output, as if unset)', () => {
    const out = build((s) => new CustomResource(s, 'w', { type: widgets, namespace: 'shop', spec: { ...widgetSpec(), color: null } }));
    expect(out.find((m) => m.kind === 'Widget')!.spec).toEqual({ ...widgetSpec(), color: undefined });
    expect(validationMessage(widget({ delay: null }))).toContain('[test/w] spec.delay: got null; expected type string');
  });

  test.each([
    ['nullable enum', { color: 'blue' }, 'spec.color: got "blue"; expected one of "red", "green", null'],
    ['int-or-string', { port: true }, 'spec.port: got true; expected one of the types integer, string'],
    ['set list', { tags: ['a', 'a'] }, 'spec.tags: got ["a","a"]; expected a list that holds each value once (x-kubernetes-list-type: set) (items 0 and 1 are the same)'],
    ['map list', { ports: [{ name: 'http', port: 1 }, { name: 'http', port: 2 }] }, 'spec.ports: got [{"name":"http","port":1},{"name":"http","port":2}]; expected a list that holds each key name once (x-kubernetes-list-type: map) (items 0 and 1 are the same)'],
    ['int32 range', { ports: [{ name: 'http', port: 2 ** 31 }] }, 'spec.ports[0].port: got 2147483648; expected a value of format "int32"'],
    ['hostname format', { host: 'not a host' }, 'spec.host: got "not a host"; expected a value of format "hostname"'],
    ['date-time format', { since: '31/01/2025' }, 'spec.since: got "31/01/2025"; expected a value of format "date-time"'],
    ['embedded resource without kind', { template: { apiVersion: 'v1' } }, 'spec.template.kind: got undefined; expected a value: the schema requires "kind" in spec.template'],
    ['embedded resource metadata', { template: { apiVersion: 'v1', kind: 'Pod', metadata: { nam: 'p' } } }, 'spec.template.metadata.nam: got "p"; expected no field "nam" here (did you mean "name"?)'],
    ['map values', { labels: { team: 1 } }, 'spec.labels.team: got 1; expected type string'],
    ['maxItems', { tags: ['a', 'b', 'c', 'd'] }, 'spec.tags: got ["a","b","c","d"]; expected a list of at most 3 items'],
  ])('%s', (_title, spec, expected) => {
    expect(validationMessage(widget(spec))).toContain(`[test/w] ${expected}`);
  });

  test('the CRD\'s own rule on metadata.name applies', () => {
    expect(validationMessage(widget({}, { name: 'a-widget-with-a-long-name' }))).toContain(
      '[test/w] metadata.name: got "a-widget-with-a-long-name"; expected a string of at most 20 characters');
  });

  test('an unknown metadata field cannot come in through a patch', () => {
    const message = synthError((s) => {
      const cr = new CustomResource(s, 'w', { type: widgets, namespace: 'shop', spec: widgetSpec() });
      ApiObject.of(cr.resource).addJsonPatch(JsonPatch.add('/metadata/label', 'x'));
    }).message;
    expect(message).toContain('[test/w] metadata.label: got "x"; expected no field "label" here (did you mean "labels"?)');
  });
});

describe('the formats, as the API server reads them', () => {
  test.each([
    ['date-time', ['2025-01-31T12:00:00Z', '2025-01-31T12:00:00.123+02:00', '2025-01-31T12:00Z', '2025-01-31 12:00:00Z'], ['2025-02-30T12:00:00Z', '31/01/2025', '2025-01-31']],
    ['date', ['2024-02-29'], ['2023-02-29', '2024-13-01']],
    ['duration', ['2160h', '1h30m', '90s', '3d', '1 week'], ['1 fortnight', 'h', '']],
    ['hostname', ['example.com', 'a-b.example.com.', 'localhost'], ['-a.example.com', 'a_b.example.com', 'not a host']],
    ['ipv4', ['10.0.0.1'], ['10.0.0.256', '::1']],
    ['ipv6', ['fd00::1', '::1'], ['10.0.0.1']],
    ['cidr', ['10.0.0.0/8', 'fd00::/64'], ['10.0.0.0/33', '10.0.0.0']],
    ['mac', ['00:1a:2b:3c:4d:5e', '00-1A-2B-3C-4D-5E', '001a.2b3c.4d5e'], ['00:1a:2b:3c:4d', '00:1a-2b:3c:4d:5e']],
    ['uuid', ['123e4567-e89b-12d3-a456-426614174000', '123e4567e89b12d3a456426614174000'], ['123e4567-e89b-12d3-a456']],
    ['uuid4', ['123e4567-e89b-42d3-a456-426614174000'], ['123e4567-e89b-12d3-a456-426614174000']],
    ['uri', ['https://example.com/x?y=1', '/healthz', 'urn:isbn:0451450523'], ['example.com/x', 'not a uri']],
    ['email', ['ops@example.com'], ['ops', 'a b@example.com']],
    ['byte', ['aGVsbG8=', ''], ['aGVsbG8', 'not base64!']],
    ['bsonobjectid', ['507f1f77bcf86cd799439011'], ['507f1f77bcf86cd79943901']],
    ['hexcolor', ['#fff', '00ff00'], ['#ffff', 'red']],
  ])('%s', (format, good, bad) => {
    const test = STRING_FORMAT_TESTS[format];
    expect(good.filter((s) => !test(s))).toEqual([]);
    expect(bad.filter((s) => test(s))).toEqual([]);
  });

  test('int32 holds 32 bits; int64, float and double any finite number', () => {
    expect([-(2 ** 31), 2 ** 31 - 1].every(NUMBER_FORMAT_TESTS.int32)).toBe(true);
    expect([2 ** 31, -(2 ** 31) - 1].some(NUMBER_FORMAT_TESTS.int32)).toBe(false);
    expect(NUMBER_FORMAT_TESTS.int64(2 ** 40)).toBe(true);
  });
});

describe('compiled version schemas (lib/extension/crd-validator.ts)', () => {
  const version = (schema: any) => ({ name: 'v1', served: true, storage: true, deprecated: false, schema });
  const sized = (size: object) => ({ type: 'object', properties: { spec: { type: 'object', properties: { size } } } });
  const object = (size: unknown) => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'a' }, spec: { size } });

  test('an equal schema built again is compiled once; a different one keeps its own validator', () => {
    const integer = compileVersion(version(sized({ type: 'integer', minimum: 1 })));
    expect(typeof integer).toBe('function');
    expect(compileVersion(version(sized({ type: 'integer', minimum: 1 })))).toBe(integer);
    const text = compileVersion(version(sized({ type: 'string' })));
    expect(text).not.toBe(integer);
    const run = (f: unknown, value: unknown) => (f as (data: unknown) => boolean)(object(value));
    expect([run(integer, 3), run(integer, 'big'), run(text, 'big'), run(text, 3)]).toEqual([true, false, true, false]);
  });
});

describe('the CRD schema compiler keeps nothing per schema beyond its bounded cache', () => {
  test('validators work on after ajv let their schemas go, also past the cache bound (256)', () => {
    const version = (schema: any) => ({ name: 'v1', served: true, storage: true, deprecated: false, schema });
    const validators = Array.from({ length: 300 }, (_, i) => compileVersion(version({
      type: 'object', properties: { spec: { type: 'object', properties: { [`f${i}`]: { type: 'integer', maximum: i } } } },
    })) as (data: unknown) => boolean);
    const object = (i: number, value: number) => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'a' }, spec: { [`f${i}`]: value } });
    expect(validators.map((v, i) => [v(object(i, i)), v(object(i, i + 1))])).toEqual(validators.map(() => [true, false]));
    // The first schemas were dropped from the bounded cache: built again, they compile anew and validate the same.
    const again = compileVersion(version({ type: 'object', properties: { spec: { type: 'object', properties: { f0: { type: 'integer', maximum: 0 } } } } })) as (data: unknown) => boolean;
    expect([again(object(0, 0)), again(object(0, 1))]).toEqual([true, false]);
  });
});
