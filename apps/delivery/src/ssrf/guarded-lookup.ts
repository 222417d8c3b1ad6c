import { type LookupAddress, type LookupAllOptions, lookup as dnsLookup } from 'node:dns';
import { type LookupFunction, isIP } from 'node:net';
import { type Cidr } from '@postback/cidr';
import { refusalReason } from './address-policy';

/** A refused target; the attempt fails permanently with this code. */
export class SsrfRefusedError extends Error {
  readonly code = 'ESSRF';
  constructor(message: string) {
    super(message);
    this.name = 'SsrfRefusedError';
  }
}

/** What resolves names: node's `dns.lookup` (the system resolver) unless a test gives another. */
export type Resolver = (
  hostname: string,
  options: LookupAllOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/**
 * A DNS lookup for the HTTP agent that refuses a host when any address it resolves to is
 * refused. The socket connects to the address checked here, so a second, different answer
 * (DNS rebinding) cannot slip through between check and connect.
 */
export function guardedLookup(allow: readonly Cidr[], resolve: Resolver = dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      if (addresses.length === 0)
        return callback(new SsrfRefusedError(`${hostname} resolves to nothing`), '', 0);
      for (const { address } of addresses) {
        const reason = refusalReason(address, allow);
        if (reason) return callback(new SsrfRefusedError(`${hostname} resolves to ${reason}`), '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/**
 * Checked before sending: the scheme (only http and https), and IP literals, to which Node
 * connects without a lookup.
 */
export function refuseTarget(url: string, allow: readonly Cidr[]): void {
  const parsed = new URL(url);
  if (!/^https?:$/.test(parsed.protocol)) {
    throw new SsrfRefusedError(`${parsed.protocol} URLs are not sent (only http: and https:)`);
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) === 0) return;
  const reason = refusalReason(host, allow);
  if (reason) throw new SsrfRefusedError(reason);
}
