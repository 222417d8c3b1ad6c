import 'reflect-metadata';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { ceilings } from './lib/ceilings';
import { Child } from './lib/child';
import { idleCpu } from './lib/idle-cpu';
import { CpuMeter, postgresSources } from './lib/cpu-meter';
import { type BacklogResult, type DeliveryBench, backlog } from './lib/delivery-scenarios';
import { type EndToEndRun, type Probe, endToEnd } from './lib/end-to-end';
import { type Target } from './lib/load-generator';
import { machineFacts } from './lib/machine';
import { parseOptions, runs } from './lib/options';
import { write } from './lib/report';
import { type ScaleOutResult, scaleOut } from './lib/scale-out';
import { PROFILES, ramp } from './lib/scenarios';
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
import { headlineTargets, ratio } from './lib/targets';

/**
 * `npm run bench [-- --quick] [--keep-stack] [--soak [--soak-minutes=N]] [--only=…]`: brings up
 * the bench stack (own ports, own database), measures the ceilings and the scenarios, writes
 * bench/results/ (a partial run, `--only`, writes bench/tmp/).
 */
async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const profile = PROFILES[options.profile];
  const part = (name: Parameters<typeof runs>[1]) => runs(options, name);
  const startedAt = new Date().toISOString();
  const machine = machineFacts();
  console.log(`[bench] ${profile.name} profile on ${machine.cores} × ${machine.cpuModel}`);

  if (!options.keepStack) stack('reset');
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
  const cleanup = async () => {
    await postgres.close();
    await writer.stop().catch(() => undefined);
    await system.stop(['ingest', 'rules', 'delivery']);
    await load.stop();
    await receiver.stop();
    if (!options.keepStack) stack('stop');
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
    const bench: DeliveryBench = { system, receiver, writer, meter };
    const probe: Probe = { meter, databaseUrl: databaseUrl(), servicePids: () => system.instancePids() };
    const target = (prefix: string, extra: Partial<Target> = {}): Target => ({
      kind: 'get',
      baseUrl: system.url('ingest'),
      apiKey: system.apiKey,
      prefix: `${prefix}-${Date.now()}`,
      ...extra,
    });

    const idle = await idleCpu(meter);
    console.log(`[bench] idle, CPU-ms per second: ${JSON.stringify(idle.cpuMsPerSecond)}`);
    const ceiling = part('ceilings') ? await ceilings(load, receiverUrl, writer, profile) : undefined;

    // Delivery before end to end: its backlog must not queue behind decisions still on their way.
    let fast: BacklogResult | undefined,
      failing: BacklogResult | undefined,
      fanOut: BacklogResult | undefined;
    if (part('delivery') || part('fanout')) console.log('[bench] delivery');
    if (part('delivery') || part('fanout'))
      fast = await backlog(bench, `dlv-fast-${Date.now()}`, profile.backlog);
    if (part('delivery'))
      failing = await backlog(bench, `dlv-fail-${Date.now()}`, profile.backlog, { failEvery: 5 });
    if (part('fanout')) {
      fanOut = await backlog(bench, `dlv-fan-${Date.now()}`, profile.fanOutDecisions, { fanOut: true });
      const vsSingle = ratio(fanOut.deliveriesPerSecond, fast?.deliveriesPerSecond);
      console.log(`  fan-out: ${Math.round((vsSingle ?? NaN) * 100)}% of the single-endpoint postbacks/s`);
    }
    await receiver.ask({ op: 'configure', failEvery: 0 });

    const e2e: EndToEndRun[] = [];
    if (part('e2e') || part('soak')) console.log('[bench] end to end');
    const e2eRuns = [
      ...(part('e2e') ? profile.e2e.map((run) => ({ ...run, soak: false })) : []),
      ...(options.soakMinutes !== null
        ? [{ rate: 1000, durationMs: Math.round(options.soakMinutes * 60_000), soak: true }]
        : []),
    ];
    let warmUp: EndToEndRun | undefined;
    for (const { rate, durationMs, soak } of e2eRuns) {
      if (!warmUp) {
        warmUp = await endToEnd(load, receiver, target('e2e-warm'), rate, profile.warmUpMs, probe);
        console.log(
          `  warm-up (not counted), ${rate}/s for ${profile.warmUpMs / 1000} s: p50 ${warmUp.latencyMs.p50} p99 ${warmUp.latencyMs.p99} ms, ` +
            `exactly once: ${warmUp.exactlyOnce}; CPU-ms per disposition ${warmUp.cpuMsPerDisposition}`,
        );
      }
      const settleMs = soak ? 180_000 : 90_000;
      const run = await endToEnd(load, receiver, target(`e2e${rate}`), rate, durationMs, probe, {
        soak,
        settleMs,
      });
      const stages = Object.entries(run.stagesMs)
        .map(([stage, { p50, p99 }]) => `${stage} ${p50}/${p99}`)
        .join(', ');
      console.log(
        `  ${rate}/s for ${durationMs / 1000} s: accepted ${run.accepted} (non-2xx ${run.request.non2xx}, unanswered ${run.request.errors}), ` +
          `p50 ${run.latencyMs.p50} p95 ${run.latencyMs.p95} p99 ${run.latencyMs.p99} ms, exactly once: ${run.exactlyOnce}; ` +
          `${run.deliveredPerSecond} dispositions/s end to end, last postback ${run.drainedAfterLoadMs ?? 'n/a'} ms after the last request; ` +
          `stages p50/p99 ms: ${stages}; CPU-ms per disposition ${run.cpuMsPerDisposition} ${JSON.stringify(run.cpuMsByProcess)}`,
      );
      if (run.soak)
        console.log(
          `  soak: p99 per minute ${JSON.stringify(run.p99PerMinuteMs)} ms (steady: ${JSON.stringify(run.steady)}); ` +
            `RSS ${JSON.stringify(run.rssGrowth)}; met ${JSON.stringify(run.met)}`,
        );
      e2e.push(run);
    }

    let scale: ScaleOutResult | undefined;
    if (part('scale')) {
      console.log('[bench] scale out (two instances of each service)');
      scale = await scaleOut(bench, load, target, probe, profile);
    }

    let get, batch;
    if (part('ingest')) {
      console.log('[bench] ingest (rules and delivery stopped: ingest alone on the cores)');
      await system.stop(['rules', 'delivery']);
      await ramp(load, target('warm'), [32], 2000);
      get = await ramp(load, target('get'), profile.ingestSteps, profile.stepMs);
      const batchTarget = target('batch', { kind: 'batch', batch: profile.batchSize });
      batch = await ramp(load, batchTarget, profile.batchSteps, profile.stepMs);
    }

    const ratios = {
      ingestVsBare: ratio(
        get?.saturation.requestsPerSecond,
        ceiling?.bareEndpoint.saturation.requestsPerSecond,
      ),
      ingestVsBroker: ratio(batch?.saturation.itemsPerSecond, ceiling?.kafka.recordsPerSecond),
      deliveryVsClient: ratio(fast?.deliveriesPerSecond, ceiling?.gotClient.requestsPerSecond),
      fanOutVsSingle: ratio(fanOut?.deliveriesPerSecond, fast?.deliveriesPerSecond),
    };
    const soak = e2e.find((run) => run.soak);
    const result = {
      startedAt,
      profile: profile.name,
      ...(options.only ? { only: options.only } : {}),
      machine,
      loadAverageAtEnd: loadavg().map((value) => Math.round(value * 100) / 100),
      serviceSettings: SERVICE_SETTINGS,
      idle,
      ceilings: ceiling,
      ingest: get && batch ? { get, batch, batchSize: profile.batchSize } : undefined,
      endToEndWarmUp: warmUp,
      endToEnd: e2e,
      delivery: { fast, failing, fanOut, retrySchedule: SERVICE_SETTINGS.DELIVERY_RETRY_SCHEDULE },
      scaleOut: scale,
      ratios,
      targets: {
        ...headlineTargets(ratios, e2e),
        ...(soak ? { soak: Object.values(soak.met!).every(Boolean) } : {}),
        ...(scale ? { scaleOutExactlyOnce: scale.exactlyOnce } : {}),
      },
    };
    // A partial run (--only) goes to bench/tmp/, never to bench/results/.
    const files = write(result, join(ROOT, 'bench', options.only ? 'tmp' : 'results'));
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
