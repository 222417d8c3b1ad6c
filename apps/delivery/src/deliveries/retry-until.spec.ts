import { retryUntil } from './retry-until';

describe('retryUntil', () => {
  it('tries again until the work succeeds', async () => {
    let calls = 0;
    const result = await retryUntil(
      async () => {
        if (++calls < 3) throw new Error('database away');
        return 'stored';
      },
      { initialMs: 1, maxMs: 2, signal: new AbortController().signal },
    );
    expect(result).toBe('stored');
    expect(calls).toBe(3);
  });

  it('gives up with the error once shutdown has begun', async () => {
    const shutdown = new AbortController();
    const errors: string[] = [];
    const work = retryUntil(
      async (tries) => {
        if (tries === 2) shutdown.abort();
        throw new Error(`failure ${tries}`);
      },
      { initialMs: 1, maxMs: 1, signal: shutdown.signal, onError: (error) => errors.push(error.message) },
    );
    await expect(work).rejects.toThrow('failure 2');
    expect(errors).toEqual(['failure 1']);
  });

  it('throws at once an error that will come again (a permanent one), without trying again', async () => {
    let calls = 0;
    const dataError = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
      code: '22021',
    });
    const work = retryUntil(
      async () => {
        calls += 1;
        throw dataError;
      },
      {
        initialMs: 1,
        maxMs: 1,
        signal: new AbortController().signal,
        retryable: (error) => (error as { code?: string }).code?.slice(0, 2) !== '22',
      },
    );
    await expect(work).rejects.toBe(dataError);
    expect(calls).toBe(1);
  });
});
