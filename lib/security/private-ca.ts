import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { NamespacedResource, RESOURCE_ID, propNames } from '../core/resource';
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
    v.check(props.commonName.length > 0 && props.commonName.length <= 64, 'commonName', props.commonName, 'a common name of 1-64 characters');
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
    return new TlsCertificate(this, id, { ...props, namespace: this.namespace, issuer: { name: this.name } });
  }
}
