// The CRDs of the tests: the book's DelayedJob (Cloud Native with Kubernetes ch. 13, E01) as it should be written
// today, its two-version variant (E02/E03 done right), and the CKA notes' CronTab (R1).
import { Construct } from 'constructs';
import { CrdSchema } from '../../../lib/extension/crd-schema';
import { CustomResourceDefinition, CustomResourceDefinitionProps } from '../../../lib/extension/custom-resource-definition';

export const DELAYED_JOB_SPEC = CrdSchema.object({
  delaySeconds: CrdSchema.integer({ minimum: 0, format: 'int64', description: 'Seconds to wait before the job runs.' }),
  image: CrdSchema.string({ minLength: 1, description: 'The image the job runs.' }),
}, {
  required: ['image', 'delaySeconds'],
  validations: [{ rule: 'self.delaySeconds >= 0', message: 'delaySeconds must not be negative' }],
});

export const DELAYED_JOB_STATUS = CrdSchema.object({
  scheduled: CrdSchema.boolean({ description: 'Whether the Job was created.' }),
  jobName: CrdSchema.string(),
  phase: CrdSchema.string({ enum: ['Waiting', 'Scheduled', 'Failed'] }),
});

/** The props of E01 done right: status subresource, CEL, required fields, printer columns, a selectable field. */
export const delayedJobProps = () => ({
  group: 'delayedresources.mydomain.com',
  kind: 'DelayedJob',
  plural: 'delayedjobs',
  shortNames: ['dj'],
  versions: {
    v1: {
      spec: DELAYED_JOB_SPEC,
      status: DELAYED_JOB_STATUS,
      subresources: { status: true },
      printerColumns: [
        { name: 'Delay', type: 'integer' as const, jsonPath: '.spec.delaySeconds' },
        { name: 'Image', type: 'string' as const, jsonPath: '.spec.image' },
        { name: 'Phase', type: 'string' as const, jsonPath: '.status.phase' },
        { name: 'Age', type: 'date' as const, jsonPath: '.metadata.creationTimestamp' },
      ],
      selectableFields: ['.spec.image'],
    },
  },
});

export const delayedJob = (s: Construct) => new CustomResourceDefinition(s, 'delayed-jobs', delayedJobProps());

/** v2 renames the delay to a duration; v1 stays served, deprecated, and a webhook converts between them. */
export const DELAYED_JOB_V2_SPEC = CrdSchema.object({
  delay: CrdSchema.string({ pattern: '^[0-9]+(s|m|h)$', description: 'How long to wait, e.g. "90s" or "5m".' }),
  image: CrdSchema.string({ minLength: 1 }),
}, { required: ['image', 'delay'] });

export const delayedJobV2Props = (): CustomResourceDefinitionProps => ({
  group: 'delayedresources.mydomain.com',
  kind: 'DelayedJob',
  plural: 'delayedjobs',
  shortNames: ['dj'],
  versions: {
    v1: { storage: false, deprecated: { warning: 'DelayedJob v1 is deprecated!' }, spec: DELAYED_JOB_SPEC },
    v2: { storage: true, spec: DELAYED_JOB_V2_SPEC },
  },
  conversion: {
    webhook: {
      service: { name: 'delayed-conversion', namespace: 'delayed-system', path: '/convert' },
      caInjection: { certificate: 'delayed-system/conversion-webhook' },
    },
  },
});

export const CRON_TAB_SPEC = CrdSchema.object({
  cronSpec: CrdSchema.string(),
  image: CrdSchema.string(),
  replicas: CrdSchema.integer(),
});

/** R1: the CKA notes' CronTab, as written there. */
export const cronTab = (s: Construct) => new CustomResourceDefinition(s, 'crontabs', {
  group: 'stable.example.com',
  kind: 'CronTab',
  plural: 'crontabs',
  shortNames: ['ct'],
  versions: { v1: { spec: CRON_TAB_SPEC } },
});
