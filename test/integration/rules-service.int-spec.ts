import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { type CallEvent, type ConversionDecision, type Disposition, Topic } from '@postback/contracts';
import { ServiceProcess, freePort } from '@postback/testing';
import { TopicClient, collectRaw, eventually } from '../support/topic-client';

/**
 * The rules service as production runs it (compiled, a child process) against the real
 * Kafka, registry and PostgreSQL: campaigns and rules through its admin API, call events
 * and dispositions on their topics, decisions read back from conversions.v1.
 */
describe('rules service: campaigns, rules admin and attribution', () => {
  const root = resolve(__dirname, '..', '..');
  const token = `rules-admin-${randomUUID()}`;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const topics = new TopicClient<ConversionDecision>(
    process.env.KAFKA_BROKERS!,
    process.env.SCHEMA_REGISTRY_URL!,
    Topic.Conversions,
  );
  const db = new Client({ connectionString: process.env.DATABASE_URL });
  const campaignId = `camp-${randomUUID().slice(0, 8)}`;
  const createdRules: string[] = [];
  let rules: ServiceProcess;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked by the expectations
  type Json = Record<string, any>;
  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${rules.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };

  const callEvent = (callId: string, overrides: Partial<CallEvent>): CallEvent => ({
    event_id: randomUUID(),
    call_id: callId,
    source_id: 'test-dialer',
    type: 'started',
    campaign_id: campaignId,
    publisher_id: 'pub-7',
    buyer_id: 'buyer-3',
    click_id: 'clk-99',
    caller_hash: null,
    duration_seconds: null,
    occurred_at: new Date(),
    received_at: new Date(),
    custom_fields: {},
    traceparent: null,
    ...overrides,
  });

  const disposition = (callId: string, label: string, overrides: Partial<Disposition> = {}): Disposition => ({
    event_id: randomUUID(),
    call_id: callId,
    source_id: 'test-dialer',
    disposition: label,
    raw_disposition: label,
    disposition_mapped: true,
    value: null,
    currency: null,
    occurred_at: new Date(),
    received_at: new Date(),
    custom_fields: {},
    traceparent: null,
    ...overrides,
  });

  beforeAll(async () => {
    const port = await freePort();
    rules = new ServiceProcess(
      'rules',
      port,
      {
        ...process.env,
        ADMIN_TOKEN: token,
        RULES_PORT: String(port),
        RULES_CALL_WAIT_SECONDS: '3',
        KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
        SCHEMA_REGISTRY_URL: process.env.SCHEMA_REGISTRY_URL!,
        DATABASE_URL: process.env.DATABASE_URL!,
      },
      root,
    );
    rules.start();
    await rules.ready();
    await topics.start([Topic.CallEvents, Topic.Dispositions]);
    await db.connect();
  }, 180_000);

  afterAll(async () => {
    // Leave no rule active behind for the other suites that share this database.
    for (const id of createdRules) await api('DELETE', `/v1/rules/${id}`);
    await topics.stop();
    await db.end();
    await rules.stop();
  }, 60_000);

  it('creates, lists, reads and updates a campaign, naming any bad field', async () => {
    const created = await api('POST', '/v1/campaigns', {
      id: campaignId,
      name: 'Spring solar',
      value: '180',
      currency: 'USD',
      attribution_window: '7d',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: campaignId, value: '180.00', attribution_window: '7d' });

    const again = await api('POST', '/v1/campaigns', {
      id: campaignId,
      name: 'x',
      value: '1',
      currency: 'USD',
    });
    expect(again.status).toBe(409);
    expect(again.body.fields).toEqual([{ field: 'id', problem: 'already exists' }]);

    const bad = await api('POST', '/v1/campaigns', { id: 'c', name: 'x', value: '1.23456', currency: 'usd' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(['value', 'currency']);

    const updated = await api('PATCH', `/v1/campaigns/${campaignId}`, { value: 200.5 });
    expect(updated.body).toMatchObject({ value: '200.50', currency: 'USD', name: 'Spring solar' });
    expect((await api('GET', `/v1/campaigns/${campaignId}`)).body.value).toBe('200.50');
    expect((await api('GET', '/v1/campaigns')).body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: campaignId })]),
    );
    expect((await api('GET', '/v1/campaigns/nope')).status).toBe(404);
    expect((await fetch(`${rules.baseUrl}/v1/campaigns`)).status).toBe(401);
  });

  it('versions every rule edit and previews without side effects, saying why', async () => {
    const refused = await api('POST', '/v1/rules', {
      name: 'bad',
      dispositions: ['Sale'],
      outcome: { type: 'partial', percent: '150' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.fields).toEqual([
      { field: 'outcome.percent', problem: 'must be a percentage above 0 and at most 100' },
    ]);

    const created = await api('POST', '/v1/rules', {
      name: 'long campaign sale',
      scope: { type: 'campaign', id: campaignId },
      dispositions: ['Sale'],
      conditions: { min_duration_seconds: 60 },
      outcome: { type: 'conversion' },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    createdRules.push(id);
    expect(created.body).toMatchObject({ version: 1, active: true });

    const edited = await api('PATCH', `/v1/rules/${id}`, { outcome: { type: 'partial', percent: '50' } });
    expect(edited.body).toMatchObject({ id, version: 2, outcome: { type: 'partial', percent: '50' } });
    const badEdit = await api('PATCH', `/v1/rules/${id}`, { scope: { type: 'buyer' } });
    expect(badEdit.body.fields).toEqual([expect.objectContaining({ field: 'scope.id' })]);
    const versions = (await api('GET', `/v1/rules/${id}/versions`)).body.items;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(versions[0].outcome).toEqual({ type: 'conversion' });

    const counts = () =>
      db.query(
        `SELECT (SELECT count(*) FROM rules.decisions) AS d, (SELECT count(*) FROM rules.conversion_rules) AS r,
                (SELECT count(*) FROM rules.conversions) AS c`,
      );
    const before = (await counts()).rows[0];
    const long = await api('POST', '/v1/rules/preview', {
      disposition: 'sale',
      campaign_id: campaignId,
      duration_seconds: 90,
    });
    expect(long.status).toBe(200);
    expect(long.body).toMatchObject({
      matched: true,
      rule: { id, version: 2 },
      outcome: { type: 'partial', value: '100.25' },
      reason: expect.stringContaining(`campaign "${campaignId}"`),
    });
    const short = await api('POST', '/v1/rules/preview', {
      disposition: 'Sale',
      campaign_id: campaignId,
      duration_seconds: 30,
    });
    expect(short.body).toMatchObject({ matched: true, outcome: { type: 'conversion', value: '200.50' } });
    expect(short.body.considered[0]).toMatchObject({
      id,
      applies: false,
      why: 'needs a call of at least 60s, it lasted 30s',
    });
    expect((await api('POST', '/v1/rules/preview', { disposition: 'Wrong Number' })).body).toMatchObject({
      matched: false,
      rule: null,
    });
    expect((await counts()).rows[0]).toEqual(before);
  });

  it('attributes a disposition to its call: campaign value, ids and the rule version that decided', async () => {
    const callId = `call-${randomUUID()}`;
    const started = new Date(Date.now() - 120_000);
    await topics.produce(
      Topic.CallEvents,
      callId,
      callEvent(callId, { type: 'started', occurred_at: started }),
    );
    await topics.produce(
      Topic.CallEvents,
      callId,
      callEvent(callId, { type: 'ended', duration_seconds: 95, click_id: null, occurred_at: new Date() }),
    );
    const call = await eventually(async () => {
      const { rows } = await db.query(
        'SELECT * FROM rules.calls WHERE call_id = $1 AND duration_seconds IS NOT NULL',
        [callId],
      );
      return rows[0];
    });
    expect(call).toMatchObject({ campaign_id: campaignId, click_id: 'clk-99', duration_seconds: 95 });
    expect(call.started_at.getTime()).toBe(started.getTime());

    await topics.produce(Topic.Dispositions, callId, disposition(callId, 'Sale'));
    const decision = await topics.waitFor((d) => d.call_id === callId);
    const rule = (await api('GET', `/v1/rules/${createdRules[0]}`)).body;
    expect(decision).toMatchObject({
      type: 'partial',
      status: 'new',
      value: '100.25',
      currency: 'USD',
      rule_id: rule.id,
      rule_version: 2,
      attribution: 'matched',
      campaign_id: campaignId,
      publisher_id: 'pub-7',
      buyer_id: 'buyer-3',
      click_id: 'clk-99',
      duration_seconds: 95,
    });
    const { items } = (await api('GET', `/v1/conversions?call_id=${callId}`)).body;
    expect(items).toEqual([
      expect.objectContaining({ decision_id: decision.decision_id, attribution: 'matched' }),
    ]);
  });

  it('decides a disposition for a call it never heard of as unmatched, once the wait is over', async () => {
    const callId = `call-${randomUUID()}`;
    const sent = Date.now();
    await topics.produce(Topic.Dispositions, callId, disposition(callId, 'Sale', { value: '42' }));
    const decision = await topics.waitFor((d) => d.call_id === callId);
    expect(decision).toMatchObject({
      type: 'conversion',
      value: '42.00',
      attribution: 'unmatched',
      campaign_id: null,
      rule_id: '0b1c1a3e-5a1e-4c0a-9a01-000000000001',
    });
    expect(decision.decided_at.getTime() - sent).toBeGreaterThanOrEqual(3000);
  });

  it('lets a disposition wait for call events that come late, keeping the call in order', async () => {
    const callId = `call-${randomUUID()}`;
    await topics.produce(Topic.Dispositions, callId, disposition(callId, 'Qualified Lead', { value: '80' }));
    await topics.produce(
      Topic.CallEvents,
      callId,
      callEvent(callId, { type: 'ended', duration_seconds: 12 }),
    );
    await eventually(async () => {
      const { rows } = await db.query('SELECT 1 FROM rules.calls WHERE call_id = $1', [callId]);
      return rows[0];
    });
    // The call is known now, but its first disposition still waits: this one queues behind it.
    await topics.produce(Topic.Dispositions, callId, disposition(callId, 'Sale', { value: '80' }));
    await topics.waitFor((d) => d.call_id === callId && d.status === 'upgrade');
    expect(topics.received.filter((d) => d.call_id === callId)).toEqual([
      expect.objectContaining({
        type: 'partial',
        status: 'new',
        value: '40.00',
        attribution: 'matched',
        campaign_id: campaignId,
      }),
      expect.objectContaining({
        type: 'conversion',
        status: 'upgrade',
        delta: '40.00',
        attribution: 'matched',
      }),
    ]);
    const { rows } = await db.query('SELECT 1 FROM rules.waiting_dispositions WHERE call_id = $1', [callId]);
    expect(rows).toEqual([]);
  });

  it('dead-letters undecodable dispositions with the reason and goes on with the partition', async () => {
    const callId = `call-${randomUUID()}`;
    const unknownSchemaId = Buffer.concat([Buffer.from([0, 0x7f, 0xff, 0xff, 0xf0]), Buffer.from('payload')]);
    await topics.produceRaw(Topic.Dispositions, callId, Buffer.from('{"not":"avro"}'));
    await topics.produceRaw(Topic.Dispositions, callId, unknownSchemaId);
    await topics.produce(Topic.Dispositions, callId, disposition(callId, 'Sale', { value: '9' }));

    // Same key, same partition, produced after the poison: its decision proves nothing blocked.
    expect(await topics.waitFor((d) => d.call_id === callId)).toMatchObject({ value: '9.00' });
    const dead = await collectRaw(
      topics.kafka,
      Topic.DispositionsDlq,
      (records) => records.filter((r) => r.key === callId).length === 2,
    );
    const ours = dead.filter((r) => r.key === callId);
    expect(ours.map((r) => r.headers['x-dlq-reason'])).toEqual(['not_wire_format', 'unknown_schema_id']);
    expect(ours[0].value?.toString()).toBe('{"not":"avro"}');
    expect(ours[1].value?.equals(unknownSchemaId)).toBe(true);
    expect(ours[1].headers['x-dlq-original-topic']).toBe(Topic.Dispositions);

    const metrics = await (await fetch(`${rules.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(
      /postback_rules_dead_letters_total\{[^}]*reason="unknown_schema_id"[^}]*\} [1-9]/,
    );
  });

  it('pages through all decisions in order with filters, naming a bad filter', async () => {
    const seen: Json[] = [];
    let cursor: string | null = null;
    do {
      const page: Json = (await api('GET', `/v1/conversions?limit=2${cursor ? `&cursor=${cursor}` : ''}`))
        .body;
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.next_cursor;
    } while (cursor);
    const { rows } = await db.query('SELECT decision_id FROM rules.decisions ORDER BY seq');
    expect(seen.map((d) => d.decision_id)).toEqual(rows.map((r) => r.decision_id));

    const matched = (
      await api(
        'GET',
        `/v1/conversions?attribution=matched&campaign_id=${campaignId}&rule_id=${createdRules[0]}`,
      )
    ).body;
    expect(matched.items).toHaveLength(1);
    expect(matched.items[0]).toMatchObject({ campaign_id: campaignId, type: 'partial', rule_version: 2 });
    expect(matched.next_cursor).toBeNull();
    const reversals = (await api('GET', '/v1/conversions?status=reversal&type=conversion')).body;
    expect(reversals.items).toEqual([]);

    const bad = await api('GET', '/v1/conversions?limit=0&type=bonus');
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['limit', 'type']);
  });
});
