import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Console sessions, shared by every console process and kept across restarts. A row holds no
 * secret that works on its own: `key` is a hash of the session id the cookie carries, and the
 * admin token is sealed with a key derived from that id (see session-secrets).
 */
export class ConsoleSessions1765300000000 implements MigrationInterface {
  name = 'ConsoleSessions1765300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE console.sessions (
        key text PRIMARY KEY,
        sealed_token text NOT NULL,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX sessions_expires_at ON console.sessions (expires_at)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE console.sessions');
  }
}
