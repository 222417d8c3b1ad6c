import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { type FastifyInstance } from 'fastify';
import { type Logger } from 'pino';
import { BatchingEventProducer } from '@postback/kafka';
import { ROOT_LOGGER } from '@postback/observability';
import { IdempotencyStore } from '../idempotency/idempotency.store';

const PURGE_EVERY_MS = 10 * 60_000;

/**
 * Refuses plain-text bodies (415: only JSON and forms are understood); purges expired dedup
 * records now and then; flushes waiting writes before Kafka closes.
 */
@Injectable()
export class IntakeLifecycle implements OnModuleInit, OnModuleDestroy {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly producer: BatchingEventProducer,
    private readonly store: IdempotencyStore,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    // Fastify parses text/plain by default; a dialer sending it means a misconfiguration.
    this.adapterHost.httpAdapter.getInstance<FastifyInstance>().removeContentTypeParser('text/plain');
    this.timer = setInterval(() => {
      this.store.purgeExpired().then(
        (purged) => purged > 0 && this.logger.info({ purged }, 'expired idempotency records purged'),
        (error: unknown) => this.logger.warn({ err: error }, 'could not purge idempotency records'),
      );
    }, PURGE_EVERY_MS).unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.producer.flushAll();
  }
}
