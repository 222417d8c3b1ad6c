import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { type FastifyInstance } from 'fastify';
import { type Logger } from 'pino';
import { type Config, InjectConfig, envSchema } from '@postback/config';
import { BatchingEventProducer } from '@postback/kafka';
import { ROOT_LOGGER } from '@postback/observability';
import { IdempotencyStore } from '../idempotency/idempotency.store';

/**
 * Refuses plain-text bodies (415: only JSON and forms are understood); flushes waiting writes
 * before Kafka closes, and the dedup confirmations under way before the database closes.
 * (Expired dedup records are pruned by the database module's retention.)
 */
@Injectable()
export class IntakeLifecycle implements OnModuleInit, OnModuleDestroy {
  constructor(
    private readonly producer: BatchingEventProducer,
    private readonly store: IdempotencyStore,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
    private readonly adapterHost: HttpAdapterHost,
    @InjectConfig() private readonly config: Config,
  ) {}

  onModuleInit(): void {
    this.warnAboutDevelopmentKeys();
    // Fastify parses text/plain by default; a dialer sending it means a misconfiguration.
    this.adapterHost.httpAdapter.getInstance<FastifyInstance>().removeContentTypeParser('text/plain');
  }

  /** The built-in keys are public: caller hashes made with them can be reversed by trying numbers. */
  private warnAboutDevelopmentKeys(): void {
    if (this.config.env !== 'production') return;
    const defaults = {
      INGEST_CALLER_HASH_KEY: [
        this.config.ingest.callerHashKey,
        envSchema.shape.INGEST_CALLER_HASH_KEY.parse(undefined),
      ],
      INGEST_SIGNING_SECRET_KEY: [
        this.config.ingest.signingSecretKey,
        envSchema.shape.INGEST_SIGNING_SECRET_KEY.parse(undefined),
      ],
    };
    for (const [variable, [value, fallback]] of Object.entries(defaults)) {
      if (value === fallback)
        this.logger.error({ variable }, `${variable} is the public development key: set a secret`);
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.producer.flushAll();
    await this.store.settled();
  }
}
