import { Construct } from 'constructs';
import { CrdSchema } from '../../../lib/extension/crd-schema';
import { CRD_INJECT_CA_FROM_ANNOTATION, CONVERSION_REASON_ANNOTATION } from '../../../lib/extension/crd-conversion';
import {
  CustomResourceDefinition, CustomResourceSpec, CustomResourceStatus, CustomResourceVersionName, SpecOf,
} from '../../../lib/extension/custom-resource-definition';
import { ICustomResourceType } from '../../../lib/extension/custom-resource-type';
import { strictCrdSchema } from '../../../lib/output/schema-checks';
import { Service } from '../../../lib/networking/service';
import { validationMessage } from '../../helpers/bad-input';
import { schemaValidator } from '../../helpers/schemas';
import { find, synth, synthError, synthWithPaths } from '../../helpers/synth';
import { CRON_TAB_SPEC, DELAYED_JOB_SPEC, DELAYED_JOB_V2_SPEC, cronTab, delayedJob, delayedJobProps, delayedJobV2Props } from './crd-fixtures';

const CRD = 'CustomResourceDefinition';
const crdOf = (build: (s: Construct) => void, name: string) => find(synth(build), CRD, name, 'apiextensions.k8s.io');

describe('CustomResourceDefinition', () => {
  describe('DelayedJob (E01 done right)', () => {
    const crd = crdOf(delayedJob, 'delayedjobs.delayedresources.mydomain.com');
    const version = crd.spec.versions[0];
    const root = version.schema.openAPIV3Schema;

    test('is named plural.group, namespaced, with the names kubectl uses', () => {
      expect(crd.apiVersion).toBe('apiextensions.k8s.io/v1');
      expect(crd.metadata.name).toBe('delayedjobs.delayedresources.mydomain.com');
      expect(crd.metadata.annotations).toBeUndefined();
      expect(crd.spec.group).toBe('delayedresources.mydomain.com');
      expect(crd.spec.scope).toBe('Namespaced');
      expect(crd.spec.names).toEqual({ plural: 'delayedjobs', singular: 'delayedjob', kind: 'DelayedJob', listKind: 'DelayedJobList', shortNames: ['dj'] });
      expect(crd.spec.conversion).toEqual({ strategy: 'None' });
    });

    test('has one served storage version with the status subresource', () => {
      expect(crd.spec.versions).toHaveLength(1);
      expect(version.name).toBe('v1');
      expect(version.served).toBe(true);
      expect(version.storage).toBe(true);
      expect(version.deprecated).toBeUndefined();
      expect(version.subresources).toEqual({ status: {} });
    });

    test('the root schema types apiVersion, kind and metadata, and requires spec', () => {
      expect(root.type).toBe('object');
      expect(root.required).toEqual(['spec']);
      expect(Object.keys(root.properties)).toEqual(['apiVersion', 'kind', 'metadata', 'spec', 'status']);
      expect(root.properties.apiVersion).toEqual({ type: 'string' });
      expect(root.properties.kind).toEqual({ type: 'string' });
      expect(root.properties.metadata).toEqual({ type: 'object' });
    });

    test('the spec: required image and delaySeconds, a minimum, and the CEL rule', () => {
      const spec = root.properties.spec;
      expect(spec.type).toBe('object');
      expect(spec.required).toEqual(['image', 'delaySeconds']);
      expect(spec.properties.delaySeconds).toEqual({ type: 'integer', description: 'Seconds to wait before the job runs.', minimum: 0, format: 'int64' });
      expect(spec.properties.image).toEqual({ type: 'string', description: 'The image the job runs.', minLength: 1 });
      expect(spec['x-kubernetes-validations']).toEqual([{ rule: 'self.delaySeconds >= 0', message: 'delaySeconds must not be negative' }]);
    });

    test('the status schema, with its enum', () => {
      const status = root.properties.status;
      expect(status.properties.scheduled).toEqual({ type: 'boolean', description: 'Whether the Job was created.' });
      expect(status.properties.phase).toEqual({ type: 'string', enum: ['Waiting', 'Scheduled', 'Failed'] });
      expect(status.required).toBeUndefined();
    });

    test('printer columns and a selectable field', () => {
      expect(version.additionalPrinterColumns).toEqual([
        { name: 'Delay', type: 'integer', jsonPath: '.spec.delaySeconds' },
        { name: 'Image', type: 'string', jsonPath: '.spec.image' },
        { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
        { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
      ]);
      expect(version.selectableFields).toEqual([{ jsonPath: '.spec.image' }]);
    });

    test('the book\'s DelayedJob (E04) validates against it with the strict validator; mistakes do not', () => {
      const given = { label: 'CustomResourceDefinition delayedjobs.delayedresources.mydomain.com (v1)', schema: strictCrdSchema(root) };
      const dj = (spec: unknown) => ({ apiVersion: 'delayedresources.mydomain.com/v1', kind: 'DelayedJob', metadata: { name: 'my-instance-of-delayed-job' }, spec });
      const problems = (spec: unknown) => schemaValidator().check(dj(spec) as any, given).problems.map((p) => `${p.path}: ${p.message}`);
      expect(problems({ delaySeconds: 6000, image: 'busybox' })).toEqual([]);
      expect(problems({ delaySeconds: '6000', image: 'busybox' }).join('\n')).toContain('/spec/delaySeconds');
      expect(problems({ delaySeconds: -1, image: 'busybox' }).join('\n')).toContain('/spec/delaySeconds');
      expect(problems({ delaySeconds: 1, image: 'busybox', imagePullPolicy: 'Always' }).join('\n')).toContain('imagePullPolicy');
      expect(problems({ image: 'busybox' }).join('\n')).toContain('delaySeconds');
    });

    test('is the construct\'s main object, at child Resource', () => {
      const out = synthWithPaths((s) => delayedJob(s));
      expect(out.find((m) => m.manifest.kind === CRD)!.constructPath).toBe('test/delayed-jobs/Resource');
    });
  });

  test('implements ICustomResourceType for custom resources and the operator', () => {
    let type: ICustomResourceType | undefined;
    let crd: CustomResourceDefinition | undefined;
    synth((s) => {
      crd = delayedJob(s);
      type = crd;
    });
    expect(type!.group).toBe('delayedresources.mydomain.com');
    expect(type!.kind).toBe('DelayedJob');
    expect(type!.plural).toBe('delayedjobs');
    expect(type!.scope).toBe('Namespaced');
    expect(type!.storageVersion).toBe('v1');
    expect(type!.source).toBe('test/delayed-jobs');
    expect(type!.versions.map((v) => [v.name, v.served, v.storage, v.deprecated])).toEqual([['v1', true, true, false]]);
    expect(type!.versions[0].schema.required).toEqual(['spec']);
    expect(crd!.name).toBe('delayedjobs.delayedresources.mydomain.com');
    expect(crd!.apiVersionOf()).toBe('delayedresources.mydomain.com/v1');
    expect(crd!.apiVersionOf('v1')).toBe('delayedresources.mydomain.com/v1');
    expect(validationMessage(() => crd!.apiVersionOf('v3' as any))).toContain('[test/delayed-jobs] apiVersionOf(version): got "v3"; expected one of the versions: v1');
  });

  test('knows the spec type of each version (checked by the compiler)', () => {
    synth((s) => {
      const crd = new CustomResourceDefinition(s, 'dj', delayedJobProps());
      const spec: SpecOf<typeof crd, 'v1'> = { image: 'busybox:1.37', delaySeconds: 6000 };
      const same: CustomResourceSpec<typeof crd, 'v1'> = spec;
      const status: CustomResourceStatus<typeof crd, 'v1'> = { phase: 'Scheduled', scheduled: true };
      const version: CustomResourceVersionName<typeof crd> = 'v1';
      // @ts-expect-error delaySeconds is required in v1
      const missing: SpecOf<typeof crd, 'v1'> = { image: 'busybox:1.37' };
      // @ts-expect-error delaySeconds is a number
      const wrong: SpecOf<typeof crd, 'v1'> = { image: 'busybox:1.37', delaySeconds: '6000' };
      // @ts-expect-error the phase is one of the enum values
      const phase: CustomResourceStatus<typeof crd, 'v1'> = { phase: 'Done' };
      // @ts-expect-error there is no v2
      const v2: CustomResourceVersionName<typeof crd> = 'v2';
      // A definition whose types are unknown (ICustomResourceType, e.g. imported from a file): any object.
      const untyped: CustomResourceSpec<ICustomResourceType, string> = { anything: [1] };
      // Every version when none is named: the union of their spec types.
      const anyVersion: CustomResourceSpec<typeof crd, CustomResourceVersionName<typeof crd>> = spec;
      expect([same, status, version, missing, wrong, phase, v2, untyped, anyVersion]).toHaveLength(9);
    });
  });

  describe('v1 -> v2 (E02 and E03 done right)', () => {
    const crd = crdOf((s) => new CustomResourceDefinition(s, 'delayed-jobs', delayedJobV2Props()), 'delayedjobs.delayedresources.mydomain.com');

    test('v1 is served, deprecated with its warning, and not stored; v2 is stored', () => {
      const [v1, v2] = crd.spec.versions;
      expect([v1.name, v1.served, v1.storage, v1.deprecated, v1.deprecationWarning]).toEqual(['v1', true, false, true, 'DelayedJob v1 is deprecated!']);
      expect([v2.name, v2.served, v2.storage, v2.deprecated, v2.deprecationWarning]).toEqual(['v2', true, true, undefined, undefined]);
      expect(v1.schema.openAPIV3Schema.properties.spec.properties.delaySeconds.type).toBe('integer');
      expect(v2.schema.openAPIV3Schema.properties.spec.properties.delay).toEqual({ type: 'string', description: 'How long to wait, e.g. "90s" or "5m".', pattern: '^[0-9]+(s|m|h)$' });
    });

    test('a conversion webhook behind a Service, ConversionReview v1, its CA injected by cert-manager', () => {
      expect(crd.spec.conversion).toEqual({
        strategy: 'Webhook',
        webhook: {
          clientConfig: { service: { name: 'delayed-conversion', namespace: 'delayed-system', path: '/convert', port: 443 } },
          conversionReviewVersions: ['v1'],
        },
      });
      expect(crd.metadata.annotations).toEqual({ [CRD_INJECT_CA_FROM_ANNOTATION]: 'delayed-system/conversion-webhook' });
      expect(CRD_INJECT_CA_FROM_ANNOTATION).toBe('cert-manager.io/inject-ca-from');
    });

    test('the webhook may be a keelson Service construct, and a caBundle instead of injection', () => {
      const json = crdOf((s) => {
        const svc = new Service(s, 'conversion', { namespace: 'delayed-system', selector: { app: 'delayed-operator' }, ports: [{ name: 'https', port: 443, targetPort: 9443 }] });
        new CustomResourceDefinition(s, 'delayed-jobs', { ...delayedJobV2Props(), conversion: { webhook: { service: svc, caBundle: 'TFMwdExTMUNSVWRKVGlCRFJWSlVTVVpKUTBGVVJTMHRMUzB0' } } });
      }, 'delayedjobs.delayedresources.mydomain.com');
      expect(json.spec.conversion.webhook.clientConfig).toEqual({
        service: { name: 'conversion', namespace: 'delayed-system', path: '/', port: 443 }, caBundle: 'TFMwdExTMUNSVWRKVGlCRFJWSlVTVVpKUTBGVVJTMHRMUzB0',
      });
      expect(json.metadata.annotations).toBeUndefined();
    });

    test('without a webhook, differing schemas need a reason, recorded on the CRD', () => {
      const { conversion: _, ...rest } = delayedJobV2Props();
      const message = synthError((s) => new CustomResourceDefinition(s, 'dj', rest)).message;
      expect(message).toContain('[test/dj] conversion: got undefined; expected a conversion webhook');
      expect(message).toContain('served version v1 differs in schema from the storage version v2');
      const json = crdOf((s) => new CustomResourceDefinition(s, 'dj', { ...rest, conversion: { none: { reason: 'no v1 objects exist yet; v1 is served for old clients only' } } }),
        'delayedjobs.delayedresources.mydomain.com');
      expect(json.spec.conversion).toEqual({ strategy: 'None' });
      expect(json.metadata.annotations).toEqual({ [CONVERSION_REASON_ANNOTATION]: 'no v1 objects exist yet; v1 is served for old clients only' });
    });

    test('versions with the same schema need no webhook', () => {
      const json = crdOf((s) => new CustomResourceDefinition(s, 'dj', {
        ...delayedJobProps(), versions: { v1beta1: { spec: DELAYED_JOB_SPEC, storage: false, deprecated: true }, v1: { spec: DELAYED_JOB_SPEC, storage: true } },
      }), 'delayedjobs.delayedresources.mydomain.com');
      expect(json.spec.conversion).toEqual({ strategy: 'None' });
      expect(json.spec.versions.map((v: any) => [v.name, v.storage, v.deprecated ?? false])).toEqual([['v1beta1', false, true], ['v1', true, false]]);
    });
  });

  test('CronTab (the CKA notes R1)', () => {
    const crd = crdOf(cronTab, 'crontabs.stable.example.com');
    expect(crd.spec.names).toEqual({ plural: 'crontabs', singular: 'crontab', kind: 'CronTab', listKind: 'CronTabList', shortNames: ['ct'] });
    const root = crd.spec.versions[0].schema.openAPIV3Schema;
    expect(root.required).toBeUndefined();
    expect(root.properties.spec).toEqual({ type: 'object', properties: { cronSpec: { type: 'string' }, image: { type: 'string' }, replicas: { type: 'integer' } } });
    expect(crd.spec.versions[0].subresources).toBeUndefined();
    expect(crd.spec.versions[0].additionalPrinterColumns).toBeUndefined();
    expect(CRON_TAB_SPEC.toJson()).toEqual(root.properties.spec);
  });

  test('cluster scope, categories, labels and the scale subresource', () => {
    const crd = crdOf((s) => new CustomResourceDefinition(s, 'pools', {
      group: 'workers.example.com', kind: 'WorkerPool', plural: 'workerpools', scope: 'Cluster', categories: ['all'], labels: { team: 'platform' },
      versions: {
        v1: {
          spec: CrdSchema.object({ replicas: CrdSchema.integer({ minimum: 0, default: 1 }) }),
          status: CrdSchema.object({ replicas: CrdSchema.integer(), selector: CrdSchema.string() }),
          subresources: { status: true, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' } },
        },
      },
    }), 'workerpools.workers.example.com');
    expect(crd.spec.scope).toBe('Cluster');
    expect(crd.spec.names.categories).toEqual(['all']);
    expect(crd.metadata.labels.team).toBe('platform');
    expect(crd.spec.versions[0].subresources).toEqual({
      status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' },
    });
    expect(crd.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.replicas).toEqual({ type: 'integer', minimum: 0, default: 1 });
  });

  test('a v2 spec is built by its own schema', () => {
    expect(DELAYED_JOB_V2_SPEC.toJson().required).toEqual(['image', 'delay']);
  });
});
