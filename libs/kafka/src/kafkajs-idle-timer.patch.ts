import { createRequire } from 'node:module';

/** The private class kafkajs 2.2.4 keeps one of per broker connection. */
interface RequestQueue {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

/** kafkajs's own interval for a queue that has requests waiting (requestQueue/index.js). */
const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;
const PATCHED = Symbol.for('postback.kafkajs.idleTimer');

/**
 * When a request queue must look at its waiting requests again: only when some wait — at the
 * end of the client-side throttle, or kafkajs's 10 ms when that is over. A push, a response and
 * a timeout check the queue themselves, so nothing that waits is forgotten.
 */
export function scheduleCheckPendingRequests(this: RequestQueue): void {
  if (this.throttleCheckTimeoutId || this.pending.length === 0) return;
  const untilUnthrottled = this.throttledUntil - Date.now();
  this.throttleCheckTimeoutId = setTimeout(
    () => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    },
    untilUnthrottled > 0 ? untilUnthrottled : CHECK_PENDING_REQUESTS_INTERVAL_MS,
  );
}

/**
 * kafkajs 2.2.4 (feature-frozen, its last release) re-arms a timer on every broker connection
 * each millisecond forever, whether a request waits or not (tulios/kafkajs#1556, #1704; open):
 * its check schedules the next one with a negative delay (Node makes it 1 ms, and Node 24 warns
 * "TimeoutNegativeWarning"). Measured on the bench at idle: 35-75 CPU-ms per second in each
 * service. This replaces the scheduling with one that arms the timer only while requests wait.
 * Applied once, and only to the version it was written for.
 */
export function patchKafkajsIdleTimer(): boolean {
  const load = createRequire(__filename);
  const version = (load('kafkajs/package.json') as { version: string }).version;
  if (version !== '2.2.4') return false;
  const RequestQueueClass = load('kafkajs/src/network/requestQueue') as {
    prototype: RequestQueue & { [PATCHED]?: true };
  };
  const prototype = RequestQueueClass.prototype;
  if (prototype[PATCHED]) return true;
  prototype.scheduleCheckPendingRequests = scheduleCheckPendingRequests;
  prototype[PATCHED] = true;
  return true;
}
