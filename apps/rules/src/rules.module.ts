import { type DynamicModule, Module } from '@nestjs/common';
import { type Config, ConfigModule } from '@postback/config';
import { DatabaseModule } from '@postback/db';
import { KafkaModule, consumerLagProvider } from '@postback/kafka';
import { ObservabilityModule } from '@postback/observability';
import { AdminTokenGuard } from '@postback/http';
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
import { CreateRulesTables1764460800000 } from './migrations/1764460800000-create-rules-tables';
import { SeedDefaultRules1764460800001 } from './migrations/1764460800001-seed-default-rules';
import { CampaignsCallsConditions1764547200000 } from './migrations/1764547200000-campaigns-calls-conditions';
import { DecisionSequence1764547200001 } from './migrations/1764547200001-decision-sequence';
import { ProcessedDispositions1764547200003 } from './migrations/1764547200003-processed-dispositions';
import { WaitingDispositions1764547200002 } from './migrations/1764547200002-waiting-dispositions';
import { ProcessedDispositionsAgeIndex1764600000000 } from './migrations/1764600000000-processed-dispositions-age-index';
import { rulesRetention } from './retention/rules-retention';
import { ConversionRuleEntity } from './rules/conversion-rule.entity';
import { PreviewRuleUseCase } from './rules/preview-rule.usecase';
import { RulesController } from './rules/rules.controller';
import { RulesRepository } from './rules/rules.repository';
import { RULES_CONSUMED_TOPICS } from './consumed-topics';
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
          migrations: [
            CreateRulesTables1764460800000,
            SeedDefaultRules1764460800001,
            CampaignsCallsConditions1764547200000,
            DecisionSequence1764547200001,
            WaitingDispositions1764547200002,
            ProcessedDispositions1764547200003,
            ProcessedDispositionsAgeIndex1764600000000,
          ],
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
        DecideDispositionUseCase,
        DispositionDeadLetters,
        ParkedDispositionDue,
        AdminTokenGuard,
      ],
    };
  }
}
