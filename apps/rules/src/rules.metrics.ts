import { Injectable } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';

@Injectable()
export class RulesMetrics {
  /** Decisions emitted to conversions.v1, by type and status (new, upgrade, reversal). */
  readonly decisions: Counter<'type' | 'status'>;
  /** Dispositions that changed nothing: unmatched by any rule, or the same outcome again. */
  readonly unchanged: Counter<'reason'>;

  constructor(registry: Registry) {
    this.decisions = new Counter({
      name: 'postback_decisions_total',
      help: 'Conversion decisions emitted, by type and status',
      labelNames: ['type', 'status'],
      registers: [registry],
    });
    this.unchanged = new Counter({
      name: 'postback_dispositions_unchanged_total',
      help: 'Dispositions that produced no decision, by reason',
      labelNames: ['reason'],
      registers: [registry],
    });
  }
}
