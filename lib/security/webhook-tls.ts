import { OBJECT_NAME } from '../core/formats';
import { PropsValidator, isObject } from '../core/validator';
import { IssuerRef } from './tls-certificate';

/** Options of {@link WebhookTls.certManager}. */
export interface CertManagerWebhookTlsOptions {
  /**
   * The issuer that signs the serving certificate. cert-manager's CA injector copies the CA from the `ca.crt` key
   * of the certificate's Secret, so the issuer must fill it (CA and self-signed issuers do; ACME issuers do not).
   * @default a private CA of the webhook's own in its namespace: self-signed root, CA certificate, CA Issuer
   */
  readonly issuer?: IssuerRef;
  /**
   * Validity of the serving certificate, in hours; cert-manager renews it before it expires.
   * @default "2160h" (90 days)
   */
  readonly duration?: string;
}

/** Options of {@link WebhookTls.caBundle}. */
export interface CaBundleWebhookTlsOptions {
  /** The `kubernetes.io/tls` Secret (tls.crt, tls.key) that the server presents, created outside this app. */
  readonly secretName: string;
}

/** @internal */
export type WebhookTlsSpec =
  | { readonly kind: 'certManager'; readonly issuer?: IssuerRef; readonly duration?: string; readonly options?: unknown }
  | { readonly kind: 'caBundle'; readonly caBundle: string; readonly secretName: string; readonly options?: unknown };

const BASE64_RE = /^[A-Za-z0-9+/]+={0,2}$/;
const HOURS_RE = /^\d{1,7}h$/;
/** The longest Go duration (int64 nanoseconds, about 292 years): cert-manager cannot parse a longer one. */
export const MAX_DURATION_HOURS = 2562047;
const MAX_HOURS = MAX_DURATION_HOURS;

/**
 * How the API server trusts an admission webhook's serving certificate. The API server only calls webhooks over
 * HTTPS, so every webhook needs one of these.
 */
export class WebhookTls {
  /**
   * cert-manager issues the serving certificate for the webhook's Service names, renews it, and injects its CA into
   * the webhook configuration (the `cert-manager.io/inject-ca-from` annotation). No key material is in the output.
   */
  public static certManager(options: CertManagerWebhookTlsOptions = {}): WebhookTls {
    // A bad argument is kept as it is and reported, with the construct and prop, where the TLS is used.
    const o: Partial<CertManagerWebhookTlsOptions> = isObject(options) ? options : {};
    return new WebhookTls({ kind: 'certManager', issuer: o.issuer, duration: o.duration, options });
  }

  /**
   * An explicit CA bundle (base64 of the PEM certificates, as `clientConfig.caBundle` takes it) that signed the
   * certificate in an existing Secret. Rotation is then up to you.
   */
  public static caBundle(caBundle: string, options: CaBundleWebhookTlsOptions): WebhookTls {
    const o: Partial<CaBundleWebhookTlsOptions> = isObject(options) ? options : {};
    return new WebhookTls({ kind: 'caBundle', caBundle, secretName: o.secretName as string, options });
  }

  private constructor(private readonly spec: WebhookTlsSpec) {}

  /** @internal */
  public get _spec(): WebhookTlsSpec {
    return this.spec;
  }

  /** @internal */
  public _validate(v: PropsValidator, field: string): void {
    const s = this.spec;
    if (s.kind === 'certManager') {
      if (!v.knownProps(`${field}.options`, s.options, ['issuer', 'duration'])) {
        return;
      }
      if (s.issuer !== undefined && v.knownProps(`${field}.issuer`, s.issuer, ['name', 'kind'])
        && v.check(isObject(s.issuer), `${field}.issuer`, s.issuer, '{ name, kind? }')) {
        v.format(`${field}.issuer.name`, s.issuer.name, OBJECT_NAME, true);
        v.check(s.issuer.kind === undefined || s.issuer.kind === 'Issuer' || s.issuer.kind === 'ClusterIssuer', `${field}.issuer.kind`, s.issuer.kind,
          '"Issuer" or "ClusterIssuer"');
      }
      const d = s.duration;
      v.check(d === undefined || (typeof d === 'string' && HOURS_RE.test(d) && Number(d.slice(0, -1)) >= 24 && Number(d.slice(0, -1)) <= MAX_HOURS),
        `${field}.duration`, d, `hours such as "2160h" (at least "24h"), at most "${MAX_HOURS}h" (the longest duration cert-manager parses)`);
      return;
    }
    if (!v.knownProps(`${field}.options`, s.options, ['secretName']) || !v.check(isObject(s.options), `${field}.options`, s.options, '{ secretName }')) {
      return;
    }
    v.format(`${field}.secretName`, s.secretName, OBJECT_NAME, true);
    const decoded = typeof s.caBundle === 'string' && s.caBundle.length % 4 === 0 && BASE64_RE.test(s.caBundle)
      ? Buffer.from(s.caBundle, 'base64').toString('latin1') : '';
    v.check(decoded.includes('-----BEGIN CERTIFICATE-----') && !decoded.includes('PRIVATE KEY'), `${field}.caBundle`,
      typeof s.caBundle === 'string' && s.caBundle.length > 40 ? `${s.caBundle.slice(0, 37)}...` : s.caBundle,
      'base64 of PEM CA certificates ("-----BEGIN CERTIFICATE-----"), without any private key');
  }
}
