import { EventPattern, Payload } from '@nestjs/microservices';
import { type CallEvent, Topic } from '@postback/contracts';
import { KafkaController, consume } from '@postback/kafka';
import { CallStateStore } from './call-state.store';
import { RulesMetrics } from '../rules.metrics';

export const CALL_EVENTS_CONSUMER_GROUP = 'postback-rules-calls';

/** Keeps call state from calls.events.v1; the merge is idempotent, so at-least-once is enough here. */
@KafkaController()
export class CallEventConsumer {
  constructor(
    private readonly calls: CallStateStore,
    private readonly metrics: RulesMetrics,
  ) {}

  @EventPattern(Topic.CallEvents, consume({ group: CALL_EVENTS_CONSUMER_GROUP }))
  async handle(@Payload() event: CallEvent): Promise<void> {
    await this.calls.apply(event);
    this.metrics.callEvents.inc({ type: event.type });
  }
}
