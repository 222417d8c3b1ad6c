import { type FactoryProvider } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Kafka } from 'kafkajs';
import { type Logger } from 'pino';
import { CONFIG, type Config } from '@postback/config';
import { ROOT_LOGGER } from '@postback/observability';
import { AvroSerde } from './avro-serde';
import { ConsumerSupervisor } from './consumer-supervisor';
import { EventConsumers } from './event-consumers';
import { KafkaProduceMetrics } from './kafka-produce.metrics';
import { KafkaTransport } from './kafka-transport';
import { topicCatalog } from './topic-catalog';

/** The service's Kafka transport, on the engine's shared clients, supervisor and metrics. */
export function kafkaTransportProvider(service: string): FactoryProvider<KafkaTransport> {
  return {
    provide: KafkaTransport,
    inject: [
      CONFIG,
      Kafka,
      AvroSerde,
      ROOT_LOGGER,
      ConsumerSupervisor,
      EventConsumers,
      KafkaProduceMetrics,
      ModuleRef,
    ],
    useFactory: (
      config: Config,
      kafka: Kafka,
      serde: AvroSerde,
      logger: Logger,
      supervisor: ConsumerSupervisor,
      events: EventConsumers,
      produceMetrics: KafkaProduceMetrics,
      moduleRef: ModuleRef,
    ) =>
      new KafkaTransport({
        kafka,
        serde,
        logger,
        supervisor,
        events,
        produceMetrics,
        moduleRef,
        topics: topicCatalog(config.kafka, config.delivery.retrySchedule).map(({ topic }) => topic),
        // `<clientId>-rules` for the rules service, as before the transport.
        transactionalIdPrefix: `${config.kafka.clientId}-${service}`,
        commitIntervalMs: config.kafka.transactionCommitIntervalMs,
      }),
  };
}
