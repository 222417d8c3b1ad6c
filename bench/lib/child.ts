import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';

/**
 * A bench helper in its own Node process (load generator, receiver, bare endpoint, got
 * client), so that it does not share an event loop with the harness or the measured service.
 * Requests and answers travel over IPC: `ask` sends one message and awaits the next answer.
 */
export class Child {
  private readonly process: ChildProcess;
  private readonly exited: Promise<void>;

  constructor(script: string, args: string[] = []) {
    this.process = fork(join(__dirname, script), args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.exited = new Promise((resolve) => this.process.once('exit', () => resolve()));
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  ask<T>(message: unknown): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`bench child exited with ${code}`));
      this.process.once('exit', onExit);
      this.process.once('message', (answer) => {
        this.process.off('exit', onExit);
        const { error } = answer as { error?: string };
        if (error) reject(new Error(error));
        else resolve(answer as T);
      });
      this.process.send(message as object);
    });
  }

  async stop(): Promise<void> {
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill('SIGTERM');
    await this.exited;
  }
}

/** The child side: answers each parent message with whatever `handle` resolves to. */
export function serve(handle: (message: Record<string, unknown>) => Promise<unknown>): void {
  process.on('message', (message) => {
    handle(message as Record<string, unknown>).then(
      (answer) => process.send!(answer ?? {}),
      (error: unknown) => process.send!({ error: error instanceof Error ? error.stack : String(error) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}
