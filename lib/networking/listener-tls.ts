import { DNS_LABEL, OBJECT_NAME } from '../core/formats';
import { boundedName } from '../core/names';
import { propNames } from '../core/resource';
import { PropsValidator } from '../core/validator';
import type { TlsCertificate } from '../security/tls-certificate';

/** Options of {@link ListenerTls.fromSecret}. */
export interface ListenerSecretOptions {
  /**
   * Namespace of the Secret; another namespace than the Gateway's gets a ReferenceGrant there.
   * @default the Gateway's namespace
   */
  readonly namespace?: string;
}

/** Options of {@link ListenerTls.fromCertManager}. */
export interface ListenerCertManagerOptions {
  /**
   * A cert-manager ClusterIssuer that signs the certificate. Set this or `issuer`.
   * @default not set
   */
  readonly clusterIssuer?: string;
  /**
   * A cert-manager Issuer in the Gateway's namespace. Set this or `clusterIssuer`.
   * @default not set
   */
  readonly issuer?: string;
  /**
   * Secret that cert-manager writes the certificate into, in the Gateway's namespace.
   * @default "<gateway>-<listener>-tls"
   */
  readonly secretName?: string;
}

type TlsSource =
  | { readonly kind: 'secret'; readonly secretName: unknown; readonly namespace?: unknown; readonly what: string }
  | { readonly kind: 'cert-manager'; readonly options: ListenerCertManagerOptions }
  | { readonly kind: 'passthrough' };

const CERT_MANAGER_PROPS = propNames<ListenerCertManagerOptions>()({ clusterIssuer: true, issuer: true, secretName: true });

/**
 * Where a listener gets its certificate: a Secret you manage, a cert-manager {@link TlsCertificate}, or cert-manager's
 * Gateway support (an issuer annotation on the Gateway). No key material is ever in the output. A TLS listener may
 * instead pass the connection through to the backend ({@link ListenerTls.passthrough}).
 */
export class ListenerTls {
  /** A `kubernetes.io/tls` Secret that holds the certificate and key. */
  public static fromSecret(secretName: string, options: ListenerSecretOptions = {}): ListenerTls {
    return new ListenerTls({ kind: 'secret', secretName, namespace: options?.namespace, what: 'secretName' });
  }

  /** The Secret that cert-manager writes for a {@link TlsCertificate}, in the certificate's namespace. */
  public static fromCertificate(certificate: TlsCertificate): ListenerTls {
    const c = certificate as unknown as { secretName?: unknown; namespace?: unknown } | undefined;
    return new ListenerTls({ kind: 'secret', secretName: c?.secretName, namespace: c?.namespace ?? '', what: 'certificate' });
  }

  /**
   * A certificate that cert-manager issues for the listener's hostname through the named Issuer or ClusterIssuer
   * (its Gateway support: the issuer annotation on the Gateway; the listener needs a hostname).
   */
  public static fromCertManager(options: ListenerCertManagerOptions): ListenerTls {
    return new ListenerTls({ kind: 'cert-manager', options });
  }

  /** TLS listeners only: connections are routed by SNI and decrypted by the backend, not by the gateway. */
  public static passthrough(): ListenerTls {
    return new ListenerTls({ kind: 'passthrough' });
  }

  private constructor(private readonly source: TlsSource) {}

  /** Checks the source for a listener. @internal */
  public _validate(v: PropsValidator, field: string, listener: { protocol: unknown; hostname?: unknown }): void {
    const s = this.source;
    switch (s.kind) {
      case 'secret':
        if (s.what === 'certificate') {
          v.check(typeof s.secretName === 'string' && typeof s.namespace === 'string' && s.namespace !== '', `${field}`, 'ListenerTls.fromCertificate(...)',
            'a TlsCertificate construct, e.g. ListenerTls.fromCertificate(new TlsCertificate(ns, "shop", { ... }))');
        } else {
          v.format(`${field}.secretName`, s.secretName as string, OBJECT_NAME, true);
          v.format(`${field}.namespace`, s.namespace as string | undefined, DNS_LABEL);
        }
        break;
      case 'cert-manager': {
        const o = s.options;
        if (v.check(o !== null && typeof o === 'object', `${field}`, o, 'cert-manager options: { clusterIssuer } or { issuer }')
          && v.knownProps(field, o, CERT_MANAGER_PROPS)) {
          v.check((o.clusterIssuer === undefined) !== (o.issuer === undefined), `${field}.clusterIssuer`, o.clusterIssuer,
            'exactly one of clusterIssuer or issuer');
          v.format(`${field}.clusterIssuer`, o.clusterIssuer, OBJECT_NAME);
          v.format(`${field}.issuer`, o.issuer, OBJECT_NAME);
          v.format(`${field}.secretName`, o.secretName, OBJECT_NAME);
        }
        break;
      }
      case 'passthrough':
        v.check(listener.protocol === 'TLS', field, 'ListenerTls.passthrough()',
          'a certificate: an HTTPS listener terminates TLS (ListenerTls.passthrough() is for TLS listeners)');
        break;
    }
  }

  /** The cert-manager issuer annotation this source needs on the Gateway, if any. @internal */
  public _issuer(): { readonly key: string; readonly name: string } | undefined {
    const s = this.source;
    if (s.kind !== 'cert-manager' || s.options === null || typeof s.options !== 'object') {
      return undefined;
    }
    return s.options.clusterIssuer !== undefined
      ? { key: 'cert-manager.io/cluster-issuer', name: s.options.clusterIssuer }
      : { key: 'cert-manager.io/issuer', name: s.options.issuer! };
  }

  /** Whether cert-manager issues the certificate from the Gateway's annotation. @internal */
  public get _certManager(): boolean {
    return this.source.kind === 'cert-manager';
  }

  /** The Secret that holds the certificate, with its namespace; undefined for passthrough. @internal */
  public _secret(gatewayName: string, listenerName: string, gatewayNamespace: string): { readonly name: string; readonly namespace: string } | undefined {
    const s = this.source;
    switch (s.kind) {
      case 'secret': return { name: s.secretName as string, namespace: (s.namespace as string | undefined) || gatewayNamespace };
      case 'cert-manager': return { name: s.options.secretName ?? boundedName(`${gatewayName}-${listenerName}-tls`), namespace: gatewayNamespace };
      case 'passthrough': return undefined;
    }
  }
}
