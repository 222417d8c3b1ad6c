import { Inject, Injectable } from '@nestjs/common';
import { type Logger } from 'pino';
import { type ConversionDecision, type Disposition, Topic } from '@postback/contracts';
import { type TransactionalOutbox } from '@postback/kafka';
import { ROOT_LOGGER, traceIdOf } from '@postback/observability';
import { type Evaluated, decideInOrder } from './decide-in-order';
import { type CallState, type CampaignTerms, attributeDisposition } from '../calls/attribute-disposition';
import { CallStateStore } from '../calls/call-state.store';
import { CampaignsRepository } from '../campaigns/campaigns.repository';
import { DecisionStore } from './decision.store';
import { storedDecisionAgain } from './stored-decision-again';
import { type KeptDisposition, KeptDispositionStore } from '../backtest/kept-disposition.store';
import { factsOf } from '../rules/disposition-facts';
import { evaluateDisposition } from '../rules/evaluate-disposition';
import { type Rule } from '../rules/rule';
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
    const context = await this.readContext(dispositions, knownCalls);
    const { evaluated, kept } = this.evaluateAll(dispositions, context);
    // Kept in the decisions' transaction (alone when nothing is to decide): a decision rolled
    // back leaves no kept row; a kept row is keyed so that the batch handled again adds none.
    const made = await this.decide(evaluated, kept);
    const results = dispositions.map((d) => {
      const stored = context.earlier.get(d.event_id);
      return stored ? storedDecisionAgain(stored, d) : (made.get(d.event_id) ?? null);
    });
    const repeats = results.filter(
      (decision, i) => !decision && context.earlier.has(dispositions[i].event_id),
    );
    if (repeats.length > 0) this.metrics.unchanged.inc({ reason: 'repeat' }, repeats.length);
    await produce(outbox, results);
    return results;
  }

  /** One query each: the decisions stored before, the calls not known yet, the rules, the campaigns. */
  private async readContext(
    dispositions: Disposition[],
    knownCalls?: Map<string, CallState | null>,
  ): Promise<BatchContext> {
    const unread = unique(dispositions.map((d) => d.call_id)).filter((id) => !knownCalls?.has(id));
    const [earlier, readCalls, rules] = await Promise.all([
      this.store.findByEvents(dispositions.map((d) => d.event_id)),
      unread.length > 0 ? this.calls.findMany(unread) : new Map<string, CallState>(),
      this.rules.activeRules(),
    ]);
    const callOf = (id: string) => knownCalls?.get(id) ?? readCalls.get(id) ?? null;
    const campaignIds = unique(dispositions.flatMap((d) => callOf(d.call_id)?.campaign_id ?? []));
    const campaigns = campaignIds.length > 0 ? await this.campaigns.findTerms(campaignIds) : new Map();
    return { earlier, rules, campaigns, callOf };
  }

  /**
   * Each disposition not decided before, attributed and evaluated; one no rule matches is logged
   * and left. `kept`: every disposition handled, repeats included, with its call as it was (for
   * backtests and the ledger).
   */
  private evaluateAll(
    dispositions: Disposition[],
    context: BatchContext,
  ): { evaluated: Evaluated[]; kept: KeptDisposition[] } {
    const evaluated: Evaluated[] = [];
    const kept: KeptDisposition[] = [];
    for (const disposition of dispositions) {
      const stopTimer = this.metrics.evaluationSeconds.startTimer();
      const call = context.callOf(disposition.call_id);
      const attributed = attributeDisposition(
        disposition.occurred_at,
        call,
        (call && context.campaigns.get(call.campaign_id)) ?? null,
      );
      kept.push({ disposition, call: attributed });
      if (context.earlier.has(disposition.event_id)) continue;
      const evaluation = evaluateDisposition(factsOf(disposition, attributed), context.rules);
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
    return { evaluated, kept };
  }

  /**
   * The evaluated dispositions decided under their calls' locks, the batch's kept rows written
   * in the same transaction: the decisions made, by event id.
   */
  private async decide(
    evaluated: Evaluated[],
    kept: KeptDisposition[],
  ): Promise<Map<string, ConversionDecision>> {
    const made = new Map<string, ConversionDecision>();
    if (evaluated.length === 0) {
      await this.kept.keep(kept);
      return made;
    }
    const outcomes = await this.store.decideLocked(
      unique(evaluated.map(({ disposition }) => disposition.call_id)),
      evaluated.map(({ disposition }) => disposition.event_id),
      (states, processed) => decideInOrder(evaluated, states, processed),
      (tx) => this.kept.keep(kept, tx),
    );
    for (const { decision } of outcomes) if (decision) made.set(decision.event_id, decision);
    this.report(evaluated, made);
    return made;
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

/** What a batch is decided against, read once. */
interface BatchContext {
  earlier: Map<string, ConversionDecision>;
  rules: Rule[];
  campaigns: Map<string, CampaignTerms>;
  callOf: (callId: string) => CallState | null;
}

/** The decisions to emit, in input order; one decision once, even if its disposition came twice. */
async function produce(outbox: TransactionalOutbox, results: (ConversionDecision | null)[]): Promise<void> {
  const output = [...new Set(results.filter((decision) => decision !== null))];
  if (output.length === 0) return;
  await outbox.send<ConversionDecision>(
    Topic.Conversions,
    output.map((decision) => ({
      key: decision.call_id,
      value: decision,
      headers: decision.traceparent ? { traceparent: decision.traceparent } : {},
    })),
  );
}
