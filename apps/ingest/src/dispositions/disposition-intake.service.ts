import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type Disposition, Topic } from '@postback/contracts';
import { EventProducer } from '@postback/kafka';
import { type DispositionInput } from './disposition-input.schema';
import { toDispositionEvent } from './to-disposition-event';
import { IngestMetrics } from '../ingest.metrics';

/** Until sources and API keys exist, every disposition is attributed to this source. */
export const DEFAULT_SOURCE_ID = 'default';

export interface AcceptedEvent {
  event_id: string;
  call_id: string;
}

/** Turns validated dispositions into events and resolves once Kafka acknowledged all of them. */
@Injectable()
export class DispositionIntakeService {
  constructor(
    private readonly producer: EventProducer,
    private readonly metrics: IngestMetrics,
  ) {}

  async accept(inputs: DispositionInput[], traceparent: string): Promise<AcceptedEvent[]> {
    const receivedAt = new Date();
    const events = inputs.map((input) =>
      toDispositionEvent(input, {
        eventId: randomUUID(),
        sourceId: DEFAULT_SOURCE_ID,
        receivedAt,
        traceparent,
      }),
    );
    try {
      await this.producer.send<Disposition>(
        Topic.Dispositions,
        events.map((event) => ({ key: event.call_id, value: event, headers: { traceparent } })),
      );
    } catch (error) {
      this.metrics.events.inc({ kind: 'disposition', outcome: 'unavailable' }, events.length);
      throw error;
    }
    this.metrics.events.inc({ kind: 'disposition', outcome: 'accepted' }, events.length);
    return events.map((event) => ({ event_id: event.event_id, call_id: event.call_id }));
  }
}
