import { type INestApplication } from '@nestjs/common';
import { type CustomStrategy } from '@nestjs/microservices';
import { KafkaTransport } from './kafka-transport';

/**
 * Serves the application's `@EventPattern` handlers through the Kafka transport (Nest's hybrid
 * application): Nest's init and bootstrap hooks first (topics created, schemas registered,
 * migrations run), then the consumers join their groups; the caller opens HTTP after that.
 * They stop in KafkaModule's shutdown hook (KafkaLifecycle).
 */
export async function startKafkaTransport(app: INestApplication): Promise<void> {
  app.connectMicroservice<CustomStrategy>({ strategy: app.get(KafkaTransport) });
  await app.init();
  await app.startAllMicroservices();
}
