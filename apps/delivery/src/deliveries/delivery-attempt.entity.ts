import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Every attempt, with the request as sent (secrets in the URL redacted) and what came back. */
@Entity({ name: 'delivery_attempts' })
export class DeliveryAttemptEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('uuid', { name: 'delivery_id' }) deliveryId!: string;
  @Column('int', { name: 'attempt_no' }) attemptNo!: number;
  @Column('text') method!: string;
  @Column('text') url!: string;
  @Column('int', { name: 'status_code', nullable: true }) statusCode!: number | null;
  @Column('text', { name: 'response_body' }) responseBody!: string;
  @Column('text', { nullable: true }) error!: string | null;
  @Column('int', { name: 'duration_ms' }) durationMs!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
