import { toFieldErrors } from '@postback/http';
import { callEventBatchSchema, callEventInputSchema } from './call-event-input.schema';

describe('callEventInputSchema', () => {
  it('reads a full event, timestamps in any accepted form', () => {
    expect(
      callEventInputSchema.parse({
        type: 'ended',
        call_id: 'c1',
        campaign_id: 'camp',
        publisher_id: 'pub',
        buyer_id: 'buy',
        click_id: 'clk',
        caller_number: '+14155552671',
        duration_seconds: 95,
        timestamp: 1796033700,
        custom_fields: { tier: 2, vip: true },
      }),
    ).toEqual({
      type: 'ended',
      call_id: 'c1',
      campaign_id: 'camp',
      publisher_id: 'pub',
      buyer_id: 'buy',
      click_id: 'clk',
      caller_number: '+14155552671',
      duration_seconds: 95,
      timestamp: new Date('2026-11-30T10:15:00Z'),
      custom_fields: { tier: '2', vip: 'true' },
    });
  });

  it.each([
    [{ call_id: 'c', campaign_id: 'x' }, 'type', 'must be started, answered or ended'],
    [{ type: 'paused', call_id: 'c', campaign_id: 'x' }, 'type', 'must be started, answered or ended'],
    [{ type: 'started', campaign_id: 'x' }, 'call_id', 'is required'],
    [{ type: 'started', call_id: 'c' }, 'campaign_id', 'is required'],
    [
      { type: 'started', call_id: 'c', campaign_id: 'x', duration_seconds: -1 },
      'duration_seconds',
      'may not be negative',
    ],
    [
      { type: 'started', call_id: 'c', campaign_id: 'x', duration_seconds: 1.5 },
      'duration_seconds',
      'must be a whole number of seconds',
    ],
    [
      { type: 'started', call_id: 'c', campaign_id: 'x', timestamp: 'noon' },
      'timestamp',
      'must be ISO-8601 with a zone, or Unix seconds or milliseconds',
    ],
    [
      { type: 'started', call_id: 'c', campaign_id: 'x', caller_number: 14155552671 },
      'caller_number',
      'must be a phone number as a string',
    ],
    [
      { type: 'started', call_id: 'c', campaign_id: 'x', publisher_id: 'a b' },
      'publisher_id',
      'may contain only letters, digits and . _ : @ -',
    ],
  ])('%j: %s %s', (input, field, problem) => {
    const result = callEventInputSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(toFieldErrors(result.error!)).toContainEqual({ field, problem });
  });

  it('never repeats a caller number in an error', () => {
    const result = callEventInputSchema.safeParse({
      type: 'started',
      call_id: 'c',
      campaign_id: 'x',
      caller_number: '4'.repeat(40),
    });
    expect(JSON.stringify(toFieldErrors(result.error!))).not.toContain('4444');
  });

  it('names the item of a batch', () => {
    const result = callEventBatchSchema.safeParse([
      { type: 'started', call_id: 'a', campaign_id: 'x' },
      { type: 'ended', call_id: 'b' },
    ]);
    expect(toFieldErrors(result.error!)).toEqual([{ field: '[1].campaign_id', problem: 'is required' }]);
  });
});
