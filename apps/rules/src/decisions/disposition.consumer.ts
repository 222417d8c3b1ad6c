import { type BeforeApplicationShutdown, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { type Config, InjectConfig } from '@postback/config';
import { type Disposition, Topic } from '@postback/contracts';
import { type TransactionalOutbox, TransactionalConsumers } from '@postback/kafka';
import { DecideDispositionUseCase } from './decide-disposition.usecase';
import { CallStateStore } from '../calls/call-state.store';
import { RulesMetrics } from '../rules.metrics';
import { routeDisposition } from '../waiting/route-disposition';
import { WaitingDispositionStore } from '../waiting/waiting-disposition.store';

export const RULES_CONSUMER_GROUP = 'postback-rules';
export const RULES_WAIT_CONSUMER_GROUP = 'postback-rules-wait';
export const WAIT_DUE_HEADER = 'x-wait-due-at';
const RECHECK_MS = 1000;

/**
 * dispositions.v1 → conversions.v1, exactly once: each decision commits with its input
 * offset. A disposition whose call is not known yet is parked on dispositions.wait (in the
 * same transaction) and decided when due, matched if its call events arrived meanwhile.
 */
@Injectable()
export class DispositionConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly consumers: TransactionalConsumers,
    private readonly decide: DecideDispositionUseCase,
    private readonly calls: CallStateStore,
    private readonly waiting: WaitingDispositionStore,
    private readonly metrics: RulesMetrics,
    @InjectConfig() private readonly config: Config,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const common = {
      transactionalIdPrefix: `${this.config.kafka.clientId}-rules`,
      deadLetterTopic: Topic.DispositionsDlq,
      onDeadLetter: (reason: string) => this.metrics.deadLetters.inc({ reason }),
    };
    await this.consumers.start<Disposition>({
      ...common,
      groupId: RULES_CONSUMER_GROUP,
      topics: [Topic.Dispositions],
      handle: ({ value }, outbox) => this.intake([value], outbox),
      handleBatch: (events, outbox) =>
        this.intake(
          events.map(({ value }) => value),
          outbox,
        ),
    });
    await this.consumers.start<Disposition>({
      ...common,
      groupId: RULES_WAIT_CONSUMER_GROUP,
      topics: [Topic.DispositionsWait],
      notBefore: (headers, callId) => this.waitUntil(Number(headers[WAIT_DUE_HEADER]) || null, callId),
      handle: async ({ value }, outbox) => {
        await this.decide.execute(value, outbox);
        await this.waiting.release(value.event_id);
        this.metrics.waiting.inc({ event: 'released' });
      },
    });
  }

  /** Before the database and producers close: the batch in hand commits (or aborts) first. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.consumers.stopAll();
  }

  /**
   * A parked disposition is due at its header's time, or as soon as its call has ended
   * (checked again every RECHECK_MS while it waits), so known calls are not held back.
   */
  private async waitUntil(dueAt: number | null, callId: string | null): Promise<number | null> {
    if (dueAt === null || dueAt <= Date.now()) return null;
    if (callId && (await this.calls.hasEnded(callId))) return null;
    return Math.min(dueAt, Date.now() + RECHECK_MS);
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
