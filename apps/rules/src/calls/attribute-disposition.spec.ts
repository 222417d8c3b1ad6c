import { type CallState, type CampaignTerms, attributeDisposition } from './attribute-disposition';

const started = new Date('2026-11-30T10:00:00Z');
const call: CallState = {
  call_id: 'c1',
  campaign_id: 'camp',
  publisher_id: 'pub',
  buyer_id: 'buy',
  click_id: 'clk',
  duration_seconds: 95,
  started_at: started,
  first_seen_at: new Date('2026-11-30T10:00:02Z'),
};
const campaign: CampaignTerms = {
  id: 'camp',
  value: '120.00',
  currency: 'EUR',
  attribution_window_seconds: 3600,
};
const at = (seconds: number) => new Date(started.getTime() + seconds * 1000);

const matched = {
  attribution: 'matched',
  campaign_id: 'camp',
  publisher_id: 'pub',
  buyer_id: 'buy',
  click_id: 'clk',
  duration_seconds: 95,
};

describe('attributeDisposition', () => {
  it.each([
    [
      'an unknown call',
      at(10),
      null,
      campaign,
      { attribution: 'unmatched', campaign_id: null, campaign_value: null },
    ],
    [
      'a call inside the window',
      at(3600),
      call,
      campaign,
      { ...matched, campaign_value: '120.00', campaign_currency: 'EUR' },
    ],
    [
      'a call past the window',
      at(3601),
      call,
      campaign,
      { attribution: 'unmatched', campaign_id: null, click_id: null },
    ],
    [
      'a call whose campaign has no window',
      at(86_400 * 365),
      call,
      { ...campaign, attribution_window_seconds: null },
      { ...matched, campaign_value: '120.00' },
    ],
    [
      'a call whose campaign is not configured',
      at(10),
      call,
      null,
      { ...matched, campaign_value: null, campaign_currency: null },
    ],
    [
      'a campaign that is not the call’s',
      at(10),
      call,
      { ...campaign, id: 'other' },
      { ...matched, campaign_value: null },
    ],
    [
      'a call not yet started: the window counts from first sight',
      at(3601),
      { ...call, started_at: null },
      campaign,
      { ...matched, campaign_value: '120.00' },
    ],
  ] as const)('attributes %s', (_name, occurredAt, state, terms, expected) => {
    expect(attributeDisposition(occurredAt, state, terms)).toMatchObject(expected);
  });
});
