import { signWebhook } from '@postback/webhooks';
import { applyAuth, redactHeaders } from './apply-auth';
import { type OutboundRequest } from '../deliveries/render-request';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const get: OutboundRequest = {
  method: 'GET',
  url: 'https://client.test/pb?call_id=CA-1&v=1',
  headers: { 'webhook-id': 'd-1', 'idempotency-key': 'd-1' },
  body: null,
};
const post: OutboundRequest = { ...get, method: 'POST', body: '{"call_id":"CA-1"}' };

describe('applyAuth', () => {
  it('leaves the request alone for none', () => {
    expect(applyAuth(get, { type: 'none' }, 1000)).toEqual(get);
  });

  it('adds a static header', () => {
    const signed = applyAuth(get, { type: 'header', name: 'X-Api-Key', value: 'k-123' }, 1000);
    expect(signed.headers['x-api-key']).toBe('k-123');
  });

  it('adds basic auth', () => {
    const signed = applyAuth(get, { type: 'basic', username: 'user', password: 'p:ss' }, 1000);
    expect(signed.headers.authorization).toBe(`Basic ${Buffer.from('user:p:ss').toString('base64')}`);
  });

  it('signs the body of a POST with the webhook id and a fresh timestamp', () => {
    const signed = applyAuth(post, { type: 'standard_webhooks', secrets: [SECRET] }, 1796033700);
    expect(signed.headers['webhook-timestamp']).toBe('1796033700');
    expect(signed.headers['webhook-signature']).toBe(signWebhook(SECRET, 'd-1', 1796033700, post.body!));
  });

  it('signs the canonical URL of a GET, and sends exactly that URL', () => {
    const request = { ...get, url: 'HTTPS://Client.TEST:443/pb?call_id=CA-1&v=1' };
    const signed = applyAuth(request, { type: 'standard_webhooks', secrets: [SECRET] }, 1796033700);
    expect(signed.url).toBe('https://client.test/pb?call_id=CA-1&v=1');
    expect(signed.headers['webhook-signature']).toBe(
      signWebhook(SECRET, 'd-1', 1796033700, 'https://client.test/pb?call_id=CA-1&v=1'),
    );
  });
});

describe('redactHeaders', () => {
  it('hides credentials and signatures, keeps the rest', () => {
    const headers = {
      authorization: 'Basic abc',
      'x-api-key': 'k-123',
      'webhook-signature': 'v1,xyz',
      'webhook-id': 'd-1',
    };
    expect(redactHeaders(headers, { type: 'header', name: 'X-Api-Key', value: 'k-123' })).toEqual({
      authorization: '[redacted]',
      'x-api-key': '[redacted]',
      'webhook-signature': '[redacted]',
      'webhook-id': 'd-1',
    });
  });
});
