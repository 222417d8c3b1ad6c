import { type BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { type Logger } from 'pino';
import { DataSource } from 'typeorm';
import { ROOT_LOGGER } from '@postback/observability';

const MINUTE_MS = 60_000;

/**
 * Counts accepted dispositions per minute of receipt in ingest.accepted_dispositions. Off the
 * request's path: a count is added in memory when Kafka acknowledged its events, and one upsert
 * at a time writes what gathered meanwhile (under load, one statement stands for many batches).
 * A failed write keeps its counts for the next one; shutdown writes what is left. A crash loses
 * the counts not yet written (at most one statement's worth): those minutes' `accepted` is then
 * too low, so their hour may show more decided than accepted (a negative gap) and could hide
 * dispositions really undecided; the ledger's gauge therefore counts each hour's gap from 0.
 */
@Injectable()
export class AcceptedCounter implements BeforeApplicationShutdown {
  private pending = new Map<number, number>();
  private writing: Promise<void> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  add(receivedAt: Date, count: number): void {
    const minute = Math.floor(receivedAt.getTime() / MINUTE_MS) * MINUTE_MS;
    this.pending.set(minute, (this.pending.get(minute) ?? 0) + count);
    this.writing ??= this.write();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.writing;
    if (this.pending.size > 0) await this.write();
  }

  private async write(): Promise<void> {
    while (this.pending.size > 0) {
      const counts = this.pending;
      this.pending = new Map();
      try {
        await this.dataSource.query(
          `INSERT INTO ingest.accepted_dispositions AS a (minute, count)
           SELECT to_timestamp(m / 1000.0), c FROM unnest($1::bigint[], $2::bigint[]) AS x(m, c)
           ON CONFLICT (minute) DO UPDATE SET count = a.count + EXCLUDED.count`,
          [[...counts.keys()], [...counts.values()]],
        );
      } catch (error) {
        for (const [minute, count] of counts)
          this.pending.set(minute, (this.pending.get(minute) ?? 0) + count);
        this.logger.error({ err: error }, 'counting accepted dispositions failed; kept for the next write');
        break;
      }
    }
    this.writing = null;
  }
}
