import { HostileReceiver, type ServiceName } from '@postback/testing';
import { runScenario } from '../support/fault-scenario';
import { FaultStack } from '../support/fault-stack';

/**
 * SIGKILL of each service mid-stream, then the same service started again, while a dialer
 * sends 50 dispositions/s: every disposition ingest answered 202 for is decided once and
 * delivered once (a killed ingest's unanswered requests were never accepted).
 */
describe('a service killed mid-stream and restarted loses and doubles nothing', () => {
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

  it.each<ServiceName>(['rules', 'delivery', 'ingest'])(
    'SIGKILL of %s',
    async (service) => {
      const result = await runScenario({
        name: `SIGKILL ${service}`,
        stack,
        receiver,
        endpoints: [{ mode: 'ok', expect: 'delivered' }],
        load: { ratePerSecond: 50, durationMs: 15_000 },
        fault: async ({ load, crash }) => {
          await load.reached(5_000);
          await crash(service);
        },
      });
      expect(result.problems).toEqual([]);
      // A real load went through: a killed ingest refuses requests for as long as it takes to
      // start again (about half the run on this machine), the other services for none of it.
      expect(result.report.accepted).toBeGreaterThan(result.load.sent / (service === 'ingest' ? 4 : 2));
    },
    240_000,
  );
});
