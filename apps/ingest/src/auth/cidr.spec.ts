import { ipInRanges, parseCidr, parseIp } from './cidr';

describe('parseIp', () => {
  it.each([
    ['192.0.2.1', 4, 0xc0000201n],
    ['::1', 6, 1n],
    ['2001:db8::1', 6, 0x20010db8000000000000000000000001n],
    ['2001:DB8:0:0:0:0:0:1', 6, 0x20010db8000000000000000000000001n],
    ['fe80::1%eth0', 6, 0xfe800000000000000000000000000001n],
    ['::ffff:192.0.2.1', 4, 0xc0000201n],
    ['::ffff:c000:201', 4, 0xc0000201n],
    ['64:ff9b::192.0.2.1', 6, 0x0064ff9b0000000000000000c0000201n],
  ])('reads %s', (text, version, value) => {
    expect(parseIp(text)).toEqual({ version, value });
  });

  it.each(['', 'localhost', '256.0.0.1', '1.2.3', '2001:db8:::1', '1.2.3.4/8', 'gggg::1'])(
    'refuses %p',
    (text) => {
      expect(parseIp(text)).toBeNull();
    },
  );
});

describe('parseCidr', () => {
  it.each([
    ['10.0.0.0/8', { version: 4, network: 0x0a000000n, prefix: 8 }],
    ['10.1.2.3/8', { version: 4, network: 0x0a000000n, prefix: 8 }],
    ['192.0.2.7', { version: 4, network: 0xc0000207n, prefix: 32 }],
    ['0.0.0.0/0', { version: 4, network: 0n, prefix: 0 }],
    ['2001:db8::/32', { version: 6, network: 0x20010db8n << 96n, prefix: 32 }],
    ['::1', { version: 6, network: 1n, prefix: 128 }],
    ['::ffff:10.0.0.0/104', { version: 4, network: 0x0a000000n, prefix: 8 }],
  ])('reads %s', (text, cidr) => {
    expect(parseCidr(text)).toEqual(cidr);
  });

  it.each(['10.0.0.0/33', '2001:db8::/129', '10.0.0.0/', '10.0.0.0/8/8', 'x/8', '10.0.0.0/-1', '10.0.0.0/a'])(
    'refuses %p',
    (text) => {
      expect(parseCidr(text)).toBeNull();
    },
  );
});

describe('ipInRanges', () => {
  const ranges = ['10.0.0.0/8', '192.0.2.7', '2001:db8::/32'].map((text) => parseCidr(text)!);

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
    expect(ipInRanges([parseCidr('0.0.0.0/0')!], '203.0.113.9')).toBe(true);
    expect(ipInRanges([parseCidr('0.0.0.0/0')!], '2001:db8::1')).toBe(false);
    expect(ipInRanges([parseCidr('::/0')!], '2001:db8::1')).toBe(true);
  });
});
