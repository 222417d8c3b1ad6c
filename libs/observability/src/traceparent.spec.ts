import { continueTrace, traceIdOf } from './traceparent';

describe('continueTrace', () => {
  const inbound = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

  it('keeps the trace id of a valid inbound traceparent with a new span id', () => {
    const next = continueTrace(inbound);
    expect(traceIdOf(next)).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(next).not.toBe(inbound);
    expect(next).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it.each([undefined, '', 'garbage', '00-00000000000000000000000000000000-00f067aa0ba902b7-01'])(
    'starts a new trace for %p',
    (value) => {
      const next = continueTrace(value);
      expect(next).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      expect(traceIdOf(next)).not.toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    },
  );

  it('gives distinct ids across many traces (the random pool is refilled, never reused)', () => {
    const traces = Array.from({ length: 2000 }, () => continueTrace(undefined));
    const traceIds = new Set(traces.map((trace) => trace.slice(3, 35)));
    const spanIds = new Set(traces.map((trace) => trace.slice(36, 52)));
    expect(traceIds.size).toBe(2000);
    expect(spanIds.size).toBe(2000);
    expect(new Set(Array.from({ length: 2000 }, () => continueTrace(inbound).slice(36, 52))).size).toBe(2000);
  });
});
