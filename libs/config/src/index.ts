export * from './config';
export * from './config.module';
export * from './config.schema';
export * from './load-config';
