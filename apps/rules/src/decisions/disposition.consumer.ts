import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type Config, InjectConfig } from '@postback/config';
import { type Disposition, Topic } from '@postback/contracts';
import { TransactionalConsumers } from '@postback/kafka';
import { DecideDispositionUseCase } from './decide-disposition.usecase';
import { RulesMetrics } from '../rules.metrics';

export const RULES_CONSUMER_GROUP = 'postback-rules';

/** dispositions.v1 → conversions.v1, exactly once: each decision commits with its input offset. */
@Injectable()
export class DispositionConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly consumers: TransactionalConsumers,
    private readonly decide: DecideDispositionUseCase,
    private readonly metrics: RulesMetrics,
    @InjectConfig() private readonly config: Config,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.start<Disposition>({
      groupId: RULES_CONSUMER_GROUP,
      topics: [Topic.Dispositions],
      transactionalIdPrefix: `${this.config.kafka.clientId}-rules`,
      deadLetterTopic: Topic.DispositionsDlq,
      handle: async ({ value }, outbox) => {
        await this.decide.execute(value, outbox);
      },
      onDeadLetter: (reason) => this.metrics.deadLetters.inc({ reason }),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumers.stopAll();
  }
}
