import { type ConversionDecision } from '@postback/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** pending: in flight from conversions.v1; retrying: waiting on a retry tier; failed: in the DLQ. */
export type DeliveryStatus = 'pending' | 'retrying' | 'delivered' | 'failed';

/** One delivery per (decision, endpoint); once delivered it is never sent again. */
@Entity({ name: 'deliveries' })
export class DeliveryEntity {
  @PrimaryColumn('uuid', { name: 'delivery_id' }) deliveryId!: string;
  @Column('uuid', { name: 'decision_id' }) decisionId!: string;
  @Column('uuid', { name: 'endpoint_id' }) endpointId!: string;
  @Column('text', { name: 'call_id' }) callId!: string;
  @Column('text') status!: DeliveryStatus;
  @Column('int') attempts!: number;
  @Column('int', { name: 'last_status_code', nullable: true }) lastStatusCode!: number | null;
  @Column('text', { name: 'last_error', nullable: true }) lastError!: string | null;
  @Column('timestamptz', { name: 'delivered_at', nullable: true }) deliveredAt!: Date | null;
  @Column('timestamptz', { name: 'failed_at', nullable: true }) failedAt!: Date | null;
  @Column('timestamptz', { name: 'next_attempt_at', nullable: true }) nextAttemptAt!: Date | null;
  /** The decision as JSON, so that retries and replays render the same request again. */
  @Column('jsonb', { nullable: true }) decision!: StoredDecision | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** A decision as stored in jsonb: its timestamps are ISO strings. */
export type StoredDecision = Omit<ConversionDecision, 'occurred_at' | 'received_at' | 'decided_at'> &
  Record<'occurred_at' | 'received_at' | 'decided_at', string>;

export function decisionFromStored(stored: StoredDecision): ConversionDecision {
  return {
    ...stored,
    occurred_at: new Date(stored.occurred_at),
    received_at: new Date(stored.received_at),
    decided_at: new Date(stored.decided_at),
  };
}
