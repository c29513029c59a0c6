import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { isIP } from 'node:net';
import { INGRESS_HOST, OBJECT_NAME } from '../core/formats';
import { NamespacedResource, RESOURCE_ID, propNames } from '../core/resource';
import { PropsValidator, isObject, requireProps } from '../core/validator';
import { checkStringList, checkText } from './checks';

/** A cert-manager issuer to sign with. */
export interface IssuerRef {
  readonly name: string;
  /**
   * Namespaced Issuer or cluster-wide ClusterIssuer.
   * @default "Issuer"
   */
  readonly kind?: 'Issuer' | 'ClusterIssuer';
}

/** Props of a {@link TlsCertificate}. */
export interface TlsCertificateProps {
  /**
   * Name of the Certificate.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * Namespace.
   * @default the enclosing SecureNamespace
   */
  readonly namespace?: string;
  /**
   * The `kubernetes.io/tls` Secret cert-manager writes (tls.crt, tls.key, ca.crt).
   * @default "<name>-tls"
   */
  readonly secretName?: string;
  /** Who signs it. */
  readonly issuer: IssuerRef;
  /**
   * DNS names of the certificate.
   * @default none
   */
  readonly dnsNames?: string[];
  /**
   * IP addresses of the certificate.
   * @default none
   */
  readonly ipAddresses?: string[];
  /**
   * Common name (kept for old clients; names belong in dnsNames).
   * @default none
   */
  readonly commonName?: string;
  /**
   * Make this a CA certificate.
   * @default false
   */
  readonly isCA?: boolean;
  /**
   * Validity, e.g. "2160h" (90 days).
   * @default "2160h"
   */
  readonly duration?: string;
  /**
   * How long before it expires cert-manager renews it, e.g. "360h" or "30m"; at least "5m" and less than `duration`.
   * @default cert-manager's: a third of the duration
   */
  readonly renewBefore?: string;
}

const PROPS = propNames<TlsCertificateProps>()({
  name: true, namespace: true, secretName: true, issuer: true, dnsNames: true, ipAddresses: true, commonName: true, isCA: true, duration: true,
  renewBefore: true,
});

/** The longest Go duration (int64 nanoseconds, about 292 years): cert-manager cannot parse a longer one. */
const MAX_HOURS = 2562047;
/** cert-manager's shortest renewBefore (MinimumRenewBefore, 5 minutes), in minutes. */
const MIN_RENEW_BEFORE_MINUTES = 5;

/** The minutes of a duration in whole hours and minutes ("360h", "1h30m", "45m"), or undefined. */
function durationMinutes(value: unknown): number | undefined {
  const m = typeof value === 'string' ? /^(?:(\d{1,7})h)?(?:(\d{1,9})m)?$/.exec(value) : null;
  if (!m || (m[1] === undefined && m[2] === undefined)) {
    return undefined;
  }
  const minutes = Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
  return minutes <= MAX_HOURS * 60 ? minutes : undefined;
}

/**
 * Checks a certificate's validity (whole hours, at least 24) and optional renewBefore (at least 5 minutes, and less
 * than the validity, as cert-manager requires).
 */
function checkCertificateDurations(v: PropsValidator, durationField: string, duration: unknown, renewField: string, renewBefore: unknown): void {
  const hours = typeof duration === 'string' && /^\d{1,7}h$/.test(duration) ? Number(duration.slice(0, -1)) : undefined;
  const durationOk = v.check(hours !== undefined && hours >= 24 && hours <= MAX_HOURS, durationField, duration,
    `hours such as "2160h" (at least "24h"), at most "${MAX_HOURS}h" (the longest duration cert-manager parses)`);
  if (renewBefore === undefined) {
    return;
  }
  const renew = durationMinutes(renewBefore);
  if (v.check(renew !== undefined && renew >= MIN_RENEW_BEFORE_MINUTES, renewField, renewBefore,
    'a duration such as "360h", "1h30m" or "30m" of at least "5m" (cert-manager renews no later than 5 minutes before expiry)') && durationOk) {
    v.check(renew! < hours! * 60, renewField, renewBefore,
      `less than the duration (${duration}): cert-manager refuses a certificate that would be renewed as soon as it is issued`);
  }
}
const ISSUER_PROPS = propNames<IssuerRef>()({ name: true, kind: true });

/**
 * A cert-manager `Certificate` (cert-manager.io/v1): cert-manager issues it, keeps it renewed, and writes the key
 * and certificate into a Secret in the cluster, so no key material is ever in the output. ECDSA P-256 keys, rotated
 * on every renewal.
 */
export class TlsCertificate extends NamespacedResource {
  /** Name of the Secret holding the certificate. */
  public readonly secretName: string;

  public constructor(scope: Construct, id: string, props: TlsCertificateProps) {
    super(scope, id, props, { props: PROPS });
    const v = this.validator;
    requireProps(v, props);
    this.secretName = props.secretName ?? `${this.name}-tls`;
    const duration = props.duration ?? '2160h';
    v.format('secretName', this.secretName, OBJECT_NAME, true);
    if (v.knownProps('issuer', props.issuer, ISSUER_PROPS) && v.check(isObject(props.issuer), 'issuer', props.issuer, '{ name, kind? }: the issuer that signs it')) {
      v.format('issuer.name', props.issuer.name, OBJECT_NAME, true);
      v.check(props.issuer.kind === undefined || props.issuer.kind === 'Issuer' || props.issuer.kind === 'ClusterIssuer', 'issuer.kind', props.issuer.kind,
        '"Issuer" or "ClusterIssuer"');
    }
    v.check(props.isCA === undefined || typeof props.isCA === 'boolean', 'isCA', props.isCA, 'true or false');
    const before = v.issues.length;
    const dnsNames = props.dnsNames === undefined ? [] : checkStringList(v, 'dnsNames', props.dnsNames, INGRESS_HOST);
    v.unique('dnsNames', dnsNames, (d) => d, 'a DNS name');
    const ips = props.ipAddresses;
    if (ips !== undefined && v.check(Array.isArray(ips), 'ipAddresses', ips, 'a list of IPv4 or IPv6 addresses')) {
      ips.forEach((ip, i) => v.check(typeof ip === 'string' && isIP(ip) !== 0, `ipAddresses[${i}]`, ip, 'an IPv4 or IPv6 address'));
    }
    v.check(dnsNames.length + (Array.isArray(ips) ? ips.length : 0) > 0 || props.isCA === true || v.issues.length > before, 'dnsNames', props.dnsNames,
      'at least one DNS name or IP address (a CA certificate may have none)');
    // X.509 (RFC 5280) bounds the common name to 64 characters; cert-manager refuses a longer one.
    checkText(v, 'commonName', props.commonName, 'a common name', false, 64);
    checkCertificateDurations(v, 'duration', duration, 'renewBefore', props.renewBefore);
    v.throwIfInvalid();

    new ApiObject(this, RESOURCE_ID, {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: this.name, namespace: this.namespace },
      spec: {
        secretName: this.secretName,
        issuerRef: { name: props.issuer.name, kind: props.issuer.kind ?? 'Issuer', group: 'cert-manager.io' },
        commonName: props.commonName,
        dnsNames: props.dnsNames,
        ipAddresses: props.ipAddresses,
        isCA: props.isCA,
        duration,
        renewBefore: props.renewBefore,
        privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
      },
    });
  }
}
