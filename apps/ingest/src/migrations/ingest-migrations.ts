import { CreateIngestTables1764461000000 } from './1764461000000-create-ingest-tables';
import { IdempotencyRequestHash1764610000000 } from './1764610000000-idempotency-request-hash';
import { SeenWebhooks1764610000001 } from './1764610000001-seen-webhooks';
import { AcceptedDispositions1765200000000 } from './1765200000000-accepted-dispositions';

/** The ingest schema's migrations in order (the service runs them at start-up; tests of its tables too). */
export const INGEST_MIGRATIONS = [
  CreateIngestTables1764461000000,
  IdempotencyRequestHash1764610000000,
  SeenWebhooks1764610000001,
  AcceptedDispositions1765200000000,
];
