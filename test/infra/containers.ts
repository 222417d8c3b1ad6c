import { KafkaContainer } from '@testcontainers/kafka';
import { PostgreSqlContainer } from '@testcontainers/postgresql';
import {
  GenericContainer,
  Network,
  type StartedNetwork,
  type StartedTestContainer,
  Wait,
  getContainerRuntimeClient,
} from 'testcontainers';
import { type Infrastructure, TEST_DATABASE } from './infrastructure';

const started: (StartedTestContainer | StartedNetwork)[] = [];

/** True when a Docker (or compatible) engine answers. */
export async function dockerAvailable(): Promise<boolean> {
  try {
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

/** Kafka (KRaft), Confluent Schema Registry and PostgreSQL in containers on one network. */
export async function startContainers(): Promise<Infrastructure> {
  const network = await new Network().start();
  started.push(network);
  const kafka = await new KafkaContainer('confluentinc/cp-kafka:7.9.0')
    .withKraft()
    .withNetwork(network)
    .withNetworkAliases('kafka')
    .withEnvironment({ KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false' })
    .start();
  started.push(kafka);
  const registry = await new GenericContainer('confluentinc/cp-schema-registry:7.9.0')
    .withNetwork(network)
    .withEnvironment({
      SCHEMA_REGISTRY_HOST_NAME: 'schema-registry',
      SCHEMA_REGISTRY_LISTENERS: 'http://0.0.0.0:8081',
      SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS: 'PLAINTEXT://kafka:9092',
    })
    .withExposedPorts(8081)
    .withWaitStrategy(Wait.forHttp('/subjects', 8081).forStatusCode(200))
    .start();
  started.push(registry);
  const postgres = await new PostgreSqlContainer('postgres:17').withDatabase(TEST_DATABASE).start();
  started.push(postgres);
  return {
    kafkaBrokers: `${kafka.getHost()}:${kafka.getMappedPort(9093)}`,
    schemaRegistryUrl: `http://${registry.getHost()}:${registry.getMappedPort(8081)}`,
    databaseUrl: postgres.getConnectionUri(),
    kind: 'testcontainers',
  };
}

export async function stopContainers(): Promise<void> {
  for (const resource of started.reverse()) await resource.stop();
  started.length = 0;
}
