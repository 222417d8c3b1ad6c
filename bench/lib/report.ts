import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TARGETS } from './targets';
import { type Result, ms, pct, scaleOutLines, soakLines, verdict } from './report-sections';

/* eslint-disable @typescript-eslint/no-explicit-any -- the result is a plain JSON document */
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
const { cpuMsPerDisposition: cpuTarget } = TARGETS;

/** The target cell of an end-to-end run (the soak has its own section). */
function e2eTarget(run: Result, targets: Result): string {
  const unanswered = `zero unanswered: ${verdict(run.request.errors === 0)}`;
  const cpu = `CPU ≤ ${cpuTarget} ms: ${verdict((run.cpuMsPerDisposition ?? Infinity) <= cpuTarget)}`;
  if (run.soak) return 'see Soak';
  if (run.rate === 500)
    return `p99 ≤ ${TARGETS.p99MsAt500} ms: ${verdict(targets.endToEndP99)}; ${unanswered}; ${cpu}`;
  if (run.rate === 1000) return `p99 ≤ 1 s: ${verdict(targets.endToEndP99At1000)}; ${unanswered}; ${cpu}`;
  if (run.rate === 2000)
    return `exactly once and the last postback ≤ 30 s after the load: ${verdict(targets.exactlyOnceAndDrainedAt2000)}`;
  return '—';
}

function e2eRow(run: Result, targets: Result): string {
  const once = run.exactlyOnce
    ? 'yes'
    : `no (missing ${run.missing}, duplicated ${run.duplicated}, unexpected ${run.unexpected})`;
  return (
    `| end to end at ${run.rate}/s × ${run.durationMs / 1000} s | ${run.cpuMsPerDisposition} CPU-ms per disposition; ` +
    `p50 ${ms(run.latencyMs.p50)}, p95 ${ms(run.latencyMs.p95)}, p99 ${ms(run.latencyMs.p99)}; ${run.accepted} accepted ` +
    `(${run.request.errors} unanswered after 30 s), exactly once: ${once}${run.settled ? '' : ', not all arrived in time'}; ` +
    `${run.deliveredPerSecond} dispositions/s end to end, last postback ${ms(run.drainedAfterLoadMs)} after the last request ` +
    `| — | — | ${e2eTarget(run, targets)} |`
  );
}

