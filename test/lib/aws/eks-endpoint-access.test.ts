import { EksEndpointAccess } from '../../../lib/aws';
import { validationMessage } from '../../helpers/bad-input';

const P = '[EksEndpointAccess.publicAndPrivate]';
const ANYWHERE = 'to expose the API server to everyone, pass allowAnywhere: { reason }';

describe('EksEndpointAccess', () => {
  test('PRIVATE has no public endpoint and no CIDRs', () => {
    expect(EksEndpointAccess.PRIVATE.isPublic).toBe(false);
    expect(EksEndpointAccess.PRIVATE.publicCidrs).toEqual([]);
    expect(EksEndpointAccess.PRIVATE.openToAnywhere).toBeUndefined();
  });

  test('named public ranges are accepted, copied, and not recorded as open', () => {
    const cidrs = ['203.0.113.0/24', '198.51.100.7/32'];
    const access = EksEndpointAccess.publicAndPrivate(cidrs);
    cidrs.push('192.0.2.0/24');
    expect([access.isPublic, access.publicCidrs, access.openToAnywhere]).toEqual([true, ['203.0.113.0/24', '198.51.100.7/32'], undefined]);
  });

  test('wide ranges that leave part of the internet out are not the whole internet', () => {
    expect(EksEndpointAccess.publicAndPrivate(['0.0.0.0/1']).publicCidrs).toEqual(['0.0.0.0/1']);
    expect(EksEndpointAccess.publicAndPrivate(['0.0.0.0/2', '64.0.0.0/2', '128.0.0.0/2']).openToAnywhere).toBeUndefined();
  });

  test.each([
    ['two halves', ['0.0.0.0/1', '128.0.0.0/1']],
    ['four quarters, in any order', ['192.0.0.0/2', '0.0.0.0/2', '128.0.0.0/2', '64.0.0.0/2']],
    ['a half, a quarter and two eighths', ['0.0.0.0/1', '128.0.0.0/2', '192.0.0.0/3', '224.0.0.0/3']],
    ['overlapping blocks', ['0.0.0.0/1', '64.0.0.0/2', '128.0.0.0/1', '203.0.113.0/24']],
  ])('split blocks that cover every IPv4 address are refused like 0.0.0.0/0: %s', (_title, cidrs) => {
    const message = validationMessage(() => EksEndpointAccess.publicAndPrivate(cidrs));
    expect(message).toContain(`${P} cidrs: got ${JSON.stringify(cidrs)}; expected CIDRs that together leave some of the internet out `
      + `(these cover every IPv4 address, like 0.0.0.0/0); ${ANYWHERE}`);
  });

  test('with allowAnywhere and a reason, 0.0.0.0/0 or a split cover is accepted and the reason kept for the output', () => {
    const risk = { reason: 'a public training cluster' };
    expect(EksEndpointAccess.publicAndPrivate(['0.0.0.0/0'], { allowAnywhere: risk }).openToAnywhere).toEqual(risk);
    expect(EksEndpointAccess.publicAndPrivate(['0.0.0.0/1', '128.0.0.0/1'], { allowAnywhere: risk }).openToAnywhere).toEqual(risk);
    // Given but not needed: nothing is open, so nothing is recorded.
    expect(EksEndpointAccess.publicAndPrivate(['203.0.113.0/24'], { allowAnywhere: risk }).openToAnywhere).toBeUndefined();
  });

  test('allowAnywhere needs a non-empty reason', () => {
    expect(validationMessage(() => EksEndpointAccess.publicAndPrivate(['0.0.0.0/0'], { allowAnywhere: { reason: ' ' } })))
      .toContain(`${P} options.allowAnywhere.reason: got " "; expected a reason why the API server may be reachable from the whole internet`);
    expect(validationMessage(() => EksEndpointAccess.publicAndPrivate(['0.0.0.0/1', '128.0.0.0/1'], { allowAnywhere: {} as any })))
      .toContain(`${P} options.allowAnywhere.reason: got undefined`);
  });

  test.each([
    ['10.0.0.0/8', '10.0.0.0/8', 'private (RFC 1918)'],
    ['10.1.0.0/16', '10.0.0.0/8', 'private (RFC 1918)'],
    ['172.20.0.0/16', '172.16.0.0/12', 'private (RFC 1918)'],
    ['192.168.1.0/24', '192.168.0.0/16', 'private (RFC 1918)'],
    ['100.64.0.0/10', '100.64.0.0/10', 'carrier-grade NAT (RFC 6598)'],
    ['127.0.0.1/32', '127.0.0.0/8', 'loopback'],
    ['169.254.169.254/32', '169.254.0.0/16', 'link-local'],
    ['224.0.0.0/4', '224.0.0.0/4', 'multicast'],
  ])('a range the public endpoint never sees is refused: %s', (cidr, range, what) => {
    expect(validationMessage(() => EksEndpointAccess.publicAndPrivate(['203.0.113.0/24', cidr])))
      .toContain(`${P} cidrs[1]: got "${cidr}"; expected a public range: ${cidr} lies in ${range}, which is ${what} and never the source of a request `
        + 'to the public endpoint');
  });

  test('a block that only overlaps a private range is public enough (8.0.0.0/5 holds 10.0.0.0/8 and public addresses)', () => {
    expect(EksEndpointAccess.publicAndPrivate(['8.0.0.0/5']).publicCidrs).toEqual(['8.0.0.0/5']);
  });

  test('every problem is listed at once', () => {
    const message = validationMessage(() => EksEndpointAccess.publicAndPrivate(['10.0.0.0/8', '203.0.113.0/24', '203.0.113.0/24', '1.2.3.4/33']));
    expect(message).toContain('Invalid configuration (3 problems)');
    expect(message).toContain(`${P} cidrs[0]: got "10.0.0.0/8"`);
    expect(message).toContain(`${P} cidrs[2]: got "203.0.113.0/24"; expected a CIDR`);
    expect(message).toContain(`${P} cidrs[3]: got "1.2.3.4/33"`);
  });
});
