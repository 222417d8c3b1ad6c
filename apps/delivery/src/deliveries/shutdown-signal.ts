import { type BeforeApplicationShutdown, Injectable } from '@nestjs/common';

/** Aborted when the service begins to shut down: work that waits on a dependency stops waiting. */
@Injectable()
export class ShutdownSignal implements BeforeApplicationShutdown {
  private readonly controller = new AbortController();
  readonly signal = this.controller.signal;

  beforeApplicationShutdown(): void {
    this.controller.abort();
  }
}
