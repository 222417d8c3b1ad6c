export * from './events';
export * from './schemas';
export * from './topics';
export * from './timestamp-millis.type';
