/**
 * Whether a set of CIDR blocks, taken together, covers every IPv4 or every IPv6 address: "0.0.0.0/0" alone, or split
 * blocks such as "0.0.0.0/1" + "128.0.0.0/1" (or "::/1" + "8000::/1"). Host bits are ignored, as the API server and
 * AWS read the blocks; anything unparsable covers nothing.
 */

interface Block {
  readonly start: bigint;
  readonly end: bigint;
}

function parseIpv4(address: string): bigint | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  if (!m) {
    return undefined;
  }
  const octets = m.slice(1, 5).map(Number);
  return octets.some((o) => o > 255) ? undefined : octets.reduce((acc, o) => (acc << 8n) + BigInt(o), 0n);
}

function parseIpv6(address: string): bigint | undefined {
  if (!/^[0-9a-fA-F:]+$/.test(address) || (address.match(/::/g) ?? []).length > 1) {
    return undefined;
  }
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const missing = 8 - left.length - right.length;
  if ((tail === undefined && missing !== 0) || (tail !== undefined && missing < 1)) {
    return undefined;
  }
  const all = [...left, ...Array(tail === undefined ? 0 : missing).fill('0'), ...right];
  if (all.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) {
    return undefined;
  }
  return all.reduce((acc, g) => (acc << 16n) + BigInt(parseInt(g, 16)), 0n);
}

/** The address range of a CIDR of the given family, or undefined. */
function parseBlock(cidr: unknown, family: 4 | 6): Block | undefined {
  if (typeof cidr !== 'string') {
    return undefined;
  }
  const [address, prefixText, ...rest] = cidr.trim().split('/');
  const bits = family === 4 ? 32 : 128;
  if (rest.length > 0 || prefixText === undefined || !/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) {
    return undefined;
  }
  const value = family === 4 ? parseIpv4(address) : parseIpv6(address);
  if (value === undefined) {
    return undefined;
  }
  const hostBits = BigInt(bits - Number(prefixText));
  const start = (value >> hostBits) << hostBits;
  return { start, end: start + (1n << hostBits) - 1n };
}

/** True when the blocks of one family together cover its whole address space. */
function coversFamily(cidrs: readonly unknown[], family: 4 | 6): boolean {
  const blocks = cidrs.map((c) => parseBlock(c, family)).filter((b): b is Block => b !== undefined)
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const last = (1n << BigInt(family === 4 ? 32 : 128)) - 1n;
  let next = 0n;
  for (const b of blocks) {
    if (b.start > next) {
      return false;
    }
    if (b.end >= next) {
      next = b.end + 1n;
    }
    if (next > last) {
      return true;
    }
  }
  return false;
}

/**
 * The families whose every address the blocks cover together ("IPv4", "IPv6"), for messages; empty when none is.
 * Non-string entries are ignored.
 */
export function coveredFamilies(cidrs: readonly unknown[]): Array<'IPv4' | 'IPv6'> {
  return [...(coversFamily(cidrs, 4) ? ['IPv4' as const] : []), ...(coversFamily(cidrs, 6) ? ['IPv6' as const] : [])];
}

/** "0.0.0.0/0" for IPv4, "::/0" for IPv6. */
export const EVERY_ADDRESS = { IPv4: '0.0.0.0/0', IPv6: '::/0' } as const;
