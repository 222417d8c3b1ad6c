import { toFieldErrors } from '@postback/http';
import { conversionsQuerySchema } from './conversions-query.schema';

const fields = (input: unknown) => {
  const result = conversionsQuerySchema.safeParse(input);
  return result.success ? [] : toFieldErrors(result.error).map((f) => f.field);
};

describe('conversions query', () => {
  it('defaults to pages of 100 and reads numbers from the query string', () => {
    expect(conversionsQuerySchema.parse({})).toEqual({ limit: 100 });
    expect(conversionsQuerySchema.parse({ limit: '5', cursor: '42', call_id: 'c1' })).toEqual({
      limit: 5,
      cursor: '42',
      call_id: 'c1',
    });
  });

  it.each([
    [{ limit: '0' }, 'limit'],
    [{ limit: '501' }, 'limit'],
    [{ limit: 'ten' }, 'limit'],
    [{ cursor: 'abc' }, 'cursor'],
    [{ type: 'bonus' }, 'type'],
    [{ status: 'downgrade' }, 'status'],
    [{ attribution: 'maybe' }, 'attribution'],
    [{ rule_id: 'r1' }, 'rule_id'],
    [{ decided_from: '2026-11-30' }, 'decided_from'],
    [{ call_id: '' }, 'call_id'],
    [{ colour: 'red' }, '(body)'],
  ])('refuses %j, naming %s', (input, field) => {
    expect(fields(input)).toEqual([field]);
  });
});
