/** An IPv4 CIDR block as numbers: first address and prefix length. */
export interface Ipv4Block {
  readonly start: number;
  readonly prefix: number;
}

/** Parses "10.0.0.0/16"; undefined unless it is a valid IPv4 CIDR whose address is the network address. */
export function parseIpv4Cidr(cidr: string): Ipv4Block | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!m) {
    return undefined;
  }
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) {
    return undefined;
  }
  const start = ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
  return start % blockSize(prefix) === 0 ? { start, prefix } : undefined;
}

/** Number of addresses in a block of this prefix length. */
export function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

/** Formats a block as "a.b.c.d/p". */
export function formatIpv4Cidr(block: Ipv4Block): string {
  const s = block.start;
  return `${s >>> 24}.${(s >>> 16) & 255}.${(s >>> 8) & 255}.${s & 255}/${block.prefix}`;
}

/** True when the two blocks share an address. */
export function overlaps(a: Ipv4Block, b: Ipv4Block): boolean {
  return a.start < b.start + blockSize(b.prefix) && b.start < a.start + blockSize(a.prefix);
}

/** True when `inner` lies entirely inside `outer`. */
export function contains(outer: Ipv4Block, inner: Ipv4Block): boolean {
  return inner.prefix >= outer.prefix && inner.start >= outer.start
    && inner.start + blockSize(inner.prefix) <= outer.start + blockSize(outer.prefix);
}

/** The `index`-th block of length `prefix` inside `parent`, like Terraform's cidrsubnet(); undefined if outside. */
export function subBlock(parent: Ipv4Block, prefix: number, index: number): Ipv4Block | undefined {
  if (prefix < parent.prefix || prefix > 32) {
    return undefined;
  }
  const start = parent.start + index * blockSize(prefix);
  const block = { start, prefix };
  return contains(parent, block) ? block : undefined;
}

/**
 * Why `except` cannot be carved out of `cidr`, or undefined when it can: it must be of the same address family and,
 * for IPv4, lie strictly inside the block. (IPv6 containment is left to the API server.)
 */
export function exceptProblem(cidr: string, except: string): string | undefined {
  const v6 = (c: string) => c.includes(':');
  if (v6(cidr) !== v6(except)) {
    return 'it is of another address family';
  }
  if (v6(cidr)) {
    return undefined;
  }
  const outer = parseIpv4Cidr(cidr);
  const inner = parseIpv4Cidr(except);
  if (!outer || !inner) {
    return 'both must be network addresses, with no host bits set';
  }
  if (!contains(outer, inner)) {
    return 'it is not inside the block';
  }
  return inner.prefix > outer.prefix ? undefined : 'it would except the whole block';
}
