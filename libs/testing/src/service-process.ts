import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export type ServiceName = 'ingest' | 'rules' | 'delivery';
/** What ServiceProcess can run: a service, or the web console. */
export type ProcessName = ServiceName | 'console';

/**
 * One compiled service (dist/) as a real child process, as production runs it.
 * Output goes to a log file; `ready()` polls /health/ready, the service's own readiness check.
 */
export class ServiceProcess {
  private child?: ChildProcess;
  private exited?: Promise<number | null>;
  readonly logFile: string;

  constructor(
    readonly name: ProcessName,
    readonly port: number,
    /** The child's whole environment (pass the parent's explicitly if it should inherit it). */
    private readonly env: NodeJS.ProcessEnv,
    private readonly root: string,
    /** Node flags for the child, e.g. `--cpu-prof` (which NODE_OPTIONS does not take). */
    private readonly execArgv: string[] = [],
  ) {
    mkdirSync(join(root, '.stack-test', 'logs'), { recursive: true });
    this.logFile = join(root, '.stack-test', 'logs', `${name}-${port}.log`);
  }

  /** The running process's pid (undefined before start or after exit). */
  get pid(): number | undefined {
    return this.child && this.child.exitCode === null && this.child.signalCode === null
      ? this.child.pid
      : undefined;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  start(): void {
    const log = createWriteStream(this.logFile, { flags: 'a' });
    this.child = spawn(
      process.execPath,
      [...this.execArgv, join(this.root, 'dist/apps', this.name, 'src/main.js')],
      {
        // A short shutdown drain unless the test sets one: readiness still turns 503 first, but
        // suites that stop services do not wait the production 5 s each time.
        env: { SHUTDOWN_DRAIN_MS: '300', ...this.env, NODE_NO_WARNINGS: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.child.stdout!.pipe(log);
    this.child.stderr!.pipe(log);
    this.exited = new Promise((resolve) => this.child!.once('exit', (code) => resolve(code)));
  }

  /** Resolves once /health/ready answers 200; fails fast if the process exits first. */
  async ready(timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exitCode: number | null | undefined;
    void this.exited!.then((code) => (exitCode = code));
    while (Date.now() < deadline) {
      if (exitCode !== undefined)
        throw new Error(`${this.name} exited with ${exitCode}; see ${this.logFile}`);
      const ok = await fetch(`${this.baseUrl}/health/ready`, { signal: AbortSignal.timeout(2000) }).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`${this.name} not ready after ${timeoutMs} ms; see ${this.logFile}`);
  }

  /** SIGTERM (graceful shutdown), or SIGKILL to simulate a crash; resolves when the process is gone. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (!this.child || this.child.exitCode !== null) return this.child?.exitCode ?? null;
    this.child.kill(signal);
    return this.exited!;
  }
}