/** The headline table: each stage, its ceiling, the ratio and the target. */
function headline(result: Result): string[] {
  const { ceilings, ingest, endToEnd, delivery, ratios, targets } = result;
  const rows: string[] = [];
  if (ingest && ceilings) {
    const { get, batch } = ingest;
    rows.push(
      `| ingest, GET /v1/postback | ${get.saturation.requestsPerSecond} req/s (c=${get.saturation.concurrency}, p50 ${ms(get.saturation.latencyMs.p50)}, p99 ${ms(get.saturation.latencyMs.p99)}) | bare NestJS+Fastify ${ceilings.bareEndpoint.saturation.requestsPerSecond} req/s | ${pct(ratios.ingestVsBare)} | ≥ ${pct(TARGETS.ingestVsBare)}: ${verdict(targets.ingestVsBare)} |`,
      `| ingest, POST /v1/dispositions (batches of ${ingest.batchSize}) | ${batch.saturation.itemsPerSecond} dispositions/s (c=${batch.saturation.concurrency}, p99 ${ms(batch.saturation.latencyMs.p99)}) | Kafka ProducerPerformance ${ceilings.kafka.recordsPerSecond} records/s | ${pct(ratios.ingestVsBroker)} | ≥ ${pct(TARGETS.ingestVsBroker)}: ${verdict(targets.ingestVsBroker)} |`,
    );
  }
  if (result.endToEndWarmUp)
    rows.push(
      `| warm-up before end to end (not counted) at ${result.endToEndWarmUp.rate}/s × ${result.endToEndWarmUp.durationMs / 1000} s | ` +
        `${result.endToEndWarmUp.cpuMsPerDisposition} CPU-ms per disposition; p50 ${ms(result.endToEndWarmUp.latencyMs.p50)}, ` +
        `p99 ${ms(result.endToEndWarmUp.latencyMs.p99)}; exactly once: ${result.endToEndWarmUp.exactlyOnce ? 'yes' : 'NO'} | — | — | — |`,
    );
  rows.push(...endToEnd.map((run: Result) => e2eRow(run, targets)));
  const perDelivery = (b: Result) =>
    `delivery ${b.cpuMsPerDelivery?.delivery} CPU-ms, PostgreSQL ${b.cpuMsPerDelivery?.postgres}, Kafka ${b.cpuMsPerDelivery?.kafka} per postback`;
  if (delivery.fast)
    rows.push(
      `| delivery, backlog of ${delivery.fast.backlog} | ${delivery.fast.deliveriesPerSecond} deliveries/s (${perDelivery(delivery.fast)}) | ${ceilings ? `got alone ${ceilings.gotClient.requestsPerSecond} req/s` : '—'} | ${pct(ratios.deliveryVsClient)} | ≥ ${pct(TARGETS.deliveryVsClient)}: ${verdict(targets.deliveryVsClient)} |`,
    );
  if (delivery.fanOut)
    rows.push(
      `| delivery fan-out, ${delivery.fanOut.decisions} decisions × ${delivery.fanOut.endpointsPerDecision} endpoints | ${delivery.fanOut.deliveriesPerSecond} postbacks/s, ${delivery.fanOut.delivered} of ${delivery.fanOut.backlog}${delivery.fanOut.duplicated ? `, ${delivery.fanOut.duplicated} duplicated` : ''} (${perDelivery(delivery.fanOut)}) | single endpoint ${delivery.fast?.deliveriesPerSecond ?? 'n/a'} postbacks/s | ${pct(ratios.fanOutVsSingle)} | ≥ ${pct(TARGETS.fanOutVsSingle)}: ${verdict(targets.fanOut)} |`,
    );
  if (delivery.failing)
    rows.push(
      `| delivery, backlog of ${delivery.failing.backlog}, receiver fails 20% | ${delivery.failing.delivered} of ${delivery.failing.backlog} delivered in ${ms(delivery.failing.firstToLastMs)}${delivery.failing.settled ? '' : ' (the rest still retrying when the wait ended)'} (${delivery.failing.receiverRequests} requests, ${delivery.failing.receiverFailures} failed) | — | — | — |`,
    );
  return [
    '## Headline',
    '',
    '| stage | measured | ceiling | ratio | target |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ];
}

function cpuTable(result: Result): string[] {
  const { endToEnd, delivery } = result;
  const backlogs = [
    ['delivery backlog, one endpoint (per postback)', delivery.fast],
    ['delivery backlog, 20% failures (per postback)', delivery.failing],
    ['delivery fan-out, 10 endpoints (per postback)', delivery.fanOut],
  ].filter(([, b]) => b) as [string, Result][];
  return [
    '## CPU-ms per disposition (end to end) and per postback (delivery backlogs)',
    '',
    'From the first request (or delivery ready) until the last postback arrived, per accepted disposition or ' +
      'postback (user + system time from /proc). The total sums the system: the three services, Kafka, the registry ' +
      'and the PostgreSQL backends serving the bench database (found in pg_stat_activity during the run). ' +
      "PostgreSQL's shared processes (postmaster, WAL writer, checkpointer, background writer: they serve every " +
      'database on the machine), the load generator and the receiver are shown beside it, outside the total.',
    '',
    ...(result.idle
      ? [
          `Idle (the services up, no load, ${result.idle.windowMs} ms), CPU-ms per second: ` +
            `${Object.entries(result.idle.cpuMsPerSecond)
              .map(([name, ms]) => `${name} ${ms}`)
              .join(', ')}. ` +
            'Every window below counts these for as long as it lasts, so a run that a busy machine stretches costs more per disposition.',
          '',
        ]
      : []),
    `| run | total | ${CPU_COLUMNS.join(' | ')} |`,
    `| --- | --- | ${CPU_COLUMNS.map(() => '---').join(' | ')} |`,
    ...[...(result.endToEndWarmUp ? [{ ...result.endToEndWarmUp, warmUp: true }] : []), ...endToEnd].map(
      (run: Result) =>
        `| ${run.warmUp ? 'warm-up, ' : ''}${run.rate}/s × ${run.durationMs / 1000} s | ${run.cpuMsPerDisposition} | ${CPU_COLUMNS.map((name) => run.cpuMsByProcess[name] ?? 'n/a').join(' | ')} |`,
    ),
    ...backlogs.map(([name, b]) => {
      const total = ['ingest', 'rules', 'delivery', 'kafka', 'registry', 'postgres'].reduce(
        (sum, p) => sum + (b.cpuMsPerDelivery[p] ?? 0),
        0,
      );
      return `| ${name} | ${Math.round(total * 1000) / 1000} | ${CPU_COLUMNS.map((p) => b.cpuMsPerDelivery[p] ?? 'n/a').join(' | ')} |`;
    }),
  ];
}

function stagesTable(endToEnd: Result[]): string[] {
  const cell = (summary: Result) => `${summary.p50} / ${summary.p99}`;
  return [
    '## End to end: latency by stage (p50 / p99 ms)',
    '',
    'accepted: request start → ingest 2xx; decided: 2xx → decided_at; sent: decided_at → first attempt ' +
      'started; received: first attempt started → the receiver answered.',
    '',
    '| rate | accepted | decided | sent | received | whole |',
    '| --- | --- | --- | --- | --- | --- |',
    ...endToEnd.map((run: Result) => {
      const { accepted, decided, firstAttemptSent, received } = run.stagesMs;
      return `| ${run.rate}/s × ${run.durationMs / 1000} s | ${cell(accepted)} | ${cell(decided)} | ${cell(firstAttemptSent)} | ${cell(received)} | ${cell(run.latencyMs)} |`;
    }),
  ];
}

function ingestAndCeilings(result: Result): string[] {
  const { ceilings, ingest } = result;
  const steps = [
    ...(ceilings ? [['bare', ceilings.bareEndpoint.steps]] : []),
    ...(ingest
      ? [
          ['GET /v1/postback', ingest.get.steps],
          ['POST /v1/dispositions', ingest.batch.steps],
        ]
      : []),
  ];
  const lines = steps.length
    ? [
        '## Ingest steps',
        '',
        '| endpoint | concurrency | req/s | dispositions/s | p50 | p99 | non-2xx | errors |',
        '| --- | --- | --- | --- | --- | --- | --- | --- |',
        ...steps.flatMap(([name, rows]: any) =>
          rows.map(
            (s: Result) =>
              `| ${name} | ${s.concurrency} | ${s.requestsPerSecond} | ${name === 'bare' ? '—' : s.itemsPerSecond} | ${ms(s.latencyMs.p50)} | ${ms(s.latencyMs.p99)} | ${s.non2xx} | ${s.errors} |`,
          ),
        ),
        '',
      ]
    : [];
  if (!ceilings) return lines;
  return [
    ...lines,
    '## Ceilings',
    '',
    `- Kafka: \`${ceilings.kafka.command}\` → ${ceilings.kafka.recordsPerSecond} records/s ` +
      `(${ceilings.kafka.mbPerSecond} MB/s), latency p50 ${ceilings.kafka.latencyMs.p50} ms, p99 ${ceilings.kafka.latencyMs.p99} ms.`,
    `- got alone (delivery's agent settings, ${ceilings.gotClient.concurrency} in flight): ${ceilings.gotClient.requestsPerSecond} req/s, ` +
      `p50 ${ms(ceilings.gotClient.latencyMs.p50)}, p99 ${ms(ceilings.gotClient.latencyMs.p99)}.`,
    `- Bare endpoint: NestJS + Fastify, one GET route answering 202, no logging.`,
    '',
  ];
}

/** The Markdown report; a partial run (`--only`) has the sections of the parts it ran. */
export function markdown(result: Result): string {
  const { machine, endToEnd } = result;
  const lines = [
    `# Postback benchmark — ${result.startedAt} (${result.profile}${result.only ? `, only ${result.only.join(', ')}` : ''})`,
    '',
    `Machine: ${machine.cores} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, ${machine.os}; ` +
      `Node ${machine.node}, ${machine.java}, Kafka ${machine.kafka}, ${machine.schemaRegistry}, ` +
      `PostgreSQL ${machine.postgres}; commit ${machine.gitCommit}. Load average at start: ${machine.loadAverageAtStart.join(', ')}` +
      `${result.loadAverageAtEnd ? `; at the end: ${result.loadAverageAtEnd.join(', ')}` : ''}.`,
    '',
    'Everything runs on this one machine: Kafka, the registry and PostgreSQL, the three services, the load ' +
      'generator and the receiver share its cores, so every figure is lower than on separate hosts, and the ' +
      'ceilings are measured under the same sharing.',
    '',
    ...headline(result),
    '',
    ...cpuTable(result),
    '',
    ...(endToEnd.length ? [...stagesTable(endToEnd), ''] : []),
    ...soakLines(endToEnd.find((run: Result) => run.soak)),
    ...scaleOutLines(result.scaleOut),
    ...ingestAndCeilings(result),
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

/** Writes `<date>-<host>[-quick].json` and `.md` (and latest.md), or `partial-<time>` ones for `--only`. */
export function write(result: Result, dir: string): { json: string; md: string } {
  mkdirSync(dir, { recursive: true });
  const name = result.only
    ? `partial-${result.startedAt}`
    : `${result.startedAt.slice(0, 10)}-${result.machine.hostname}${result.profile === 'quick' ? '-quick' : ''}`;
  const json = join(dir, `${name}.json`);
  const md = join(dir, `${name}.md`);
  writeFileSync(json, `${JSON.stringify(result, null, 2)}\n`);
  const text = markdown(result);
  writeFileSync(md, text);
  if (!result.only) writeFileSync(join(dir, 'latest.md'), text);
  return { json, md };
}
