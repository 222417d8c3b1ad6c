import { toFieldErrors } from '@postback/http';
import { campaignCreateSchema, campaignUpdateSchema } from './campaign-input.schema';

const valid = { id: 'spring-24', name: 'Spring', value: '125.50', currency: 'USD' };
const problems = (schema: typeof campaignCreateSchema | typeof campaignUpdateSchema, input: unknown) => {
  const result = schema.safeParse(input);
  return result.success ? [] : toFieldErrors(result.error).map((f) => `${f.field}: ${f.problem}`);
};

describe('campaign input', () => {
  it('keeps the value exact and reads the window as seconds', () => {
    expect(campaignCreateSchema.parse({ ...valid, value: 99.99, attribution_window: '30d' })).toEqual({
      ...valid,
      value: '99.99',
      attribution_window: 2_592_000,
    });
    expect(campaignCreateSchema.parse(valid).attribution_window).toBeNull();
  });

  it.each([
    ['id', { id: 'has space' }, /^id: must be 1-64/],
    ['value', { value: '-1' }, /^value: must be a non-negative decimal/],
    ['value', { value: '1.23456' }, /^value: must be a non-negative decimal/],
    ['currency', { currency: 'usd' }, /^currency: must be a three-letter/],
    ['attribution_window', { attribution_window: '2 weeks' }, /^attribution_window: must be a duration/],
    ['name', { name: undefined }, /^name: is required/],
  ])('names %s when it is bad', (_field, overrides, expected) => {
    const found = problems(campaignCreateSchema, { ...valid, ...overrides });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(expected);
  });

  it('updates some fields, clears the window with null, and refuses an empty or unknown change', () => {
    expect(campaignUpdateSchema.parse({ value: '10', attribution_window: null })).toEqual({
      value: '10',
      attribution_window: null,
    });
    expect(problems(campaignUpdateSchema, {})).toEqual(['(body): must change at least one field']);
    expect(problems(campaignUpdateSchema, { id: 'x' })[0]).toMatch(/^\(body\)/);
  });
});
