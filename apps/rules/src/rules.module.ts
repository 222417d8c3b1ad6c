import { type DynamicModule, Module } from '@nestjs/common';
import { type Config, ConfigModule } from '@postback/config';
import { DatabaseModule } from '@postback/db';
import { KafkaModule, consumerLagProvider } from '@postback/kafka';
import { ObservabilityModule } from '@postback/observability';
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
import { DispositionDeadLetters, ParkedDispositionDue } from './decisions/disposition-hooks';
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
import { RulesOverviewController } from './overview/rules-overview.controller';
import { CallsController } from './calls/calls.controller';
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
        RulesController,
        CallEventConsumer,
        DispositionConsumer,
        RulesOverviewController,
        CallsController,
        BacktestController,
        DecidedLedgerController,
      ],
      providers: [
        RulesMetrics,
        consumerLagProvider(() => RULES_CONSUMED_TOPICS),
        RulesRepository,
        PreviewRuleUseCase,
        CampaignsRepository,
        CallStateStore,
        WaitingDispositionStore,
        DecisionStore,
        KeptDispositionStore,
        BacktestUseCase,
        DecideDispositionUseCase,
        DispositionDeadLetters,
        ParkedDispositionDue,
        AdminTokenGuard,
      ],
    };
  }
}
