/**
 * Calls `work` until it resolves, waiting between tries (doubling from `initialMs` up to `maxMs`),
 * unless `signal` is aborted or `retryable` says the error will come again whatever happens:
 * then that error is thrown. For writes that must not be given up on lightly, such as the
 * record of a request already sent.
 */
export async function retryUntil<T>(
  work: (tries: number) => Promise<T>,
  options: {
    initialMs: number;
    maxMs: number;
    signal: AbortSignal;
    retryable?: (error: Error) => boolean;
    onError?: (error: Error) => void;
  },
): Promise<T> {
  let delay = options.initialMs;
  for (let tries = 1; ; tries++) {
    try {
      return await work(tries);
    } catch (error) {
      if (options.signal.aborted || options.retryable?.(error as Error) === false) throw error;
      options.onError?.(error as Error);
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(options.maxMs, delay * 2);
    }
  }
}
