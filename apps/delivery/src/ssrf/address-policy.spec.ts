import { parseAllowList, refusalReason } from './address-policy';

describe('refusalReason', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['169.254.169.254', 'metadata'],
    ['169.254.170.2', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['100.64.0.1', 'CGNAT'],
    ['100.127.255.255', 'CGNAT'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    // IPv6 forms that carry an IPv4 address
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:a9fe:a9fe', 'metadata'],
    ['::10.0.0.1', 'private'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['64:ff9b::a9fe:a9fe', 'metadata'],
    ['2002:7f00:0001::', 'loopback'],
    ['2002:c0a8:0101::1', 'private'],
    ['64:ff9b:1::a00:1', 'NAT64'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo'],
  ])('refuses %s (%s)', (ip, kind) => {
    expect(refusalReason(ip, [])).toMatch(new RegExp(kind));
  });

  it.each([
    '93.184.215.14',
    '8.8.8.8',
    '100.63.255.255',
    '100.128.0.0',
    '172.15.255.255',
    '172.32.0.0',
    '192.169.0.1',
    '2606:4700:4700::1111',
    '2001:4860:4860::8888',
    '::ffff:8.8.8.8',
    '64:ff9b::8.8.8.8',
  ])('lets %s through', (ip) => {
    expect(refusalReason(ip, [])).toBeNull();
  });

  it('lets allow-listed networks through, in both families and mapped forms', () => {
    const allow = parseAllowList(['127.0.0.1', '10.20.0.0/16', 'fd00:1::/32']);
    expect(refusalReason('127.0.0.1', allow)).toBeNull();
    expect(refusalReason('::ffff:127.0.0.1', allow)).toBeNull();
    expect(refusalReason('127.0.0.2', allow)).toMatch(/loopback/);
    expect(refusalReason('10.20.3.4', allow)).toBeNull();
    expect(refusalReason('10.21.3.4', allow)).toMatch(/private/);
    expect(refusalReason('fd00:1:2::3', allow)).toBeNull();
    expect(refusalReason('::1', allow)).toMatch(/loopback/);
  });

  it('refuses what is not an address', () => {
    expect(refusalReason('localhost', [])).toMatch(/not an IP address/);
  });
});

describe('parseAllowList', () => {
  it.each(['10.0.0.0/33', 'fc00::/129', '10.0.0/8', 'nope', '10.0.0.0/8/1', '10.0.0.0/x'])(
    'refuses "%s"',
    (text) => {
      expect(() => parseAllowList([text])).toThrow(/DELIVERY_ALLOW_NETWORKS: .* is not a CIDR/);
    },
  );
});
