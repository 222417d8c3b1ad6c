import { maskPhoneFields } from './mask-phone-fields';

describe('maskPhoneFields', () => {
  it('masks phone fields at any depth, in arrays, whatever the case of the name', () => {
    const logged = {
      call_id: 'CA-1',
      custom_fields: { ANI: '5551234567', CallerID: '+1 (555) 987-6543', agent: 'a7' },
      events: [{ ani: '5550001111', kind: 'ring' }, { kind: 'hangup' }],
      batch: { items: [{ disposition: { custom_fields: { 'Caller-Number': '5552223333' } } }] },
      MSISDN: 447911123456,
    };
    expect(maskPhoneFields(logged)).toEqual({
      call_id: 'CA-1',
      custom_fields: { ANI: '***67', CallerID: '***43', agent: 'a7' },
      events: [{ ani: '***11', kind: 'ring' }, { kind: 'hangup' }],
      batch: { items: [{ disposition: { custom_fields: { 'Caller-Number': '***33' } } }] },
      MSISDN: '***56',
    });
  });

  it('never changes the caller’s object, and returns it as it is when nothing matches', () => {
    const logged = { custom_fields: { Phone: '5551234567' }, events: [{ ani: '5550001111' }] };
    const snapshot = structuredClone(logged);
    maskPhoneFields(logged);
    expect(logged).toEqual(snapshot);

    const clean = { call_id: 'CA-1', events: [{ kind: 'ring' }], nested: { a: { b: 1 } } };
    const result = maskPhoneFields(clean);
    expect(result).toBe(clean);
    expect(result.events).toBe(clean.events);
  });

  it('leaves errors and other class instances to their serializers, and stops at a bounded depth', () => {
    const error = Object.assign(new Error('boom'), { phone: '5551234567' });
    expect(maskPhoneFields({ err: error }).err).toBe(error);
    let deep: Record<string, unknown> = { phone: '5551234567' };
    for (let level = 0; level < 20; level++) deep = { next: deep };
    expect(maskPhoneFields(deep)).toBe(deep);
  });
});
