import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import fc from 'fast-check';
import {
  type AcceptedItem,
  type LedgerInput,
  type ServiceName,
  ServiceProcess,
  TestReceiver,
  freePort,
  reconcile,
} from '@postback/testing';
import {
  type CarriedValues,
  carryingEndpoint,
  expectedValues,
  receivedValues,
  uncarriable,
} from '../support/carried-values';
import { TRICKY_TEXT } from '../support/hostile-arbitraries';
import { LedgerSources } from '../support/ledger-sources';

/** Text ingest takes (no NUL, no lone surrogate): controls, RTL marks, emoji, SQL and templates. */
const storable = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      ...TRICKY_TEXT,
      '\r\nInjected: 1',
      'tab\there',
      ' pad ',
      'Josã\u00a0é',
      '\u0001',
    ),
  },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 16 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 16 }) },
  {
    weight: 1,
    arbitrary: fc.string({
      unit: fc.integer({ min: 1, max: 0xd7ff }).map((c) => String.fromCharCode(c)),
      maxLength: 8,
    }),
  },
);
const values = fc.record({
  call_id: fc.oneof(
    { weight: 8, arbitrary: fc.uuid().map((id) => `hv-${id}`) },
    fc.constantFrom('..', '.', 'a:b@c', '-_.'),
  ),
  disposition: storable.map((label) => label.trim().slice(0, 100)).filter((label) => label !== ''),
  note: storable,
});

/**
 * An end-to-end property: accepted dispositions whose call id, label and custom field hold
 * SQL- and template-looking text, control characters, RTL marks and emoji go through real rules
 * and delivery to a real receiver whose endpoint puts each value in a path segment, the query, a
 * header and a JSON body. Each value arrives exactly as sent, decoded from its place — or, where
 * the place cannot carry it (a `..` segment, a control character in a header), the delivery
 * fails at once naming the macro and is dead-lettered. The reconciliation ledger accounts for
 * every accepted disposition: decided, then delivered or dead-lettered, once.
 */
describe('hostile values reach the receiver exactly as sent, or fail naming the macro', () => {
  const root = resolve(__dirname, '..', '..');
  const adminToken = `hv-admin-${randomUUID()}`;
  const admin = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  const receiver = new TestReceiver();
  const ledger = new LedgerSources();
  const services = {} as Record<ServiceName, ServiceProcess>;
  let receiverUrl: string;
  let endpointId: string;
  let apiKey: string;

  const call = async (
    service: ServiceName,
    path: string,
    body: unknown,
    headers: Record<string, string> = admin,
  ) => {
    const response = await fetch(`${services[service].baseUrl}${path}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`${service} ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as Record<string, unknown>;
  };

  beforeAll(async () => {
    receiverUrl = await receiver.start();
    const ports = { ingest: await freePort(), rules: await freePort(), delivery: await freePort() };
    const env = {
      ...process.env,
      ADMIN_TOKEN: adminToken,
      INGEST_PORT: String(ports.ingest),
      RULES_PORT: String(ports.rules),
      DELIVERY_PORT: String(ports.delivery),
      LOG_LEVEL: 'info',
      DELIVERY_ALLOW_NETWORKS: '127.0.0.1/32',
      RULES_CALL_WAIT_SECONDS: '0',
    };
    for (const name of ['ingest', 'rules', 'delivery'] as const) {
      services[name] = new ServiceProcess(name, ports[name], env, root);
      services[name].start();
    }
    await Promise.all(Object.values(services).map((service) => service.ready()));
    endpointId = (await call('delivery', '/v1/endpoints', carryingEndpoint(receiverUrl))).id as string;
    apiKey = ((await call('ingest', '/v1/sources', { name: 'hostile values' })).api_key as { key: string })
      .key;
    await ledger.readDeadLetters();
  }, 240_000);

  afterAll(async () => {
    await ledger.stop();
    await Promise.all(Object.values(services).map((service) => service.stop()));
    await receiver.stop();
  }, 60_000);

  /** Sends the batch under a rule that converts its labels; the ledger once every delivery settled. */
  async function deliver(batch: CarriedValues[]): Promise<{ input: LedgerInput; accepted: AcceptedItem[] }> {
    await call('rules', '/v1/rules', {
      name: `hostile labels ${randomUUID()}`,
      dispositions: [...new Set(batch.map((item) => item.disposition))],
      outcome: { type: 'conversion' },
    });
    // A timestamp of this run's own: event ids derive from call, label, value and time, so a
    // call id that shrinking repeats is a new event, not a duplicate of an earlier run's.
    const timestamp = Date.now();
    const body = batch.map((item) => ({
      ...item,
      value: '10',
      timestamp,
      custom_fields: { note: item.note },
    }));
    const answer = await call('ingest', '/v1/dispositions', body, {
      'content-type': 'application/json',
      'x-api-key': apiKey,
    });
    const accepted = (answer.items as { call_id: string; event_id: string }[]).map((item) => ({
      callId: item.call_id,
      eventId: item.event_id,
    }));
    const endpoints = [{ endpointId, expect: 'either' as const }];
    const deadline = Date.now() + 90_000;
    for (;;) {
      const acknowledged = new Map<string, number>();
      for (const request of receiver.requests)
        if (request.answered === 200) {
          const id = String(request.headers['webhook-id']);
          acknowledged.set(id, (acknowledged.get(id) ?? 0) + 1);
        }
      const input = await ledger.snapshot(accepted, endpoints, acknowledged);
      const report = reconcile(input);
      if (report.clean || Date.now() > deadline) {
        expect(report).toMatchObject({ clean: true, missing: [], duplicated: [], stuck: [], wrong: [] });
        return { input, accepted };
      }
      await new Promise((go) => setTimeout(go, 500));
    }
  }

  it('carries every value into path, query, header and JSON, or dead-letters naming the macro', async () => {
    const outcomes = { delivered: 0, failed: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(values, { minLength: 8, maxLength: 24, selector: (v) => v.call_id }),
        async (batch) => {
          // Fresh call ids (shrinking repeats uuids); "..", "." and the like stay as they are.
          batch = batch.map((v) =>
            v.call_id.startsWith('hv-') ? { ...v, call_id: `hv-${randomUUID()}` } : v,
          );
          const { input, accepted } = await deliver(batch);
          const decisionOf = new Map(input.decisions.map((path) => [path.eventId, path.decisionId]));
          for (const [index, item] of accepted.entries()) {
            const sent = batch[index];
            const decisionId = decisionOf.get(item.eventId);
            const row = input.deliveries.find((delivery) => delivery.decisionId === decisionId);
            if (!row) continue; // decided "no change" (a call id such as ".." seen in an earlier run)
            const cannot = uncarriable(sent);
            if (cannot.length > 0) {
              expect({ sent, status: row.status }).toEqual({ sent, status: 'failed' });
              expect(cannot.some((macro) => row.lastError?.includes(`"${macro}"`))).toBe(true);
            } else {
              const request = receiver.requests.find((r) => r.headers['webhook-id'] === row.deliveryId)!;
              expect({ sent, status: row.status }).toEqual({ sent, status: 'delivered' });
              expect(receivedValues(request, receiverUrl)).toEqual(expectedValues(sent));
            }
            outcomes[cannot.length > 0 ? 'failed' : 'delivered'] += 1;
          }
        },
      ),
      { numRuns: 4, interruptAfterTimeLimit: 150_000 },
    );
    // The sample exercised both ways: values carried, and values no place could carry.
    expect(outcomes.delivered).toBeGreaterThan(5);
    expect(outcomes.failed).toBeGreaterThan(2);
  }, 300_000);
});
