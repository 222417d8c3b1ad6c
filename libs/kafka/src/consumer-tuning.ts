/** Partitions handled at the same time by one consumer (each transactional one has its own producer). */
export const PARTITIONS_AT_ONCE = 4;
/** Keys handled at the same time within one partition's messages (one key's messages stay in order). */
export const KEYS_AT_ONCE = 16;
/**
 * The broker answers a fetch as soon as data arrives; this only bounds an idle poll, and with it
 * how long a graceful shutdown waits for the poll in flight.
 */
export const MAX_WAIT_TIME_MS = 1000;
