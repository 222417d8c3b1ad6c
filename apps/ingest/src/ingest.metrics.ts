import { Injectable } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';

@Injectable()
export class IngestMetrics {
  /**
   * Events taken in, by kind (disposition, call_event), source (operator-created, so bounded)
   * and outcome (accepted, duplicate, invalid, unavailable).
   */
  readonly events: Counter<'kind' | 'source_id' | 'outcome'>;
  /** Refused intake requests, by reason (missing_key, unknown_key, source_disabled, ip_not_allowed, signature_*). */
  readonly authFailures: Counter<'reason'>;
  /** Database lookups of API keys not in the cache, by result (found, unknown). */
  readonly sourceLookups: Counter<'result'>;
  /** Requests refused with 429, by source. */
  readonly rateLimited: Counter<'source_id'>;

  constructor(registry: Registry) {
    this.events = new Counter({
      name: 'postback_ingest_events_total',
      help: 'Inbound events by kind, source and outcome',
      labelNames: ['kind', 'source_id', 'outcome'],
      registers: [registry],
    });
    this.authFailures = new Counter({
      name: 'postback_ingest_auth_failures_total',
      help: 'Intake requests refused by authentication, by reason',
      labelNames: ['reason'],
      registers: [registry],
    });
    this.sourceLookups = new Counter({
      name: 'postback_ingest_source_lookups_total',
      help: 'Database lookups of uncached API keys, by result',
      labelNames: ['result'],
      registers: [registry],
    });
    this.rateLimited = new Counter({
      name: 'postback_ingest_rate_limited_total',
      help: 'Intake requests refused with 429, by source',
      labelNames: ['source_id'],
      registers: [registry],
    });
  }
}
