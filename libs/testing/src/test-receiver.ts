import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  receivedAt: number;
  /** The status written back, once it was (null while held, or when the client was gone). */
  answered?: number | null;
}

/** A scripted answer: status, body and headers, optionally after a delay (a slow receiver). */
export interface ScriptedResponse {
  status: number;
  /** Text, or bytes as they are (a GIF pixel, invalid UTF-8). */
  body?: string | Buffer;
  headers?: Record<string, string>;
  delayMs?: number;
  /** Hold the answer until this resolves (e.g. until the sender was killed). */
  until?: Promise<unknown>;
}

type Waiter = { match: (request: ReceivedRequest) => boolean; resolve: (request: ReceivedRequest) => void };

/**
 * A real HTTP server on 127.0.0.1 that records what client systems would receive.
 * `waitFor` resolves on the matching request's arrival (no polling, no sleeps).
 */
export class TestReceiver {
  readonly requests: ReceivedRequest[] = [];
  private readonly waiters = new Set<Waiter>();
  private server?: Server;
  private status = 200;
  private scripted?: (request: ReceivedRequest, index: number) => ScriptedResponse;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        const request: ReceivedRequest = {
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body,
          receivedAt: Date.now(),
        };
        this.requests.push(request);
        const reply = this.scripted?.(request, this.requests.length - 1) ?? { status: this.status };
        const answer = () => {
          if (res.destroyed || req.socket.destroyed) {
            request.answered = null;
            return;
          }
          res
            .writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers })
            .end(reply.body ?? 'ok');
          request.answered = reply.status;
        };
        if (reply.until) void reply.until.then(answer);
        else if (reply.delayMs) setTimeout(answer, reply.delayMs);
        else answer();
        for (const waiter of this.waiters) {
          if (waiter.match(request)) {
            this.waiters.delete(waiter);
            waiter.resolve(request);
          }
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Makes every later request answer with this status (e.g. 503 to exercise failures). */
  respondWith(status: number): void {
    this.status = status;
  }

  /** Answers each request as the script says; the index counts every request received so far. */
  script(answer: (request: ReceivedRequest, index: number) => ScriptedResponse): void {
    this.scripted = answer;
  }

  waitFor(match: (request: ReceivedRequest) => boolean, timeoutMs: number): Promise<ReceivedRequest> {
    const earlier = this.requests.find(match);
    if (earlier) return Promise.resolve(earlier);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { match, resolve };
      this.waiters.add(waiter);
      setTimeout(() => {
        if (this.waiters.delete(waiter)) {
          reject(
            new Error(
              `no matching request within ${timeoutMs} ms; received ${this.requests.length}: ${this.requests.map((r) => r.url).join(', ')}`,
            ),
          );
        }
      }, timeoutMs).unref();
    });
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server!.close(resolve));
  }
}
