import { type LookupAddress, lookup as dnsLookup } from 'node:dns';
import { type LookupFunction, isIP } from 'node:net';
import { refusalReason } from './address-policy';
import { type Cidr } from './ip-address';

/** A refused target; the attempt fails permanently with this code. */
export class SsrfRefusedError extends Error {
  readonly code = 'ESSRF';
  constructor(message: string) {
    super(message);
    this.name = 'SsrfRefusedError';
  }
}

/**
 * A DNS lookup for the HTTP agent that refuses a host when any address it resolves to is
 * refused. The socket connects to the address checked here, so a second, different answer
 * (DNS rebinding) cannot slip through between check and connect.
 */
export function guardedLookup(allow: readonly Cidr[]): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      for (const { address } of addresses) {
        const reason = refusalReason(address, allow);
        if (reason) return callback(new SsrfRefusedError(`${hostname} resolves to ${reason}`), '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/** Node connects to IP literals without a lookup, so those are checked before sending. */
export function refuseLiteralHost(url: string, allow: readonly Cidr[]): void {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) === 0) return;
  const reason = refusalReason(host, allow);
  if (reason) throw new SsrfRefusedError(reason);
}
