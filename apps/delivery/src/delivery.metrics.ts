import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';

@Injectable()
export class DeliveryMetrics {
  /** Attempts by endpoint and outcome (success, http_error, network_error); endpoint ids are bounded, call ids never labels. */
  readonly attempts: Counter<'endpoint_id' | 'outcome'>;
  readonly attemptSeconds: Histogram<'endpoint_id'>;
  /** From the disposition reaching ingest to the receiver acknowledging the postback. */
  readonly endToEndSeconds: Histogram;

  constructor(registry: Registry) {
    this.attempts = new Counter({
      name: 'postback_delivery_attempts_total',
      help: 'Outbound postback attempts, by endpoint and outcome',
      labelNames: ['endpoint_id', 'outcome'],
      registers: [registry],
    });
    this.attemptSeconds = new Histogram({
      name: 'postback_delivery_attempt_duration_seconds',
      help: 'Duration of one outbound postback attempt',
      labelNames: ['endpoint_id'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15],
      registers: [registry],
    });
    this.endToEndSeconds = new Histogram({
      name: 'postback_end_to_end_seconds',
      help: 'From disposition received by ingest to postback acknowledged by the receiver',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    });
  }
}
