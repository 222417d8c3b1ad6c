import { Injectable } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';

/** What per-endpoint limits and slow receivers cost: waits, and deliveries handed to the retry path. */
@Injectable()
export class ThrottleMetrics {
  /** Requests that waited for an in-flight slot or a rate token of their endpoint. */
  readonly throttled: Counter<'endpoint_id'>;
  readonly throttledSeconds: Counter<'endpoint_id'>;
  /**
   * First attempts handed to the retry path instead of holding the decision's partition:
   * `busy` (the endpoint's in-flight or rate limit was reached; nothing sent) or `slow` (the
   * request still ran after the first-attempt budget; it goes on, its result is recorded).
   */
  readonly handedOff: Counter<'endpoint_id' | 'reason'>;

  constructor(registry: Registry) {
    this.throttled = new Counter({
      name: 'postback_delivery_throttled_total',
      help: "Postback requests that waited for their endpoint's in-flight or rate limit, by endpoint",
      labelNames: ['endpoint_id'],
      registers: [registry],
    });
    this.throttledSeconds = new Counter({
      name: 'postback_delivery_throttled_seconds_total',
      help: "Time postback requests waited for their endpoint's in-flight or rate limit, by endpoint",
      labelNames: ['endpoint_id'],
      registers: [registry],
    });
    this.handedOff = new Counter({
      name: 'postback_delivery_handed_off_total',
      help: 'First attempts handed to the retry path (busy: limit reached, slow: past the budget), by endpoint',
      labelNames: ['endpoint_id', 'reason'],
      registers: [registry],
    });
  }

  observeWait(endpointId: string, waitedMs: number): void {
    this.throttled.inc({ endpoint_id: endpointId });
    this.throttledSeconds.inc({ endpoint_id: endpointId }, waitedMs / 1000);
  }
}
