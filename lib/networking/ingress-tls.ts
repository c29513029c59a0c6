import { OBJECT_NAME, INGRESS_HOST } from '../core/formats';
import { PropsValidator, isObject } from '../core/validator';
import type { IngressController } from './ingress-controller';

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

/** Options of {@link IngressTls.fromAcm}. */
export interface AcmTlsOptions extends IngressTlsOptions {
  /**
   * ACM certificates for the ALB's HTTPS listener, e.g. "arn:aws:acm:us-west-2:123456789012:certificate/<uuid>".
   * @default the controller discovers ACM certificates that match the hosts
   */
  readonly certificateArns?: string[];
}

// The values are kept as the caller gave them and checked when an Ingress uses the TLS source.
type Source =
  | { readonly kind: 'secret'; readonly secretName: unknown; readonly options: unknown }
  | { readonly kind: 'cert-manager'; readonly options: unknown }
  | { readonly kind: 'acm'; readonly options: unknown };

const KNOWN_OPTIONS: Record<Source['kind'], readonly string[]> = {
  'secret': ['hosts'],
  'cert-manager': ['clusterIssuer', 'issuer', 'secretName', 'hosts'],
  'acm': ['certificateArns', 'hosts'],
};
const EXPECTED_OPTIONS: Record<Source['kind'], string> = {
  'secret': 'options such as { hosts: ["shop.example.com"] }',
  'cert-manager': 'cert-manager options: { clusterIssuer } or { issuer }, and optionally secretName and hosts',
  'acm': 'options such as { certificateArns: ["arn:aws:acm:..."], hosts: ["shop.example.com"] }',
};

/** An ACM certificate ARN (the certificate id is a UUID). */
const ACM_CERTIFICATE_ARN = /^arn:aws(-[a-z]+)*:acm:[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d:\d{12}:certificate\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The AWS Load Balancer Controller's annotations for an ALB's listeners and certificates. */
export const ALB_LISTEN_PORTS_ANNOTATION = 'alb.ingress.kubernetes.io/listen-ports';
export const ALB_CERTIFICATE_ARN_ANNOTATION = 'alb.ingress.kubernetes.io/certificate-arn';

/**
 * Where an Ingress gets its TLS certificate: a Secret you manage, or cert-manager, which watches the Ingress
 * annotation and issues the certificate into the Secret, for in-cluster controllers; ACM for the ALBs of the AWS Load
 * Balancer Controller, which never read Secrets. No key material is in the output.
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

  /**
   * The ALB terminates TLS with ACM certificates (for `IngressController.awsLoadBalancer`): its listener is HTTPS on
   * 443 only (no plain HTTP listener), with the certificates named, or those ACM holds for the hosts.
   */
  public static fromAcm(options: AcmTlsOptions = {}): IngressTls {
    return new IngressTls({ kind: 'acm', options });
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

  /**
   * Checks the source for an Ingress with these rule hosts, served by `controller` (when known): ALBs take ACM
   * certificates only, and in-cluster controllers cannot use ACM.
   * @internal
   */
  public _validate(v: PropsValidator, ruleHosts: readonly string[], controller?: IngressController): void {
    const s = this.source;
    const o = this.options;
    const fromSecret = s.kind === 'secret';
    if (controller !== undefined) {
      const alb = controller.sourceCidrs !== undefined;
      const made = { 'secret': 'IngressTls.fromSecret(...)', 'cert-manager': 'IngressTls.fromCertManager(...)', 'acm': 'IngressTls.fromAcm(...)' }[s.kind];
      v.check(alb === (s.kind === 'acm'), 'tls', made, alb
        ? `IngressTls.fromAcm(): the ALBs of IngressClass "${controller.className}" terminate TLS with ACM certificates and never read Secrets (with a Secret or cert-manager they would serve plain HTTP only)`
        : `IngressTls.fromSecret() or IngressTls.fromCertManager(): ACM certificates serve only the ALBs of IngressController.awsLoadBalancer, not IngressClass "${controller.className}"`);
    }
    if (fromSecret) {
      v.format('tls.secretName', s.secretName as string, OBJECT_NAME, true);
    }
    const optionsOk = v.check(s.options === undefined || isObject(s.options), 'tls.options', s.options, EXPECTED_OPTIONS[s.kind])
      && v.knownProps('tls', s.options, KNOWN_OPTIONS[s.kind]);
    if (s.kind === 'acm' && optionsOk) {
      const arns: unknown = (o as AcmTlsOptions).certificateArns;
      if (arns !== undefined && v.check(Array.isArray(arns) && arns.length > 0, 'tls.certificateArns', arns,
        'a non-empty list of ACM certificate ARNs, or leave certificateArns out to let the controller find them by host')) {
        (arns as unknown[]).forEach((a, i) => v.check(typeof a === 'string' && ACM_CERTIFICATE_ARN.test(a), `tls.certificateArns[${i}]`, a,
          'an ACM certificate ARN such as "arn:aws:acm:us-west-2:123456789012:certificate/<uuid>"'));
        v.unique('tls.certificateArns', arns as unknown[], (a) => String(a), 'a certificate');
      }
    }
    if (s.kind === 'cert-manager' && optionsOk) {
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

  /** The Secret of the certificate; none for ACM. @internal */
  public _secretName(ingressName: string): string | undefined {
    const s = this.source;
    if (s.kind === 'acm') {
      return undefined;
    }
    return ((s.kind === 'secret' ? s.secretName : this.options.secretName) as string | undefined) ?? `${ingressName}-tls`;
  }

  /** Annotations that make cert-manager issue the certificate, or the ALB listen on HTTPS with ACM. @internal */
  public _annotations(): Record<string, string> {
    switch (this.source.kind) {
      case 'secret':
        return {};
      case 'acm': {
        const arns = (this.options as AcmTlsOptions).certificateArns;
        return {
          [ALB_LISTEN_PORTS_ANNOTATION]: '[{"HTTPS":443}]',
          ...(arns ? { [ALB_CERTIFICATE_ARN_ANNOTATION]: arns.join(',') } : {}),
        };
      }
      case 'cert-manager': {
        const o = this.options;
        return o.clusterIssuer ? { 'cert-manager.io/cluster-issuer': o.clusterIssuer } : { 'cert-manager.io/issuer': o.issuer! };
      }
    }
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
