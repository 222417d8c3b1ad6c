import { ReadinessRegistry } from './readiness.registry';

describe('ReadinessRegistry', () => {
  it('is ready when every check resolves', async () => {
    const registry = new ReadinessRegistry();
    registry.add('kafka', async () => undefined);
    registry.add('postgres', async () => undefined);
    expect(await registry.report()).toEqual({ ready: true, checks: { kafka: 'up', postgres: 'up' } });
  });

  it('is not ready when one check fails, and says why', async () => {
    const registry = new ReadinessRegistry();
    registry.add('kafka', async () => undefined);
    registry.add('postgres', async () => {
      throw new Error('connection refused');
    });
    expect(await registry.report()).toEqual({
      ready: false,
      checks: { kafka: 'up', postgres: 'down: connection refused' },
    });
  });

  it('is not ready once draining for a shutdown, whatever the checks say', async () => {
    const registry = new ReadinessRegistry();
    registry.add('kafka', async () => undefined);
    registry.drain();
    expect(await registry.report()).toEqual({
      ready: false,
      checks: { kafka: 'up', shutdown: 'down: shutting down' },
    });
  });
});
