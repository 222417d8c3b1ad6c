import { type DispositionFacts, evaluateDisposition, explainRules } from './evaluate-disposition';
import { type Rule } from './rule';

const rule = (overrides: Partial<Rule> & Pick<Rule, 'id' | 'dispositions' | 'outcome'>): Rule => ({
  version: 1,
  name: overrides.id,
  scope: { type: 'global', id: null },
  priority: 0,
  ...overrides,
});

const defaults: Rule[] = [
  rule({ id: 'sale', dispositions: ['Sale'], outcome: { type: 'conversion' } }),
  rule({ id: 'lead', dispositions: ['Qualified Lead'], outcome: { type: 'partial', percent: '25' } }),
  rule({
    id: 'appt',
    dispositions: ['Appointment Set'],
    outcome: { type: 'micro', value: '5', event_name: 'appointment_set' },
  }),
  rule({ id: 'no-answer', dispositions: ['No Answer'], outcome: { type: 'none', follow_up: true } }),
  rule({ id: 'existing', dispositions: ['Existing Customer'], outcome: { type: 'service' } }),
];

const facts = (overrides: Partial<DispositionFacts>): DispositionFacts => ({
  disposition: 'Sale',
  value: null,
  campaign_id: null,
  buyer_id: null,
  publisher_id: null,
  campaign_value: null,
  duration_seconds: null,
  custom_fields: {},
  ...overrides,
});

