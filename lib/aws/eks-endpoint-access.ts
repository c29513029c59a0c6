import { Ipv4Block, contains, parseIpv4Cidr } from '../core/cidr';
import { AcceptedRisk } from '../core/risk';
import { PropsValidator } from '../core/validator';
import { coveredFamilies } from '../policy/checks/cidr-cover';
import { IPV4_CIDR } from './aws-formats';

/** Options of {@link EksEndpointAccess.publicAndPrivate}. */
export interface PublicEndpointOptions {
  /**
   * Allows CIDRs that reach every IPv4 address: "0.0.0.0/0", or blocks that together cover it (such as "0.0.0.0/1" +
   * "128.0.0.0/1"), i.e. the API server reachable from the whole internet. Needs a reason.
   * @default not allowed
   */
  readonly allowAnywhere?: AcceptedRisk;
}

/** EKS accepts at most 40 CIDR blocks for the public endpoint (`publicAccessCidrs`). */
const MAX_PUBLIC_CIDRS = 40;

/**
 * Address ranges that are never the source of a request on the internet, so a public endpoint never sees them: the
 * private ranges of RFC 1918, the carrier-grade NAT range, "this network", loopback, link-local, multicast and the
 * reserved class E. (Documentation ranges such as 203.0.113.0/24 are not listed: they are the examples everyone uses.)
 */
const NOT_ON_THE_INTERNET: ReadonlyArray<{ block: Ipv4Block; cidr: string; what: string }> = [
  ['0.0.0.0/8', '"this network"'],
  ['10.0.0.0/8', 'private (RFC 1918)'],
  ['100.64.0.0/10', 'carrier-grade NAT (RFC 6598)'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private (RFC 1918)'],
  ['192.168.0.0/16', 'private (RFC 1918)'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'],
].map(([cidr, what]) => ({ block: parseIpv4Cidr(cidr)!, cidr, what }));

/** The non-internet range `cidr` lies in, if it lies wholly inside one. */
function notOnTheInternet(cidr: string): { cidr: string; what: string } | undefined {
  const block = parseIpv4Cidr(cidr);
  return block ? NOT_ON_THE_INTERNET.find((r) => contains(r.block, block)) : undefined;
}

/**
 * Who can reach the cluster's API server over the network (who may then do what is decided by IAM and the access
 * entries). Three ways in, from safest:
 *
 * - {@link EksEndpointAccess.PRIVATE} (the default): the API server has no internet address. It is reached from the
 *   VPC: through an `SsmAccessHost` (a Session Manager port forward, no inbound ports), from CI runners inside the
 *   VPC (see `CiAccess`), or from a network connected by VPN or Transit Gateway (allow it on the cluster
 *   security group).
 * - {@link EksEndpointAccess.publicAndPrivate} with named CIDRs: the API server also answers on the internet, but only
 *   to the listed public ranges (an office egress, a CI provider's fixed addresses). Nodes keep using the private
 *   endpoint.
 * - The same with `allowAnywhere: { reason }`: open to every address; authentication still applies, but every
 *   scanner on the internet can reach the API server (Checkov CKV_AWS_38 fails).
 */
export class EksEndpointAccess {
  /** Only the private endpoint (Checkov CKV_AWS_39). */
  public static readonly PRIVATE = new EksEndpointAccess([], undefined);

  /**
   * The private endpoint plus a public endpoint restricted to `cidrs` (Checkov CKV_AWS_38): 1 to 40 IPv4 blocks,
   * each a public range. Blocks that together cover every IPv4 address (such as "0.0.0.0/1" + "128.0.0.0/1") count
   * as "0.0.0.0/0" and need `allowAnywhere: { reason }`.
   */
  public static publicAndPrivate(cidrs: string[], options: PublicEndpointOptions = {}): EksEndpointAccess {
    const v = new PropsValidator('EksEndpointAccess.publicAndPrivate');
    const anywhere = v.knownProps('options', options, ['allowAnywhere'])
      && v.risk('options.allowAnywhere', options?.allowAnywhere, 'the API server may be reachable from the whole internet')
      && options?.allowAnywhere !== undefined;
    const listOk = v.check(Array.isArray(cidrs) && cidrs.length > 0 && cidrs.length <= MAX_PUBLIC_CIDRS, 'cidrs', cidrs,
      `a list of 1-${MAX_PUBLIC_CIDRS} CIDRs allowed to reach the public endpoint`);
    if (listOk) {
      let formatsOk = true;
      cidrs.forEach((c, i) => {
        if (!v.format(`cidrs[${i}]`, c, IPV4_CIDR, true)) {
          formatsOk = false;
          return;
        }
        if (c === '0.0.0.0/0') {
          v.check(anywhere, `cidrs[${i}]`, c, 'CIDRs narrower than the whole internet; to expose the API server to everyone, pass allowAnywhere: { reason }');
          return;
        }
        // The public endpoint sees the public address a request comes from (a NAT gateway's, an office's), never a
        // private one: a private entry lets nobody in, and whoever wrote it meant the private endpoint.
        const inside = notOnTheInternet(c);
        v.check(inside === undefined, `cidrs[${i}]`, c, `a public range: ${c} lies in ${inside?.cidr}, which is ${inside?.what} and never the `
          + 'source of a request to the public endpoint (from the VPC the private endpoint is used; for a network connected by VPN or '
          + 'Transit Gateway, allow it on the cluster security group)');
      });
      v.unique('cidrs', cidrs, (c) => String(c), 'a CIDR');
      // Split blocks are the whole internet too: "0.0.0.0/1" + "128.0.0.0/1", four /2s, and so on.
      if (formatsOk && !cidrs.includes('0.0.0.0/0')) {
        v.check(anywhere || !coveredFamilies(cidrs).includes('IPv4'), 'cidrs', cidrs,
          'CIDRs that together leave some of the internet out (these cover every IPv4 address, like 0.0.0.0/0); '
          + 'to expose the API server to everyone, pass allowAnywhere: { reason }');
      }
    }
    v.throwIfInvalid();
    const open = anywhere && coveredFamilies(cidrs).includes('IPv4') ? { reason: options.allowAnywhere!.reason } : undefined;
    return new EksEndpointAccess([...cidrs], open);
  }

  private constructor(
    /** The CIDRs allowed on the public endpoint (empty when there is none). */
    public readonly publicCidrs: readonly string[],
    /**
     * Why the public endpoint accepts every IPv4 address, when it does (`allowAnywhere` was given and used), for the
     * cluster to record in its output; undefined otherwise.
     */
    public readonly openToAnywhere: AcceptedRisk | undefined,
  ) {}

  /** Whether the public endpoint is on. */
  public get isPublic(): boolean {
    return this !== EksEndpointAccess.PRIVATE;
  }
}
