// Checks of CustomResourceDefinition objects, for CRDs written as raw YAML (read by `keelson check`, or emitted by
// hand); the CustomResourceDefinition construct refuses the same mistakes in its props. Facts from the apiextensions
// v1 API: a CRD is named "<spec.names.plural>.<spec.group>"; exactly one of its versions has storage: true; and a
// conversion of strategy Webhook names the ConversionReview versions the webhook understands
// (spec.conversion.webhook.conversionReviewVersions, required in v1), of which the API server speaks v1 and v1beta1.
// CRDs of the removed v1beta1 API are left to `removed-api-version`: their fields differ.
import { defineCheck } from '../define';
import { isMap as isRecord } from '../pods';
import { PolicyCheck, PolicyTarget } from '../types';

/** The ConversionReview versions an API server speaks. */
const SPOKEN_REVIEW_VERSIONS = ['v1', 'v1beta1'];

/** The spec of a CRD of the v1 API, or undefined for another version or a spec that is not an object. */
function v1Spec(t: PolicyTarget): Record<string, any> | undefined {
  const o = t.object;
  return isRecord(o) && o.apiVersion === 'apiextensions.k8s.io/v1' && isRecord(o.spec) ? o.spec : undefined;
}

/** Declares an error-level check over the spec of every v1 CustomResourceDefinition (others are skipped). */
function defineCrdCheck(check: Pick<PolicyCheck, 'id' | 'description' | 'remediation'> & {
  check(spec: Record<string, any>, target: PolicyTarget): string[];
}): PolicyCheck {
  return defineCheck({
    ...check,
    domain: 'kubernetes',
    kinds: ['CustomResourceDefinition'],
    severity: 'error',
    references: [],
    check: (t) => {
      const spec = v1Spec(t);
      return spec === undefined ? [] : check.check(spec, t);
    },
  });
}

const show = (v: unknown) => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v) ?? String(v));

export const CRD_CHECKS: PolicyCheck[] = [
  defineCrdCheck({
    id: 'crd-name-matches-plural-group',
    description: 'A CustomResourceDefinition is named "<spec.names.plural>.<spec.group>".',
    remediation: 'Set metadata.name to spec.names.plural, a dot and spec.group (e.g. "delayedjobs.delayedresources.mydomain.com"); the API server refuses any other name.',
    check: (spec, t) => {
      const plural = isRecord(spec.names) ? spec.names.plural : undefined;
      const group = spec.group;
      const missing = [typeof plural === 'string' && plural !== '' ? undefined : 'spec.names.plural', typeof group === 'string' && group !== '' ? undefined : 'spec.group']
        .filter((x) => x !== undefined);
      if (missing.length > 0) {
        return [`${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set, so the name cannot be "<plural>.<group>" as the API server requires`];
      }
      const expected = `${plural}.${group}`;
      const name = isRecord(t.object.metadata) ? t.object.metadata.name : undefined;
      const is = typeof name === 'string' ? `the name is ${show(name)}` : 'metadata.name is not set';
      return name === expected ? [] : [`${is}; a CRD of plural "${plural}" in group "${group}" must be named "${expected}"`];
    },
  }),
  defineCrdCheck({
    id: 'crd-one-storage-version',
    description: 'Exactly one version of a CustomResourceDefinition is the storage version.',
    remediation: 'Set storage: true on the one version objects are stored in, and storage: false on every other version.',
    check: (spec) => {
      if (!Array.isArray(spec.versions) || spec.versions.length === 0) {
        return ['spec.versions lists no versions, so none is the storage version'];
      }
      const stored = spec.versions
        .map((v: unknown, i: number) => (isRecord(v) && v.storage === true ? (typeof v.name === 'string' ? `"${v.name}"` : `versions[${i}]`) : undefined))
        .filter((x: string | undefined): x is string => x !== undefined);
      if (stored.length === 0) {
        return ['no version has storage: true'];
      }
      return stored.length > 1 ? [`${stored.length} versions have storage: true (${stored.join(', ')}); exactly one may`] : [];
    },
  }),
  defineCrdCheck({
    id: 'crd-conversion-review-versions',
    description: 'A conversion webhook of a CustomResourceDefinition declares the ConversionReview versions it understands, one of them v1 or v1beta1.',
    remediation: 'Set spec.conversion.webhook.conversionReviewVersions to the versions the webhook understands, most preferred first (usually ["v1"]).',
    check: (spec) => {
      const conversion = spec.conversion;
      if (!isRecord(conversion) || conversion.strategy !== 'Webhook') {
        return [];
      }
      const versions = isRecord(conversion.webhook) ? conversion.webhook.conversionReviewVersions : undefined;
      if (!Array.isArray(versions) || versions.length === 0) {
        return ['conversion strategy Webhook without spec.conversion.webhook.conversionReviewVersions (required: the versions of ConversionReview the webhook understands)'];
      }
      const odd = versions.filter((v) => typeof v !== 'string' || v === '');
      if (odd.length > 0) {
        return [`conversionReviewVersions holds ${odd.map(show).join(', ')}; each entry is a version name such as "v1"`];
      }
      return versions.some((v) => SPOKEN_REVIEW_VERSIONS.includes(v)) ? []
        : [`conversionReviewVersions ${show(versions)} names no ConversionReview version the API server speaks (${SPOKEN_REVIEW_VERSIONS.join(', ')}), so every conversion would fail`];
    },
  }),
];
