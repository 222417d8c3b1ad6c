import { type Child } from './child';
import { type CpuMeter, perDisposition } from './cpu-meter';
import { drain, stamp } from './scenarios';
import { type DecisionWriter, FAN_OUT, FAN_OUT_CAMPAIGN, type System } from './system';

/** What the delivery scenarios drive: the services, the receiver, the decision writer, the meter. */
export interface DeliveryBench {
  system: System;
  receiver: Child;
  writer: DecisionWriter;
  meter: CpuMeter;
}

export interface BacklogOptions {
  /** The receiver answers 503 to every n-th request (0: never). */
  failEvery?: number;
  /** Decisions of the fan-out campaign: each matches FAN_OUT endpoints. */
  fanOut?: boolean;
  /** Delivery instances draining it (in one consumer group). */
  instances?: number;
}

/**
 * Delivery draining a backlog: every delivery instance stopped while `decisions` decisions
 * are written straight onto conversions.v1, then started (side by side); postbacks/s from the
 * first to the last, and CPU-ms per postback by process from the moment they were ready.
 */
export async function backlog(
  bench: DeliveryBench,
  prefix: string,
  decisions: number,
  options: BacklogOptions = {},
) {
  const { system, receiver, writer, meter } = bench;
  const instances = options.instances ?? 1;
  await system.stop(['delivery']);
  await receiver.ask({ op: 'configure', failEvery: options.failEvery ?? 0 });
  await writer.write(prefix, decisions, options.fanOut ? FAN_OUT_CAMPAIGN : null);
  await Promise.all(Array.from({ length: instances }, (_, i) => system.start(['delivery'], i)));
  await meter.start();
  const postbacks = decisions * (options.fanOut ? FAN_OUT : 1);
  const drained = await drain(receiver, prefix, postbacks, stamp());
  const cpu = perDisposition(await meter.stop(), drained.delivered);
  const result = {
    ...drained,
    decisions,
    endpointsPerDecision: options.fanOut ? FAN_OUT : 1,
    deliveryInstances: instances,
    cpuMsPerDelivery: cpu.cpuMsByProcess,
    cpu: cpu.cpu,
  };
  console.log(
    `  ${prefix}: ${decisions} decisions × ${result.endpointsPerDecision} endpoints, ${instances} delivery instance(s): ` +
      `${result.deliveriesPerSecond} postbacks/s, ${result.delivered} of ${postbacks} in ${result.firstToLastMs} ms` +
      `${result.duplicated ? `, ${result.duplicated} duplicated` : ''}; CPU-ms per postback ${JSON.stringify(result.cpuMsPerDelivery)}`,
  );
  return result;
}

export type BacklogResult = Awaited<ReturnType<typeof backlog>>;
