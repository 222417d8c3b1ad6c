/**
 * Why a message could not be decoded, when that is the message's fault (it will never
 * decode, so it belongs in a dead-letter topic), or null when the failure is transient
 * (the registry is unreachable or answering 5xx) and the message must be retried.
 */
export type PoisonReason = 'not_wire_format' | 'unknown_schema_id' | 'undecodable_avro';

export function classifyDecodeError(error: unknown): PoisonReason | null {
  if (!(error instanceof Error)) return 'undecodable_avro';
  // The registry client's HTTP errors carry a status; network failures surface as status 400 too.
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number') return status === 404 ? 'unknown_schema_id' : null;
  if (error.name === 'ConfluentSchemaRegistryArgumentError' || error instanceof RangeError) {
    return 'not_wire_format';
  }
  // What remains comes from avsc reading the body: truncated, trailing data, bad union index…
  return 'undecodable_avro';
}
