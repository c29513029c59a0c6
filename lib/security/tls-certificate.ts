import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { isIP } from 'node:net';
import { INGRESS_HOST, OBJECT_NAME } from '../core/formats';
import { NamespacedResource, RESOURCE_ID, propNames } from '../core/resource';

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
}

const HOURS = /^\d+h$/;
const PROPS = propNames<TlsCertificateProps>()({
  name: true, namespace: true, secretName: true, issuer: true, dnsNames: true, ipAddresses: true, commonName: true, isCA: true, duration: true,
});
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
    this.secretName = props.secretName ?? `${this.name}-tls`;
    const duration = props.duration ?? '2160h';
    const v = this.validator;
    v.format('secretName', this.secretName, OBJECT_NAME, true);
    v.knownProps('issuer', props.issuer, ISSUER_PROPS);
    v.format('issuer.name', props.issuer.name, OBJECT_NAME, true);
    v.check((props.dnsNames?.length ?? 0) + (props.ipAddresses?.length ?? 0) > 0 || props.isCA === true, 'dnsNames', props.dnsNames,
      'at least one DNS name or IP address (a CA certificate may have none)');
    (props.dnsNames ?? []).forEach((d, i) => v.format(`dnsNames[${i}]`, d, INGRESS_HOST, true));
    (props.ipAddresses ?? []).forEach((ip, i) => v.check(isIP(ip) !== 0, `ipAddresses[${i}]`, ip, 'an IPv4 or IPv6 address'));
    v.check(HOURS.test(duration) && Number(duration.slice(0, -1)) >= 24, 'duration', duration, 'hours such as "2160h" (at least "24h")');
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
        privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
      },
    });
  }
}
