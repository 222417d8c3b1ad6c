import pino, { type Logger } from 'pino';
import { PHONE_FIELDS, maskPhone } from './mask-phone';
import { maskPhoneFields } from './mask-phone-fields';

/** Paths that may carry secrets; pino replaces them before a line is written. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'req.headers["webhook-signature"]',
  'req.query.api_key',
  'headers.authorization',
  'headers["x-api-key"]',
  'headers["webhook-signature"]',
  '*.headers.authorization',
  '*.headers["x-api-key"]',
  '*.headers["webhook-signature"]',
  'api_key',
  'apiKey',
  'admin_token',
  'adminToken',
  'secret',
  'secrets',
  'signing_secret',
  'password',
  'token',
  'auth.value',
  'auth.password',
  'auth.secrets',
  '*.auth.value',
  '*.auth.password',
  '*.auth.secrets',
];

/**
 * Phone-like fields under their usual names in what serializers produce (the redaction sees their
 * output; maskPhoneFields below sees what the caller logged, at any depth and in any case).
 */
export const PHONE_PATHS = [...PHONE_FIELDS].flatMap((field) => [
  field,
  `*.${field}`, // custom_fields.<field> too
  `*.custom_fields.${field}`,
]);

const phoneNames = new Set(PHONE_FIELDS);

/** What a redacted path becomes: a phone number keeps its last digits, a secret nothing. */
export function censor(value: unknown, path: string[]): string {
  return phoneNames.has(path[path.length - 1]) ? maskPhone(value) : '[redacted]';
}

/** The root JSON logger of a service: one line per event, service name on every line. */
export function createLogger(service: string, level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: [...REDACTED_PATHS, ...PHONE_PATHS], censor },
      formatters: {
        level: (label) => ({ level: label }),
        // Phone numbers wherever they are and however their field is spelled (redact paths match
        // exact names at fixed depths only).
        log: (object) => maskPhoneFields(object),
      },
    },
    destination,
  );
}

/** DI token for the root pino logger (for code outside Nest's request scope, e.g. Kafka clients). */
export const ROOT_LOGGER = Symbol('RootLogger');
