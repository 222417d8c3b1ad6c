import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A campaign: what a full conversion is worth, and how long after a call a disposition still counts. */
@Entity({ name: 'campaigns' })
export class CampaignEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text') name!: string;
  @Column('numeric', { precision: 18, scale: 4 }) value!: string;
  @Column('char', { length: 3 }) currency!: string;
  @Column('int', { name: 'attribution_window_seconds', nullable: true })
  attributionWindowSeconds!: number | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
