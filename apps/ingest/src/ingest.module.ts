import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { type Config, ConfigModule } from '@postback/config';
import { ProduceFailedFilter } from '@postback/http';
import { KafkaModule } from '@postback/kafka';
import { ObservabilityModule } from '@postback/observability';
import { DispositionIntakeService } from './dispositions/disposition-intake.service';
import { DispositionsController } from './dispositions/dispositions.controller';
import { IngestMetrics } from './ingest.metrics';

@Module({})
export class IngestModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: IngestModule,
      imports: [
        ConfigModule.forRoot(config),
        ObservabilityModule.forService('ingest', config),
        KafkaModule.forService('ingest'),
      ],
      controllers: [DispositionsController],
      providers: [
        IngestMetrics,
        DispositionIntakeService,
        { provide: APP_FILTER, useFactory: () => new ProduceFailedFilter() },
      ],
    };
  }
}
