import { LivenessRegistry } from './liveness.registry';

describe('LivenessRegistry', () => {
  it('is ok with no checks and while every check passes', () => {
    const registry = new LivenessRegistry();
    expect(registry.report()).toEqual({ status: 'ok', checks: {} });
    registry.add('consumers', () => undefined);
    expect(registry.report()).toEqual({ status: 'ok', checks: { consumers: 'up' } });
  });

  it('fails naming the check and its reason', () => {
    const registry = new LivenessRegistry();
    registry.add('consumers', () => {
      throw new Error('consumer not running for over 300000 ms: postback-rules (301 s)');
    });
    expect(registry.report()).toEqual({
      status: 'failing',
      checks: { consumers: 'down: consumer not running for over 300000 ms: postback-rules (301 s)' },
    });
  });
});
