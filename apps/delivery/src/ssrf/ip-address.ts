import { isIPv4, isIPv6 } from 'node:net';

/** An address as 128 bits; IPv4 is held in its IPv4-mapped form (::ffff:a.b.c.d), so both families compare alike. */
export type Address128 = bigint;

const MAPPED_PREFIX = 0xffffn << 32n;

function ipv4Bits(ip: string): bigint {
  return ip.split('.').reduce((bits, octet) => (bits << 8n) | BigInt(Number(octet)), 0n);
}

function ipv6Bits(ip: string): bigint {
  let text = ip.replace(/%.*$/, '');
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (dotted) {
    const v4 = ipv4Bits(dotted);
    text = `${text.slice(0, -dotted.length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const groups = (part: string) => (part ? part.split(':').map((g) => BigInt(parseInt(g, 16))) : []);
  const [head, rest] = text.split('::');
  const left = groups(head);
  const right = rest === undefined ? [] : groups(rest);
  const zeros = Array<bigint>(8 - left.length - right.length).fill(0n);
  return [...left, ...zeros, ...right].reduce((bits, group) => (bits << 16n) | group, 0n);
}

/** Parses an IPv4 or IPv6 literal (brackets and zone ids allowed); null when it is not one. */
export function parseAddress(ip: string): Address128 | null {
  const bare = ip.replace(/^\[|\]$/g, '');
  if (isIPv4(bare)) return MAPPED_PREFIX | ipv4Bits(bare);
  if (isIPv6(bare)) return ipv6Bits(bare);
  return null;
}

export interface Cidr {
  text: string;
  base: Address128;
  prefix: number;
}

/** `10.0.0.0/8`, `fc00::/7`, or a single address (`127.0.0.1` = /32, `::1` = /128). */
export function parseCidr(text: string): Cidr {
  const [ip, bits, extra] = text.trim().split('/');
  const base = parseAddress(ip);
  const v4 = isIPv4(ip);
  const max = v4 ? 32 : 128;
  const length = bits === undefined ? max : Number(bits);
  if (base === null || extra !== undefined || !/^\d{1,3}$/.test(bits ?? String(max)) || length > max) {
    throw new Error(`"${text}" is not a CIDR such as 10.0.0.0/8 or fc00::/7`);
  }
  const prefix = v4 ? 96 + length : length;
  return { text: text.trim(), base: base & mask(prefix), prefix };
}

function mask(prefix: number): bigint {
  return prefix === 0 ? 0n : ((1n << 128n) - 1n) ^ ((1n << BigInt(128 - prefix)) - 1n);
}

export function inCidr(address: Address128, cidr: Cidr): boolean {
  return (address & mask(cidr.prefix)) === cidr.base;
}

/** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), if any. */
export function embeddedIpv4(address: Address128): Address128 | null {
  const low32 = address & 0xffffffffn;
  const top96 = address >> 32n;
  if (top96 === 0xffffn) return null; // already the mapped form, which is how IPv4 is held
  if (top96 === 0n && low32 > 1n) return MAPPED_PREFIX | low32; // ::a.b.c.d (IPv4-compatible)
  if (top96 === 0x64ff9bn << 64n) return MAPPED_PREFIX | low32; // 64:ff9b::/96 NAT64
  if (address >> 112n === 0x2002n) return MAPPED_PREFIX | ((address >> 80n) & 0xffffffffn); // 6to4
  return null;
}
