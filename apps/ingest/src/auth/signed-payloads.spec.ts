import { signedPayloads } from './signed-payloads';

describe('signedPayloads', () => {
  it('covers the path and query of a GET, as sent and as the whole URL delivery signs', () => {
    const url = '/v1/postback?call_id=c-1&disposition=Sale%20Done';
    expect(signedPayloads({ method: 'GET', url, host: 'ingest.test', rawBody: undefined })).toEqual([
      url,
      `https://ingest.test${url}`,
      `http://ingest.test${url}`,
    ]);
  });

  it('covers the raw body of a POST, whose query may hold only the api key', () => {
    const rawBody = Buffer.from('{"call_id":"c"}');
    expect(signedPayloads({ method: 'POST', url: '/v1/dispositions?api_key=k', host: 'h', rawBody })).toEqual(
      [rawBody],
    );
    expect(signedPayloads({ method: 'POST', url: '/v1/postback?value=9', host: 'h', rawBody })).toBeNull();
  });
});
