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
 * Why `except` cannot be carved out of `cidr`, or undefined when it can: it must be of the same address family and lie
 * strictly inside the block (the API server's rule for a NetworkPolicy ipBlock). IPv4 blocks must also be network
 * addresses, with no host bits set.
 */
export function exceptProblem(cidr: string, except: string): string | undefined {
  const v6 = (c: string) => c.includes(':');
  if (v6(cidr) !== v6(except)) {
    return 'it is of another address family';
  }
  if (v6(cidr)) {
    return ipv6ExceptProblem(cidr, except);
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

function ipv6ExceptProblem(cidr: string, except: string): string | undefined {
  const parse = (c: string) => {
    const [address, bits] = c.split('/');
    const bytes = ipv6Bytes(address);
    return { address: bytes && bytes.reduce((acc, b) => (acc << 8n) + BigInt(b), 0n), prefix: Number(bits) };
  };
  const outer = parse(cidr);
  const inner = parse(except);
  if (outer.address === undefined || inner.address === undefined) {
    return undefined;
  }
  if (inner.prefix <= outer.prefix) {
    return 'it would except the whole block, or more';
  }
  const shift = BigInt(128 - outer.prefix);
  return outer.address >> shift === inner.address >> shift ? undefined : 'it is not inside the block';
}

/**
 * The 16 bytes of an IPv6 address (as `isIP` accepts it, without zone; an embedded IPv4 tail such as
 * `::ffff:10.0.0.1` included), or undefined when it does not have eight groups.
 */
export function ipv6Bytes(address: string): number[] | undefined {
  let text = address;
  let v4: number[] = [];
  const last = text.slice(text.lastIndexOf(':') + 1);
  if (last.includes('.')) {
    v4 = last.split('.').map(Number);
    text = `${text.slice(0, text.lastIndexOf(':') + 1)}0:0`;
  }
  const [head, tail] = text.split('::');
  const h = head ? head.split(':') : [];
  const t = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  if (groups.length !== 8) {
    return undefined;
  }
  const bytes = groups.flatMap((g) => {
    const word = parseInt(g, 16) || 0;
    return [word >> 8, word & 0xff];
  });
  if (v4.length === 4) {
    bytes.splice(12, 4, ...v4);
  }
  return bytes;
}
