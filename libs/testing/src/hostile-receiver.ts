import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

/**
 * How a receiver behaves; the first path segment of the request picks it (`/<mode>/…`), so one
 * server stands behind several endpoints. "-once" modes misbehave on a delivery's first attempt
 * only and answer 200 to its retries, so that the run ends delivered, exactly once.
 */
export type ReceiverMode =
  | 'ok'
  /** Never answers the first attempt: the sender's timeout must end it. */
  | 'hang-once'
  /** 500 to every attempt: the delivery must be dead-lettered with its reason. */
  | 'error-500'
  /** 429 with Retry-After: 1 to the first attempt. */
  | 'throttle-429'
  /** 200 with `{"success":false}` to the first two attempts (the endpoint's body_pattern refuses it). */
  | 'failure-body'
  /** Resets the connection (TCP RST) on the first attempt, before any answer. */
  | 'reset-once'
  /** 200, then the body one byte every 200 ms, without end, on the first attempt. */
  | 'drip-once'
  /** 200 with a 1×1 GIF tracking pixel (binary, NUL bytes) to every attempt. */
  | 'binary'
  /** 200 with a gzip body that inflates to BOMB_BYTES, to every attempt. */
  | 'gzip-bomb';

/** The body pattern an endpoint in front of `failure-body` must be given. */
export const SUCCESS_BODY_PATTERN = '"success":\\s*true';

const GIF_PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
/** 16 MiB of zeros, about 16 KB on the wire: ~1000:1, as a real bomb; small enough for a shared CI box. */
export const BOMB_BYTES = 16 * 1024 * 1024;
let bomb: Buffer | undefined;

export interface HostileRequest {
  mode: string;
  webhookId: string;
  /** 1 for the first request with this webhook-id in this mode. */
  attempt: number;
  receivedAt: number;
  /** The answer was written in full and meant success: the receiver took the postback. */
  acknowledged: boolean;
}

/** Writes (or withholds) the answer; true when it means success to the sender. */
type Answer = (res: ServerResponse, req: IncomingMessage, attempt: number) => boolean;

const ok: Answer = (res) => {
  res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  return true;
};
const once =
  (misbehave: (res: ServerResponse, req: IncomingMessage) => void): Answer =>
  (res, req, attempt) => {
    if (attempt > 1) return ok(res, req, attempt);
    misbehave(res, req);
    return false;
  };

const ANSWERS: Record<ReceiverMode, Answer> = {
  ok,
  'hang-once': once(() => undefined),
  'error-500': (res) => {
    res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
    return false;
  },
  'throttle-429': (res, req, attempt) => {
    if (attempt > 1) return ok(res, req, attempt);
    res.writeHead(429, { 'retry-after': '1', 'content-type': 'text/plain' }).end('slow down');
    return false;
  },
  'failure-body': (res, _req, attempt) => {
    const success = attempt > 2;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ success }));
    return success;
  },
  'reset-once': once((_res, req) => req.socket.resetAndDestroy()),
  'drip-once': once((res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    const timer = setInterval(() => res.write('.'), 200);
    res.on('close', () => clearInterval(timer));
  }),
  binary: (res) => {
    res.writeHead(200, { 'content-type': 'image/gif', 'content-length': GIF_PIXEL.length }).end(GIF_PIXEL);
    return true;
  },
  'gzip-bomb': (res) => {
    bomb ??= gzipSync(Buffer.alloc(BOMB_BYTES), { level: 9 });
    res
      .writeHead(200, {
        'content-type': 'text/plain',
        'content-encoding': 'gzip',
        'content-length': bomb.length,
      })
      .end(bomb);
    return true;
  },
};

/**
 * A scripted hostile client system on 127.0.0.1 for the fault suite. It records every request
 * by webhook-id and whether it acknowledged it, so that a ledger can tell a postback taken twice
 * from one retried after a failure the receiver caused.
 */
export class HostileReceiver {
  readonly requests: HostileRequest[] = [];
  private readonly attempts = new Map<string, number>();
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      req.on('data', () => undefined);
      req.on('end', () => this.answer(req, res));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this.baseUrl;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  /** webhook-id → how many times it was acknowledged. */
  acknowledged(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const request of this.requests)
      if (request.acknowledged) counts.set(request.webhookId, (counts.get(request.webhookId) ?? 0) + 1);
    return counts;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server!.close(resolve));
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const mode = new URL(req.url ?? '/', 'http://receiver').pathname.split('/')[1] ?? '';
    const webhookId = String(req.headers['webhook-id'] ?? '');
    const key = `${mode}:${webhookId}`;
    const attempt = (this.attempts.get(key) ?? 0) + 1;
    this.attempts.set(key, attempt);
    const request: HostileRequest = { mode, webhookId, attempt, receivedAt: Date.now(), acknowledged: false };
    this.requests.push(request);
    const script = ANSWERS[mode as ReceiverMode];
    if (!script) {
      res.writeHead(404).end(`unknown receiver mode "${mode}"`);
      return;
    }
    const success = script(res, req, attempt);
    // Acknowledged only once the whole answer left: a hung or reset request never was.
    if (success) res.once('finish', () => (request.acknowledged = !res.destroyed));
  }
}
