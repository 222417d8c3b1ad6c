import { HostileReceiver } from '@postback/testing';
import { runScenario } from '../support/fault-scenario';
import { FaultStack } from '../support/fault-stack';
import { TcpProxy } from '../support/tcp-proxy';

/**
 * Client systems that misbehave, one endpoint each, under steady load: each delivery ends
 * acknowledged exactly once or dead-lettered with its reason, never sent again after a success,
 * never stuck. Timeouts and retry tiers are the fault stack's short ones (5 s; 1s,2s,3s).
 * All seven at once is the point: a receiver that hangs or drips on the retry path, or whose
 * circuit is open, must hold up no other endpoint's retries (time-boxed retries, due jobs of
 * different calls handled at once, an open circuit deferring a job on its tier without using
 * up a retry), or the others' deliveries are still retrying when the ledger is read.
 */
describe('hostile receivers', () => {
  const receiver = new HostileReceiver();
  let stack: FaultStack;

  beforeAll(async () => {
    await receiver.start();
    stack = await FaultStack.start();
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
    await receiver.stop();
  }, 60_000);

  it('flapping, hanging, 500, 429 with Retry-After, failure bodies, resets and drips', async () => {
    // Up 1.5 s, down 0.8 s (connections refused and cut), until the load has ended. Down for
    // less than the first retry delay (1 s): with 1.5 s down and the tiers at 1, 2 and 3 s, an
    // attempt early in a down window had its three retries fall into down windows too (offsets
    // 0, 1.1, 3.3 and 6.4 s against a 3 s period), and the delivery was dead-lettered although
    // the receiver was up half the time (CI, c90e0cb).
    const flap = new TcpProxy('127.0.0.1', Number(new URL(receiver.baseUrl).port));
    await flap.open();
    let flapping = true;
    const toggling = (async () => {
      while (flapping) {
        await new Promise((resolve) => setTimeout(resolve, 1500));
        await flap.close();
        await new Promise((resolve) => setTimeout(resolve, 800));
        await flap.open();
      }
    })();
    try {
      const result = await runScenario({
        name: 'hostile receivers',
        stack,
        receiver,
        endpoints: [
          { mode: 'ok', expect: 'delivered', baseUrl: `http://127.0.0.1:${flap.port}`, label: 'flapping' },
          { mode: 'hang-once', expect: 'delivered' },
          { mode: 'error-500', expect: 'dead-lettered' },
          { mode: 'throttle-429', expect: 'delivered' },
          { mode: 'failure-body', expect: 'delivered' },
          { mode: 'reset-once', expect: 'delivered' },
          { mode: 'drip-once', expect: 'delivered' },
        ],
        load: { ratePerSecond: 10, durationMs: 10_000 },
        // The 500 receiver's deliveries each need every real attempt, let through a circuit that
        // opens after five failures in a row: longer than the default 90 s on a loaded 2-core box.
        settleTimeoutMs: 150_000,
        fault: async ({ load }) => {
          await load.finished();
          flapping = false;
          await toggling;
        },
      });
      expect(result.problems).toEqual([]);
    } finally {
      flapping = false;
      await toggling;
      await flap.close();
    }
  }, 300_000);

  it('a binary body (1×1 GIF) and a gzip bomb', async () => {
    const result = await runScenario({
      name: 'binary and gzip-bomb receivers',
      stack,
      receiver,
      endpoints: [
        { mode: 'binary', expect: 'delivered' },
        { mode: 'gzip-bomb', expect: 'delivered' },
      ],
      load: { ratePerSecond: 10, durationMs: 10_000 },
    });
    expect(result.problems).toEqual([]);
  }, 300_000);
});
