import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConversionRuleEntity } from './conversion-rule.entity';
import { type Rule } from './rule';

@Injectable()
export class RulesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The latest version of every active rule. */
  async activeRules(): Promise<Rule[]> {
    const rows = await this.dataSource
      .getRepository(ConversionRuleEntity)
      .createQueryBuilder('r')
      .distinctOn(['r.id'])
      .orderBy('r.id')
      .addOrderBy('r.version', 'DESC')
      .getMany();
    return rows.filter((row) => row.active).map((row) => row.toRule());
  }
}
