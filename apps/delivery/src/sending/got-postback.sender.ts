import got, { type Got, RequestError } from 'got';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { PostbackSender, type SendResult } from './postback-sender';
import { renderResponseBody } from './response-body';
import { type OutboundRequest } from '../deliveries/render-request';
import { type Cidr } from '../ssrf/ip-address';
import { type Resolver, SsrfRefusedError, guardedLookup, refuseTarget } from '../ssrf/guarded-lookup';

const BODY_KEPT = 2048;

export interface SenderOptions {
  connectMs: number;
  totalMs: number;
  /** Networks reachable although refused by the SSRF policy (DELIVERY_ALLOW_NETWORKS). */
  allow: readonly Cidr[];
  /** Resolves target names (the system resolver unless a test stubs DNS). */
  resolve?: Resolver;
}

/**
 * Sends postbacks with got: keep-alive agents, connect and total timeouts, no retries (tiers
 * retry), no redirects (so a redirect can never lead to another host), and every target
 * address checked against the SSRF policy.
 */
export class GotPostbackSender extends PostbackSender {
  private readonly client: Got;
  private readonly agents = {
    http: new HttpAgent({ keepAlive: true, maxSockets: 64 }),
    https: new HttpsAgent({ keepAlive: true, maxSockets: 64 }),
  };

  constructor(private readonly options: SenderOptions) {
    super();
    this.client = got.extend({
      agent: this.agents,
      dnsLookup: guardedLookup(options.allow, options.resolve),
      timeout: { connect: options.connectMs, request: options.totalMs },
      retry: { limit: 0 },
      followRedirect: false,
      throwHttpErrors: false,
      decompress: true,
    });
  }

  async send(request: OutboundRequest): Promise<SendResult> {
    const started = performance.now();
    try {
      refuseTarget(request.url, this.options.allow);
      const response = await this.client(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body ?? undefined,
        responseType: 'buffer',
      });
      const received = renderResponseBody(
        response.body.subarray(0, BODY_KEPT),
        header(response.headers['content-type']),
        response.body.length > BODY_KEPT,
      );
      return {
        status: response.statusCode,
        body: received.text,
        received,
        durationMs: Math.round(performance.now() - started),
        error: null,
        retryAfter: header(response.headers['retry-after']),
      };
    } catch (error) {
      const code =
        error instanceof RequestError || error instanceof SsrfRefusedError ? error.code : undefined;
      const message = error instanceof Error ? error.message : String(error);
      return {
        status: null,
        body: '',
        durationMs: Math.round(performance.now() - started),
        error: code ? `${code}: ${message}` : message,
      };
    }
  }

  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}

function header(value: string | string[] | undefined): string | null {
  return (Array.isArray(value) ? value[0] : value) ?? null;
}
