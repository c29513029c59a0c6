import { OBJECT_NAME, INGRESS_HOST } from '../core/formats';
import { PropsValidator, isObject } from '../core/validator';

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

// The values are kept as the caller gave them and checked when an Ingress uses the TLS source.
type Source =
  | { readonly kind: 'secret'; readonly secretName: unknown; readonly options: unknown }
  | { readonly kind: 'cert-manager'; readonly options: unknown };

const SECRET_OPTIONS = ['hosts'];
const CERT_MANAGER_OPTIONS = ['clusterIssuer', 'issuer', 'secretName', 'hosts'];

/**
 * Where an Ingress gets its TLS certificate: a Secret you manage, or cert-manager, which watches the Ingress
 * annotation and issues the certificate into the Secret. Either way no key material is in the output.
 */
export class IngressTls {
  /** A `kubernetes.io/tls` Secret that already holds the certificate and key. */
  public static fromSecret(secretName: string, options: IngressTlsOptions = {}): IngressTls {
    return new IngressTls({ kind: 'secret', secretName, options });
  }

  /** A certificate that cert-manager issues through the named Issuer or ClusterIssuer. */
  public static fromCertManager(options: CertManagerTlsOptions): IngressTls {
    return new IngressTls({ kind: 'cert-manager', options });
  }

  private constructor(private readonly source: Source) {}

  /** The options object, or {} when it is not one (the check reports it). */
  private get options(): Partial<CertManagerTlsOptions> {
    return isObject(this.source.options) ? this.source.options : {};
  }

  private get explicitHosts(): string[] | undefined {
    const hosts: unknown = this.options.hosts;
    return Array.isArray(hosts) ? hosts : undefined;
  }

  /** @internal */
  public _validate(v: PropsValidator, ruleHosts: readonly string[]): void {
    const s = this.source;
    const o = this.options;
    const fromSecret = s.kind === 'secret';
    if (fromSecret) {
      v.format('tls.secretName', s.secretName as string, OBJECT_NAME, true);
    }
    const optionsOk = v.check(s.options === undefined || isObject(s.options), 'tls.options', s.options,
      fromSecret ? 'options such as { hosts: ["shop.example.com"] }' : 'cert-manager options: { clusterIssuer } or { issuer }, and optionally secretName and hosts')
      && v.knownProps('tls', s.options, fromSecret ? SECRET_OPTIONS : CERT_MANAGER_OPTIONS);
    if (!fromSecret && optionsOk) {
      v.check((o.clusterIssuer === undefined) !== (o.issuer === undefined), 'tls.clusterIssuer', o.clusterIssuer,
        'exactly one of clusterIssuer or issuer');
      v.format('tls.clusterIssuer', o.clusterIssuer, OBJECT_NAME);
      v.format('tls.issuer', o.issuer, OBJECT_NAME);
      v.format('tls.secretName', o.secretName, OBJECT_NAME);
    }
    const hosts: unknown = o.hosts;
    if (hosts === undefined || !v.check(Array.isArray(hosts) && hosts.length > 0, 'tls.hosts', hosts,
      'a non-empty list of host names, or leave hosts out to cover every rule host')) {
      return;
    }
    (hosts as unknown[]).forEach((h, i) => {
      if (v.format(`tls.hosts[${i}]`, h as string, INGRESS_HOST, true)) {
        v.check(ruleHosts.some((r) => coversHost(h as string, r)), `tls.hosts[${i}]`, h,
          `a host that appears in the Ingress rules (${ruleHosts.join(', ')})`);
      }
    });
    v.unique('tls.hosts', hosts as unknown[], (h) => String(h), 'a host');
  }

  /** @internal */
  public _hosts(ruleHosts: readonly string[]): string[] {
    return this.explicitHosts ? [...this.explicitHosts] : [...new Set(ruleHosts)];
  }

  /** @internal */
  public _secretName(ingressName: string): string {
    const s = this.source;
    return ((s.kind === 'secret' ? s.secretName : this.options.secretName) as string | undefined) ?? `${ingressName}-tls`;
  }

  /** Annotations that make cert-manager issue the certificate. @internal */
  public _annotations(): Record<string, string> {
    if (this.source.kind === 'secret') {
      return {};
    }
    const o = this.options;
    return o.clusterIssuer ? { 'cert-manager.io/cluster-issuer': o.clusterIssuer } : { 'cert-manager.io/issuer': o.issuer! };
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
