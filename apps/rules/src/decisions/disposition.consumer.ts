import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { type Config, InjectConfig } from '@postback/config';
import { type Disposition, Topic } from '@postback/contracts';
import { KafkaController, KafkaEventContext, type TransactionalOutbox, consume } from '@postback/kafka';
import { DecideDispositionUseCase } from './decide-disposition.usecase';
import { DispositionDeadLetters, ParkedDispositionDue, WAIT_DUE_HEADER } from './disposition-hooks';
import { CallStateStore } from '../calls/call-state.store';
import { RulesMetrics } from '../rules.metrics';
import { routeDisposition } from '../waiting/route-disposition';
import { WaitingDispositionStore } from '../waiting/waiting-disposition.store';

export const RULES_CONSUMER_GROUP = 'postback-rules';
export const RULES_WAIT_CONSUMER_GROUP = 'postback-rules-wait';

/**
 * dispositions.v1 → conversions.v1, exactly once: each decision commits with its input
 * offset. A disposition whose call is not known yet is parked on dispositions.wait (in the
 * same transaction) and decided when due, matched if its call events arrived meanwhile.
 */
@KafkaController()
export class DispositionConsumer {
  constructor(
    private readonly decide: DecideDispositionUseCase,
    private readonly calls: CallStateStore,
    private readonly waiting: WaitingDispositionStore,
    private readonly metrics: RulesMetrics,
    @InjectConfig() private readonly config: Config,
  ) {}

  @EventPattern(
    Topic.Dispositions,
    consume({
      group: RULES_CONSUMER_GROUP,
      transactional: true,
      batch: true,
      deadLetterTopic: Topic.DispositionsDlq,
      hooks: DispositionDeadLetters,
    }),
  )
  handle(@Payload() dispositions: Disposition[], @Ctx() context: KafkaEventContext): Promise<void> {
    return this.intake(dispositions, context.getOutbox());
  }

  @EventPattern(
    Topic.DispositionsWait,
    consume({
      group: RULES_WAIT_CONSUMER_GROUP,
      transactional: true,
      deadLetterTopic: Topic.DispositionsDlq,
      hooks: ParkedDispositionDue,
    }),
  )
  async release(@Payload() disposition: Disposition, @Ctx() context: KafkaEventContext): Promise<void> {
    await this.decide.execute(disposition, context.getOutbox());
    await this.waiting.release(disposition.event_id);
    this.metrics.waiting.inc({ event: 'released' });
  }

  /** A transaction's dispositions in their order: the calls and parked ones read once for all. */
  private async intake(dispositions: Disposition[], outbox: TransactionalOutbox): Promise<void> {
    const waitMs = this.config.rules.callWaitMs;
    const callIds = [...new Set(dispositions.map((d) => d.call_id))];
    const [calls, parked] = await Promise.all([
      this.calls.findMany(callIds),
      this.waiting.parkedAmong(callIds),
    ]);
    const toDecide: Disposition[] = [];
    const toPark: Disposition[] = [];
    for (const disposition of dispositions) {
      const route = routeDisposition({
        callKnown: calls.has(disposition.call_id),
        callHasParked: parked.has(disposition.call_id),
        waitMs,
      });
      if (route === 'decide') toDecide.push(disposition);
      else {
        toPark.push(disposition);
        parked.add(disposition.call_id); // the call's later ones in this batch wait behind it
      }
    }
    if (toDecide.length > 0) {
      const known = new Map(callIds.map((id) => [id, calls.get(id) ?? null]));
      await this.decide.executeAll(toDecide, outbox, known);
    }
    if (toPark.length === 0) return;
    const dueAt = new Date(Date.now() + waitMs);
    await this.waiting.parkAll(
      toPark.map((d) => ({ eventId: d.event_id, callId: d.call_id })),
      dueAt,
    );
    await outbox.send<Disposition>(
      Topic.DispositionsWait,
      toPark.map((disposition) => ({
        key: disposition.call_id,
        value: disposition,
        headers: {
          [WAIT_DUE_HEADER]: String(dueAt.getTime()),
          ...(disposition.traceparent ? { traceparent: disposition.traceparent } : {}),
        },
      })),
    );
    this.metrics.waiting.inc({ event: 'parked' }, toPark.length);
  }
}
