import { HostileReceiver } from '@postback/testing';
import { startTestStackAsync, stopTestRegistry, testStackRunning } from '../infra/local-stack';
import { runScenario } from '../support/fault-scenario';
import { FaultStack } from '../support/fault-stack';

/** The schema registry stopped for 30 s under load: schemas are cached, so the stream goes on. */
describe('the schema registry stopped for 30 s under load', () => {
  const receiver = new HostileReceiver();
  let stack: FaultStack;

  beforeAll(async () => {
    if (!testStackRunning())
      throw new Error('this test stops the registry of the test stack (.stack-test); run it there');
    await receiver.start();
    stack = await FaultStack.start();
  }, 240_000);

  afterAll(async () => {
    await startTestStackAsync();
    await stack?.stop();
    await receiver.stop();
  }, 120_000);

  it('decides and delivers every accepted disposition once, and every service is ready again', async () => {
    const result = await runScenario({
      name: 'schema registry stopped 30 s',
      stack,
      receiver,
      endpoints: [{ mode: 'ok', expect: 'delivered' }],
      load: { ratePerSecond: 50, durationMs: 40_000 },
      fault: async ({ load }) => {
        await load.reached(5_000);
        await stopTestRegistry();
        await load.reached(35_000); // the outage itself, not a wait for readiness
        await startTestStackAsync();
      },
      settleTimeoutMs: 120_000,
    });
    expect(result.problems).toEqual([]);
  }, 420_000);
});
