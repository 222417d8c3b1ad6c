import got, { type Got, type Request, RequestError, type Response } from 'got';
import { type ClientRequest, Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { ByteCap } from './byte-cap';
import { PostbackSender, type SendResult, type TransportFailure } from './postback-sender';
import { renderResponseBody } from './response-body';
import { type OutboundRequest } from '../deliveries/render-request';
import { type Cidr } from '@postback/cidr';
import { type Resolver, SsrfRefusedError, guardedLookup, refuseTarget } from '../ssrf/guarded-lookup';

export interface SenderOptions {
  connectMs: number;
  /** The whole exchange, body included: a receiver that drips bytes is cut here. */
  totalMs: number;
  /** Response body bytes read (after decompression); past it the response is dropped (DELIVERY_RESPONSE_MAX_BYTES). */
  maxBodyBytes: number;
  /** Networks reachable although refused by the SSRF policy (DELIVERY_ALLOW_NETWORKS). */
  allow: readonly Cidr[];
  /** Resolves target names (the system resolver unless a test stubs DNS). */
  resolve?: Resolver;
  /** Told each time a request is sent again after a kept-alive connection turned out closed. */
  onStaleConnection?: () => void;
}

/** How a request sent on a reused connection fails when the receiver had closed it meanwhile. */
const STALE_CONNECTION_CODES = new Set(['ECONNRESET', 'EPIPE']);

/** Connections to one host at once, per agent (see GotPostbackSender's agents). */
export const MAX_SOCKETS_PER_HOST = 256;

/** Below this much time left in the attempt, a request lost to a stale connection is not sent again. */
const MIN_RESEND_MS = 100;

/** A request that failed on a kept-alive connection the receiver had closed, before any answer. */
class StaleConnectionError extends Error {
  constructor(override readonly cause: unknown) {
    super('kept-alive connection closed by the receiver');
  }
}

/**
 * Sends postbacks with got: keep-alive agents, connect and total timeouts, no retries (tiers
 * retry), no redirects (so a redirect can never lead to another host), every target address
 * checked against the SSRF policy, and the response body read only up to a limit.
 */
export class GotPostbackSender extends PostbackSender {
  private readonly client: Got;
  /** The same client on one-shot connections, for a request sent again after a stale one. */
  private readonly freshClient: Got;
  /**
   * At most MAX_SOCKETS_PER_HOST connections to one host: above the endpoint limiter's default
   * (DELIVERY_ENDPOINT_CONCURRENCY, 100), so that one endpoint's own limit decides what it has in
   * flight and requests the limiter let go do not wait in the agent's queue with their timeouts
   * running (64, the cap before, was below it); and a bound all the same, so that many
   * endpoints pointing at one slow host cannot take thousands of sockets and local ports.
   * Endpoints sharing a host share it.
   */
  private readonly agents = {
    http: new HttpAgent({ keepAlive: true, maxSockets: MAX_SOCKETS_PER_HOST }),
    https: new HttpsAgent({ keepAlive: true, maxSockets: MAX_SOCKETS_PER_HOST }),
  };
  /** One-shot connections, for a request sent again after a stale kept-alive one. */
  private readonly freshAgents = {
    http: new HttpAgent({ keepAlive: false, maxSockets: MAX_SOCKETS_PER_HOST }),
    https: new HttpsAgent({ keepAlive: false, maxSockets: MAX_SOCKETS_PER_HOST }),
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
    this.freshClient = this.client.extend({ agent: this.freshAgents });
  }

  async send(request: OutboundRequest): Promise<SendResult> {
    const started = performance.now();
    try {
      refuseTarget(request.url, this.options.allow);
      const { response, bytes, truncated } = await this.exchange(this.client, request).catch(
        (error: unknown) => {
          if (!(error instanceof StaleConnectionError)) throw error;
          // A reused kept-alive connection failed before any answer: most often the receiver
          // closed it as idle just as this request went out, and never read it. It goes once more
          // on a new connection, within what is left of the attempt's time. A receiver that did
          // read it (and then reset) gets it twice, as at least once allows: every postback
          // carries its Idempotency-Key, and Go's net/http resends such requests the same way.
          // Any other failure, or a second one, is the attempt's.
          const left = Math.round(this.options.totalMs - (performance.now() - started));
          if (left < MIN_RESEND_MS) throw error.cause;
          this.options.onStaleConnection?.();
          return this.exchange(this.freshClient, request, left).catch((again: unknown) => {
            throw again instanceof StaleConnectionError ? again.cause : again;
          });
        },
      );
      const received = renderResponseBody(bytes, header(response.headers['content-type']), truncated);
      return {
        status: response.statusCode,
        body: received.text,
        received,
        durationMs: Math.round(performance.now() - started),
        failure: null,
        retryAfter: header(response.headers['retry-after']),
      };
    } catch (error) {
      return {
        status: null,
        body: '',
        durationMs: Math.round(performance.now() - started),
        failure: failureOf(error),
      };
    }
  }

  /**
   * One exchange, within `totalMs` when given (the client's own timeout otherwise); a failure on
   * a reused connection before any answer is a StaleConnectionError.
   */
  private async exchange(client: Got, request: OutboundRequest, totalMs?: number) {
    let sentOn: ClientRequest | undefined;
    const stream = client.stream(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body ?? undefined,
      ...(totalMs === undefined ? {} : { timeout: { request: totalMs } }),
    });
    stream.once('request', (clientRequest: ClientRequest) => (sentOn = clientRequest));
    try {
      return await readCapped(stream, this.options.maxBodyBytes);
    } catch (error) {
      const stale =
        error instanceof RequestError &&
        error.response === undefined &&
        error.code !== undefined &&
        STALE_CONNECTION_CODES.has(error.code) &&
        sentOn?.reusedSocket === true;
      throw stale ? new StaleConnectionError(error) : error;
    }
  }

  close(): void {
    for (const agent of [this.agents, this.freshAgents]) {
      agent.http.destroy();
      agent.https.destroy();
    }
  }
}

/** Reads the body until its end or the limit; at the limit the response is destroyed, not drained. */
function readCapped(
  stream: Request,
  maxBytes: number,
): Promise<{ response: Response; bytes: Buffer; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const cap = new ByteCap(maxBytes);
    let response: Response | undefined;
    stream.once('response', (r: Response) => (response = r));
    stream.on('data', (chunk: Buffer) => {
      if (!cap.add(chunk)) return;
      stream.destroy();
      resolve({ response: response!, bytes: cap.bytes(), truncated: true });
    });
    stream.once('end', () => resolve({ response: response!, bytes: cap.bytes(), truncated: false }));
    stream.once('error', reject);
  });
}

/** Codes of requests that were never sent: trying again cannot help. */
const REFUSED_CODES = new Set(['ESSRF', 'EINVALIDURL']);

function failureOf(error: unknown): TransportFailure {
  const code = error instanceof RequestError || error instanceof SsrfRefusedError ? error.code : null;
  const message = error instanceof Error ? error.message : String(error);
  return { kind: code !== null && REFUSED_CODES.has(code) ? 'refused' : 'network', code, message };
}

function header(value: string | string[] | undefined): string | null {
  return (Array.isArray(value) ? value[0] : value) ?? null;
}
