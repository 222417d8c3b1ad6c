import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { parse } from 'yaml';
import { type ServiceName, ServiceProcess, TestReceiver, freePort } from '@postback/testing';
import { PrometheusProcess } from '../support/prometheus-process';
import { exportedMetricNames, promqlMetricNames } from '../support/promql-metric-names';

type RuleGroups = { groups: { name: string; rules: { alert?: string; expr: string; for?: string }[] }[] };

const root = resolve(__dirname, '..', '..');
const alertsFile = resolve(root, 'deploy/prometheus/alerts.yml');
const dashboardFile = resolve(root, 'deploy/grafana/provisioning/dashboards/postback-pipeline.json');

/**
 * The three compiled services, scraped every second by a real Prometheus that evaluates the
 * real alert rules (deploy/prometheus/alerts.yml). The only change to the rules is a shorter
 * `for:` (2s instead of minutes), so that a firing alert is seen in seconds; the expressions,
 * windows and thresholds are the production ones.
 */
describe('Prometheus scrapes the services and alerts on failing deliveries', () => {
  const adminToken = `prom-admin-${randomUUID()}`;
  const receiver = new TestReceiver();
  const services = {} as Record<ServiceName, ServiceProcess>;
  let prometheus: PrometheusProcess;
  let endpointId: string;
  let apiKey: string;

  const admin = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  const metricsOf = (name: ServiceName) => fetch(`${services[name].baseUrl}/metrics`).then((r) => r.text());

  beforeAll(async () => {
    const receiverUrl = await receiver.start();
    receiver.respondWith(500); // the client system is broken for the whole test
    const ports = { ingest: await freePort(), rules: await freePort(), delivery: await freePort() };
    const env = {
      ...process.env,
      ADMIN_TOKEN: adminToken,
      INGEST_PORT: String(ports.ingest),
      RULES_PORT: String(ports.rules),
      DELIVERY_PORT: String(ports.delivery),
      KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
      SCHEMA_REGISTRY_URL: process.env.SCHEMA_REGISTRY_URL!,
      DATABASE_URL: process.env.DATABASE_URL!,
      LOG_LEVEL: 'info',
      DELIVERY_ALLOW_NETWORKS: '127.0.0.1/32',
      RULES_CALL_WAIT_SECONDS: '0',
      // Keep every failure an attempt: an open circuit would skip sending (and stop counting).
      DELIVERY_CIRCUIT_FAILURE_THRESHOLD: '1000',
    };
    for (const name of ['ingest', 'rules', 'delivery'] as const) {
      services[name] = new ServiceProcess(name, ports[name], env, root);
      services[name].start();
    }

    const rules = parse(readFileSync(alertsFile, 'utf8')) as RuleGroups;
    for (const rule of rules.groups.flatMap((group) => group.rules)) if (rule.for) rule.for = '2s';
    prometheus = new PrometheusProcess(await freePort(), root);
    prometheus.start(
      (['ingest', 'rules', 'delivery'] as const).map((job) => ({ job, port: ports[job] })),
      rules,
    );

    await Promise.all([...Object.values(services).map((service) => service.ready()), prometheus.ready()]);

    const created = await fetch(`${services.delivery.baseUrl}/v1/endpoints`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({
        name: 'always failing receiver',
        url_template: `${receiverUrl}/postback?call_id={call_id}&disposition={disposition}`,
      }),
    });
    expect(created.status).toBe(201);
    endpointId = ((await created.json()) as { id: string }).id;

    const source = await fetch(`${services.ingest.baseUrl}/v1/sources`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ name: 'prometheus test dialer' }),
    });
    expect(source.status).toBe(201);
    apiKey = ((await source.json()) as { api_key: { key: string } }).api_key.key;
  }, 240_000);

  afterAll(async () => {
    await prometheus?.stop();
    await Promise.all(Object.values(services).map((service) => service.stop()));
    await receiver.stop();
  }, 60_000);

  it('exports every metric that the dashboard and the alert rules query', async () => {
    const exported = new Set(['up']); // Prometheus' own per-target series
    for (const name of ['ingest', 'rules', 'delivery'] as const) {
      for (const metric of exportedMetricNames(await metricsOf(name))) exported.add(metric);
    }
    const rules = parse(readFileSync(alertsFile, 'utf8')) as RuleGroups;
    const dashboard = JSON.parse(readFileSync(dashboardFile, 'utf8')) as {
      panels: { targets?: { expr?: string }[] }[];
    };
    const queried = new Set([
      ...rules.groups.flatMap((group) => group.rules.flatMap((rule) => promqlMetricNames(rule.expr))),
      ...dashboard.panels.flatMap((panel) =>
        (panel.targets ?? []).flatMap((target) => promqlMetricNames(target.expr ?? '')),
      ),
    ]);
    expect(queried.size).toBeGreaterThan(10);
    expect([...queried].filter((name) => !exported.has(name)).sort()).toEqual([]);
  });

  it('alerts PostbackDeliveryFailureRatioHigh for the endpoint whose receiver keeps failing', async () => {
    const firing = async () =>
      (await prometheus.alerts()).find(
        (alert) =>
          alert.labels.alertname === 'PostbackDeliveryFailureRatioHigh' &&
          alert.labels.endpoint_id === endpointId &&
          alert.state === 'firing',
      );
    // Dispositions keep arriving, one after another's postback failed, until the alert fires:
    // the rule needs failures spread over several scrapes (a rate, and at least 5 attempts).
    await prometheus.until(
      async () => {
        const callId = `prom-${randomUUID()}`;
        const response = await fetch(`${services.ingest.baseUrl}/v1/dispositions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
          body: JSON.stringify({ call_id: callId, disposition: 'Sale', value: '10' }),
        });
        expect(response.status).toBe(202);
        const postback = await receiver.waitFor((request) => request.url.includes(callId), 30_000);
        expect(postback.answered ?? 500).toBe(500);
        return (await firing()) !== undefined;
      },
      60_000,
      'PostbackDeliveryFailureRatioHigh not firing',
    );

    const alert = (await firing())!;
    expect(alert.labels).toEqual(expect.objectContaining({ severity: 'critical', endpoint_id: endpointId }));
    expect(alert.annotations.summary).toContain(endpointId);
    expect(alert.annotations.description).toMatch(/Runbook:/);
  });

  it('counts the deliveries created, and lists only the endpoints the breaker disabled', async () => {
    const created = (text: string) =>
      Number(
        text.match(
          new RegExp(
            `^postback_deliveries_created_total\\{[^}]*endpoint_id="${endpointId}"[^}]*\\} (\\d+)$`,
            'm',
          ),
        )?.[1],
      );
    expect(created(await metricsOf('delivery'))).toBeGreaterThan(0); // one per disposition sent above

    const endpoint = async (name: string) => {
      const response = await fetch(`${services.delivery.baseUrl}/v1/endpoints`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ name, url_template: 'http://127.0.0.1:9/postback?call_id={call_id}' }),
      });
      return ((await response.json()) as { id: string }).id;
    };
    const [byHand, byBreaker] = [
      await endpoint('switched off by hand'),
      await endpoint('disabled by the breaker'),
    ];
    const db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    try {
      await db.query('UPDATE delivery.endpoints SET active = false WHERE id = $1', [byHand]);
      await db.query(
        "UPDATE delivery.endpoints SET active = false, disabled_reason = 'failing continuously: HTTP 503' WHERE id = $1",
        [byBreaker],
      );
    } finally {
      await db.end();
    }
    const disabled = new RegExp(
      `^postback_delivery_disabled_endpoints\\{[^}]*endpoint_id="${byBreaker}"[^}]*\\} 1$`,
      'm',
    );
    // The gauge is read from PostgreSQL at scrape time and left out when that read takes over
    // 3 s (a loaded machine): scrape until it is there, for a bounded time.
    let delivery = await metricsOf('delivery');
    for (let tries = 0; tries < 20 && !disabled.test(delivery); tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      delivery = await metricsOf('delivery');
    }
    expect(delivery).toMatch(disabled);
    expect(delivery).not.toContain(byHand);
    expect(delivery).toMatch(/^postback_delivery_dlq_size(\{[^}]*\})? \d+$/m);
  });

  it('labels HTTP requests by route template and reports the lag of every consumer group', async () => {
    const unknown = randomUUID();
    await fetch(`${services.delivery.baseUrl}/v1/endpoints/${unknown}`, { headers: admin });
    const delivery = await metricsOf('delivery');
    expect(delivery).toMatch(/postback_http_requests_total\{[^}]*route="\/v1\/endpoints\/:id"[^}]*\} \d+/);
    expect(delivery).not.toContain(unknown);
    expect(await metricsOf('ingest')).toMatch(
      /postback_http_requests_total\{[^}]*method="POST",route="\/v1\/dispositions",status_class="2xx"[^}]*\} \d+/,
    );

    const lagGroups = (text: string) =>
      new Set([...text.matchAll(/^postback_consumer_lag_messages\{[^}]*group="([^"]+)"/gm)].map((m) => m[1]));
    expect([...lagGroups(await metricsOf('rules'))].sort()).toEqual([
      'postback-rules',
      'postback-rules-calls',
      'postback-rules-wait',
    ]);
    expect([...lagGroups(delivery)].sort()).toEqual(['postback-delivery', 'postback-delivery-retry']);
  });
});
