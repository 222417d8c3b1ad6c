import { randomBytes } from 'node:crypto';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** W3C trace context: keep a valid inbound `traceparent`, else start a new trace. */
export function continueTrace(inbound: string | undefined): string {
  const match = inbound ? TRACEPARENT.exec(inbound.trim().toLowerCase()) : null;
  if (match && !/^0+$/.test(match[1]) && !/^0+$/.test(match[2])) {
    return `00-${match[1]}-${randomBytes(8).toString('hex')}-${match[3]}`;
  }
  return `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
}

export function traceIdOf(traceparent: string | null | undefined): string | undefined {
  return traceparent ? TRACEPARENT.exec(traceparent)?.[1] : undefined;
}
