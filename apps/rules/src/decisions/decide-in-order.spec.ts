import { type Disposition } from '@postback/contracts';
import { type ConversionState } from './decide-change';
import { type Evaluated, decideInOrder } from './decide-in-order';
import { type AttributedCall } from '../calls/attribute-disposition';
import { type DecisionType } from '@postback/contracts';

const UNMATCHED: AttributedCall = {
  attribution: 'unmatched',
  campaign_id: null,
  publisher_id: null,
  buyer_id: null,
  click_id: null,
  duration_seconds: null,
  campaign_value: null,
  campaign_currency: null,
};

const at = new Date('2026-11-30T12:00:00Z');

function evaluated(eventId: string, callId: string, type: DecisionType, value: string): Evaluated {
  const disposition: Disposition = {
    event_id: eventId,
    call_id: callId,
    source_id: 'source',
    disposition: type === 'conversion' ? 'Sale' : 'Existing Customer',
    raw_disposition: 'raw',
    disposition_mapped: false,
    value: null,
    currency: 'USD',
    occurred_at: at,
    received_at: at,
    custom_fields: {},
    traceparent: null,
  };
  return {
    disposition,
    attributed: UNMATCHED,
    evaluation: {
      rule: {
        id: 'rule',
        version: 1,
        name: 'r',
        scope: { type: 'global', id: null },
        dispositions: [],
        outcome: { type: 'service' },
        priority: 0,
      },
      type,
      value,
      follow_up: false,
      event_name: null,
      reason: 'rule',
    },
  };
}

let n = 0;
const ids = () => ({ decisionId: `decision-${++n}`, decidedAt: at });

describe('decideInOrder', () => {
  beforeEach(() => (n = 0));

  it('decides one call’s dispositions of a batch against the state the earlier ones left', () => {
    const states = new Map<string, ConversionState>();
    const outcomes = decideInOrder(
      [
        evaluated('e1', 'call-a', 'conversion', '100.00'),
        evaluated('e2', 'call-b', 'conversion', '50.00'),
        evaluated('e3', 'call-a', 'service', '0.00'),
        evaluated('e4', 'call-a', 'service', '0.00'),
      ],
      states,
      new Set(),
      ids,
    );
    expect(outcomes.map((o) => [o.eventId, o.decision?.status ?? null, o.decision?.delta ?? null])).toEqual([
      ['e1', 'new', '100.00'],
      ['e2', 'new', '50.00'],
      ['e3', 'reversal', '-100.00'],
      ['e4', null, null],
    ]);
    expect(outcomes[2].decision).toMatchObject({ previous_type: 'conversion', previous_value: '100.00' });
    expect(states.get('call-a')).toEqual({ type: 'service', value: '0.00' });
  });

  it('starts from the stored state and upgrades it', () => {
    const states = new Map<string, ConversionState>([['call-a', { type: 'partial', value: '20.00' }]]);
    const [outcome] = decideInOrder(
      [evaluated('e1', 'call-a', 'conversion', '100.00')],
      states,
      new Set(),
      ids,
    );
    expect(outcome.decision).toMatchObject({ status: 'upgrade', delta: '80.00', decision_id: 'decision-1' });
  });

  it('skips a disposition processed before, and one that comes twice in the batch', () => {
    const outcomes = decideInOrder(
      [
        evaluated('e1', 'call-a', 'conversion', '100.00'),
        evaluated('e2', 'call-a', 'service', '0.00'),
        evaluated('e2', 'call-a', 'service', '0.00'),
      ],
      new Map(),
      new Set(['e1']),
      ids,
    );
    expect(outcomes.map((o) => [o.eventId, o.decision?.status])).toEqual([['e2', 'new']]);
  });
});
