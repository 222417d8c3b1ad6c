import { type DeliveryRecord, type LedgerInput, reconcile } from './reconciliation-ledger';

const endpoint = (endpointId: string, expect: 'delivered' | 'dead-lettered' | 'either' = 'either') => ({
  endpointId,
  expect,
});
const row = (over: Partial<DeliveryRecord> & { deliveryId: string }): DeliveryRecord => ({
  decisionId: 'd1',
  endpointId: 'e1',
  status: 'delivered',
  lastError: null,
  ...over,
});

/** One accepted disposition, decided as d1, delivered once to e1. */
function clean(): LedgerInput {
  return {
    accepted: [{ callId: 'c1', eventId: 'v1' }],
    decisions: [{ eventId: 'v1', decisionId: 'd1' }],
    deliveries: [row({ deliveryId: 'w1' })],
    endpoints: [endpoint('e1', 'delivered')],
    acknowledged: new Map([['w1', 1]]),
  };
}

describe('reconcile', () => {
  it('finds a run clean when every accepted disposition was decided and delivered once', () => {
    expect(reconcile(clean())).toEqual({
      accepted: 1,
      decided: 1,
      expectedDeliveries: 1,
      delivered: 1,
      deadLettered: 0,
      redelivered: 0,
      missing: [],
      duplicated: [],
      stuck: [],
      wrong: [],
      clean: true,
    });
  });

  it('lists a disposition that was never decided, with its ids', () => {
    const report = reconcile({ ...clean(), decisions: [] });
    expect(report.clean).toBe(false);
    expect(report.missing).toEqual([{ callId: 'c1', eventId: 'v1', problem: 'never decided' }]);
  });

  it('expects nothing to deliver for a disposition decided as no change', () => {
    const report = reconcile({
      ...clean(),
      decisions: [{ eventId: 'v1', decisionId: null }],
      deliveries: [],
    });
    expect(report).toMatchObject({ clean: true, decided: 1, expectedDeliveries: 0 });
  });

  it('lists a decision with no delivery row for one of the endpoints', () => {
    const report = reconcile({ ...clean(), endpoints: [endpoint('e1'), endpoint('e2')] });
    expect(report.missing).toEqual([
      { callId: 'c1', eventId: 'v1', decisionId: 'd1', endpointId: 'e2', problem: 'no delivery' },
    ]);
  });

  it('counts a webhook-id acknowledged twice as duplicated', () => {
    const report = reconcile({ ...clean(), acknowledged: new Map([['w1', 2]]) });
    expect(report.duplicated).toEqual([
      expect.objectContaining({ deliveryId: 'w1', problem: 'acknowledged 2 times by the receiver' }),
    ]);
  });

  it('counts a second acknowledgement of a delivery unrecorded when delivery was killed as redelivered', () => {
    const input = { ...clean(), acknowledged: new Map([['w1', 2]]), unrecordedAtCrash: new Set(['w1']) };
    expect(reconcile(input)).toMatchObject({ clean: true, redelivered: 1 });
    expect(reconcile({ ...input, acknowledged: new Map([['w1', 3]]) }).duplicated).toHaveLength(1);
  });

  it('allows one more acknowledgement per attempt delivery recorded as unanswered', () => {
    const input = {
      ...clean(),
      acknowledged: new Map([['w1', 2]]),
      unansweredAttempts: new Map([['w1', 1]]),
    };
    expect(reconcile(input)).toMatchObject({ clean: true, redelivered: 1 });
    expect(reconcile({ ...input, unansweredAttempts: new Map() }).duplicated).toHaveLength(1);
  });

  it('lists a row marked delivered that the receiver never acknowledged as missing', () => {
    const report = reconcile({ ...clean(), acknowledged: new Map() });
    expect(report.missing).toEqual([
      expect.objectContaining({ deliveryId: 'w1', problem: 'marked delivered, never acknowledged' }),
    ]);
  });

  it('lists pending and retrying deliveries as stuck', () => {
    const report = reconcile({
      ...clean(),
      endpoints: [endpoint('e1'), endpoint('e2')],
      deliveries: [
        row({ deliveryId: 'w1', status: 'pending' }),
        row({ deliveryId: 'w2', endpointId: 'e2', status: 'retrying' }),
      ],
    });
    expect(report.stuck.map((entry) => [entry.deliveryId, entry.problem])).toEqual([
      ['w1', 'still pending'],
      ['w2', 'still retrying'],
    ]);
  });

  it('accepts a dead-lettered delivery with its reason, and checks it is on the DLQ once', () => {
    const failed = row({ deliveryId: 'w1', status: 'failed', lastError: 'retries exhausted: HTTP 500' });
    const input = {
      ...clean(),
      deliveries: [failed],
      acknowledged: new Map(),
      endpoints: [endpoint('e1', 'dead-lettered')],
    };
    expect(reconcile({ ...input, deadLetters: new Map([['w1', 1]]) })).toMatchObject({
      clean: true,
      deadLettered: 1,
    });
    expect(reconcile({ ...input, deadLetters: new Map() }).missing).toEqual([
      expect.objectContaining({ problem: 'failed, but not on postbacks.dlq' }),
    ]);
    expect(reconcile({ ...input, deadLetters: new Map([['w1', 2]]) }).duplicated).toEqual([
      expect.objectContaining({ problem: '2 messages on postbacks.dlq' }),
    ]);
  });

  it('refuses a dead-letter without a reason, one the receiver acknowledged, or one expected delivered', () => {
    const failed = row({ deliveryId: 'w1', status: 'failed', lastError: null });
    const report = reconcile({ ...clean(), deliveries: [failed] });
    expect(report.wrong.map((entry) => entry.problem)).toEqual([
      'dead-lettered without a reason',
      'dead-lettered, yet the receiver acknowledged it',
      'dead-lettered (null), expected delivered',
    ]);
  });

  it('refuses a delivery to an endpoint expected to dead-letter', () => {
    const report = reconcile({ ...clean(), endpoints: [endpoint('e1', 'dead-lettered')] });
    expect(report.wrong).toEqual([expect.objectContaining({ problem: 'delivered, expected dead-lettered' })]);
  });

  it('counts two decision paths or two delivery rows for one pair as duplicated', () => {
    const report = reconcile({
      ...clean(),
      decisions: [
        { eventId: 'v1', decisionId: 'd1' },
        { eventId: 'v1', decisionId: 'd2' },
      ],
      deliveries: [row({ deliveryId: 'w1' }), row({ deliveryId: 'w9' })],
    });
    expect(report.duplicated.map((entry) => entry.problem)).toEqual([
      '2 decision paths',
      '2 deliveries for one decision and endpoint',
    ]);
  });

  it('ignores deliveries of other endpoints and of dispositions not accepted in this run', () => {
    const report = reconcile({
      ...clean(),
      deliveries: [
        row({ deliveryId: 'w1' }),
        row({ deliveryId: 'x', endpointId: 'other' }),
        row({ deliveryId: 'y', decisionId: 'd7', status: 'pending' }),
      ],
    });
    expect(report.clean).toBe(true);
  });
});
