import pino, { type Logger } from 'pino';

/** Paths that may carry secrets; pino replaces them before a line is written. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'req.query.api_key',
  'headers.authorization',
  'headers["x-api-key"]',
  'api_key',
  'secret',
  'password',
];

/** The root JSON logger of a service: one line per event, service name on every line. */
export function createLogger(service: string, level: string): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
  });
}

/** DI token for the root pino logger (for code outside Nest's request scope, e.g. Kafka clients). */
export const ROOT_LOGGER = Symbol('RootLogger');
