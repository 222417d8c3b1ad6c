/**
 * Thrown by a handler for a message it can never handle (bad content, a broken invariant):
 * the message is dead-lettered with `reason` at once, and its partition moves on.
 */
export class PermanentMessageError extends Error {
  constructor(
    message: string,
    readonly reason = 'rejected',
  ) {
    super(message);
    this.name = 'PermanentMessageError';
  }
}

/**
 * What a handler's failure says about its message: `permanent` (it will fail again whatever
 * happens: dead-letter it now), `transient` (a dependency is away: retry, never dead-letter)
 * or `unknown` (retried a bounded number of times, then dead-lettered).
 */
export type HandlerFailure =
  { kind: 'permanent'; reason: string } | { kind: 'transient' } | { kind: 'unknown' };

/** SQLSTATE classes that mean "this data": 22 data exception (22P05, 22021: a NUL), 23 integrity. */
const PERMANENT_SQL_CLASSES: Record<string, string> = {
  '22': 'database_data_error',
  '23': 'database_integrity_error',
};
/** Connection, resources, operator intervention, rollbacks (serialization, deadlock): the database, not the data. */
const TRANSIENT_SQL_CLASSES = new Set(['08', '40', '53', '57', '58']);
const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
]);

export function classifyHandlerError(error: unknown): HandlerFailure {
  if (error instanceof PermanentMessageError) return { kind: 'permanent', reason: error.reason };
  if (!(error instanceof Error)) return { kind: 'unknown' };
  // pg puts the SQLSTATE on `code`; TypeORM's QueryFailedError keeps pg's error as `driverError`.
  const sqlState = sqlStateOf(error);
  if (sqlState) {
    const permanent = PERMANENT_SQL_CLASSES[sqlState.slice(0, 2)];
    if (permanent) return { kind: 'permanent', reason: permanent };
    if (TRANSIENT_SQL_CLASSES.has(sqlState.slice(0, 2))) return { kind: 'transient' };
    return { kind: 'unknown' };
  }
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && TRANSIENT_NETWORK_CODES.has(code)) return { kind: 'transient' };
  if (error.name.startsWith('KafkaJS') || error.name === 'ProduceFailedError') return { kind: 'transient' };
  if (
    /connection terminated|timeout exceeded when trying to connect|connection refused|not queryable|connection error/i.test(
      error.message,
    )
  ) {
    return { kind: 'transient' };
  }
  return { kind: 'unknown' };
}

function sqlStateOf(error: Error): string | null {
  for (const candidate of [error, (error as { driverError?: unknown }).driverError]) {
    const code = (candidate as { code?: unknown } | undefined)?.code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return null;
}
