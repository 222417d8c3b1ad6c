import { type DynamicModule, Module } from '@nestjs/common';
import { type Config, ConfigModule } from '@postback/config';
import { DatabaseModule } from '@postback/db';
import {
  AvroSerde,
  KafkaModule,
  KafkaProduceMetrics,
  TransactionalConsumers,
  ConsumerSupervisor,
  consumerLagProvider,
} from '@postback/kafka';
import { ObservabilityModule, ROOT_LOGGER } from '@postback/observability';
import { Kafka } from 'kafkajs';
import { type Logger } from 'pino';
import { AdminTokenGuard } from '@postback/http';
import { BacktestController } from './backtest/backtest.controller';
import { BacktestUseCase } from './backtest/backtest.usecase';
import { KeptDispositionStore } from './backtest/kept-disposition.store';
import { CallEventConsumer } from './calls/call-event.consumer';
import { CallStateEntity } from './calls/call-state.entity';
import { CallStateStore } from './calls/call-state.store';
import { CampaignEntity } from './campaigns/campaign.entity';
import { CampaignsController } from './campaigns/campaigns.controller';
import { CampaignsRepository } from './campaigns/campaigns.repository';
import { ConversionEntity } from './decisions/conversion.entity';
import { ConversionsController } from './decisions/conversions.controller';
import { DecideDispositionUseCase } from './decisions/decide-disposition.usecase';
import { DecisionEntity } from './decisions/decision.entity';
import { DecisionStore } from './decisions/decision.store';
import { DispositionConsumer } from './decisions/disposition.consumer';
import { RULES_MIGRATIONS } from './migrations/rules-migrations';
import { rulesRetention } from './retention/rules-retention';
import { ConversionRuleEntity } from './rules/conversion-rule.entity';
import { PreviewRuleUseCase } from './rules/preview-rule.usecase';
import { RulesController } from './rules/rules.controller';
import { RulesRepository } from './rules/rules.repository';
import { RULES_CONSUMED_TOPICS } from './consumed-topics';
import { DecidedLedgerController } from './ledger/decided-ledger.controller';
import { RulesMetrics } from './rules.metrics';
import { RulesApiDocs } from './openapi/rules-api.docs';
import { WaitingDispositionStore } from './waiting/waiting-disposition.store';

@Module({})
export class RulesModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: RulesModule,
      imports: [
        ConfigModule.forRoot(config),
        ObservabilityModule.forService('rules', config),
        KafkaModule.forService('rules'),
        DatabaseModule.forService({
          schema: 'rules',
          entities: [ConversionRuleEntity, DecisionEntity, ConversionEntity, CampaignEntity, CallStateEntity],
          migrations: RULES_MIGRATIONS,
          retention: rulesRetention,
        }),
        RulesApiDocs,
      ],
      controllers: [
        ConversionsController,
        CampaignsController,
        BacktestController,
        RulesController,
        DecidedLedgerController,
      ],
      providers: [
        {
          provide: TransactionalConsumers,
          inject: [Kafka, AvroSerde, ROOT_LOGGER, KafkaProduceMetrics, ConsumerSupervisor],
          useFactory: (
            kafka: Kafka,
            serde: AvroSerde,
            logger: Logger,
            produce: KafkaProduceMetrics,
            supervisor: ConsumerSupervisor,
          ) =>
            new TransactionalConsumers(
              kafka,
              serde,
              logger,
              produce,
              supervisor,
              config.kafka.transactionCommitIntervalMs,
            ),
        },
        RulesMetrics,
        consumerLagProvider(() => RULES_CONSUMED_TOPICS),
        RulesRepository,
        PreviewRuleUseCase,
        CampaignsRepository,
        CallStateStore,
        WaitingDispositionStore,
        CallEventConsumer,
        DecisionStore,
        KeptDispositionStore,
        BacktestUseCase,
        DecideDispositionUseCase,
        DispositionConsumer,
        AdminTokenGuard,
      ],
    };
  }
}
