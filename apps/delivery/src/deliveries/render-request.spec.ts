import { type ConversionDecision } from '@postback/contracts';
import { renderRequest } from './render-request';
import { HeaderValueError } from '../templates/header-value';
import { type Endpoint } from '../endpoints/endpoint';

const decision = {
  decision_id: 'dec-1',
  event_id: 'ev-1',
  call_id: 'CA-1',
  source_id: 'default',
  disposition: 'Sale',
  type: 'conversion',
  status: 'new',
  value: '125.50',
  delta: '125.50',
  currency: 'USD',
  previous_type: null,
  previous_value: null,
  rule_id: 'r1',
  rule_version: 1,
  event_name: null,
  follow_up: false,
  attribution: 'unmatched',
  campaign_id: null,
  publisher_id: null,
  buyer_id: null,
  click_id: null,
  duration_seconds: null,
  occurred_at: new Date('2026-11-30T10:15:00Z'),
  received_at: new Date('2026-11-30T10:15:01Z'),
  decided_at: new Date('2026-11-30T10:15:02Z'),
  custom_fields: { agent: 'a "7"' },
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
} satisfies ConversionDecision;

const endpoint = (overrides: Partial<Endpoint>): Endpoint => ({
  id: 'e1',
  name: 'client',
  url_template:
    'https://client-system.com/postback?call_id={call_id}&disposition={disposition}&value={conversion_value}&timestamp={timestamp}',
  method: 'GET',
  headers: {},
  body_template: null,
  scope: { type: 'global', id: null },
  filter: { types: ['conversion'], min_value: null, upgrades: true, reversals: true },
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

describe('renderRequest', () => {
  it('renders the documented GET postback with its idempotency headers', () => {
    const request = renderRequest(endpoint({}), decision, 'del-1');
    expect(request).toEqual({
      method: 'GET',
      url: 'https://client-system.com/postback?call_id=CA-1&disposition=Sale&value=125.50&timestamp=2026-11-30T10%3A15%3A00.000Z',
      headers: {
        'user-agent': expect.stringMatching(/^Postback\//),
        'webhook-id': 'del-1',
        'idempotency-key': 'del-1',
        traceparent: decision.traceparent,
      },
      body: null,
    });
  });

  it('renders a JSON body with escaped values and custom headers', () => {
    const request = renderRequest(
      endpoint({
        method: 'POST',
        url_template: 'https://client.test/conversions',
        headers: { 'X-Api-Key': 'k-123', 'X-Call': '{call_id}' },
        body_template: '{"id":"{call_id}","agent":"{custom.agent}","value":{conversion_value}}',
      }),
      decision,
      'del-1',
    );
    expect(JSON.parse(request.body!)).toEqual({ id: 'CA-1', agent: 'a "7"', value: 125.5 });
    expect(request.headers).toMatchObject({
      'content-type': 'application/json',
      'x-api-key': 'k-123',
      'x-call': 'CA-1',
    });
  });

  it('renders a form body for a non-JSON template', () => {
    const request = renderRequest(
      endpoint({ method: 'POST', body_template: 'call={call_id}&agent={custom.agent}' }),
      decision,
      'd',
    );
    expect(request.body).toBe('call=CA-1&agent=a+%227%22');
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  describe('a macro with no value at send time', () => {
    const template = 'https://client.test/pb?c={call_id}&click={click_id}';

    it('renders empty by default', () => {
      expect(renderRequest(endpoint({ url_template: template }), decision, 'd').url).toBe(
        'https://client.test/pb?c=CA-1&click=',
      );
    });

    it.each([
      ['the URL', { url_template: template }],
      ['a header', { headers: { 'X-Click': '{click_id}' } }],
      ['the body', { method: 'POST' as const, body_template: '{"click":"{click_id}"}' }],
    ])('fails naming the macro in %s when the endpoint chose to', (_where, overrides) => {
      expect(() => renderRequest(endpoint({ missing_macro: 'fail', ...overrides }), decision, 'd')).toThrow(
        /macro "click_id" at position \d+ has no value/,
      );
    });

    it('is satisfied by a default formatter', () => {
      const request = renderRequest(
        endpoint({
          missing_macro: 'fail',
          url_template: 'https://client.test/?click={click_id|default:none}',
        }),
        decision,
        'd',
      );
      expect(request.url).toBe('https://client.test/?click=none');
    });
  });

  it.each([
    ['\u0001', 'header X-Note: macro "custom.note" value contains a control character (U+0001)'],
    ['\u0000', 'header X-Note: macro "custom.note" value contains a control character (U+0000)'],
    [
      '名前',
      'header X-Note: macro "custom.note" value contains a character outside ASCII (U+540D); use a formatter such as base64',
    ],
  ])('refuses a header macro whose value holds %j, naming the header', (note, message) => {
    const hostile = { ...decision, custom_fields: { note: `x${note}y` } };
    const render = () =>
      renderRequest(endpoint({ headers: { 'X-Note': '{custom.note}' } }), hostile, 'del-1');
    expect(render).toThrow(HeaderValueError);
    expect(render).toThrow(message);
  });

  it.each([
    ['Jose\r\nInjected: 1', 'control character (U+000D)'],
    ['José', 'character outside ASCII (U+00E9)'],
  ])('refuses %j in a header macro, naming header and macro (it would arrive changed)', (note, problem) => {
    const hostile = { ...decision, custom_fields: { note } };
    const headers = { 'X-Note': 'n={custom.note}', 'X-Call': '{call_id}' };
    expect(() => renderRequest(endpoint({ headers }), hostile, 'del-1')).toThrow(
      `header X-Note: macro "custom.note" value contains a ${problem}`,
    );
  });
});
