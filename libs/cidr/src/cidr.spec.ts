import { CidrError, inCidr, ipInRanges, isCidr, parseCidr, parseCidrList } from './cidr';
import { embeddedIpv4, ipFamily, parseIp } from './ip-address';

const v4 = (bits: bigint) => (0xffffn << 32n) | bits;

describe('parseIp', () => {
  it.each([
    ['192.0.2.1', 4, v4(0xc0000201n)],
    [' 192.0.2.1 ', 4, v4(0xc0000201n)],
    ['::1', 6, 1n],
    ['::', 6, 0n],
    ['2001:db8::1', 6, 0x20010db8000000000000000000000001n],
    ['2001:DB8:0:0:0:0:0:1', 6, 0x20010db8000000000000000000000001n],
    ['fe80::1%eth0', 6, 0xfe800000000000000000000000000001n],
    ['::ffff:192.0.2.1', 4, v4(0xc0000201n)],
    ['::ffff:c000:201', 4, v4(0xc0000201n)],
    ['0:0:0:0:0:ffff:127.0.0.1', 4, v4(0x7f000001n)],
    ['64:ff9b::192.0.2.1', 6, 0x0064ff9b0000000000000000c0000201n],
  ])('reads %p', (text, family, value) => {
    expect(parseIp(text)).toBe(value);
    expect(ipFamily(value)).toBe(family);
  });

  it.each(['', 'localhost', '256.0.0.1', '1.2.3', '2001:db8:::1', '1.2.3.4/8', 'gggg::1', '[::1]'])(
    'refuses %p',
    (text) => {
      expect(parseIp(text)).toBeNull();
    },
  );
});

describe('embeddedIpv4', () => {
  it.each([
    ['64:ff9b::1.2.3.4', '1.2.3.4'],
    ['::10.0.0.1', '10.0.0.1'],
    ['2002:c0a8:0101::1', '192.168.1.1'],
  ])('finds the IPv4 address in %s', (text, inner) => {
    expect(embeddedIpv4(parseIp(text) ?? -1n)).toBe(parseIp(inner));
  });

  it.each(['127.0.0.1', '::1', '::', '2001:db8::1'])('finds none in %s', (text) => {
    expect(embeddedIpv4(parseIp(text) ?? -1n)).toBeNull();
  });
});

describe('parseCidr', () => {
  it.each([
    ['10.0.0.0/8', 4, v4(0x0a000000n), 104],
    ['10.1.2.3/8', 4, v4(0x0a000000n), 104],
    ['192.0.2.7', 4, v4(0xc0000207n), 128],
    ['0.0.0.0/0', 4, v4(0n), 96],
    ['::ffff:10.0.0.0/104', 4, v4(0x0a000000n), 104],
    ['2001:db8::/32', 6, 0x20010db8n << 96n, 32],
    ['::1', 6, 1n, 128],
    ['::/0', 6, 0n, 0],
    [' fc00::/7 ', 6, 0xfcn << 120n, 7],
  ])('reads %p', (text, family, base, prefix) => {
    expect(parseCidr(text)).toEqual({ text: text.trim(), family, base, prefix });
  });

  it.each([
    '10.0.0.0/33',
    '2001:db8::/129',
    '10.0.0.0/',
    '10.0.0.0/8/8',
    '10.0.0/8',
    'x/8',
    'nope',
    '10.0.0.0/-1',
    '10.0.0.0/a',
    '',
  ])('refuses %p, saying what a CIDR looks like', (text) => {
    expect(() => parseCidr(text)).toThrow(CidrError);
    expect(() => parseCidr(text)).toThrow(/is not a CIDR such as 10\.0\.0\.0\/8 or 2001:db8::\/32/);
    expect(isCidr(text)).toBe(false);
  });

  it('names the field of a list and its bad entry', () => {
    expect(parseCidrList('DELIVERY_ALLOW_NETWORKS', ['127.0.0.1', '10.0.0.0/8'])).toHaveLength(2);
    expect(() => parseCidrList('INGEST_TRUSTED_PROXIES', ['10.0.0.0/8', '10.0.0.0/33'])).toThrow(
      'INGEST_TRUSTED_PROXIES: "10.0.0.0/33" is not a CIDR such as 10.0.0.0/8 or 2001:db8::/32',
    );
  });
});

describe('ipInRanges', () => {
  const ranges = parseCidrList('ranges', ['10.0.0.0/8', '192.0.2.7', '2001:db8::/32']);

  it.each([
    ['10.255.0.1', true],
    ['11.0.0.1', false],
    ['192.0.2.7', true],
    ['192.0.2.8', false],
    ['::ffff:10.1.1.1', true],
    ['2001:db8:ffff::1', true],
    ['2001:db9::1', false],
    ['::1', false],
    ['not-an-ip', false],
  ])('%s → %p', (address, inside) => {
    expect(ipInRanges(ranges, address)).toBe(inside);
  });

  it('matches everything with /0 of the same family only', () => {
    const [all4, all6] = parseCidrList('ranges', ['0.0.0.0/0', '::/0']);
    expect(ipInRanges([all4], '203.0.113.9')).toBe(true);
    expect(ipInRanges([all4], '::ffff:203.0.113.9')).toBe(true);
    expect(ipInRanges([all4], '2001:db8::1')).toBe(false);
    expect(ipInRanges([all6], '2001:db8::1')).toBe(true);
    expect(ipInRanges([all6], '203.0.113.9')).toBe(false);
    expect(ipInRanges([all6], '::ffff:203.0.113.9')).toBe(false);
  });

  it('compares an address with a range bit by bit at the prefix', () => {
    const range = parseCidr('172.16.0.0/12');
    expect(inCidr(parseIp('172.31.255.255') ?? 0n, range)).toBe(true);
    expect(inCidr(parseIp('172.32.0.0') ?? 0n, range)).toBe(false);
  });
});
