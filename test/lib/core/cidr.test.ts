import { contains, exceptProblem, formatIpv4Cidr, ipv6Bytes, overlaps, parseIpv4Cidr, subBlock } from '../../../lib/core/cidr';

describe('IPv4 CIDR math', () => {
  const vpc = parseIpv4Cidr('10.0.0.0/16')!;

  test('parses network addresses only', () => {
    expect(parseIpv4Cidr('10.0.0.0/16')).toEqual({ start: 0x0a000000, prefix: 16 });
    expect(parseIpv4Cidr('10.0.1.0/16')).toBeUndefined();
    expect(parseIpv4Cidr('10.0.0.256/24')).toBeUndefined();
    expect(parseIpv4Cidr('10.0.0.0/33')).toBeUndefined();
    expect(parseIpv4Cidr('fd00::/8')).toBeUndefined();
  });

  test('sub-blocks like Terraform cidrsubnet()', () => {
    expect(formatIpv4Cidr(subBlock(vpc, 19, 0)!)).toBe('10.0.0.0/19');
    expect(formatIpv4Cidr(subBlock(vpc, 19, 2)!)).toBe('10.0.64.0/19');
    expect(formatIpv4Cidr(subBlock(vpc, 24, 255)!)).toBe('10.0.255.0/24');
    expect(subBlock(vpc, 19, 8)).toBeUndefined();
    expect(subBlock(vpc, 15, 0)).toBeUndefined();
  });

  test('containment and overlap', () => {
    const a = parseIpv4Cidr('10.0.0.0/19')!;
    const b = parseIpv4Cidr('10.0.16.0/20')!;
    const c = parseIpv4Cidr('10.0.32.0/19')!;
    expect(contains(vpc, a)).toBe(true);
    expect(contains(a, vpc)).toBe(false);
    expect(contains(vpc, parseIpv4Cidr('10.1.0.0/24')!)).toBe(false);
    expect(overlaps(a, b)).toBe(true);
    expect(overlaps(a, c)).toBe(false);
    expect(formatIpv4Cidr(parseIpv4Cidr('192.168.255.240/28')!)).toBe('192.168.255.240/28');
  });
});

describe('exceptProblem: an except block must lie strictly inside its CIDR, in either family', () => {
  test.each([
    ['10.0.0.0/16', '10.0.1.0/24', undefined],
    ['10.0.0.0/16', '10.1.0.0/24', 'it is not inside the block'],
    ['10.0.0.0/16', '10.0.0.0/16', 'it would except the whole block'],
    ['10.0.0.0/16', '10.0.0.1/24', 'both must be network addresses, with no host bits set'],
    ['fd00::/48', 'fd00:0:0:1::/64', undefined],
    ['fd00::/48', 'fd01::/64', 'it is not inside the block'],
    ['fd00::/64', 'fd00::/64', 'it would except the whole block, or more'],
    ['fd00::/64', '10.0.0.0/24', 'it is of another address family'],
  ])('%s except %s', (cidr, except, problem) => {
    expect(exceptProblem(cidr, except)).toBe(problem);
  });
});

test('ipv6Bytes reads compressed groups and an IPv4 tail', () => {
  expect(ipv6Bytes('::1')).toEqual([...Array(15).fill(0), 1]);
  expect(ipv6Bytes('::ffff:10.0.0.1')).toEqual([...Array(10).fill(0), 0xff, 0xff, 10, 0, 0, 1]);
  expect(ipv6Bytes('fe80::1:2')?.slice(0, 2)).toEqual([0xfe, 0x80]);
  expect(ipv6Bytes('1:2:3')).toBeUndefined();
});
