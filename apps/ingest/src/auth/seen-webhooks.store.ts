import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CoalescingBatcher } from '../idempotency/coalescing-batcher';

interface Sighting {
  sourceId: string;
  webhookId: string;
  signedAt: number;
}

/**
 * The signed requests seen within the signature tolerance, in PostgreSQL: ingest runs as
 * several instances behind one address, and a replay sent to another instance than the
 * original must be refused too, which an in-process map cannot do. Only sources that require
 * signatures pay for it, one coalesced INSERT per signed request; retention purges rows once
 * their timestamp is outside the tolerance (a replay of them is stale anyway).
 */
@Injectable()
export class SeenWebhooks {
  private readonly sightings = new CoalescingBatcher<Sighting, boolean>((items) => this.recordAll(items));

  constructor(private readonly dataSource: DataSource) {}

  /** True the first time this (source, webhook-id, webhook-timestamp) is seen, false for a replay. */
  firstSighting(sourceId: string, webhookId: string, signedAt: number): Promise<boolean> {
    return this.sightings.submit({ sourceId, webhookId, signedAt });
  }

  private async recordAll(items: Sighting[]): Promise<boolean[]> {
    const rows: { source_id: string; webhook_id: string; signed_at: string }[] = await this.dataSource.query(
      `INSERT INTO ingest.seen_webhooks (source_id, webhook_id, signed_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::bigint[])
       ON CONFLICT DO NOTHING
       RETURNING source_id, webhook_id, signed_at`,
      [items.map((i) => i.sourceId), items.map((i) => i.webhookId), items.map((i) => i.signedAt)],
    );
    const id = (s: string, w: string, t: string | number) => `${s}\n${w}\n${t}`;
    const fresh = new Set(rows.map((row) => id(row.source_id, row.webhook_id, row.signed_at)));
    // Within one batch the first of two equal sightings is the original.
    const taken = new Set<string>();
    return items.map((item) => {
      const key = id(item.sourceId, item.webhookId, item.signedAt);
      if (!fresh.has(key) || taken.has(key)) return false;
      taken.add(key);
      return true;
    });
  }
}
