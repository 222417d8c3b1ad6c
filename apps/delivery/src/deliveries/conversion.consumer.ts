import { EventPattern, Payload } from '@nestjs/microservices';
import { type ConversionDecision, Topic } from '@postback/contracts';
import { KafkaController, consume } from '@postback/kafka';
import { DeliverDecisionUseCase } from './deliver-decision.usecase';

export const DELIVERY_CONSUMER_GROUP = 'postback-delivery';

@KafkaController()
export class ConversionConsumer {
  constructor(private readonly deliver: DeliverDecisionUseCase) {}

  /** A batch's decisions (of different calls) delivered set-based. */
  @EventPattern(Topic.Conversions, consume({ group: DELIVERY_CONSUMER_GROUP, batch: true }))
  handle(@Payload() decisions: ConversionDecision[]): Promise<void> {
    return this.deliver.executeAll(decisions);
  }
}
