import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { NamespacedResource, RESOURCE_ID, propNames } from '../core/resource';
import { PropsValidator, isObject, requireProps } from '../core/validator';
import { checkText } from './checks';
import { TlsCertificate, TlsCertificateProps } from './tls-certificate';

/** Props of a {@link PrivateCertificateAuthority}. */
export interface PrivateCertificateAuthorityProps {
  /**
   * Name of the CA Issuer (and prefix of its other objects).
   * @default the construct id
   */
  readonly name?: string;
  /**
   * Namespace of the issuers and certificates.
   * @default the enclosing SecureNamespace
   */
  readonly namespace?: string;
  /** Common name of the CA certificate, e.g. "mydomain.com". */
  readonly commonName: string;
}

const PROPS = propNames<PrivateCertificateAuthorityProps>()({ name: true, namespace: true, commonName: true });

/**
 * A private certificate authority run by cert-manager, for internal TLS: a self-signed bootstrap Issuer, the CA
 * Certificate it signs (its key stays in the cluster), and a CA Issuer that signs server certificates with
 * {@link issueCertificate}. It replaces hand-made cfssl PKI.
 *
 * Its main object (child `Resource`) is the CA Issuer, named `name`, which certificates refer to; the bootstrap
 * Issuer is the child `bootstrap-issuer`, the CA certificate the TlsCertificate `ca-certificate`.
 */
export class PrivateCertificateAuthority extends NamespacedResource {
  public constructor(scope: Construct, id: string, props: PrivateCertificateAuthorityProps) {
    super(scope, id, props, { props: PROPS });
    const v = this.validator;
    requireProps(v, props);
    // X.509 (RFC 5280) bounds the common name to 64 characters; cert-manager refuses a longer one.
    checkText(v, 'commonName', props.commonName, 'a common name such as "example.com"', true, 64);
    // The objects it writes are named "<name>-selfsigned" and "<name>-ca-tls": they must stay object names too.
    v.check(typeof this.name !== 'string' || this.name.length <= 52, 'name', this.name,
      'a name of at most 52 characters (the CA\'s bootstrap issuer appends "-selfsigned" and must stay within 63)');
    v.throwIfInvalid();

    const bootstrap = `${this.name}-selfsigned`;
    new ApiObject(this, 'bootstrap-issuer', {
      apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: { name: bootstrap, namespace: this.namespace }, spec: { selfSigned: {} },
    });
    const ca = new TlsCertificate(this, 'ca-certificate', {
      name: `${this.name}-ca`, namespace: this.namespace, isCA: true, commonName: props.commonName, duration: '87600h',
      issuer: { name: bootstrap },
    });
    new ApiObject(this, RESOURCE_ID, {
      apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: { name: this.name, namespace: this.namespace }, spec: { ca: { secretName: ca.secretName } },
    });
  }

  /** A server certificate signed by this CA. */
  public issueCertificate(id: string, props: Omit<TlsCertificateProps, 'issuer' | 'namespace' | 'isCA'>): TlsCertificate {
    const v = PropsValidator.of(this);
    if (v.check(isObject(props), 'issueCertificate(props)', props, 'an object of certificate props: { dnsNames, name?, secretName?, duration?, ... }')) {
      for (const key of ['issuer', 'namespace', 'isCA'].filter((k) => Object.prototype.hasOwnProperty.call(props, k))) {
        v.fail(`issueCertificate(props).${key}`, (props as Record<string, unknown>)[key],
          `no ${key}: a certificate this CA issues is signed by it, in its namespace, and is not a CA itself`);
      }
    }
    v.throwIfInvalid();
    return new TlsCertificate(this, id, { ...props, namespace: this.namespace, issuer: { name: this.name } });
  }
}
