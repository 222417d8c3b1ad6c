import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  receivedAt: number;
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

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        const request = {
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body,
          receivedAt: Date.now(),
        };
        this.requests.push(request);
        res.writeHead(this.status, { 'content-type': 'text/plain' }).end('ok');
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
