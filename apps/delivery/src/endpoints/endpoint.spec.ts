import { type ConversionDecision } from '@postback/contracts';
import { DEFAULT_DECISION_TYPES, type Endpoint, endpointWants } from './endpoint';

const endpoint = (overrides: Partial<Endpoint> = {}): Endpoint => ({
  id: 'e1',
  name: 'client',
  url_template: 'https://client.test/?c={call_id}',
  method: 'GET',
  headers: {},
  body_template: null,
  scope: { type: 'global', id: null },
  filter: { types: DEFAULT_DECISION_TYPES, min_value: null, upgrades: true, reversals: true },
  auth: { type: 'none' },
  success: { body_pattern: null },
  missing_macro: 'empty',
  active: true,
  disabled_reason: null,
  rate_limit_per_second: null,
  max_in_flight: null,
  backup_url_template: null,
  backup_after_failures: null,
  ...overrides,
});

const decision = (overrides: Partial<ConversionDecision> = {}): ConversionDecision =>
  ({
    type: 'conversion',
    status: 'new',
    value: '100.00',
    campaign_id: 'c1',
    publisher_id: null,
    buyer_id: null,
    ...overrides,
  }) as ConversionDecision;

describe('endpointWants', () => {
  it('takes conversions, partials and micro-conversions by default', () => {
    for (const type of ['conversion', 'partial', 'micro'] as const)
      expect(endpointWants(endpoint(), decision({ type }))).toBe(true);
    for (const type of ['none', 'service'] as const)
      expect(endpointWants(endpoint(), decision({ type }))).toBe(false);
  });

  it('respects scope', () => {
    expect(endpointWants(endpoint({ scope: { type: 'campaign', id: 'c1' } }), decision())).toBe(true);
    expect(endpointWants(endpoint({ scope: { type: 'campaign', id: 'c2' } }), decision())).toBe(false);
    expect(endpointWants(endpoint({ scope: { type: 'buyer', id: 'b1' } }), decision())).toBe(false);
  });

  it('filters upgrades, reversals and small values when asked', () => {
    const strict = endpoint({
      filter: { types: DEFAULT_DECISION_TYPES, min_value: '50', upgrades: false, reversals: false },
    });
    expect(endpointWants(strict, decision({ status: 'upgrade' }))).toBe(false);
    expect(endpointWants(strict, decision({ status: 'reversal' }))).toBe(false);
    expect(endpointWants(strict, decision({ value: '49.99' }))).toBe(false);
    expect(endpointWants(strict, decision({ value: '50.00' }))).toBe(true);
  });

  it('sends the reversal of an outcome it was sent, though the new type alone would not pass', () => {
    const reversal = decision({
      type: 'none',
      status: 'reversal',
      value: '0.00',
      previous_type: 'conversion',
      previous_value: '100.00',
    });
    expect(endpointWants(endpoint(), reversal)).toBe(true);
    const neverSent = decision({
      type: 'none',
      status: 'reversal',
      value: '0.00',
      previous_type: 'service',
      previous_value: '0.00',
    });
    expect(endpointWants(endpoint(), neverSent)).toBe(false);
  });

  it('compares the minimum value exactly, and lets a change through when the earlier outcome passed', () => {
    const strict = endpoint({
      filter: { types: DEFAULT_DECISION_TYPES, min_value: '60', upgrades: true, reversals: true },
    });
    expect(endpointWants(strict, decision({ value: '59.9999' }))).toBe(false);
    expect(endpointWants(strict, decision({ value: '60.0000' }))).toBe(true);
    const down = decision({
      type: 'partial',
      status: 'reversal',
      value: '50.00',
      previous_type: 'conversion',
      previous_value: '100.00',
    });
    expect(endpointWants(strict, down)).toBe(true);
    expect(endpointWants(strict, { ...down, status: 'new', previous_type: null, previous_value: null })).toBe(
      false,
    );
  });

  it('ignores inactive endpoints', () => {
    expect(endpointWants(endpoint({ active: false }), decision())).toBe(false);
  });
});