describe('evaluateDisposition', () => {
  it('makes a Sale a full conversion at the value sent', () => {
    const result = evaluateDisposition(facts({ value: '125.5' }), defaults);
    expect(result).toMatchObject({ type: 'conversion', value: '125.50', follow_up: false });
    expect(result?.rule.id).toBe('sale');
  });

  it("falls back to the campaign's value, then zero", () => {
    expect(evaluateDisposition(facts({ campaign_value: '80' }), defaults)?.value).toBe('80.00');
    expect(evaluateDisposition(facts({}), defaults)?.value).toBe('0.00');
  });

  it('matches labels case- and space-insensitively', () => {
    expect(
      evaluateDisposition(facts({ disposition: '  qualified   LEAD ', value: '200' }), defaults),
    ).toMatchObject({
      type: 'partial',
      value: '50.00',
    });
  });

  it('gives micro-conversions their fixed value and event name', () => {
    expect(
      evaluateDisposition(facts({ disposition: 'Appointment Set', value: '999' }), defaults),
    ).toMatchObject({
      type: 'micro',
      value: '5.00',
      event_name: 'appointment_set',
    });
  });

  it('flags No Answer for follow-up with no value, and Existing Customer as service', () => {
    expect(evaluateDisposition(facts({ disposition: 'No Answer' }), defaults)).toMatchObject({
      type: 'none',
      value: '0.00',
      follow_up: true,
    });
    expect(
      evaluateDisposition(facts({ disposition: 'Existing Customer', value: '10' }), defaults),
    ).toMatchObject({
      type: 'service',
      value: '0.00',
    });
  });

  it('answers null when no rule matches', () => {
    expect(evaluateDisposition(facts({ disposition: 'Wrong Number' }), defaults)).toBeNull();
  });

  it('prefers the most specific scope, then the higher priority', () => {
    const rules = [
      ...defaults,
      rule({
        id: 'camp',
        dispositions: ['Sale'],
        scope: { type: 'campaign', id: 'c1' },
        outcome: { type: 'partial', fixed_value: '7' },
      }),
      rule({
        id: 'pub',
        dispositions: ['Sale'],
        scope: { type: 'publisher', id: 'p1' },
        outcome: { type: 'service' },
      }),
      rule({
        id: 'global-high',
        dispositions: ['Sale'],
        priority: 10,
        outcome: { type: 'micro', value: '1', event_name: 'x' },
      }),
    ];
    expect(evaluateDisposition(facts({ campaign_id: 'c1', publisher_id: 'p1' }), rules)?.rule.id).toBe('pub');
    expect(evaluateDisposition(facts({ campaign_id: 'c1', publisher_id: 'p2' }), rules)?.rule.id).toBe(
      'camp',
    );
    expect(evaluateDisposition(facts({ campaign_id: 'c2' }), rules)?.rule.id).toBe('global-high');
  });

  it('explains which rule matched and why', () => {
    expect(evaluateDisposition(facts({}), defaults)?.reason).toBe(
      'rule "sale" v1 (global scope, priority 0) matches "Sale"',
    );
  });

  it.each([
    ['a percentage of the value sent', { type: 'partial', percent: '12.5' }, '80', null, '10.00'],
    ["a percentage of the campaign's value", { type: 'partial', percent: '25' }, null, '200', '50.00'],
    ['50% when no share is given', { type: 'partial' }, '30', null, '15.00'],
    ['a fixed part, whatever was sent', { type: 'partial', fixed_value: '7.5' }, '999', '5', '7.50'],
    ['the full value sent', { type: 'conversion' }, '0.0001', '10', '0.0001'],
    ["the campaign's full value", { type: 'conversion' }, null, '99.99', '99.99'],
  ] as const)('values %s', (_name, outcome, value, campaignValue, expected) => {
    const rules = [rule({ id: 'r', dispositions: ['Sale'], outcome })];
    expect(evaluateDisposition(facts({ value, campaign_value: campaignValue }), rules)?.value).toBe(expected);
  });

  describe('conditions', () => {
    const long = rule({
      id: 'long-sale',
      name: 'long sale',
      dispositions: ['Sale'],
      priority: 5,
      conditions: { min_duration_seconds: 60 },
      outcome: { type: 'conversion' },
    });
    const vip = rule({
      id: 'vip',
      name: 'vip',
      dispositions: ['Sale'],
      priority: 9,
      conditions: {
        custom_fields: [
          { field: 'tier', equals: 'gold' },
          { field: 'agent', matches: '^a\\d+$' },
        ],
      },
      outcome: { type: 'micro', value: '1', event_name: 'vip' },
    });
    const short = rule({ id: 'short-sale', dispositions: ['Sale'], outcome: { type: 'service' } });
    const rules = [long, vip, short];

    it.each([
      ['duration unknown', {}, 'short-sale'],
      ['duration below the minimum', { duration_seconds: 59 }, 'short-sale'],
      ['duration at the minimum', { duration_seconds: 60 }, 'long-sale'],
      ['custom fields equal and match', { custom_fields: { tier: 'gold', agent: 'a7' } }, 'vip'],
      ['custom field differs', { custom_fields: { tier: 'silver', agent: 'a7' } }, 'short-sale'],
      ['custom field does not match', { custom_fields: { tier: 'gold', agent: 'b7' } }, 'short-sale'],
      ['custom field missing', { custom_fields: { agent: 'a7' } }, 'short-sale'],
      [
        'all conditions met, higher priority wins',
        { duration_seconds: 120, custom_fields: { tier: 'gold', agent: 'a12' } },
        'vip',
      ],
    ] as const)('%s → %s', (_name, overrides, expected) => {
      expect(evaluateDisposition(facts(overrides), rules)?.rule.id).toBe(expected);
    });

    it('runs a catastrophic condition pattern on a hostile value in linear time', () => {
      const redos = rule({
        id: 'redos',
        name: 'redos',
        dispositions: ['Sale'],
        priority: 99,
        conditions: { custom_fields: [{ field: 'agent', matches: '(a+)+$' }] },
        outcome: { type: 'service' },
      });
      const hostile = facts({ custom_fields: { agent: `${'a'.repeat(50)}!` } });
      expect(evaluateDisposition(hostile, [redos, short])?.rule.id).toBe('short-sale');
      expect(evaluateDisposition(facts({ custom_fields: { agent: 'aaa' } }), [redos, short])?.rule.id).toBe(
        'redos',
      );
    });

    it('says which conditions held', () => {
      expect(evaluateDisposition(facts({ duration_seconds: 61 }), rules)?.reason).toBe(
        'rule "long sale" v1 (global scope, priority 5) matches "Sale" with duration >= 60s',
      );
    });

    it('answers null when a condition fails and nothing else matches', () => {
      expect(evaluateDisposition(facts({ duration_seconds: 3 }), [long])).toBeNull();
    });
  });

  describe('explainRules', () => {
    it('lists every rule in precedence order with why it does or does not apply', () => {
      const rules = [
        ...defaults,
        rule({
          id: 'camp',
          name: 'camp',
          dispositions: ['Sale'],
          scope: { type: 'campaign', id: 'c1' },
          outcome: { type: 'conversion' },
        }),
      ];
      const verdicts = explainRules(facts({ campaign_id: 'c2' }), rules);
      expect(verdicts.map((v) => [v.rule.id, v.applies, v.why])).toEqual([
        ['camp', false, 'campaign is "c2", the rule is for "c1"'],
        ['appt', false, 'disposition "Sale" is not one of its dispositions'],
        ['existing', false, 'disposition "Sale" is not one of its dispositions'],
        ['lead', false, 'disposition "Sale" is not one of its dispositions'],
        ['no-answer', false, 'disposition "Sale" is not one of its dispositions'],
        ['sale', true, 'rule "sale" v1 (global scope, priority 0) matches "Sale"'],
      ]);
      expect(explainRules(facts({}), rules)[0].why).toBe('campaign is unknown, the rule is for "c1"');
    });

    it('names the failed condition and the value seen', () => {
      const vipOnly = rule({
        id: 'v',
        dispositions: ['Sale'],
        conditions: { custom_fields: [{ field: 'tier', matches: '^g' }] },
        outcome: { type: 'conversion' },
      });
      const short = rule({
        id: 'd',
        dispositions: ['Sale'],
        conditions: { min_duration_seconds: 30 },
        outcome: { type: 'conversion' },
      });
      expect(explainRules(facts({ custom_fields: { tier: 'silver' } }), [vipOnly])[0].why).toBe(
        'needs custom field tier matching /^g/, got "silver"',
      );
      expect(explainRules(facts({ duration_seconds: 12 }), [short])[0].why).toBe(
        'needs a call of at least 30s, it lasted 12s',
      );
      expect(explainRules(facts({}), [short])[0].why).toBe('needs a call of at least 30s, duration unknown');
    });
  });
});
