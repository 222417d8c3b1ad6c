import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { type DecisionType } from '@postback/contracts';

/** The current conversion state of each call. */
@Entity({ name: 'conversions' })
export class ConversionEntity {
  @PrimaryColumn('text', { name: 'call_id' }) callId!: string;
  @Column('text') type!: DecisionType;
  @Column('numeric', { precision: 18, scale: 4 }) value!: string;
  @Column('text', { nullable: true }) currency!: string | null;
  @Column('uuid', { name: 'last_decision_id' }) lastDecisionId!: string;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
