import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type ExpectedOutcome,
  type HostileReceiver,
  type LedgerEndpoint,
  type LedgerEntry,
  type LedgerReport,
  type LoadSummary,
  type ReceiverMode,
  type ServiceName,
  SUCCESS_BODY_PATTERN,
  SteadyLoad,
  reconcile,
} from '@postback/testing';
import { type FaultStack } from './fault-stack';
import { LedgerSources } from './ledger-sources';
import { problemEvidence } from './problem-evidence';

export interface ScenarioEndpoint {
  mode: ReceiverMode;
  expect: ExpectedOutcome;
  /** Where the receiver is reached (a flapping proxy in front of it); the receiver itself by default. */
  baseUrl?: string;
  label?: string;
}

export interface Scenario {
  name: string;
  stack: FaultStack;
  receiver: HostileReceiver;
  endpoints: ScenarioEndpoint[];
  load: { ratePerSecond: number; durationMs: number };
  /** Runs beside the load (time it with `load.reached`); resolves once the fault is repaired. */
  fault?: (context: FaultContext) => Promise<void>;
  /** How long the ledger may take to come clean after the load and the fault ended. */
  settleTimeoutMs?: number;
}

export interface FaultContext {
  load: SteadyLoad;
  /** SIGKILL of a service and its restart; for delivery, what it had sent but not recorded is noted. */
  crash: (service: ServiceName) => Promise<void>;
}

export interface ScenarioResult {
  report: LedgerReport;
  load: LoadSummary;
  settleMs: number;
  notReady: string[];
  /** Every problem as one line, at most a few per kind (empty when the run is clean). */
  problems: string[];
}

/**
 * One fault scenario under steady load, ending with the ledger: the load and the fault run
 * together; then the ledger is polled (never slept on) until it is clean and every service is
 * ready, or the settle deadline passes. Prints the figures the closing note needs.
 */
export async function runScenario(scenario: Scenario): Promise<ScenarioResult> {
  const { stack, receiver } = scenario;
  const run = `fault-${scenario.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}-${randomUUID().slice(0, 8)}`;
  const endpoints: LedgerEndpoint[] = [];
  const labels = new Map<string, string>();
  for (const endpoint of scenario.endpoints) {
    const endpointId = await stack.addEndpoint(
      `${run} ${endpoint.label ?? endpoint.mode}`,
      `${endpoint.baseUrl ?? receiver.baseUrl}/${endpoint.mode}/postback?call_id={call_id}&value={conversion_value}`,
      endpoint.mode === 'failure-body' ? { success: { body_pattern: SUCCESS_BODY_PATTERN } } : {},
    );
    endpoints.push({ endpointId, expect: endpoint.expect });
    labels.set(endpointId, endpoint.label ?? endpoint.mode);
  }
  const load = new SteadyLoad({
    ...scenario.load,
    send: (index) => sendDisposition(stack, `${run}-${index}`),
  });
  const sources = new LedgerSources();
  const unrecorded = new Set<string>();
  const crash = async (service: ServiceName) => {
    await stack.services[service].stop('SIGKILL');
    if (service === 'delivery')
      for (const id of await sources.unrecorded(endpoints, receiver.acknowledged())) unrecorded.add(id);
    await stack.restart(service);
  };
  const [summary] = await Promise.all([load.start(), scenario.fault?.({ load, crash })]);
  const faultEnded = Date.now();

  if (endpoints.some((endpoint) => endpoint.expect !== 'delivered')) await sources.readDeadLetters();
  const from = Math.max(summary.finishedAt, faultEnded);
  const deadline = from + (scenario.settleTimeoutMs ?? 90_000);
  let report: LedgerReport;
  let notReady: string[];
  for (;;) {
    report = reconcile(
      await sources.snapshot(summary.accepted, endpoints, receiver.acknowledged(), unrecorded),
    );
    notReady = await stack.notReady();
    if ((report.clean && notReady.length === 0) || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const settleMs = Date.now() - from;
  await sources.stop();
  await stack.deactivate(endpoints.map((endpoint) => endpoint.endpointId));

  const result = {
    report,
    load: summary,
    settleMs,
    notReady,
    problems: problemsOf(report, notReady, labels),
  };
  const line = figures(scenario.name, result);
  console.log(line);
  const evidence = await problemEvidence(
    [...report.duplicated, ...report.wrong, ...report.missing, ...report.stuck],
    receiver.requests,
    [stack.services.delivery.logFile],
  );
  if (evidence.length > 0) console.log(`[faults] ${scenario.name}, the evidence:\n${evidence.join('\n')}`);
  appendFileSync(
    join(__dirname, '..', '..', '.stack-test', 'fault-figures.jsonl'),
    `${JSON.stringify({ scenario: scenario.name, at: new Date().toISOString(), line })}\n`,
  );
  return result;
}

async function sendDisposition(stack: FaultStack, callId: string) {
  try {
    const response = await fetch(`${stack.services.ingest.baseUrl}/v1/dispositions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': stack.apiKey },
      body: JSON.stringify({ call_id: callId, disposition: 'Sale', value: '10.00' }),
      // Generous: a busy 2-core box answers in seconds; an answer after this counts as none.
      signal: AbortSignal.timeout(30_000),
    });
    if (response.status !== 202) return { status: response.status };
    const { event_id: eventId } = (await response.json()) as { event_id: string };
    return { status: 202, accepted: { callId, eventId } };
  } catch (error) {
    // Counted by kind (refused while ingest restarts, timed out…): none of them was accepted.
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { status: null, error: cause ?? (error as Error).name };
  }
}

function figures(name: string, { report, load, settleMs, notReady }: ScenarioResult): string {
  const answers = Object.entries(load.answers)
    .map(([status, count]) => `${status}: ${count}`)
    .join(', ');
  const lost = report.missing.length + report.stuck.length;
  return (
    `[faults] ${name}: load ${load.ratePerSecond}/s × ${load.durationMs / 1000} s (${load.sent} sent; ${answers})` +
    ` → accepted ${report.accepted}, decided ${report.decided}; deliveries ${report.expectedDeliveries}:` +
    ` delivered ${report.delivered}, dead-lettered ${report.deadLettered}, duplicated ${report.duplicated.length}` +
    ` (+${report.redelivered} resent after a crash or an unanswered attempt),` +
    ` lost ${lost} (missing ${report.missing.length}, stuck ${report.stuck.length}), wrong ${report.wrong.length};` +
    ` ${report.clean ? 'settled' : 'NOT settled'} in ${(settleMs / 1000).toFixed(1)} s` +
    (notReady.length > 0 ? `; not ready: ${notReady.join('; ')}` : '')
  );
}

function problemsOf(report: LedgerReport, notReady: string[], labels: Map<string, string>): string[] {
  const listed = (kind: string, entries: LedgerEntry[]) => [
    ...entries
      .slice(0, 5)
      .map(
        (entry) => `${kind}: ${JSON.stringify({ receiver: labels.get(entry.endpointId ?? ''), ...entry })}`,
      ),
    ...(entries.length > 5 ? [`${kind}: … and ${entries.length - 5} more`] : []),
  ];
  return [
    ...listed('missing', report.missing),
    ...listed('duplicated', report.duplicated),
    ...listed('stuck', report.stuck),
    ...listed('wrong', report.wrong),
    ...notReady.map((answer) => `not ready: ${answer}`),
  ];
}
