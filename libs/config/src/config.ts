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
    consumerSessionTimeoutMs: number;
    /** Backoff of a crashed consumer's restarts. */
    consumerRestart: { initialMs: number; maxMs: number };
    /** A consumer down for longer than this fails liveness. */
    consumerLivenessMs: number;
    /** The poison policy: tries before a failing message is dead-lettered, and the backoff between. */
    poison: { maxAttempts: number; backoff: { initialMs: number; maxMs: number } };
    /** Fetches wait for this many bytes, at most this long: the size of transactions and commits. */
    consumerFetch: { minBytes: number; maxWaitMs: number };
    /** How long a consume → produce transaction stays open for more messages (0: a commit per fetch). */
    transactionCommitIntervalMs: number;
  };
  schemaRegistry: { url: string };
  database: { url: string };
  ports: { ingest: number; rules: number; delivery: number; console: number };
  /** The web console: the admin APIs it proxies (base URLs, no trailing slash) and its sessions' lifetime. */
  console: {
    upstreams: { ingest: string; rules: string; delivery: string };
    /** Ingest's address as dialers reach it: the base of the postback URLs the console shows. */
    publicIngestUrl: string;
    sessionMs: number;
  };
  /** The admin APIs delivery reads (the ledger's counts, a call's decisions), without a trailing slash. */
  peers: { ingestUrl: string; rulesUrl: string };
  delivery: {
    timeoutMs: number;
    connectTimeoutMs: number;
    retrySchedule: string[];
    /** Response body bytes read and kept per attempt (after decompression). */
    responseMaxBytes: number;
  };
  /** The sweep that gives deliveries left waiting past their due time (no job) a retry job again. */
  deliveryRecovery: { intervalMs: number; graceMs: number; batchSize: number };
  deliveryGuards: {
    /** CIDRs that postbacks may reach although private, loopback, link-local… */
    allowNetworks: string[];
    circuitFailureThreshold: number;
    circuitCooldownMs: number;
    disableAfterMs: number;
    /** Failures further apart than this are not failing continuously (the disable clock starts over). */
    circuitFailureGapMs: number;
    /** Per endpoint unless the endpoint sets its own: requests in flight at once, and started per second (0: no limit). */
    endpointConcurrency: number;
    endpointRatePerSecond: number;
    /**
     * How long a decision's handler waits for a first attempt before handing the delivery to the
     * retry path (the request goes on; a busy endpoint is not waited for at all).
     */
    firstAttemptBudgetMs: number;
  };
  /**
   * Keys that encrypt endpoints' auth secrets at rest (ENDPOINT_SECRET_KEYS), the active one
   * first; empty when unset (delivery then refuses production, and uses the development key).
   */
  endpointSecretKeys: { id: string; key: Buffer }[];
  ingest: {
    bodyLimitBytes: number;
    /** CIDRs of proxies whose X-Forwarded-For is believed. */
    trustedProxies: string[];
    callerHashKey: string;
    signingSecretKey: string;
    defaultCountryCode: string;
    idempotencyWindowMs: number;
    rateLimitPerSecond: number;
    producerLingerMs: number;
    sourceCacheMs: number;
  };
  /** How long a disposition for a call not yet known waits for its call events (0: not at all). */
  rules: { callWaitMs: number };
  /** How long a SIGTERM may take before the process exits with work unfinished (left uncommitted). */
  shutdownGraceMs: number;
  /** How long readiness reports "shutting down" while requests are still served, before intake stops. */
  shutdownDrainMs: number;
  retention: {
    /** Finished deliveries and their attempts older than this are pruned. */
    deliveryMs: number;
    /** Rules' record of processed dispositions (replay protection) older than this is pruned. */
    rulesProcessedMs: number;
    intervalMs: number;
    batchSize: number;
  };
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
      consumerSessionTimeoutMs: env.KAFKA_CONSUMER_SESSION_TIMEOUT_MS,
      consumerRestart: {
        initialMs: env.KAFKA_CONSUMER_RESTART_INITIAL_MS,
        maxMs: env.KAFKA_CONSUMER_RESTART_MAX_MS,
      },
      consumerLivenessMs: env.KAFKA_CONSUMER_LIVENESS_MS,
      poison: {
        maxAttempts: env.KAFKA_HANDLER_MAX_ATTEMPTS,
        backoff: {
          initialMs: Math.min(200, env.KAFKA_HANDLER_RETRY_MAX_MS),
          maxMs: env.KAFKA_HANDLER_RETRY_MAX_MS,
        },
      },
      consumerFetch: { minBytes: env.KAFKA_CONSUMER_MIN_BYTES, maxWaitMs: env.KAFKA_CONSUMER_MAX_WAIT_MS },
      transactionCommitIntervalMs: env.KAFKA_TRANSACTION_COMMIT_INTERVAL_MS,
    },
    schemaRegistry: { url: env.SCHEMA_REGISTRY_URL.replace(/\/+$/, '') },
    database: { url: env.DATABASE_URL },
    ports: {
      ingest: env.INGEST_PORT,
      rules: env.RULES_PORT,
      delivery: env.DELIVERY_PORT,
      console: env.CONSOLE_PORT,
    },
    console: {
      upstreams: {
        ingest: env.CONSOLE_INGEST_URL.replace(/\/+$/, ''),
        rules: env.CONSOLE_RULES_URL.replace(/\/+$/, ''),
        delivery: env.CONSOLE_DELIVERY_URL.replace(/\/+$/, ''),
      },
      publicIngestUrl: (env.CONSOLE_PUBLIC_INGEST_URL ?? env.CONSOLE_INGEST_URL).replace(/\/+$/, ''),
      sessionMs: env.CONSOLE_SESSION_HOURS * 3_600_000,
    },
    peers: { ingestUrl: env.INGEST_URL.replace(/\/+$/, ''), rulesUrl: env.RULES_URL.replace(/\/+$/, '') },
    delivery: {
      timeoutMs: env.DELIVERY_TIMEOUT_MS,
      connectTimeoutMs: env.DELIVERY_CONNECT_TIMEOUT_MS,
      retrySchedule: env.DELIVERY_RETRY_SCHEDULE,
      responseMaxBytes: env.DELIVERY_RESPONSE_MAX_BYTES,
    },
    deliveryRecovery: {
      intervalMs: env.DELIVERY_RECOVERY_INTERVAL_MS,
      graceMs: env.DELIVERY_RECOVERY_GRACE_MS,
      batchSize: env.DELIVERY_RECOVERY_BATCH_SIZE,
    },
    deliveryGuards: {
      allowNetworks: env.DELIVERY_ALLOW_NETWORKS,
      circuitFailureThreshold: env.DELIVERY_CIRCUIT_FAILURE_THRESHOLD,
      circuitCooldownMs: env.DELIVERY_CIRCUIT_COOLDOWN_MS,
      disableAfterMs: env.DELIVERY_DISABLE_AFTER_MS,
      circuitFailureGapMs: env.DELIVERY_CIRCUIT_FAILURE_GAP_MS,
      endpointConcurrency: env.DELIVERY_ENDPOINT_CONCURRENCY,
      endpointRatePerSecond: env.DELIVERY_ENDPOINT_RATE_PER_SECOND,
      firstAttemptBudgetMs: env.DELIVERY_FIRST_ATTEMPT_BUDGET_MS,
    },
    endpointSecretKeys: env.ENDPOINT_SECRET_KEYS.map((item) => {
      const [id, key] = item.split(':');
      return { id, key: Buffer.from(key, 'base64') };
    }),
    ingest: {
      bodyLimitBytes: env.INGEST_BODY_LIMIT_BYTES,
      trustedProxies: env.INGEST_TRUSTED_PROXIES,
      callerHashKey: env.INGEST_CALLER_HASH_KEY,
      signingSecretKey: env.INGEST_SIGNING_SECRET_KEY,
      defaultCountryCode: env.INGEST_DEFAULT_COUNTRY_CODE,
      idempotencyWindowMs: env.INGEST_IDEMPOTENCY_WINDOW_HOURS * 3_600_000,
      rateLimitPerSecond: env.INGEST_RATE_LIMIT_PER_SECOND,
      producerLingerMs: env.INGEST_PRODUCER_LINGER_MS,
      sourceCacheMs: env.INGEST_SOURCE_CACHE_MS,
    },
    rules: { callWaitMs: env.RULES_CALL_WAIT_SECONDS * 1000 },
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
    shutdownDrainMs: env.SHUTDOWN_DRAIN_MS,
    retention: {
      deliveryMs: env.DELIVERY_RETENTION_DAYS * 86_400_000,
      rulesProcessedMs: env.RULES_PROCESSED_RETENTION_DAYS * 86_400_000,
      intervalMs: env.RETENTION_INTERVAL_MINUTES * 60_000,
      batchSize: env.RETENTION_BATCH_SIZE,
    },
  };
}
