import { explainFromDecisions, explainFromDeliveries } from './explanation';
import { type OurDelivery } from './reconcile';

const delivery = (status: OurDelivery['status']): OurDelivery => ({
  delivery_id: `d-${status}`,
  call_id: 'c',
  key: 'c',
  status,
  change: 'new',
  value: '10.00',
  decided_at: '2026-12-01T10:00:00.000Z',
  attempts: 3,
  last_error: 'HTTP 503',
  next_attempt_at: null,
});

const decision = (type: string) => ({
  type,
  status: 'new',
  value: '0.00',
  rule_id: 'r1',
  rule_version: 2,
  follow_up: type === 'none',
  disposition: 'No Answer',
  decided_at: '2026-12-01T10:00:00.000Z',
});

describe('explaining a row the partner has that we never delivered', () => {
  it('names a delivery still on its way first, then a dead-lettered one with its reason', () => {
    expect(explainFromDeliveries([delivery('failed'), delivery('retrying')])).toMatchObject({
      reason: 'still_retrying',
      delivery_id: 'd-retrying',
    });
    expect(explainFromDeliveries([delivery('failed')])).toEqual({
      reason: 'dead_lettered',
      delivery_id: 'd-failed',
      attempts: 3,
      error: 'HTTP 503',
    });
    expect(explainFromDeliveries([])).toBeNull();
  });

  it('otherwise tells what rules decided, with the rule', () => {
    expect(explainFromDecisions([decision('none')], 'No Answer')).toEqual({
      reason: 'decided_none',
      disposition: 'No Answer',
      follow_up: true,
      rule: { id: 'r1', version: 2, name: 'No Answer' },
      decided_at: '2026-12-01T10:00:00.000Z',
    });
    expect(explainFromDecisions([decision('conversion')], 'Sale')).toMatchObject({
      reason: 'decided_without_delivery',
      type: 'conversion',
    });
    expect(explainFromDecisions([], null)).toMatchObject({ reason: 'no_decision' });
  });
});
