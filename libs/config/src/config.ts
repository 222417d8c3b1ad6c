import { type Env } from './config.schema';

/** The validated, typed configuration every service receives; nothing else reads process.env. */
export interface Config {
  env: Env['NODE_ENV'];
  logLevel: Env['LOG_LEVEL'];
  host: string;
  adminToken?: string;
  kafka: {
    brokers: string[];
    clientId: string;
    topicPartitions: number;
    topicReplicationFactor: number;
    topicRetentionMs: number;
  };
  schemaRegistry: { url: string };
  database: { url: string };
  ports: { ingest: number; rules: number; delivery: number };
  delivery: { timeoutMs: number; connectTimeoutMs: number; retrySchedule: string[] };
  /** How long a disposition for a call not yet known waits for its call events (0: not at all). */
  rules: { callWaitMs: number };
}

export function toConfig(env: Env): Config {
  return {
    env: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    host: env.HOST,
    adminToken: env.ADMIN_TOKEN,
    kafka: {
      brokers: env.KAFKA_BROKERS,
      clientId: env.KAFKA_CLIENT_ID,
      topicPartitions: env.KAFKA_TOPIC_PARTITIONS,
      topicReplicationFactor: env.KAFKA_TOPIC_REPLICATION_FACTOR,
      topicRetentionMs: env.KAFKA_TOPIC_RETENTION_HOURS * 3_600_000,
    },
    schemaRegistry: { url: env.SCHEMA_REGISTRY_URL.replace(/\/+$/, '') },
    database: { url: env.DATABASE_URL },
    ports: { ingest: env.INGEST_PORT, rules: env.RULES_PORT, delivery: env.DELIVERY_PORT },
    delivery: {
      timeoutMs: env.DELIVERY_TIMEOUT_MS,
      connectTimeoutMs: env.DELIVERY_CONNECT_TIMEOUT_MS,
      retrySchedule: env.DELIVERY_RETRY_SCHEDULE,
    },
    rules: { callWaitMs: env.RULES_CALL_WAIT_SECONDS * 1000 },
  };
}
