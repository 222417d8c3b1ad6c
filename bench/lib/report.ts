import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/* eslint-disable @typescript-eslint/no-explicit-any -- the result is a plain JSON document */
type Result = Record<string, any>;

const pct = (ratio: number | null) =>
  ratio === null || !Number.isFinite(ratio) ? 'n/a' : `${Math.round(ratio * 100)}%`;
const ms = (value: number | null | undefined) =>
  value === null || value === undefined ? 'n/a' : `${value} ms`;
const verdict = (ok: boolean) => (ok ? 'met' : 'not met');
const CPU_COLUMNS = [
  'ingest',
  'rules',
  'delivery',
  'kafka',
  'registry',
  'postgres',
  'postgresShared',
  'loadGenerator',
  'receiver',
];

/** The headline table: each stage, its ceiling, the ratio and the target. */
export function markdown(result: Result): string {
  const { machine, ceilings, ingest, endToEnd, delivery, ratios, targets } = result;
  const lines = [
    `# Postback benchmark — ${result.startedAt} (${result.profile})`,
    '',
    `Machine: ${machine.cores} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, ${machine.os}; ` +
      `Node ${machine.node}, ${machine.java}, Kafka ${machine.kafka}, ${machine.schemaRegistry}, ` +
      `PostgreSQL ${machine.postgres}; commit ${machine.gitCommit}. Load average at start: ${machine.loadAverageAtStart.join(', ')}.`,
    '',
    'Everything runs on this one machine: Kafka, the registry and PostgreSQL, the three services, the load ' +
      'generator and the receiver share its cores, so every figure is lower than on separate hosts, and the ' +
      'ceilings are measured under the same sharing.',
    '',
    '## Headline',
    '',
    '| stage | measured | ceiling | ratio | target |',
    '| --- | --- | --- | --- | --- |',
    `| ingest, GET /v1/postback | ${ingest.get.saturation.requestsPerSecond} req/s (c=${ingest.get.saturation.concurrency}, p50 ${ms(ingest.get.saturation.latencyMs.p50)}, p99 ${ms(ingest.get.saturation.latencyMs.p99)}) | bare NestJS+Fastify ${ceilings.bareEndpoint.saturation.requestsPerSecond} req/s | ${pct(ratios.ingestVsBare)} | ≥ 60%: ${verdict(targets.ingestVsBare)} |`,
    `| ingest, POST /v1/dispositions (batches of ${ingest.batchSize}) | ${ingest.batch.saturation.itemsPerSecond} dispositions/s (c=${ingest.batch.saturation.concurrency}, p99 ${ms(ingest.batch.saturation.latencyMs.p99)}) | Kafka ProducerPerformance ${ceilings.kafka.recordsPerSecond} records/s | ${pct(ratios.ingestVsBroker)} | ≥ 5,000/s: ${verdict(targets.dispositionsPerSecond)} |`,
    ...endToEnd.map(
      (run: Result) =>
        `| end to end at ${run.rate}/s × ${run.durationMs / 1000} s | ${run.cpuMsPerDisposition} CPU-ms per disposition; p50 ${ms(run.latencyMs.p50)}, p95 ${ms(run.latencyMs.p95)}, p99 ${ms(run.latencyMs.p99)}; ${run.accepted} accepted (${run.request.errors} unanswered after 30 s), exactly once: ${run.exactlyOnce ? 'yes' : `no (missing ${run.missing}, duplicated ${run.duplicated}, unexpected ${run.unexpected})`}${run.settled ? '' : ', not all arrived within 90 s'} | — | — | ${run.rate === 500 ? `p99 ≤ 250 ms: ${verdict(targets.endToEndP99)}` : run.rate === 1000 && run.durationMs <= 60_000 ? `p99 ≤ 1 s: ${verdict(targets.endToEndP99At1000)}` : '—'}; CPU ≤ 1.5 ms |`,
    ),
    `| delivery, backlog of ${delivery.fast.backlog} | ${delivery.fast.deliveriesPerSecond} deliveries/s (delivery ${delivery.fast.cpuMsPerDelivery?.delivery} CPU-ms, PostgreSQL ${delivery.fast.cpuMsPerDelivery?.postgres}, Kafka ${delivery.fast.cpuMsPerDelivery?.kafka} per delivery) | got alone ${ceilings.gotClient.requestsPerSecond} req/s | ${pct(ratios.deliveryVsClient)} | ≥ 70%: ${verdict(targets.deliveryVsClient)} |`,
    `| delivery, backlog of ${delivery.failing.backlog}, receiver fails 20% | all delivered in ${ms(delivery.failing.firstToLastMs)} (${delivery.failing.receiverRequests} requests, ${delivery.failing.receiverFailures} failed) | — | — | — |`,
    '',
    '## End to end: CPU-ms per disposition',
    '',
    'From the first request until the last postback arrived, per accepted disposition (user + system time ' +
      'from /proc). The total sums the system: the three services, Kafka, the registry and the PostgreSQL ' +
      "backends serving the bench database (found in pg_stat_activity during the run). PostgreSQL's shared " +
      'processes (postmaster, WAL writer, checkpointer, background writer: they serve every database on the ' +
      'machine), the load generator and the receiver are shown beside it, outside the total.',
    '',
    `| rate | total | ${CPU_COLUMNS.join(' | ')} |`,
    `| --- | --- | ${CPU_COLUMNS.map(() => '---').join(' | ')} |`,
    ...endToEnd.map(
      (run: Result) =>
        `| ${run.rate}/s × ${run.durationMs / 1000} s | ${run.cpuMsPerDisposition} | ${CPU_COLUMNS.map((name) => run.cpuMsByProcess[name] ?? 'n/a').join(' | ')} |`,
    ),
    '',
    '## End to end: latency by stage (p50 / p99 ms)',
    '',
    'accepted: request start → ingest 2xx; decided: 2xx → decided_at; sent: decided_at → first attempt ' +
      'started; received: first attempt started → the receiver answered.',
    '',
    '| rate | accepted | decided | sent | received | whole |',
    '| --- | --- | --- | --- | --- | --- |',
    ...endToEnd.map((run: Result) => {
      const cell = (summary: Result) => `${summary.p50} / ${summary.p99}`;
      const { accepted, decided, firstAttemptSent, received } = run.stagesMs;
      return `| ${run.rate}/s × ${run.durationMs / 1000} s | ${cell(accepted)} | ${cell(decided)} | ${cell(firstAttemptSent)} | ${cell(received)} | ${cell(run.latencyMs)} |`;
    }),
    ...endToEnd
      .filter((run: Result) => run.p99PerMinuteMs)
      .flatMap((run: Result) => [
        '',
        `Soak (${run.rate}/s × ${run.durationMs / 1000} s): p99 per minute ${run.p99PerMinuteMs.join(', ')} ms; ` +
          `RSS MiB after the first minute ${JSON.stringify(run.rssMiB.afterFirstMinute)}, at the end ${JSON.stringify(run.rssMiB.atEnd)}.`,
      ]),
    '',
    '## Ingest steps',
    '',
    '| endpoint | concurrency | req/s | dispositions/s | p50 | p99 | non-2xx | errors |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...[
      ['bare', ceilings.bareEndpoint.steps],
      ['GET /v1/postback', ingest.get.steps],
      ['POST /v1/dispositions', ingest.batch.steps],
    ].flatMap(([name, steps]: any) =>
      steps.map(
        (s: Result) =>
          `| ${name} | ${s.concurrency} | ${s.requestsPerSecond} | ${name === 'bare' ? '—' : s.itemsPerSecond} | ${ms(s.latencyMs.p50)} | ${ms(s.latencyMs.p99)} | ${s.non2xx} | ${s.errors} |`,
      ),
    ),
    '',
    '## Ceilings',
    '',
    `- Kafka: \`${ceilings.kafka.command}\` → ${ceilings.kafka.recordsPerSecond} records/s ` +
      `(${ceilings.kafka.mbPerSecond} MB/s), latency p50 ${ceilings.kafka.latencyMs.p50} ms, p99 ${ceilings.kafka.latencyMs.p99} ms.`,
    `- got alone (delivery's agent settings, ${ceilings.gotClient.concurrency} in flight): ${ceilings.gotClient.requestsPerSecond} req/s, ` +
      `p50 ${ms(ceilings.gotClient.latencyMs.p50)}, p99 ${ms(ceilings.gotClient.latencyMs.p99)}.`,
    `- Bare endpoint: NestJS + Fastify, one GET route answering 202, no logging.`,
    '',
    '## Settings',
    '',
    'Service settings lifted for the run, so that limits measure the code and not a configured cap: ' +
      Object.entries(result.serviceSettings)
        .map(([key, value]) => `\`${key}=${value}\``)
        .join(', ') +
      '.',
    '',
  ];
  return lines.join('\n');
}

export function write(result: Result, dir: string): { json: string; md: string } {
  mkdirSync(dir, { recursive: true });
  const name = `${result.startedAt.slice(0, 10)}-${result.machine.hostname}${result.profile === 'quick' ? '-quick' : ''}`;
  const json = join(dir, `${name}.json`);
  const md = join(dir, `${name}.md`);
  writeFileSync(json, `${JSON.stringify(result, null, 2)}\n`);
  const text = markdown(result);
  writeFileSync(md, text);
  writeFileSync(join(dir, 'latest.md'), text);
  return { json, md };
}
