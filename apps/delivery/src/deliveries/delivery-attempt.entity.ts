import { type Target } from '../endpoints/choose-target';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Every attempt, with the request as sent (secrets in the URL redacted) and what came back. */
@Entity({ name: 'delivery_attempts' })
export class DeliveryAttemptEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('uuid', { name: 'delivery_id' }) deliveryId!: string;
  @Column('int', { name: 'attempt_no' }) attemptNo!: number;
  @Column('text') method!: string;
  @Column('text') url!: string;
  @Column('jsonb', { name: 'request_headers' }) requestHeaders!: Record<string, string>;
  @Column('text', { name: 'request_body', nullable: true }) requestBody!: string | null;
  @Column('int', { name: 'status_code', nullable: true }) statusCode!: number | null;
  /** Always text PostgreSQL accepts; for a binary body a lossy rendering, the bytes in responseBodyRaw. */
  @Column('text', { name: 'response_body' }) responseBody!: string;
  @Column('bytea', { name: 'response_body_raw', nullable: true }) responseBodyRaw!: Buffer | null;
  @Column('boolean', { name: 'response_body_binary', default: false }) responseBodyBinary!: boolean;
  @Column('boolean', { name: 'response_body_truncated', default: false }) responseBodyTruncated!: boolean;
  @Column('text', { name: 'response_content_type', nullable: true }) responseContentType!: string | null;
  @Column('text', { nullable: true }) error!: string | null;
  @Column('text', { name: 'error_class', nullable: true }) errorClass!: string | null;
  @Column('int', { name: 'duration_ms' }) durationMs!: number;
  /** What triggered the attempt: conversions, a retry tier topic, or a manual retry. */
  @Column('text') source!: string;
  /** The endpoint's own URL, or its backup. */
  @Column('text') target!: Target;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
