import { type Config, toConfig } from './config';
import { envSchema } from './config.schema';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Variables whose values must never reach a log line, even when invalid. */
const SECRET_VARIABLES = new Set([
  'ADMIN_TOKEN',
  'DATABASE_URL',
  'ENDPOINT_SECRET_KEYS',
  'INGEST_CALLER_HASH_KEY',
  'INGEST_SIGNING_SECRET_KEY',
]);

/** Parses the environment once at boot; fails fast naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join('.');
        const shown = SECRET_VARIABLES.has(name)
          ? 'value hidden'
          : `got ${JSON.stringify(present[name] ?? null)}`;
        return `${name}: ${issue.message} (${shown})`;
      }),
    );
  }
  return toConfig(parsed.data);
}
