export * from './database.module';
export * from './ensure-database';
export * from './migrate';
export * from './retention/oldest-rows';
export * from './retention/prune-in-batches';
export * from './retention/retention-pruner';
export * from './retention/retention-schedule';
export * from './retention/retention.metrics';
