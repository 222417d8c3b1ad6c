import 'reflect-metadata';
import { runService } from '@postback/http';
import { RulesModule } from './rules.module';

runService(
  (config) => RulesModule.forRoot(config),
  (config) => config.ports.rules,
  () => ({ docsTitle: 'Postback rules API' }),
);
