import { createRequire } from 'node:module';
import { patchKafkajsIdleTimer } from './kafkajs-idle-timer.patch';

interface Queue {
  pending: unknown[];
  inflight: Map<number, unknown>;
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  maybeThrottle(ms: number): void;
  push(request: unknown): void;
  fulfillRequest(response: { correlationId: number; payload: unknown; size: number }): void;
  checkPendingRequests(): void;
  destroy(): void;
}

const load = createRequire(__filename);
const RequestQueue = load('kafkajs/src/network/requestQueue') as new (options: object) => Queue;
const logger = { debug: () => undefined, warn: () => undefined, error: () => undefined };
const queue = (maxInFlightRequests: number | null = null): Queue =>
  new RequestQueue({
    instrumentationEmitter: null,
    maxInFlightRequests,
    requestTimeout: 30_000,
    enforceRequestTimeout: false,
    clientId: 'spec',
    broker: 'localhost:9092',
    logger,
  });

/** A request as a connection pushes it; `sent` counts the times it went out. */
const request = (correlationId: number, sent: number[]) => ({
  entry: { correlationId, apiName: 'Fetch', apiKey: 1, apiVersion: 11, resolve: () => undefined },
  expectResponse: true,
  sendRequest: () => sent.push(correlationId),
});

describe('patchKafkajsIdleTimer', () => {
  beforeAll(() => expect(patchKafkajsIdleTimer()).toBe(true));
  afterEach(() => jest.useRealTimers());

  it('arms no timer while no request waits (kafkajs 2.2.4 re-arms one every millisecond)', () => {
    const idle = queue();
    idle.checkPendingRequests(); // what a response or a timeout does
    expect(idle.throttleCheckTimeoutId).toBeNull();
    const sent: number[] = [];
    idle.push(request(1, sent));
    expect(sent).toEqual([1]);
    idle.fulfillRequest({ correlationId: 1, payload: null, size: 0 });
    expect(idle.throttleCheckTimeoutId).toBeNull();
    idle.destroy();
  });

  it('sends a request held by the client-side throttle when the throttle ends', () => {
    jest.useFakeTimers();
    const throttled = queue();
    throttled.maybeThrottle(500);
    const sent: number[] = [];
    throttled.push(request(1, sent));
    expect(sent).toEqual([]);
    jest.advanceTimersByTime(499);
    expect(sent).toEqual([]);
    jest.advanceTimersByTime(20);
    expect(sent).toEqual([1]);
    expect(throttled.throttleCheckTimeoutId).toBeNull();
    throttled.destroy();
  });

  it('sends a request held by the in-flight limit once the request before it is answered', () => {
    const limited = queue(1);
    const sent: number[] = [];
    limited.push(request(1, sent));
    limited.push(request(2, sent));
    expect(sent).toEqual([1]);
    limited.fulfillRequest({ correlationId: 1, payload: null, size: 0 });
    expect(sent).toEqual([1, 2]);
    limited.destroy();
  });

  it('patches once, whatever the number of clients', () => {
    expect(patchKafkajsIdleTimer()).toBe(true);
  });
});
