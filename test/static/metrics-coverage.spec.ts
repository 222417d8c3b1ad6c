import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Kafka } from 'kafkajs';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { parse } from 'yaml';
import { ConsumerLagMetrics, KafkaProduceMetrics } from '@postback/kafka';
import { HttpRequestMetrics } from '@postback/observability';
import { DeliveryMetrics } from '../../apps/delivery/src/delivery.metrics';
import { LedgerMetrics } from '../../apps/delivery/src/ledger/ledger.metrics';
import { type PeerApis } from '../../apps/delivery/src/peers/peer-apis';
import { IngestMetrics } from '../../apps/ingest/src/ingest.metrics';
import { RulesMetrics } from '../../apps/rules/src/rules.metrics';
import { exportedMetricNames, promqlMetricNames } from '../support/promql-metric-names';

const root = path.join(__dirname, '..', '..');

/**
 * The quick check that the dashboard and the alert rules query only metrics that exist: the
 * services' metrics classes, built against one registry. The authoritative check, against the
 * running services' /metrics, is in test/e2e/prometheus-alerts.e2e-spec.ts.
 */
describe('the metrics the dashboard and the alert rules query', () => {
  async function exported(): Promise<Set<string>> {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    new IngestMetrics(registry);
    new RulesMetrics(registry);
    new DeliveryMetrics(registry);
    new LedgerMetrics(registry, {} as PeerApis);
    new HttpRequestMetrics(registry);
    new KafkaProduceMetrics(registry);
    new ConsumerLagMetrics(registry, {} as Kafka, () => []);
    return new Set(['up', ...exportedMetricNames(await registry.metrics())]);
  }

  function queried(): { file: string; name: string }[] {
    const rules = parse(readFileSync(path.join(root, 'deploy/prometheus/alerts.yml'), 'utf8')) as {
      groups: { rules: { expr: string }[] }[];
    };
    const dashboardFile = 'deploy/grafana/provisioning/dashboards/postback-pipeline.json';
    const dashboard = JSON.parse(readFileSync(path.join(root, dashboardFile), 'utf8')) as {
      panels: { targets?: { expr?: string }[] }[];
    };
    return [
      ...rules.groups.flatMap((group) =>
        group.rules.flatMap((rule) =>
          promqlMetricNames(rule.expr).map((name) => ({ file: 'alerts.yml', name })),
        ),
      ),
      ...dashboard.panels.flatMap((panel) =>
        (panel.targets ?? []).flatMap((target) =>
          promqlMetricNames(target.expr ?? '').map((name) => ({ file: dashboardFile, name })),
        ),
      ),
    ];
  }

  it('are all exported by the services', async () => {
    const names = await exported();
    const used = queried();
    expect(used.length).toBeGreaterThan(10);
    expect(used.filter(({ name }) => !names.has(name))).toEqual([]);
  });
});
