import { Construct } from 'constructs';
import { CrdSchema } from '../../../lib/extension/crd-schema';
import { CustomResourceDefinition } from '../../../lib/extension/custom-resource-definition';
import { JavaScriptValueTarget } from '../../helpers/javascript-values';
import { delayedJobProps, delayedJobV2Props } from './crd-fixtures';

// CustomResourceDefinition and the CrdSchema builder: whatever a JavaScript caller passes (to the construct's props,
// or to a builder's options), the answer is a ValidationError or a CRD that the strict schemas accept.

/** Options of every builder, fed to the builders of one CRD's spec. */
const builderOptions = () => ({
  string: { description: 'a string', format: 'hostname', pattern: '^[a-z.]+$', minLength: 1, maxLength: 253, default: 'example.com' },
  enumerated: { enum: ['Always', 'Never'], default: 'Never', nullable: true },
  integer: { minimum: 0, maximum: 100, exclusiveMaximum: true, multipleOf: 5, format: 'int32', default: 10 },
  number: { minimum: 0.5, maximum: 2.5, format: 'double' },
  boolean: { default: false },
  array: { minItems: 0, maxItems: 8, listType: 'map', listMapKeys: ['name'] },
  item: { required: ['name'] },
  set: { listType: 'set', maxItems: 4 },
  map: { minProperties: 0, maxProperties: 16 },
  intOrString: { default: '25%' },
  object: { required: ['host'], validations: [{ rule: 'self.size >= 0', message: 'size must not be negative', reason: 'FieldValueInvalid', fieldPath: '.size' }] },
  free: { description: 'free-form settings' },
  embedded: { description: 'a pod template' },
});

/** A CRD whose spec is built from `o` (the options of {@link builderOptions}, possibly replaced by hostile values). */
function buildFromOptions(s: Construct, o: any): void {
  const opt = (k: string) => (o === null || typeof o !== 'object' ? o : o[k]);
  const spec = CrdSchema.object({
    host: CrdSchema.string(opt('string')),
    policy: CrdSchema.string(opt('enumerated')),
    size: CrdSchema.integer(opt('integer')),
    ratio: CrdSchema.number(opt('number')),
    enabled: CrdSchema.boolean(opt('boolean')),
    ports: CrdSchema.array(CrdSchema.object({ name: CrdSchema.string(), port: CrdSchema.integer() }, opt('item')), opt('array')),
    tags: CrdSchema.array(CrdSchema.string(), opt('set')),
    labels: CrdSchema.map(CrdSchema.string(), opt('map')),
    target: CrdSchema.intOrString(opt('intOrString')),
    settings: CrdSchema.preserveUnknownFields(opt('free')),
    template: CrdSchema.embeddedResource(opt('embedded')),
  }, opt('object'));
  new CustomResourceDefinition(s, 'widgets', { group: 'widgets.example.com', kind: 'Widget', plural: 'widgets', versions: { v1: { spec } } });
}

export const CRD_TARGETS: JavaScriptValueTarget[] = [
  {
    name: 'CustomResourceDefinition (DelayedJob: status, columns, selectable fields)',
    props: () => ({ ...delayedJobProps(), categories: ['all'], scope: 'Namespaced', labels: { team: 'batch' } }),
    build: (s, props) => {
      const crd = new CustomResourceDefinition(s, 'delayed-jobs', props);
      crd.apiVersionOf();
    },
    covers: ['CustomResourceDefinition', 'CustomResourceDefinition.apiVersionOf'],
  },
  {
    name: 'CustomResourceDefinition (two versions, conversion webhook, scale)',
    props: () => {
      const p = delayedJobV2Props();
      const v2 = p.versions.v2;
      return {
        ...p,
        versions: {
          ...p.versions,
          v2: {
            ...v2,
            spec: CrdSchema.object({ delay: CrdSchema.string(), image: CrdSchema.string(), replicas: CrdSchema.integer({ minimum: 0 }) }),
            status: CrdSchema.object({ replicas: CrdSchema.integer(), selector: CrdSchema.string() }),
            subresources: { status: true, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' } },
            printerColumns: [{ name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas', priority: 1, format: 'int32', description: 'desired' }],
          },
        },
      };
    },
    build: (s, props) => new CustomResourceDefinition(s, 'delayed-jobs', props),
    covers: ['CustomResourceDefinition'],
  },
  {
    name: 'CrdSchema builders (the options of every factory)',
    props: builderOptions,
    build: buildFromOptions,
    covers: ['CrdSchema'],
  },
];
