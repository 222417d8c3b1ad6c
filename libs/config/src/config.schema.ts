import { z } from 'zod';
import { retryScheduleSchema } from './retry-schedule.schema';

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** "a, b,,c" → ["a", "b", "c"]: the form of every list variable. */
const commaList = () =>
  z.string().transform((raw) =>
    raw
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean),
  );

const hostPortList = commaList().refine(
  (list) => list.length > 0 && list.every((item) => /^[^\s:]+:\d{1,5}$/.test(item)),
  {
    message: 'expected a comma-separated list of host:port',
  },
);

/** Every environment variable the services read, with its default. The README lists the same. */
const envObject = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().min(1).default('127.0.0.1'),
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),

  KAFKA_BROKERS: hostPortList.default(['127.0.0.1:9092']),
  KAFKA_CLIENT_ID: z.string().min(1).default('postback'),
  KAFKA_TOPIC_PARTITIONS: positiveInt(3),
  KAFKA_TOPIC_REPLICATION_FACTOR: positiveInt(1),
  KAFKA_TOPIC_RETENTION_HOURS: positiveInt(168),
  SCHEMA_REGISTRY_URL: z.url().default('http://127.0.0.1:8081/apis/ccompat/v7'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL')
    .default('postgres://postgres@127.0.0.1:5432/postback'),

  INGEST_PORT: port(3000),
  RULES_PORT: port(3001),
  DELIVERY_PORT: port(3002),
  // The web console: its port, the three services' admin APIs it proxies, and how long a sign-in lasts.
  CONSOLE_PORT: port(3003),
  CONSOLE_INGEST_URL: z.url().default('http://127.0.0.1:3000'),
  // Where dialers reach ingest, for the postback URLs the console shows (default: CONSOLE_INGEST_URL).
  CONSOLE_PUBLIC_INGEST_URL: z.url().optional(),
  CONSOLE_RULES_URL: z.url().default('http://127.0.0.1:3001'),
  CONSOLE_DELIVERY_URL: z.url().default('http://127.0.0.1:3002'),
  CONSOLE_SESSION_HOURS: positiveInt(8),
  /** Where delivery reaches ingest's and rules' admin APIs (pipeline ledger, reconciliation). */
  INGEST_URL: z.url().default('http://127.0.0.1:3000'),
  RULES_URL: z.url().default('http://127.0.0.1:3001'),
  DELIVERY_RETRY_SCHEDULE: retryScheduleSchema.default(['30s', '2m', '10m', '1h', '6h']),
  DELIVERY_TIMEOUT_MS: positiveInt(15000),
  DELIVERY_CONNECT_TIMEOUT_MS: positiveInt(5000),
  DELIVERY_RESPONSE_MAX_BYTES: positiveInt(65_536),

  // Delivery: failure path, SSRF protection, circuit breaker.
  DELIVERY_ALLOW_NETWORKS: commaList()
    .refine((list) => list.every((cidr) => /^[0-9A-Fa-f:.]+(\/\d{1,3})?$/.test(cidr)), {
      message: 'expected a comma-separated list of CIDRs such as 127.0.0.1/32,10.0.0.0/8',
    })
    .default([]),
  // `kid:<base64 of 32 bytes>`, comma-separated; the first seals, every one opens (rotation).
  ENDPOINT_SECRET_KEYS: commaList()
    .refine(
      (list) =>
        list.every((item) => /^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=$/.test(item)) &&
        new Set(list.map((item) => item.split(':')[0])).size === list.length,
      {
        message:
          'expected a comma-separated list of <key id>:<base64 of 32 bytes> with unique ids, e.g. k2:$(openssl rand -base64 32)',
      },
    )
    .default([]),
  DELIVERY_CIRCUIT_FAILURE_THRESHOLD: positiveInt(5),
  DELIVERY_CIRCUIT_COOLDOWN_MS: positiveInt(60_000),
  DELIVERY_DISABLE_AFTER_MS: positiveInt(86_400_000),
  DELIVERY_CIRCUIT_FAILURE_GAP_MS: positiveInt(3_600_000),
  // Defaults for endpoints without their own limits: no rate limit (0), a generous in-flight bound.
  DELIVERY_ENDPOINT_CONCURRENCY: positiveInt(100),
  DELIVERY_ENDPOINT_RATE_PER_SECOND: z.coerce.number().int().min(0).default(0),
  DELIVERY_FIRST_ATTEMPT_BUDGET_MS: positiveInt(2000),
  // Recovery sweep: deliveries waiting this long past their due time with no job get one again.
  DELIVERY_RECOVERY_INTERVAL_MS: positiveInt(60_000),
  DELIVERY_RECOVERY_GRACE_MS: z.coerce.number().int().min(1000).default(900_000),
  DELIVERY_RECOVERY_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),

  // ingest: sources, authentication, idempotency, backpressure
  INGEST_BODY_LIMIT_BYTES: positiveInt(1_048_576),
  INGEST_TRUSTED_PROXIES: commaList().default([]),
  INGEST_CALLER_HASH_KEY: z
    .string()
    .min(16, 'must be at least 16 characters')
    .default('postback-development-caller-hash-key'),
  INGEST_SIGNING_SECRET_KEY: z
    .string()
    .min(16, 'must be at least 16 characters')
    .default('postback-development-signing-secret-key'),
  INGEST_DEFAULT_COUNTRY_CODE: z
    .string()
    .regex(/^[1-9]\d{0,2}$/, 'expected a country calling code such as 1 or 44')
    .default('1'),
  INGEST_IDEMPOTENCY_WINDOW_HOURS: positiveInt(24),
  INGEST_RATE_LIMIT_PER_SECOND: positiveInt(1000),
  // Each produce call costs ingest and the broker about the same whatever it carries, and one
  // goes at most every linger: at 5 ms that was ~200 calls a second at 500/s as at 1,000/s. 20 ms
  // took 0.3-0.45 CPU-ms off each disposition at 500/s on the bench VM (bench/README, round 7).
  INGEST_PRODUCER_LINGER_MS: z.coerce.number().int().min(0).max(100).default(20),
  INGEST_SOURCE_CACHE_MS: z.coerce.number().int().min(0).default(5000),
  RULES_CALL_WAIT_SECONDS: z.coerce.number().int().min(0).max(86_400).default(10),

  // Operations: graceful shutdown and retention of what the services keep in PostgreSQL.
  SHUTDOWN_GRACE_MS: positiveInt(25_000),
  DELIVERY_RETENTION_DAYS: positiveInt(30),
  RULES_PROCESSED_RETENTION_DAYS: positiveInt(30),
  RETENTION_INTERVAL_MINUTES: positiveInt(60),
  RETENTION_BATCH_SIZE: z.coerce.number().int().min(1).max(100_000).default(1000),
  // The broker's group.min/max.session.timeout.ms bound it (6 s to 30 min by default).
  KAFKA_CONSUMER_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6000).max(1_800_000).default(30_000),
  // A crashed consumer is recreated after a backoff doubling from the first to the cap; one not
  // running for longer than the liveness bound fails /health/live.
  KAFKA_CONSUMER_RESTART_INITIAL_MS: positiveInt(500),
  KAFKA_CONSUMER_RESTART_MAX_MS: positiveInt(30_000),
  KAFKA_CONSUMER_LIVENESS_MS: positiveInt(300_000),
  // A message whose handler fails this many times in a row (not a known transient failure) is
  // dead-lettered; tries are spaced by a backoff up to the cap.
  KAFKA_HANDLER_MAX_ATTEMPTS: positiveInt(5),
  KAFKA_HANDLER_RETRY_MAX_MS: positiveInt(5000),
  // A fetch waits (up to the max wait) until this much is there: fewer, larger fetches, so fewer
  // and larger transactions and offset commits (each costs the broker markers and log writes).
  // Below ~2,000 dispositions/s the max wait decides how often the hot consumers fetch, and so
  // how many transactions (rules) and waves (delivery) a second cost their fixed round trips:
  // 100 ms against 50 took ~0.3 CPU-ms off each disposition at 500/s (bench/README, round 7).
  KAFKA_CONSUMER_MIN_BYTES: positiveInt(65_536),
  KAFKA_CONSUMER_MAX_WAIT_MS: z.coerce.number().int().min(1).max(5000).default(100),
  // A consume → produce transaction stays open this long for more messages (Kafka Streams'
  // commit.interval.ms, 100 under exactly-once); 0 commits every fetched batch. Well below the
  // producers' transaction timeout (60 s), since decisions wait for the commit to be seen.
  KAFKA_TRANSACTION_COMMIT_INTERVAL_MS: z.coerce.number().int().min(0).max(10_000).default(0),

  // Shutdown drain: how long /health/ready answers 503 (everything else still served) before
  // intake stops, so that a load balancer sees it and deregisters the instance.
  SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).default(5000),
});

// The drain is part of the grace period, so it must leave time to finish and close.
export const envSchema = envObject.refine((env) => env.SHUTDOWN_DRAIN_MS < env.SHUTDOWN_GRACE_MS, {
  path: ['SHUTDOWN_DRAIN_MS'],
  message: 'must be below SHUTDOWN_GRACE_MS (the drain is part of the grace period)',
});

export type Env = z.infer<typeof envSchema>;
