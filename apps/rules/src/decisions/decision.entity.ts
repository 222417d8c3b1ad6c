import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { type ConversionDecision, type DecisionStatus, type DecisionType } from '@postback/contracts';

/** Every decision ever emitted; unique per disposition event so that a replay writes nothing twice. */
@Entity({ name: 'decisions' })
export class DecisionEntity {
  @PrimaryColumn('uuid', { name: 'decision_id' }) decisionId!: string;
  @Column('uuid', { name: 'event_id', unique: true }) eventId!: string;
  @Column('text', { name: 'call_id' }) callId!: string;
  @Column('text') type!: DecisionType;
  @Column('text') status!: DecisionStatus;
  @Column('numeric', { precision: 18, scale: 4 }) value!: string;
  @Column('numeric', { precision: 18, scale: 4 }) delta!: string;
  @Column('uuid', { name: 'rule_id' }) ruleId!: string;
  @Column('int', { name: 'rule_version' }) ruleVersion!: number;
  @Column('boolean', { name: 'follow_up' }) followUp!: boolean;
  /** The ConversionDecision exactly as produced (dates read back as ISO strings), so a replay can produce it again. */
  @Column('jsonb') payload!: ConversionDecision;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  /** Assigned by the database (bigserial): the paging order. Read as a string (bigint). */
  @Column({ type: 'bigint', insert: false, update: false }) seq!: string;
}
