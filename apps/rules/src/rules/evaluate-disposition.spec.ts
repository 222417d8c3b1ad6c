import { type DispositionFacts, evaluateDisposition } from './evaluate-disposition';
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
});
