import { HostileReceiver } from '@postback/testing';
import { runScenario } from '../support/fault-scenario';
import { FaultStack } from '../support/fault-stack';

/**
 * The services' PostgreSQL connections cut for 10 s under load (a proxy the test owns closes
 * every connection and refuses new ones), then restored: nothing accepted is lost, and a failure
 * to record an attempt never sends a delivered postback again (issue 11, item 1).
 */
describe('PostgreSQL connections cut under load', () => {
  const receiver = new HostileReceiver();
  let stack: FaultStack;

  beforeAll(async () => {
    await receiver.start();
    stack = await FaultStack.start({ postgresProxy: true });
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
    await receiver.stop();
  }, 60_000);

  it('decides and delivers every accepted disposition exactly once once PostgreSQL is back', async () => {
    const proxy = stack.postgresProxy!;
    const result = await runScenario({
      name: 'PostgreSQL cut 10 s',
      stack,
      receiver,
      endpoints: [{ mode: 'ok', expect: 'delivered' }],
      load: { ratePerSecond: 50, durationMs: 20_000 },
      fault: async ({ load }) => {
        await load.reached(5_000);
        await proxy.close();
        await load.reached(15_000);
        await proxy.open();
      },
      settleTimeoutMs: 120_000,
    });
    expect(result.problems).toEqual([]);
  }, 360_000);
});
