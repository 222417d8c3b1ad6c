import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type Config, InjectConfig } from '@postback/config';

export interface EventRef {
  event_id: string;
  call_id: string;
}

export interface Claim {
  key: string;
  events: EventRef[];
}

export interface Recorded {
  state: 'pending' | 'done';
  events: EventRef[];
}

/** A claim still pending after this long belongs to a process that died mid-request. */
const STALE_PENDING_SECONDS = 60;

/**
 * Dedup state in PostgreSQL (ingest.idempotency_keys), so that it survives a restart.
 * A key is claimed (pending) before its events are produced, confirmed (done) once Kafka
 * acknowledged them, and released when the produce failed, so that a retry is not lost.
 */
@Injectable()
export class IdempotencyStore {
  private readonly windowSeconds: number;

  constructor(
    private readonly dataSource: DataSource,
    @InjectConfig() config: Config,
  ) {
    this.windowSeconds = Math.round(config.ingest.idempotencyWindowMs / 1000);
  }

  /** Claims the keys nobody holds (or whose record expired or went stale); returns those claimed. */
  async claim(sourceId: string, claims: Claim[]): Promise<Set<string>> {
    if (claims.length === 0) return new Set();
    const rows: { idem_key: string }[] = await this.dataSource.query(
      `INSERT INTO ingest.idempotency_keys AS k (source_id, idem_key, events, state, created_at)
       SELECT $1, key, events::jsonb, 'pending', now()
         FROM unnest($2::text[], $3::text[]) AS c(key, events)
       ON CONFLICT (source_id, idem_key) DO UPDATE
         SET events = EXCLUDED.events, state = 'pending', created_at = now()
         WHERE k.created_at < now() - make_interval(secs => $4)
            OR (k.state = 'pending' AND k.created_at < now() - make_interval(secs => $5))
       RETURNING idem_key`,
      [
        sourceId,
        claims.map((claim) => claim.key),
        claims.map((claim) => JSON.stringify(claim.events)),
        this.windowSeconds,
        STALE_PENDING_SECONDS,
      ],
    );
    return new Set(rows.map((row) => row.idem_key));
  }

  async recorded(sourceId: string, keys: string[]): Promise<Map<string, Recorded>> {
    if (keys.length === 0) return new Map();
    const rows: { idem_key: string; state: Recorded['state']; events: EventRef[] }[] =
      await this.dataSource.query(
        `SELECT idem_key, state, events FROM ingest.idempotency_keys WHERE source_id = $1 AND idem_key = ANY($2)`,
        [sourceId, keys],
      );
    return new Map(rows.map((row) => [row.idem_key, { state: row.state, events: row.events }]));
  }

  async confirm(sourceId: string, keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.dataSource.query(
      `UPDATE ingest.idempotency_keys SET state = 'done' WHERE source_id = $1 AND idem_key = ANY($2)`,
      [sourceId, keys],
    );
  }

  async release(sourceId: string, keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.dataSource.query(
      `DELETE FROM ingest.idempotency_keys WHERE source_id = $1 AND idem_key = ANY($2) AND state = 'pending'`,
      [sourceId, keys],
    );
  }

  /** Deletes records older than the window; returns how many. */
  async purgeExpired(): Promise<number> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM ingest.idempotency_keys WHERE created_at < now() - make_interval(secs => $1)`,
      [this.windowSeconds],
    );
    return count;
  }
}
