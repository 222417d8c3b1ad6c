import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type Logger } from 'pino';
import { DataSource } from 'typeorm';
import { type Config, InjectConfig } from '@postback/config';
import { Topic } from '@postback/contracts';
import { ROOT_LOGGER } from '@postback/observability';
import { RetryQueue, jobOf } from './retry-queue';
import { DeliveryEntity } from '../deliveries/delivery.entity';
import { DeliveryMetrics } from '../delivery.metrics';

/**
 * Claims, one instance at a time (a transaction-scoped advisory lock), the deliveries left
 * waiting well past their due time — `retrying` with no job (a produce that failed, whatever
 * the cause) or `pending` with no consumer on it — and makes them `retrying`, due now. Claimed
 * rows are no longer past the grace, so a second instance finds nothing of them.
 */
const CLAIM = `
  UPDATE delivery.deliveries SET status = 'retrying', next_attempt_at = now(), updated_at = now()
  WHERE delivery_id IN (
    SELECT delivery_id FROM delivery.deliveries
    WHERE status IN ('pending', 'retrying') AND updated_at < $1 AND coalesce(next_attempt_at, updated_at) < $1
    ORDER BY updated_at
    LIMIT $2
    FOR UPDATE SKIP LOCKED)
  RETURNING delivery_id`;

/** Every DELIVERY_RECOVERY_INTERVAL_MS: orphaned deliveries get a retry job again (at most a batch per run). */
@Injectable()
export class OrphanSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: RetryQueue,
    private readonly metrics: DeliveryMetrics,
    @InjectConfig() private readonly config: Config,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.runOnce()
        .catch((error: Error) =>
          this.logger.warn({ err: error.message }, 'orphan sweep failed; next run retries'),
        )
        .finally(() => (this.running = undefined));
    }, this.config.deliveryRecovery.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Claims and re-enqueues one batch; the number of deliveries recovered (0 when another instance holds the lock). */
  async runOnce(): Promise<number> {
    const { graceMs, batchSize } = this.config.deliveryRecovery;
    const ids = await this.dataSource.transaction(async (tx) => {
      const [lock] = (await tx.query(
        `SELECT pg_try_advisory_xact_lock(hashtext('delivery-orphan-sweep')) AS locked`,
      )) as {
        locked: boolean;
      }[];
      if (!lock.locked) return [];
      const [rows] = (await tx.query(CLAIM, [new Date(Date.now() - graceMs), batchSize])) as [
        { delivery_id: string }[],
      ];
      return rows.map((row) => row.delivery_id);
    });
    const schedule = this.config.delivery.retrySchedule;
    for (const id of ids) {
      const delivery = await this.dataSource
        .getRepository(DeliveryEntity)
        .findOneByOrFail({ deliveryId: id });
      // The step its attempts put it on (the first after the attempts made), due now.
      const step = Math.min(Math.max(delivery.attempts - 1, 0), schedule.length - 1);
      await this.queue.enqueue(
        jobOf(delivery, Topic.Conversions),
        step,
        Date.now(),
        'recovered: no retry job',
      );
      this.metrics.orphansRecovered.inc();
      this.logger.warn(
        {
          call_id: delivery.callId,
          delivery_id: id,
          endpoint_id: delivery.endpointId,
          attempt: delivery.attempts,
        },
        'orphaned delivery recovered: retry job produced again',
      );
    }
    return ids.length;
  }
}
