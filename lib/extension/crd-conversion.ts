// How the API server converts custom resources between the versions of a CRD. Strategy "None" only rewrites
// apiVersion, which is right when every served version has the schema of the storage version. Otherwise a
// conversion webhook translates: the API server calls a Service over HTTPS with ConversionReview objects (v1; the
// versions the webhook understands are listed in conversionReviewVersions, and at least one must be one the API
// server speaks: v1 or v1beta1) and verifies the webhook's certificate against caBundle, which cert-manager's CA
// injector fills from a Certificate named in the `cert-manager.io/inject-ca-from: <namespace>/<name>` annotation.
import { Construct } from 'constructs';
import { DNS_1035_LABEL, DNS_LABEL, OBJECT_NAME } from '../core/formats';
import { AcceptedRisk } from '../core/risk';
import { PropsValidator, isObject } from '../core/validator';

/** The cert-manager annotation through which its CA injector writes the webhook's CA into the CRD. */
export const CRD_INJECT_CA_FROM_ANNOTATION = 'cert-manager.io/inject-ca-from';
/** Why the versions of a CRD differ in schema and yet are converted by rewriting apiVersion only. */
export const CONVERSION_REASON_ANNOTATION = 'keelson.dev/conversion-reason';

/** The Service of a conversion webhook. */
export interface CrdWebhookService {
  /** Name of the Service. */
  readonly name: string;
  /** Namespace of the Service. */
  readonly namespace: string;
  /** URL path the API server calls. @default "/" */
  readonly path?: string;
  /** Service port the API server calls. @default 443 */
  readonly port?: number;
}

/** A conversion webhook. */
export interface CrdConversionWebhook {
  /** The Service that serves the webhook: `{ name, namespace, path?, port? }`, or a keelson Service construct (port 443, path "/"). */
  readonly service: CrdWebhookService | Construct;
  /**
   * The cert-manager Certificate whose CA signs the webhook's serving certificate, as "<namespace>/<name>";
   * cert-manager's CA injector writes the CA into the CRD. Exactly one of caInjection and caBundle.
   * @default none
   */
  readonly caInjection?: { readonly certificate: string };
  /** The base64-encoded PEM CA bundle that signed the webhook's certificate. Exactly one of caInjection and caBundle. @default none */
  readonly caBundle?: string;
  /** ConversionReview versions the webhook understands, most preferred first. @default ["v1"] */
  readonly conversionReviewVersions?: ReadonlyArray<'v1' | 'v1beta1'>;
}

/**
 * How custom resources are converted between versions: by a webhook, or (the default) by rewriting apiVersion only,
 * which needs a reason when served versions differ in schema.
 */
export type CrdConversion = { readonly webhook: CrdConversionWebhook } | { readonly none: AcceptedRisk };

const WEBHOOK_PROPS = ['service', 'caInjection', 'caBundle', 'conversionReviewVersions'];
const SERVICE_PROPS = ['name', 'namespace', 'path', 'port'];
const REVIEW_VERSIONS = ['v1', 'v1beta1'];

/** The rendered conversion, the annotations it needs, and whether it is a webhook. */
export interface RenderedConversion {
  readonly json: Record<string, unknown>;
  readonly annotations: Record<string, string>;
  readonly webhook: boolean;
}

/**
 * Checks `conversion` (the CRD's prop) and renders it. `differing` names the served versions whose schema differs
 * from the storage version's: with any, a webhook (or `none` with a reason) is needed.
 */
