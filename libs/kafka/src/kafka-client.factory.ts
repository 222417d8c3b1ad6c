import { Kafka, logLevel } from 'kafkajs';
import { type Logger } from 'pino';
import { type Config } from '@postback/config';
import { kafkajsLogCreator } from './kafkajs-log.adapter';

export function createKafkaClient(config: Config['kafka'], service: string, logger: Logger): Kafka {
  return new Kafka({
    clientId: `${config.clientId}-${service}`,
    brokers: config.brokers,
    connectionTimeout: 3000,
    requestTimeout: 10000,
    retry: { initialRetryTime: 200, retries: 8 },
    logLevel: logLevel.WARN,
    logCreator: kafkajsLogCreator(logger.child({ component: 'kafkajs' })),
  });
}
