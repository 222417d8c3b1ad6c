import { redactUrl } from './redact-url';

describe('redactUrl', () => {
  it('replaces secret query values and keeps the rest', () => {
    expect(redactUrl('/v1/postback?call_id=1&api_key=k_live_123&disposition=Sale')).toBe(
      '/v1/postback?call_id=1&api_key=[redacted]&disposition=Sale',
    );
  });

  it('matches names case-insensitively, however encoded', () => {
    expect(redactUrl('/p?API_KEY=x&%61pi_key=y')).toBe('/p?API_KEY=[redacted]&%61pi_key=[redacted]');
  });

  it('redacts user info and the other usual secret names', () => {
    expect(redactUrl('https://bob:hunter2@client.test/pb?token=t&password=p&Key=k&call_id=1')).toBe(
      'https://[redacted]@client.test/pb?token=[redacted]&password=[redacted]&Key=[redacted]&call_id=1',
    );
  });

  it('survives malformed escapes instead of throwing', () => {
    expect(redactUrl('/v1/postback?%=1&api_key=x')).toBe('/v1/postback?%=1&api_key=[redacted]');
  });

  it('leaves a URL without a query alone', () => {
    expect(redactUrl('/health/ready')).toBe('/health/ready');
  });

  it('masks phone numbers in phone-like parameters, encoded or not', () => {
    expect(redactUrl('/v1/postback?call_id=1&ani=%2B15551234567&Caller_Number=555-987-6543&agent=a7')).toBe(
      '/v1/postback?call_id=1&ani=***67&Caller_Number=***43&agent=a7',
    );
  });
});
