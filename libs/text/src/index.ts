export * from './linear-pattern';
export * from './pg-safe-text';
