import { Agent, request } from 'node:http';
import { serve } from './child';
import { nowMs, summarise } from './stats';

/**
 * The load generator, in its own process: plain node:http with a keep-alive agent (no
 * dependency, little overhead per request). Two modes:
 * - closed: `concurrency` requests always in flight for `durationMs` (finds saturation);
 * - open: requests started at a fixed `rate` per second for `durationMs`, whatever the
 *   answers (end-to-end latency at a given load), each start time kept per call id.
 */
export interface Target {
  /** 'get': GET /v1/postback?…; 'batch': POST /v1/dispositions with `batch` items; 'bare': GET `path`. */
  kind: 'get' | 'batch' | 'bare';
  baseUrl: string;
  /** More instances of the same service: requests go round robin over baseUrl and these. */
  moreBaseUrls?: string[];
  apiKey?: string;
  batch?: number;
  path?: string;
  /** Call ids are `<prefix>-<n>`: unique per run, so nothing is deduplicated by accident. */
  prefix: string;
}

export interface LoadResult {
  requests: number;
  items: number;
  elapsedMs: number;
  requestsPerSecond: number;
  itemsPerSecond: number;
  statuses: Record<string, number>;
  non2xx: number;
  errors: number;
  latencyMs: ReturnType<typeof summarise>;
  /** Open mode: call id → start time (epoch ms) of each accepted request (2xx). */
  starts?: Record<string, number>;
  /** Open mode: call id → when its 2xx answer arrived (epoch ms). */
  answers?: Record<string, number>;
}

interface Shot {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  callIds: string[];
}

function shotMaker(target: Target): () => Shot {
  let n = 0;
  return (): Shot => {
    if (target.kind === 'bare') return { method: 'GET', path: target.path!, headers: {}, callIds: [] };
    if (target.kind === 'get') {
      const callId = `${target.prefix}-${n++}`;
      const query = `call_id=${callId}&disposition=Sale&value=25&timestamp=1796033700&api_key=${target.apiKey}`;
      return { method: 'GET', path: `/v1/postback?${query}`, headers: {}, callIds: [callId] };
    }
    const items = Array.from({ length: target.batch ?? 50 }, () => ({
      call_id: `${target.prefix}-${n++}`,
      disposition: 'Sale',
      value: '25',
      timestamp: '2026-11-30T10:15:00Z',
    }));
    return {
      method: 'POST',
      path: '/v1/dispositions',
      headers: { 'content-type': 'application/json', 'x-api-key': target.apiKey! },
      body: JSON.stringify(items),
      callIds: items.map((item) => item.call_id),
    };
  };
}

class Recorder {
  readonly latencies: number[] = [];
  readonly statuses: Record<string, number> = {};
  readonly starts: Record<string, number> = {};
  readonly answers: Record<string, number> = {};
  requests = 0;
  items = 0;
  errors = 0;

  record(shot: Shot, started: number, status: number | null, keepStarts: boolean): void {
    this.requests++;
    const key = status === null ? 'error' : String(status);
    this.statuses[key] = (this.statuses[key] ?? 0) + 1;
    if (status === null) this.errors++;
    if (status !== null && status >= 200 && status < 300) {
      const answered = nowMs();
      this.latencies.push(answered - started);
      this.items += Math.max(1, shot.callIds.length);
      if (keepStarts)
        for (const id of shot.callIds) [this.starts[id], this.answers[id]] = [started, answered];
    }
  }

  result(elapsedMs: number, keepStarts: boolean): LoadResult {
    const ok = this.latencies.length;
    return {
      requests: this.requests,
      items: this.items,
      elapsedMs: Math.round(elapsedMs),
      requestsPerSecond: Math.round((ok / elapsedMs) * 1000),
      itemsPerSecond: Math.round((this.items / elapsedMs) * 1000),
      statuses: this.statuses,
      non2xx: this.requests - ok - this.errors,
      errors: this.errors,
      latencyMs: summarise(this.latencies),
      ...(keepStarts ? { starts: this.starts, answers: this.answers } : {}),
    };
  }
}

function fire(agent: Agent, baseUrl: URL, shot: Shot): Promise<number | null> {
  return new Promise((resolve) => {
    const req = request(
      {
        agent,
        host: baseUrl.hostname,
        port: baseUrl.port,
        method: shot.method,
        path: shot.path,
        headers: shot.body
          ? { ...shot.headers, 'content-length': Buffer.byteLength(shot.body) }
          : shot.headers,
        timeout: 30_000,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? null));
        res.on('error', () => resolve(null));
      },
    );
    req.on('error', () => resolve(null));
    req.on('timeout', () => req.destroy());
    req.end(shot.body);
  });
}

async function closed(target: Target, concurrency: number, durationMs: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const base = new URL(target.baseUrl);
  const next = shotMaker(target);
  const recorder = new Recorder();
  const started = nowMs();
  const until = started + durationMs;
  const worker = async () => {
    while (nowMs() < until) {
      const shot = next();
      const t0 = nowMs();
      recorder.record(shot, t0, await fire(agent, base, shot), false);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const result = recorder.result(nowMs() - started, false);
  agent.destroy();
  return result;
}

async function open(target: Target, rate: number, durationMs: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const bases = [target.baseUrl, ...(target.moreBaseUrls ?? [])].map((url) => new URL(url));
  const next = shotMaker(target);
  const recorder = new Recorder();
  const started = nowMs();
  const total = Math.round((rate * durationMs) / 1000);
  const inFlight = new Set<Promise<void>>();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      // Catch up to the schedule: as many starts as the elapsed time asks for.
      const due = Math.min(total, Math.floor(((nowMs() - started) / 1000) * rate));
      while (sent < due) {
        sent++;
        const shot = next();
        const t0 = nowMs();
        const base = bases[sent % bases.length];
        const done = fire(agent, base, shot).then((status) => recorder.record(shot, t0, status, true));
        inFlight.add(done);
        void done.finally(() => inFlight.delete(done));
      }
      if (sent >= total) resolve();
      else setTimeout(tick, 2);
    };
    tick();
  });
  const sendingMs = nowMs() - started;
  await Promise.all(inFlight);
  const result = recorder.result(sendingMs, true);
  agent.destroy();
  return result;
}

serve(async (message) => {
  const target = message.target as Target;
  if (message.mode === 'closed')
    return closed(target, message.concurrency as number, message.durationMs as number);
  return open(target, message.rate as number, message.durationMs as number);
});
