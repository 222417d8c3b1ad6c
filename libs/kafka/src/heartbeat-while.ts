/**
 * Waits for `work` while heartbeating the consumer group every `everyMs`. kafkajs heartbeats only
 * between messages, so a handler that runs longer than the session timeout (a postback to a slow
 * receiver may take DELIVERY_TIMEOUT_MS, and more with retries) would get the member evicted: its
 * commit fails and the message is handled again (a duplicate postback) after a rebalance.
 * kafkajs's heartbeat() itself sends at most once per heartbeatInterval, so polling it is cheap.
 */
export async function heartbeatWhile<T>(
  work: Promise<T>,
  heartbeat: () => Promise<void>,
  everyMs = 1000,
): Promise<T> {
  const timer = setInterval(() => {
    // A failure (a rebalance in progress, a broker away) cannot stop the work in hand; kafkajs
    // rejoins after the handler returns, and the next tick tries again.
    heartbeat().catch(() => undefined);
  }, everyMs);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}
