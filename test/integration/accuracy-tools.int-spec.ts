import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { type ServiceName, ServiceProcess, TestReceiver, freePort } from '@postback/testing';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked by the expectations
type Json = Record<string, any>;

/** Retries the assertion until it holds or the time is up (then its last failure is thrown). */
async function until(assertion: () => Promise<void>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * The accuracy tools against the real stack, the three compiled services as production runs
 * them: a partner's CSV report reconciled against delivery's records (rules asked why), a
 * backtest of Qualified Lead at 30% checked against values computed by hand, and the pipeline
 * ledger after a run with a dead-lettered delivery.
 */
describe('accuracy tools: reconciliation, rule backtest, pipeline ledger', () => {
  const root = resolve(__dirname, '..', '..');
  const token = `accuracy-admin-${randomUUID()}`;
  const receiver = new TestReceiver();
  const services = {} as Record<ServiceName, ServiceProcess>;
  const tag = randomUUID().slice(0, 8);
  const started = new Date();
  let apiKey = '';
  let sent = 0;

  const api = async (
    service: ServiceName,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${services[service].baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text.startsWith('{') ? (JSON.parse(text) as Json) : { text } };
  };

  /** A call of the campaign (its call events first), then its dispositions in order, each answered 202. */
  async function call(campaignId: string, callId: string, ...labels: string[]): Promise<void> {
    const events = await fetch(`${services.ingest.baseUrl}/v1/call-events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
      body: JSON.stringify([
        { type: 'started', call_id: callId, campaign_id: campaignId, click_id: `clk-${callId}` },
        { type: 'ended', call_id: callId, campaign_id: campaignId, duration_seconds: 120 },
      ]),
    });
    expect(events.status).toBe(202);
    for (const label of labels) {
      const response = await fetch(`${services.ingest.baseUrl}/v1/dispositions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
        body: JSON.stringify({ call_id: callId, disposition: label }),
      });
      expect(response.status).toBe(202);
      sent++;
    }
  }

  const decisionsOf = async (callId: string): Promise<Json[]> =>
    (await api('rules', 'GET', `/v1/conversions?call_id=${callId}`)).body.items as Json[];

  async function campaign(id: string): Promise<void> {
    const created = await api('rules', 'POST', '/v1/campaigns', {
      id,
      name: id,
      value: '100',
      currency: 'USD',
    });
    expect(created.status).toBe(201);
  }

  async function endpoint(campaignId: string, path: string): Promise<string> {
    const created = await api('delivery', 'POST', '/v1/endpoints', {
      name: `${path} ${tag}`,
      url_template: `${receiverUrl}/${path}?call_id={call_id}&value={conversion_value}`,
      scope: { type: 'campaign', id: campaignId },
      filter: { types: ['conversion', 'partial', 'micro'] },
    });
    expect(created.status).toBe(201);
    return created.body.id as string;
  }

  async function deliveredTo(endpointId: string, callId: string, status: string): Promise<void> {
    await until(async () => {
      const { items } = (
        await api('delivery', 'GET', `/v1/deliveries?call_id=${callId}&endpoint_id=${endpointId}`)
      ).body;
      expect(items.map((d: Json) => d.status)).toContain(status);
    }, 60_000);
  }

  let receiverUrl = '';
  const hour = (at: Date, plus = 0) =>
    new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000 + plus * 3_600_000);
  let ledgerBefore: Json;
  const ledgerTotals = async (): Promise<Json> => {
    const range = `from=${hour(started).toISOString()}&to=${hour(new Date(), 1).toISOString()}`;
    const { status, body } = await api('delivery', 'GET', `/v1/ledger?${range}`);
    expect(status).toBe(200);
    const sum = (pick: (h: Json) => number) =>
      body.hours.reduce((total: number, h: Json) => total + pick(h), 0);
    return {
      accepted: sum((h) => h.accepted),
      decided: sum((h) => h.decided),
      created: sum((h) => h.deliveries.created),
      delivered: sum((h) => h.deliveries.delivered),
      failed: sum((h) => h.deliveries.failed),
      undecided: sum((h) => h.gaps.undecided),
    };
  };

  beforeAll(async () => {
    receiverUrl = await receiver.start();
    receiver.script((request) =>
      request.url.startsWith('/rejects')
        ? { status: 400, body: 'unknown offer' }
        : { status: 200, body: 'received ok' },
    );
    const ports = { ingest: await freePort(), rules: await freePort(), delivery: await freePort() };
    const env = {
      ...process.env,
      ADMIN_TOKEN: token,
      INGEST_PORT: String(ports.ingest),
      RULES_PORT: String(ports.rules),
      DELIVERY_PORT: String(ports.delivery),
      INGEST_URL: `http://127.0.0.1:${ports.ingest}`,
      RULES_URL: `http://127.0.0.1:${ports.rules}`,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
      SCHEMA_REGISTRY_URL: process.env.SCHEMA_REGISTRY_URL!,
      DATABASE_URL: process.env.DATABASE_URL!,
      DELIVERY_ALLOW_NETWORKS: '127.0.0.1/32',
      // Call events go first; a disposition that overtakes them waits for the call's `ended`.
      RULES_CALL_WAIT_SECONDS: '5',
    };
    for (const name of ['ingest', 'rules', 'delivery'] as const) {
      services[name] = new ServiceProcess(name, ports[name], env, root);
      services[name].start();
    }
    await Promise.all(Object.values(services).map((service) => service.ready()));
    const source = await api('ingest', 'POST', '/v1/sources', { name: `accuracy ${tag}` });
    expect(source.status).toBe(201);
    apiKey = source.body.api_key.key as string;
    ledgerBefore = await ledgerTotals();
  }, 240_000);

  afterAll(async () => {
    await Promise.all(Object.values(services).map((service) => service.stop()));
    await receiver.stop();
  }, 60_000);

  it('reconciles a partner’s CSV report: matches, value differences, what either side lacks, duplicates, malformed rows', async () => {
    const campaignId = `recon-${tag}`;
    await campaign(campaignId);
    const endpointId = await endpoint(campaignId, 'partner');
    const id = (n: number) => `r${n}-${tag}`;
    for (const n of [1, 2, 4]) await call(campaignId, id(n), 'Sale');
    await call(campaignId, id(3), 'Qualified Lead');
    await call(campaignId, id(5), 'No Answer');
    for (const n of [1, 2, 3, 4]) await deliveredTo(endpointId, id(n), 'delivered');
    await until(async () => expect(await decisionsOf(id(5))).toHaveLength(1), 30_000);

    const csv = [
      'call,payout,when',
      `${id(1)},100.00,2026-12-01T10:00:00Z`,
      `${id(2)},90.00,2026-12-01T10:01:00Z`,
      `${id(3)},50,2026-12-01T10:02:00Z`,
      `${id(5)},25.00,2026-12-01T10:03:00Z`,
      `${id(6)},abc,2026-12-01T10:04:00Z`,
      `${id(1)},100.00,2026-12-01T10:05:00Z`,
      `${id(7)},1.00`,
    ].join('\n');
    const query = new URLSearchParams({
      endpoint_id: endpointId,
      from: new Date(started.getTime() - 60_000).toISOString(),
      to: new Date(Date.now() + 60_000).toISOString(),
      id_column: 'call',
      value_column: 'payout',
      time_column: 'when',
      tolerance: '0.01',
    });
    const response = await fetch(`${services.delivery.baseUrl}/v1/reconciliations?${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: csv,
    });
    const report = (await response.json()) as Json;
    expect(response.status).toBe(201);
    expect(report).toMatchObject({ status: 'done', key: 'call_id', rows_read: 7, matched: 3 });
    expect(report.value_differences).toEqual([
      {
        key: id(2),
        line: 3,
        delivery_id: expect.any(String),
        ours: '100.00',
        theirs: '90.00',
        difference: '-10.00',
      },
    ]);
    expect(report.we_delivered_they_lack).toEqual([
      {
        key: id(4),
        call_id: id(4),
        value: '100.00',
        delivery_id: expect.any(String),
        attempts: [
          expect.objectContaining({ attempt_no: 1, status_code: 200, response_body: 'received ok' }),
        ],
      },
    ]);
    expect(report.they_have_we_never_sent).toEqual([
      {
        key: id(5),
        line: 5,
        value: '25.00',
        explanation: expect.objectContaining({
          reason: 'decided_none',
          disposition: 'No Answer',
          follow_up: true,
          rule: expect.objectContaining({ name: 'No Answer' }),
        }),
      },
    ]);
    expect(report.duplicates).toEqual({ ours: [], theirs: [{ key: id(1), lines: [2, 7] }] });
    expect(report.malformed).toEqual([
      { line: 6, problem: 'payout: "abc" is not a decimal number (at most 4 decimals)' },
      { line: 8, problem: expect.stringMatching(/record length.*line 8/i) },
    ]);
    expect(report.totals).toEqual({
      ours: { count: 4, value: '350.00' },
      theirs: { count: 4, rows: 5, value: '365.00' },
      net_difference: '15.00',
    });

    const stored = await api('delivery', 'GET', `/v1/reconciliations/${report.id}`);
    expect(stored.body).toMatchObject({ id: report.id, status: 'done', rows_read: 7, totals: report.totals });
    const listed = await api('delivery', 'GET', '/v1/reconciliations');
    expect(listed.body.items).toContainEqual(expect.objectContaining({ id: report.id, rows_read: 7 }));
    const exported = await api('delivery', 'GET', `/v1/reconciliations/${report.id}/differences.csv`);
    expect(exported.body.text.split('\r\n')).toEqual(
      expect.arrayContaining([
        `value_difference,${id(2)},3,${report.value_differences[0].delivery_id},100.00,90.00,-10.00,`,
        `they_have_we_never_sent,${id(5)},5,,,25.00,,decided_none`,
      ]),
    );

    const bad = await api('delivery', 'POST', '/v1/reconciliations', {
      endpoint_id: endpointId,
      from: 'x',
      rows: [],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: Json) => f.field)).toEqual(expect.arrayContaining(['from', 'to']));

    // A quote never closed: refused at its line, not after the rest of the upload became one field.
    const rest = Array.from({ length: 20_000 }, (_, n) => `${id(100 + n)},1.00`).join('\n');
    const unclosed = await fetch(`${services.delivery.baseUrl}/v1/reconciliations?${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: `call,payout,when\n${id(1)},100.00,2026-12-01T10:00:00Z\n${id(2)},"90.00\n${rest}\n`,
    });
    expect(unclosed.status).toBe(400);
    expect(((await unclosed.json()) as Json).fields).toEqual([
      { field: '(body)', problem: expect.stringMatching(/^line 3: the row is longer than 64 KiB/) },
    ]);
    query.set('from', '2026-10-01T00:00:00Z');
    query.set('to', '2026-11-02T00:00:00Z');
    const tooLong = await fetch(`${services.delivery.baseUrl}/v1/reconciliations?${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(tooLong.status).toBe(400);
    expect(((await tooLong.json()) as Json).fields).toEqual([
      { field: 'to', problem: 'the range may span at most 31 days' },
    ]);
  });

  it('backtests Qualified Lead at 30% instead of 50% over a range with upgrades, as computed by hand', async () => {
    const campaignId = `bt-${tag}`;
    await campaign(campaignId);
    const id = (name: string) => `${name}-${tag}`;
    const from = new Date();
    await call(campaignId, id('a'), 'Qualified Lead', 'Sale');
    await call(campaignId, id('b'), 'Qualified Lead');
    await call(campaignId, id('c'), 'Sale');
    await call(campaignId, id('d'), 'No Answer');
    await until(async () => {
      const decided = await Promise.all(['a', 'b', 'c', 'd'].map((n) => decisionsOf(id(n))));
      expect(decided.map((d) => d.length)).toEqual([2, 1, 1, 1]);
    }, 60_000);
    const { body: rules } = await api('rules', 'GET', '/v1/rules');
    const lead = rules.items.find(
      (r: Json) => r.name === 'Qualified Lead' && r.scope.type === 'global' && r.active,
    );

    const { status, body } = await api('rules', 'POST', '/v1/rules/backtest', {
      from: from.toISOString(),
      to: new Date(Date.now() + 1000).toISOString(),
      campaign_id: campaignId,
      changes: [{ rule_id: lead.id, outcome: { type: 'partial', percent: '30' } }],
    });
    expect(status).toBe(200);
    // a: lead 50 then sale 100 (+50) → lead 30 then sale 100 (+70); b: 50 → 30; c: 100; d: none.
    expect(body.lines).toEqual([
      {
        campaign_id: campaignId,
        type: 'conversion',
        before: { calls: 2, value: '200.00', postbacks: 2 },
        after: { calls: 2, value: '200.00', postbacks: 2 },
        changed: 1,
        withheld: 0,
        added: 0,
      },
      {
        campaign_id: campaignId,
        type: 'partial',
        before: { calls: 1, value: '50.00', postbacks: 2 },
        after: { calls: 1, value: '30.00', postbacks: 2 },
        changed: 2,
        withheld: 0,
        added: 0,
      },
      {
        campaign_id: campaignId,
        type: 'none',
        before: { calls: 1, value: '0.00', postbacks: 1 },
        after: { calls: 1, value: '0.00', postbacks: 1 },
        changed: 0,
        withheld: 0,
        added: 0,
      },
    ]);
    expect(body.totals).toEqual({
      before: { calls: 4, value: '250.00', postbacks: 5 },
      after: { calls: 4, value: '230.00', postbacks: 5 },
      changed: 3,
      withheld: 0,
      added: 0,
    });
    const b = body.sample.find((s: Json) => s.call_id === id('b'));
    expect(b.before.outcome).toMatchObject({
      value: '50.00',
      rule: { id: lead.id, version: lead.version, name: 'Qualified Lead' },
    });
    expect(b.after.outcome).toMatchObject({
      value: '30.00',
      rule: { id: lead.id, version: lead.version + 1 },
    });
    expect(body.sample.map((s: Json) => s.call_id).sort()).toEqual([id('a'), id('b')].sort());

    // Nothing was stored: the rule has no new version, the call's decision is as it was.
    expect((await api('rules', 'GET', `/v1/rules/${lead.id}`)).body.version).toBe(lead.version);
    expect((await decisionsOf(id('b'))).map((d) => d.value)).toEqual(['50.00']);

    const bad = await api('rules', 'POST', '/v1/rules/backtest', {
      from: from.toISOString(),
      to: from.toISOString(),
      changes: [{ rule_id: lead.id, outcome: { type: 'partial', percent: 'most' } }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: Json) => f.field)).toContain('to');
  });

  it('keeps the pipeline ledger per hour, a dead-lettered delivery included, with the gaps between stages', async () => {
    const campaignId = `ledger-${tag}`;
    await campaign(campaignId);
    const endpointId = await endpoint(campaignId, 'rejects');
    await call(campaignId, `dead-${tag}`, 'Sale');
    await deliveredTo(endpointId, `dead-${tag}`, 'failed');

    let after: Json = {};
    await until(async () => {
      after = await ledgerTotals();
      // This run's ingest counted every disposition it accepted; rules decided each of them.
      expect(after.accepted - ledgerBefore.accepted).toBe(sent);
      expect(after.decided - ledgerBefore.decided).toBeGreaterThanOrEqual(sent);
    }, 30_000);
    // Four delivered to the partner (the first test), one dead-lettered here. (At least: a retry
    // job an earlier suite left on a tier may end meanwhile, in this hour.)
    expect(after.created - ledgerBefore.created).toBeGreaterThanOrEqual(5);
    expect(after.failed - ledgerBefore.failed).toBeGreaterThanOrEqual(1);
    expect(after.delivered - ledgerBefore.delivered).toBeGreaterThanOrEqual(4);
    expect(after.undecided).toBe(after.accepted - after.decided);

    const metrics = await (await fetch(`${services.delivery.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/^postback_ledger_undecided_dispositions(\{[^}]*\})? -?\d+$/m);

    const bad = await api('delivery', 'GET', '/v1/ledger?from=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: Json) => f.field)).toEqual(['from', 'to']);
  });
});
