import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, IsNull, type Repository } from 'typeorm';
import { generateApiKey } from '../auth/api-key';
import { ApiKeyEntity } from './api-key.entity';
import { type ApiKeyInfo, type IntakeSource } from './source';
import { type SourceInput, type SourcePatch } from './source-input.schema';
import { SourceEntity } from './source.entity';

/** A new key: the only time the key itself is returned. */
export type IssuedApiKey = ApiKeyInfo & { key: string };

@Injectable()
export class SourcesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Creates the source with its first API key, in one transaction. */
  async create(input: SourceInput): Promise<{ source: IntakeSource; apiKey: IssuedApiKey }> {
    return this.dataSource.transaction(async (manager) => {
      const source = await manager.getRepository(SourceEntity).save(
        manager.getRepository(SourceEntity).create({
          id: randomUUID(),
          name: input.name,
          enabled: true,
          ipAllowlist: input.ip_allowlist,
          dispositionMap: input.disposition_map,
          rateLimitPerSecond: input.rate_limit_per_second,
          signingSecretVersion: null,
        }),
      );
      const apiKey = await this.insertKey(manager.getRepository(ApiKeyEntity), source.id);
      return { source: source.toSource(), apiKey };
    });
  }

  async list(): Promise<IntakeSource[]> {
    const rows = await this.dataSource.getRepository(SourceEntity).find({ order: { createdAt: 'ASC' } });
    return rows.map((row) => row.toSource());
  }

  async get(id: string): Promise<IntakeSource | null> {
    return (await this.dataSource.getRepository(SourceEntity).findOneBy({ id }))?.toSource() ?? null;
  }

  async update(id: string, patch: SourcePatch): Promise<IntakeSource | null> {
    const repository = this.dataSource.getRepository(SourceEntity);
    const row = await repository.findOneBy({ id });
    if (!row) return null;
    if (patch.name !== undefined) row.name = patch.name;
    if (patch.enabled !== undefined) row.enabled = patch.enabled;
    if (patch.ip_allowlist !== undefined) row.ipAllowlist = patch.ip_allowlist;
    if (patch.disposition_map !== undefined) row.dispositionMap = patch.disposition_map;
    if (patch.rate_limit_per_second !== undefined) row.rateLimitPerSecond = patch.rate_limit_per_second;
    return (await repository.save(row)).toSource();
  }

  /** Turns signatures on with a new secret version (rotating any earlier one), or off. */
  async setSigning(id: string, enabled: boolean): Promise<IntakeSource | null> {
    const repository = this.dataSource.getRepository(SourceEntity);
    const row = await repository.findOneBy({ id });
    if (!row) return null;
    row.signingSecretVersion = enabled ? (row.signingSecretVersion ?? 0) + 1 : null;
    return (await repository.save(row)).toSource();
  }

  async issueKey(sourceId: string): Promise<IssuedApiKey> {
    return this.insertKey(this.dataSource.getRepository(ApiKeyEntity), sourceId);
  }

  async listKeys(sourceId: string): Promise<ApiKeyInfo[]> {
    const rows = await this.dataSource
      .getRepository(ApiKeyEntity)
      .find({ where: { sourceId }, order: { createdAt: 'ASC' } });
    return rows.map((row) => row.toInfo());
  }

  /** Revokes an active key; false when the source has no such active key. */
  async revokeKey(sourceId: string, keyId: string): Promise<boolean> {
    const result = await this.dataSource
      .getRepository(ApiKeyEntity)
      .update({ id: keyId, sourceId, revokedAt: IsNull() }, { revokedAt: new Date() });
    return (result.affected ?? 0) > 0;
  }

  /** The source behind an active key (enabled or not), by the key's hash. */
  async findByKeyHash(keyHash: string): Promise<IntakeSource | null> {
    const row = await this.dataSource
      .getRepository(SourceEntity)
      .createQueryBuilder('source')
      .innerJoin(ApiKeyEntity, 'key', 'key.source_id = source.id')
      .where('key.key_hash = :keyHash AND key.revoked_at IS NULL', { keyHash })
      .getOne();
    return row?.toSource() ?? null;
  }

  /** The hashes of every active key (for the in-memory index that screens floods). */
  async activeKeyHashes(): Promise<string[]> {
    const rows: { key_hash: string }[] = await this.dataSource.query(
      'SELECT key_hash FROM ingest.api_keys WHERE revoked_at IS NULL',
    );
    return rows.map((row) => row.key_hash);
  }

  private async insertKey(repository: Repository<ApiKeyEntity>, sourceId: string): Promise<IssuedApiKey> {
    const issued = generateApiKey();
    const row = await repository.save(
      repository.create({
        id: randomUUID(),
        sourceId,
        keyHash: issued.hash,
        prefix: issued.prefix,
        revokedAt: null,
      }),
    );
    return { ...row.toInfo(), key: issued.key };
  }
}
