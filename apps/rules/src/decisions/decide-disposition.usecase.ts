import { Inject, Injectable } from '@nestjs/common';
import { type Logger } from 'pino';
import { type ConversionDecision, type Disposition, Topic } from '@postback/contracts';
import { type TransactionalOutbox } from '@postback/kafka';
import { ROOT_LOGGER, traceIdOf } from '@postback/observability';
import { type Evaluated, decideInOrder } from './decide-in-order';
import { type CallState, attributeDisposition } from '../calls/attribute-disposition';
import { CallStateStore } from '../calls/call-state.store';
import { CampaignsRepository } from '../campaigns/campaigns.repository';
import { DecisionStore } from './decision.store';
import { storedDecisionAgain } from './stored-decision-again';
import { type KeptDisposition, KeptDispositionStore } from '../backtest/kept-disposition.store';
import { factsOf } from '../rules/disposition-facts';
import { evaluateDisposition } from '../rules/evaluate-disposition';
import { RulesRepository } from '../rules/rules.repository';
import { RulesMetrics } from '../rules.metrics';

/**
 * Disposition → at most one decision. The decision is stored (keyed by the disposition's
 * event id) and then produced through the caller's outbox, which commits it together with
 * the input offset (a Kafka transaction). A crash anywhere replays the event, which then
 * re-produces the stored decision rather than deciding twice; an aborted transaction's
 * output is never seen by read_committed readers.
 *
 * A transaction's batch is decided together: one query each for the stored decisions, the
 * calls and their campaigns, and one lock transaction for the lot (a round trip per
 * disposition was what limited rules under load); one call's dispositions in their order.
 */
@Injectable()
export class DecideDispositionUseCase {
  private readonly logger: Logger;

  constructor(
    private readonly rules: RulesRepository,
    private readonly calls: CallStateStore,
    private readonly campaigns: CampaignsRepository,
    private readonly store: DecisionStore,
    private readonly kept: KeptDispositionStore,
    private readonly metrics: RulesMetrics,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    // A line per disposition holds ids, labels and rule names, nothing a redaction path names:
    // redaction would leave it as it is, at several times the cost of the line (as in ingest).
    this.logger = logger.child({}, { redact: [] });
  }

  /** `knownCall`: the call's state as the caller just read it (saves reading it again). */
  async execute(
    disposition: Disposition,
    outbox: TransactionalOutbox,
    knownCall?: CallState | null,
  ): Promise<ConversionDecision | null> {
    const known = knownCall === undefined ? undefined : new Map([[disposition.call_id, knownCall]]);
    const [decision] = await this.executeAll([disposition], outbox, known);
    return decision;
  }

  /**
   * Dispositions in their input order → each one's decision (stored before, made now, or
   * none), produced in that order. `knownCalls`: calls the caller just read (null: unknown).
   */
  async executeAll(
    dispositions: Disposition[],
    outbox: TransactionalOutbox,
    knownCalls?: Map<string, CallState | null>,
  ): Promise<(ConversionDecision | null)[]> {
    const unread = unique(dispositions.map((d) => d.call_id)).filter((id) => !knownCalls?.has(id));
    const [earlier, readCalls, rules] = await Promise.all([
      this.store.findByEvents(dispositions.map((d) => d.event_id)),
      unread.length > 0 ? this.calls.findMany(unread) : new Map<string, CallState>(),
      this.rules.activeRules(),
    ]);
    const callOf = (id: string) => knownCalls?.get(id) ?? readCalls.get(id) ?? null;
    const campaignIds = unique(dispositions.flatMap((d) => callOf(d.call_id)?.campaign_id ?? []));
    const campaigns = campaignIds.length > 0 ? await this.campaigns.findTerms(campaignIds) : new Map();

    const evaluated: Evaluated[] = [];
    // Every disposition handled, repeats included, with its call as it was: backtests and the ledger.
    const kept: KeptDisposition[] = [];
    for (const disposition of dispositions) {
      const stopTimer = this.metrics.evaluationSeconds.startTimer();
      const call = callOf(disposition.call_id);
      const attributed = attributeDisposition(
        disposition.occurred_at,
        call,
        (call && campaigns.get(call.campaign_id)) ?? null,
      );
      kept.push({ disposition, call: attributed });
      if (earlier.has(disposition.event_id)) continue;
      const evaluation = evaluateDisposition(factsOf(disposition, attributed), rules);
      stopTimer({ attribution: attributed.attribution });
      if (!evaluation) {
        this.metrics.unchanged.inc({ reason: 'no_rule' });
        this.logger.warn(
          { ...logFields(disposition), disposition: disposition.disposition },
          'no rule matches this disposition',
        );
        continue;
      }
      evaluated.push({ disposition, evaluation, attributed });
    }

    const made = new Map<string, ConversionDecision>();
    const decide = async () => {
      if (evaluated.length === 0) return;
      const outcomes = await this.store.decideLocked(
        unique(evaluated.map(({ disposition }) => disposition.call_id)),
        evaluated.map(({ disposition }) => disposition.event_id),
        (states, processed) => decideInOrder(evaluated, states, processed),
      );
      for (const { decision } of outcomes) if (decision) made.set(decision.event_id, decision);
      this.report(evaluated, made);
    };
    // Side by side: a kept row is keyed so that the batch handled again after a failure adds none.
    await Promise.all([this.kept.keep(kept), decide()]);

    const results = dispositions.map((d) => {
      const stored = earlier.get(d.event_id);
      return stored ? storedDecisionAgain(stored, d) : (made.get(d.event_id) ?? null);
    });
    const repeats = results.filter((decision, i) => !decision && earlier.has(dispositions[i].event_id));
    if (repeats.length > 0) this.metrics.unchanged.inc({ reason: 'repeat' }, repeats.length);
    // One decision once, even if its disposition came twice in the batch.
    const output = [...new Set(results.filter((decision) => decision !== null))];
    if (output.length > 0)
      await outbox.send<ConversionDecision>(
        Topic.Conversions,
        output.map((decision) => ({
          key: decision.call_id,
          value: decision,
          headers: decision.traceparent ? { traceparent: decision.traceparent } : {},
        })),
      );
    return results;
  }

  private report(evaluated: Evaluated[], made: Map<string, ConversionDecision>): void {
    for (const { disposition, evaluation, attributed } of evaluated) {
      const decision = made.get(disposition.event_id);
      if (!decision) {
        this.metrics.unchanged.inc({ reason: 'same_outcome' });
        this.logger.info(
          { ...logFields(disposition), disposition: disposition.disposition },
          'decision made: outcome unchanged, nothing emitted',
        );
        continue;
      }
      this.metrics.decisions.inc({ type: decision.type, status: decision.status });
      this.logger.info(
        {
          ...logFields(disposition),
          decision_id: decision.decision_id,
          type: decision.type,
          status: decision.status,
          rule: evaluation.reason,
          attribution: attributed.attribution,
        },
        'decision made',
      );
    }
  }
}

const logFields = (disposition: Disposition) => ({
  call_id: disposition.call_id,
  event_id: disposition.event_id,
  trace_id: traceIdOf(disposition.traceparent),
});

const unique = <T>(items: T[]): T[] => [...new Set(items)];
