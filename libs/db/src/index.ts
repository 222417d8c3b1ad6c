export * from './database.module';
export * from './ensure-database';
export * from './migrate';
