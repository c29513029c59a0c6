import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { AppStack } from '../../../lib/core/app-stack';
import { CrdSchema } from '../../../lib/extension/crd-schema';
import { CustomResourceDefinition } from '../../../lib/extension/custom-resource-definition';
import { AppDefinition } from '../../../lib/output/synth-apps';
import { BadInput, describeBadInputs } from '../../helpers/bad-input';
import { DELAYED_JOB_SPEC, cronTab, delayedJob, delayedJobProps, delayedJobV2Props } from './crd-fixtures';

const inStack = (build: (stack: Construct) => void) => (app: App) => build(new AppStack(app, 'bad'));
/** The DelayedJob CRD with `over` merged into its props. */
const dj = (over: Record<string, unknown>) => inStack((s) => new CustomResourceDefinition(s, 'dj', { ...delayedJobProps(), ...over } as any));
/** The DelayedJob CRD with `over` merged into its v1. */
const v1 = (over: Record<string, unknown>) => dj({ versions: { v1: { ...delayedJobProps().versions.v1, ...over } } });
/** A DelayedJob CRD whose v1 spec has the one field `field`. */
const field = (node: CrdSchema<any>) => v1({ spec: CrdSchema.object({ field: node }), status: undefined, subresources: undefined, printerColumns: undefined, selectableFields: undefined });
const WEBHOOK = delayedJobV2Props().conversion as unknown as { webhook: Record<string, unknown> };
const webhook = (over: Record<string, unknown>) => dj({ ...delayedJobV2Props(), conversion: { webhook: { ...WEBHOOK.webhook, ...over } } });

const good: AppDefinition = {
  name: 'extensions',
  description: 'the DelayedJob and CronTab CRDs',
  build: (app) => {
    const stack = new AppStack(app, 'extensions');
    delayedJob(stack);
    cronTab(stack);
  },
};

