import { setTimeout as sleep } from 'node:timers/promises';
import { type CpuMeter } from './cpu-meter';

/** Long enough for the consumers that just joined their groups to settle into their polls. */
const SETTLE_MS = 5000;
const WINDOW_MS = 10_000;

/**
 * CPU-ms per second of each process with the stack up and no load: what every run's window
 * counts whatever the traffic (idle polls, timers), so that a CPU-ms per disposition read on a
 * shared machine, where a starved run lasts longer, can be taken apart.
 */
export async function idleCpu(
  meter: CpuMeter,
): Promise<{ windowMs: number; cpuMsPerSecond: Record<string, number> }> {
  await sleep(SETTLE_MS);
  await meter.start();
  await sleep(WINDOW_MS);
  const { windowMs, byProcess } = await meter.stop();
  const cpuMsPerSecond = Object.fromEntries(
    Object.entries(byProcess).map(([name, ms]) => [name, Math.round((ms / windowMs) * 1000)]),
  );
  return { windowMs, cpuMsPerSecond };
}
