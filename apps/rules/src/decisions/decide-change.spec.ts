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
});
