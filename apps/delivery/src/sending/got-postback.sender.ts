import got, { type Got, RequestError } from 'got';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { PostbackSender, type SendResult } from './postback-sender';
import { type OutboundRequest } from '../deliveries/render-request';

const BODY_KEPT = 2048;

/** Sends postbacks with got: keep-alive agents, connect and total timeouts, no retries (tiers retry), no redirects. */
export class GotPostbackSender extends PostbackSender {
  private readonly client: Got;
  private readonly agents = {
    http: new HttpAgent({ keepAlive: true, maxSockets: 64 }),
    https: new HttpsAgent({ keepAlive: true, maxSockets: 64 }),
  };

  constructor(timeouts: { connectMs: number; totalMs: number }) {
    super();
    this.client = got.extend({
      agent: this.agents,
      timeout: { connect: timeouts.connectMs, request: timeouts.totalMs },
      retry: { limit: 0 },
      followRedirect: false,
      throwHttpErrors: false,
      decompress: true,
    });
  }

  async send(request: OutboundRequest): Promise<SendResult> {
    const started = performance.now();
    try {
      const response = await this.client(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body ?? undefined,
      });
      return {
        status: response.statusCode,
        body: response.body.slice(0, BODY_KEPT),
        durationMs: Math.round(performance.now() - started),
        error: null,
        retryAfter: header(response.headers['retry-after']),
      };
    } catch (error) {
      const code = error instanceof RequestError ? error.code : undefined;
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
