import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { type Logger } from 'pino';
import { Registry } from 'prom-client';
import { DataSource, type EntitySchema, type MixedList } from 'typeorm';
import { CONFIG, type Config, InjectConfig } from '@postback/config';
import { ROOT_LOGGER, ReadinessRegistry } from '@postback/observability';
import { ensureDatabase } from './ensure-database';
import { migrate } from './migrate';
import { RetentionPruner, type RetentionTarget } from './retention/retention-pruner';
import { RetentionSchedule } from './retention/retention-schedule';
import { RetentionMetrics } from './retention/retention.metrics';

/** Statements per target and run at most; the next run goes on where this one stopped. */
const MAX_BATCHES_PER_RUN = 100;
/** A run that stopped with rows left is followed after this pause, not a whole interval. */
const CATCH_UP_PAUSE_MS = 5_000;

export interface ServiceDatabase {
  /** The Postgres schema this service owns; its tables and migrations table live there. */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  /** Rows that age out of this schema, pruned every `intervalMs` (RETENTION_INTERVAL_MINUTES). */
  retention?: (config: Config) => { targets: RetentionTarget[]; intervalMs?: number };
}

const DATABASE = Symbol('ServiceDatabase');

@Injectable()
class DatabaseLifecycle
  implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private retention?: RetentionSchedule;
  private readonly schema: string;

  constructor(
    private readonly dataSource: DataSource,
    @InjectConfig() private readonly config: Config,
    @Inject(DATABASE) private readonly database: ServiceDatabase,
    private readonly readiness: ReadinessRegistry,
    private readonly registry: Registry,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {
    this.schema = database.schema;
  }

  async onModuleInit(): Promise<void> {
    await ensureDatabase(this.config.database.url);
    const applied = await migrate(this.dataSource, this.config.database.url, this.schema);
    if (applied.length > 0)
      this.logger.info({ migrations: applied, schema: this.schema }, 'migrations applied');
    this.readiness.add('postgres', async () => {
      await this.dataSource.query('SELECT 1');
    });
  }

  onApplicationBootstrap(): void {
    const retention = this.database.retention?.(this.config);
    if (!retention || retention.targets.length === 0) return;
    const pruner = new RetentionPruner(
      this.config.database.url,
      `postback-retention-${this.schema}`,
      retention.targets,
      {
        batchSize: this.config.retention.batchSize,
        maxBatches: MAX_BATCHES_PER_RUN,
      },
    );
    this.retention = new RetentionSchedule(
      pruner,
      {
        intervalMs: retention.intervalMs ?? this.config.retention.intervalMs,
        catchUpMs: CATCH_UP_PAUSE_MS,
      },
      this.logger,
      new RetentionMetrics(this.registry),
    );
    this.retention.start();
  }

  /** A prune in progress stops after its batch in flight; the rest waits for the next instance. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.retention?.stop();
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
        { provide: DATABASE, useValue: database },
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
