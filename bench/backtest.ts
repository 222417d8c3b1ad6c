import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { type Disposition } from '@postback/contracts';
import { ensureDatabase, migrate } from '@postback/db';
import { BacktestUseCase } from '../apps/rules/src/backtest/backtest.usecase';
import {
  type KeptDisposition,
  KeptDispositionStore,
} from '../apps/rules/src/backtest/kept-disposition.store';
import { RULES_MIGRATIONS } from '../apps/rules/src/migrations/rules-migrations';
import { ConversionRuleEntity } from '../apps/rules/src/rules/conversion-rule.entity';
import { RulesRepository } from '../apps/rules/src/rules/rules.repository';

/**
 * The backtest's benchmark case (issue 15): 100,000 kept dispositions replayed through the
 * current rules and Qualified Lead at 30%, with rules' own code (the PostgreSQL read, the live
 * evaluation twice, the summary), HTTP aside. Its own database (BENCH_DATABASE), no Kafka.
 * `npm run bench:backtest`; prints one JSON line per run and the median.
 */
const DISPOSITIONS = Number(process.env.BENCH_BACKTEST_DISPOSITIONS ?? 100_000);
const RUNS = 3;
const LABELS: [string, string][] = [
  ['Qualified Lead', 'Sale'], // an upgrade
  ['Qualified Lead', 'Qualified Lead'], // the same outcome again
  ['Sale', 'Existing Customer'], // a reversal
  ['No Answer', 'Appointment Set'],
];

async function main(): Promise<void> {
  const url = `${process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432'}/${process.env.BENCH_DATABASE ?? 'postback_bench'}`;
  await ensureDatabase(url);
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    schema: 'rules',
    entities: [ConversionRuleEntity],
    migrations: RULES_MIGRATIONS,
    migrationsTableName: 'migrations',
  });
  await migrate(dataSource, url, 'rules');
  const kept = new KeptDispositionStore(dataSource);
  const from = new Date(Date.UTC(2020, 0, 1));
  await dataSource.query('DELETE FROM rules.kept_dispositions WHERE received_at >= $1 AND received_at < $2', [
    from,
    new Date(from.getTime() + 86_400_000),
  ]);
  for (let start = 0; start < DISPOSITIONS; start += 2000) {
    const batch: KeptDisposition[] = [];
    for (let i = start; i < Math.min(start + 2000, DISPOSITIONS); i++) batch.push(keptAt(i, from));
    await kept.keep(batch);
  }
  const rules = new RulesRepository(dataSource);
  const lead = (await rules.list()).find((rule) => rule.name === 'Qualified Lead' && rule.active)!;
  const backtest = new BacktestUseCase(rules, kept);
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const report = await backtest.execute({
      from,
      to: new Date(from.getTime() + 86_400_000),
      changes: [{ rule_id: lead.id, outcome: { type: 'partial', percent: '30' } }],
      sample_size: 20,
    });
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    times.push(ms);
    console.log(
      JSON.stringify({
        dispositions: report.dispositions,
        calls: report.calls,
        ms: Math.round(ms),
        cpuMs: Math.round((used.user + used.system) / 1000),
        changed: report.totals.changed,
      }),
    );
  }
  times.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      backtest: { dispositions: DISPOSITIONS, medianMs: Math.round(times[1]), targetMs: 10_000 },
    }),
  );
  await dataSource.destroy();
}

/** Disposition i: two per call, the call's pattern by its number, all on one campaign of value 100. */
function keptAt(i: number, day: Date): KeptDisposition {
  const callNo = Math.floor(i / 2);
  const at = new Date(day.getTime() + i * 500);
  const disposition: Disposition = {
    event_id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    call_id: `bench-${callNo}`,
    source_id: 'bench',
    disposition: LABELS[callNo % LABELS.length][i % 2],
    raw_disposition: 'bench',
    disposition_mapped: true,
    value: null,
    currency: null,
    occurred_at: at,
    received_at: at,
    custom_fields: { agent: `a${callNo % 50}` },
    traceparent: null,
  };
  return {
    disposition,
    call: {
      attribution: 'matched',
      campaign_id: `bench-${callNo % 5}`,
      publisher_id: null,
      buyer_id: null,
      click_id: `clk-${callNo}`,
      duration_seconds: 120,
      campaign_value: '100',
      campaign_currency: 'USD',
    },
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
