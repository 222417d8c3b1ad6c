import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';

@Injectable()
export class RulesMetrics {
  /** Decisions emitted to conversions.v1, by type and status (new, upgrade, reversal). */
  readonly decisions: Counter<'type' | 'status'>;
  /** Dispositions that changed nothing: unmatched by any rule, or the same outcome again. */
  readonly unchanged: Counter<'reason'>;
  /** Call events merged into call state, by event type. */
  readonly callEvents: Counter<'type'>;
  /** Input messages sent to the dead-letter topic because they can never be decoded, by reason. */
  readonly deadLetters: Counter<'reason'>;
  /** Dispositions parked to wait for their call's events, and released from the wait. */
  readonly waiting: Counter<'event'>;
  /** Time to evaluate one disposition: call state, campaign, current rules and the evaluator. */
  readonly evaluationSeconds: Histogram<'attribution'>;

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
    this.callEvents = new Counter({
      name: 'postback_call_events_total',
      help: 'Call events merged into call state, by type',
      labelNames: ['type'],
      registers: [registry],
    });
    this.deadLetters = new Counter({
      name: 'postback_rules_dead_letters_total',
      help: 'Dispositions sent to the dead-letter topic, by reason',
      labelNames: ['reason'],
      registers: [registry],
    });
    this.waiting = new Counter({
      name: 'postback_dispositions_waiting_total',
      help: 'Dispositions parked to wait for call events (parked) and decided after the wait (released)',
      labelNames: ['event'],
      registers: [registry],
    });
    this.evaluationSeconds = new Histogram({
      name: 'postback_rule_evaluation_seconds',
      help: 'Time to decide one disposition, by attribution',
      labelNames: ['attribution'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    });
  }
}
