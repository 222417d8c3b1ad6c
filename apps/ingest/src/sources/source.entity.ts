import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { type IntakeSource } from './source';

@Entity({ name: 'sources' })
export class SourceEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') name!: string;
  @Column('boolean') enabled!: boolean;
  @Column('text', { name: 'ip_allowlist', array: true }) ipAllowlist!: string[];
  @Column('jsonb', { name: 'disposition_map' }) dispositionMap!: Record<string, string>;
  @Column('int', { name: 'rate_limit_per_second', nullable: true }) rateLimitPerSecond!: number | null;
  @Column('int', { name: 'signing_secret_version', nullable: true }) signingSecretVersion!: number | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;

  toSource(): IntakeSource {
    return {
      id: this.id,
      name: this.name,
      enabled: this.enabled,
      ip_allowlist: this.ipAllowlist,
      disposition_map: this.dispositionMap,
      rate_limit_per_second: this.rateLimitPerSecond,
      signature_required: this.signingSecretVersion !== null,
      signing_secret_version: this.signingSecretVersion,
      created_at: this.createdAt.toISOString(),
    };
  }
}
