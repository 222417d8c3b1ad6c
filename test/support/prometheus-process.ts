import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

export interface ScrapeTarget {
  job: string;
  port: number;
}

export interface PrometheusAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing';
}

/**
 * A real Prometheus (Debian's /usr/bin/prometheus, installed by scripts/ensure-prometheus.sh)
 * on its own port, with its own temporary TSDB, scraping and evaluating every second.
 */
export class PrometheusProcess {
  private child?: ChildProcess;
  private exited?: Promise<number | null>;
  private readonly dir = mkdtempSync(join(tmpdir(), 'postback-prometheus-'));
  readonly logFile: string;

  constructor(
    readonly port: number,
    root: string,
  ) {
    mkdirSync(join(root, '.stack-test', 'logs'), { recursive: true });
    this.logFile = join(root, '.stack-test', 'logs', `prometheus-${port}.log`);
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Writes the rule groups and a config scraping the targets, then starts Prometheus. */
  start(targets: ScrapeTarget[], ruleGroups: unknown): void {
    const rulesFile = join(this.dir, 'alerts.yml');
    writeFileSync(rulesFile, stringify(ruleGroups));
    const configFile = join(this.dir, 'prometheus.yml');
    writeFileSync(
      configFile,
      stringify({
        global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
        rule_files: [rulesFile],
        scrape_configs: targets.map(({ job, port }) => ({
          job_name: job,
          static_configs: [{ targets: [`127.0.0.1:${port}`] }],
        })),
      }),
    );
    const log = createWriteStream(this.logFile, { flags: 'a' });
    this.child = spawn(
      'prometheus',
      [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${join(this.dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${this.port}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child.stdout!.pipe(log);
    this.child.stderr!.pipe(log);
    this.exited = new Promise((resolve) => this.child!.once('exit', (code) => resolve(code)));
  }

  /** Resolves once /-/ready answers 200; fails fast if the process exits first. */
  async ready(timeoutMs = 30_000): Promise<void> {
    const ready = () =>
      fetch(`${this.baseUrl}/-/ready`).then(
        (r) => r.ok,
        () => false,
      );
    await this.until(ready, timeoutMs, 'not ready');
  }

  async alerts(): Promise<PrometheusAlert[]> {
    const response = await fetch(`${this.baseUrl}/api/v1/alerts`, { signal: AbortSignal.timeout(2000) });
    return ((await response.json()) as { data: { alerts: PrometheusAlert[] } }).data.alerts;
  }

  /**
   * Polls `check` (every 250 ms) until it answers true, the deadline passes or Prometheus exits;
   * an error thrown by `check` (a failed expectation) ends the wait at once.
   */
  async until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exitCode: number | null | undefined;
    void this.exited!.then((code) => (exitCode = code));
    while (Date.now() < deadline) {
      if (exitCode !== undefined) throw new Error(`prometheus exited with ${exitCode}; see ${this.logFile}`);
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`prometheus: ${what} after ${timeoutMs} ms; see ${this.logFile}`);
  }

  async stop(): Promise<void> {
    if (this.child && this.child.exitCode === null) {
      this.child.kill('SIGTERM');
      await this.exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
