import { PropsValidator } from '../core/validator';
import { IPV4_CIDR } from './aws-formats';

/** Options of {@link EksEndpointAccess.publicAndPrivate}. */
export interface PublicEndpointOptions {
  /**
   * Allows "0.0.0.0/0" among the CIDRs, i.e. the API server reachable from the whole internet. Needs a reason.
   * @default not allowed
   */
  readonly allowAnywhere?: { readonly reason: string };
}

/**
 * Who can reach the cluster's API server. The default is the private endpoint only (reachable from the VPC and
 * connected networks); a public endpoint must name the CIDRs that may use it.
 */
export class EksEndpointAccess {
  /** Only the private endpoint (Checkov CKV_AWS_39). */
  public static readonly PRIVATE = new EksEndpointAccess([], undefined);

  /** The private endpoint plus a public endpoint restricted to `cidrs` (Checkov CKV_AWS_38). */
  public static publicAndPrivate(cidrs: string[], options: PublicEndpointOptions = {}): EksEndpointAccess {
    return new EksEndpointAccess(cidrs, options.allowAnywhere);
  }

  private constructor(public readonly publicCidrs: readonly string[], private readonly allowAnywhere?: { readonly reason: string }) {}

  /** Whether the public endpoint is on. */
  public get isPublic(): boolean {
    return this !== EksEndpointAccess.PRIVATE;
  }

  /** @internal */
  public _validate(v: PropsValidator): void {
    if (!this.isPublic) {
      return;
    }
    v.check(this.publicCidrs.length > 0, 'endpoint.publicCidrs', this.publicCidrs, 'at least one CIDR allowed to reach the public endpoint');
    this.publicCidrs.forEach((c, i) => {
      v.format(`endpoint.publicCidrs[${i}]`, c, IPV4_CIDR, true);
      v.check(c !== '0.0.0.0/0' || (this.allowAnywhere?.reason ?? '').trim().length > 0, `endpoint.publicCidrs[${i}]`, c,
        'CIDRs narrower than the whole internet; to expose the API server to everyone, pass allowAnywhere: { reason }');
    });
  }
}
