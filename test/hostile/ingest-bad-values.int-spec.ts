import { randomUUID } from 'node:crypto';
import { type ServiceProcess } from '@postback/testing';
import { type CreatedSource, type IngestClient } from '../support/ingest-client';
import { startIngest } from '../support/ingest-process';
import { rawRequest } from '../support/raw-http';

interface Refusal {
  error: string;
  fields: { field: string; problem: string }[];
}

/**
 * Values no store downstream could keep (NUL, lone surrogates, invalid UTF-8) and values out of
 * range: each answered 400 naming the field, on every intake route, never a 202 or a 500.
 */
describe('ingest refuses bad values, naming the field', () => {
  let ingest: ServiceProcess;
  let client: IngestClient;
  let source: CreatedSource;
  const call = () => `bad-${randomUUID()}`;
  const get = (query: string) =>
    fetch(`${client.baseUrl}/v1/postback?${query}`, { headers: { 'x-api-key': source.api_key.key } });
  const post = (path: string, body: string | Buffer, type = 'application/json') =>
    fetch(`${client.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': type, 'x-api-key': source.api_key.key },
      body,
    });
  const refusal = async (response: Response): Promise<Refusal> => {
    const body = (await response.json()) as Refusal;
    expect({ status: response.status, error: body.error }).toEqual({
      status: 400,
      error: 'validation_failed',
    });
    return body;
  };

  beforeAll(async () => {
    ({ ingest, client } = await startIngest());
    source = await client.createSource({ name: 'Hostile dialer' });
  }, 180_000);

  afterAll(() => ingest.stop(), 60_000);

  describe('text PostgreSQL would refuse', () => {
    it('GET /v1/postback: a NUL in a custom field, invalid UTF-8 in the label', async () => {
      expect((await refusal(await get(`call_id=${call()}&disposition=Sale&note=a%00b`))).fields).toEqual([
        { field: 'note', problem: 'contains a NUL character' },
      ]);
      expect((await refusal(await get(`call_id=${call()}&disposition=Sa%FFle`))).fields).toEqual([
        { field: 'disposition', problem: 'has percent-escapes that are not UTF-8' },
      ]);
      expect((await refusal(await get(`call_id=${call()}&disposition=%ED%A0%80`))).fields).toEqual([
        { field: 'disposition', problem: 'has percent-escapes that are not UTF-8' },
      ]);
    });

    it('POST /v1/postback: JSON and form, values and custom field names', async () => {
      const json = JSON.stringify({
        call_id: call(),
        disposition: 'Sale',
        custom_fields: { note: 'x\u0000', ['k\u0000']: 'v' },
      });
      expect((await refusal(await post('/v1/postback', json))).fields).toEqual([
        { field: 'custom_fields.note', problem: 'contains a NUL character' },
        { field: 'custom_fields.k\\u0000', problem: 'the name contains a NUL character' },
      ]);
      const form = `call_id=${call()}&disposition=Sale&currency=%00SD`;
      const byForm = await refusal(await post('/v1/postback', form, 'application/x-www-form-urlencoded'));
      expect(byForm.fields).toContainEqual({ field: 'currency', problem: 'contains a NUL character' });
    });

    it('POST /v1/dispositions: a lone surrogate in one item of a batch names the item', async () => {
      const items = [0, 1, 2, 3].map(() => ({ call_id: call(), disposition: 'Sale' }));
      items[3].disposition = 'Sale \ud800';
      expect((await refusal(await post('/v1/dispositions', JSON.stringify(items)))).fields).toEqual([
        { field: '[3].disposition', problem: 'contains a lone UTF-16 surrogate (not valid Unicode text)' },
      ]);
    });

    it('POST /v1/dispositions: raw bytes that are not UTF-8', async () => {
      const body = Buffer.concat([
        Buffer.from(`{"call_id":"${call()}","disposition":"Sale","custom_fields":{"n":"`),
        Buffer.from([0xc3, 0x28]),
        Buffer.from('"}}'),
      ]);
      expect((await refusal(await post('/v1/dispositions', body))).fields).toEqual([
        { field: '(body)', problem: 'is not valid UTF-8' },
      ]);
    });

    it('POST /v1/call-events: a NUL in an id', async () => {
      const events = [{ type: 'started', call_id: call(), campaign_id: 'c-1', click_id: 'gclid\u0000' }];
      expect((await refusal(await post('/v1/call-events', JSON.stringify(events)))).fields).toEqual([
        { field: '[0].click_id', problem: 'contains a NUL character' },
      ]);
    });
  });

  describe('requests the router or the HTTP parser refuses (found by the properties)', () => {
    it('a raw byte 0x80 in the query is a 400 naming the URL', async () => {
      const target = Buffer.concat([Buffer.from('/v1/postback?'), Buffer.from([0x80]), Buffer.from('=')]);
      const answer = await rawRequest(client.baseUrl, {
        method: 'GET',
        target,
        headers: { 'x-api-key': source.api_key.key },
      });
      expect({ status: answer.status, fields: (JSON.parse(answer.body) as Refusal).fields }).toEqual({
        status: 400,
        fields: [
          { field: '(url)', problem: 'has a byte that may not stand raw in a URL (percent-encode it)' },
        ],
      });
    });

    it('a path with an escape that is not UTF-8 is a 400 naming the path', async () => {
      const answer = await rawRequest(
        client.baseUrl,
        { method: 'PATCH', target: '/v1/sources/%80' },
        Buffer.from('{}'),
      );
      expect({ status: answer.status, fields: (JSON.parse(answer.body) as Refusal).fields }).toEqual({
        status: 400,
        fields: [{ field: '(path)', problem: 'has percent-escapes that are not UTF-8' }],
      });
    });
  });

  describe('values out of range or of the wrong kind', () => {
    const RANGE = 'must be between 2000-01-01T00:00:00Z and 2100-01-01T00:00:00Z';

    it.each([
      ['9000000000000000', RANGE],
      ['1e300', 'must be ISO-8601 with a zone, or Unix seconds or milliseconds'],
      ['4102444800', RANGE],
      ['+275760-09-13T00:00:00Z', 'must be ISO-8601 with a zone, or Unix seconds or milliseconds'],
      ['1970-01-02T00:00:00Z', RANGE],
      ['NaN', 'must be ISO-8601 with a zone, or Unix seconds or milliseconds'],
    ])('GET /v1/postback: timestamp=%s', async (timestamp, problem) => {
      const query = `call_id=${call()}&disposition=Sale&timestamp=${encodeURIComponent(timestamp)}`;
      expect((await refusal(await get(query))).fields).toEqual([{ field: 'timestamp', problem }]);
    });

    it('POST /v1/dispositions and /v1/call-events: numeric timestamps beyond a Date', async () => {
      const one = { call_id: call(), disposition: 'Sale', timestamp: 9000000000000000 };
      expect((await refusal(await post('/v1/dispositions', JSON.stringify([one, one])))).fields).toEqual([
        { field: '[0].timestamp', problem: RANGE },
        { field: '[1].timestamp', problem: RANGE },
      ]);
      const event = {
        type: 'ended',
        call_id: call(),
        campaign_id: 'c',
        timestamp: 9e15,
        duration_seconds: null,
      };
      const body = JSON.stringify(event).replace('null', '1e400');
      expect((await refusal(await post('/v1/call-events', body))).fields.map((f) => f.field)).toEqual([
        '[0].duration_seconds',
        '[0].timestamp',
      ]);
    });

    it.each([
      ['value', 'NaN'],
      ['value', 'Infinity'],
      ['value', '1e400'],
      ['value', '99999999999999999999'],
      ['currency', '💶'],
    ])('GET /v1/postback: %s=%s', async (name, raw) => {
      const query = `call_id=${call()}&disposition=Sale&${name}=${encodeURIComponent(raw)}`;
      expect((await refusal(await get(query))).fields.map((f) => f.field)).toEqual([name]);
    });

    it('numbers as strings where a number is due name the field', async () => {
      const event = { type: 'ended', call_id: call(), campaign_id: 'c', duration_seconds: '60' };
      expect((await refusal(await post('/v1/call-events', JSON.stringify([event])))).fields).toEqual([
        { field: '[0].duration_seconds', problem: 'must be a whole number of seconds' },
      ]);
    });

    it('deeply nested JSON is a 400 naming the item, huge JSON a 413', async () => {
      const deep = '['.repeat(100_000) + ']'.repeat(100_000);
      const nested = await post('/v1/dispositions', deep);
      expect(nested.status).toBe(400);
      expect(((await nested.json()) as Refusal).fields[0]).toEqual({
        field: '[0]',
        problem: expect.any(String),
      });
      const object = `{"call_id":"${call()}","disposition":"Sale","custom_fields":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`;
      const objects = await refusal(await post('/v1/postback', object));
      expect(objects.fields[0].field).toBe('custom_fields.a');
      const huge = await post('/v1/dispositions', JSON.stringify({ n: 'x'.repeat(2_000_000) }));
      expect(huge.status).toBe(413);
      expect(((await huge.json()) as Refusal).fields[0].field).toBe('(body)');
    });
  });
});
