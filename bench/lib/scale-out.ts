import { type Child } from './child';
import { type DeliveryBench, backlog } from './delivery-scenarios';
import { type EndToEndRun, type Probe, endToEnd } from './end-to-end';
import { type Target } from './load-generator';
import { type Profile } from './scenarios';
import { nowMs } from './stats';

const ALL = ['ingest', 'rules', 'delivery'] as const;

function line(label: string, run: EndToEndRun): string {
  return (
    `  ${label}: accepted ${run.accepted} (unanswered ${run.request.errors}), ${run.deliveredPerSecond} dispositions/s end to end, ` +
    `last postback ${run.drainedAfterLoadMs ?? 'n/a'} ms after the last request, p99 ${run.latencyMs.p99} ms, ` +
    `exactly once: ${run.exactlyOnce} (missing ${run.missing}, duplicated ${run.duplicated}, unexpected ${run.unexpected}); ` +
    `CPU-ms per disposition ${run.cpuMsPerDisposition}`
  );
}

/**
 * Scale out (issue 12, item 8), at the profile's steady rate: end to end and a delivery
 * backlog with one instance of each service, then with two (second instances on ports of
 * their own, in the same consumer groups; the load spread over both ingest instances), and
 * the same load again with the second rules and delivery instances stopped with SIGTERM
 * halfway and started again. Every accepted disposition must arrive exactly once; the
 * second instances are stopped at the end.
 */
export async function scaleOut(
  bench: DeliveryBench,
  load: Child,
  target: (prefix: string, extra?: Partial<Target>) => Target,
  probe: Probe,
  profile: Profile,
) {
  const { system, receiver } = bench;
  const { rate, durationMs } = profile.scaleOut;
  const run = (prefix: string, spread: boolean, during?: () => Promise<unknown>) => {
    const extra = spread ? { moreBaseUrls: system.urls('ingest').slice(1) } : {};
    return endToEnd(load, receiver, target(prefix, extra), rate, durationMs, probe, { during });
  };
  await receiver.ask({ op: 'configure', failEvery: 0 });
  const one = await run('scale1', false);
  console.log(line(`one instance each, ${rate}/s × ${durationMs / 1000} s`, one));
  const backlogOne = await backlog(bench, `scale-dlv1-${Date.now()}`, profile.backlog);

  for (const name of ALL) await system.start([name], 1);
  try {
    const backlogTwo = await backlog(bench, `scale-dlv2-${Date.now()}`, profile.backlog, { instances: 2 });
    const two = await run('scale2', true);
    console.log(line(`two instances each`, two));
    // Halfway through the load: SIGTERM to the second rules and delivery, then both started again.
    const restart = { stoppedAtMs: 0, restartedAtMs: 0, readyAtMs: 0 };
    const restarting = async () => {
      const began = nowMs();
      await new Promise((resolve) => setTimeout(resolve, durationMs / 2));
      restart.stoppedAtMs = Math.round(nowMs() - began);
      await system.stop(['rules', 'delivery'], 1);
      restart.restartedAtMs = Math.round(nowMs() - began);
      await Promise.all([system.start(['rules'], 1), system.start(['delivery'], 1)]);
      restart.readyAtMs = Math.round(nowMs() - began);
    };
    const restarted = await run('scale2r', true, restarting);
    console.log(
      line(
        `two instances each, second rules and delivery SIGTERM at ${restart.stoppedAtMs} ms, gone at ${restart.restartedAtMs} ms, ready again at ${restart.readyAtMs} ms`,
        restarted,
      ),
    );
    return {
      rate,
      durationMs,
      one: { endToEnd: one, backlog: backlogOne },
      two: { endToEnd: two, backlog: backlogTwo },
      restarted: { endToEnd: restarted, ...restart },
      // Every run and both backlogs: each postback arrived, none twice.
      exactlyOnce:
        [one, two, restarted].every((e2e) => e2e.exactlyOnce) &&
        [backlogOne, backlogTwo].every((b) => b.settled && b.duplicated === 0),
    };
  } finally {
    for (const name of ALL) await system.stop([name], 1);
  }
}

export type ScaleOutResult = Awaited<ReturnType<typeof scaleOut>>;
