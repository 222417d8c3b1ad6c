import { derivedKey, eventIdOf, requestHash, requestKey } from './idempotency-key';

describe('idempotency keys', () => {
  const at = new Date('2026-11-30T10:15:00Z');

  it('derives the same key from the same parts', () => {
    expect(derivedKey(['s1', 'c1', 'sale', at])).toBe(
      derivedKey(['s1', 'c1', 'sale', new Date(at.getTime())]),
    );
    expect(derivedKey(['s1', 'c1', 'sale', at])).toMatch(/^d:[0-9a-f]{64}$/);
  });

  it.each([
    [['s2', 'c1', 'sale', at]],
    [['s1', 'c2', 'sale', at]],
    [['s1', 'c1', 'no answer', at]],
    [['s1', 'c1', 'sale', new Date(at.getTime() + 1)]],
    [['s1', 'c1', 'sale', null]],
    [['s1c', '1', 'sale', at]],
  ])('differs when a part differs: %p', (parts) => {
    expect(derivedKey(parts)).not.toBe(derivedKey(['s1', 'c1', 'sale', at]));
  });

  it('scopes a client key to the kind of request and never keeps it in clear', () => {
    expect(requestKey('disposition', 'abc')).toBe(requestKey('disposition', 'abc'));
    expect(requestKey('disposition', 'abc')).not.toBe(requestKey('call_event', 'abc'));
    expect(requestKey('disposition', 'abc')).toMatch(/^h:[0-9a-f]{64}$/);
  });
});

describe('requestHash', () => {
  it('is the same for the same request in another key order, and differs for another body', () => {
    const at = new Date('2026-11-30T10:15:00Z');
    const a = requestHash([{ call_id: 'c', value: '1', custom: { a: '1', b: '2' }, timestamp: at }]);
    const b = requestHash([
      { timestamp: new Date(at), custom: { b: '2', a: '1' }, value: '1', call_id: 'c' },
    ]);
    expect(a).toBe(b);
    expect(requestHash([{ call_id: 'c', value: '2', custom: { a: '1', b: '2' }, timestamp: at }])).not.toBe(
      a,
    );
  });
});

describe('eventIdOf', () => {
  it('is the same UUID for the same key, and another for another key', () => {
    const key = derivedKey(['s1', 'c1', 'sale', null]);
    expect(eventIdOf(key)).toBe(eventIdOf(derivedKey(['s1', 'c1', 'sale', null])));
    // Version 8 (RFC 9562, made from a hash), variant 10: a valid uuid for PostgreSQL and Avro.
    expect(eventIdOf(key)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(eventIdOf(derivedKey(['s1', 'c1', 'sale', '10']))).not.toBe(eventIdOf(key));
  });
});
