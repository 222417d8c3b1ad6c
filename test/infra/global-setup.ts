import { Client } from 'pg';
import { dockerAvailable, startContainers } from './containers';
import { type Infrastructure, TEST_DATABASE, infrastructureFromEnv } from './infrastructure';
import { startLocalStack } from './local-stack';

/** A fresh, empty test database on the local server (never a developer's database). */
async function recreateDatabase(databaseUrl: string): Promise<void> {
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${TEST_DATABASE}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${TEST_DATABASE}"`);
  } finally {
    await client.end();
  }
}

/**
 * Once per `npm test`: endpoints from the environment if given; else containers when a
 * Docker engine answers; else the local stack (Kafka and Apicurio on the JVM, local PostgreSQL).
 */
export default async function globalSetup(): Promise<void> {
  let infra: Infrastructure | null = infrastructureFromEnv(process.env);
  if (!infra) {
    infra = (await dockerAvailable()) ? await startContainers() : startLocalStack();
    if (infra.kind === 'local-stack') await recreateDatabase(infra.databaseUrl);
  }
  process.env.KAFKA_BROKERS = infra.kafkaBrokers;
  process.env.SCHEMA_REGISTRY_URL = infra.schemaRegistryUrl;
  process.env.DATABASE_URL = infra.databaseUrl;
  process.env.POSTBACK_TEST_INFRA = infra.kind;
  console.log(
    `\n[test infra] ${infra.kind}: kafka ${infra.kafkaBrokers}, registry ${infra.schemaRegistryUrl}`,
  );
}
