import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { type CallEvent, Topic } from '@postback/contracts';
import { EventConsumers } from '@postback/kafka';
import { CallStateStore } from './call-state.store';
import { RulesMetrics } from '../rules.metrics';

export const CALL_EVENTS_CONSUMER_GROUP = 'postback-rules-calls';

/** Keeps call state from calls.events.v1; the merge is idempotent, so at-least-once is enough here. */
@Injectable()
export class CallEventConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly calls: CallStateStore,
    private readonly metrics: RulesMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.start<CallEvent>({
      groupId: CALL_EVENTS_CONSUMER_GROUP,
      topics: [Topic.CallEvents],
      handle: async ({ value }) => {
        await this.calls.apply(value);
        this.metrics.callEvents.inc({ type: value.type });
      },
    });
  }
}
