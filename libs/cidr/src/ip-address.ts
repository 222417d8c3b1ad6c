import { isIPv4, isIPv6 } from 'node:net';

/** An address as 128 bits; IPv4 is held in its IPv4-mapped form (::ffff:a.b.c.d), so both families compare alike. */
export type IpAddress = bigint;

const MAPPED_PREFIX = 0xffffn << 32n;

function ipv4Bits(text: string): bigint {
  return text.split('.').reduce((bits, octet) => (bits << 8n) | BigInt(Number(octet)), 0n);
}

function ipv6Bits(text: string): bigint {
  let body = text;
  const lastColon = body.lastIndexOf(':');
  const tail = body.slice(lastColon + 1);
  if (tail.includes('.')) {
    // An embedded IPv4 tail (::ffff:1.2.3.4) becomes its two hex groups.
    const v4 = ipv4Bits(tail);
    body = `${body.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const groups = (part: string) => (part ? part.split(':').map((group) => BigInt(parseInt(group, 16))) : []);
  const [head, rest] = body.split('::');
  const left = groups(head);
  const right = rest === undefined ? [] : groups(rest);
  const zeros = Array<bigint>(8 - left.length - right.length).fill(0n);
  return [...left, ...zeros, ...right].reduce((bits, group) => (bits << 16n) | group, 0n);
}

/** An IPv4 or IPv6 literal (surrounding spaces and a zone id allowed) as 128 bits; null when it is not one. */
export function parseIp(raw: string): IpAddress | null {
  const text = raw.trim().replace(/%.*$/, '');
  if (isIPv4(text)) return MAPPED_PREFIX | ipv4Bits(text);
  if (isIPv6(text)) return ipv6Bits(text.toLowerCase());
  return null;
}

/** 4 for an IPv4 address (held mapped, also when written `::ffff:a.b.c.d`), else 6. */
export function ipFamily(address: IpAddress): 4 | 6 {
  return address >> 32n === 0xffffn ? 4 : 6;
}

/** The IPv4 address an IPv6 address carries (IPv4-compatible, NAT64, 6to4), if any; null for IPv4 itself. */
export function embeddedIpv4(address: IpAddress): IpAddress | null {
  const low32 = address & 0xffffffffn;
  const top96 = address >> 32n;
  if (top96 === 0xffffn) return null; // already the mapped form, which is how IPv4 is held
  if (top96 === 0n && low32 > 1n) return MAPPED_PREFIX | low32; // ::a.b.c.d (IPv4-compatible)
  if (top96 === 0x64ff9bn << 64n) return MAPPED_PREFIX | low32; // 64:ff9b::/96 NAT64
  if (address >> 112n === 0x2002n) return MAPPED_PREFIX | ((address >> 80n) & 0xffffffffn); // 6to4
  return null;
}
