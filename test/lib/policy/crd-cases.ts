import { Manifest } from '../../../lib/output/manifest';
import { PolicyTarget } from '../../../lib/policy/types';
import { k } from './fixtures';

/** Objects that pass a CRD check, objects that fail it, and a text the failure's message contains. */
interface CheckCase {
  readonly pass: PolicyTarget[];
  readonly fail: PolicyTarget[];
  readonly message: string;
}

const GROUP = 'delayedresources.mydomain.com';

/** A version of the DelayedJob CRD. */
export const crdVersion = (name: string, storage: boolean, served = true) => ({
  name, served, storage,
  schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { delaySeconds: { type: 'integer' } } } } } },
});

/** The book's DelayedJob CRD (apiextensions.k8s.io/v1), valid, with `spec` fields replaced and `name` overridden. */
export function crd(spec: Record<string, unknown> = {}, name = `delayedjobs.${GROUP}`, apiVersion = 'apiextensions.k8s.io/v1'): Manifest {
  return {
    apiVersion,
    kind: 'CustomResourceDefinition',
    metadata: { name },
    spec: {
      group: GROUP,
      names: { plural: 'delayedjobs', singular: 'delayedjob', kind: 'DelayedJob', shortNames: ['dj'] },
      scope: 'Namespaced',
      versions: [crdVersion('v1', true)],
      ...spec,
    },
  } as Manifest;
}

/** A conversion webhook served by the Service "system/conversion". */
export const webhookConversion = (webhook: Record<string, unknown>) => ({
  strategy: 'Webhook',
  webhook: { clientConfig: { service: { name: 'conversion', namespace: 'system', path: '/convert', port: 443 } }, ...webhook },
});

const TWO_VERSIONS = [crdVersion('v1alpha1', false), crdVersion('v1', true)];

export const CRD_CASES: Record<string, CheckCase> = {
  'crd-name-matches-plural-group': {
    pass: k(crd(), crd({ group: 'acme.example.com', names: { plural: 'widgets', kind: 'Widget' } }, 'widgets.acme.example.com')),
    // The singular in place of the plural, a mistake the book's readers make.
    fail: k(crd({}, `delayedjob.${GROUP}`)),
    message: `the name is "delayedjob.${GROUP}"; a CRD of plural "delayedjobs" in group "${GROUP}" must be named "delayedjobs.${GROUP}"`,
  },
  'crd-one-storage-version': {
    pass: k(crd(), crd({ versions: TWO_VERSIONS })),
    fail: k(crd({ versions: [crdVersion('v1alpha1', true), crdVersion('v1', true)] })),
    message: '2 versions have storage: true ("v1alpha1", "v1"); exactly one may',
  },
  'crd-conversion-review-versions': {
    pass: k(crd({ versions: TWO_VERSIONS, conversion: webhookConversion({ conversionReviewVersions: ['v1'] }) }), crd({ conversion: { strategy: 'None' } })),
    fail: k(crd({ versions: TWO_VERSIONS, conversion: webhookConversion({}) })),
    message: 'conversion strategy Webhook without spec.conversion.webhook.conversionReviewVersions',
  },
};
