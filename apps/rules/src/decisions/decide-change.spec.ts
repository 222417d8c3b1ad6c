import { decideChange } from './decide-change';

describe('decideChange', () => {
  it('makes the first outcome of a call new, with the whole value as delta', () => {
    expect(decideChange(null, { type: 'conversion', value: '125.50' })).toEqual({
      status: 'new',
      delta: '125.50',
    });
  });

  it('emits nothing for the same outcome twice', () => {
    expect(decideChange({ type: 'partial', value: '50.00' }, { type: 'partial', value: '50.0' })).toBeNull();
  });

  it('upgrades a Qualified Lead to a Sale with the value delta', () => {
    expect(
      decideChange({ type: 'partial', value: '50.00' }, { type: 'conversion', value: '200.00' }),
    ).toEqual({
      status: 'upgrade',
      delta: '150.00',
    });
  });

  it('reverses a Sale that turns out to be an existing customer, with a negative delta', () => {
    expect(decideChange({ type: 'conversion', value: '200.00' }, { type: 'service', value: '0.00' })).toEqual(
      {
        status: 'reversal',
        delta: '-200.00',
      },
    );
  });

  it('ranks types when values tie', () => {
    expect(decideChange({ type: 'none', value: '0.00' }, { type: 'service', value: '0.00' })?.status).toBe(
      'upgrade',
    );
    expect(decideChange({ type: 'service', value: '0.00' }, { type: 'none', value: '0.00' })?.status).toBe(
      'reversal',
    );
  });

  const types = ['none', 'service', 'micro', 'partial', 'conversion'] as const;
  const pairs = types.flatMap((from, i) => types.map((to, j) => [from, to, Math.sign(j - i)] as const));

  it.each(pairs)('at equal value, %s → %s is ranked (sign %i)', (from, to, sign) => {
    const change = decideChange({ type: from, value: '10.00' }, { type: to, value: '10' });
    expect(change === null ? 0 : change.status === 'upgrade' ? 1 : -1).toBe(sign);
    if (change) expect(change.delta).toBe('0.00');
  });

  it.each([
    [
      'a higher value wins over a lower rank',
      { type: 'conversion', value: '5' },
      { type: 'micro', value: '6' },
      'upgrade',
      '1.00',
    ],
    [
      'a lower value loses despite a higher rank',
      { type: 'micro', value: '6' },
      { type: 'conversion', value: '5' },
      'reversal',
      '-1.00',
    ],
    [
      'the same type at a new value is a change',
      { type: 'conversion', value: '100' },
      { type: 'conversion', value: '120.5' },
      'upgrade',
      '20.50',
    ],
    [
      'a reversal to nothing',
      { type: 'partial', value: '0.0001' },
      { type: 'none', value: '0' },
      'reversal',
      '-0.0001',
    ],
  ] as const)('%s', (_name, current, next, status, delta) => {
    expect(decideChange(current, next)).toEqual({ status, delta });
  });

  it('is a pure function of its inputs: deciding again changes nothing', () => {
    const current = { type: 'partial', value: '50.00' } as const;
    const next = { type: 'conversion', value: '200.00' } as const;
    expect(decideChange(current, next)).toEqual(decideChange(current, next));
    expect(decideChange(next, next)).toBeNull();
  });
});
