/** Partitions handled at the same time by one consumer (each transactional one has its own producer). */
export const PARTITIONS_AT_ONCE = 4;
/** Keys handled at the same time within one partition's messages (one key's messages stay in order). */
export const KEYS_AT_ONCE = 16;
/**
 * The broker answers a fetch as soon as data arrives; this only bounds an idle poll, and with it
 * how long a graceful shutdown waits for the poll in flight.
 */
export const MAX_WAIT_TIME_MS = 1000;

/**
 * How a consumer that handles one message at a time fetches (call events, parked dispositions,
 * retry tiers): answered as soon as anything is there, and otherwise polling twice a second. Only
 * the batch consumers of the hot path (dispositions, conversions) wait for more data
 * (KAFKA_CONSUMER_MIN_BYTES, up to KAFKA_CONSUMER_MAX_WAIT_MS): each idle poll costs the broker
 * CPU (about 2 ms each on the bench VM), and at a 50 ms wait five consumers polled 100 times a
 * second with nothing to fetch.
 */
export const PER_MESSAGE_FETCH = { minBytes: 1, maxWaitTimeInMs: 500 } as const;
