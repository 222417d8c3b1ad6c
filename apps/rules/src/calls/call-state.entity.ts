import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Each call's campaign, publisher, buyer, click id, duration and timestamps, merged from its call events. */
@Entity({ name: 'calls' })
export class CallStateEntity {
  @PrimaryColumn('text', { name: 'call_id' }) callId!: string;
  @Column('text', { name: 'campaign_id' }) campaignId!: string;
  @Column('text', { name: 'publisher_id', nullable: true }) publisherId!: string | null;
  @Column('text', { name: 'buyer_id', nullable: true }) buyerId!: string | null;
  @Column('text', { name: 'click_id', nullable: true }) clickId!: string | null;
  @Column('int', { name: 'duration_seconds', nullable: true }) durationSeconds!: number | null;
  @Column('timestamptz', { name: 'started_at', nullable: true }) startedAt!: Date | null;
  @Column('timestamptz', { name: 'answered_at', nullable: true }) answeredAt!: Date | null;
  @Column('timestamptz', { name: 'ended_at', nullable: true }) endedAt!: Date | null;
  @Column('timestamptz', { name: 'first_seen_at' }) firstSeenAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
