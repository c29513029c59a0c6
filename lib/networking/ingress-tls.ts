import { OBJECT_NAME, INGRESS_HOST } from '../core/formats';
import { PropsValidator } from '../core/validator';

/** Options shared by the TLS sources. */
export interface IngressTlsOptions {
  /**
   * Hosts the certificate covers. Each must appear in the Ingress rules (a "*.example.com" entry covers
   * "a.example.com").
   * @default every host of the Ingress rules
   */
  readonly hosts?: string[];
}

/** Options of {@link IngressTls.fromCertManager}. */
export interface CertManagerTlsOptions extends IngressTlsOptions {
  /**
   * A cert-manager ClusterIssuer (cluster-wide) that signs the certificate. Set this or `issuer`.
   * @default not set
   */
  readonly clusterIssuer?: string;
  /**
   * A cert-manager Issuer in the Ingress namespace. Set this or `clusterIssuer`.
   * @default not set
   */
  readonly issuer?: string;
  /**
   * Secret that cert-manager writes the certificate into.
   * @default "<ingress name>-tls"
   */
  readonly secretName?: string;
}

type Source =
  | { readonly kind: 'secret'; readonly secretName: string }
  | { readonly kind: 'cert-manager'; readonly clusterIssuer?: string; readonly issuer?: string; readonly secretName?: string };

/**
 * Where an Ingress gets its TLS certificate: a Secret you manage, or cert-manager, which watches the Ingress
 * annotation and issues the certificate into the Secret. Either way no key material is in the output.
 */
export class IngressTls {
  /** A `kubernetes.io/tls` Secret that already holds the certificate and key. */
  public static fromSecret(secretName: string, options: IngressTlsOptions = {}): IngressTls {
    return new IngressTls({ kind: 'secret', secretName }, options.hosts);
  }

  /** A certificate that cert-manager issues through the named Issuer or ClusterIssuer. */
  public static fromCertManager(options: CertManagerTlsOptions): IngressTls {
    return new IngressTls({ kind: 'cert-manager', clusterIssuer: options.clusterIssuer, issuer: options.issuer, secretName: options.secretName }, options.hosts);
  }

  private constructor(private readonly source: Source, private readonly explicitHosts?: string[]) {}

  /** @internal */
  public _validate(v: PropsValidator, ruleHosts: readonly string[]): void {
    const s = this.source;
    if (s.kind === 'secret') {
      v.format('tls.secretName', s.secretName, OBJECT_NAME, true);
    } else {
      v.check((s.clusterIssuer === undefined) !== (s.issuer === undefined), 'tls.clusterIssuer', s.clusterIssuer,
        'exactly one of clusterIssuer or issuer');
      v.format('tls.clusterIssuer', s.clusterIssuer, OBJECT_NAME);
      v.format('tls.issuer', s.issuer, OBJECT_NAME);
      v.format('tls.secretName', s.secretName, OBJECT_NAME);
    }
    const hosts = this.explicitHosts ?? [];
    v.check(this.explicitHosts === undefined || hosts.length > 0, 'tls.hosts', hosts, 'at least one host, or leave hosts out to cover every rule host');
    hosts.forEach((h, i) => {
      if (v.format(`tls.hosts[${i}]`, h, INGRESS_HOST, true)) {
        v.check(ruleHosts.some((r) => coversHost(h, r)), `tls.hosts[${i}]`, h,
          `a host that appears in the Ingress rules (${ruleHosts.join(', ')})`);
      }
    });
  }

  /** @internal */
  public _hosts(ruleHosts: readonly string[]): string[] {
    return this.explicitHosts ? [...this.explicitHosts] : [...new Set(ruleHosts)];
  }

  /** @internal */
  public _secretName(ingressName: string): string {
    return this.source.secretName ?? `${ingressName}-tls`;
  }

  /** Annotations that make cert-manager issue the certificate. @internal */
  public _annotations(): Record<string, string> {
    const s = this.source;
    if (s.kind === 'secret') {
      return {};
    }
    return s.clusterIssuer ? { 'cert-manager.io/cluster-issuer': s.clusterIssuer } : { 'cert-manager.io/issuer': s.issuer! };
  }
}

/** True when the certificate host `tlsHost` (possibly "*.domain") covers the rule host. */
function coversHost(tlsHost: string, ruleHost: string): boolean {
  if (tlsHost === ruleHost) {
    return true;
  }
  if (tlsHost.startsWith('*.')) {
    const suffix = tlsHost.slice(1);
    return ruleHost.endsWith(suffix) && !ruleHost.slice(0, -suffix.length).includes('.');
  }
  return false;
}
