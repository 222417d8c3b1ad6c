import { isIPv4 } from 'node:net';
import { type IpAddress, ipFamily, parseIp } from './ip-address';

/** A range: `base` and `prefix` in 128-bit terms (an IPv4 /8 is ::ffff:a.0.0.0/104). */
export interface Cidr {
  text: string;
  family: 4 | 6;
  base: IpAddress;
  prefix: number;
}

/** A text that is not a CIDR; the edge that read it names its field (see parseCidrList). */
export class CidrError extends Error {
  constructor(text: string) {
    super(`"${text}" is not a CIDR such as 10.0.0.0/8 or 2001:db8::/32`);
    this.name = 'CidrError';
  }
}

function mask(prefix: number): bigint {
  return prefix === 0 ? 0n : ((1n << 128n) - 1n) ^ ((1n << BigInt(128 - prefix)) - 1n);
}

/**
 * `10.0.0.0/8`, `2001:db8::/32`, or one address (a /32 or /128). An IPv4 range may be written
 * mapped (`::ffff:10.0.0.0/104` is 10.0.0.0/8). Throws a CidrError when malformed.
 */
export function parseCidr(raw: string): Cidr {
  const text = raw.trim();
  const [ip, bits, extra] = text.split('/').map((part) => part.trim());
  const address = parseIp(ip);
  const dotted = isIPv4(ip);
  const max = dotted ? 32 : 128;
  if (address === null || extra !== undefined || (bits !== undefined && !/^\d{1,3}$/.test(bits)))
    throw new CidrError(text);
  const length = bits === undefined ? max : Number(bits);
  if (length > max) throw new CidrError(text);
  const prefix = dotted ? 96 + length : length;
  const base = address & mask(prefix);
  // A range is IPv4 when it lies within ::ffff:0:0/96; ::/0 holds no IPv4 peer (one family each).
  const family = prefix >= 96 && ipFamily(base) === 4 ? 4 : 6;
  return { text, family, base, prefix };
}

/** Whether the text is a CIDR parseCidr takes (for validators that word their own message). */
export function isCidr(text: string): boolean {
  try {
    parseCidr(text);
    return true;
  } catch {
    return false;
  }
}

/** A configured or stored list of CIDRs; throws naming the field and the bad entry. */
export function parseCidrList(field: string, entries: readonly string[]): Cidr[] {
  return entries.map((entry) => {
    try {
      return parseCidr(entry);
    } catch (error) {
      throw new Error(`${field}: ${(error as Error).message}`);
    }
  });
}

/** Whether the address lies in the range; IPv4 and IPv6 ranges hold only their own family. */
export function inCidr(address: IpAddress, cidr: Cidr): boolean {
  return ipFamily(address) === cidr.family && (address & mask(cidr.prefix)) === cidr.base;
}

/** True when the text is an address in any of the ranges. */
export function ipInRanges(ranges: readonly Cidr[], text: string): boolean {
  const address = parseIp(text);
  return address !== null && ranges.some((cidr) => inCidr(address, cidr));
}
