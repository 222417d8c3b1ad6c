import { emptyDraft, endpointBody, headersOf } from './endpoint-draft';

describe('the endpoint form as the API takes it', () => {
  it('reads headers one "Name: value" per line, keeping colons in the value', () => {
    expect(headersOf('X-Campaign: {campaign_id}\n\n X-Time : 10:30 \nBare')).toEqual({
      'X-Campaign': '{campaign_id}',
      'X-Time': '10:30',
      Bare: '',
    });
  });

  it('sends only the chosen auth scheme, with its secrets, and no body for a GET', () => {
    const draft = emptyDraft('https://x.test/?c={call_id}');
    draft.bodyTemplate = '{"c":"{call_id}"}';
    draft.auth = {
      ...draft.auth,
      type: 'standard_webhooks',
      secrets: 'whsec_a, whsec_b',
      password: 'unused',
    };
    expect(endpointBody(draft)).toEqual({
      method: 'GET',
      url_template: 'https://x.test/?c={call_id}',
      headers: {},
      body_template: null,
      filter: { types: ['conversion', 'partial', 'micro'], min_value: null, upgrades: true, reversals: true },
      auth: { type: 'standard_webhooks', secrets: ['whsec_a', 'whsec_b'] },
    });
    draft.method = 'POST';
    draft.name = 'crm';
    draft.minValue = ' 10 ';
    draft.auth = { ...draft.auth, type: 'basic', username: 'u', password: 'p' };
    expect(endpointBody(draft)).toMatchObject({
      name: 'crm',
      body_template: '{"c":"{call_id}"}',
      filter: { min_value: '10' },
      auth: { type: 'basic', username: 'u', password: 'p' },
    });
  });
});
