import { Inject, Injectable } from '@nestjs/common';
import { type Logger } from 'pino';
import { ROOT_LOGGER } from '@postback/observability';
import { type AttemptInput, type SentAttempt, recordRetryable } from './attempt';
import { AttemptClaims } from './attempt-claims';
import { AttemptDelivery } from './attempt-delivery.usecase';
import { type AttemptToRecord, DeliveryBatchStore } from './delivery-batch.store';
import { OutcomePublisher } from './outcome-publisher';
import { retryUntil } from './retry-until';
import { ShutdownSignal } from './shutdown-signal';

/** A sent attempt with what it was for. */
export interface SentFor {
  input: AttemptInput;
  sent: SentAttempt;
}

/**
 * What follows a batch of sent first attempts, set-based: all recorded in one transaction,
 * then what follows each (AttemptDelivery.after: metrics, circuit, log line, retry path), and
 * the delivered ones' outcomes produced in one call — all before the caller resolves offsets.
 */
@Injectable()
export class SettleAttempts {
  constructor(
    private readonly store: DeliveryBatchStore,
    private readonly attempt: AttemptDelivery,
    private readonly outcomes: OutcomePublisher,
    private readonly shutdown: ShutdownSignal,
    private readonly claims: AttemptClaims,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  async settleAll(attempts: SentFor[]): Promise<void> {
    if (attempts.length === 0) return;
    const recorded = await this.recordAll(
      attempts.map(({ input, sent }) => ({
        delivery: input.delivery,
        attempt: sent.record,
        next: sent.next,
      })),
    );
    // Those recorded stand past the count their attempt read (superseded ones may not).
    for (const { input } of attempts) {
      const id = input.delivery.deliveryId;
      if (recorded.has(id)) this.claims.recordedAt(id, input.delivery.attempts + 1);
    }
    // Each one's retry path runs to its end before a failure of one is rethrown.
    const settled = await Promise.allSettled(
      attempts.map(({ input, sent }) =>
        this.attempt.after(input, sent, recorded.has(input.delivery.deliveryId)),
      ),
    );
    const delivered = settled.flatMap((result) =>
      result.status === 'fulfilled' && result.value.kind === 'delivered' ? [result.value] : [],
    );
    if (delivered.length > 0) {
      await this.outcomes.publishAll(
        delivered.map(({ job, statusCode }) => ({ job, outcome: 'delivered', statusCode, error: null })),
      );
    }
    const failed = settled.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /**
   * The requests went out: record them, waiting out a database that is away rather than failing
   * the batch, which would be replayed and sent again (as AttemptDelivery does for one). A try
   * whose commit answer was lost shows as the attempt counts moved on by one.
   */
  private recordAll(attempts: AttemptToRecord[]): Promise<Set<string>> {
    return retryUntil(
      async (tries) => {
        const recorded = await this.store.recordAll(attempts);
        if (tries === 1 || recorded.size === attempts.length) return recorded;
        const others = attempts.filter(({ delivery }) => !recorded.has(delivery.deliveryId));
        const now = await this.store.attemptsOf(others.map(({ delivery }) => delivery.deliveryId));
        for (const { delivery } of others) {
          if (now.get(delivery.deliveryId) === delivery.attempts + 1) recorded.add(delivery.deliveryId);
        }
        return recorded;
      },
      {
        initialMs: 200,
        maxMs: 5000,
        signal: this.shutdown.signal,
        retryable: recordRetryable,
        onError: (error) =>
          this.logger.warn(
            { err: error.message, deliveries: attempts.length },
            'recording the attempts failed; trying again',
          ),
      },
    );
  }
}
