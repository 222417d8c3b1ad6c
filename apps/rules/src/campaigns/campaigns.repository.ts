import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type CampaignTerms } from '../calls/attribute-disposition';
import { CampaignEntity } from './campaign.entity';
import { type Campaign } from './campaign-view.schema';
import { type CampaignCreate, type CampaignUpdate } from './campaign-input.schema';
import { formatDuration } from './duration';
import { fromUnits, toUnits } from '@postback/money';

export type { Campaign } from './campaign-view.schema';

export const toCampaign = (row: CampaignEntity): Campaign => ({
  id: row.id,
  name: row.name,
  value: fromUnits(toUnits(row.value)),
  currency: row.currency,
  attribution_window:
    row.attributionWindowSeconds === null ? null : formatDuration(row.attributionWindowSeconds),
  attribution_window_seconds: row.attributionWindowSeconds,
  created_at: row.createdAt,
  updated_at: row.updatedAt,
});

@Injectable()
export class CampaignsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(CampaignEntity);
  }

  async create(input: CampaignCreate): Promise<Campaign> {
    const inserted = await this.repo
      .createQueryBuilder()
      .insert()
      .values({
        id: input.id,
        name: input.name,
        value: input.value,
        currency: input.currency,
        attributionWindowSeconds: input.attribution_window,
      })
      .orIgnore()
      .returning('id')
      .execute();
    if ((inserted.raw as unknown[]).length === 0) {
      throw new ConflictException({
        error: 'conflict',
        message: `id: campaign "${input.id}" already exists`,
        fields: [{ field: 'id', problem: 'already exists' }],
      });
    }
    return this.get(input.id);
  }

  async list(): Promise<Campaign[]> {
    return (await this.repo.find({ order: { id: 'ASC' } })).map(toCampaign);
  }

  async find(id: string): Promise<Campaign | null> {
    const row = await this.repo.findOneBy({ id });
    return row ? toCampaign(row) : null;
  }

  /** The attribution terms of these campaigns, by id (one query, no entity hydration). */
  async findTerms(ids: string[]): Promise<Map<string, CampaignTerms>> {
    const rows: CampaignTerms[] = await this.dataSource.query(
      `SELECT id, value::text AS value, currency, attribution_window_seconds
       FROM rules.campaigns WHERE id = ANY($1::text[])`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, { ...row, value: fromUnits(toUnits(row.value)) }]));
  }

  async get(id: string): Promise<Campaign> {
    const campaign = await this.find(id);
    if (!campaign) throw new NotFoundException({ error: 'not_found', message: `no campaign "${id}"` });
    return campaign;
  }

  async update(id: string, patch: CampaignUpdate): Promise<Campaign> {
    await this.get(id);
    await this.repo.update(
      { id },
      {
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.value !== undefined && { value: patch.value }),
        ...(patch.currency !== undefined && { currency: patch.currency }),
        ...(patch.attribution_window !== undefined && { attributionWindowSeconds: patch.attribution_window }),
      },
    );
    return this.get(id);
  }
}
