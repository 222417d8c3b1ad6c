import { Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ConversionRuleEntity } from './conversion-rule.entity';
import { type Rule } from './rule';
import { type RuleInput } from './rule-input.schema';
import { type RuleView } from './rule-view.schema';

export type { RuleView } from './rule-view.schema';

const toView = (row: ConversionRuleEntity): RuleView => ({
  ...row.toRule(),
  conditions: row.conditions,
  active: row.active,
  created_at: row.createdAt,
});

/**
 * How long the active rules are reused for deciding. Reading them took a query and entity
 * hydration per disposition, the heaviest single part of the rules profile under load; edits
 * through this process's API clear it at once, another replica's edits are seen within this.
 */
const ACTIVE_RULES_TTL_MS = 1000;

/** Rules as immutable versions: every edit inserts the next version; nothing is updated in place. */
@Injectable()
export class RulesRepository {
  private active?: { rules: Promise<Rule[]>; until: number };

  constructor(private readonly dataSource: DataSource) {}

  /** The latest version of every active rule. */
  async activeRules(): Promise<Rule[]> {
    const now = Date.now();
    if (!this.active || this.active.until <= now) {
      const rules = this.latest().then((rows) => rows.filter((row) => row.active).map((row) => row.toRule()));
      this.active = { rules, until: now + ACTIVE_RULES_TTL_MS };
      rules.catch(() => (this.active = undefined)); // a failed read is not reused
    }
    return this.active.rules;
  }

  /** The latest version of every rule, active or not. */
  async list(): Promise<RuleView[]> {
    return (await this.latest()).map(toView);
  }

  async get(id: string): Promise<RuleView> {
    const row = await this.dataSource
      .getRepository(ConversionRuleEntity)
      .findOne({ where: { id }, order: { version: 'DESC' } });
    if (!row) throw new NotFoundException({ error: 'not_found', message: `no rule "${id}"` });
    return toView(row);
  }

  async versions(id: string): Promise<RuleView[]> {
    const rows = await this.dataSource
      .getRepository(ConversionRuleEntity)
      .find({ where: { id }, order: { version: 'ASC' } });
    if (rows.length === 0) throw new NotFoundException({ error: 'not_found', message: `no rule "${id}"` });
    return rows.map(toView);
  }

  async create(input: RuleInput): Promise<RuleView> {
    const id = randomUUID();
    await this.insertVersion(id, 1, input);
    return this.get(id);
  }

  /**
   * Writes the next version of a rule from the whole new content. Two concurrent edits of
   * one rule race for the same (id, version) primary key: the loser fails instead of
   * silently overwriting.
   */
  async addVersion(id: string, current: RuleView, input: RuleInput): Promise<RuleView> {
    await this.insertVersion(id, current.version + 1, input);
    return this.get(id);
  }

  private async insertVersion(id: string, version: number, input: RuleInput): Promise<void> {
    await this.dataSource.getRepository(ConversionRuleEntity).insert({
      id,
      version,
      name: input.name,
      scopeType: input.scope.type,
      scopeId: input.scope.id,
      dispositions: input.dispositions,
      conditions: input.conditions,
      outcome: input.outcome,
      priority: input.priority,
      active: input.active,
    });
    // After the write: a read cached while it ran must not outlive it.
    this.active = undefined;
  }

  private latest(): Promise<ConversionRuleEntity[]> {
    return this.dataSource
      .getRepository(ConversionRuleEntity)
      .createQueryBuilder('r')
      .distinctOn(['r.id'])
      .orderBy('r.id')
      .addOrderBy('r.version', 'DESC')
      .getMany();
  }
}
