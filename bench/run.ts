import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Child } from './lib/child';
import { CpuMeter, perDisposition, postgresSources } from './lib/cpu-meter';
import { producerPerformance } from './lib/kafka-ceiling';
import { type Target } from './lib/load-generator';
import { machineFacts } from './lib/machine';
import { write } from './lib/report';
import { PROFILES, drain, endToEnd, ramp, stamp } from './lib/scenarios';
import {
  BENCH,
  DecisionWriter,
  ROOT,
  SERVICE_SETTINGS,
  System,
  databaseUrl,
  recreateDatabase,
  stack,
  stackPids,
} from './lib/system';

/**
 * `npm run bench [-- --quick] [-- --keep-stack] [-- --soak]`: brings up the bench stack (own ports, own
 * database), measures the ceilings and the three scenarios, writes bench/results/.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const profile = PROFILES[args.includes('--quick') ? 'quick' : 'full'];
  const keepStack = args.includes('--keep-stack');
  // --soak: one more end-to-end run, 1,000/s for 10 minutes (never in the quick profile).
  const soak = args.includes('--soak') && profile.name === 'full';
  // --only=ingest,e2e,delivery,ceilings: a partial run while working on one stage; its
  // result goes to bench/tmp/ (not committed), never to bench/results/.
  const only = args
    .find((arg) => arg.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',');
  const runs = (part: string) => !only || only.includes(part);
  const startedAt = new Date().toISOString();
  const machine = machineFacts();
  console.log(`[bench] ${profile.name} profile on ${machine.cores} × ${machine.cpuModel}`);

  if (!keepStack) stack('reset');
  stack('start');
  await recreateDatabase();
  const receiver = new Child('receiver.js');
  const load = new Child('load-generator.js');
  const system = new System();
  const writer = new DecisionWriter();
  const postgres = postgresSources(BENCH.postgres, BENCH.database);
  const meter = new CpuMeter({
    ingest: () => system.pids('ingest'),
    rules: () => system.pids('rules'),
    delivery: () => system.pids('delivery'),
    kafka: () => stackPids('kafka'),
    registry: () => stackPids('registry'),
    postgres: postgres.backends,
    loadGenerator: () => (load.pid === undefined ? [] : [load.pid]),
    receiver: () => (receiver.pid === undefined ? [] : [receiver.pid]),
    postgresShared: postgres.shared,
  });
  const servicePids = () => ({
    ingest: system.pids('ingest')[0],
    rules: system.pids('rules')[0],
    delivery: system.pids('delivery')[0],
  });
  const cleanup = async () => {
    await postgres.close();
    await writer.stop().catch(() => undefined);
    await system.stop(['ingest', 'rules', 'delivery']);
    await load.stop();
    await receiver.stop();
    if (!keepStack) stack('stop');
  };
  // Ctrl-C stops what this run started, services and stack included.
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => void cleanup().finally(() => process.exit(130)));
  try {
    const { port } = await receiver.ask<{ port: number }>({ op: 'port' });
    const receiverUrl = `http://127.0.0.1:${port}`;
    await system.start(['ingest', 'rules', 'delivery']);
    await system.configure(receiverUrl);
    await writer.start();

    let bareEndpoint, gotClient, kafka;
    if (runs('ceilings')) {
      console.log('[bench] ceilings');
      const bare = new Child('bare-endpoint.js');
      const { port: barePort } = await bare.ask<{ port: number }>({});
      const bareTarget: Target = {
        kind: 'bare',
        baseUrl: `http://127.0.0.1:${barePort}`,
        path: '/v1/postback',
        prefix: 'bare',
      };
      await ramp(load, bareTarget, [32], 2000); // warm-up
      bareEndpoint = await ramp(load, bareTarget, profile.ingestSteps, profile.stepMs);
      await bare.stop();
      const gotChild = new Child('got-client.js');
      const gotConcurrency = Number(SERVICE_SETTINGS.DELIVERY_ENDPOINT_CONCURRENCY);
      gotClient = {
        concurrency: gotConcurrency,
        ...(await gotChild.ask<{ requestsPerSecond: number }>({
          baseUrl: receiverUrl,
          count: profile.gotRequests,
          concurrency: gotConcurrency,
        })),
      };
      await gotChild.stop();
      console.log(`  got alone: ${gotClient.requestsPerSecond} req/s`);
      kafka = await producerPerformance(profile.producerRecords, await writer.dispositionRecordBytes());
      console.log(`  kafka ProducerPerformance: ${kafka.recordsPerSecond} records/s`);
    }

    const target = (prefix: string, extra: Partial<Target> = {}): Target => ({
      kind: 'get',
      baseUrl: system.url('ingest'),
      apiKey: system.apiKey,
      prefix: `${prefix}-${Date.now()}`,
      ...extra,
    });
    // Delivery before end to end: its backlog must not queue behind decisions still on their way.
    if (runs('delivery')) console.log('[bench] delivery');
    const backlog = async (prefix: string, failEvery: number) => {
      await system.stop(['delivery']);
      await receiver.ask({ op: 'configure', failEvery });
      await writer.write(prefix, profile.backlog);
      await system.start(['delivery']);
      await meter.start();
      const drained = await drain(receiver, prefix, profile.backlog, stamp());
      const cpu = perDisposition(await meter.stop(), drained.delivered);
      const result = { ...drained, cpuMsPerDelivery: cpu.cpuMsByProcess, cpu: cpu.cpu };
      console.log(
        `  ${prefix}: ${result.deliveriesPerSecond} deliveries/s, all in ${result.firstToLastMs} ms; ` +
          `CPU-ms per delivery ${JSON.stringify(result.cpuMsPerDelivery)}`,
      );
      return result;
    };
    let fast, failing;
    if (runs('delivery')) {
      fast = await backlog(`dlv-fast-${Date.now()}`, 0);
      failing = await backlog(`dlv-fail-${Date.now()}`, 5);
      await receiver.ask({ op: 'configure', failEvery: 0 });
    }

    const e2e = [];
    if (runs('e2e')) console.log('[bench] end to end');
    const e2eRuns = [
      ...(runs('e2e') ? profile.e2e : []),
      ...(soak ? [{ rate: 1000, durationMs: 600_000 }] : []),
    ];
    for (const { rate, durationMs } of e2eRuns) {
      const long = durationMs > 60_000;
      const probe = { meter, databaseUrl: databaseUrl(), ...(long ? { servicePids } : {}) };
      const run = await endToEnd(
        load,
        receiver,
        target(`e2e${rate}`),
        rate,
        durationMs,
        probe,
        long ? 180_000 : 90_000,
      );
      const stages = Object.entries(run.stagesMs)
        .map(([stage, { p50, p99 }]) => `${stage} ${p50}/${p99}`)
        .join(', ');
      console.log(
        `  ${rate}/s for ${durationMs / 1000} s: accepted ${run.accepted} (non-2xx ${run.request.non2xx}, unanswered ${run.request.errors}), ` +
          `p50 ${run.latencyMs.p50} p95 ${run.latencyMs.p95} p99 ${run.latencyMs.p99} ms, exactly once: ${run.exactlyOnce}; ` +
          `stages p50/p99 ms: ${stages}; CPU-ms per disposition ${run.cpuMsPerDisposition} ${JSON.stringify(run.cpuMsByProcess)}`,
      );
      e2e.push(run);
    }

    let get, batch;
    if (runs('ingest')) {
      console.log('[bench] ingest (rules and delivery stopped: ingest alone on the cores)');
      await system.stop(['rules', 'delivery']);
      await ramp(load, target('warm'), [32], 2000);
      get = await ramp(load, target('get'), profile.ingestSteps, profile.stepMs);
      const batchTarget = target('batch', { kind: 'batch', batch: profile.batchSize });
      batch = await ramp(load, batchTarget, profile.batchSteps, profile.stepMs);
    }
    if (only) {
      const file = join(ROOT, 'bench', 'tmp', `partial-${startedAt}.json`);
      mkdirSync(dirname(file), { recursive: true });
      const partial = {
        startedAt,
        only,
        machine,
        bareEndpoint,
        gotClient,
        kafka,
        e2e,
        fast,
        failing,
        get,
        batch,
      };
      writeFileSync(file, JSON.stringify(partial, null, 2));
      console.log(`[bench] partial run: wrote ${file}`);
      return;
    }
    if (!bareEndpoint || !gotClient || !kafka || !fast || !failing || !get || !batch)
      throw new Error('a stage is missing');

    const ratios = {
      ingestVsBare: get.saturation.requestsPerSecond / bareEndpoint.saturation.requestsPerSecond,
      ingestVsBroker: batch.saturation.itemsPerSecond / kafka.recordsPerSecond,
      deliveryVsClient: fast.deliveriesPerSecond / gotClient.requestsPerSecond,
    };
    const at500 = e2e.find((run) => run.rate === 500);
    const at1000 = e2e.find((run) => run.rate === 1000 && run.durationMs <= 60_000);
    const result = {
      startedAt,
      profile: profile.name,
      machine,
      serviceSettings: SERVICE_SETTINGS,
      ceilings: { bareEndpoint, gotClient, kafka },
      ingest: { get, batch, batchSize: profile.batchSize },
      endToEnd: e2e,
      delivery: { fast, failing, retrySchedule: SERVICE_SETTINGS.DELIVERY_RETRY_SCHEDULE },
      ratios,
      targets: {
        ingestVsBare: ratios.ingestVsBare >= 0.6,
        dispositionsPerSecond:
          Math.max(get.saturation.itemsPerSecond, batch.saturation.itemsPerSecond) >= 5000,
        endToEndP99: at500 !== undefined && at500.exactlyOnce && (at500.latencyMs.p99 ?? Infinity) <= 250,
        endToEndP99At1000:
          at1000 !== undefined && at1000.exactlyOnce && (at1000.latencyMs.p99 ?? Infinity) <= 1000,
        cpuMsPerDisposition: [at500, at1000].every(
          (run) => run !== undefined && (run.cpuMsPerDisposition ?? Infinity) <= 1.5,
        ),
        deliveryVsClient: ratios.deliveryVsClient >= 0.7,
      },
    };
    const files = write(result, join(ROOT, 'bench', 'results'));
    console.log(`[bench] wrote ${files.json} and ${files.md}`);
  } finally {
    await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
