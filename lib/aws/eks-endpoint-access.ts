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

/** EKS accepts at most 40 CIDR blocks for the public endpoint (`publicAccessCidrs`). */
const MAX_PUBLIC_CIDRS = 40;

/**
 * Who can reach the cluster's API server. The default is the private endpoint only (reachable from the VPC and
 * connected networks); a public endpoint must name the CIDRs that may use it.
 */
export class EksEndpointAccess {
  /** Only the private endpoint (Checkov CKV_AWS_39). */
  public static readonly PRIVATE = new EksEndpointAccess([]);

  /** The private endpoint plus a public endpoint restricted to `cidrs` (Checkov CKV_AWS_38). */
  public static publicAndPrivate(cidrs: string[], options: PublicEndpointOptions = {}): EksEndpointAccess {
    const v = new PropsValidator('EksEndpointAccess.publicAndPrivate');
    const anywhere = v.knownProps('options', options, ['allowAnywhere'])
      && v.risk('options.allowAnywhere', options.allowAnywhere, 'the API server may be reachable from the whole internet')
      && options.allowAnywhere !== undefined;
    if (v.check(Array.isArray(cidrs) && cidrs.length > 0 && cidrs.length <= MAX_PUBLIC_CIDRS, 'cidrs', cidrs,
      `a list of 1-${MAX_PUBLIC_CIDRS} CIDRs allowed to reach the public endpoint`)) {
      cidrs.forEach((c, i) => {
        if (v.format(`cidrs[${i}]`, c, IPV4_CIDR, true)) {
          v.check(c !== '0.0.0.0/0' || anywhere, `cidrs[${i}]`, c,
            'CIDRs narrower than the whole internet; to expose the API server to everyone, pass allowAnywhere: { reason }');
        }
      });
      v.unique('cidrs', cidrs, (c) => String(c), 'a CIDR');
    }
    v.throwIfInvalid();
    return new EksEndpointAccess([...cidrs]);
  }

  private constructor(public readonly publicCidrs: readonly string[]) {}

  /** Whether the public endpoint is on. */
  public get isPublic(): boolean {
    return this !== EksEndpointAccess.PRIVATE;
  }
}
