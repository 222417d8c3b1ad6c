import { Kafka, logLevel } from 'kafkajs';
import { type Logger } from 'pino';
import { type Config } from '@postback/config';
import { kafkajsLogCreator } from './kafkajs-log.adapter';
import { patchKafkajsIdleTimer } from './kafkajs-idle-timer.patch';

export function createKafkaClient(config: Config['kafka'], service: string, logger: Logger): Kafka {
  patchKafkajsIdleTimer();
  const kafka = new Kafka({
    clientId: `${config.clientId}-${service}`,
    brokers: config.brokers,
    connectionTimeout: 3000,
    requestTimeout: 10000,
    retry: { initialRetryTime: 200, retries: 8 },
    logLevel: logLevel.WARN,
    logCreator: kafkajsLogCreator(logger.child({ component: 'kafkajs' })),
  });
  // Every consumer group member of this service gets the configured session timeout: it bounds how
  // long a crashed instance holds its partitions before the group hands them to the others.
  const consumer = kafka.consumer.bind(kafka);
  // Fetches wait a little for more (KAFKA_CONSUMER_MIN_BYTES / _MAX_WAIT_MS) unless the consumer
  // says otherwise (PER_MESSAGE_FETCH): at moderate rates a fetch otherwise carries a few
  // messages, and each becomes its own transaction and commit.
  kafka.consumer = (options) =>
    consumer({
      sessionTimeout: config.consumerSessionTimeoutMs,
      heartbeatInterval: Math.min(3000, Math.floor(config.consumerSessionTimeoutMs / 3)),
      minBytes: config.consumerFetch.minBytes,
      maxWaitTimeInMs: config.consumerFetch.maxWaitMs,
      ...options,
    });
  return kafka;
}
