import { type DynamicModule, Module } from '@nestjs/common';
import { type Config, ConfigModule } from '@postback/config';
import { DatabaseModule } from '@postback/db';
import { KafkaModule } from '@postback/kafka';
import { ObservabilityModule } from '@postback/observability';
import { AdminTokenGuard } from '@postback/http';
import { ConversionEntity } from './decisions/conversion.entity';
import { ConversionsController } from './decisions/conversions.controller';
import { DecideDispositionUseCase } from './decisions/decide-disposition.usecase';
import { DecisionEntity } from './decisions/decision.entity';
import { DecisionStore } from './decisions/decision.store';
import { DispositionConsumer } from './decisions/disposition.consumer';
import { CreateRulesTables1764460800000 } from './migrations/1764460800000-create-rules-tables';
import { SeedDefaultRules1764460800001 } from './migrations/1764460800001-seed-default-rules';
import { ConversionRuleEntity } from './rules/conversion-rule.entity';
import { RulesRepository } from './rules/rules.repository';
import { RulesMetrics } from './rules.metrics';

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
          entities: [ConversionRuleEntity, DecisionEntity, ConversionEntity],
          migrations: [CreateRulesTables1764460800000, SeedDefaultRules1764460800001],
        }),
      ],
      controllers: [ConversionsController],
      providers: [
        RulesMetrics,
        RulesRepository,
        DecisionStore,
        DecideDispositionUseCase,
        DispositionConsumer,
        AdminTokenGuard,
      ],
    };
  }
}
