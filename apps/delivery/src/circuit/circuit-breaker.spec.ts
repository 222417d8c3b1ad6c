import { CircuitBreaker } from './circuit-breaker';

describe('CircuitBreaker', () => {
  let now = 0;
  const breaker = () =>
    new CircuitBreaker(
      { threshold: 3, cooldownMs: 1000, disableAfterMs: 10_000, failureGapMs: 10_000 },
      () => now,
    );

  beforeEach(() => (now = 1_000_000));

  it('opens after the threshold of consecutive failures, for the cool-down', () => {
    const circuit = breaker();
    expect(circuit.onFailure('e1')).toEqual({ opened: false, disable: false });
    expect(circuit.onFailure('e1')).toEqual({ opened: false, disable: false });
    expect(circuit.isOpen('e1')).toBe(false);
    expect(circuit.onFailure('e1')).toEqual({ opened: true, disable: false });
    expect(circuit.isOpen('e1')).toBe(true);
    expect(circuit.isOpen('e2')).toBe(false);
    now += 1000;
    expect(circuit.isOpen('e1')).toBe(false);
  });

  it('reopens when the half-open attempt fails, and closes on a success', () => {
    const circuit = breaker();
    for (let i = 0; i < 3; i++) circuit.onFailure('e1');
    now += 1000;
    expect(circuit.onFailure('e1')).toEqual({ opened: true, disable: false });
    expect(circuit.isOpen('e1')).toBe(true);
    circuit.onSuccess('e1');
    expect(circuit.isOpen('e1')).toBe(false);
    expect(circuit.onFailure('e1')).toEqual({ opened: false, disable: false });
  });

  it('asks to disable an endpoint that failed continuously for the configured time', () => {
    const circuit = breaker();
    circuit.onFailure('e1');
    now += 9_999;
    expect(circuit.onFailure('e1').disable).toBe(false);
    now += 1;
    expect(circuit.onFailure('e1').disable).toBe(true);
  });

  it('starts counting again after a success', () => {
    const circuit = breaker();
    circuit.onFailure('e1');
    now += 20_000;
    circuit.onSuccess('e1');
    expect(circuit.onFailure('e1').disable).toBe(false);
  });

  it('does not count failures far apart with nothing between as failing continuously', () => {
    const circuit = breaker();
    circuit.onFailure('e1');
    circuit.onFailure('e1');
    now += 86_400_000; // a day later, nothing in between
    expect(circuit.onFailure('e1')).toEqual({ opened: false, disable: false });
    now += 10_000;
    circuit.onFailure('e1');
    expect(circuit.isOpen('e1')).toBe(false); // two in this run, not three
    expect(circuit.onFailure('e1')).toEqual({ opened: true, disable: true }); // 10 s of failing, within the gap
  });

  it('keeps the run while failures come within the gap', () => {
    const circuit = breaker();
    expect(circuit.onFailure('e1').disable).toBe(false);
    now += 10_000;
    expect(circuit.onFailure('e1').disable).toBe(true);
  });
});
