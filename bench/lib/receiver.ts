import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { serve } from './child';
import { nowMs } from './stats';

/**
 * The client system, in its own process: answers at once, 200 — or, with `failEvery` = 5,
 * 503 to every fifth request (20%, spread evenly so that no run of failures trips the
 * circuit breaker by chance). Keeps, per call id, when each 2xx answer was sent, and
 * counts every request.
 */
const delivered = new Map<string, number[]>();
let requests = 0;
let failed = 0;
let failEvery = 0;
/** The call ids the load generator saw accepted, while an end-to-end run waits for them. */
let expected = new Set<string>();
/** How many of them arrived (kept as postbacks arrive: a soak expects 600,000 ids). */
let arrivedExpected = 0;

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    requests++;
    if (failEvery > 0 && requests % failEvery === 0) {
      failed++;
      res.writeHead(503, { 'content-type': 'text/plain' }).end('try later');
      return;
    }
    const at = nowMs();
    const callId = new URL(req.url ?? '/', 'http://receiver').searchParams.get('call_id') ?? '';
    const times = delivered.get(callId);
    if (times) times.push(at);
    else {
      delivered.set(callId, [at]);
      if (expected.has(callId)) arrivedExpected++;
    }
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
});

const listening = new Promise<number>((resolve) =>
  server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
);

serve(async (message) => {
  switch (message.op) {
    case 'port':
      return { port: await listening };
    case 'configure':
      // Counters start again with each configuration (one scenario each).
      failEvery = (message.failEvery as number) ?? 0;
      requests = 0;
      failed = 0;
      return {};
    case 'expect':
      expected = new Set(message.ids as string[]);
      arrivedExpected = 0;
      for (const id of expected) if (delivered.has(id)) arrivedExpected++;
      return {};
    case 'countExpected':
      return { distinct: arrivedExpected };
    case 'count': {
      const prefix = message.prefix as string;
      let distinct = 0;
      for (const id of delivered.keys()) if (id.startsWith(prefix)) distinct++;
      return { distinct, requests, failed };
    }
    case 'collect': {
      // Each call id of the prefix with the times it was delivered (successfully).
      const prefix = message.prefix as string;
      const out: Record<string, number[]> = {};
      for (const [id, times] of delivered) if (id.startsWith(prefix)) out[id] = times;
      return { delivered: out, requests, failed };
    }
    default:
      throw new Error(`unknown op ${String(message.op)}`);
  }
});
