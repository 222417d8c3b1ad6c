import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { type Disposition, Topic } from '@postback/contracts';
import { EventConsumers } from '@postback/kafka';
import { DecideDispositionUseCase } from './decide-disposition.usecase';

export const RULES_CONSUMER_GROUP = 'postback-rules';

@Injectable()
export class DispositionConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly decide: DecideDispositionUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.start<Disposition>({
      groupId: RULES_CONSUMER_GROUP,
      topics: [Topic.Dispositions],
      handle: async ({ value }) => {
        await this.decide.execute(value);
      },
    });
  }
}
