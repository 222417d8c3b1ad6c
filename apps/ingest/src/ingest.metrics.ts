import { Injectable } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';

@Injectable()
export class IngestMetrics {
  /** Events taken in, by kind (disposition, call_event) and outcome (accepted, invalid, unavailable). */
  readonly events: Counter<'kind' | 'outcome'>;

  constructor(registry: Registry) {
    this.events = new Counter({
      name: 'postback_ingest_events_total',
      help: 'Inbound events by kind and outcome',
      labelNames: ['kind', 'outcome'],
      registers: [registry],
    });
  }
}
