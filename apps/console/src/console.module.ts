import { type DynamicModule, Module } from '@nestjs/common';
import { type Config, ConfigModule } from '@postback/config';
import { DatabaseModule } from '@postback/db';
import { ObservabilityModule } from '@postback/observability';
import { ConsoleSessions1765300000000 } from './migrations/1765300000000-console-sessions';
import { AdminTokenCheck } from './session/admin-token-check';
import { sessionRetention } from './session/session-retention';
import { SessionController } from './session/session.controller';
import { SessionEntity } from './session/session.entity';
import { SessionStore } from './session/session.store';

/** The web console: sessions here; the admin proxy and the page are Fastify plugins (main.ts). */
@Module({})
export class ConsoleModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: ConsoleModule,
      imports: [
        ConfigModule.forRoot(config),
        ObservabilityModule.forService('console', config),
        // Sessions, shared by every console process and kept across restarts.
        DatabaseModule.forService({
          schema: 'console',
          entities: [SessionEntity],
          migrations: [ConsoleSessions1765300000000],
          retention: sessionRetention,
        }),
      ],
      controllers: [SessionController],
      providers: [SessionStore, AdminTokenCheck],
    };
  }
}
