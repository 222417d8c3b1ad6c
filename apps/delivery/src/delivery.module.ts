import { type DynamicModule, Module } from '@nestjs/common';
import { type Config, ConfigModule } from '@postback/config';
import { DatabaseModule } from '@postback/db';
import { AdminTokenGuard } from '@postback/http';
import { KafkaModule } from '@postback/kafka';
import { ObservabilityModule } from '@postback/observability';
import { ConversionConsumer } from './deliveries/conversion.consumer';
import { DeliverDecisionUseCase } from './deliveries/deliver-decision.usecase';
import { DeliveryAttemptEntity } from './deliveries/delivery-attempt.entity';
import { DeliveryEntity } from './deliveries/delivery.entity';
import { DeliveryStore } from './deliveries/delivery.store';
import { DeliveryMetrics } from './delivery.metrics';
import { EndpointEntity } from './endpoints/endpoint.entity';
import { EndpointsController } from './endpoints/endpoints.controller';
import { EndpointsRepository } from './endpoints/endpoints.repository';
import { CreateDeliveryTables1764460900000 } from './migrations/1764460900000-create-delivery-tables';
import { GotPostbackSender } from './sending/got-postback.sender';
import { PostbackSender } from './sending/postback-sender';

@Module({})
export class DeliveryModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: DeliveryModule,
      imports: [
        ConfigModule.forRoot(config),
        ObservabilityModule.forService('delivery', config),
        KafkaModule.forService('delivery'),
        DatabaseModule.forService({
          schema: 'delivery',
          entities: [EndpointEntity, DeliveryEntity, DeliveryAttemptEntity],
          migrations: [CreateDeliveryTables1764460900000],
        }),
      ],
      controllers: [EndpointsController],
      providers: [
        DeliveryMetrics,
        EndpointsRepository,
        DeliveryStore,
        DeliverDecisionUseCase,
        ConversionConsumer,
        AdminTokenGuard,
        {
          provide: PostbackSender,
          useFactory: () =>
            new GotPostbackSender({
              connectMs: config.delivery.connectTimeoutMs,
              totalMs: config.delivery.timeoutMs,
            }),
        },
      ],
    };
  }
}
