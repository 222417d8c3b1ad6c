import { ContiguousOffsets, runByKey } from './keyed-concurrency';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('runByKey', () => {
  it('keeps the order within a key and runs different keys at the same time', async () => {
    const items = ['a1', 'b1', 'a2', 'c1', 'b2', 'a3'];
    const started: string[] = [];
    const finished: string[] = [];
    let inFlight = 0;
    let most = 0;
    await runByKey(
      items,
      (item) => item[0],
      3,
      async (item) => {
        started.push(item);
        most = Math.max(most, ++inFlight);
        await tick();
        inFlight--;
        finished.push(item);
        return true;
      },
      () => undefined,
    );
    expect(most).toBe(3);
    for (const key of ['a', 'b', 'c']) {
      expect(finished.filter((item) => item[0] === key)).toEqual(items.filter((item) => item[0] === key));
    }
  });

  it('stops taking work after a failure and rethrows it once running items settle', async () => {
    const ran: string[] = [];
    const done: number[] = [];
    await expect(
      runByKey(
        ['a1', 'a2', 'b1'],
        (item) => item[0],
        1,
        async (item) => {
          ran.push(item);
          if (item === 'a1') throw new Error('boom');
          return true;
        },
        (index) => done.push(index),
      ),
    ).rejects.toThrow('boom');
    expect(ran).toEqual(['a1']);
    expect(done).toEqual([]);
  });

  it('stops when an item answers false (e.g. the consumer is stopping)', async () => {
    const ran: string[] = [];
    await runByKey(
      ['a1', 'a2'],
      () => null,
      4,
      async (item) => {
        ran.push(item);
        return false;
      },
      () => undefined,
    );
    expect(ran).toEqual(['a1']);
  });
});

describe('ContiguousOffsets', () => {
  it('resolves only the unbroken run of finished items from the start', () => {
    const resolved: string[] = [];
    const offsets = new ContiguousOffsets(['10', '11', '12', '13'], (offset) => resolved.push(offset));
    offsets.done(1);
    offsets.done(3);
    expect(resolved).toEqual([]);
    offsets.done(0);
    expect(resolved).toEqual(['10', '11']);
    offsets.done(2);
    expect(resolved).toEqual(['10', '11', '12', '13']);
  });
});
