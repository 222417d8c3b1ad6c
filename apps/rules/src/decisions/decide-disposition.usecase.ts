import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type Logger } from 'pino';
import { type ConversionDecision, type Disposition, Topic } from '@postback/contracts';
import { type TransactionalOutbox } from '@postback/kafka';
import { ROOT_LOGGER, traceIdOf } from '@postback/observability';
import { decideChange } from './decide-change';
import { type CallState, attributeDisposition } from '../calls/attribute-disposition';
import { CallStateStore } from '../calls/call-state.store';
import { CampaignsRepository } from '../campaigns/campaigns.repository';
import { DecisionStore } from './decision.store';
import { toConversionDecision } from './to-conversion-decision';
import { evaluateDisposition } from '../rules/evaluate-disposition';
import { RulesRepository } from '../rules/rules.repository';
import { RulesMetrics } from '../rules.metrics';

/**
 * Disposition → at most one decision. The decision is stored (keyed by the disposition's
 * event id) and then produced through the caller's outbox, which commits it together with
 * the input offset (a Kafka transaction). A crash anywhere replays the event, which then
 * re-produces the stored decision rather than deciding twice; an aborted transaction's
 * output is never seen by read_committed readers.
 */
@Injectable()
export class DecideDispositionUseCase {
  constructor(
    private readonly rules: RulesRepository,
    private readonly calls: CallStateStore,
    private readonly campaigns: CampaignsRepository,
    private readonly store: DecisionStore,
    private readonly metrics: RulesMetrics,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  /** `knownCall`: the call's state as the caller just read it (saves reading it again). */
  async execute(
    disposition: Disposition,
    outbox: TransactionalOutbox,
    knownCall?: CallState | null,
  ): Promise<ConversionDecision | null> {
    const log = this.logger.child({
      call_id: disposition.call_id,
      event_id: disposition.event_id,
      trace_id: traceIdOf(disposition.traceparent),
    });
    const earlier = await this.store.findByEvent(disposition.event_id);
    if (earlier) {
      await publish(outbox, earlier);
      return earlier;
    }
    const stopTimer = this.metrics.evaluationSeconds.startTimer();
    const call = knownCall !== undefined ? knownCall : await this.calls.find(disposition.call_id);
    const campaign = call ? await this.campaigns.find(call.campaign_id) : null;
    const attributed = attributeDisposition(
      disposition.occurred_at,
      call,
      campaign && {
        id: campaign.id,
        value: campaign.value,
        currency: campaign.currency,
        attribution_window_seconds: campaign.attribution_window_seconds,
      },
    );
    const evaluation = evaluateDisposition(
      {
        disposition: disposition.disposition,
        value: disposition.value,
        campaign_id: attributed.campaign_id,
        buyer_id: attributed.buyer_id,
        publisher_id: attributed.publisher_id,
        campaign_value: attributed.campaign_value,
        duration_seconds: attributed.duration_seconds,
        custom_fields: disposition.custom_fields,
      },
      await this.rules.activeRules(),
    );
    stopTimer({ attribution: attributed.attribution });
    if (!evaluation) {
      this.metrics.unchanged.inc({ reason: 'no_rule' });
      log.warn({ disposition: disposition.disposition }, 'no rule matches this disposition');
      return null;
    }
    const decision = await this.store.withCallLocked(disposition.call_id, async (current, tx) => {
      // Decided before a crash (even if it changed nothing): judging it again against the
      // call's state now, which later events may have moved, would invent a change.
      if (await this.store.wasProcessed(tx, disposition.event_id)) return null;
      const change = decideChange(current, evaluation);
      const next = change
        ? toConversionDecision(disposition, evaluation, change, current, attributed, {
            decisionId: randomUUID(),
            decidedAt: new Date(),
          })
        : null;
      const recorded = next !== null && (await this.store.record(tx, next));
      await this.store.markProcessed(
        tx,
        disposition.event_id,
        disposition.call_id,
        recorded ? next.decision_id : null,
      );
      return recorded ? next : null;
    });
    if (!decision) {
      this.metrics.unchanged.inc({ reason: 'same_outcome' });
      log.info({ disposition: disposition.disposition }, 'decision made: outcome unchanged, nothing emitted');
      return null;
    }
    await publish(outbox, decision);
    this.metrics.decisions.inc({ type: decision.type, status: decision.status });
    log.info(
      {
        decision_id: decision.decision_id,
        type: decision.type,
        status: decision.status,
        rule: evaluation.reason,
        attribution: attributed.attribution,
      },
      'decision made',
    );
    return decision;
  }
}

function publish(outbox: TransactionalOutbox, decision: ConversionDecision): Promise<void> {
  return outbox.send<ConversionDecision>(Topic.Conversions, [
    {
      key: decision.call_id,
      value: decision,
      headers: decision.traceparent ? { traceparent: decision.traceparent } : {},
    },
  ]);
}
