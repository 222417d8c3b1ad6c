import { toFieldErrors } from '@postback/http';
import { ruleInputSchema } from './rule-input.schema';

const valid = { name: 'Sale', dispositions: ['Sale'], outcome: { type: 'conversion' } };
const problems = (input: unknown) => {
  const result = ruleInputSchema.safeParse(input);
  return result.success ? [] : toFieldErrors(result.error).map((f) => f.field);
};

describe('rule input', () => {
  it('fills in global scope, no conditions, priority 0 and active', () => {
    expect(ruleInputSchema.parse(valid)).toEqual({
      ...valid,
      scope: { type: 'global', id: null },
      conditions: {},
      priority: 0,
      active: true,
    });
  });

  it.each([
    [
      'a campaign-scoped partial with conditions',
      {
        scope: { type: 'campaign', id: 'c1' },
        outcome: { type: 'partial', percent: '25' },
        conditions: {
          min_duration_seconds: 60,
          custom_fields: [
            { field: 'tier', equals: 'gold' },
            { field: 'agent', matches: '^a\\d+$' },
          ],
        },
      },
    ],
    ['a fixed partial', { outcome: { type: 'partial', fixed_value: 12.5 } }],
    ['a micro-conversion', { outcome: { type: 'micro', value: '5', event_name: 'appointment_set' } }],
    ['a none with follow-up', { outcome: { type: 'none', follow_up: true } }],
    ['a service interaction', { outcome: { type: 'service' } }],
  ])('accepts %s', (_name, overrides) => {
    expect(problems({ ...valid, ...overrides })).toEqual([]);
  });

  it.each([
    ['no name', { name: '' }, 'name'],
    ['no dispositions', { dispositions: [] }, 'dispositions'],
    ['an empty disposition', { dispositions: ['Sale', ' '] }, 'dispositions[1]'],
    ['an unknown outcome type', { outcome: { type: 'bonus' } }, 'outcome.type'],
    ['a micro without event name', { outcome: { type: 'micro', value: '5' } }, 'outcome.event_name'],
    [
      'a micro with a float-looking value',
      { outcome: { type: 'micro', value: '1e3', event_name: 'x' } },
      'outcome.value',
    ],
    ['a percent over 100', { outcome: { type: 'partial', percent: '101' } }, 'outcome.percent'],
    [
      'percent and fixed value together',
      { outcome: { type: 'partial', percent: '5', fixed_value: '1' } },
      'outcome.fixed_value',
    ],
    ['an extra outcome field', { outcome: { type: 'service', value: '3' } }, 'outcome'],
    ['a campaign scope without id', { scope: { type: 'campaign' } }, 'scope.id'],
    ['a global scope with an id', { scope: { type: 'global', id: 'x' } }, 'scope.id'],
    ['an unknown scope', { scope: { type: 'region', id: 'x' } }, 'scope.type'],
    ['a negative duration', { conditions: { min_duration_seconds: -1 } }, 'conditions.min_duration_seconds'],
    [
      'a broken regular expression',
      { conditions: { custom_fields: [{ field: 'a', matches: '(' }] } },
      'conditions.custom_fields[0].matches',
    ],
    [
      'a custom field condition without a test',
      { conditions: { custom_fields: [{ field: 'a' }] } },
      'conditions.custom_fields[0]',
    ],
    ['a fractional priority', { priority: 1.5 }, 'priority'],
    ['an unknown field', { colour: 'red' }, '(body)'],
  ])('refuses %s', (_name, overrides, field) => {
    expect(problems({ ...valid, ...overrides })).toEqual([field]);
  });

  it('refuses a condition pattern RE2 cannot run, saying why', () => {
    const result = ruleInputSchema.safeParse({
      ...valid,
      conditions: { custom_fields: [{ field: 'a', matches: '(a)\\1' }] },
    });
    expect(result.error?.issues[0]).toMatchObject({
      path: ['conditions', 'custom_fields', 0, 'matches'],
      message: expect.stringMatching(/^is not a valid RE2 regular expression: invalid escape sequence/),
    });
  });
});
