import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { type Rule, type RuleConditions, type RuleOutcome, type ScopeType } from './rule';

/** One immutable version of a rule; an edit inserts the next version. */
@Entity({ name: 'conversion_rules' })
export class ConversionRuleEntity {
  @PrimaryColumn('uuid') id!: string;
  @PrimaryColumn('int') version!: number;
  @Column('text') name!: string;
  @Column('text', { name: 'scope_type' }) scopeType!: ScopeType;
  @Column('text', { name: 'scope_id', nullable: true }) scopeId!: string | null;
  @Column('text', { array: true }) dispositions!: string[];
  @Column('jsonb') conditions!: RuleConditions;
  @Column('jsonb') outcome!: RuleOutcome;
  @Column('int') priority!: number;
  @Column('boolean') active!: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;

  toRule(): Rule {
    return {
      id: this.id,
      version: this.version,
      name: this.name,
      scope: { type: this.scopeType, id: this.scopeId },
      dispositions: this.dispositions,
      conditions: this.conditions,
      outcome: this.outcome,
      priority: this.priority,
    };
  }
}
