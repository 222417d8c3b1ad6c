import { type Kafka } from 'kafkajs';

/** Ready when the cluster answers a metadata request within the timeout. */
export async function checkKafka(kafka: Kafka, timeoutMs = 2000): Promise<void> {
  const admin = kafka.admin();
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error('kafka: no answer')), timeoutMs).unref(),
  );
  try {
    await Promise.race([admin.connect().then(() => admin.describeCluster()), timeout]);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
