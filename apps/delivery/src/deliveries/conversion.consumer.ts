import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { type ConversionDecision, Topic } from '@postback/contracts';
import { EventConsumers } from '@postback/kafka';
import { DeliverDecisionUseCase } from './deliver-decision.usecase';

export const DELIVERY_CONSUMER_GROUP = 'postback-delivery';

@Injectable()
export class ConversionConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly deliver: DeliverDecisionUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.start<ConversionDecision>({
      groupId: DELIVERY_CONSUMER_GROUP,
      topics: [Topic.Conversions],
      handle: ({ value }) => this.deliver.executeAll([value]),
      // A batch's decisions (of different calls) delivered set-based.
      handleBatch: (events) => this.deliver.executeAll(events.map(({ value }) => value)),
    });
  }
}
