import { toDispositionEvent } from './to-disposition-event';

describe('toDispositionEvent', () => {
  const receivedAt = new Date('2026-11-30T10:20:00Z');
  const context = { eventId: 'e1', sourceId: 's1', receivedAt, traceparent: 'tp' };
  const input = {
    call_id: 'c1',
    disposition: 'SALE - closed',
    value: '10.50',
    timestamp: new Date('2026-11-30T10:15:00Z'),
    currency: 'USD',
    custom: { agent: 'a7' },
  };

  it('maps the whole input, keeping the raw label', () => {
    expect(toDispositionEvent(input, { ...context, dispositionMap: { 'sale - closed': 'Sale' } })).toEqual({
      event_id: 'e1',
      call_id: 'c1',
      source_id: 's1',
      disposition: 'Sale',
      raw_disposition: 'SALE - closed',
      disposition_mapped: true,
      value: '10.50',
      currency: 'USD',
      occurred_at: input.timestamp,
      received_at: receivedAt,
      custom_fields: { agent: 'a7' },
      traceparent: 'tp',
    });
  });

  it('keeps an unknown label as-is and flags it', () => {
    const event = toDispositionEvent(input, { ...context, dispositionMap: { sale: 'Sale' } });
    expect(event).toMatchObject({ disposition: 'SALE - closed', disposition_mapped: false });
  });

  it('falls back to the receive time and nulls for what was not sent', () => {
    const event = toDispositionEvent(
      {
        call_id: 'c1',
        disposition: 'Sale',
        value: undefined,
        timestamp: undefined,
        currency: undefined,
        custom: {},
      },
      context,
    );
    expect(event).toMatchObject({
      occurred_at: receivedAt,
      value: null,
      currency: null,
      disposition_mapped: true,
    });
  });
});
