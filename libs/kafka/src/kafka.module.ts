import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { type Logger } from 'pino';
import { Registry } from 'prom-client';
import { CONFIG, type Config, InjectConfig } from '@postback/config';
import { Contracts, TOPIC_CONTRACTS, type Topic, retryTopic } from '@postback/contracts';
import { LivenessRegistry, ROOT_LOGGER, ReadinessRegistry } from '@postback/observability';
import { AvroSerde } from './avro-serde';
import { ConsumerSupervisor } from './consumer-supervisor';
import { EventConsumers } from './event-consumers';
import { EventProducer } from './event-producer';
import { createKafkaClient } from './kafka-client.factory';
import { checkKafka } from './kafka.health';
import { KafkaEventProducer } from './kafka-event-producer';
import { KafkaConsumerMetrics } from './kafka-consumer.metrics';
import { KafkaProduceMetrics } from './kafka-produce.metrics';
import { KafkaTransport } from './kafka-transport';
import { kafkaTransportProvider } from './kafka-transport.provider';
import { topicCatalog } from './topic-catalog';
import { ensureTopics } from './topic-admin';

/** Creates topics and registers schemas before anything produces or consumes; closes clients last. */
@Injectable()
class KafkaLifecycle implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    @InjectConfig() private readonly config: Config,
    private readonly kafka: Kafka,
    private readonly serde: AvroSerde,
    private readonly producer: KafkaEventProducer,
    private readonly transport: KafkaTransport,
    private readonly readiness: ReadinessRegistry,
    private readonly liveness: LivenessRegistry,
    private readonly supervisor: ConsumerSupervisor,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const created = await ensureTopics(
        admin,
        topicCatalog(this.config.kafka, this.config.delivery.retrySchedule),
      );
      if (created.length > 0) this.logger.info({ topics: created }, 'topics created');
    } finally {
      await admin.disconnect();
    }
    for (const [topic, contract] of Object.entries(TOPIC_CONTRACTS)) {
      await this.serde.register(topic as Topic, contract);
    }
    for (const tier of new Set(this.config.delivery.retrySchedule)) {
      await this.serde.register(retryTopic(tier), Contracts.DeliveryJob);
    }
    await this.producer.connect();
    this.readiness.add('kafka', () => checkKafka(this.kafka));
    this.readiness.add('schema-registry', () => this.serde.ping());
    this.readiness.add('consumers', async () => this.supervisor.assertRunning());
    this.liveness.add('consumers', () => this.supervisor.assertAlive());
  }

  /**
   * Every consumer stops here, while the database and producer can still finish in-flight work:
   * Nest runs this global module's hook after the features' (their shutdown signal is aborted,
   * attempts in flight awaited), and closes the transport itself only later (then a no-op).
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.transport.close();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
  }
}

/** Kafka client, Avro serde, producer and consumers for one service; global so features just inject them. */
@Global()
@Module({})
export class KafkaModule {
  static forService(service: string): DynamicModule {
    return {
      module: KafkaModule,
      providers: [
        {
          provide: Kafka,
          inject: [CONFIG, ROOT_LOGGER],
          useFactory: (config: Config, logger: Logger) => createKafkaClient(config.kafka, service, logger),
        },
        {
          provide: AvroSerde,
          inject: [CONFIG],
          useFactory: (config: Config) => new AvroSerde(config.schemaRegistry.url),
        },
        {
          provide: KafkaProduceMetrics,
          inject: [Registry],
          useFactory: (registry: Registry) => new KafkaProduceMetrics(registry),
        },
        {
          provide: KafkaEventProducer,
          inject: [Kafka, AvroSerde, KafkaProduceMetrics],
          useFactory: (kafka: Kafka, serde: AvroSerde, metrics: KafkaProduceMetrics) =>
            new KafkaEventProducer(kafka, serde, metrics),
        },
        { provide: EventProducer, useExisting: KafkaEventProducer },
        {
          provide: KafkaConsumerMetrics,
          inject: [Registry],
          useFactory: (registry: Registry) => new KafkaConsumerMetrics(registry),
        },
        {
          provide: ConsumerSupervisor,
          inject: [CONFIG, ROOT_LOGGER, KafkaConsumerMetrics],
          useFactory: (config: Config, logger: Logger, metrics: KafkaConsumerMetrics) =>
            new ConsumerSupervisor(
              logger,
              {
                backoff: config.kafka.consumerRestart,
                livenessMs: config.kafka.consumerLivenessMs,
                poison: config.kafka.poison,
              },
              metrics,
            ),
        },
        {
          provide: EventConsumers,
          inject: [Kafka, AvroSerde, ROOT_LOGGER, ConsumerSupervisor],
          useFactory: (kafka: Kafka, serde: AvroSerde, logger: Logger, supervisor: ConsumerSupervisor) =>
            new EventConsumers(kafka, serde, logger, supervisor),
        },
        kafkaTransportProvider(service),
        KafkaLifecycle,
      ],
      exports: [
        Kafka,
        AvroSerde,
        KafkaEventProducer,
        EventProducer,
        EventConsumers,
        KafkaTransport,
        KafkaProduceMetrics,
        KafkaConsumerMetrics,
        ConsumerSupervisor,
      ],
    };
  }
}
