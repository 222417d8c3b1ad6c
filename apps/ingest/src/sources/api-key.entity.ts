import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { type ApiKeyInfo } from './source';

@Entity({ name: 'api_keys' })
export class ApiKeyEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'source_id' }) sourceId!: string;
  @Column('text', { name: 'key_hash' }) keyHash!: string;
  @Column('text') prefix!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt!: Date | null;

  toInfo(): ApiKeyInfo {
    return {
      id: this.id,
      prefix: this.prefix,
      created_at: this.createdAt.toISOString(),
      revoked_at: this.revokedAt?.toISOString() ?? null,
    };
  }
}
