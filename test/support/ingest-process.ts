import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { ServiceProcess, freePort } from '@postback/testing';
import { IngestClient } from './ingest-client';

export interface RunningIngest {
  ingest: ServiceProcess;
  client: IngestClient;
}

/** The compiled ingest as a child process on the test stack, with its own admin token. */
export async function startIngest(env: Record<string, string> = {}): Promise<RunningIngest> {
  const adminToken = `test-admin-${randomUUID()}`;
  const port = await freePort();
  const ingest = new ServiceProcess(
    'ingest',
    port,
    {
      ...process.env,
      ADMIN_TOKEN: adminToken,
      INGEST_PORT: String(port),
      KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
      SCHEMA_REGISTRY_URL: process.env.SCHEMA_REGISTRY_URL!,
      DATABASE_URL: process.env.DATABASE_URL!,
      LOG_LEVEL: 'info',
      ...env,
    },
    resolve(__dirname, '..', '..'),
  );
  ingest.start();
  await ingest.ready();
  return { ingest, client: new IngestClient(ingest, adminToken) };
}
