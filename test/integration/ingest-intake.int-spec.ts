import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type CallEvent, type Disposition, Topic } from '@postback/contracts';
import { type ServiceProcess } from '@postback/testing';
import { type CreatedSource, type IngestClient } from '../support/ingest-client';
import { startIngest } from '../support/ingest-process';
import { eventually } from '../support/topic-client';
import { TopicReader } from '../support/topic-reader';

/** Ingest's intake routes, dedup and call events, as a real process on the real stack. */
describe('ingest intake', () => {
  const callerHashKey = `caller-key-${randomUUID()}`;
  const dispositions = new TopicReader<Disposition>(Topic.Dispositions);
  const callEvents = new TopicReader<CallEvent>(Topic.CallEvents);
  let ingest: ServiceProcess;
  let client: IngestClient;
  let source: CreatedSource;

  const get = (query: string, headers: Record<string, string> = {}) =>
    fetch(`${client.baseUrl}/v1/postback?${query}`, { headers });
  const withKey = (key: string, extra: Record<string, string> = {}) => ({ 'x-api-key': key, ...extra });
  const newCall = () => `int-${randomUUID()}`;

  beforeAll(async () => {
    ({ ingest, client } = await startIngest({
      INGEST_BODY_LIMIT_BYTES: '16384',
      INGEST_CALLER_HASH_KEY: callerHashKey,
    }));
    source = await client.createSource({
      name: 'Acme dialer',
      disposition_map: { 'SALE - CLOSED': 'Sale', 'Qualified  lead': 'Qualified Lead' },
    });
    await Promise.all([dispositions.start(), callEvents.start()]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([dispositions.stop(), callEvents.stop()]);
    await ingest.stop();
  }, 60_000);

  describe('dispositions', () => {
    it('maps labels case- and space-insensitively, keeping and flagging unknown ones', async () => {
      const [known, unknown] = [newCall(), newCall()];
      expect(
        (await get(`call_id=${known}&disposition=sale%20-%20%20closed`, withKey(source.api_key.key))).status,
      ).toBe(202);
      expect((await get(`call_id=${unknown}&disposition=Callback`, withKey(source.api_key.key))).status).toBe(
        202,
      );
      const [mapped] = await dispositions.waitFor((m) => m.value.call_id === known);
      const [flagged] = await dispositions.waitFor((m) => m.value.call_id === unknown);
      expect(mapped.value).toMatchObject({
        disposition: 'Sale',
        raw_disposition: 'sale -  closed',
        disposition_mapped: true,
      });
      expect(flagged.value).toMatchObject({
        disposition: 'Callback',
        raw_disposition: 'Callback',
        disposition_mapped: false,
      });
      expect(mapped.key).toBe(known);
    });

    it('logs an accepted disposition by its event line alone, a refused request by its request line', async () => {
      const accepted = newCall();
      const refused = newCall();
      expect((await get(`call_id=${accepted}&disposition=Sale`, withKey(source.api_key.key))).status).toBe(
        202,
      );
      expect((await get(`call_id=${refused}`, withKey(source.api_key.key))).status).toBe(400);
      const lines = () =>
        readFileSync(ingest.logFile, 'utf8')
          .split('\n')
          .filter((line) => line.includes(accepted) || line.includes(refused))
          .map((line) => JSON.parse(line) as { msg: string; call_id?: string; res?: { statusCode: number } });
      const seen = await eventually(async () => {
        const now = lines();
        return now.some((line) => line.msg === 'disposition accepted') && now.some((line) => line.res)
          ? now
          : null;
      });
      expect(seen.map((line) => [line.msg, line.res?.statusCode ?? line.call_id])).toEqual(
        expect.arrayContaining([
          ['disposition accepted', accepted],
          ['request completed', 400],
        ]),
      );
      expect(seen).toHaveLength(2);
    });

    it('takes POST /v1/postback as a form and as JSON', async () => {
      const [form, json] = [newCall(), newCall()];
      const byForm = await fetch(`${client.baseUrl}/v1/postback`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-api-key': source.api_key.key },
        body: `call_id=${form}&disposition=Sale&value=12.5&currency=usd`,
      });
      expect(byForm.status).toBe(202);
      const byJson = await client.postJson('/v1/postback', source.api_key.key, {
        call_id: json,
        disposition: 'Sale',
        value: 7,
      });
      expect(byJson.status).toBe(202);
      const [formEvent] = await dispositions.waitFor((m) => m.value.call_id === form);
      expect(formEvent.value).toMatchObject({ value: '12.5', currency: 'USD' });
      await dispositions.waitFor((m) => m.value.call_id === json);
    });

    it('answers 400 naming each bad field, and produces nothing for a bad batch', async () => {
      const good = newCall();
      const response = await client.postJson('/v1/dispositions', source.api_key.key, [
        { call_id: good, disposition: 'Sale' },
        { call_id: newCall(), disposition: 'Sale', value: 'ten' },
      ]);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        fields: [{ field: '[1].value', problem: 'must be a non-negative decimal with at most 4 decimals' }],
      });
      const marker = newCall();
      expect((await get(`call_id=${marker}&disposition=Sale`, withKey(source.api_key.key))).status).toBe(202);
      await dispositions.waitFor((m) => m.value.call_id === marker);
      expect(dispositions.messages.filter((m) => m.value.call_id === good)).toEqual([]);
    });

    it('answers 415 to an unsupported content type and 413 above the body limit', async () => {
      const text = await fetch(`${client.baseUrl}/v1/dispositions`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'x-api-key': source.api_key.key },
        body: 'call_id=x',
      });
      expect(text.status).toBe(415);
      expect(await text.json()).toMatchObject({
        error: 'unsupported_media_type',
        fields: [{ field: 'content-type' }],
      });
      const big = await client.postJson('/v1/dispositions', source.api_key.key, {
        call_id: newCall(),
        disposition: 'Sale',
        note: 'x'.repeat(20_000),
      });
      expect(big.status).toBe(413);
      expect(await big.json()).toMatchObject({ error: 'payload_too_large', fields: [{ field: '(body)' }] });
    });
  });

  describe('idempotency', () => {
    it('answers a replayed Idempotency-Key with the original event id and produces nothing new', async () => {
      const callId = newCall();
      const body = { call_id: callId, disposition: 'Sale', value: '10' };
      const headers = { 'idempotency-key': `key-${randomUUID()}` };
      const first = await client.postJson('/v1/dispositions', source.api_key.key, body, headers);
      // The same request again (a different body under the key is a 422: ingest-idempotency-reuse).
      const replay = await client.postJson('/v1/dispositions', source.api_key.key, body, headers);
      expect([first.status, replay.status]).toEqual([202, 202]);
      const original = (await first.json()) as { event_id: string };
      expect(original).toMatchObject({ call_id: callId, status: 'accepted' });
      expect(await replay.json()).toEqual({
        event_id: original.event_id,
        call_id: callId,
        status: 'duplicate',
      });
      // Same call, same partition: once the marker is read, anything the replay produced would be too.
      expect((await get(`call_id=${callId}&disposition=Other`, withKey(source.api_key.key))).status).toBe(
        202,
      );
      await dispositions.waitFor((m) => m.value.call_id === callId && m.value.disposition === 'Other');
      expect(
        dispositions.messages.filter((m) => m.value.call_id === callId).map((m) => m.value.event_id),
      ).toEqual([original.event_id, expect.any(String)]);
    });

    it('derives the event id from source, call, disposition, timestamp and value, the same after a restart', async () => {
      // Without an Idempotency-Key nothing is stored at ingest: a repeat is produced again under
      // the same event id, which rules decides once (rules-exactly-once, postback-flow).
      const callId = newCall();
      const query = `call_id=${callId}&disposition=SALE%20-%20closed&timestamp=1796033700`;
      const first = (await (await get(query, withKey(source.api_key.key))).json()) as { event_id: string };
      expect(first).toEqual({ event_id: expect.any(String), call_id: callId, status: 'accepted' });
      const again = await get(
        query.replace('SALE%20-%20closed', 'sale - closed'),
        withKey(source.api_key.key),
      );
      expect(await again.json()).toEqual({ event_id: first.event_id, call_id: callId, status: 'accepted' });

      await ingest.stop();
      ingest.start();
      await ingest.ready();
      const afterRestart = await get(query, withKey(source.api_key.key));
      expect(afterRestart.status).toBe(202);
      expect(await afterRestart.json()).toEqual({
        event_id: first.event_id,
        call_id: callId,
        status: 'accepted',
      });
      const later = (await (
        await get(`call_id=${callId}&disposition=Sale&timestamp=1796033800`, withKey(source.api_key.key))
      ).json()) as { event_id: string };
      const corrected = (await (await get(`${query}&value=20`, withKey(source.api_key.key))).json()) as {
        event_id: string;
      };
      expect(new Set([first.event_id, later.event_id, corrected.event_id]).size).toBe(3);
      await dispositions.waitFor((m) => m.value.event_id === corrected.event_id);
      expect(
        dispositions.messages.filter((m) => m.value.call_id === callId).map((m) => m.value.event_id),
      ).toEqual([first.event_id, first.event_id, first.event_id, later.event_id, corrected.event_id]);
    }, 120_000);

    it('produces a repeat inside one batch once, answering it as a duplicate', async () => {
      const callId = newCall();
      const item = { call_id: callId, disposition: 'Sale', timestamp: 1796033700 };
      const response = await client.postJson('/v1/dispositions', source.api_key.key, [item, item]);
      const { items } = (await response.json()) as { items: { event_id: string; status: string }[] };
      expect(items.map((answer) => answer.status)).toEqual(['accepted', 'duplicate']);
      expect(items[1].event_id).toBe(items[0].event_id);
      // A later disposition on the same call (same partition) is read after anything the batch produced.
      await get(`call_id=${callId}&disposition=Other`, withKey(source.api_key.key));
      await dispositions.waitFor((m) => m.value.call_id === callId && m.value.disposition === 'Other');
      expect(dispositions.messages.filter((m) => m.value.call_id === callId)).toHaveLength(2);
    });
  });

  describe('call events', () => {
    it('produces a batch with the caller number only as a keyed hash of its E.164 form', async () => {
      const callId = newCall();
      const response = await client.postJson('/v1/call-events', source.api_key.key, [
        {
          type: 'started',
          call_id: callId,
          campaign_id: 'camp-1',
          caller_number: '(415) 555-2671',
          timestamp: 1796033700,
        },
        {
          type: 'ended',
          call_id: callId,
          campaign_id: 'camp-1',
          duration_seconds: 95,
          publisher_id: 'pub-9',
        },
      ]);
      expect(response.status).toBe(202);
      const { items } = (await response.json()) as { items: { event_id: string; status: string }[] };
      expect(items.map((item) => item.status)).toEqual(['accepted', 'accepted']);
      const [started, ended] = await callEvents.waitFor((m) => m.value.call_id === callId, 2);
      expect(started.value).toMatchObject({
        event_id: items[0].event_id,
        type: 'started',
        source_id: source.id,
        caller_hash: createHmac('sha256', callerHashKey).update('+14155552671').digest('hex'),
        occurred_at: new Date(1796033700 * 1000),
      });
      expect(JSON.stringify(started)).not.toMatch(/4155552671/);
      expect(ended.value).toMatchObject({
        type: 'ended',
        duration_seconds: 95,
        publisher_id: 'pub-9',
        caller_hash: null,
      });
    });

    it('names a caller number that is not one, without repeating it', async () => {
      const response = await client.postJson('/v1/call-events', source.api_key.key, [
        { type: 'started', call_id: newCall(), campaign_id: 'c', caller_number: '555-CALL-NOW' },
        { type: 'paused', call_id: newCall() },
      ]);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { fields: { field: string }[] };
      expect(body.fields.map((f) => f.field)).toEqual(['[1].type', '[1].campaign_id']);
      const phone = await client.postJson('/v1/call-events', source.api_key.key, [
        { type: 'started', call_id: newCall(), campaign_id: 'c', caller_number: '555-CALL-NOW' },
      ]);
      expect(phone.status).toBe(400);
      const text = await phone.text();
      expect(text).toContain('[0].caller_number');
      expect(text).not.toContain('555-CALL-NOW');
    });
  });
});
