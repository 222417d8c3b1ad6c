import { type Cidr, embeddedIpv4, inCidr, parseCidr, parseCidrList, parseIp } from '@postback/cidr';

/** Ranges a postback must not reach unless allow-listed, most specific first (metadata before link-local). */
const REFUSED: [string, string][] = [
  ['169.254.169.254/32', 'a cloud metadata address'],
  ['169.254.170.2/32', 'a cloud metadata address'],
  ['100.100.100.200/32', 'a cloud metadata address'],
  ['fd00:ec2::254/128', 'a cloud metadata address'],
  ['0.0.0.0/8', 'an unspecified ("this network") address'],
  ['10.0.0.0/8', 'a private address'],
  ['100.64.0.0/10', 'a carrier-grade NAT (CGNAT) address'],
  ['127.0.0.0/8', 'a loopback address'],
  ['169.254.0.0/16', 'a link-local address'],
  ['172.16.0.0/12', 'a private address'],
  ['192.0.0.0/24', 'an IETF protocol address'],
  ['192.168.0.0/16', 'a private address'],
  ['198.18.0.0/15', 'a benchmarking address'],
  ['224.0.0.0/4', 'a multicast address'],
  ['240.0.0.0/4', 'a reserved or broadcast address'],
  ['::/128', 'an unspecified address'],
  ['::1/128', 'a loopback address'],
  ['100::/64', 'a discard-only address'],
  // Carry an IPv4 address that cannot be judged here: local NAT64 prefixes and Teredo tunnels.
  ['64:ff9b:1::/48', 'a local-use NAT64 address'],
  ['2001::/32', 'a Teredo tunnel address'],
  ['fc00::/7', 'a private (unique local) address'],
  ['fe80::/10', 'a link-local address'],
  ['fec0::/10', 'a private (site-local) address'],
  ['ff00::/8', 'a multicast address'],
].map(([cidr, reason]) => [cidr, reason]);

const REFUSED_CIDRS = REFUSED.map(([cidr, reason]) => ({ cidr: parseCidr(cidr), reason }));

/**
 * Why a postback may not go to this address, or null when it may. IPv6 forms that carry an
 * IPv4 address (mapped, compatible, NAT64, 6to4) are judged by that address too. The
 * allow-list wins (tests and on-premise receivers on private networks).
 */
export function refusalReason(ip: string, allow: readonly Cidr[]): string | null {
  const address = parseIp(ip.replace(/^\[|\]$/g, ''));
  if (address === null) return `"${ip}" is not an IP address`;
  const candidates = [address, embeddedIpv4(address)].filter((a): a is bigint => a !== null);
  if (candidates.some((candidate) => allow.some((cidr) => inCidr(candidate, cidr)))) return null;
  for (const candidate of candidates) {
    const refused = REFUSED_CIDRS.find(({ cidr }) => inCidr(candidate, cidr));
    if (refused) return `${ip} is ${refused.reason}`;
  }
  return null;
}

/** DELIVERY_ALLOW_NETWORKS, parsed; throws naming the bad entry. */
export function parseAllowList(entries: readonly string[]): Cidr[] {
  return parseCidrList('DELIVERY_ALLOW_NETWORKS', entries);
}
