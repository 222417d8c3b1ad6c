import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { type Config, ConfigModule } from '@postback/config';
import { DatabaseModule } from '@postback/db';
import { AdminTokenGuard, ProduceFailedFilter } from '@postback/http';
import { BatchingEventProducer, EventProducer, KafkaModule } from '@postback/kafka';
import { ObservabilityModule } from '@postback/observability';
import { SourceAuthGuard } from './auth/source-auth.guard';
import { CallEventIntakeService } from './call-events/call-event-intake.service';
import { CallEventsController } from './call-events/call-events.controller';
import { DispositionIntakeService } from './dispositions/disposition-intake.service';
import { DispositionsController } from './dispositions/dispositions.controller';
import { IdempotencyStore } from './idempotency/idempotency.store';
import { IngestMetrics } from './ingest.metrics';
import { EventIntakeService } from './intake/event-intake.service';
import { IntakeLifecycle } from './intake/intake.lifecycle';
import { StorableInputGuard } from './intake/storable-input.guard';
import { INGEST_MIGRATIONS } from './migrations/ingest-migrations';
import { AcceptedCounter } from './ledger/accepted-counter';
import { AcceptedLedgerController } from './ledger/accepted-ledger.controller';
import { SeenWebhooks } from './auth/seen-webhooks.store';
import { IngestApiDocs } from './openapi/ingest-api.docs';
import { SourceRateLimitGuard } from './rate-limit/source-rate-limit.guard';
import { ApiKeyEntity } from './sources/api-key.entity';
import { SourceDirectory } from './sources/source-directory';
import { SourceEntity } from './sources/source.entity';
import { SourcesController } from './sources/sources.controller';
import { SourcesRepository } from './sources/sources.repository';
import { ingestRetention } from './ingest-retention';

/** The intake routes: each accepted event is logged by EventIntakeService, the request not again. */
const INTAKE_ROUTES = /^\/v1\/(postback|dispositions|call-events)(\?|$)/;

@Module({})
export class IngestModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: IngestModule,
      imports: [
        ConfigModule.forRoot(config),
        ObservabilityModule.forService('ingest', config, { quietAccepted: INTAKE_ROUTES }),
        KafkaModule.forService('ingest'),
        DatabaseModule.forService({
          schema: 'ingest',
          entities: [SourceEntity, ApiKeyEntity],
          migrations: INGEST_MIGRATIONS,
          retention: ingestRetention,
        }),
        IngestApiDocs,
      ],
      controllers: [
        DispositionsController,
        CallEventsController,
        SourcesController,
        AcceptedLedgerController,
      ],
      providers: [
        IngestMetrics,
        {
          provide: BatchingEventProducer,
          inject: [EventProducer],
          useFactory: (producer: EventProducer) =>
            new BatchingEventProducer(producer, { lingerMs: config.ingest.producerLingerMs }),
        },
        SourcesRepository,
        SourceDirectory,
        IdempotencyStore,
        AcceptedCounter,
        EventIntakeService,
        DispositionIntakeService,
        CallEventIntakeService,
        IntakeLifecycle,
        AdminTokenGuard,
        SourceAuthGuard,
        SeenWebhooks,
        SourceRateLimitGuard,
        StorableInputGuard,
        { provide: APP_FILTER, useFactory: () => new ProduceFailedFilter() },
      ],
    };
  }
}
