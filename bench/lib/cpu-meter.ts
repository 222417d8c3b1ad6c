import { Client } from 'pg';
import { cpuMsOf, parentPidOf } from './proc-stat';

/** The pids a named process (or group: PostgreSQL's backends) has now. */
export type PidSource = () => number[] | Promise<number[]>;

/** What every end-to-end run measures; `total` sums the first group only. */
export const MEASURED = {
  /** The system under test: services, broker, registry, database backends. */
  system: ['ingest', 'rules', 'delivery', 'kafka', 'registry', 'postgres'],
  /** Beside it: the bench's own processes, and PostgreSQL's processes shared with other databases. */
  beside: ['loadGenerator', 'receiver', 'postgresShared'],
} as const;

export interface CpuReport {
  windowMs: number;
  /** CPU-ms used by each process (group) during the window. */
  byProcess: Record<string, number>;
}

/**
 * CPU time of named processes over a window, from /proc. Every pid is read at the start and
 * again every `everyMs` while the window is open, so a pid that appears later (a PostgreSQL
 * backend opened by a pool) counts from 0 and one that exits keeps its last reading.
 */
export class CpuMeter {
  private readonly first = new Map<string, number>();
  private readonly last = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private startedAt = 0;
  private sampling: Promise<void> = Promise.resolve();

  constructor(
    private readonly sources: Record<string, PidSource>,
    private readonly everyMs = 250,
  ) {}

  async start(): Promise<void> {
    this.first.clear();
    this.last.clear();
    await this.sample(true);
    this.startedAt = performance.now();
    this.timer = setInterval(() => {
      this.sampling = this.sampling.then(() => this.sample(false));
    }, this.everyMs);
  }

  async stop(): Promise<CpuReport> {
    clearInterval(this.timer);
    await this.sampling;
    await this.sample(false);
    const byProcess: Record<string, number> = {};
    for (const name of Object.keys(this.sources)) byProcess[name] = 0;
    for (const [key, value] of this.last) {
      const name = key.slice(0, key.indexOf(':'));
      byProcess[name] += value - (this.first.get(key) ?? 0);
    }
    for (const name of Object.keys(byProcess)) byProcess[name] = Math.round(byProcess[name]);
    return { windowMs: Math.round(performance.now() - this.startedAt), byProcess };
  }

  private async sample(baseline: boolean): Promise<void> {
    for (const [name, source] of Object.entries(this.sources)) {
      const pids = await Promise.resolve(source()).catch(() => [] as number[]);
      for (const pid of pids) {
        const ms = cpuMsOf(pid);
        if (ms === null) continue;
        const key = `${name}:${pid}`;
        if (baseline) this.first.set(key, ms);
        this.last.set(key, ms);
      }
    }
  }
}

/**
 * PostgreSQL's processes, split: the backends serving `database` (found in pg_stat_activity
 * while the run goes on), and the processes every database shares (postmaster, WAL writer,
 * checkpointer, background writer, autovacuum launcher), reported apart and kept out of the total.
 */
export function postgresSources(serverUrl: string, database: string) {
  let client: Client | undefined;
  const query = async (sql: string, params: unknown[] = []) => {
    if (!client) {
      client = new Client({ connectionString: `${serverUrl}/postgres` });
      await client.connect();
    }
    return (await client.query<{ pid: number }>(sql, params)).rows.map((row) => Number(row.pid));
  };
  const backends: PidSource = () =>
    query(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [database]);
  const shared: PidSource = async () => {
    const background = await query(
      `SELECT pid FROM pg_stat_activity WHERE backend_type NOT IN ('client backend', 'autovacuum worker')`,
    );
    const postmaster = background.length ? parentPidOf(background[0]) : null;
    return postmaster === null ? background : [postmaster, ...background];
  };
  const close = async () => {
    await client?.end().catch(() => undefined);
    client = undefined;
  };
  return { backends, shared, close };
}

/** CPU-ms per disposition, per process and the system's total (services, broker, registry, database). */
export function perDisposition(report: CpuReport, dispositions: number) {
  const per = (ms: number) => (dispositions > 0 ? Math.round((ms / dispositions) * 1000) / 1000 : null);
  const cpuMsByProcess: Record<string, number | null> = {};
  for (const [name, ms] of Object.entries(report.byProcess)) cpuMsByProcess[name] = per(ms);
  const systemMs = MEASURED.system.reduce((sum, name) => sum + (report.byProcess[name] ?? 0), 0);
  return {
    cpuMsPerDisposition: per(systemMs),
    cpuMsByProcess,
    cpu: { windowMs: report.windowMs, totalMsByProcess: report.byProcess, dispositions },
  };
}
