import { type DynamicModule, Module } from '@nestjs/common';
import { type Config, ConfigModule } from '@postback/config';
import { ObservabilityModule } from '@postback/observability';
import { AdminTokenCheck } from './session/admin-token-check';
import { SessionController } from './session/session.controller';
import { SessionStore } from './session/session.store';

/** The web console: sessions here; the admin proxy and the page are Fastify plugins (main.ts). */
@Module({})
export class ConsoleModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: ConsoleModule,
      imports: [ConfigModule.forRoot(config), ObservabilityModule.forService('console', config)],
      controllers: [SessionController],
      providers: [
        { provide: SessionStore, useValue: new SessionStore(config.console.sessionMs) },
        AdminTokenCheck,
      ],
    };
  }
}
