import { type Cidr, ipInRanges, parseIp } from '@postback/cidr';

/**
 * The address a request came from. The socket's peer, unless that peer is a trusted proxy:
 * then X-Forwarded-For is read from the right, skipping trusted proxies, and the first other
 * address is the client. A forwarded header from anyone else is ignored (it is forgeable).
 */
export function clientAddress(
  socketAddress: string,
  forwardedFor: string | string[] | undefined,
  trustedProxies: readonly Cidr[],
): string {
  const socket = canonical(socketAddress);
  if (trustedProxies.length === 0 || !ipInRanges(trustedProxies, socket)) return socket;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? ''))
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  for (let index = hops.length - 1; index >= 0; index--) {
    if (!parseIp(hops[index])) return socket; // a malformed hop: trust nothing beyond it
    const hop = canonical(hops[index]);
    if (!ipInRanges(trustedProxies, hop)) return hop;
  }
  return hops.length > 0 ? canonical(hops[0]) : socket;
}

/** `::ffff:1.2.3.4` as `1.2.3.4`, so that logs and allow-lists see one form. */
function canonical(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address.trim());
  return mapped ? mapped[1] : address.trim();
}
