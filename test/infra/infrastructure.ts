import { resolve } from 'node:path';

/** Where the integration tests find Kafka, the schema registry and PostgreSQL. */
export interface Infrastructure {
  kafkaBrokers: string;
  schemaRegistryUrl: string;
  databaseUrl: string;
  /** How it was found, for the log line and for teardown. */
  kind: 'environment' | 'testcontainers' | 'local-stack';
}

export const REPO_ROOT = resolve(__dirname, '..', '..');

/** Test runs keep their own database so that a developer's data is never touched. */
export const TEST_DATABASE = process.env.TEST_DATABASE ?? 'postback_test';
// Global setup drops and recreates it: only ever a database that is plainly a test database.
if (!/^[a-z0-9_]*test[a-z0-9_]*$/.test(TEST_DATABASE)) {
  throw new Error(
    `TEST_DATABASE must be lower-case letters, digits and _ and contain "test"; got "${TEST_DATABASE}"`,
  );
}

/** Endpoints given by the environment win: all three, or none. */
export function infrastructureFromEnv(env: NodeJS.ProcessEnv): Infrastructure | null {
  const given = [env.KAFKA_BROKERS, env.SCHEMA_REGISTRY_URL, env.DATABASE_URL];
  if (given.every((value) => !value)) return null;
  if (given.some((value) => !value)) {
    throw new Error(
      'set all of KAFKA_BROKERS, SCHEMA_REGISTRY_URL and DATABASE_URL for the tests, or none of them',
    );
  }
  return {
    kafkaBrokers: env.KAFKA_BROKERS!,
    schemaRegistryUrl: env.SCHEMA_REGISTRY_URL!,
    databaseUrl: env.DATABASE_URL!,
    kind: 'environment',
  };
}
