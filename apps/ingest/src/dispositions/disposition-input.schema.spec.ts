import { toFieldErrors } from '@postback/http';
import { dispositionBatchSchema, dispositionInputSchema } from './disposition-input.schema';

describe('dispositionInputSchema', () => {
  it('reads a pasted-URL query string, keeping unknown parameters as custom fields', () => {
    const parsed = dispositionInputSchema.parse({
      call_id: 'CA-1001',
      disposition: ' Sale ',
      value: '125.50',
      timestamp: '1796033700',
      currency: 'usd',
      agent: 'a7',
      api_key: 'secret-never-kept',
    });
    expect(parsed).toEqual({
      call_id: 'CA-1001',
      disposition: 'Sale',
      value: '125.50',
      timestamp: new Date('2026-11-30T10:15:00Z'),
      currency: 'USD',
      custom: { agent: 'a7' },
    });
  });

  it('never keeps a credential as a custom field, however it is spelled', () => {
    const parsed = dispositionInputSchema.parse({
      call_id: 'c',
      disposition: 'Sale',
      API_KEY: 'k',
      token: 't',
      Secret: 's',
      agent: 'a7',
    });
    expect(parsed.custom).toEqual({ agent: 'a7' });
  });

  it('accepts JSON numbers and a custom_fields object', () => {
    const parsed = dispositionInputSchema.parse({
      call_id: 'c',
      disposition: 'Sale',
      value: 99,
      custom_fields: { tier: 2 },
    });
    expect(parsed.value).toBe('99');
    expect(parsed.custom).toEqual({ tier: '2' });
  });

  it('names each bad field and the problem', () => {
    const result = dispositionInputSchema.safeParse({
      disposition: '',
      value: '-3',
      timestamp: 'noon',
      currency: 'dollars',
    });
    expect(result.success).toBe(false);
    expect(toFieldErrors(result.error!)).toEqual([
      { field: 'call_id', problem: 'is required' },
      { field: 'disposition', problem: 'is required' },
      { field: 'value', problem: 'must be a non-negative decimal with at most 4 decimals' },
      { field: 'timestamp', problem: 'must be ISO-8601 with a zone, or Unix seconds or milliseconds' },
      { field: 'currency', problem: 'must be a three-letter ISO 4217 code' },
    ]);
  });

  it('bounds the number and size of custom fields', () => {
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`f${i}`, 'x']));
    const result = dispositionInputSchema.safeParse({ call_id: 'c', disposition: 'Sale', ...many });
    expect(toFieldErrors(result.error!)).toEqual([{ field: 'custom', problem: 'at most 50 custom fields' }]);
    const long = dispositionInputSchema.safeParse({
      call_id: 'c',
      disposition: 'Sale',
      note: 'x'.repeat(513),
    });
    expect(toFieldErrors(long.error!)).toEqual([
      { field: 'custom.note', problem: 'is longer than 512 characters' },
    ]);
  });

  it('refuses call ids with characters that do not belong in an id', () => {
    const result = dispositionInputSchema.safeParse({ call_id: 'a b', disposition: 'Sale' });
    expect(toFieldErrors(result.error!)[0]).toEqual({
      field: 'call_id',
      problem: 'may contain only letters, digits and . _ : @ -',
    });
  });
});

describe('dispositionBatchSchema', () => {
  it('names the item that is wrong', () => {
    const result = dispositionBatchSchema.safeParse([
      { call_id: 'a', disposition: 'Sale' },
      { call_id: 'b' },
    ]);
    expect(toFieldErrors(result.error!)).toEqual([{ field: '[1].disposition', problem: 'is required' }]);
  });

  it('refuses an empty batch', () => {
    expect(toFieldErrors(dispositionBatchSchema.safeParse([]).error!)[0].problem).toMatch(/at least one/);
  });
});
