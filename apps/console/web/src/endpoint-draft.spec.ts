import {
  type SavedEndpoint,
  draftOf,
  emptyDraft,
  endpointBody,
  headersOf,
  previewBody,
} from './endpoint-draft';

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

  const saved: SavedEndpoint = {
    id: 'e1',
    name: 'crm',
    url_template: 'https://x.test/?c={call_id}',
    method: 'POST',
    headers: { 'X-Campaign': '{campaign_id}', 'X-Team': 'a' },
    body_template: '{"v":"{conversion_value}"}',
    filter: { types: ['micro'], min_value: '5', upgrades: false, reversals: true },
    auth: { type: 'basic', username: 'acme' },
    active: false,
    disabled_reason: 'circuit open',
  };

  it('fills the form with a saved endpoint, and sends back what it had', () => {
    const draft = draftOf(saved);
    expect(draft).toMatchObject({
      name: 'crm',
      headers: 'X-Campaign: {campaign_id}\nX-Team: a',
      minValue: '5',
      upgrades: false,
      auth: { type: 'basic', username: 'acme', password: '' },
    });
    expect(endpointBody(draft, 'basic')).toEqual({
      name: 'crm',
      method: 'POST',
      url_template: saved.url_template,
      headers: saved.headers,
      body_template: saved.body_template,
      filter: saved.filter,
      auth: { type: 'basic', username: 'acme' },
    });
  });

  it('leaves out a secret left empty only when editing auth of the stored type', () => {
    const draft = draftOf(saved);
    expect(endpointBody(draft).auth).toEqual({ type: 'basic', username: 'acme', password: '' });
    draft.auth = { ...draft.auth, password: 'new' };
    expect(endpointBody(draft, 'basic').auth).toEqual({ type: 'basic', username: 'acme', password: 'new' });
    draft.auth = { ...draft.auth, type: 'header', value: '' };
    expect(endpointBody(draft, 'basic').auth).toEqual({ type: 'header', name: 'X-Api-Key', value: '' });
    draft.auth = { ...draft.auth, type: 'standard_webhooks', secrets: ' ' };
    expect(endpointBody(draft, 'standard_webhooks').auth).toEqual({ type: 'standard_webhooks' });
  });

  it('gives a kept secret a stand-in for the preview, and leaves a typed one as it is', () => {
    const body = endpointBody(draftOf(saved), 'basic');
    expect(previewBody(body).auth).toEqual({ type: 'basic', username: 'acme', password: 'stored-secret' });
    const typed = { ...body, auth: { type: 'basic', username: 'acme', password: 'typed' } };
    expect(previewBody(typed)).toBe(typed);
    expect(previewBody({ auth: { type: 'none' } })).toEqual({ auth: { type: 'none' } });
  });
});