export function checkConversion(v: PropsValidator, conversion: unknown, differing: readonly string[], storage: string): RenderedConversion {
  const none: RenderedConversion = { json: { strategy: 'None' }, annotations: {}, webhook: false };
  const needs = `a conversion webhook ({ webhook: { service, caInjection } }), or { none: { reason } }: served version${differing.length > 1 ? 's' : ''} `
    + `${differing.join(', ')} differ${differing.length > 1 ? '' : 's'} in schema from the storage version ${storage}, and strategy None only rewrites `
    + 'apiVersion (fields of one version would be pruned or invalid in the other)';
  if (conversion === undefined) {
    v.check(differing.length === 0, 'conversion', conversion, needs);
    return none;
  }
  if (!v.knownProps('conversion', conversion, ['webhook', 'none'])
    || !v.check(isObject(conversion) && Object.keys(conversion).length === 1, 'conversion', conversion, '{ webhook: {...} } or { none: { reason } }')) {
    return none;
  }
  const c = conversion as Record<string, any>;
  if (c.none !== undefined) {
    if (v.risk('conversion.none', c.none, 'versions with different schemas need no conversion webhook')) {
      v.check(differing.length > 0, 'conversion.none', c.none,
        'no reason when every served version has the storage version\'s schema (strategy None is then right; leave conversion out)');
      return { ...none, annotations: { [CONVERSION_REASON_ANNOTATION]: c.none.reason } };
    }
    return none;
  }
  const w = c.webhook;
  if (!v.knownProps('conversion.webhook', w, WEBHOOK_PROPS) || !v.check(isObject(w), 'conversion.webhook', w, '{ service, caInjection }')) {
    return none;
  }
  const service = serviceRef(v, w.service);
  const annotations: Record<string, string> = {};
  v.check((w.caInjection === undefined) !== (w.caBundle === undefined), 'conversion.webhook.caInjection', w.caInjection,
    'exactly one of caInjection ({ certificate: "<namespace>/<name>" }) and caBundle: the API server checks the webhook\'s certificate against it, '
    + 'and the system roots it uses otherwise never signed an in-cluster certificate');
  if (w.caInjection !== undefined && v.knownProps('conversion.webhook.caInjection', w.caInjection, ['certificate'])) {
    const ref = isObject(w.caInjection) ? w.caInjection.certificate : undefined;
    const [ns, name, ...rest] = typeof ref === 'string' ? ref.split('/') : [];
    if (v.check(typeof ref === 'string' && rest.length === 0 && DNS_LABEL.test(ns ?? '') && OBJECT_NAME.test(name ?? ''), 'conversion.webhook.caInjection.certificate',
      ref, 'a cert-manager Certificate as "<namespace>/<name>", e.g. "delayed-system/conversion-webhook"')) {
      annotations[CRD_INJECT_CA_FROM_ANNOTATION] = ref as string;
    }
  }
  if (w.caBundle !== undefined) {
    v.check(typeof w.caBundle === 'string' && w.caBundle.length > 0 && w.caBundle.length % 4 === 0 && /^[A-Za-z0-9+/]+=*$/.test(w.caBundle),
      'conversion.webhook.caBundle', w.caBundle, 'a base64-encoded PEM CA bundle');
  }
  const reviews = w.conversionReviewVersions ?? ['v1'];
  if (v.check(Array.isArray(reviews) && reviews.length > 0, 'conversion.webhook.conversionReviewVersions', reviews, 'a non-empty list of "v1" or "v1beta1"')) {
    (reviews as unknown[]).forEach((r, i) => v.check(REVIEW_VERSIONS.includes(r as string), `conversion.webhook.conversionReviewVersions[${i}]`, r,
      '"v1" or "v1beta1" (ConversionReview versions the API server speaks)'));
    v.unique('conversion.webhook.conversionReviewVersions', reviews, (r) => String(r), 'a version');
  }
  return {
    json: {
      strategy: 'Webhook',
      webhook: {
        clientConfig: { service, ...(typeof w.caBundle === 'string' ? { caBundle: w.caBundle } : {}) },
        conversionReviewVersions: Array.isArray(reviews) ? [...reviews] : reviews,
      },
    },
    annotations,
    webhook: true,
  };
}

function serviceRef(v: PropsValidator, service: unknown): Record<string, unknown> {
  const field = 'conversion.webhook.service';
  if (Construct.isConstruct(service)) {
    const s = service as unknown as { name?: unknown; namespace?: unknown };
    v.check(typeof s.name === 'string' && typeof s.namespace === 'string', field, service.node.path, 'a Service construct (with a name and a namespace)');
    return { name: s.name, namespace: s.namespace, path: '/', port: 443 };
  }
  if (!v.knownProps(field, service, SERVICE_PROPS) || !v.check(isObject(service), field, service, '{ name, namespace, path?, port? } or a Service construct')) {
    return {};
  }
  const s = service as Record<string, any>;
  v.format(`${field}.name`, s.name, DNS_1035_LABEL, true);
  v.format(`${field}.namespace`, s.namespace, DNS_LABEL, true);
  v.check(s.path === undefined || (typeof s.path === 'string' && s.path.startsWith('/') && !/[\s?#]/.test(s.path)), `${field}.path`, s.path,
    'a URL path starting with "/", without spaces, "?" or "#"');
  v.integer(`${field}.port`, s.port, 1, 65535);
  return { name: s.name, namespace: s.namespace, path: s.path ?? '/', port: s.port ?? 443 };
}
