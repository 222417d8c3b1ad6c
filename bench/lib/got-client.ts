import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { serve } from './child';
import { nowMs, summarise } from './stats';

/**
 * The ceiling for delivery: got alone, configured as GotPostbackSender configures it
 * (keep-alive agents with at most 256 sockets per host, no retries, no redirects, same timeouts), sending
 * `count` GETs to the receiver with `concurrency` in flight.
 */
serve(async (message) => {
  const { default: got } = await import('got');
  const agents = {
    http: new HttpAgent({ keepAlive: true, maxSockets: 256 }),
    https: new HttpsAgent({ keepAlive: true, maxSockets: 256 }),
  };
  const client = got.extend({
    agent: agents,
    timeout: { connect: 5000, request: 15000 },
    retry: { limit: 0 },
    followRedirect: false,
    throwHttpErrors: false,
    decompress: true,
  });
  const count = message.count as number;
  const baseUrl = message.baseUrl as string;
  const latencies: number[] = [];
  let next = 0;
  let ok = 0;
  const started = nowMs();
  const worker = async () => {
    while (next < count) {
      const n = next++;
      const t0 = nowMs();
      const response = await client(`${baseUrl}/ceiling?call_id=got-${n}&value=25.00`);
      if (response.statusCode < 300) ok++;
      latencies.push(nowMs() - t0);
    }
  };
  await Promise.all(Array.from({ length: message.concurrency as number }, worker));
  const elapsedMs = nowMs() - started;
  agents.http.destroy();
  return {
    requests: count,
    ok,
    elapsedMs: Math.round(elapsedMs),
    requestsPerSecond: Math.round((count / elapsedMs) * 1000),
    latencyMs: summarise(latencies),
  };
});
