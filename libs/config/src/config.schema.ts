import { z } from 'zod';

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const hostPortList = z
  .string()
  .transform((raw) =>
    raw
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean),
  )
  .refine((list) => list.length > 0 && list.every((item) => /^[^\s:]+:\d{1,5}$/.test(item)), {
    message: 'expected a comma-separated list of host:port',
  });

/** Every environment variable the services read, with its default. The README lists the same. */
export const envSchema = z.object({
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
  DELIVERY_RETRY_SCHEDULE: z
    .string()
    .transform((raw) =>
      raw
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .refine((list) => list.length > 0 && list.every((tier) => /^\d+[smh]$/.test(tier)), {
      message: 'expected a comma-separated list of delays such as 30s,2m,10m,1h,6h',
    })
    .default(['30s', '2m', '10m', '1h', '6h']),
  DELIVERY_TIMEOUT_MS: positiveInt(15000),
  DELIVERY_CONNECT_TIMEOUT_MS: positiveInt(5000),

  RULES_CALL_WAIT_SECONDS: z.coerce.number().int().min(0).max(86_400).default(10),
});

export type Env = z.infer<typeof envSchema>;
