import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { type Logger } from 'pino';
import { DataSource, type EntitySchema, type MixedList } from 'typeorm';
import { CONFIG, type Config, InjectConfig } from '@postback/config';
import { ROOT_LOGGER, ReadinessRegistry } from '@postback/observability';
import { ensureDatabase } from './ensure-database';
import { migrate } from './migrate';

export interface ServiceDatabase {
  /** The Postgres schema this service owns; its tables and migrations table live there. */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
}

const SCHEMA = Symbol('DatabaseSchema');

@Injectable()
class DatabaseLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly dataSource: DataSource,
    @InjectConfig() private readonly config: Config,
    @Inject(SCHEMA) private readonly schema: string,
    private readonly readiness: ReadinessRegistry,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    await ensureDatabase(this.config.database.url);
    const applied = await migrate(this.dataSource, this.config.database.url, this.schema);
    if (applied.length > 0)
      this.logger.info({ migrations: applied, schema: this.schema }, 'migrations applied');
    this.readiness.add('postgres', async () => {
      await this.dataSource.query('SELECT 1');
    });
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** TypeORM over the service's own schema; migrations run at start-up, never `synchronize`. */
@Global()
@Module({})
export class DatabaseModule {
  static forService(database: ServiceDatabase): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: SCHEMA, useValue: database.schema },
        {
          provide: DataSource,
          inject: [CONFIG],
          useFactory: (config: Config) =>
            new DataSource({
              type: 'postgres',
              url: config.database.url,
              schema: database.schema,
              entities: database.entities,
              migrations: database.migrations,
              migrationsTableName: 'migrations',
              synchronize: false,
              extra: { max: 10, application_name: `postback-${database.schema}` },
            }),
        },
        DatabaseLifecycle,
      ],
      exports: [DataSource],
    };
  }
}
