import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { type ConversionDecision, Contracts, type DeliveryJob } from '@postback/contracts';
import { type AvroSerde, KafkaEventProducer } from '@postback/kafka';
import { type Kafka } from 'kafkajs';

/**
 * Puts delivery's state where a crash would have left it: a row written straight to PostgreSQL,
 * a retry job produced straight to its tier (Avro through the real registry).
 */
export class DeliveryRows {
  private readonly db = new Client({ connectionString: process.env.DATABASE_URL });
  private readonly producer: KafkaEventProducer;

  constructor(
    kafka: Kafka,
    private readonly serde: AvroSerde,
  ) {
    this.producer = new KafkaEventProducer(kafka, serde);
  }

  async start(): Promise<void> {
    await this.db.connect();
    await this.producer.connect();
  }

  async stop(): Promise<void> {
    await this.producer.disconnect();
    await this.db.end();
  }

  /** A delivery row for the decision and endpoint, in the given state; its id. */
  async insert(
    decision: ConversionDecision,
    endpointId: string,
    row: { status: string; attempts: number; lastError?: string; nextAttemptAt?: Date; updatedAt?: Date },
  ): Promise<string> {
    const id = randomUUID();
    await this.db.query(
      `INSERT INTO delivery.deliveries
         (delivery_id, decision_id, endpoint_id, call_id, status, attempts, last_error, next_attempt_at, decision, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, coalesce($10, now()))`,
      [
        id,
        decision.decision_id,
        endpointId,
        decision.call_id,
        row.status,
        row.attempts,
        row.lastError ?? null,
        row.nextAttemptAt ?? null,
        JSON.stringify(decision),
        row.updatedAt ?? null,
      ],
    );
    return id;
  }

  query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.db.query(sql, params).then((result) => result.rows as T[]);
  }

  /** A retry job for the delivery at `attempt`, on `topic`, as the service would have produced it. */
  async produceJob(
    topic: string,
    job: { deliveryId: string; endpointId: string; decision: ConversionDecision; attempt: number },
    headers: Record<string, string>,
  ): Promise<void> {
    await this.serde.register(topic, Contracts.DeliveryJob);
    await this.producer.send<DeliveryJob>(topic, [
      {
        key: job.decision.call_id,
        value: {
          delivery_id: job.deliveryId,
          endpoint_id: job.endpointId,
          decision_id: job.decision.decision_id,
          call_id: job.decision.call_id,
          attempt: job.attempt,
          last_error: 'HTTP 503',
          enqueued_at: new Date(),
        },
        headers: { 'x-retry-due-at': String(Date.now()), ...headers },
      },
    ]);
  }
}
