import { ActiveKeyIndex, RELOAD_AFTER_FAILURE_MS } from './active-key-index';

const HASH = 'ab'.repeat(32);

describe('ActiveKeyIndex', () => {
  it('loads on the first question, again only when old or stale, one load at a time', async () => {
    let clock = 0;
    const loads: string[][] = [[HASH], [HASH, 'cd'.repeat(32)], []];
    let calls = 0;
    const index = new ActiveKeyIndex(
      async () => loads[calls++],
      5_000,
      () => clock,
    );
    expect(await Promise.all([index.mayExist(HASH), index.mayExist('cd'.repeat(32))])).toEqual([true, false]);
    expect(calls).toBe(1);
    clock = 4_999;
    expect(await index.mayExist('cd'.repeat(32))).toBe(false);
    clock = 5_000;
    expect(await index.mayExist('cd'.repeat(32))).toBe(true);
    index.stale();
    expect(await index.mayExist(HASH)).toBe(false);
    expect(calls).toBe(3);
  });

  it('a failed load is tried again only after a pause: a flood of guesses does not hammer a database that is away', async () => {
    let clock = 0;
    let calls = 0;
    let fail = true;
    const index = new ActiveKeyIndex(
      async () => {
        calls++;
        if (fail) throw new Error('database away');
        return [HASH];
      },
      5_000,
      () => clock,
    );
    await expect(index.mayExist(HASH)).rejects.toThrow('database away');
    fail = false;
    await expect(index.mayExist(HASH)).rejects.toThrow('database away');
    expect(calls).toBe(1);
    clock = RELOAD_AFTER_FAILURE_MS;
    expect(await index.mayExist(HASH)).toBe(true);
    expect(calls).toBe(2);
  });
});

describe('ActiveKeyIndex while keys change', () => {
  it('loads again when keys changed during a load', async () => {
    let release!: () => void;
    const hashes = [[] as string[], [HASH]];
    let calls = 0;
    const index = new ActiveKeyIndex(async () => {
      const loaded = hashes[calls++];
      if (calls === 1) await new Promise<void>((go) => (release = go));
      return loaded;
    }, 5_000);
    const asked = index.mayExist(HASH);
    await Promise.resolve();
    index.stale();
    release();
    expect(await asked).toBe(true);
    expect(calls).toBe(2);
  });
});