const SPEC = '[bad/dj] versions.v1.spec';
const CASES: BadInput[] = [
  // Names: the object is always <plural>.<group>, so a singular name can only come from a singular plural (E02, E03).
  { title: 'a singular plural (the name would be delayedjob.<group>)', build: dj({ plural: 'delayedjob' }), where: '[bad/dj] plural: got "delayedjob"',
    expected: 'the plural of the kind, e.g. "delayedjobs" ("delayedjob" is the kind in lower case, the singular; the object would be named "delayedjob.delayedresources.mydomain.com")' },
  { title: 'an uppercase plural', build: dj({ plural: 'DelayedJobs' }), where: '[bad/dj] plural: got "DelayedJobs"', expected: 'a DNS-1035 label' },
  { title: 'a group without a dot', build: dj({ group: 'delayedresources' }), where: '[bad/dj] group: got "delayedresources"',
    expected: 'an API group: a DNS subdomain with at least one dot' },
  { title: 'a kind in lowerCamelCase', build: dj({ kind: 'delayedJob' }), where: '[bad/dj] kind: got "delayedJob"', expected: 'an UpperCamelCase kind' },
  { title: 'a short name that is the plural', build: dj({ shortNames: ['dj', 'delayedjobs'] }), where: '[bad/dj] shortNames: got ["dj","delayedjobs"]',
    expected: 'short names other than the plural and singular' },
  { title: 'an unknown scope', build: dj({ scope: 'Global' }), where: '[bad/dj] scope: got "Global"', expected: '"Namespaced" or "Cluster"' },
  { title: 'a name given (it is derived)', build: dj({ name: 'delayedjob.delayedresources.mydomain.com' }),
    where: '[bad/dj] name: got "delayedjob.delayedresources.mydomain.com"', expected: 'a known prop' },
  // Versions.
  { title: 'two storage versions', build: dj({ versions: { v1: { spec: DELAYED_JOB_SPEC, storage: true }, v2: { spec: DELAYED_JOB_SPEC, storage: true } } }),
    where: '[bad/dj] versions: got "storage versions v1, v2"', expected: 'exactly one version with storage: true' },
  { title: 'two versions and no storage version', build: dj({ versions: { v1: { spec: DELAYED_JOB_SPEC }, v2: { spec: DELAYED_JOB_SPEC } } }),
    where: '[bad/dj] versions: got "no storage version"', expected: 'exactly one version with storage: true' },
  { title: 'no served version', build: v1({ served: false }), where: '[bad/dj] versions: got "no served version"', expected: 'at least one version with served: true' },
  { title: 'a version name that is no version', build: dj({ versions: { version1: { spec: DELAYED_JOB_SPEC } } }),
    where: '[bad/dj] versions.version1: got "version1"', expected: 'a version such as "v1", "v1beta1" or "v2alpha1"' },
  { title: 'a deprecation warning over 256 characters', build: v1({ deprecated: { warning: 'w'.repeat(257) } }),
    where: `[bad/dj] versions.v1.deprecated.warning: got "${'w'.repeat(116)}... (257 characters)`, expected: 'a one-line warning of 1-256 printable characters' },
  { title: 'a spec that is no CrdSchema', build: v1({ spec: { type: 'object' } }), where: `${SPEC}: got {"type":"object"}`, expected: 'a schema built with CrdSchema' },
  { title: 'a spec that is no object', build: v1({ spec: CrdSchema.string(), printerColumns: undefined, selectableFields: undefined }),
    where: `${SPEC}.type: got "string"`, expected: '"object": spec is an object' },
  // Structural schemas.
  { title: 'an untyped field', build: field(CrdSchema.fromJson({ description: 'untyped' })), where: `${SPEC}.properties.field.type: got undefined`,
    expected: 'a type (structural schemas type every field' },
  { title: 'additionalProperties beside properties', build: field(CrdSchema.fromJson({ type: 'object', properties: { a: { type: 'string' } }, additionalProperties: { type: 'string' } })),
    where: `${SPEC}.properties.field.additionalProperties: got {"type":"string"}`, expected: 'no additionalProperties beside properties' },
  { title: 'a keyword the API server does not support', build: field(CrdSchema.fromJson({ type: 'object', patternProperties: { '^a': { type: 'string' } } })),
    where: `${SPEC}.properties.field.patternProperties: got {"^a":{"type":"string"}}`, expected: 'no "patternProperties" (not supported)' },
  { title: 'type null', build: field(CrdSchema.fromJson({ type: 'null' })), where: `${SPEC}.properties.field.type: got "null"`, expected: 'a type other than "null"' },
  { title: 'minimum above maximum', build: field(CrdSchema.integer({ minimum: 10, maximum: 1 })), where: `${SPEC}.properties.field.minimum: got 10`,
    expected: 'a minimum that leaves some values up to the maximum (1)' },
  { title: 'an invalid pattern', build: field(CrdSchema.string({ pattern: '[a-' })), where: `${SPEC}.properties.field.pattern: got "[a-"`,
    expected: 'a regular expression that RE2 (the API server) and JavaScript both accept' },
  { title: 'a default outside the enum', build: field(CrdSchema.string({ enum: ['Always', 'Never'], default: 'Sometimes' })),
    where: `${SPEC}.properties.field.default: got "Sometimes"`, expected: 'a default the node itself accepts; "Sometimes" is not one of the enum values' },
  { title: 'an empty enum', build: field(CrdSchema.string({ enum: [] })), where: `${SPEC}.properties.field.enum: got []`, expected: 'a non-empty list of values' },
  { title: 'required naming a missing field', build: v1({ spec: CrdSchema.object({ image: CrdSchema.string() }, { required: ['image', 'delay' as 'image'] }),
    printerColumns: undefined, selectableFields: undefined }), where: `${SPEC}.required[1]: got "delay"`, expected: 'a field of this object (image)' },
  { title: 'a map list without keys', build: field(CrdSchema.array(CrdSchema.object({ name: CrdSchema.string() }), { listType: 'map' })),
    where: `${SPEC}.properties.field.x-kubernetes-list-map-keys: got undefined`, expected: 'the item fields that identify an item' },
  { title: 'a minimum on a string', build: field(CrdSchema.fromJson({ type: 'string', minimum: 1 })), where: `${SPEC}.properties.field.minimum: got 1`,
    expected: 'a keyword of a node of type integer or number' },
  // CEL.
  { title: 'a CEL syntax error', build: v1({ spec: CrdSchema.object({ delaySeconds: CrdSchema.integer() }, { validations: [{ rule: 'self.delaySeconds >= ', message: 'm' }] }),
    printerColumns: undefined, selectableFields: undefined }), where: `${SPEC}.x-kubernetes-validations[0].rule: got "self.delaySeconds >= "`,
    expected: 'a CEL expression the API server accepts; ' },
  { title: 'a CEL message on two lines', build: field(CrdSchema.integer({ validations: [{ rule: 'self >= 0', message: 'must not\nbe negative' }] })),
    where: `${SPEC}.properties.field.x-kubernetes-validations[0].message: got "must not\\nbe negative"`, expected: 'a one-line message' },
  { title: 'an unknown CEL reason', build: field(CrdSchema.integer({ validations: [{ rule: 'self >= 0', reason: 'Invalid' as any }] })),
    where: `${SPEC}.properties.field.x-kubernetes-validations[0].reason: got "Invalid"`, expected: 'FieldValueInvalid, FieldValueForbidden' },
  // Columns, selectable fields, subresources.
  { title: 'a printer column on a missing path', build: v1({ printerColumns: [{ name: 'Delay', type: 'integer', jsonPath: '.spec.delay' }] }),
    where: '[bad/dj] versions.v1.printerColumns[0].jsonPath: got ".spec.delay"', expected: 'a path to a field of the version\'s schema (e.g. .spec.delaySeconds, .spec.image' },
  { title: 'an integer column on a string field', build: v1({ printerColumns: [{ name: 'Image', type: 'integer', jsonPath: '.spec.image' }] }),
    where: '[bad/dj] versions.v1.printerColumns[0].type: got "integer"', expected: 'a column type that fits the string field at .spec.image (string or date)' },
  { title: 'a selectable field on metadata', build: v1({ selectableFields: ['.metadata.labels'] }), where: '[bad/dj] versions.v1.selectableFields[0]: got ".metadata.labels"',
    expected: 'a path outside metadata' },
  { title: 'a selectable field on an object', build: v1({ spec: CrdSchema.object({ labels: CrdSchema.map(CrdSchema.string()) }), printerColumns: undefined, selectableFields: ['.spec.labels'] }),
    where: '[bad/dj] versions.v1.selectableFields[0]: got ".spec.labels"', expected: 'a path to a string, integer or boolean field (it is object)' },
  { title: 'the status subresource without a status schema', build: v1({ status: undefined, printerColumns: undefined }),
    where: '[bad/dj] versions.v1.status: got undefined', expected: 'a status schema when the status subresource is on' },
  { title: 'a scale path to a string', build: v1({ subresources: { status: true, scale: { specReplicasPath: '.spec.image', statusReplicasPath: '.status.jobName' } } }),
    where: '[bad/dj] versions.v1.subresources.scale.specReplicasPath: got ".spec.image"', expected: 'a path to a integer field (it is string)' },
  // Conversion.
  { title: 'versions with different schemas and no webhook', build: dj({ ...delayedJobV2Props(), conversion: undefined }),
    where: '[bad/dj] conversion: got undefined', expected: 'a conversion webhook ({ webhook: { service, caInjection } }), or { none: { reason } }' },
  { title: 'a webhook without a CA', build: webhook({ caInjection: undefined }), where: '[bad/dj] conversion.webhook.caInjection: got undefined',
    expected: 'exactly one of caInjection' },
  { title: 'a CA injection without the namespace', build: webhook({ caInjection: { certificate: 'conversion-webhook' } }),
    where: '[bad/dj] conversion.webhook.caInjection.certificate: got "conversion-webhook"', expected: 'a cert-manager Certificate as "<namespace>/<name>"' },
  { title: 'a ConversionReview version the API server does not speak', build: webhook({ conversionReviewVersions: ['v2'] }),
    where: '[bad/dj] conversion.webhook.conversionReviewVersions[0]: got "v2"', expected: '"v1" or "v1beta1"' },
  { title: 'a webhook Service port out of range', build: webhook({ service: { name: 'conv', namespace: 'delayed-system', port: 70000 } }),
    where: '[bad/dj] conversion.webhook.service.port: got 70000', expected: 'an integer from 1 to 65535' },
];

describe('CustomResourceDefinition bad inputs', () => {
  describeBadInputs('CustomResourceDefinition', good, CASES);
});
