import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A signed-in browser's session: nothing here opens without the cookie (see session-secrets). */
@Entity({ name: 'sessions' })
export class SessionEntity {
  @PrimaryColumn('text') key!: string;
  @Column('text', { name: 'sealed_token' }) sealedToken!: string;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt!: Date;
}
