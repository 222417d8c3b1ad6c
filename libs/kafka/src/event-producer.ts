import { type IHeaders } from 'kafkajs';

export interface OutgoingEvent<T> {
  /** Partition key: always the call id, so that one call's events stay in order. */
  key: string;
  value: T;
  headers?: IHeaders;
}

/** The port services produce through; resolves only once the broker acknowledged (acks=all). */
export abstract class EventProducer {
  abstract send<T>(topic: string, events: OutgoingEvent<T>[]): Promise<void>;
}

/** Thrown when Kafka could not take a write; callers answer 503, never a false success. */
export class ProduceFailedError extends Error {
  constructor(topic: string, cause: unknown) {
    super(
      `Kafka did not acknowledge the write to ${topic}: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
    this.name = 'ProduceFailedError';
  }
}
